// A proving key kept on disk as one level of its preprocessed Merkle tree (a key file).
//
// Why: what setup costs is hashing the preprocessed LDE into the tree (a recursion key of
// the kit: 1.4-3.2 s; the shrink key, with BN254 Poseidon over a 2^22-row LDE: ~130 s),
// and every process that proves with a kit's keys would set them up again. The LDE is
// cheap to recompute (an NTT: ~7% of a recursion key's setup), the tree is not. So a key
// file keeps the digests of the lowest level that has at most 2^KEPT_LOG_DIGESTS of them
// (at most 512 KiB); loading recomputes the LDE and the levels above that one
// (MerkleCommitment.fromLevel), and each proof rehashes only the 2^level-leaf blocks under
// its queries (prover.ts: prepareOpenings), checked against the kept digests.
//
// File format, version 1 (little-endian 32-bit words after the magic):
//   bytes 0-3  "ZKPT"
//   word  1    format (1)
//   words 2-9  sha256 of the inputs the key is set up from (inputsDigest: the parameters,
//              the AIR digests and every preprocessed column), as 8 big-endian words
//   word  10   n, then n words: the verifying key's digest
//   then       level (0 = the leaves), m, then m words: the digests of that level
// A file is used only when its inputs digest is the one of the key being set up and the
// levels above it lead to a key of the stored digest; otherwise the key is set up again
// and the file rewritten. It caches what this machine computed: not a trust anchor (a
// wrong digest in it gives proofs that fail to verify, never a key that accepts more).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CompiledAir } from "../air/types.ts";
import { MerkleCommitment } from "../merkle/mmcs.ts";
import { getHashSuite } from "../hash/suite.ts";
import type { StarkConfig } from "./config.ts";
import { airDigest, keysOf, preprocessedTables, prepMatrices, type ProvingKey } from "./keys.ts";

export const PREP_TREE_FORMAT = 1;
const MAGIC = "ZKPT";
/** The kept level has at most 2^14 digests: a file of at most 512 KiB (8-word digests). */
export const KEPT_LOG_DIGESTS = 14;

export type PrepTreeFile = { inputs: Uint32Array; vkDigest: Uint32Array; level: number; digests: Uint32Array };

const sortedParams = (config: StarkConfig) => Object.entries(config).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));

/** sha256 of what a key is set up from: the parameters, each AIR's digest, each preprocessed column (with its length). */
export function inputsDigest(config: StarkConfig, airs: CompiledAir[], preprocessed: Array<Uint32Array[] | null>): Uint32Array {
  const h = createHash("sha256");
  h.update(JSON.stringify(sortedParams(config)));
  const word = (n: number) => h.update(Uint8Array.from([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]));
  word(airs.length);
  airs.forEach((air, t) => {
    h.update(new Uint8Array(airDigest(air).buffer));
    const cols = preprocessed[t];
    word(cols ? cols.length : 0xffffffff);
    for (const c of cols ?? []) {
      word(c.length);
      h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    }
  });
  const d = h.digest();
  return Uint32Array.from({ length: 8 }, (_, i) => d.readUInt32BE(4 * i));
}

export function encodePrepTree(f: PrepTreeFile): Uint8Array {
  const words = [PREP_TREE_FORMAT, ...f.inputs, f.vkDigest.length, ...f.vkDigest, f.level, f.digests.length];
  const out = Buffer.alloc(4 + 4 * (words.length + f.digests.length));
  out.write(MAGIC, 0, "latin1");
  words.forEach((w, i) => out.writeUInt32LE(w >>> 0, 4 + 4 * i));
  const at = 4 + 4 * words.length;
  f.digests.forEach((w, i) => out.writeUInt32LE(w, at + 4 * i));
  return out;
}

