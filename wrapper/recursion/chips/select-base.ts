// The select-base chip: four base pairs swapped under one bit, a row per half digest.
// A Merkle path level swaps an 8-word digest pair under the index bit; in the select chip
// that is eight rows whose blocks are three quarters zeros. Here a level is two rows.
//   out0_i = bit ? b_i : a_i,  out1_i = bit ? a_i : b_i     (i < 4)
// Preprocessed: addrBit, addrA0..3, addrB0..3, addrOut0_0..3, addrOut1_0..3, isReal, the
// outputs' read counts. Main: bit, a0..a3, b0..b3, o0..o3; out1_i = a_i + b_i - o_i is
// an expression.
//   bit·(bit - 1) = 0                       (every row; padding rows are zero)
//   o_i = a_i + bit·(b_i - a_i)             (degree 2)
//   receive (addrBit, bit, 0, 0, 0), (addrA_i, a_i, 0, 0, 0), (addrB_i, b_i, 0, 0, 0)  (isReal)
//   send (addrOut0_i, o_i, 0, 0, 0), (addrOut1_i, a_i + b_i - o_i, 0, 0, 0)          (read counts)
// Every operand is read as a base value, so the outputs are base values too.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import { SELECT_BASE_LANES, type RecursionProgram } from "../program.ts";
import { columns, flag, readBase, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

const lanes = Array.from({ length: SELECT_BASE_LANES }, (_, i) => i);
const named = (x: string) => lanes.map((i) => `${x}${i}`);
export const SELECT_BASE_PREP = ["addrBit", ...named("addrA"), ...named("addrB"), ...named("addrOut0_"), ...named("addrOut1_"), "isReal", ...named("reads0_"), ...named("reads1_")];
export const SELECT_BASE_MAIN = ["bit", ...named("a"), ...named("b"), ...named("o")];

export const selectBaseAir = defineAir({
  name: "recursion.select-base",
  main: SELECT_BASE_MAIN,
  preprocessed: SELECT_BASE_PREP,
  build(b) {
    const m = b.main as Record<string, { cur: Expr }>, p = b.prep as Record<string, { cur: Expr }>;
    const bit = m.bit.cur;
    const real = flag(b, p.isReal.cur);
    b.assertZero(b.mul(bit, b.sub(bit, 1)), "bit is 0/1");
    readBase(b, p.addrBit.cur, bit, real);
    for (const i of lanes) {
      const a = m[`a${i}`].cur, x = m[`b${i}`].cur, o = m[`o${i}`].cur;
      b.assertEq(o, b.add(a, b.mul(bit, b.sub(x, a))), `out0 ${i}`);
      readBase(b, p[`addrA${i}`].cur, a, real);
      readBase(b, p[`addrB${i}`].cur, x, real);
      writeBlock(b, p[`addrOut0_${i}`].cur, [o, 0, 0, 0], readCount(b, p[`reads0_${i}`].cur));
      writeBlock(b, p[`addrOut1_${i}`].cur, [b.sub(b.add(a, x), o), 0, 0, 0], readCount(b, p[`reads1_${i}`].cur));
    }
  },
});

export const selectBaseChip: RecursionChip = {
  name: "select-base",
  air: () => selectBaseAir,
  count: (p) => p.selectBase.bit.length,
  preprocessed(p: RecursionProgram) {
    const t = p.selectBase, n = t.bit.length, L = SELECT_BASE_LANES;
    const cols = columns(SELECT_BASE_PREP.length, tableRows(n));
    const isReal = 1 + 4 * L, reads = isReal + 1;
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.bit[r];
      for (const i of lanes) {
        const k = L * r + i;
        cols[1 + i][r] = t.a[k];
        cols[1 + L + i][r] = t.b[k];
        cols[1 + 2 * L + i][r] = t.out0[k];
        cols[1 + 3 * L + i][r] = t.out1[k];
        cols[reads + i][r] = p.reads[t.out0[k]];
        cols[reads + L + i][r] = p.reads[t.out1[k]];
      }
      cols[isReal][r] = 1;
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.selectBase, n = t.bit.length, L = SELECT_BASE_LANES;
    const cols = columns(SELECT_BASE_MAIN.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = memory[4 * t.bit[r]];
      for (const i of lanes) {
        const k = L * r + i;
        cols[1 + i][r] = memory[4 * t.a[k]];
        cols[1 + L + i][r] = memory[4 * t.b[k]];
        cols[1 + 2 * L + i][r] = memory[4 * t.out0[k]];
      }
    }
    return cols;
  },
};
