// Evaluation domains and the bit-reversed order that commitments use.
//
// Traces are low-degree-extended onto the coset shift·H_N of the 2^logN-th roots of
// unity (shift = 31, the group generator, so the coset never meets H). The LDE kernels
// return natural order (entry i is the value at shift·w^i); commitments store the
// same values in bit-reversed order, because then folding in FRI and the rows of
// shorter matrices in a mixed-height Merkle tree are both "index >> k".
import { mul, rootOfUnity, GENERATOR, pow } from "../field/babybear.ts";
import { bitReversedCopy } from "../poly/bit-reverse.ts";

export const COSET_SHIFT = GENERATOR;

export function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0; b < bits; b++) {
    r = (r << 1) | (i & 1);
    i >>>= 1;
  }
  return r >>> 0;
}

/** Table of bit reversals for indices below 2^bits. */
export function bitReversalTable(bits: number): Uint32Array {
  const n = 1 << bits;
  const t = new Uint32Array(n);
  for (let i = 1; i < n; i++) t[i] = (t[i >> 1] >>> 1) | ((i & 1) << (bits - 1));
  return t;
}

/** A bit-reversed copy of each column, on shared memory so workers can hash it. */
export function bitReversedCopies(cols: Uint32Array[]): Uint32Array[] {
  return cols.map(bitReversedCopy);
}

/** The point stored at bit-reversed position `pos` of the LDE domain of size 2^logN. */
export function ldePointAt(pos: number, logN: number, shift = COSET_SHIFT): number {
  return mul(shift, pow(rootOfUnity(logN), reverseBits(pos, logN)));
}

export function log2Exact(n: number, what: string): number {
  const k = Math.log2(n);
  if (!Number.isInteger(k)) throw new Error(`${what} must be a power of two, got ${n}`);
  return k;
}
