// Glue for the wasm SIMD NTT kernel (prover/wasm/ntt.wat). One instance per thread.
//
// Memory layout (bytes): [0, 32) multipliers for mul_powers; a 4 KiB tile buffer for
// bitrev; TWF and TWI, the forward and inverse twiddle tables (w and w*p^-1,
// or w alone for the large stages) for the largest size seen so far (2^twLog: they serve every smaller size
// too); then three data regions A, B, T of the largest data size seen. The memory is
// kept for the thread's lifetime: about 28 bytes per element of the largest transform.
//   ntt:  A <- column; bitrev A -> B; DIT on B; B -> column.
//   intt: A <- column; DIF with inverse twiddles; bitrev A -> B; 1/n (and a coset
//         untwist) with mul_powers; B -> column.
//   LDE:  A <- evaluations; DIF with inverse twiddles (bit-reversed n*coefficients);
//         times T = (1/n) shift^rev(j) (coset twist); spread to the big size (stays
//         bit-reversed); DIT. No bit-reversal pass at all.
import { P, inv, mul, pow, powersOf, rootOfUnity } from "../field/babybear.ts";
import { instantiate } from "../wasm/load.ts";

type Kernel = {
  memory: WebAssembly.Memory;
  bitrev(src: number, dst: number, logN: number, buf: number): void;
  spread(src: number, dst: number, n: number, logB: number): void;
  dit(ptr: number, logN: number, tw: number, w4: number): void;
  dif(ptr: number, logN: number, tw: number, w4: number): void;
  mul_powers(ptr: number, n: number): void;
  mul_table(ptr: number, tab: number, n: number): void;
};

const R = 2 ** 32 % P; // Montgomery one
const PINV = 0x88000001; // p^-1 mod 2^32
const BUF = 256; // 4 KiB tile buffer of bitrev
const TWF = BUF + 4096;
const MAX_BYTES = 2 ** 32 - 65536; // wasm32 memory limit
const W4 = mul(rootOfUnity(2), R);
const W4_INV = mul(inv(rootOfUnity(2)), R);
let kernel: Kernel | undefined;
let twLog = -1;
let u32: Uint32Array = new Uint32Array(0);
let regions = { twi: 0, a: 0, b: 0, t: 0, dataLog: -1 };
let twistKey = ""; // which twist table region T holds

function k(): Kernel {
  if (!kernel) kernel = instantiate("ntt").exports as unknown as Kernel;
  return kernel;
}

/** Sets the mul_powers multipliers: lane i gets c * s^i (i = 0..3), step s^4. */
function setPowers(c: number, s: number): void {
  const cm = mul(c, R);
  u32[0] = cm;
  u32[1] = mul(cm, s);
  u32[2] = mul(u32[1], s);
  u32[3] = mul(u32[2], s);
  u32[4] = u32[5] = u32[6] = u32[7] = mul(pow(s, 4), R);
}

/** Makes room for twiddles up to 2^logTw and data regions of 2^logData words. */
function layout(logTw: number, logData: number): typeof regions {
  const L = Math.max(logTw, twLog);
  if (L === twLog && logData <= regions.dataLog) return regions;
  const D = Math.max(logData, regions.dataLog);
  const twBytes = tableBytes(L);
  const need = TWF + 2 * twBytes + 12 * 2 ** D;
  if (need > MAX_BYTES) throw new RangeError(`NTT: 2^${D} words do not fit in wasm memory`);
  const kk = k();
  const have = kk.memory.buffer.byteLength;
  if (need > have) kk.memory.grow(Math.ceil((need - have) / 65536));
  u32 = new Uint32Array(kk.memory.buffer);
  const twi = TWF + twBytes;
  const a = twi + twBytes;
  regions = { twi, a, b: a + 4 * 2 ** D, t: a + 8 * 2 ** D, dataLog: D };
  twistKey = "";
  // TWF and TWI stay in place unless the table size L grows (then both are rebuilt)
  if (L > twLog) {
    fillTwiddles(TWF, L, rootOfUnity(L));
    fillTwiddles(twi, L, inv(rootOfUnity(L)));
    twLog = L;
  }
  return regions;
}

// Stages below BIG_H keep w and wq = w*p^-1 (8 bytes per entry); larger ones w alone
// (see ntt.wat): their tables are streamed from memory and would double the traffic.
const BIG_H = 4096;

/** Bytes of one twiddle table serving sizes up to 2^L. */
function tableBytes(L: number): number {
  return L <= 12 ? 8 * 2 ** L : 4 * BIG_H + 4 * 2 ** L;
}

