// Shared test helpers: a seeded PRNG and naive polynomial evaluation.
import { P, add, mul } from "../../prover/field/babybear.ts";

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % P;
  };
}

export function randomWords(r: () => number, len: number): Uint32Array {
  return Uint32Array.from({ length: len }, r);
}

/** Horner evaluation of a base polynomial at a base point. */
export function evalPoly(coeffs: Uint32Array, x: number): number {
  let acc = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) acc = add(mul(acc, x), coeffs[i]);
  return acc;
}
