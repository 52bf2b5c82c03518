// The extension fused multiply-add chip: out = a·b + c in F_p[x]/(x^4 - 11). The
// verifier's linear combinations (the DEEP sums over every opened column, the FRI folds'
// interpolations) are sums of products; as one row per term instead of a product and a
// sum in ext-alu, they take half the rows (wrapper/recursion/README.md).
// Base values are valid operands (a base value is the block (v, 0, 0, 0)).
// Preprocessed: the four addresses, isReal, the output's read count. Main: a0..a3,
// b0..b3, c0..c3, out0..out3.
//   out_i = (a·b)_i + c_i      (degree 2; a zero padding row satisfies it)
//   receive (addrA, a), (addrB, b), (addrC, c) (isReal); send (addrOut, out) (read count)
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBlock, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";
import { extProduct } from "./ext-alu.ts";

export const EXT_FMA_PREP = ["addrA", "addrB", "addrC", "addrOut", "isReal", "reads"] as const;
const limbs = (x: string) => [0, 1, 2, 3].map((i) => `${x}${i}`);
export const EXT_FMA_MAIN = [...limbs("a"), ...limbs("b"), ...limbs("c"), ...limbs("out")];

export const extFmaAir = defineAir({
  name: "recursion.ext-fma",
  main: EXT_FMA_MAIN,
  preprocessed: EXT_FMA_PREP,
  build(b) {
    const p = b.prep;
    const col = (n: string) => (b.main as Record<string, { cur: Expr }>)[n].cur;
    const a = limbs("a").map(col), x = limbs("b").map(col), c = limbs("c").map(col), out = limbs("out").map(col);
    const real = flag(b, p.isReal.cur);
    const prod = extProduct(b, a, x);
    for (let i = 0; i < 4; i++) b.assertEq(out[i], b.add(prod[i], c[i]), `ext fma result ${i}`);
    readBlock(b, p.addrA.cur, a, real);
    readBlock(b, p.addrB.cur, x, real);
    readBlock(b, p.addrC.cur, c, real);
    writeBlock(b, p.addrOut.cur, out, readCount(b, p.reads.cur));
  },
});

export const extFmaChip: RecursionChip = {
  name: "ext-fma",
  air: () => extFmaAir,
  count: (p) => p.extFma.out.length,
  preprocessed(p: RecursionProgram) {
    const t = p.extFma, n = t.out.length;
    const cols = columns(EXT_FMA_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.a[r];
      cols[1][r] = t.b[r];
      cols[2][r] = t.c[r];
      cols[3][r] = t.out[r];
      cols[4][r] = 1;
      cols[5][r] = p.reads[t.out[r]];
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.extFma, n = t.out.length;
    const cols = columns(EXT_FMA_MAIN.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      putBlock(cols, 0, r, memory, t.a[r]);
      putBlock(cols, 4, r, memory, t.b[r]);
      putBlock(cols, 8, r, memory, t.c[r]);
      putBlock(cols, 12, r, memory, t.out[r]);
    }
    return cols;
  },
};
