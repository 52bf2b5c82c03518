// SPDX-License-Identifier: GPL-3.0
//
// Fixed-base scalar multiplication k·G for many known scalars k, on one thread.
//
// Method (a "comb" of unsigned windows): write k in base 2^w, k = Σ_j d_j·2^(w·j) with
// K = ceil(254 / w) digits, and precompute the table T[j][d] = d·2^(w·j)·G for every
// window j and digit d. Then k·G = Σ_j T[j][d_j]: at most K − 1 additions and no
// doublings. All points of a batch advance together, one window at a time, through
// the batched affine addition of wasm-plugin.ts (one field inversion per batch).
//
// Why the additions never hit an exceptional case (a = ±b, where the affine formula
// divides by zero): scalars are reduced, 0 ≤ k < r, and windows are added from the lowest
// up. Before window j the accumulator is s·G with 0 < s < 2^(w·j), and the addend is
// t·G with t = d_j·2^(w·j), s + t ≤ k < r. Then s ≢ t (s < 2^(w·j) ≤ t < r) and
// s + t ≢ 0 (0 < s + t < r). Table building adds i·2^(w·j)·G to 2^(w·j+l)·G with
// 0 < i < 2^l: equal or opposite only if r divides (2^l ∓ i)·2^(w·j), impossible for an
// odd prime r > 2^(w+1). So the only special cases are a zero digit (skip) and a still-
// empty accumulator (copy the table point), handled here in JavaScript.
//
// Table and accumulators use the kernel's internal point format (wasm-plugin.ts); results
// are converted to the .ptau encoding at the end.
// Memory: one wasm instance per thread of ffjavascript's BN254 module with our plugin
// (kernel.ts compiles it once; a WebAssembly.Module is shared with workers, not copied).
// Workers never import ffjavascript itself: its `web-worker` dependency takes over any
// worker thread it is loaded in. Points are affine, x then y, each coordinate little-
// endian Montgomery form: exactly the .ptau encoding (G1 64 bytes, G2 128 bytes; all-zero
// bytes is infinity).

import { INTERNAL_POINT_BYTES as INT } from "./wasm-plugin.ts";

export type Group = "G1" | "G2";

/** Bytes of one affine point. */
export const POINT_BYTES: Record<Group, number> = { G1: 64, G2: 128 };
const SCALAR_BITS = 254; // r < 2^254
const PAGE = 65536;

/** Window width that minimises additions plus table building for `points` scalars. */
export function chooseWindow(points: number, group: Group, maxTableBytes = 192 << 20): number {
  let best = 4;
  let bestCost = Infinity;
  for (let w = 4; w <= 20; w++) {
    const K = Math.ceil(SCALAR_BITS / w);
    if (K * 2 ** w * INT[group] > maxTableBytes) break;
    const cost = (K - 1) * points + K * 2 ** w;
    if (cost < bestCost) [best, bestCost] = [w, cost];
  }
  return best;
}

type Table = { w: number; K: number; base: number };

/** The compiled BN254 module with the plugin, and where its generators live. */
export type Kernel = { module: WebAssembly.Module; pG1gen: number; pG2gen: number; pages: number };

/** One thread's BN254 wasm instance, its memory arena and its fixed-base tables. */
export class Engine {
  readonly ex: any;
  readonly kernel: Kernel;
  private memory: WebAssembly.Memory;
  private view8: Uint8Array;
  private view32: Uint32Array;
  private tables = new Map<string, Table>();

  private constructor(kernel: Kernel, memory: WebAssembly.Memory, instance: WebAssembly.Instance) {
    this.kernel = kernel;
    this.ex = instance.exports;
    this.memory = memory;
    this.view8 = new Uint8Array(memory.buffer);
    this.view32 = new Uint32Array(memory.buffer);
  }

  static async instantiate(kernel: Kernel): Promise<Engine> {
    const memory = new WebAssembly.Memory({ initial: kernel.pages });
    const instance = await WebAssembly.instantiate(kernel.module, { env: { memory } });
    return new Engine(kernel, memory, instance);
  }

  get u8(): Uint8Array {
    if (this.view8.buffer !== this.memory.buffer) this.refresh();
    return this.view8;
  }

  get u32(): Uint32Array {
    if (this.view32.buffer !== this.memory.buffer) this.refresh();
    return this.view32;
  }

  private refresh(): void {
    this.view8 = new Uint8Array(this.memory.buffer);
    this.view32 = new Uint32Array(this.memory.buffer);
  }

  /**
   * Reserves `bytes` in wasm memory (8-byte aligned) and returns the address. Word 0 of
   * the memory is the module's free pointer; its batch functions borrow the space above
   * it, so we keep `headroom` bytes free there.
   */
  alloc(bytes: number, headroom = 1 << 22): number {
    const p = (this.u32[0] + 7) & ~7;
    const end = p + bytes;
    const need = end + headroom - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    this.u32[0] = end;
    return p;
  }

  /** Current free pointer, to release task buffers with `release`. */
  mark(): number {
    return this.u32[0];
  }

