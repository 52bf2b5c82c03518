// A permutation check over the bus: column `a` is sent, its sorted copy `sorted`
// received, both with multiplicity 1; the sum is zero iff they are the same multiset.
import { defineAir } from "../builder.ts";

export const permutationAir = defineAir({
  name: "permutation",
  main: ["a", "sorted"],
  build(b) {
    b.send("perm", [b.main.a.cur]);
    b.receive("perm", [b.main.sorted.cur]);
  },
});

export function permutationTrace(logRows: number): { main: Uint32Array[]; publicValues: Uint32Array } {
  const n = 1 << logRows;
  const a = Uint32Array.from({ length: n }, (_, i) => (i * 7919 + 17) % 1000);
  return { main: [a, a.slice().sort()], publicValues: new Uint32Array(0) };
}
