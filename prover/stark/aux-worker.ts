// Worker-thread side of the LogUp aux traces (aux-trace.ts): rebuilds an AIR's aux
// evaluator from its source (once per thread) and fills a range of rows of the shared aux
// columns and row sums.
import { auxRows, type AuxInputs } from "../air/logup.ts";
import type { EvalFn } from "../air/codegen.ts";

const compiled = new Map<string, EvalFn>();

export function auxRowsTask(
  source: string, termColumns: number[], inputs: AuxInputs, start: number, end: number, aux: Uint32Array[], rowSums: Uint32Array,
): void {
  let fn = compiled.get(source);
  if (!fn) {
    fn = new Function(source)() as EvalFn; // codegen.ts buildEvaluator: a factory's body
    compiled.set(source, fn);
  }
  auxRows(fn, termColumns, inputs, start, end, aux, rowSums);
}
