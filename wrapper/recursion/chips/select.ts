// The select chip: a conditional swap by a bit (Merkle paths).
//   out0 = bit ? b : a,  out1 = bit ? a : b
// Preprocessed: addrBit, addrA, addrB, addrOut0, addrOut1, isReal, the outputs' read
// counts. Main: bit, a0..a3, b0..b3, out0_0..out0_3; out1 = a + b - out0 is an expression.
//   bit·(bit - 1) = 0                    (on every row; padding rows are zero)
//   out0_i = a_i + bit·(b_i - a_i)       (degree 2)
//   receive (addrBit, bit, 0, 0, 0), (addrA, a), (addrB, b)   (isReal)
//   send (addrOut0, out0), (addrOut1, a + b - out0)          (read counts)
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBase, readBlock, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

export const SELECT_PREP = ["addrBit", "addrA", "addrB", "addrOut0", "addrOut1", "isReal", "reads0", "reads1"] as const;
const limbs = (x: string) => [0, 1, 2, 3].map((i) => `${x}${i}`);
export const SELECT_MAIN = ["bit", ...limbs("a"), ...limbs("b"), ...limbs("out0_")];

export const selectAir = defineAir({
  name: "recursion.select",
  main: SELECT_MAIN,
  preprocessed: SELECT_PREP,
  build(b) {
    const p = b.prep;
    const col = (n: string) => (b.main as Record<string, { cur: Expr }>)[n].cur;
    const bit = col("bit");
    const a = limbs("a").map(col), x = limbs("b").map(col), o0 = limbs("out0_").map(col);
    const real = flag(b, p.isReal.cur);
    b.assertZero(b.mul(bit, b.sub(bit, 1)), "bit is 0/1");
    for (let i = 0; i < 4; i++) b.assertEq(o0[i], b.add(a[i], b.mul(bit, b.sub(x[i], a[i]))), `out0 ${i}`);
    const o1 = [0, 1, 2, 3].map((i) => b.sub(b.add(a[i], x[i]), o0[i]));
    readBase(b, p.addrBit.cur, bit, real);
    readBlock(b, p.addrA.cur, a, real);
    readBlock(b, p.addrB.cur, x, real);
    writeBlock(b, p.addrOut0.cur, o0, readCount(b, p.reads0.cur));
    writeBlock(b, p.addrOut1.cur, o1, readCount(b, p.reads1.cur));
  },
});

export const selectChip: RecursionChip = {
  name: "select",
  air: () => selectAir,
  count: (p) => p.select.bit.length,
  preprocessed(p: RecursionProgram) {
    const t = p.select, n = t.bit.length;
    const cols = columns(SELECT_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.bit[r];
      cols[1][r] = t.a[r];
      cols[2][r] = t.b[r];
      cols[3][r] = t.out0[r];
      cols[4][r] = t.out1[r];
      cols[5][r] = 1;
      cols[6][r] = p.reads[t.out0[r]];
      cols[7][r] = p.reads[t.out1[r]];
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.select, n = t.bit.length;
    const cols = columns(13, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = memory[4 * t.bit[r]];
      putBlock(cols, 1, r, memory, t.a[r]);
      putBlock(cols, 5, r, memory, t.b[r]);
      putBlock(cols, 9, r, memory, t.out0[r]);
    }
    return cols;
  },
};
