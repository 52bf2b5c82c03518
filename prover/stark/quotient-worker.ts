// Worker-thread side of the quotient evaluation: rebuilds an AIR's generated evaluator
// from its source (once per thread) and runs it on a range of LDE rows. The inputs are
// SharedArrayBuffer columns, so every thread reads the same LDE without copies.
import type { LdeInputs } from "../air/types.ts";
import { cosetIntt } from "../poly/ntt.ts";

type EvalFn = (inp: LdeInputs, start: number, end: number, out: Uint32Array[]) => void;
const compiled = new Map<string, EvalFn>();

export function evalQuotientRange(source: string, inp: LdeInputs, start: number, end: number, out: Uint32Array[]): void {
  let fn = compiled.get(source);
  if (!fn) {
    fn = new Function(source)() as EvalFn; // codegen.ts buildEvaluator: a factory's body
    compiled.set(source, fn);
  }
  fn(inp, start, end, out);
}

/** In-place coset interpolation of one shared column (the quotient's 4 coordinates run in parallel). */
export function cosetInttTask(col: Uint32Array, shift: number): void {
  cosetIntt(col, shift);
}
