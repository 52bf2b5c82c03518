// The debug checker passes honest traces and names the constraint and row that a
// single flipped cell breaks.
import { expect } from "chai";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { syntheticAir, syntheticTrace } from "../../prover/air/examples/synthetic.ts";
import { P } from "../../prover/field/babybear.ts";
import type { CompiledAir } from "../../prover/air/types.ts";

const none = new Uint32Array(0);
const run = (air: CompiledAir, main: Uint32Array[], publicValues: Uint32Array) =>
  air.check({ main, preprocessed: [], aux: [], publicValues, challenges: none, auxPublic: none });

describe("air check", () => {
  it("accepts an honest fibonacci trace", () => {
    const t = fibonacciTrace(5);
    expect(run(fibonacciAir, t.main, t.publicValues)).to.equal(null);
  });
  it("names the constraint and row of a flipped cell", () => {
    const cases: [col: number, row: number, constraint: string, at: number][] = [
      [0, 0, "first a", 0],
      [1, 0, "first b", 0],
      [1, 9, "fib step", 8], // b[9] = a[8] + b[8], checked at row 8, fails first
      [0, 9, "fib shift", 8], // a[9] = b[8]
      [1, 31, "fib step", 30],
    ];
    for (const [col, row, constraint, at] of cases) {
      const t = fibonacciTrace(5);
      t.main[col][row] = (t.main[col][row] + 1) % P;
      const got = run(fibonacciAir, t.main, t.publicValues);
      expect(got).to.deep.equal({ constraint, row: at });
    }
  });
  it("wrong public output fails on the last row", () => {
    const t = fibonacciTrace(4);
    t.publicValues[2] ^= 1;
    expect(run(fibonacciAir, t.main, t.publicValues)).to.deep.equal({ constraint: "last b", row: 15 });
  });
  it("synthetic AIR: honest passes across check chunks, flipped cell is located", () => {
    const air = syntheticAir(32);
    const t = syntheticTrace(11);
    expect(run(air, t.main, t.publicValues)).to.equal(null);
    t.main[17][1500] ^= 1;
    // c17 at row 1500 is what step 17 produces at row 1499; rows before are untouched.
    expect(run(air, t.main, t.publicValues)).to.deep.equal({ constraint: "step 17", row: 1499 });
  });
});
