// The extension ALU chip: out = a op b in F_p[x]/(x^4 - 11), op one of add, sub, mul.
// Base values are valid operands (a base value is the block (v, 0, 0, 0)), and the builder
// copies values through it (x + 0).
// Preprocessed: the three addresses, the opcode one-hot (isAdd, isSub, isMul; their sum
// is isReal), the output's read count. Main: a0..a3, b0..b3, out0..out3.
//   out_i = isAdd·(a_i + b_i) + isSub·(a_i - b_i) + isMul·(a·b)_i      (degree 3)
//   (a·b)_i = sum_{j+k=i} a_j·b_k + 11·sum_{j+k=i+4} a_j·b_k
//   receive (addrA, a), receive (addrB, b) (isReal); send (addrOut, out) (read count)
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBlock, readCount, tableRows, writeBlock, type Builder, type RecursionChip } from "./common.ts";
import { aluPreprocessed } from "./base-alu.ts";

export const EXT_ALU_PREP = ["addrA", "addrB", "addrOut", "isAdd", "isSub", "isMul", "reads"] as const;
const limbs = (x: string) => [0, 1, 2, 3].map((i) => `${x}${i}`);
export const EXT_ALU_MAIN = [...limbs("a"), ...limbs("b"), ...limbs("out")];

/** The extension product's 4 coordinates as expressions (W = 11). */
export function extProduct(b: Builder, a: Expr[], x: Expr[]): Expr[] {
  return [0, 1, 2, 3].map((i) => {
    const terms: Expr[] = [];
    for (let j = 0; j < 4; j++) {
      const k = i - j;
      if (k >= 0) terms.push(b.mul(a[j], x[k]));
      else terms.push(b.mul(11, b.mul(a[j], x[k + 4])));
    }
    return b.sum(...terms);
  });
}

export const extAluAir = defineAir({
  name: "recursion.ext-alu",
  main: EXT_ALU_MAIN,
  preprocessed: EXT_ALU_PREP,
  build(b) {
    const p = b.prep;
    const col = (n: string) => (b.main as Record<string, { cur: Expr }>)[n].cur;
    const a = limbs("a").map(col), x = limbs("b").map(col), out = limbs("out").map(col);
    const isAdd = p.isAdd.cur, isSub = p.isSub.cur, isMul = p.isMul.cur;
    const real = flag(b, b.sum(isAdd, isSub, isMul));
    const prod = extProduct(b, a, x);
    for (let i = 0; i < 4; i++) {
      b.assertEq(out[i], b.sum(b.mul(isAdd, b.add(a[i], x[i])), b.mul(isSub, b.sub(a[i], x[i])), b.mul(isMul, prod[i])), `ext alu result ${i}`);
    }
    readBlock(b, p.addrA.cur, a, real);
    readBlock(b, p.addrB.cur, x, real);
    writeBlock(b, p.addrOut.cur, out, readCount(b, p.reads.cur));
  },
});

export const extAluChip: RecursionChip = {
  name: "ext-alu",
  air: () => extAluAir,
  count: (p) => p.extAlu.out.length,
  preprocessed: (p: RecursionProgram) => aluPreprocessed(p.extAlu, p.reads, EXT_ALU_PREP.length),
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.extAlu, n = t.out.length;
    const cols = columns(12, tableRows(n));
    for (let r = 0; r < n; r++) {
      putBlock(cols, 0, r, memory, t.a[r]);
      putBlock(cols, 4, r, memory, t.b[r]);
      putBlock(cols, 8, r, memory, t.out[r]);
    }
    return cols;
  },
};