  release(mark: number): void {
    this.u32[0] = mark;
  }

  /** Builds (once) the table T[j][d] = d·2^(w·j)·G for group G1 or G2. */
  table(group: Group, w: number): Table {
    const key = group + ":" + w;
    const have = this.tables.get(key);
    if (have) return have;
    const sI = INT[group];
    const K = Math.ceil(SCALAR_BITS / w);
    const size = 2 ** w;
    const base = this.alloc(K * size * sI);
    const entry = (j: number, d: number) => base + (j * size + d) * sI;
    const g = group === "G1" ? "g1m" : "g2m";
    const ex = this.ex;

    // T[j][2^l] = 2^(w·j + l)·G by repeated doubling (ffjavascript's Jacobian functions).
    const mark = this.mark();
    const jac = this.alloc((POINT_BYTES[group] * 3) / 2, 0);
    const lem = this.alloc(POINT_BYTES[group], 0);
    ex[g + "_copy"](group === "G1" ? this.kernel.pG1gen : this.kernel.pG2gen, jac);
    for (let j = 0; j < K; j++) {
      for (let l = 0; l < w; l++) {
        ex[g + "_toAffine"](jac, lem);
        ex[`ptau_fromLEM_${group.toLowerCase()}`](lem, 1, entry(j, 2 ** l));
        ex[g + "_double"](jac, jac);
      }
    }
    this.release(mark);

    // Level l fills T[j][2^l + i] = T[j][i] + T[j][2^l] for 0 < i < 2^l, all windows at once.
    const batch = 1 << 14;
    const work = this.mark();
    const triples = this.alloc(batch * 12);
    const scratch = this.alloc(batch * (sI / 2));
    for (let l = 1; l < w; l++) {
      let count = 0;
      for (let j = 0; j < K; j++) {
        for (let i = 1; i < 2 ** l; i++) {
          const t = triples / 4 + count * 3;
          const u32 = this.u32;
          u32[t] = entry(j, 2 ** l + i);
          u32[t + 1] = entry(j, i);
          u32[t + 2] = entry(j, 2 ** l);
          if (++count === batch) {
            this.batchAdd(group, triples, count, scratch);
            count = 0;
          }
        }
      }
      this.batchAdd(group, triples, count, scratch);
    }
    this.release(work);
    const table = { w, K, base };
    this.tables.set(key, table);
    return table;
  }

  /** out[i] = a[i] + b[i] for `count` triples at `triples` (see wasm-plugin.ts). */
  batchAdd(group: Group, triples: number, count: number, scratch: number): void {
    if (count === 0) return;
    const fn = group === "G1" ? this.ex.ptau_batchAddAffine_g1 : this.ex.ptau_batchAddAffine_g2;
    if (fn(triples, count, scratch) !== 0) {
      throw new Error("fixed-base: exceptional affine addition (a.x == b.x); this is a bug");
    }
  }

  /**
   * Writes k_i·G for `count` scalars (32 bytes each, little-endian, standard form, < r)
   * at `scalars` as affine points at `out`. A zero scalar gives the point at infinity.
   */
  fixedBaseMul(group: Group, w: number, scalars: number, count: number, out: number): void {
    const sI = INT[group];
    const { K, base } = this.table(group, w);
    const mark = this.mark();
    const acc = this.alloc(count * sI);
    const triples = this.alloc(count * 12);
    const scratch = this.alloc(count * (sI / 2));
    this.u8.fill(0, acc, acc + count * sI); // all-zero: infinity, in both formats
    const started = new Uint8Array(count);
    const mask = 2 ** w - 1;
    for (let j = 0; j < K; j++) {
      const bit = w * j;
      const word = bit >>> 5;
      const shift = bit & 31;
      const spill = shift + w > 32 && word + 1 < 8; // digit straddles two 32-bit words
      const tab = base + j * 2 ** w * sI;
      const u32 = this.u32;
      const u8 = this.u8;
      let n = 0;
      for (let i = 0; i < count; i++) {
        const s = scalars / 4 + i * 8 + word;
        let d = u32[s] >>> shift;
        if (spill) d |= u32[s + 1] << (32 - shift);
        d &= mask;
        if (d === 0) continue;
        const src = tab + d * sI;
        const dst = acc + i * sI;
        if (started[i] === 0) {
          u8.copyWithin(dst, src, src + sI);
          started[i] = 1;
        } else {
          const t = triples / 4 + n * 3;
          u32[t] = dst;
          u32[t + 1] = dst;
          u32[t + 2] = src;
          n++;
        }
      }
      this.batchAdd(group, triples, n, scratch);
    }
    this.ex[`ptau_toLEM_${group.toLowerCase()}`](acc, count, out);
    this.release(mark);
  }
}

let engine: Promise<Engine> | undefined;

/** This thread's engine, created on first use from the kernel the caller passes. */
export function threadEngine(kernel: Kernel): Promise<Engine> {
  engine ??= Engine.instantiate(kernel);
  return engine;
}