/** Stage tables for h = 4 .. 2^(L-1), twiddles in Montgomery form. */
function fillTwiddles(at: number, L: number, w: number): void {
  const half = 2 ** (L - 1);
  if (half < 4) return;
  const big = powersOf(w, half, R); // R * w^k: Montgomery form
  for (let h = 4; h <= half; h *= 2) {
    const stride = half / h;
    if (h >= BIG_H) {
      const o = at / 4 + BIG_H + h;
      for (let kk = 0; kk < h; kk++) u32[o + kk] = big[kk * stride];
      continue;
    }
    for (let kk = 0; kk < h; kk += 4) {
      const o = at / 4 + 2 * (h + kk);
      for (let j = 0; j < 4; j++) {
        const t = big[(kk + j) * stride];
        u32[o + j] = t;
        u32[o + 4 + j] = Math.imul(t, PINV) >>> 0;
      }
    }
  }
}

export const WASM_MIN_LOG = 4;

/** a <- NTT(a[i] * shift^i), natural order, 2^logN = a.length >= 16. */
export function forwardWasm(a: Uint32Array, logN: number, shift = 1): void {
  const r = layout(logN, logN);
  const n = a.length;
  u32.set(a, r.a / 4);
  if (shift !== 1) {
    setPowers(1, shift);
    k().mul_powers(r.a, n);
  }
  k().bitrev(r.a, r.b, logN, BUF);
  k().dit(r.b, logN, TWF, W4);
  a.set(u32.subarray(r.b / 4, r.b / 4 + n));
}

/** a <- coefficients of f when a held its evaluations over shift*H (inverse of forwardWasm). */
export function inverseWasm(a: Uint32Array, logN: number, shift = 1): void {
  const r = layout(logN, logN);
  const n = a.length;
  u32.set(a, r.a / 4);
  k().dif(r.a, logN, r.twi, W4_INV);
  k().bitrev(r.a, r.b, logN, BUF);
  setPowers(inv(n), shift === 1 ? 1 : inv(shift));
  k().mul_powers(r.b, n);
  a.set(u32.subarray(r.b / 4, r.b / 4 + n));
}

const twistCache = new Map<string, Uint32Array>();

/** T[j] = (1/n) * shift^rev_n(j), Montgomery form: the coset twist in bit-reversed order. */
function twistTable(logN: number, shift: number): Uint32Array {
  const key = `${logN}:${shift}`;
  let t = twistCache.get(key);
  if (!t) {
    const n = 2 ** logN;
    const pw = powersOf(shift, n, mul(inv(n), R));
    t = new Uint32Array(n);
    for (let i = 0, j = 0; i < n; i++) {
      t[j] = pw[i];
      // j = rev(i + 1), incrementally
      let bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
    }
    if (twistCache.size > 8) twistCache.clear();
    twistCache.set(key, t);
  }
  return t;
}

/** dst (2^(logN+logB) words) <- evaluations over shift*H' of the polynomial whose values over H are src
 * (natural order, or bit-reversed when `rev`: one more tiled pass inside wasm). */
export function ldeWasm(src: Uint32Array, dst: Uint32Array, logN: number, logB: number, shift: number, rev = false): void {
  const logBig = logN + logB;
  const r = layout(logBig, logBig);
  const n = 2 ** logN;
  const N = 2 ** logBig;
  u32.set(src.subarray(0, n), r.a / 4);
  k().dif(r.a, logN, r.twi, W4_INV);
  const key = `${logN}:${shift}`;
  if (twistKey !== key) {
    u32.set(twistTable(logN, shift), r.t / 4);
    twistKey = key;
  }
  k().mul_table(r.a, r.t, n);
  k().spread(r.a, r.b, n, logB);
  k().dit(r.b, logBig, TWF, W4);
  if (rev) {
    k().bitrev(r.b, r.a, logBig, BUF);
    dst.set(u32.subarray(r.a / 4, r.a / 4 + N));
  } else {
    dst.set(u32.subarray(r.b / 4, r.b / 4 + N));
  }
}

/** dst (2^logN words) <- evaluations over shift*H of the zero-padded coefficients src (bit-reversed when `rev`). */
export function fromCoeffsWasm(src: Uint32Array, dst: Uint32Array, logN: number, shift: number, rev = false): void {
  const r = layout(logN, logN);
  const N = 2 ** logN;
  u32.set(src, r.a / 4);
  u32.fill(0, r.a / 4 + src.length, r.a / 4 + N);
  if (shift !== 1) {
    setPowers(1, shift);
    k().mul_powers(r.a, N);
  }
  k().bitrev(r.a, r.b, logN, BUF);
  k().dit(r.b, logN, TWF, W4);
  if (rev) {
    k().bitrev(r.b, r.a, logN, BUF);
    dst.set(u32.subarray(r.a / 4, r.a / 4 + N));
  } else {
    dst.set(u32.subarray(r.b / 4, r.b / 4 + N));
  }
}

/** dst[rev(i)] = src[i] for 2^logN words (wasm tiled permutation). */
export function bitReverseWasm(src: Uint32Array, dst: Uint32Array, logN: number): void {
  const r = layout(0, logN);
  const n = 2 ** logN;
  u32.set(src.subarray(0, n), r.a / 4);
  k().bitrev(r.a, r.b, logN, BUF);
  dst.set(u32.subarray(r.b / 4, r.b / 4 + n));
}
