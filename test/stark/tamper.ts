// Mutations of a valid proof, one per section, for the verifier's negative tests.
// Each mutates a deep copy (cloneProof). A change to anything observed before the
// queries are drawn also moves the query indices, so the first failing check may be
// a Merkle opening rather than the section itself: the patterns allow for that.
import type { StarkProof } from "../../prover/stark/proof.ts";
import { P } from "../../prover/field/babybear.ts";

export function cloneProof(p: StarkProof): StarkProof {
  return structuredClone(p);
}

/** Adds 1 (mod p) to one word: still a valid field element, but a different one. */
export function bump(a: Uint32Array, i = 0, by = 1): void {
  a[i] = (a[i] + by + P) % P;
}

export type Tamper = { name: string; expectCheck: RegExp; apply(p: StarkProof): void };

export const TAMPERS: Tamper[] = [
  { name: "main commitment root", expectCheck: /merkle:main|constraints|fri/, apply: (p) => bump(p.mainRoot!) },
  { name: "quotient commitment root", expectCheck: /merkle:quotient|constraints|fri/, apply: (p) => bump(p.quotientRoot) },
  { name: "OOD main value", expectCheck: /constraints|fri/, apply: (p) => bump(p.tables[0].openings.mainZ, 1) },
  { name: "OOD main next-row value", expectCheck: /constraints|fri/, apply: (p) => bump(p.tables[0].openings.mainZNext, 2) },
  { name: "OOD quotient value", expectCheck: /constraints|fri/, apply: (p) => bump(p.tables[0].openings.quotientZ, 0) },
  { name: "FRI layer root", expectCheck: /fri|merkle/, apply: (p) => bump(p.friRoots[0]) },
  { name: "FRI last layer root", expectCheck: /fri|merkle/, apply: (p) => bump(p.friRoots[p.friRoots.length - 1]) },
  { name: "final polynomial", expectCheck: /fri|merkle/, apply: (p) => bump(p.friFinalPoly, 0) },
  { name: "PoW nonce", expectCheck: /pow|fri|merkle/, apply: (p) => void (p.powNonce = (p.powNonce + 1) >>> 0) },
  { name: "query main row value", expectCheck: /merkle:main/, apply: (p) => bump(p.queries[0].main!.rows[0], 0) },
  { name: "query main Merkle path", expectCheck: /merkle:main/, apply: (p) => bump(p.queries[1].main!.path[0], 0) },
  { name: "query quotient row", expectCheck: /merkle:quotient/, apply: (p) => bump(p.queries[0].quotient.rows[0], 1) },
  { name: "query FRI leaf", expectCheck: /fri/, apply: (p) => bump(p.queries[0].fri[0].rows[0], 0) },
  { name: "query FRI path", expectCheck: /fri/, apply: (p) => bump(p.queries[2].fri[0].path[0], 3) },
  { name: "public value", expectCheck: /constraints|merkle|fri|pow/, apply: (p) => bump(p.tables[0].publicValues, 0) },
  { name: "table height", expectCheck: /shape|merkle|constraints|fri|pow/, apply: (p) => void (p.tables[0].logRows += 1) },
  { name: "dropped query", expectCheck: /shape/, apply: (p) => void p.queries.pop() },
  // an in-memory proof can lack an opening the codec would refuse: rejected, never skipped
  { name: "missing quotient opening", expectCheck: /^shape$/, apply: (p) => void ((p.queries[1] as { quotient: unknown }).quotient = null) },
];
