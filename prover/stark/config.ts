// Parameters of a STARK proof and the presets users pick from.
//
// Every parameter is recorded in the proof and checked by the verifier against the
// verifying key, so a proof made with weaker parameters than the key demands is
// rejected rather than accepted at lower security.
import { securityOf, type SecurityReport } from "./security.ts";
import { MAX_SAMPLE_BITS } from "../transcript/challenger.ts";

export type StarkConfig = {
  /** Hash suite for Merkle trees and the transcript (see prover/hash/suite.ts). */
  hashSuite: string;
  /** log2 of the LDE blowup factor (rate = 2^-logBlowup). */
  logBlowup: number;
  /** Number of FRI query repetitions. */
  numQueries: number;
  /** Proof-of-work bits ground before the queries are drawn. */
  powBits: number;
  /** log2 of the FRI folding factor (1 = fold by 2 per layer). */
  friLogArity: number;
  /** FRI stops when the polynomial has at most 2^friLogFinalDegree coefficients. */
  friLogFinalDegree: number;
  /**
   * Lifted proofs (proof format 2, lifting.ts): every table is opened as if it were as
   * tall as the tallest one, so the verifier's steps do not depend on the table heights
   * (one recursion program serves every shape of a run). Absent or false: format 1.
   */
  lifted?: boolean;
  /**
   * Merkle caps (format 1 only, proof version 3): every tree is committed by its 2^c
   * digests at height c (the "cap") instead of its root, and every opening path stops c
   * levels below the root; the verifier picks the cap digest by the index's top c bits.
   * A tree with matrices shorter than 2^c commits at the height of its shortest
   * (merkleCapOf). Absent or 0: one root, proof version 1. It exists for the wrap circuit
   * (wrapper/circuit/), where a path node costs a Poseidon permutation per query and the
   * cap is absorbed once (wrapper/recursion/README.md).
   */
  merkleCapHeight?: number;
};

export const DEFAULT_HASH = "poseidon2-babybear-16";

/**
 * 100 bits conjectured security: 41 queries x 2 bits + 20 bits of grinding, less 1
 * (security.ts). A query costs a recursive verifier ~750 Poseidon2 permutations (the
 * paths and leaves of every tree); 20 bits of grinding (2^20 permutations, ~0.8 s
 * expected on one core, ~0.46 s on two) instead of 16 buy two queries, which keep a
 * join's and root's Poseidon2 tables at 2^15 rows. FRI folds by 8: each query then walks
 * 5 layer paths instead of 8 (a 2^20-point LDE), which is what a recursive verifier pays for most after the trace
 * openings; the folds themselves are binary steps in the verifier (fri-verifier.ts).
 * SHA-256 16 KiB's segment lift went from 16,390 Poseidon2 permutations and 63,296
 * selects to 15,140 and 50,697 (its Poseidon2 table from 2^15 to 2^14 rows).
 */
export const DEFAULT_CONFIG: StarkConfig = Object.freeze({
  hashSuite: DEFAULT_HASH,
  logBlowup: 2,
  numQueries: 41,
  powBits: 20,
  friLogArity: 3,
  friLogFinalDegree: 3,
});

/**
 * INSECURE: a handful of queries and no grinding, so tests run fast. It exists only
 * for tests; `securityOf` reports it as far below 100 bits and the CLI warns.
 */
export const TEST_CONFIG_INSECURE: StarkConfig = Object.freeze({
  hashSuite: DEFAULT_HASH,
  logBlowup: 2,
  numQueries: 8,
  powBits: 2,
  friLogArity: 1,
  friLogFinalDegree: 2,
});

/** The same parameters, proved lifted (proof format 2). */
export function liftedConfig(c: StarkConfig): StarkConfig {
  return Object.freeze({ ...c, lifted: true });
}

export const PRESETS: Record<string, StarkConfig> = {
  default: DEFAULT_CONFIG,
  "test-insecure": TEST_CONFIG_INSECURE,
};

export function validateConfig(c: StarkConfig): void {
  const bad = (field: string, why: string) => {
    throw new Error(`invalid STARK config: ${field} ${why}`);
  };
  const int = (field: keyof StarkConfig, lo: number, hi: number) => {
    const v = c[field] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) bad(field, `must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  if (typeof c.hashSuite !== "string" || c.hashSuite.length === 0) bad("hashSuite", "must be a suite id");
  int("logBlowup", 1, 8);
  int("numQueries", 1, 512);
  int("powBits", 0, MAX_SAMPLE_BITS); // the challenger samples (and grinds) at most 27 bits
  int("friLogArity", 1, 4);
  int("friLogFinalDegree", 0, 10);
  if (c.lifted !== undefined && typeof c.lifted !== "boolean") bad("lifted", `must be true, false or absent, got ${String(c.lifted)}`);
  if (c.merkleCapHeight !== undefined) {
    int("merkleCapHeight", 0, MAX_MERKLE_CAP_HEIGHT);
    if (c.merkleCapHeight > 0 && c.lifted) bad("merkleCapHeight", "is for format-1 proofs; a lifted proof commits to roots");
  }
}

/** The highest cap allowed: 2^8 digests per tree. */
export const MAX_MERKLE_CAP_HEIGHT = 8;

/** The cap height a tree whose shortest matrix has 2^logMinHeight rows commits at:
 * the config's, lowered so that no matrix joins the tree above the cap. 0: a root. */
export function merkleCapOf(c: StarkConfig, logMinHeight: number): number {
  return Math.min(c.merkleCapHeight ?? 0, logMinHeight);
}

export function configsEqual(a: StarkConfig, b: StarkConfig): boolean {
  return (
    a.hashSuite === b.hashSuite &&
    a.logBlowup === b.logBlowup &&
    a.numQueries === b.numQueries &&
    a.powBits === b.powBits &&
    a.friLogArity === b.friLogArity &&
    a.friLogFinalDegree === b.friLogFinalDegree &&
    !!a.lifted === !!b.lifted &&
    (a.merkleCapHeight ?? 0) === (b.merkleCapHeight ?? 0)
  );
}

export function describeConfig(c: StarkConfig, maxLogTraceRows = 20): string {
  const s: SecurityReport = securityOf(c, maxLogTraceRows);
  const warn = configsEqual(c, TEST_CONFIG_INSECURE)
    ? "  ** INSECURE test preset: never use for real proofs **"
    : s.conjecturedBits < 100 ? "  ** below 100 bits **" : "";
  return (
    `hash=${c.hashSuite} blowup=${1 << c.logBlowup} queries=${c.numQueries} pow=${c.powBits} ` +
    `fold=${1 << c.friLogArity} final<=${1 << c.friLogFinalDegree} coeffs${c.merkleCapHeight ? ` cap=2^${c.merkleCapHeight}` : ""}: ` +
    `${s.conjecturedBits} bits conjectured, ${s.provenBits} proven${warn}`
  );
}
