// The Fiat-Shamir steps that prover and verifier share, so that both observe exactly
// the same values in the same order (a mismatch here is the classic soundness bug).
import type { Challenger } from "../transcript/challenger.ts";
import { extMul, type Ext } from "../field/extension.ts";
import { parameterWords, type TableOpenings } from "./proof.ts";
import type { VerifyingKey } from "./keys.ts";

export type TableShape = { logRows: number; publicValues: Uint32Array };

/** What the transcript functions need of a challenger: observing words and digests. V is a
 * word (a number for the prover; a verifier backend's value, verifier-backend.ts), D a digest. */
export type TranscriptSink<V, D> = { observe(values: ArrayLike<V>): void; observeDigest(d: D): void };

/** The statement: parameters, the VK digest, every table's height and public values.
 * `k` turns key and shape numbers into words; `vkDigest` is the key's digest as a D. */
export function observeStatementWith<V, D>(
  ch: TranscriptSink<V, D>, k: (values: number[]) => ArrayLike<V>, vkDigest: D, vk: VerifyingKey,
  shapes: Array<{ logRows: number; publicValues: ArrayLike<V> }>,
  /** The heights as values (a program serving several shapes: verifier-heights.ts); else k(logRows). */
  logRowsValues?: V[],
): void {
  const c = vk.config;
  ch.observe(k(parameterWords(c)));
  ch.observeDigest(vkDigest);
  ch.observe(k([shapes.length]));
  shapes.forEach((s, t) => {
    ch.observe(logRowsValues ? [logRowsValues[t], ...Array.from(k([s.publicValues.length]))] : k([s.logRows, s.publicValues.length]));
    ch.observe(s.publicValues);
  });
}

export function observeStatement(ch: Challenger, vk: VerifyingKey, shapes: TableShape[]): void {
  observeStatementWith<number, Uint32Array>(ch, (v) => v, vk.digest, vk, shapes);
}

/** Every table's values at z and z·w, in the order the proof lists them. */
export function observeOpeningsWith<V, D>(ch: TranscriptSink<V, D>, openings: Array<Record<keyof TableOpenings, ArrayLike<V>>>): void {
  for (const o of openings) {
    for (const a of [o.prepZ, o.prepZNext, o.mainZ, o.mainZNext, o.auxZ, o.auxZNext, o.quotientZ]) ch.observe(a);
  }
}

export function observeOpenings(ch: Challenger, openings: TableOpenings[]): void {
  observeOpeningsWith<number, Uint32Array>(ch, openings);
}

/**
 * DEEP combination coefficients: successive powers of gamma, first for every column
 * of table 0 at z (trace columns, then quotient chunks), then its trace columns at
 * z·w, then table 1, and so on. `mul` and `one` are the extension field's.
 */
export function gammaCoefficientsWith<E>(
  mul: (a: E, b: E) => E, one: E, gamma: E,
  counts: Array<{ trace: number; quotient: number }>,
): Array<{ coefZ: E[]; coefNext: E[] }> {
  let cur = one;
  const take = (n: number) =>
    Array.from({ length: n }, () => {
      const c = cur;
      cur = mul(cur, gamma);
      return c;
    });
  return counts.map((c) => {
    const coefZ = take(c.trace + c.quotient);
    const coefNext = take(c.trace);
    return { coefZ, coefNext };
  });
}

/** gammaCoefficientsWith on native extension values, each list packed AoS. */
export function gammaCoefficients(
  gamma: Ext,
  counts: Array<{ trace: number; quotient: number }>,
): Array<{ coefZ: Uint32Array; coefNext: Uint32Array }> {
  const pack = (es: Ext[]) => {
    const out = new Uint32Array(4 * es.length);
    es.forEach((e, i) => out.set(e, 4 * i));
    return out;
  };
  return gammaCoefficientsWith(extMul, Uint32Array.of(1, 0, 0, 0), gamma, counts)
    .map(({ coefZ, coefNext }) => ({ coefZ: pack(coefZ), coefNext: pack(coefNext) }));
}

/** The bus challenges: sampled, or given from outside and observed (step 2). `toExt`
 * turns 4 given words into one challenge. */
export function drawChallengesWith<V, E>(
  challenger: { sampleExt(): E; observe(v: ArrayLike<V>): void }, count: number, given: ArrayLike<V> | undefined, toExt: (words: V[]) => E,
): E[] {
  if (given) {
    if (given.length !== 4 * count) throw new Error(`prove: ${given.length / 4} challenges given, the tables use ${count}`);
    challenger.observe(given);
    return Array.from({ length: count }, (_, i) => toExt(Array.from({ length: 4 }, (_, j) => given[4 * i + j])));
  }
  return Array.from({ length: count }, () => challenger.sampleExt());
}

export function drawChallenges(challenger: { sampleExt(): Uint32Array; observe(v: Uint32Array): void }, count: number, given?: Uint32Array): Uint32Array {
  const challenges = new Uint32Array(4 * count);
  drawChallengesWith(challenger, count, given, (w) => Uint32Array.from(w)).forEach((e, i) => challenges.set(e, 4 * i));
  return challenges;
}
