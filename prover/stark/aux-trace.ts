// The LogUp aux traces of a proof's tables (air/logup.ts), built on the worker pool: every
// table's rows are split into ranges and all ranges of all tables are handed out at once,
// so small tables fill the threads beside a tall one. Each range evaluates the
// fingerprints and multiplicities, inverts them in one batch per interaction and sums the
// terms; the running-sum column, a prefix sum over rows, is added up here afterwards.
// The result is the same, word for word, as generateAux on one thread.
import type { CompiledAir } from "../air/types.ts";
import { generateAux, checkAuxChallenges, runningSum, type AuxInputs } from "../air/logup.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";

export type AuxJob = { air: CompiledAir } & AuxInputs;
export type AuxTrace = { aux: Uint32Array[]; auxPublic: Uint32Array };

/** Rows below which a table is one task (the batch inversion and the evaluator's loop then dominate nothing). */
const MIN_RANGE_ROWS = 1 << 12;

export async function generateAuxTraces(jobs: AuxJob[]): Promise<AuxTrace[]> {
  const pool = getPool();
  if (pool.size < 2) return jobs.map((j) => generateAux(j.air, j.main, j.preprocessed, j.publicValues, j.challenges));
  const results: AuxTrace[] = [];
  const tasks: Array<Promise<unknown>> = [];
  const finish: Array<() => void> = [];
  for (const [t, { air, main, preprocessed, publicValues, challenges }] of jobs.entries()) {
    if (air.interactions.length === 0) {
      results[t] = { aux: [], auxPublic: new Uint32Array(0) };
      continue;
    }
    if (!air.auxModuleSource) throw new Error(`generateAux: '${air.name}' was not compiled by defineAir`);
    checkAuxChallenges(challenges);
    const n = (main[0] ?? preprocessed[0]).length;
    const aux = Array.from({ length: 4 * air.auxWidth }, () => sharedU32(n));
    const rowSums = sharedU32(4 * n);
    const inputs: AuxInputs = { main: main.map(toSharedU32), preprocessed: preprocessed.map(toSharedU32), publicValues, challenges };
    const termColumns = air.interactions.map((it) => it.termColumn);
    const parts = Math.max(1, Math.min(2 * pool.size, Math.floor(n / MIN_RANGE_ROWS)));
    for (const [start, end] of splitRange(n, parts)) {
      tasks.push(pool.run(AUX_URL, "auxRowsTask", [air.auxModuleSource, termColumns, inputs, start, end, aux, rowSums]));
    }
    finish.push(() => { results[t] = { aux, auxPublic: runningSum(rowSums, aux.slice(aux.length - 4)) }; });
  }
  await Promise.all(tasks);
  for (const f of finish) f();
  return results;
}

const AUX_URL = new URL("./aux-worker.ts", import.meta.url).href;
