// The transform kernels behind ntt.ts: the wasm SIMD kernel (ntt-wasm.ts) from 2^4 up,
// the scalar TypeScript one (ntt-ts.ts) for tiny sizes and when ZKVM_NTT=ts asks for it
// (handy to cross-check a suspicious result).
import { inv } from "../field/babybear.ts";
import { nttTs, mulPowersTs, scaleTs, bitReverse } from "./ntt-ts.ts";
import { WASM_MIN_LOG, forwardWasm, inverseWasm, ldeWasm, fromCoeffsWasm } from "./ntt-wasm.ts";

const useTs = process.env.ZKVM_NTT === "ts";

/** a <- NTT(a[i] * shift^i): coefficients -> evaluations over shift*H, in place. */
export function forward(a: Uint32Array, logN: number, shift = 1): void {
  if (!useTs && logN >= WASM_MIN_LOG) return forwardWasm(a, logN, shift);
  if (shift !== 1) mulPowersTs(a, shift);
  nttTs(a, logN, false);
}

/** Inverse of forward(a, logN, shift): evaluations over shift*H -> coefficients. */
export function inverse(a: Uint32Array, logN: number, shift = 1): void {
  if (!useTs && logN >= WASM_MIN_LOG) return inverseWasm(a, logN, shift);
  nttTs(a, logN, true);
  scaleTs(a, inv(2 ** logN));
  if (shift !== 1) mulPowersTs(a, inv(shift));
}

/** dst <- values over shift*H' (size 2^(logN+logB)) of the polynomial with values src over H. */
export function lde(src: Uint32Array, dst: Uint32Array, logN: number, logB: number, shift: number, rev = false): void {
  if (!useTs && logN >= WASM_MIN_LOG) return ldeWasm(src, dst, logN, logB, shift, rev);
  const n = 2 ** logN;
  const coeffs = dst.subarray(0, n);
  coeffs.set(src.subarray(0, n));
  inverse(coeffs, logN);
  dst.fill(0, n);
  forward(dst, logN + logB, shift);
  if (rev) bitReverse(dst);
}

/** dst <- values over shift*H (size 2^logN) of the zero-padded coefficient vector src
 * (bit-reversed order when `rev`). */
export function fromCoeffs(src: Uint32Array, dst: Uint32Array, logN: number, shift: number, rev = false): void {
  if (!useTs && logN >= WASM_MIN_LOG) return fromCoeffsWasm(src, dst, logN, shift, rev);
  dst.set(src);
  dst.fill(0, src.length);
  forward(dst, logN, shift);
  if (rev) bitReverse(dst);
}
