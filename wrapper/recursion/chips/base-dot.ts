// The base dot-product chip: out = acc + sum_k c_k·v_k over four terms, the v_k base
// values and acc, c_k extension values. A STARK verifier's DEEP sum combines every opened
// column (base values) with a power of its challenge (an extension value), per query:
// one ext-fma row per opened value made the ext-fma table the tallest of a join. Four
// terms to a row read each value as (addr, v, 0, 0, 0), so a term costs one main column
// and its coefficient four, against an ext-fma row's sixteen per term.
// Preprocessed: addrAcc, addrV0..3, addrC0..3, addrOut, isReal, the output's read count.
// Main: acc0..3, v0..v3, c0_0..c3_3 (coefficient k, coordinate i), out0..3.
//   out_i = acc_i + sum_k v_k·c_k_i     (degree 2; a zero padding row satisfies it)
//   receive (addrAcc, acc), (addrV_k, v_k, 0, 0, 0), (addrC_k, c_k) (isReal);
//   send (addrOut, out) (read count)
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import { BASE_DOT_TERMS, type RecursionProgram } from "../program.ts";
import { columns, flag, putBlock, readBase, readBlock, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

const terms = Array.from({ length: BASE_DOT_TERMS }, (_, k) => k);
const limbs = (x: string) => [0, 1, 2, 3].map((i) => `${x}${i}`);
export const BASE_DOT_PREP = ["addrAcc", ...terms.map((k) => `addrV${k}`), ...terms.map((k) => `addrC${k}`), "addrOut", "isReal", "reads"];
export const BASE_DOT_MAIN = [...limbs("acc"), ...terms.map((k) => `v${k}`), ...terms.flatMap((k) => limbs(`c${k}_`)), ...limbs("out")];

export const baseDotAir = defineAir({
  name: "recursion.base-dot",
  main: BASE_DOT_MAIN,
  preprocessed: BASE_DOT_PREP,
  build(b) {
    const m = b.main as Record<string, { cur: Expr }>, p = b.prep as Record<string, { cur: Expr }>;
    const acc = limbs("acc").map((n) => m[n].cur), out = limbs("out").map((n) => m[n].cur);
    const v = terms.map((k) => m[`v${k}`].cur);
    const c = terms.map((k) => limbs(`c${k}_`).map((n) => m[n].cur));
    const real = flag(b, p.isReal.cur);
    for (let i = 0; i < 4; i++) {
      let sum: Expr = acc[i];
      for (const k of terms) sum = b.add(sum, b.mul(v[k], c[k][i]));
      b.assertEq(out[i], sum, `dot result ${i}`);
    }
    readBlock(b, p.addrAcc.cur, acc, real);
    for (const k of terms) readBase(b, p[`addrV${k}`].cur, v[k], real);
    for (const k of terms) readBlock(b, p[`addrC${k}`].cur, c[k], real);
    writeBlock(b, p.addrOut.cur, out, readCount(b, p.reads.cur));
  },
});

export const baseDotChip: RecursionChip = {
  name: "base-dot",
  air: () => baseDotAir,
  count: (p) => p.baseDot.out.length,
  preprocessed(p: RecursionProgram) {
    const t = p.baseDot, n = t.out.length, K = BASE_DOT_TERMS;
    const cols = columns(BASE_DOT_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.acc[r];
      for (const k of terms) {
        cols[1 + k][r] = t.v[K * r + k];
        cols[1 + K + k][r] = t.c[K * r + k];
      }
      cols[1 + 2 * K][r] = t.out[r];
      cols[2 + 2 * K][r] = 1;
      cols[3 + 2 * K][r] = p.reads[t.out[r]];
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.baseDot, n = t.out.length, K = BASE_DOT_TERMS;
    const cols = columns(BASE_DOT_MAIN.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      putBlock(cols, 0, r, memory, t.acc[r]);
      for (const k of terms) {
        cols[4 + k][r] = memory[4 * t.v[K * r + k]];
        putBlock(cols, 4 + K + 4 * k, r, memory, t.c[K * r + k]);
      }
      putBlock(cols, 4 + 5 * K, r, memory, t.out[r]);
    }
    return cols;
  },
};
