// A byte range check by lookup, in one table of 256 rows: preprocessed column `byte`
// holds 0..255 and is received with multiplicity `count`; main column `x` is sent once
// per row. The bus balances (cumulative sum 0) iff every x is a byte and count is right.
import { defineAir } from "../builder.ts";

export const RANGE_ROWS_LOG = 8;

export const rangeCheckAir = defineAir({
  name: "range-check",
  main: ["x", "count"],
  preprocessed: ["byte"],
  build(b) {
    b.send("byte", [b.main.x.cur], 1);
    // the table side: its tuple is preprocessed, so `count` may be a free column
    b.receive("byte", [b.prep.byte.cur], b.main.count.cur, { lookupTable: true });
  },
});

export function rangeCheckPreprocessed(): Uint32Array[] {
  return [Uint32Array.from({ length: 1 << RANGE_ROWS_LOG }, (_, i) => i)];
}

/** Looks up `values` (256 of them; default pseudo-random bytes). */
export function rangeCheckTrace(values?: ArrayLike<number>): { main: Uint32Array[]; publicValues: Uint32Array } {
  const n = 1 << RANGE_ROWS_LOG;
  const x = new Uint32Array(n);
  for (let i = 0; i < n; i++) x[i] = values ? values[i] : (i * 167 + 13) & 255;
  const count = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (x[i] < n) count[x[i]]++;
  return { main: [x, count], publicValues: new Uint32Array(0) };
}
