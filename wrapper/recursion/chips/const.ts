// The const chip: one row per constant block. Everything is preprocessed (the address,
// the 4 words, the read count), so the key fixes every constant; the table has no main
// columns and only writes: send (addr, v0..v3) with the read count.
import { defineAir } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

export const CONST_PREP = ["addr", "v0", "v1", "v2", "v3", "reads"] as const;

export const constAir = defineAir({
  name: "recursion.const",
  main: [],
  preprocessed: CONST_PREP,
  build(b) {
    const p = b.prep;
    writeBlock(b, p.addr.cur, [p.v0.cur, p.v1.cur, p.v2.cur, p.v3.cur], readCount(b, p.reads.cur));
  },
});

export const constChip: RecursionChip = {
  name: "const",
  air: () => constAir,
  count: (p) => p.const.out.length,
  preprocessed(p: RecursionProgram) {
    const n = p.const.out.length;
    const cols = columns(CONST_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      const out = p.const.out[r];
      cols[0][r] = out;
      for (let j = 0; j < 4; j++) cols[1 + j][r] = p.const.value[4 * r + j];
      cols[5][r] = p.reads[out];
    }
    return cols;
  },
  main: () => [],
};
