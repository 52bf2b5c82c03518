// A bus that balances only across tables: table A sends each of its values once,
// table B (value = row index, pinned by its constraints) receives each distinct value
// with a multiplicity. Neither table's cumulative sum is zero; their sum is.
import { defineAir } from "../builder.ts";

export const sendTableAir = defineAir({
  name: "two-tables/send",
  main: ["value"],
  build(b) {
    b.send("values", [b.main.value.cur], 1);
  },
});

export const receiveTableAir = defineAir({
  name: "two-tables/receive",
  main: ["value", "mult"],
  build(b) {
    // value is pinned to the row index, so B is a lookup table of 0..n-1 and its
    // multiplicity column may be free (prover/air/README.md, "Multiplicities")
    const { value, mult } = b.main;
    b.whenFirstRow(value.cur, "value first");
    b.whenTransition(b.eq(value.next, b.add(value.cur, 1)), "value step");
    b.receive("values", [value.cur], mult.cur, { lookupTable: { fixedBy: ["value first", "value step"] } });
  },
});

/** A: 2^logA values drawn from 0..2^logB-1; B: every value 0..2^logB-1 with its count. */
export function twoTableTraces(logA: number, logB: number): { main: Uint32Array[]; publicValues: Uint32Array }[] {
  const nA = 1 << logA, nB = 1 << logB;
  const a = new Uint32Array(nA);
  for (let i = 0; i < nA; i++) a[i] = (i * 2654435761) % nB;
  const value = Uint32Array.from({ length: nB }, (_, i) => i), mult = new Uint32Array(nB);
  for (const v of a) mult[v]++;
  return [
    { main: [a], publicValues: new Uint32Array(0) },
    { main: [value, mult], publicValues: new Uint32Array(0) },
  ];
}
