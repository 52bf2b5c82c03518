// FRI commit phase (prover): commit each layer, draw beta, fold, roll in shorter
// inputs; then send the final polynomial. Query openings are produced on demand.
import { MerkleCommitment } from "../merkle/mmcs.ts";
import { capHeightOf, observeCommitment, openingUnderCap } from "./merkle-cap.ts";
import type { HashSuite } from "../hash/suite.ts";
import type { Challenger } from "../transcript/challenger.ts";
import { extMulAt } from "../field/extension.ts";
import { add } from "../field/babybear.ts";
import type { StarkConfig } from "./config.ts";
import type { Opening } from "./proof.ts";
import { proverTestHooks } from "./test-hooks.ts";
import { friSchedule, foldLayer, layerColumns, finalPolyCoefficients, layerShift, rollInWeight, type FriSchedule } from "./fri.ts";

export type FriProverResult = {
  schedule: FriSchedule;
  roots: Uint32Array[];
  finalPoly: Uint32Array;
  /** Time spent building Merkle trees, so the prover can report it as hashing. */
  commitMs: number;
  openQueries(index: number): Opening[];
};

/** `inputs` maps log2(size) to evaluations (AoS, bit-reversed) of the DEEP functions. */
export async function friProve(
  suite: HashSuite,
  challenger: Challenger,
  inputs: Map<number, Uint32Array>,
  config: StarkConfig,
): Promise<FriProverResult> {
  const logN = Math.max(...inputs.keys());
  const schedule = friSchedule([...inputs.keys()], config.friLogArity, config.friLogFinalDegree + config.logBlowup);
  const commits: MerkleCommitment[] = [];
  const roots: Uint32Array[] = [];
  let values = inputs.get(logN)!;
  let commitMs = 0;
  for (const layer of schedule.layers) {
    const cols = layerColumns(values, layer.logArity);
    const t0 = performance.now();
    const commit = await MerkleCommitment.commit(suite, [{ width: cols.length, height: cols[0].length, columns: cols }]);
    commitMs += performance.now() - t0;
    commits.push(commit);
    // the layer's cap (its root unless merkleCapHeight is set: merkle-cap.ts)
    roots.push(observeCommitment(config, commit, challenger, suite.digestWords));
    const beta = challenger.sampleExt();
    values = foldLayer(values, layer.logSize, layer.logArity, beta, logN);
    const rolled = inputs.get(layer.logSize - layer.logArity);
    if (rolled) addScaled(values, rolled, rollInWeight(beta, layer.logArity));
    proverTestHooks().friFolded?.(commits.length - 1, values); // tests only (test-hooks.ts)
  }
  const full = finalPolyCoefficients(values, schedule.finalLogSize, layerShift(logN, schedule.finalLogSize));
  const keep = 4 << config.friLogFinalDegree;
  for (let i = keep; i < full.length; i++) {
    if (full[i] !== 0) throw new Error("FRI: the final layer is not of low degree; the DEEP inputs are inconsistent (prover bug)");
  }
  const finalPoly = full.slice(0, keep);
  proverTestHooks().finalPoly?.(finalPoly); // tests only (test-hooks.ts)
  challenger.observe(finalPoly);
  return {
    schedule,
    roots,
    finalPoly,
    commitMs,
    openQueries(index: number): Opening[] {
      let idx = index;
      return schedule.layers.map((layer, k) => {
        idx >>>= layer.logArity;
        return openingUnderCap(commits[k].openBatch(idx), capHeightOf(config, commits[k].dims));
      });
    },
  };
}

/** acc += w · v elementwise over AoS extension vectors. */
function addScaled(acc: Uint32Array, v: Uint32Array, w: Uint32Array): void {
  const t = new Uint32Array(4);
  for (let o = 0; o < acc.length; o += 4) {
    extMulAt(t, 0, v, o, w, 0);
    for (let j = 0; j < 4; j++) acc[o + j] = add(acc[o + j], t[j]);
  }
}