/** The file's fields, or an error naming what is wrong with it. */
export function decodePrepTree(bytes: Uint8Array): PrepTreeFile {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 4 || b.toString("latin1", 0, 4) !== MAGIC) throw new Error("not a key file (no ZKPT magic)");
  if (b.length % 4 !== 0) throw new Error(`key file of ${b.length} bytes, not whole words`);
  let at = 4;
  const next = () => {
    if (at + 4 > b.length) throw new Error(`key file truncated at byte ${at}`);
    const w = b.readUInt32LE(at);
    at += 4;
    return w;
  };
  const words = (n: number) => Uint32Array.from({ length: n }, next);
  const format = next();
  if (format !== PREP_TREE_FORMAT) throw new Error(`key file format ${format}, this code reads ${PREP_TREE_FORMAT}`);
  const inputs = words(8);
  const n = next();
  if (n > 64) throw new Error(`key file: a verifying-key digest of ${n} words`);
  const vkDigest = words(n);
  const level = next();
  const m = next();
  if (4 * m !== b.length - at) throw new Error(`key file: ${m} digest words announced, ${(b.length - at) / 4} present`);
  return { inputs, vkDigest, level, digests: words(m) };
}

const sameWords = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((w, i) => w === b[i]);

/** A file name for a key of `what` under these parameters: keys of other parameters sit beside it. */
export function keyFileName(what: string, config: StarkConfig): string {
  return `${what}-${createHash("sha256").update(JSON.stringify(sortedParams(config))).digest("hex").slice(0, 12)}.prep-tree`;
}

/** The level a key file keeps of a tree whose tallest matrix has 2^logMax rows. */
export function keptLevel(logMax: number, keptLogDigests = KEPT_LOG_DIGESTS): number {
  return Math.max(0, logMax - keptLogDigests);
}

/**
 * The keys, read from `file` when it holds this very key, else set up (setup in keys.ts)
 * and written there. Either way the key's tree is held from the kept level up (the
 * proofs rehash their blocks). `cached` says which. `keptLogDigests` (tests): keep a
 * level of at most 2^that digests instead of 2^KEPT_LOG_DIGESTS.
 */
export async function setupWithKeyFile(
  file: string, config: StarkConfig, airs: CompiledAir[], preprocessed: Array<Uint32Array[] | null>,
  options: { keptLogDigests?: number } = {},
): Promise<{ pk: ProvingKey; cached: boolean }> {
  const inputs = inputsDigest(config, airs, preprocessed);
  const prep = await preprocessedTables(config, airs, preprocessed);
  const matrices = prepMatrices(prep);
  if (matrices.length === 0) return { pk: keysOf(config, airs, prep, null), cached: false }; // nothing to keep
  const suite = getHashSuite(config.hashSuite);
  const lifted = !!config.lifted;
  const stored = readKeyFile(file);
  if (stored && sameWords(stored.inputs, inputs)) {
    try {
      const tree = await MerkleCommitment.fromLevel(suite, matrices, stored.level, stored.digests, { lifted });
      const pk = keysOf(config, airs, prep, tree); // throws when the level is above the cap
      if (sameWords(pk.vk.digest, stored.vkDigest)) return { pk, cached: true };
    } catch {
      // a level of the wrong size or above the cap: set up again below
    }
  }
  // setup (keys.ts), with the LDE above reused
  const tree = await MerkleCommitment.commit(suite, matrices, { lifted });
  const full = keysOf(config, airs, prep, tree);
  // the cap, which the verifying key holds, must be at or above the kept level
  const level = keptLevel(Math.log2(tree.maxHeight), Math.max(options.keptLogDigests ?? KEPT_LOG_DIGESTS, config.merkleCapHeight ?? 0));
  try {
    writeAtomically(file, encodePrepTree({ inputs, vkDigest: full.vk.digest, level, digests: tree.levelDigests(level) }));
  } catch (e) {
    // a cache: a folder we cannot write costs the next process a setup, not this proof
    process.emitWarning(`key file ${file} not written (${(e as Error).message}); the key will be set up again next time`);
  }
  return { pk: { ...full, prepCommitment: tree.dropLowLevels(level, true) }, cached: false };
}

function readKeyFile(file: string): PrepTreeFile | null {
  try {
    return decodePrepTree(fs.readFileSync(file));
  } catch {
    return null; // missing, unreadable or another format: set up again and rewritten
  }
}

/** Written beside and renamed, so a reader never sees half a file (two processes may write the same key). */
function writeAtomically(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}
