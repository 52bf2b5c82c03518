// Glue for the wasm SIMD NTT kernel (prover/wasm/ntt.wat). One instance per thread.
//
// Memory layout (bytes): [0, 32) multipliers for mul_powers; from TW the twiddle table
// for the largest size seen so far (2^twLog words: tw[h + k] = w_{2h}^k, Montgomery
// form, which serves every smaller size too); then two data regions A and B of the
// current transform size. A transform copies the column into A, bit-reverses A into B,
// runs the DIT stages on B and copies B back out: natural order on both sides.
import { P, inv, mul, pow, rootOfUnity } from "../field/babybear.ts";
import { instantiate } from "../wasm/load.ts";

type Kernel = {
  memory: WebAssembly.Memory;
  bitrev(src: number, dst: number, logN: number, neg: number): void;
  dit(ptr: number, logN: number, tw: number): void;
  mul_powers(ptr: number, n: number): void;
};

const R = 2 ** 32 % P; // Montgomery one
const TW = 64;
const MAX_BYTES = 2 ** 32 - 65536; // wasm32 memory limit
let kernel: Kernel | undefined;
let twLog = -1;
let u32: Uint32Array = new Uint32Array(0);

function k(): Kernel {
  if (!kernel) kernel = instantiate("ntt").exports as unknown as Kernel;
  return kernel;
}

/** Sets the mul_powers multipliers: lane i of x gets c * s^i (i = 0..3), step s^4. */
function setPowers(c: number, s: number): void {
  const cm = mul(c, R);
  u32[0] = cm;
  u32[1] = mul(cm, s);
  u32[2] = mul(u32[1], s);
  u32[3] = mul(u32[2], s);
  u32[4] = u32[5] = u32[6] = u32[7] = mul(pow(s, 4), R);
}

/** Makes room for twiddles up to 2^logTw and two data regions of 2^logData words. */
function layout(logTw: number, logData: number): { a: number; b: number } {
  const kk = k();
  const twWords = 2 ** Math.max(logTw, twLog);
  const need = TW + 4 * twWords + 8 * 2 ** logData;
  if (need > MAX_BYTES) throw new RangeError(`NTT: 2^${logData} words do not fit in wasm memory`);
  const have = kk.memory.buffer.byteLength;
  if (need > have) kk.memory.grow(Math.ceil((need - have) / 65536));
  u32 = new Uint32Array(kk.memory.buffer);
  if (logTw > twLog) fillTwiddles(logTw);
  const a = TW + 4 * twWords;
  return { a, b: a + 4 * 2 ** logData };
}

function fillTwiddles(log: number): void {
  const half = 2 ** (log - 1);
  const base = TW / 4;
  // largest stage: R * w^k for k < half, by mul_powers on a run of Montgomery ones
  u32.fill(R, base + half, base + 2 * half);
  setPowers(1, rootOfUnity(log));
  k().mul_powers(TW + 4 * half, half);
  for (let h = half >>> 1; h >= 1; h >>>= 1) {
    for (let i = 0; i < h; i++) u32[base + h + i] = u32[base + 2 * h + 2 * i];
  }
  twLog = log;
}

export const WASM_MIN_LOG = 4;

/** a <- NTT(a * shift^i), natural order, 2^logN = a.length >= 16. */
export function forwardWasm(a: Uint32Array, logN: number, shift = 1): void {
  const { a: A, b: B } = layout(logN, logN);
  const n = a.length;
  u32.set(a, A / 4);
  if (shift !== 1) {
    setPowers(1, shift);
    k().mul_powers(A, n);
  }
  k().bitrev(A, B, logN, 0);
  k().dit(B, logN, TW);
  a.set(u32.subarray(B / 4, B / 4 + n));
}

/** a <- coefficients of f when a held its evaluations over shift*H (inverse of forwardWasm). */
export function inverseWasm(a: Uint32Array, logN: number, shift = 1): void {
  const { a: A, b: B } = layout(logN, logN);
  const n = a.length;
  u32.set(a, A / 4);
  k().bitrev(A, B, logN, 1);
  k().dit(B, logN, TW);
  setPowers(inv(n), shift === 1 ? 1 : inv(shift));
  k().mul_powers(B, n);
  a.set(u32.subarray(B / 4, B / 4 + n));
}

/** dst (2^(logN+logB) words) <- evaluations over shift*H' of the polynomial whose values over H are src. */
export function ldeWasm(src: Uint32Array, dst: Uint32Array, logN: number, logB: number, shift: number): void {
  const logBig = logN + logB;
  const { a: A, b: B } = layout(logBig, logBig);
  const n = 2 ** logN;
  const N = 2 ** logBig;
  u32.set(src.subarray(0, n), A / 4);
  k().bitrev(A, B, logN, 1);
  k().dit(B, logN, TW);
  setPowers(inv(n), shift); // coefficients / n, times shift^i: the coset twist in one pass
  k().mul_powers(B, n);
  u32.fill(0, B / 4 + n, B / 4 + N);
  k().bitrev(B, A, logBig, 0);
  k().dit(A, logBig, TW);
  dst.set(u32.subarray(A / 4, A / 4 + N));
}

/** dst (2^logN words) <- evaluations over shift*H of the zero-padded coefficients src. */
export function fromCoeffsWasm(src: Uint32Array, dst: Uint32Array, logN: number, shift: number): void {
  const { a: A, b: B } = layout(logN, logN);
  const N = 2 ** logN;
  u32.set(src, A / 4);
  u32.fill(0, A / 4 + src.length, A / 4 + N);
  if (shift !== 1) {
    setPowers(1, shift);
    k().mul_powers(A, N);
  }
  k().bitrev(A, B, logN, 0);
  k().dit(B, logN, TW);
  dst.set(u32.subarray(B / 4, B / 4 + N));
}
