// FRI query phase (verifier): follow one index down the layers, checking each leaf's
// Merkle path and that it holds the value folded from the layer above.
import { extAdd, extMul, equals, type Ext } from "../field/extension.ts";
import { verifyBatch } from "../merkle/mmcs.ts";
import type { HashSuite } from "../hash/suite.ts";
import type { Opening } from "./proof.ts";
import { foldLeaf, leafX0Inv, layerShift, evalPolyAtBase, rollInWeight, type FriSchedule } from "./fri.ts";
import { ldePointAt } from "./domain.ts";

/** Returns null when the query is consistent, else the reason. */
export function friVerifyQuery(
  suite: HashSuite,
  schedule: FriSchedule,
  roots: Uint32Array[],
  betas: Ext[],
  finalPoly: Uint32Array,
  index: number,
  openings: Opening[],
  inputs: Map<number, Ext>,
  logN: number,
): string | null {
  let value = inputs.get(logN);
  if (!value) return `no input at the top height 2^${logN}`;
  let idx = index;
  for (let k = 0; k < schedule.layers.length; k++) {
    const { logSize, logArity } = schedule.layers[k];
    const row = idx >>> logArity;
    const pos = idx & ((1 << logArity) - 1);
    const o = openings[k];
    const why = verifyBatch(suite, roots[k], [{ width: 4 << logArity, height: 1 << (logSize - logArity) }], row, o);
    if (why) return `layer ${k}: ${why}`;
    const leaf = o.rows[0];
    if (!equals(leaf.subarray(4 * pos, 4 * pos + 4), value)) return `layer ${k}: leaf does not hold the folded value`;
    value = foldLeaf(leaf, 0, logArity, betas[k], leafX0Inv(row, logSize, logArity, logN));
    idx = row;
    const rolled = inputs.get(logSize - logArity);
    if (rolled) value = extAdd(value, extMul(rollInWeight(betas[k], logArity), rolled));
  }
  const fl = schedule.finalLogSize;
  const x = ldePointAt(idx, fl, layerShift(logN, fl));
  if (!equals(evalPolyAtBase(finalPoly, x), value)) return "the final polynomial disagrees with the last layer";
  return null;
}
