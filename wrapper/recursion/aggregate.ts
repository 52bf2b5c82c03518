// Aggregation: a run's proofs folded into one recursion proof under a kit's fixed keys.
//
// The kit (buildRecursionKit) is what root and the wrap will pin: a lift key per proof
// kind (memory, segment) and tallest table height, one join key, and the key set holding
// them all. Its programs are recorded over stand-in proofs of their shape (shape-proof.ts):
// with heights as values (prover/stark/verifier-heights.ts) a lift's program depends on
// the proof's tallest height only, and with the anchor (chips/anchor.ts) every recursion
// proof of the kit has one shape for its verifier, so one join verifies lifts and joins
// alike. The kit depends on the zkVM parameters and the kit's shape, never on a guest.
//
// aggregateRun lifts every proof of a run under the kit's key for its kind and height,
// then joins the proofs two at a time until one is left; its summary (lift.ts
// LIFT_SUMMARY) is the run's. proveRoot makes root's checks over it (root.ts) under the
// kit's root key, which pins the key set and takes any input up to the kit's bound.
import type { StarkConfig } from "../../prover/stark/config.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import type { ProgramVk, RunProof } from "../../prover/zkvm/prove.ts";
import { MIN_LOG_ROWS } from "../../prover/chips/layout.ts";
import type { HeightsOption } from "../../prover/stark/verifier-heights.ts";
import type { VerifyingKey } from "../../prover/stark/keys.ts";
import type { BuiltProgram } from "./builder.ts";
import { recordLift, LIFT_SUMMARY, type LiftKind } from "./lift.ts";
import { recordJoin, type JoinChild } from "./join.ts";
import { recordRoot } from "./root.ts";
import type { RunStatement } from "../../prover/chips/statement.ts";
import { KeySet } from "./key-set.ts";
import { shapeProof } from "./shape-proof.ts";
import { setupRecursion, proveRecursion, type RecursionProvingKey, type RecursionVerifyingKey } from "./prove.ts";
import { recursionShape } from "./tables.ts";

export type KitShape = {
  /** The recursion proofs' parameters (lifted). */
  config: StarkConfig;
  /** Every recursion proof's tallest table (the anchor's), log2 rows. */
  anchorLogRows: number;
  /** The lifts the kit has keys for: a proof kind and its tallest table's log2 rows. */
  lifts: Array<{ kind: LiftKind; logMaxRows: number }>;
  /** The largest input root accepts, in words with its length word (root.ts). */
  maxInputWords: number;
};

type Keys = { pk: RecursionProvingKey; vk: RecursionVerifyingKey };
export type RecursionKit = { shape: KitShape; lifts: Map<string, Keys>; join: Keys; root: Keys; keySet: KeySet };

const liftId = (kind: LiftKind, logMaxRows: number) => `${kind}:${logMaxRows}`;

/** The heights a lift of this zkVM key takes as values, with its tallest table at 2^logMaxRows. */
export function liftHeights(key: VerifyingKey, logMaxRows: number): HeightsOption {
  return { logMaxRows, minLogRows: MIN_LOG_ROWS, varyingPreprocessed: Math.max(...key.prepLogRows.map((h) => h ?? 0)) };
}

/** The recorded program, checked to fit under the anchor (else the kit's shape is too small for it). */
function fitted(built: BuiltProgram, shape: KitShape, what: string): BuiltProgram {
  const tallest = Math.max(...recursionShape(built.program).filter((t) => t.chip !== "anchor").map((t) => Math.log2(t.rows)));
  if (tallest > shape.anchorLogRows) throw new Error(`recursion kit: the ${what} program needs tables of 2^${tallest} rows, above the anchor's 2^${shape.anchorLogRows}`);
  return built;
}

/**
 * Builds the kit's keys for the zkVM keys' parameters (any guest's `vk`: a lift's program
 * takes the guest's preprocessed roots and heights as values). Deterministic: the same
 * parameters and shape give the same keys.
 */
