// The STARK proof object. Its binary encoding is in proof-codec.ts and documented in
// prover/stark/README.md.
//
// Layout of one proof, in the order the transcript sees it:
//   statement   version, parameters, VK digest, each table's height and public values
//   commitments main-trace root, aux-trace root (with each table's aux public values,
//               e.g. LogUp cumulative sums), quotient root
//   ood         values of every committed column at z (and at z·w for trace columns)
//   fri         one root per folding layer, the final polynomial, the PoW nonce
//   queries     per query: Merkle openings of every commitment and every FRI layer
import type { StarkConfig } from "./config.ts";

/** Proof format 1: each table opened at its own height, FRI rolls shorter ones in. */
export const PROOF_VERSION = 1;
/** Proof format 2: lifted (lifting.ts), every table opened at the tallest height. */
export const LIFTED_PROOF_VERSION = 2;
/** Proof format 3: format 1 with Merkle caps (StarkConfig.merkleCapHeight): each "root"
 * below is a cap, 2^c digests back to back, and each path is c nodes shorter. */
export const CAPPED_PROOF_VERSION = 3;

/** The format a proof under these parameters has (recorded in the proof, the VK digest and the transcript). */
export function proofVersionOf(c: StarkConfig): number {
  if (c.lifted) return LIFTED_PROOF_VERSION;
  return c.merkleCapHeight ? CAPPED_PROOF_VERSION : PROOF_VERSION;
}

/** The parameters as the VK digest and the transcript record them: the format version
 * and the numbers, the cap height only when set (format-1 keys and proofs unchanged). */
export function parameterWords(c: StarkConfig): number[] {
  const words = [proofVersionOf(c), c.logBlowup, c.numQueries, c.powBits, c.friLogArity, c.friLogFinalDegree];
  if (c.merkleCapHeight) words.push(c.merkleCapHeight);
  return words;
}

/** A Merkle batch opening (see prover/merkle/mmcs.ts); under a cap of height c its path stops c levels below the root. */
export type Opening = { rows: Uint32Array[]; path: Uint32Array[] };

/** Values at the out-of-domain point, 4 words (one extension element) per base column. */
export type TableOpenings = {
  prepZ: Uint32Array;
  prepZNext: Uint32Array;
  mainZ: Uint32Array;
  mainZNext: Uint32Array;
  auxZ: Uint32Array;
  auxZNext: Uint32Array;
  quotientZ: Uint32Array;
};

export type TableProof = {
  logRows: number;
  publicValues: Uint32Array;
  /** Extension values the prover supplies with the aux commitment (4 words each). */
  auxPublic: Uint32Array;
  openings: TableOpenings;
};

export type QueryProof = {
  prep: Opening | null;
  main: Opening | null;
  aux: Opening | null;
  quotient: Opening;
  fri: Opening[];
};

export type StarkProof = {
  version: number;
  config: StarkConfig;
  vkDigest: Uint32Array;
  tables: TableProof[];
  mainRoot: Uint32Array | null;
  auxRoot: Uint32Array | null;
  quotientRoot: Uint32Array;
  friRoots: Uint32Array[];
  /** Coefficients of the final FRI polynomial, 4 words each. */
  friFinalPoly: Uint32Array;
  powNonce: number;
  queries: QueryProof[];
};
