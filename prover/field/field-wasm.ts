// Glue for the wasm SIMD vector kernels (prover/wasm/field.wat). One instance per
// thread. Arrays are streamed through three fixed regions of wasm memory in chunks, so
// memory stays small whatever the vector length; a short tail is padded to 4 lanes.
import { P, inv, mul, pow } from "./babybear.ts";
import { instantiate } from "../wasm/load.ts";

type Kernel = {
  memory: WebAssembly.Memory;
  vmul(a: number, b: number, out: number, n: number): void;
  vadd(a: number, b: number, out: number, n: number): void;
  vsub(a: number, b: number, out: number, n: number): void;
  vscale(a: number, s: number, out: number, n: number): void;
  powers(out: number, n: number): void;
  binv_prefix(x: number, pre: number, n: number): void;
  binv_back(x: number, pre: number, out: number, n: number): void;
  smul(a: number, b: number, out: number, n: number): void;
};

const R = 2 ** 32 % P; // Montgomery one
const CHUNK = 1 << 14; // words per region (64 KiB: the three regions stay in L2)
const A = 64;
const B = A + 4 * CHUNK;
const C = B + 4 * CHUNK;
let kernel: Kernel | undefined;
let mem: Uint32Array;

export function fieldKernel(): Kernel {
  if (!kernel) {
    kernel = instantiate("field").exports as unknown as Kernel;
    kernel.memory.grow(Math.ceil((C + 4 * CHUNK) / 65536));
    mem = new Uint32Array(kernel.memory.buffer);
  }
  return kernel;
}

type Binary = "vmul" | "vadd" | "vsub" | "smul";

/** out = a (op) b elementwise through the wasm kernel; equal lengths checked by the caller. */
export function binaryWasm(op: Binary, out: Uint32Array, a: Uint32Array, b: Uint32Array): void {
  const k = fieldKernel();
  const f = k[op];
  for (let i = 0; i < a.length; i += CHUNK) {
    const len = Math.min(CHUNK, a.length - i);
    const padded = (len + 3) & ~3;
    mem.set(a.subarray(i, i + len), A / 4);
    mem.set(b.subarray(i, i + len), B / 4);
    if (padded > len) {
      mem.fill(0, A / 4 + len, A / 4 + padded);
      mem.fill(0, B / 4 + len, B / 4 + padded);
    }
    f(A, B, C, padded);
    out.set(mem.subarray(C / 4, C / 4 + len), i);
  }
}

/** out = a * s. */
export function scaleWasm(out: Uint32Array, a: Uint32Array, s: number): void {
  const k = fieldKernel();
  const sm = mul(s, R);
  for (let i = 0; i < a.length; i += CHUNK) {
    const len = Math.min(CHUNK, a.length - i);
    mem.set(a.subarray(i, i + len), A / 4);
    k.vscale(A, sm, C, (len + 3) & ~3);
    out.set(mem.subarray(C / 4, C / 4 + len), i);
  }
}

/** [1, base, ..., base^(n-1)]. */
export function powersWasm(base: number, n: number): Uint32Array {
  const k = fieldKernel();
  const out = new Uint32Array(n);
  mem[0] = 1;
  mem[1] = base;
  mem[2] = mul(base, base);
  mem[3] = mul(mem[2], base);
  mem[4] = mem[5] = mem[6] = mem[7] = mul(pow(base, 4), R);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    k.powers(C, (len + 3) & ~3); // the kernel leaves the next powers in memory 0
    out.set(mem.subarray(C / 4, C / 4 + len), i);
  }
  return out;
}

/** Batch inversion (see field.wat); `out` must not alias `values`. Zeros are rejected. */
export function batchInverseWasm(values: Uint32Array, out: Uint32Array): void {
  const k = fieldKernel();
  const n = values.length;
  mem.fill(1, 0, 4);
  for (let i = 0; i < n; i += CHUNK) {
    const len = Math.min(CHUNK, n - i);
    const padded = (len + 3) & ~3;
    mem.set(values.subarray(i, i + len), A / 4);
    mem.fill(1, A / 4 + len, A / 4 + padded); // ones at the very end leave the chains intact
    k.binv_prefix(A, B, padded);
    out.set(mem.subarray(B / 4, B / 4 + len), i);
  }
  for (let lane = 0; lane < 4; lane++) {
    if (mem[lane] === 0) {
      throw new RangeError(`batchInverse: element ${values.indexOf(0)} is zero`);
    }
    mem[4 + lane] = inv(mem[lane]);
  }
  const last = Math.floor((n - 1) / CHUNK) * CHUNK;
  for (let i = last; i >= 0; i -= CHUNK) {
    const len = Math.min(CHUNK, n - i);
    const padded = (len + 3) & ~3;
    mem.set(values.subarray(i, i + len), A / 4);
    mem.fill(1, A / 4 + len, A / 4 + padded);
    mem.set(out.subarray(i, i + len), B / 4);
    // the padded prefixes are never read back: their outputs fall beyond len
    k.binv_back(A, B, C, padded);
    out.set(mem.subarray(C / 4, C / 4 + len), i);
  }
}
