// The Fiat-Shamir steps that prover and verifier share, so that both observe exactly
// the same values in the same order (a mismatch here is the classic soundness bug).
import type { Challenger } from "../transcript/challenger.ts";
import { extMulAt, type Ext } from "../field/extension.ts";
import { PROOF_VERSION, type TableOpenings } from "./proof.ts";
import type { VerifyingKey } from "./keys.ts";

export type TableShape = { logRows: number; publicValues: Uint32Array };

/** The statement: parameters, the VK digest, every table's height and public values. */
export function observeStatement(ch: Challenger, vk: VerifyingKey, shapes: TableShape[]): void {
  const c = vk.config;
  ch.observe([PROOF_VERSION, c.logBlowup, c.numQueries, c.powBits, c.friLogArity, c.friLogFinalDegree]);
  ch.observeDigest(vk.digest);
  ch.observe([shapes.length]);
  for (const s of shapes) {
    ch.observe([s.logRows, s.publicValues.length]);
    ch.observe(s.publicValues);
  }
}

export function observeOpenings(ch: Challenger, openings: TableOpenings[]): void {
  for (const o of openings) {
    for (const a of [o.prepZ, o.prepZNext, o.mainZ, o.mainZNext, o.auxZ, o.auxZNext, o.quotientZ]) ch.observe(a);
  }
}

/**
 * DEEP combination coefficients: successive powers of gamma, first for every column
 * of table 0 at z (trace columns, then quotient chunks), then its trace columns at
 * z·w, then table 1, and so on.
 */
export function gammaCoefficients(
  gamma: Ext,
  counts: Array<{ trace: number; quotient: number }>,
): Array<{ coefZ: Uint32Array; coefNext: Uint32Array }> {
  const cur = Uint32Array.of(1, 0, 0, 0);
  const take = (n: number) => {
    const out = new Uint32Array(4 * n);
    for (let k = 0; k < n; k++) {
      out.set(cur, 4 * k);
      extMulAt(cur, 0, cur, 0, gamma, 0);
    }
    return out;
  };
  return counts.map((c) => {
    const coefZ = take(c.trace + c.quotient);
    const coefNext = take(c.trace);
    return { coefZ, coefNext };
  });
}

/** The bus challenges: sampled, or given from outside and observed (step 2). */
export function drawChallenges(challenger: { sampleExt(): Uint32Array; observe(v: Uint32Array): void }, count: number, given?: Uint32Array): Uint32Array {
  if (given) {
    if (given.length !== 4 * count) throw new Error(`prove: ${given.length / 4} challenges given, the tables use ${count}`);
    challenger.observe(given);
    return given.slice();
  }
  const challenges = new Uint32Array(4 * count);
  for (let i = 0; i < count; i++) challenges.set(challenger.sampleExt(), 4 * i);
  return challenges;
}
