// SPDX-License-Identifier: GPL-3.0
//
// The scalars behind every point of a prepared .ptau, computed directly in Fr.
//
// With the secret τ (and α, β) known, each point is k·G for a known scalar k, so instead
// of snarkjs's inverse FFT over curve points ("prepare phase2") we compute the scalars
// and do fixed-base multiplications (fixed-base.ts).
//
// Powers (sections 2-5): k_i = first·τ^i, a geometric series.
//
// Lagrange (sections 12-15): for a domain of size m = 2^p with generator ω (ffjavascript's
// Fr.w[p], the root snarkjs's FFTs use), the Lagrange basis at τ is
//
//     L_i(τ) = (1/m)·Σ_j ω^(−ij)·τ^j = (τ^m − 1)/m · ω^i / (τ − ω^i),
//
// the left form being exactly what snarkjs's inverse FFT of [τ^j·G]_j produces. So
//     k·L_i(τ) = ω^i · (K1/(τ − ω^i) − K2),  K1 = k(τ^m − 1)/m, K2 = 0,
// one batched inversion per chunk. Section 12's last block (m = 2^(power+1)) is snarkjs's
// inverse FFT of τ^j·G for j < m − 1 with the missing τ^(m−1)·G replaced by zero, which
// removes the term (1/m)·ω^(−i(m−1))·τ^(m−1) = ω^i·τ^(m−1)/m: the same formula with
// K2 = τ^(m−1)/m. τ must not be an m-th root of unity (then τ − ω^i = 0 for some i);
// dev-ptau.ts checks τ^(2^(power+1)) ≠ 1.
import type { Engine } from "./fixed-base.ts";

/** The BN254 scalar field order r. */
export const FR = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export function frMul(a: bigint, b: bigint): bigint {
  return (a * b) % FR;
}

export function frPow(a: bigint, e: bigint): bigint {
  let r = 1n;
  let x = ((a % FR) + FR) % FR;
  for (; e > 0n; e >>= 1n, x = (x * x) % FR) if (e & 1n) r = (r * x) % FR;
  return r;
}

export function frInv(a: bigint): bigint {
  if (a % FR === 0n) throw new Error("Fr: inverse of zero");
  return frPow(a, FR - 2n);
}

/** Scalars of one chunk of points, as a rule the worker expands. */
export type ScalarSpec =
  /** first · ratio^i */
  | { kind: "powers"; first: bigint; ratio: bigint }
  /** ω^i · (k1 / (tau − ω^i) − k2), with ω^i = w0 · omega^i */
  | { kind: "lagrange"; tau: bigint; w0: bigint; omega: bigint; k1: bigint; k2: bigint };

/** k·L_i(τ) constants for block m = 2^p, chunk starting at index `start`. */
export function lagrangeSpec(
  tau: bigint, k: bigint, omega: bigint, m: number, start: number, corrected: boolean,
): ScalarSpec {
  const mInv = frInv(BigInt(m));
  const k1 = frMul(frMul(k, (frPow(tau, BigInt(m)) - 1n + FR) % FR), mInv);
  const k2 = corrected ? frMul(frMul(k, frPow(tau, BigInt(m - 1))), mInv) : 0n;
  return { kind: "lagrange", tau, w0: frPow(omega, BigInt(start)), omega, k1, k2 };
}

/** Writes a bigint (< r) into wasm memory as a Montgomery Fr element. */
function putFr(e: Engine, p: number, v: bigint): void {
  const u8 = e.u8;
  for (let i = 0; i < 32; i++, v >>= 8n) u8[p + i] = Number(v & 255n);
  e.ex.frm_toMontgomery(p, p);
}

/**
 * Writes `count` scalars following `spec` at `out` (32 bytes each, little-endian,
 * standard form: what fixedBaseMul reads).
 */
export function computeScalars(e: Engine, spec: ScalarSpec, count: number, out: number): void {
  const ex = e.ex;
  const mark = e.mark();
  if (spec.kind === "powers") {
    const ratio = e.alloc(32);
    putFr(e, out, spec.first);
    putFr(e, ratio, spec.ratio);
    for (let i = 1; i < count; i++) ex.frm_mul(out + (i - 1) * 32, ratio, out + i * 32);
  } else {
    const c = e.alloc(32 * 4);
    const [tau, omega, k1, k2] = [c, c + 32, c + 64, c + 96];
    putFr(e, tau, spec.tau);
    putFr(e, omega, spec.omega);
    putFr(e, k1, spec.k1);
    putFr(e, k2, spec.k2);
    const w = e.alloc(count * 32); // ω^i
    const d = e.alloc(count * 32); // τ − ω^i, then its inverse in place
    putFr(e, w, spec.w0);
    for (let i = 1; i < count; i++) ex.frm_mul(w + (i - 1) * 32, omega, w + i * 32);
    for (let i = 0; i < count; i++) ex.frm_sub(tau, w + i * 32, d + i * 32);
    ex.frm_batchInverse(d, 32, count, d, 32);
    for (let i = 0; i < count; i++) {
      const o = out + i * 32;
      ex.frm_mul(k1, d + i * 32, o);
      ex.frm_sub(o, k2, o);
      ex.frm_mul(o, w + i * 32, o);
    }
  }
  ex.frm_batchFromMontgomery(out, count, out);
  e.release(mark);
}
