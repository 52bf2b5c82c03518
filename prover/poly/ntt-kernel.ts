// The transform kernels behind ntt.ts. For now the scalar TypeScript ones; the wasm
// SIMD kernel replaces them where it is available.
import { inv } from "../field/babybear.ts";
import { nttTs, mulPowersTs, scaleTs } from "./ntt-ts.ts";

/** Natural-order forward transform of a (length 2^logN), in place. */
export function forward(a: Uint32Array, logN: number): void {
  nttTs(a, logN, false);
}

/** Natural-order inverse transform including the 1/n scaling, in place. */
export function inverse(a: Uint32Array, logN: number): void {
  nttTs(a, logN, true);
  scaleTs(a, inv(2 ** logN));
}

/** a[i] *= s^i. */
export function mulPowers(a: Uint32Array, s: number): void {
  if (s !== 1) mulPowersTs(a, s);
}
