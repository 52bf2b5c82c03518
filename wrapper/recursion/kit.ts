// The recursion kit: the fixed set of recursion keys every run is aggregated under.
//
// A kit holds one lift key per (proof kind, tallest table height), one join key and one
// root key; the key set (key-set.ts) holds the lifts and the join, and root pins that
// set's root as a constant, so the root key alone names the kit (its digest is the
// "kit digest" a receipt carries). Every program is recorded over stand-in proofs of its
// shape (shape-proof.ts): with heights as values (prover/stark/verifier-heights.ts) a
// lift's program depends only on the proof's tallest height, and with the anchor
// (chips/anchor.ts) every recursion proof of the kit has one shape, so one join program
// verifies lifts and joins alike. A kit depends on the zkVM's parameters and the kit's
// shape, never on a guest.
//
// Building a kit is recording its programs (about a second each) and setting up their
// keys (committing the preprocessed columns: the slow part). `stored` keys from an
// earlier build (kit-cache.ts) are reused when the re-recorded program is the one they
// were made for (same programHash), so a cached kit costs no setup until a key proves.
import path from "node:path";
import type { StarkConfig } from "../../prover/stark/config.ts";
import { keyFileName } from "../../prover/stark/prep-tree.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import { airDigest, vkDigestOf, type VerifyingKey } from "../../prover/stark/keys.ts";
import type { ProgramVk } from "../../prover/zkvm/prove.ts";
import { MIN_LOG_ROWS } from "../../prover/chips/layout.ts";
import type { HeightsOption } from "../../prover/stark/verifier-heights.ts";
import type { RunStatement } from "../../prover/chips/statement.ts";
import { equalWords } from "../../prover/zkvm/program-key.ts";
import { ProgramBuilder, type BuiltProgram } from "./builder.ts";
import { recordLift, withAnchor, LIFT_SUMMARY, type LiftKind } from "./lift.ts";
import { recordJoin, type JoinChild } from "./join.ts";
import { recordRoot } from "./root.ts";
import { KeySet } from "./key-set.ts";
import { shapeProof } from "./shape-proof.ts";
import { programHash, type RecursionProgram } from "./program.ts";
import { setupRecursion, type RecursionProvingKey, type RecursionVerifyingKey } from "./prove.ts";
import { recursionAirs, recursionShape } from "./tables.ts";

export type KitShape = {
  /** The recursion proofs' parameters (lifted). */
  config: StarkConfig;
  /** Every recursion proof's tallest table (the anchor's), log2 rows; chosen as the
   * smallest that fits every program of the kit when absent (chooseAnchor). */
  anchorLogRows?: number;
  /** The lifts the kit has keys for: a proof kind and its tallest table's log2 rows. */
  lifts: Array<{ kind: LiftKind; logMaxRows: number }>;
  /** The largest input root accepts, in words with its length word (root.ts). */
  maxInputWords: number;
};

/** A key of the kit: its program, its verifying key, and its proving key on demand
 * (set up once, checked against the verifying key's digest). */
export type KitKey = {
  id: string;
  program: RecursionProgram;
  vk: RecursionVerifyingKey;
  provingKey(): Promise<RecursionProvingKey>;
};

export type RecursionKit = {
  shape: KitShape & { anchorLogRows: number };
  lifts: Map<string, KitKey>;
  join: KitKey;
  root: KitKey;
  keySet: KeySet;
  /** Where the kit's proving keys are kept as key files (prover/stark/prep-tree.ts), the
   * shrink key's included; none: set up in memory by each process. */
  keyDir?: string;
};

/** What a build keeps of a key so the next build can skip its setup (kit-cache.ts). */
export type StoredKey = { programSha256: string; digest: Uint32Array; prepRoot: Uint32Array | null; prepLogRows: Array<number | null> };

export const liftId = (kind: LiftKind, logMaxRows: number) => `lift-${kind}-${logMaxRows}`;

/** The heights a lift of this zkVM key takes as values, with its tallest table at 2^logMaxRows. */
export function liftHeights(key: VerifyingKey, logMaxRows: number): HeightsOption {
  return { logMaxRows, minLogRows: MIN_LOG_ROWS, varyingPreprocessed: Math.max(...key.prepLogRows.map((h) => h ?? 0)) };
}

