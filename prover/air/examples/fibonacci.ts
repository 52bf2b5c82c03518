// Fibonacci: (a, b) -> (b, a + b) on every transition; publics fix the start and the
// value of b on the last row.
import { defineAir, type AirBuilder } from "../builder.ts";
import { add } from "../../field/babybear.ts";

/** The Fibonacci constraints, for any AIR with columns a, b and publics a0, b0, out. */
export function fibonacciConstraints<Pu extends string>(b: AirBuilder<"a" | "b", never, Pu | "a0" | "b0" | "out", never>): void {
  const { a, b: bb } = b.main;
  b.whenFirstRow(b.eq(a.cur, b.pub.a0), "first a");
  b.whenFirstRow(b.eq(bb.cur, b.pub.b0), "first b");
  b.whenTransition(b.eq(a.next, bb.cur), "fib shift");
  b.whenTransition(b.eq(bb.next, b.add(a.cur, bb.cur)), "fib step");
  b.whenLastRow(b.eq(bb.cur, b.pub.out), "last b");
}

export const fibonacciAir = defineAir({
  name: "fibonacci",
  main: ["a", "b"],
  publicValues: ["a0", "b0", "out"],
  build: fibonacciConstraints,
});

export function fibonacciTrace(logRows: number, a0 = 0, b0 = 1): { main: Uint32Array[]; publicValues: Uint32Array } {
  const n = 1 << logRows;
  const a = new Uint32Array(n), b = new Uint32Array(n);
  a[0] = a0;
  b[0] = b0;
  for (let i = 1; i < n; i++) {
    a[i] = b[i - 1];
    b[i] = add(a[i - 1], b[i - 1]);
  }
  return { main: [a, b], publicValues: Uint32Array.of(a0, b0, b[n - 1]) };
}
