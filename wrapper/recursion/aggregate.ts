// Aggregation: a run's proofs folded into one recursion proof under a kit's fixed keys
// (kit.ts), then root over it.
//
// aggregateRun lifts every proof of a run under the kit's key for its kind and height,
// then joins the proofs two at a time until two are left (a run has at least two: its
// memory proof and a segment). proveRoot verifies those two, adds their summaries
// (lift.ts LIFT_SUMMARY) into the run's and makes root's checks (root.ts) under the
// kit's root key, which pins the key set and takes any input up to the kit's bound: the
// last join and root are one step.
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

/** A proof of the kit (a lift or a join) and the summary it carries. */
export type KitProof = { vk: RecursionVerifyingKey; proof: StarkProof; publicValues: Uint32Array };
/** The two proofs root takes, which together cover every proof of the run. */
export type AggregateResult = { tops: [KitProof, KitProof]; lifts: number; joins: number };

/** Root over the aggregation's two top proofs: the run's statement, proved under the kit's root key. */
export async function proveRoot(kit: RecursionKit, top: AggregateResult, statement: RunStatement): Promise<{ proof: StarkProof; publicValues: Uint32Array }> {
  const built = recordRoot(top.tops.map((t) => ({ vk: t.vk, proof: t.proof })), kit.keySet, statement, { anchorLogRows: kit.shape.anchorLogRows, maxInputWords: kit.shape.maxInputWords });
  const { proof, publicValues } = await proveRecursion(await kit.root.provingKey(), built);
  return { proof, publicValues };
}

/**
 * Folds a run's proofs (memory proof first, then the segments, as proveProgram returns
 * them) into two recursion proofs of the kit for root: each lifted, then joined two at a
 * time until two are left.
 */
export async function aggregateRun(kit: RecursionKit, vk: ProgramVk, run: Pick<RunProof, "proofs">, challenges: Uint32Array, progress: (what: string) => void = () => {}): Promise<AggregateResult> {
  if (run.proofs.length < 2) throw new Error(`aggregate: a run has its memory proof and at least one segment proof; this one has ${run.proofs.length} proof(s)`);
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
  const total = run.proofs.length - 2;
  while (ready.length > 2) {
    const [a, b] = ready.splice(0, 2);
    progress(`aggregate: join ${++joins}/${total}`);
    const built = recordJoin([a.child, b.child], kit.keySet, { anchorLogRows: kit.shape.anchorLogRows });
    const { proof, publicValues } = await proveRecursion(await kit.join.provingKey(), built);
    ready.push({ child: { vk: kit.join.vk, proof }, publicValues });
  }
  const tops = ready.map(({ child, publicValues }): KitProof => {
    if (publicValues.length !== LIFT_SUMMARY.length) throw new Error("aggregate: a top proof carries no summary");
    return { vk: child.vk, proof: child.proof, publicValues };
  });
  return { tops: [tops[0], tops[1]], lifts: run.proofs.length, joins };
}
