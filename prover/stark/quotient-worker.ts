// Worker-thread side of the quotient evaluation: rebuilds an AIR's generated evaluator
// from its source (once per thread) and runs it on a range of LDE rows. The inputs are
// SharedArrayBuffer columns, so every thread reads the same LDE without copies.
import type { LdeInputs } from "../air/types.ts";
import { evaluatorOf as evaluator } from "../air/codegen.ts";
import { cosetIntt } from "../poly/ntt.ts";

export function evalQuotientRange(source: string, inp: LdeInputs, start: number, end: number, out: Uint32Array[]): void {
  evaluator(source)(inp, start, end, out);
}

/**
 * Runs each evaluator over its passes (quotient.ts warmQuotientEvaluators: field elements
 * on shared memory, sent like a real range's; the first rows of each pass), so that V8
 * compiles its groups now, while this thread would otherwise wait, instead of in the first proof's quotient, whose first
 * ranges then run in the interpreter (3-5 s for the recursion tables).
 */
export function warmEvaluatorsTask(items: Array<{ source: string; passes: Array<{ inp: LdeInputs; rows: number }> }>, out: Uint32Array[]): void {
  for (const { source, passes } of items) for (const { inp, rows } of passes) evaluator(source)(inp, 0, rows, out);
}

/** In-place coset interpolation of one shared column (the quotient's 4 coordinates run in parallel). */
export function cosetInttTask(col: Uint32Array, shift: number): void {
  cosetIntt(col, shift);
}
