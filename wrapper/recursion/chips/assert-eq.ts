// The assert-eq chip: mem[a] = mem[b]. One block v in main columns, read twice:
//   receive (addrA, v), receive (addrB, v) (isReal)
// Both reads balance only if both addresses hold v: no constraint of its own.
// Preprocessed: addrA, addrB, isReal. Main: v0..v3.
import { defineAir } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBlock, tableRows, type RecursionChip } from "./common.ts";

export const ASSERT_EQ_PREP = ["addrA", "addrB", "isReal"] as const;
export const ASSERT_EQ_MAIN = ["v0", "v1", "v2", "v3"] as const;

export const assertEqAir = defineAir({
  name: "recursion.assert-eq",
  main: ASSERT_EQ_MAIN,
  preprocessed: ASSERT_EQ_PREP,
  build(b) {
    const p = b.prep, m = b.main;
    const v = [m.v0.cur, m.v1.cur, m.v2.cur, m.v3.cur];
    const real = flag(b, p.isReal.cur);
    readBlock(b, p.addrA.cur, v, real);
    readBlock(b, p.addrB.cur, v, real);
  },
});

export const assertEqChip: RecursionChip = {
  name: "assert-eq",
  air: () => assertEqAir,
  count: (p) => p.assertEq.a.length,
  preprocessed(p: RecursionProgram) {
    const t = p.assertEq, n = t.a.length;
    const cols = columns(ASSERT_EQ_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.a[r];
      cols[1][r] = t.b[r];
      cols[2][r] = 1;
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.assertEq, n = t.a.length;
    const cols = columns(4, tableRows(n));
    // The block at a (an honest run has the same at b).
    for (let r = 0; r < n; r++) putBlock(cols, 0, r, memory, t.a[r]);
    return cols;
  },
};
