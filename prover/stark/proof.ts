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

/** The format a proof under these parameters has (recorded in the proof, the VK digest and the transcript). */
export function proofVersionOf(c: StarkConfig): number {
  return c.lifted ? LIFTED_PROOF_VERSION : PROOF_VERSION;
}

/** A Merkle batch opening (see prover/merkle/mmcs.ts). */
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
