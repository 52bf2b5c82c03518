// The inverse chip, base and extension in one table: out·a = 1.
// Preprocessed: addrA, addrOut, the kind one-hot (isBase, isExt; their sum is isReal),
// the output's read count. Main: a0..a3, out0..out3.
//   isBase·a_i = 0 for i = 1..3        (a base operand: the read is (addrA, a0, 0, 0, 0))
//   isReal·((a·out) - 1) = 0           (4 coordinates, degree 3; a = 0 has no solution,
//                                       so the row also proves a ≠ 0)
//   receive (addrA, a) (isReal); send (addrOut, out) (read count)
// The inverse is unique, so a base operand's inverse is (1/a0, 0, 0, 0) with no further
// constraint.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBlock, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";
import { extProduct } from "./ext-alu.ts";

export const INV_PREP = ["addrA", "addrOut", "isBase", "isExt", "reads"] as const;
export const INV_MAIN = ["a0", "a1", "a2", "a3", "out0", "out1", "out2", "out3"] as const;

export const invAir = defineAir({
  name: "recursion.inv",
  main: INV_MAIN,
  preprocessed: INV_PREP,
  build(b) {
    const p = b.prep, m = b.main;
    const a: Expr[] = [m.a0.cur, m.a1.cur, m.a2.cur, m.a3.cur];
    const out: Expr[] = [m.out0.cur, m.out1.cur, m.out2.cur, m.out3.cur];
    const isBase = p.isBase.cur;
    const real = flag(b, b.add(isBase, p.isExt.cur));
    for (let i = 1; i < 4; i++) b.assertZero(b.mul(isBase, a[i]), `base operand limb ${i}`);
    const prod = extProduct(b, a, out);
    for (let i = 0; i < 4; i++) b.assertZero(b.mul(real, i === 0 ? b.sub(prod[0], 1) : prod[i]), `a·out = 1 (${i})`);
    readBlock(b, p.addrA.cur, a, real);
    writeBlock(b, p.addrOut.cur, out, readCount(b, p.reads.cur));
  },
});

export const invChip: RecursionChip = {
  name: "inv",
  air: () => invAir,
  count: (p) => p.inv.out.length,
  preprocessed(p: RecursionProgram) {
    const t = p.inv, n = t.out.length;
    const cols = columns(INV_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.a[r];
      cols[1][r] = t.out[r];
      cols[t.ext[r] ? 3 : 2][r] = 1;
      cols[4][r] = p.reads[t.out[r]];
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.inv, n = t.out.length;
    const cols = columns(8, tableRows(n));
    for (let r = 0; r < n; r++) {
      putBlock(cols, 0, r, memory, t.a[r]);
      putBlock(cols, 4, r, memory, t.out[r]);
    }
    return cols;
  },
};
