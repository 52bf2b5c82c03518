// Worker-thread side of the LogUp aux traces (aux-trace.ts): fills a range of rows of
// the shared aux columns and row sums with the AIR's aux evaluator, built from its source
// once per thread.
import { auxRows, type AuxInputs } from "../air/logup.ts";
import { evaluatorOf } from "../air/codegen.ts";

export function auxRowsTask(
  source: string, termColumns: number[], inputs: AuxInputs, start: number, end: number, aux: Uint32Array[], rowSums: Uint32Array,
): void {
  auxRows(evaluatorOf(source), termColumns, inputs, start, end, aux, rowSums);
}