export async function buildRecursionKit(vk: ProgramVk, shape: KitShape, progress: (what: string) => void = () => {}): Promise<RecursionKit> {
  const lifts = new Map<string, Keys>();
  // the lifts' programs do not depend on the key-set root they carry (a witness)
  const noSet = new Uint32Array(8);
  for (const { kind, logMaxRows } of shape.lifts) {
    progress(`kit: lift key for a ${kind} proof of 2^${logMaxRows} rows`);
    const key = kind === "segment" ? vk.segment : vk.memory;
    const logRows = key.airs.map((_, t) => key.prepLogRows[t] ?? (t === key.prepLogRows.indexOf(null) ? logMaxRows : MIN_LOG_ROWS));
    const standIn = shapeProof(key, logRows);
    const someChallenges = Uint32Array.from({ length: 8 }, (_, j) => 1000 + j);
    const built = recordLift(kind, vk, standIn, someChallenges, noSet, { heights: liftHeights(key, logMaxRows), anchorLogRows: shape.anchorLogRows, lenient: true });
    lifts.set(liftId(kind, logMaxRows), await setupRecursion(fitted(built, shape, `${kind} lift`).program, shape.config));
  }
  // the join's program depends on the set's depth, not its root: a draft of the final size
  progress("kit: join key");
  const liftDigests = [...lifts.values()].map((k) => k.vk.stark.digest);
  const draft = KeySet.of([...liftDigests, liftDigests[0]]);
  const child = (k: Keys, seed: number): JoinChild => ({ vk: k.vk, proof: standInOf(k.vk.stark, seed) });
  const first = [...lifts.values()][0];
  const join = recordJoin([child(first, 1), child(first, 2)], draft, { anchorLogRows: shape.anchorLogRows, lenient: true });
  const joinKeys = await setupRecursion(fitted(join, shape, "join").program, shape.config);
  const keySet = KeySet.of([...liftDigests, joinKeys.vk.stark.digest]);
  // root pins the final set's root (a constant) and takes any input up to the bound
  progress("kit: root key");
  const anyStatement: RunStatement = { entry: 0, cycles: 1, exitCode: 0, outputDigestWords: null, input: new Uint8Array(0) };
  const root = recordRoot(child(joinKeys, 3), keySet, anyStatement, { anchorLogRows: shape.anchorLogRows, maxInputWords: shape.maxInputWords, lenient: true });
  const rootKeys = await setupRecursion(fitted(root, shape, "root").program, shape.config);
  return { shape, lifts, join: joinKeys, root: rootKeys, keySet };
}

/** A stand-in proof of a kit recursion key (every table's height is the key's). */
function standInOf(key: VerifyingKey, seed: number): StarkProof {
  return shapeProof(key, key.prepLogRows.map((h) => h ?? MIN_LOG_ROWS), seed);
}

/** The lift key a proof of the run needs (its kind and tallest height), or a clear error. */
function liftKeyOf(kit: RecursionKit, kind: LiftKind, proof: StarkProof): { keys: Keys; logMaxRows: number } {
  const logMaxRows = Math.max(...proof.tables.map((t) => t.logRows));
  const keys = kit.lifts.get(liftId(kind, logMaxRows));
  if (!keys) {
    const have = kit.shape.lifts.map((l) => liftId(l.kind, l.logMaxRows)).join(", ");
    throw new Error(`aggregate: no lift key for a ${kind} proof whose tallest table has 2^${logMaxRows} rows (the kit has ${have})`);
  }
  return { keys, logMaxRows };
}

export type AggregateResult = { proof: StarkProof; vk: RecursionVerifyingKey; publicValues: Uint32Array; lifts: number; joins: number };

/** Root over the aggregation's top proof: the run's statement, proved under the kit's root key. */
export async function proveRoot(kit: RecursionKit, top: AggregateResult, statement: RunStatement): Promise<{ proof: StarkProof; publicValues: Uint32Array }> {
  const built = recordRoot({ vk: top.vk, proof: top.proof }, kit.keySet, statement, { anchorLogRows: kit.shape.anchorLogRows, maxInputWords: kit.shape.maxInputWords });
  const { proof, publicValues } = await proveRecursion(kit.root.pk, built);
  return { proof, publicValues };
}

/**
 * Folds a run's proofs (memory proof first, then the segments, as proveProgram returns
 * them) into one recursion proof of the kit: each lifted, then joined two at a time.
 */
export async function aggregateRun(kit: RecursionKit, vk: ProgramVk, run: RunProof, challenges: Uint32Array, progress: (what: string) => void = () => {}): Promise<AggregateResult> {
  const ready: Array<{ child: JoinChild; publicValues: Uint32Array }> = [];
  for (const [i, proof] of run.proofs.entries()) {
    const kind: LiftKind = i === 0 ? "memory" : "segment";
    const { keys, logMaxRows } = liftKeyOf(kit, kind, proof);
    progress(`aggregate: lift ${i + 1}/${run.proofs.length} (${kind})`);
    const key = kind === "segment" ? vk.segment : vk.memory;
    const built = recordLift(kind, vk, proof, challenges, kit.keySet.root, { heights: liftHeights(key, logMaxRows), anchorLogRows: kit.shape.anchorLogRows });
    const { proof: p, publicValues } = await proveRecursion(keys.pk, built);
    ready.push({ child: { vk: keys.vk, proof: p }, publicValues });
  }
  let joins = 0;
  while (ready.length > 1) {
    const [a, b] = ready.splice(0, 2);
    progress(`aggregate: join ${++joins} (${ready.length + 2} proofs left)`);
    const built = recordJoin([a.child, b.child], kit.keySet, { anchorLogRows: kit.shape.anchorLogRows });
    const { proof, publicValues } = await proveRecursion(kit.join.pk, built);
    ready.push({ child: { vk: kit.join.vk, proof }, publicValues });
  }
  const top = ready[0];
  if (top.publicValues.length !== LIFT_SUMMARY.length) throw new Error("aggregate: the top proof carries no summary");
  return { proof: top.child.proof, vk: top.child.vk, publicValues: top.publicValues, lifts: run.proofs.length, joins };
}
