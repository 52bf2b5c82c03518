// Setup: the proving key and the verifying key of a multi-table STARK.
//
// The verifying key pins everything the verifier must not take from the prover: the
// parameters, each table's AIR (by the digest of its exported expression graph), and
// the Merkle root of the preprocessed columns (committed once here, never by the
// prover). Its digest is what proofs, receipts and on-chain verifiers refer to.
import { createHash } from "node:crypto";
import type { CompiledAir } from "../air/types.ts";
import { cosetLde } from "../poly/ntt.ts";
import { MerkleCommitment, type Matrix } from "../merkle/mmcs.ts";
import { getHashSuite } from "../hash/suite.ts";
import { P } from "../field/babybear.ts";
import { validateConfig, type StarkConfig } from "./config.ts";
import { COSET_SHIFT, bitReversedCopies, log2Exact } from "./domain.ts";
import { parameterWords } from "./proof.ts";
import { commitmentCap } from "./merkle-cap.ts";

export type PreprocessedTable = {
  logRows: number;
  /** Values over the trace domain H, natural order. */
  trace: Uint32Array[];
  /** LDE over the coset, bit-reversed (as committed). */
  ldeRev: Uint32Array[];
};

export type VerifyingKey = {
  config: StarkConfig;
  airs: CompiledAir[];
  airDigests: Uint32Array[];
  /** Height (log2 rows) each table with preprocessed columns is fixed to. */
  prepLogRows: Array<number | null>;
  /** The preprocessed tree's root, or its cap under merkleCapHeight (merkle-cap.ts). */
  prepRoot: Uint32Array | null;
  digest: Uint32Array;
};

export type ProvingKey = {
  vk: VerifyingKey;
  prep: Array<PreprocessedTable | null>;
  prepCommitment: MerkleCommitment | null;
};

/** sha256 of the AIR's expression graph, as 8 field elements. */
export function airDigest(air: CompiledAir): Uint32Array {
  const h = createHash("sha256").update(JSON.stringify(air.toJSON())).digest();
  const out = new Uint32Array(8);
  for (let i = 0; i < 8; i++) out[i] = h.readUInt32BE(4 * i) % P;
  return out;
}

/**
 * The key's digest: one hash over a prefix-free word encoding (every variable-length part
 * carries its length, the optional root a presence word), so two different keys never
 * encode to the same words:
 *   format version (proof.ts: 2 when lifted, 3 with a Merkle cap), logBlowup, numQueries, powBits,
 *   friLogArity, friLogFinalDegree, the cap height only when set (proof.ts parameterWords),
 *   suite name: byte length, bytes; table count; per table: digest length, digest words,
 *   preprocessed log height (0xffff: none); preprocessed root: 0, or 1, word count, then
 *   each 32-bit word as two 16-bit halves (a BN254 digest's words exceed p).
 */
export function vkDigestOf(vk: Omit<VerifyingKey, "digest">): Uint32Array {
  const words = vkDigestPrefix(vk);
  if (vk.prepRoot) vk.prepRoot.forEach((w) => words.push(w & 0xffff, w >>> 16));
  return getHashSuite(vk.config.hashSuite).hashRow(Uint32Array.from(words));
}

/** The words of vkDigestOf before the preprocessed root's halves: everything a recursion
 * program that takes the root as a value hashes as constants. */
export function vkDigestPrefix(vk: Omit<VerifyingKey, "digest">): number[] {
  const c = vk.config;
  const words: number[] = parameterWords(c);
  const suite = new TextEncoder().encode(c.hashSuite);
  words.push(suite.length, ...suite);
  words.push(vk.airs.length);
  vk.airs.forEach((_, t) => {
    words.push(vk.airDigests[t].length, ...vk.airDigests[t]);
    words.push(vk.prepLogRows[t] === null ? 0xffff : vk.prepLogRows[t]!);
  });
  if (vk.prepRoot) words.push(1, vk.prepRoot.length);
  else words.push(0);
  return words;
}

/** Where each table's preprocessed height word sits in vkDigestPrefix (null: a table
 * without preprocessed columns, whose word is the constant 0xffff). */
export function vkDigestHeightPositions(vk: Omit<VerifyingKey, "digest">): Array<number | null> {
  let pos = parameterWords(vk.config).length + 1 + new TextEncoder().encode(vk.config.hashSuite).length + 1;
  return vk.airs.map((_, t) => {
    pos += 1 + vk.airDigests[t].length;
    return vk.prepLogRows[t] === null ? (pos++, null) : pos++;
  });
}

/**
 * Builds the keys. `preprocessed[t]` is the preprocessed trace of table t (columns
 * over H, natural order) or null when the AIR has no preprocessed columns.
 */
export async function setup(
  config: StarkConfig,
  airs: CompiledAir[],
  preprocessed: Array<Uint32Array[] | null> = airs.map(() => null),
): Promise<ProvingKey> {
  const prep = await preprocessedTables(config, airs, preprocessed);
  const matrices = prepMatrices(prep);
  const prepCommitment = matrices.length > 0 ? await MerkleCommitment.commit(getHashSuite(config.hashSuite), matrices, { lifted: !!config.lifted }) : null;
  return keysOf(config, airs, prep, prepCommitment);
}

/** Each table's preprocessed columns with their LDE, checked against its AIR (setup's first half). */
export async function preprocessedTables(config: StarkConfig, airs: CompiledAir[], preprocessed: Array<Uint32Array[] | null>): Promise<Array<PreprocessedTable | null>> {
  validateConfig(config);
  if (preprocessed.length !== airs.length) {
    throw new Error(`setup: ${airs.length} AIRs but ${preprocessed.length} preprocessed traces`);
  }
  return Promise.all(
    airs.map(async (air, t): Promise<PreprocessedTable | null> => {
      const cols = preprocessed[t];
      if (air.preprocessedWidth === 0) {
        if (cols && cols.length > 0) throw new Error(`setup: AIR '${air.name}' has no preprocessed columns, got ${cols.length}`);
        return null;
      }
      if (!cols || cols.length !== air.preprocessedWidth) {
        throw new Error(`setup: AIR '${air.name}' needs ${air.preprocessedWidth} preprocessed columns, got ${cols?.length ?? 0}`);
      }
      const logRows = log2Exact(cols[0].length, `preprocessed height of '${air.name}'`);
      const lde = await cosetLde(cols, config.logBlowup, COSET_SHIFT);
      return { logRows, trace: cols, ldeRev: bitReversedCopies(lde) };
    }),
  );
}

/** The matrices the preprocessed tree commits, in table order. */
export function prepMatrices(prep: Array<PreprocessedTable | null>): Matrix[] {
  return prep
    .filter((p): p is PreprocessedTable => p !== null)
    .map((p) => ({ width: p.ldeRev.length, height: p.ldeRev[0].length, columns: p.ldeRev }));
}

/** The keys of the tables and their preprocessed tree (setup's second half). */
export function keysOf(config: StarkConfig, airs: CompiledAir[], prep: Array<PreprocessedTable | null>, prepCommitment: MerkleCommitment | null): ProvingKey {
  const base = {
    config: { ...config },
    airs,
    airDigests: airs.map(airDigest),
    prepLogRows: prep.map((p) => (p ? p.logRows : null)),
    prepRoot: prepCommitment ? commitmentCap(config, prepCommitment) : null,
  };
  const vk: VerifyingKey = { ...base, digest: vkDigestOf(base) };
  return { vk, prep, prepCommitment };
}
