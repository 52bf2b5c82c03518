// The base ALU chip: out = a op b on base values, op one of add, sub, mul.
// Preprocessed: the three addresses, the opcode one-hot (isAdd, isSub, isMul; their sum is
// the row's isReal) and the output's read count. Main: a, b, out.
//   out = isAdd·(a + b) + isSub·(a - b) + isMul·a·b          (degree 3)
//   receive (addrA, a, 0, 0, 0), receive (addrB, b, 0, 0, 0)  (isReal)
//   send (addrOut, out, 0, 0, 0)                               (read count)
// The literal zeros make both operands and the result base values.
import { defineAir } from "../../../prover/air/builder.ts";
import { AluOp, type RecursionProgram } from "../program.ts";
import { columns, flag, readBase, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

export const BASE_ALU_PREP = ["addrA", "addrB", "addrOut", "isAdd", "isSub", "isMul", "reads"] as const;
export const BASE_ALU_MAIN = ["a", "b", "out"] as const;

export const baseAluAir = defineAir({
  name: "recursion.base-alu",
  main: BASE_ALU_MAIN,
  preprocessed: BASE_ALU_PREP,
  build(b) {
    const p = b.prep, a = b.main.a.cur, x = b.main.b.cur, out = b.main.out.cur;
    const isAdd = p.isAdd.cur, isSub = p.isSub.cur, isMul = p.isMul.cur;
    const real = flag(b, b.sum(isAdd, isSub, isMul));
    b.assertEq(out, b.sum(b.mul(isAdd, b.add(a, x)), b.mul(isSub, b.sub(a, x)), b.mul(isMul, b.mul(a, x))), "base alu result");
    readBase(b, p.addrA.cur, a, real);
    readBase(b, p.addrB.cur, x, real);
    writeBlock(b, p.addrOut.cur, [out, 0, 0, 0], readCount(b, p.reads.cur));
  },
});

/** The opcode one-hot at row r of cols[first..first+2]. */
export function putOpcode(cols: Uint32Array[], first: number, r: number, op: number): void {
  if (op !== AluOp.Add && op !== AluOp.Sub && op !== AluOp.Mul) throw new Error(`alu opcode ${op}`);
  cols[first + op][r] = 1;
}

/** The ALUs' shared preprocessed layout: addrA, addrB, addrOut, the opcode one-hot, the
 * output's read count (base-alu and ext-alu differ only in their main columns). */
export function aluPreprocessed(t: RecursionProgram["baseAlu"], reads: Uint32Array, width: number): Uint32Array[] {
  const n = t.out.length;
  const cols = columns(width, tableRows(n));
  for (let r = 0; r < n; r++) {
    cols[0][r] = t.a[r];
    cols[1][r] = t.b[r];
    cols[2][r] = t.out[r];
    putOpcode(cols, 3, r, t.opcode[r]);
    cols[6][r] = reads[t.out[r]];
  }
  return cols;
}

export const baseAluChip: RecursionChip = {
  name: "base-alu",
  air: () => baseAluAir,
  count: (p) => p.baseAlu.out.length,
  preprocessed: (p: RecursionProgram) => aluPreprocessed(p.baseAlu, p.reads, BASE_ALU_PREP.length),
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.baseAlu, n = t.out.length;
    const cols = columns(3, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = memory[4 * t.a[r]];
      cols[1][r] = memory[4 * t.b[r]];
      cols[2][r] = memory[4 * t.out[r]];
    }
    return cols;
  },
};
