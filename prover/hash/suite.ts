// The hash suite: everything the STARK needs from a hash function, behind one interface,
// so a proof can be made with Poseidon2-BabyBear (segment and recursion proofs) or with
// Poseidon over BN254 (the minimal STARK the circom wrapper verifies). A proof records
// the suite's `id`; digests are opaque arrays of `digestWords` 32-bit words.
import type { Challenger } from "../transcript/challenger.ts";
import { POSEIDON2_SUITE_ID, makePoseidon2Suite } from "./poseidon2-suite.ts";
import { POSEIDON_BN254_SUITE_ID, makePoseidonBn254Suite } from "./poseidon-bn254-suite.ts";

export interface HashSuite {
  /** Recorded in proofs, e.g. "poseidon2-babybear-16". */
  readonly id: string;
  /** Words per digest (8 BabyBear elements for Poseidon2-BabyBear). */
  readonly digestWords: number;
  /** Leaf hash of a row of canonical base-field values. */
  hashRow(values: Uint32Array): Uint32Array;
  /** Two-to-one compression of Merkle nodes. */
  compress(left: Uint32Array, right: Uint32Array): Uint32Array;
  /** A fresh Fiat-Shamir transcript over the suite's permutation. */
  newChallenger(): Challenger;
  /**
   * Bulk leaf hashing: leaf i is the concatenation, in order, of row i of every matrix
   * (column-major: matrices[m][c][i]); equals hashRow of that row. Returns height ·
   * digestWords words on a SharedArrayBuffer. Uses both cores where it pays.
   */
  hashLeaves(matrices: Uint32Array[][], height: number): Promise<Uint32Array>;
  /**
   * Optional bulk compression: out[i] = compress(pairs[2i], pairs[2i+1]) for `count`
   * pairs stored back to back (2·digestWords words each), parallel where it pays.
   * Merkle layers use it when present.
   */
  compressPairs?(pairs: Uint32Array, count: number): Promise<Uint32Array>;
}

const registry = new Map<string, () => HashSuite>([
  [POSEIDON2_SUITE_ID, makePoseidon2Suite],
  [POSEIDON_BN254_SUITE_ID, makePoseidonBn254Suite],
]);

/** Registers another suite (e.g. Poseidon-BN254) under its id. */
export function registerHashSuite(id: string, make: () => HashSuite): void {
  registry.set(id, make);
}

const instances = new Map<string, HashSuite>();

export function getHashSuite(id: string): HashSuite {
  let suite = instances.get(id);
  if (suite) return suite;
  const make = registry.get(id);
  if (!make) {
    const known = [...registry.keys()].join(", ");
    throw new Error(`unknown hash suite '${id}' (known: ${known})`);
  }
  suite = make();
  instances.set(id, suite);
  return suite;
}
