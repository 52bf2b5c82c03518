// Lifted proofs (proof format 2, `StarkConfig.lifted`): every table is opened as if it
// were as tall as the tallest one, so that the verifier's steps, and hence a recursion
// program that records them, do not depend on the tables' heights. The idea follows the
// "lifting" proposal for Plonky3 (Plonky3 lifted MMCS / lifted FRI notes: openings of a
// matrix of height h at (z^r, (w·z)^r), r = H/h); the construction here is written for
// this prover's coset and bit-reversal conventions.
//
// Let the tallest LDE have 2^L points x_i = s·w_L^bitrev(i) (s = COSET_SHIFT), and a table
// of 2^k times fewer rows. Its LDE point at row i >> k is s·(x_i/s)^(2^k) (bit reversal
// keeps the top bits), so its column T, read at row i >> k, is the polynomial
//   T^(x) = T(phi_k(x)),   phi_k(x) = s·(x/s)^(2^k),
// of degree < 2^k·n = the tallest trace height, on the tallest domain. So:
// - Commitments: a lifted Merkle tree (prover/merkle/mmcs.ts) opens row i >> k of every
//   table at leaf i and injects nothing on the way up: its walk is the same for every shape.
// - Out of domain: a table is opened at zeta_k = phi_k(z) and zeta_k·w_n (= phi_k(z·w_N)),
//   and its constraints are checked there, as at z in format 1.
// - DEEP: T^(x) - T(zeta_k) vanishes at x = z, and T^(x) - T(zeta_k·w_n) at x = z·w_N, so
//   every table divides by the same (x - z) and (x - z·w_N): one function on the tallest
//   domain, one FRI input, no rolling in.
import { inv, P } from "../field/babybear.ts";
import { extMulBase, extPow, type Ext } from "../field/extension.ts";
import { COSET_SHIFT } from "./domain.ts";
import type { VerifierBackend } from "./verifier-backend.ts";
import { extPow2kWith } from "./verifier-ood.ts";

const SHIFT_INV = inv(COSET_SHIFT);

/** phi_k(z) = s·(z/s)^(2^k): where a table 2^k times shorter than the tallest is opened. */
export function liftedPoint(z: Ext, k: number): Ext {
  return extMulBase(extPow(extMulBase(z, SHIFT_INV), 2 ** k), COSET_SHIFT);
}

/** liftedPoint over a verifier backend. */
export function liftedPointWith<F, E, D>(B: VerifierBackend<F, E, D>, z: E, k: number): E {
  if (k === 0) return z;
  return B.extMulBase(extPow2kWith(B, B.extMulBase(z, B.constBase(SHIFT_INV)), k), B.constBase(COSET_SHIFT));
}

/**
 * Adds one table's DEEP numerators (8 base columns over its own LDE, bit-reversed:
 * deep.ts deepNumerators) to the sums over the tallest LDE: out[c][i] += num[c][i >> k],
 * so that all tables are divided by (x - z) and (x - z·w_N) once per point.
 */
export function addLifted(out: Uint32Array[], num: Uint32Array[]): void {
  const n = out[0].length;
  const k = Math.log2(n / num[0].length);
  for (let c = 0; c < out.length; c++) {
    const o = out[c], v = num[c];
    for (let i = 0; i < n; i++) {
      const x = o[i] + v[i >>> k];
      o[i] = x >= P ? x - P : x;
    }
  }
}