/** The tallest table a recorded program needs, the anchor aside (log2 rows). */
function tallestOf(built: BuiltProgram): number {
  return Math.max(...recursionShape(built.program).filter((t) => t.chip !== "anchor").map((t) => Math.log2(t.rows)));
}

const SOME_CHALLENGES = Uint32Array.from({ length: 8 }, (_, j) => 1000 + j);
const ANY_STATEMENT: RunStatement = { entry: 0, cycles: 1, exitCode: 0, outputDigestWords: null, input: new Uint8Array(0) };

function recordKitLift(vk: ProgramVk, kind: LiftKind, logMaxRows: number, anchorLogRows: number | undefined): BuiltProgram {
  const key = kind === "segment" ? vk.segment : vk.memory;
  const logRows = key.airs.map((_, t) => key.prepLogRows[t] ?? (t === key.prepLogRows.indexOf(null) ? logMaxRows : MIN_LOG_ROWS));
  // a lift's program does not depend on the key-set root it carries (a witness)
  return recordLift(kind, vk, shapeProof(key, logRows), SOME_CHALLENGES, new Uint32Array(8), {
    heights: liftHeights(key, logMaxRows), anchorLogRows, lenient: true,
  });
}

/** A stand-in proof of a kit recursion key (every table's height is the key's). */
function standInOf(key: VerifyingKey, seed: number): StarkProof {
  return shapeProof(key, key.prepLogRows.map((h) => h ?? MIN_LOG_ROWS), seed);
}

/** The public values of a lift or join: a summary. A placeholder program of the kit's
 * shape with that many gives a key to record join and root against before the real
 * keys exist (their programs depend on the child key's shape, not on which key it is). */
async function placeholderKey(config: StarkConfig, anchorLogRows: number): Promise<RecursionVerifyingKey> {
  const b = new ProgramBuilder({});
  for (let i = 0; i < LIFT_SUMMARY.length; i++) b.publicValue(b.witness(i));
  return (await setupRecursion(withAnchor(b.build(), anchorLogRows).program, config)).vk;
}

function recordKitJoin(child: RecursionVerifyingKey, setDepthKeys: Uint32Array[], anchorLogRows: number): BuiltProgram {
  const c = (seed: number): JoinChild => ({ vk: child, proof: standInOf(child.stark, seed) });
  return recordJoin([c(1), c(2)], KeySet.of(setDepthKeys), { anchorLogRows, lenient: true });
}

/** Root over two of the kit's proofs (aggregate.ts: the top join and root are one step). */
function recordKitRoot(child: RecursionVerifyingKey, keySet: KeySet, shape: KitShape, anchorLogRows: number): BuiltProgram {
  const c = (seed: number): JoinChild => ({ vk: child, proof: standInOf(child.stark, seed) });
  return recordRoot([c(3), c(4)], keySet, ANY_STATEMENT, { anchorLogRows, maxInputWords: shape.maxInputWords, lenient: true });
}

/**
 * The smallest anchor height that fits every recursion child of the kit (its lifts and
 * joins): at least each lift's tallest table; a join (which verifies two proofs of anchor
 * height) may need more, and a taller anchor makes the children it verifies taller, so it
 * is searched. Root is nobody's child and keeps its own heights.
 */
export async function chooseAnchor(vk: ProgramVk, shape: KitShape): Promise<number> {
  let anchor = Math.max(...shape.lifts.map(({ kind, logMaxRows }) => tallestOf(recordKitLift(vk, kind, logMaxRows, undefined))));
  for (;; anchor++) {
    if (anchor > 22) throw new Error("recursion kit: no anchor height up to 2^22 fits the kit's join program");
    const child = await placeholderKey(shape.config, anchor);
    const keys = Array.from({ length: shape.lifts.length + 1 }, () => child.stark.digest);
    if (tallestOf(recordKitJoin(child, keys, anchor)) <= anchor) return anchor;
  }
}

/** A kit key from a recorded program: the stored key's when it was made for this very
 * program, else set up now. */
