// Aggregation: a run's proofs folded into one recursion proof under a kit's fixed keys
// (kit.ts), then root over it.
//
// aggregateRun lifts every proof of a run under the kit's key for its kind and height,
// then joins the proofs two at a time until one is left; its summary (lift.ts
// LIFT_SUMMARY) is the run's. proveRoot makes root's checks over it (root.ts) under the
// kit's root key, which pins the key set and takes any input up to the kit's bound.
import type { StarkProof } from "../../prover/stark/proof.ts";
import type { ProgramVk, RunProof } from "../../prover/zkvm/prove.ts";
import type { RunStatement } from "../../prover/chips/statement.ts";
import { recordLift, LIFT_SUMMARY, type LiftKind } from "./lift.ts";
import { recordJoin, type JoinChild } from "./join.ts";
import { recordRoot } from "./root.ts";
import { proveRecursion, type RecursionVerifyingKey } from "./prove.ts";
import { liftHeights, liftId, type KitKey, type RecursionKit } from "./kit.ts";

/** The lift key a proof of the run needs (its kind and tallest height), or a clear error. */
function liftKeyOf(kit: RecursionKit, kind: LiftKind, proof: StarkProof): { key: KitKey; logMaxRows: number } {
  const logMaxRows = Math.max(...proof.tables.map((t) => t.logRows));
  const key = kit.lifts.get(liftId(kind, logMaxRows));
  if (!key) {
    const have = kit.shape.lifts.map((l) => liftId(l.kind, l.logMaxRows)).join(", ");
    throw new Error(`aggregate: no lift key for a ${kind} proof whose tallest table has 2^${logMaxRows} rows (the kit has ${have})`);
  }
  return { key, logMaxRows };
}

export type AggregateResult = { proof: StarkProof; vk: RecursionVerifyingKey; publicValues: Uint32Array; lifts: number; joins: number };

/** Root over the aggregation's top proof: the run's statement, proved under the kit's root key. */
export async function proveRoot(kit: RecursionKit, top: AggregateResult, statement: RunStatement): Promise<{ proof: StarkProof; publicValues: Uint32Array }> {
  const built = recordRoot({ vk: top.vk, proof: top.proof }, kit.keySet, statement, { anchorLogRows: kit.shape.anchorLogRows, maxInputWords: kit.shape.maxInputWords });
  const { proof, publicValues } = await proveRecursion(await kit.root.provingKey(), built);
  return { proof, publicValues };
}

/**
 * Folds a run's proofs (memory proof first, then the segments, as proveProgram returns
 * them) into one recursion proof of the kit: each lifted, then joined two at a time.
 */
export async function aggregateRun(kit: RecursionKit, vk: ProgramVk, run: Pick<RunProof, "proofs">, challenges: Uint32Array, progress: (what: string) => void = () => {}): Promise<AggregateResult> {
  const ready: Array<{ child: JoinChild; publicValues: Uint32Array }> = [];
  for (const [i, proof] of run.proofs.entries()) {
    const kind: LiftKind = i === 0 ? "memory" : "segment";
    const { key, logMaxRows } = liftKeyOf(kit, kind, proof);
    progress(`aggregate: lift ${i + 1}/${run.proofs.length} (${i === 0 ? "the memory proof" : `segment ${i - 1}`}, ${key.id})`);
    const zkvmKey = kind === "segment" ? vk.segment : vk.memory;
    const built = recordLift(kind, vk, proof, challenges, kit.keySet.root, { heights: liftHeights(zkvmKey, logMaxRows), anchorLogRows: kit.shape.anchorLogRows });
    const { proof: p, publicValues } = await proveRecursion(await key.provingKey(), built);
    ready.push({ child: { vk: key.vk, proof: p }, publicValues });
  }
  let joins = 0;
  const total = run.proofs.length - 1;
  while (ready.length > 1) {
    const [a, b] = ready.splice(0, 2);
    progress(`aggregate: join ${++joins}/${total}`);
    const built = recordJoin([a.child, b.child], kit.keySet, { anchorLogRows: kit.shape.anchorLogRows });
    const { proof, publicValues } = await proveRecursion(await kit.join.provingKey(), built);
    ready.push({ child: { vk: kit.join.vk, proof }, publicValues });
  }
  const top = ready[0];
  if (top.publicValues.length !== LIFT_SUMMARY.length) throw new Error("aggregate: the top proof carries no summary");
  return { proof: top.child.proof, vk: top.child.vk, publicValues: top.publicValues, lifts: run.proofs.length, joins };
}
