// Differently gated terms in ONE constraint, and selectors as bus multiplicities: the
// relation only holds when every selector is exactly 0 or 1 on the trace.
//   "gated sum":  first·(a - a0) + transition·(b' - b - a) + last·(c - cN) = 0
// On row 0 the first two terms add (a0 = a and b' = b + a must both hold for the sum to
// vanish with an honest trace), rows 1..n-2 keep b' = b + a, the last row fixes c.
//   bus "gated": each row sends a with multiplicity transition + last (= 1 on every row)
//   and receives a once, so the table balances on its own.
import { defineAir } from "../builder.ts";
import { add } from "../../field/babybear.ts";

export const gatedSelectorsAir = defineAir({
  name: "gated-selectors",
  main: ["a", "b", "c"],
  publicValues: ["a0", "cN"],
  build(b) {
    const { a, b: bb, c } = b.main;
    b.assertZero(b.sum(
      b.mul(b.isFirstRow, b.sub(a.cur, b.pub.a0)),
      b.mul(b.isTransition, b.sub(bb.next, b.add(bb.cur, a.cur))),
      b.mul(b.isLastRow, b.sub(c.cur, b.pub.cN)),
    ), "gated sum");
    b.send("gated", [a.cur], b.add(b.isTransition, b.isLastRow));
    b.receive("gated", [a.cur], 1);
  },
});

/** An honest trace: a_i = a0 + 3i, b the running sum of a, c = cN on the last row. */
export function gatedSelectorsTrace(logRows: number, a0 = 5, cN = 77): { main: Uint32Array[]; publicValues: Uint32Array } {
  const n = 1 << logRows;
  const a = new Uint32Array(n), b = new Uint32Array(n), c = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = add(a0, 3 * i);
    if (i > 0) b[i] = add(b[i - 1], a[i - 1]);
    c[i] = (i * 11) % 13; // free except on the last row
  }
  c[n - 1] = cN;
  return { main: [a, b, c], publicValues: Uint32Array.of(a0, cN) };
}
