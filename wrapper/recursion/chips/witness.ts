// The witness chip: one row per witness block (proof data the prover supplies). The
// address and the read count are preprocessed, the 4 words are main columns; the row
// only writes: send (addr, v0..v3) with the read count. Nothing constrains the values:
// they are whatever the prover claims, and the program's checks judge them.
import { defineAir } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, putBlock, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

export const WITNESS_PREP = ["addr", "reads"] as const;
export const WITNESS_MAIN = ["v0", "v1", "v2", "v3"] as const;

export const witnessAir = defineAir({
  name: "recursion.witness",
  main: WITNESS_MAIN,
  preprocessed: WITNESS_PREP,
  build(b) {
    const m = b.main;
    writeBlock(b, b.prep.addr.cur, [m.v0.cur, m.v1.cur, m.v2.cur, m.v3.cur], readCount(b, b.prep.reads.cur));
  },
});

export const witnessChip: RecursionChip = {
  name: "witness",
  air: () => witnessAir,
  count: (p) => p.witness.out.length,
  preprocessed(p: RecursionProgram) {
    const n = p.witness.out.length;
    const cols = columns(WITNESS_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = p.witness.out[r];
      cols[1][r] = p.reads[p.witness.out[r]];
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const n = p.witness.out.length;
    const cols = columns(4, tableRows(n));
    for (let r = 0; r < n; r++) putBlock(cols, 0, r, memory, p.witness.out[r]);
    return cols;
  },
};
