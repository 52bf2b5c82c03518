// The recursion program format: the builder records what it computes, the reference
// interpreter re-runs it from the columns and the witness alone, and refuses programs
// or witnesses that break the rules.
import { expect } from "chai";
import { ProgramBuilder, RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { AluOp, READ_CAP, programStats } from "../../wrapper/recursion/program.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { P, mul } from "../../prover/field/babybear.ts";
import { extMul } from "../../prover/field/extension.ts";

function sample() {
  const b = new ProgramBuilder();
  const x = b.witness(7), y = b.witness(P - 3);
  const e = b.witness(Uint32Array.of(1, 2, 3, 4));
  const s = b.baseAlu(AluOp.Mul, x, y);
  const t = b.extAlu(AluOp.Mul, e, e);
  const xi = b.inv(x, false, "x nonzero");
  b.assertEq(b.baseAlu(AluOp.Mul, x, xi), b.constant(1), "x·x⁻¹ = 1");
  const bits = b.bits(y);
  const [lo, hi] = b.select(bits[0], x, y);
  const state = Array.from({ length: 16 }, (_, i) => (i < 2 ? lo : b.constant(i)));
  const out = b.poseidon2(state);
  b.publicValue(out[0]);
  b.publicValue(hi);
  return { b, s, t, out, x, y };
}

describe("recursion program", () => {
  it("the builder evaluates as it records, and the interpreter agrees", () => {
    const { b, s, t, out } = sample();
    expect(b.baseValue(s)).to.equal(mul(7, P - 3));
    expect(Array.from(b.value(t))).to.deep.equal(Array.from(extMul(Uint32Array.of(1, 2, 3, 4), Uint32Array.of(1, 2, 3, 4))));
    const built = b.build();
    const run = runProgram(built.program, built.witness);
    expect(Array.from(run.memory)).to.deep.equal(Array.from(built.memory));
    // bit 0 of y = p - 3 is 0 (p - 3 is even), so the select keeps (x, y): lo = 7, hi = p - 3
    const st = Uint32Array.from({ length: 16 }, (_, i) => (i < 2 ? 7 : i));
    poseidon2Permute(st);
    expect(b.baseValue(out[0])).to.equal(st[0]);
    expect(Array.from(run.publicValues)).to.deep.equal([st[0], P - 3]);
    expect(programStats(built.program).poseidon2).to.equal(1);
  });

  it("a failed assertion names its label", () => {
    const b = new ProgramBuilder();
    expect(() => b.assertEq(b.witness(1), b.witness(2), "my check")).to.throw(RecursionAssertError, "my check");
  });

  it("another witness that breaks an assertion is refused by the interpreter", () => {
    const { b } = sample();
    const built = b.build();
    // the stream: e's block (a witness row), then x, y and two zero lanes (a witness-base
    // row, emitted when x is first read)
    expect(Array.from(built.witness)).to.deep.equal([1, 2, 3, 4, 7, P - 3, 0, 0]);
    const w = built.witness.slice();
    w[4] = 8; // x = 8: x·x⁻¹ still 1, but the recorded inverse (of 7) is an output, recomputed
    expect(() => runProgram(built.program, w)).to.not.throw();
    const w2 = built.witness.slice();
    w2[5] = 0; // y = 0: fine too, the program has no check on y
    expect(() => runProgram(built.program, w2)).to.not.throw();
    const w3 = built.witness.slice();
    w3[4] = 0; // x = 0: the inverse fails
    expect(() => runProgram(built.program, w3)).to.throw(/inverse of zero/);
  });

  it("a value read more than READ_CAP times moves to copies", () => {
    const b = new ProgramBuilder();
    const x = b.witness(5);
    const c = b.constant(9);
    let acc = b.constant(0);
    for (let i = 0; i < 3 * READ_CAP; i++) acc = b.baseAlu(AluOp.Add, acc, b.baseAlu(AluOp.Mul, x, c));
    expect(b.baseValue(acc)).to.equal((3 * READ_CAP * 45) % P);
    const built = b.build();
    expect(Math.max(...built.program.reads)).to.be.at.most(READ_CAP);
    expect(() => runProgram(built.program, built.witness)).to.not.throw();
  });

  it("the interpreter refuses a program that reads an unwritten address or writes twice", () => {
    const { b } = sample();
    const built = b.build();
    const p1 = structuredClone(built.program);
    p1.baseAlu.a[0] = p1.numAddrs - 1; // the last address is written later
    expect(() => runProgram(p1, built.witness)).to.throw(/not written yet/);
    const p2 = structuredClone(built.program);
    p2.baseAlu.out[0] = p2.witness.out[0];
    expect(() => runProgram(p2, built.witness)).to.throw(/second time/);
    const p3 = structuredClone(built.program);
    p3.baseAlu.a[0] = p3.witness.out[0]; // the extension witness as a base operand
    expect(() => runProgram(p3, built.witness)).to.throw(/extension value/);
  });
});
