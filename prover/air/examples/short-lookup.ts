// A lookup into a SHORT preprocessed table: a user table of any height sends each of its
// values on bus "short-lookup"; a 2^logTable-row table whose preprocessed column holds
// 0..2^logTable-1 (2^8: a byte table) receives them with a multiplicity column. With the
// user table taller, the preprocessed commitment is shorter than the main one, so queries
// open it at the index scaled to its height. The bus balances iff every value is in the
// table and the counts are right.
import { defineAir } from "../builder.ts";

export const shortLookupUserAir = defineAir({
  name: "short-lookup/user",
  main: ["x"],
  build(b) {
    b.send("short-lookup", [b.main.x.cur], 1);
  },
});

export const shortLookupTableAir = defineAir({
  name: "short-lookup/table",
  main: ["count"],
  preprocessed: ["value"],
  build(b) {
    b.receive("short-lookup", [b.prep.value.cur], b.main.count.cur, { lookupTable: true });
  },
});

/** The table's preprocessed column: 0..2^logTable-1. */
export function shortLookupPreprocessed(logTable = 8): Uint32Array[] {
  return [Uint32Array.from({ length: 1 << logTable }, (_, i) => i)];
}

/** The user table (2^logRows values; default pseudo-random table entries) and the counts. */
export function shortLookupTraces(logRows: number, logTable = 8, values?: ArrayLike<number>): { main: Uint32Array[]; publicValues: Uint32Array }[] {
  const n = 1 << logRows, size = 1 << logTable;
  const x = Uint32Array.from({ length: n }, (_, i) => (values ? values[i] : (i * 167 + 13) % size));
  const count = new Uint32Array(size);
  for (const v of x) if (v < size) count[v]++;
  const none = new Uint32Array(0);
  return [{ main: [x], publicValues: none }, { main: [count], publicValues: none }];
}
