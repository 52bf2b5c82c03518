// The bits chip: the 31-bit canonical decomposition of a base value.
// Preprocessed: addrA, isReal, the 31 output addresses out0..out30 and their read counts
// reads0..reads30. Main: the bits b0..b30 and two helpers, top2 = b27·b28 and
// top4 = top2·b29·b30 (all four top bits set).
//   b_i·(b_i - 1) = 0                               (31 constraints)
//   top2 = b27·b28,  top4 = top2·b29·b30            (degree 3)
//   top4·(sum_{i<27} b_i·2^i) = 0                   (canonical, degree 2)
//   receive (addrA, sum_i b_i·2^i, 0, 0, 0)         (isReal)
//   send (out_i, b_i, 0, 0, 0)                      (read count i)
// Why canonical: p = 15·2^27 + 1, so a 31-bit number is at least p exactly when its top
// four bits (27..30) are all 1 and its low 27 bits are not all 0. The low sum is below
// 2^27 < p, so it is zero in the field only when every low bit is 0. Without the check,
// the bits of x + p (< 2^31 for x < 2^31 - p) would also sum to x.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import { mul } from "../../../prover/field/babybear.ts";
import { BITS_PER_DECOMPOSITION as NB, type RecursionProgram } from "../program.ts";
import { columns, flag, readBase, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
export const BITS_PREP = ["addrA", "isReal", ...range(NB).map((i) => `out${i}`), ...range(NB).map((i) => `reads${i}`)];
export const BITS_MAIN = [...range(NB).map((i) => `b${i}`), "top2", "top4"];
/** The low bits of a canonical value below the top four (p - 1 = 15·2^27). */
const LOW_BITS = 27;

export const bitsAir = defineAir({
  name: "recursion.bits",
  main: BITS_MAIN,
  preprocessed: BITS_PREP,
  build(b) {
    const col = (n: string) => (b.main as Record<string, { cur: Expr }>)[n].cur;
    const pre = (n: string) => (b.prep as Record<string, { cur: Expr }>)[n].cur;
    const bits = range(NB).map((i) => col(`b${i}`));
    bits.forEach((x, i) => b.assertZero(b.mul(x, b.sub(x, 1)), `bit ${i} is 0/1`));
    const top2 = col("top2"), top4 = col("top4");
    b.assertEq(top2, b.mul(bits[27], bits[28]), "top2 = b27·b28");
    b.assertEq(top4, b.mul(top2, b.mul(bits[29], bits[30])), "top4 = top2·b29·b30");
    const low = b.sum(...range(LOW_BITS).map((i) => b.mul(bits[i], 2 ** i)));
    b.assertZero(b.mul(top4, low), "canonical: below p");
    const value = b.sum(...bits.map((x, i) => b.mul(x, 2 ** i)));
    readBase(b, pre("addrA"), value, flag(b, pre("isReal")));
    bits.forEach((x, i) => writeBlock(b, pre(`out${i}`), [x, 0, 0, 0], readCount(b, pre(`reads${i}`))));
  },
});

export const bitsChip: RecursionChip = {
  name: "bits",
  air: () => bitsAir,
  count: (p) => p.bits.a.length,
  preprocessed(p: RecursionProgram) {
    const t = p.bits, n = t.a.length;
    const cols = columns(BITS_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = t.a[r];
      cols[1][r] = 1;
      for (let i = 0; i < NB; i++) {
        const out = t.out[NB * r + i];
        cols[2 + i][r] = out;
        cols[2 + NB + i][r] = p.reads[out];
      }
    }
    return cols;
  },
  /** The bits are the outputs' memory words (so a forged output shows in the trace). */
  main(p: RecursionProgram, memory: Uint32Array) {
    const t = p.bits, n = t.a.length;
    const cols = columns(BITS_MAIN.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < NB; i++) cols[i][r] = memory[4 * t.out[NB * r + i]];
      const top2 = mul(cols[27][r], cols[28][r]);
      cols[NB][r] = top2;
      cols[NB + 1][r] = mul(top2, mul(cols[29][r], cols[30][r]));
    }
    return cols;
  },
};