async function kitKey(id: string, built: BuiltProgram, config: StarkConfig, stored: Map<string, StoredKey>, progress: (what: string) => void, keyDir?: string): Promise<KitKey> {
  const keyFile = keyDir ? path.join(keyDir, keyFileName(id, config)) : undefined;
  const program = built.program;
  const sha = programHash(program);
  const s = stored.get(id);
  let vk: RecursionVerifyingKey;
  let pk: Promise<RecursionProvingKey> | null = null;
  const numPublicValues = program.public.a.length;
  // a stored key whose fields do not hash to its digest is set up again, not trusted
  const airs = recursionAirs(program);
  const base = s && { config, airs, airDigests: airs.map(airDigest), prepLogRows: s.prepLogRows, prepRoot: s.prepRoot };
  if (s && base && s.programSha256 === sha && equalWords(vkDigestOf(base), s.digest)) {
    vk = { stark: { ...base, digest: s.digest }, numPublicValues };
  } else {
    progress(`kit: setting up ${id} (${describeShape(program)})`);
    const keys = await setupRecursion(program, config, { keyFile });
    vk = keys.vk;
    pk = Promise.resolve(keys.pk);
    stored.set(id, { programSha256: sha, digest: vk.stark.digest, prepRoot: vk.stark.prepRoot, prepLogRows: vk.stark.prepLogRows });
  }
  return {
    id, program, vk,
    provingKey() {
      pk ??= setupRecursion(program, config, { keyFile }).then((k) => {
        if (!equalWords(k.vk.stark.digest, vk.stark.digest)) throw new Error(`recursion kit: ${id} set up to another key than the kit's (a stale kit file)`);
        return k.pk;
      });
      return pk;
    },
  };
}

function describeShape(p: RecursionProgram): string {
  return recursionShape(p).filter((t) => t.ops > 0).map((t) => `${t.chip} ${t.ops}`).join(", ");
}

/**
 * Builds the kit for the zkVM keys' parameters (any guest's `vk`: a lift's program takes
 * the guest's preprocessed roots and heights as values). Deterministic: the same
 * parameters and shape give the same keys. `stored` (read and updated) skips the setup
 * of every key whose program is unchanged.
 */
export async function buildRecursionKit(
  vk: ProgramVk, shape: KitShape,
  options: { progress?: (what: string) => void; stored?: Map<string, StoredKey>; keyDir?: string } = {},
): Promise<RecursionKit> {
  const keyDir = options.keyDir;
  const progress = options.progress ?? (() => {});
  const stored = options.stored ?? new Map<string, StoredKey>();
  const anchor = shape.anchorLogRows ?? await chooseAnchor(vk, shape);
  const fitted = (built: BuiltProgram, what: string): BuiltProgram => {
    const tallest = tallestOf(built);
    if (tallest > anchor) throw new Error(`recursion kit: the ${what} program needs tables of 2^${tallest} rows, above the anchor's 2^${anchor}`);
    return built;
  };
  const lifts = new Map<string, KitKey>();
  for (const { kind, logMaxRows } of shape.lifts) {
    const id = liftId(kind, logMaxRows);
    lifts.set(id, await kitKey(id, fitted(recordKitLift(vk, kind, logMaxRows, anchor), id), shape.config, stored, progress, keyDir));
  }
  // the join's program depends on the set's depth, not its root: a draft of the final size
  const liftDigests = [...lifts.values()].map((k) => k.vk.stark.digest);
  const first = [...lifts.values()][0].vk;
  const join = await kitKey("join", fitted(recordKitJoin(first, [...liftDigests, liftDigests[0]], anchor), "join"), shape.config, stored, progress, keyDir);
  const keySet = KeySet.of([...liftDigests, join.vk.stark.digest]);
  // root pins the final set's root (a constant) and takes any input up to the bound
  // root's own tables may be taller than the anchor (nobody verifies root as a child)
  const root = await kitKey("root", recordKitRoot(join.vk, keySet, shape, anchor), shape.config, stored, progress, keyDir);
  return { shape: { ...shape, anchorLogRows: anchor }, lifts, join, root, keySet, keyDir };
}
