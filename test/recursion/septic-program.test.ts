// The septic curve as recursion operations: products, shares and sums agree with the
// TypeScript prover's (prover/zkvm/shares.ts), depend only on the shape, and a point
// off the curve or a sum of points with equal x is refused.
import { expect } from "chai";
import { ProgramBuilder, RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { programsEqual, witnessStreamIndex } from "../../wrapper/recursion/program.ts";
import { SepticProgram } from "../../wrapper/recursion/septic-program.ts";
import { f7, f7Mul, f7Neg } from "../../prover/field/septic.ts";
import { pointAdd, type CurvePoint } from "../../prover/field/septic-curve.ts";
import { shareAndCounter, sumShares } from "../../prover/zkvm/shares.ts";

const P = 2013265921;
function words(seed: number, n = 8): Uint32Array {
  let x = seed >>> 0;
  return Uint32Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % P;
  });
}
const finite = (pt: CurvePoint) => pt!;

/** Two shares and their sum, as a program. */
function sharesProgram(seedA: number, seedB: number) {
  const b = new ProgramBuilder();
  const s = new SepticProgram(b);
  const key = words(7);
  const keyVars = Array.from(key, (w) => b.witness(w));
  const pts = [seedA, seedB].map((seed) => {
    const root = words(seed);
    const { share, counter } = shareAndCounter(key, root);
    return { native: share, v: s.share(keyVars, Array.from(root, (w) => b.witness(w)), counter, share, "share") };
  });
  const sum = s.pointAdd(pts[0].v, pts[1].v, "sum");
  return { b, s, pts, sum };
}

describe("recursion: the septic curve as program operations", () => {
  it("F_p^7 products match the field's", () => {
    const b = new ProgramBuilder();
    const s = new SepticProgram(b);
    const x = words(1, 7), y = words(2, 7);
    expect(Array.from(s.value(s.mul(s.witness(x), s.witness(y))))).to.deep.equal(Array.from(f7Mul(x, y)));
    const inv = s.inv(s.witness(x), "inv");
    expect(Array.from(f7Mul(s.value(inv), x))).to.deep.equal(Array.from(f7(1)));
  });

  it("shares and their sum equal the prover's; the program runs and depends only on the shape", () => {
    const { b, s, pts, sum } = sharesProgram(11, 12);
    for (const p of pts) {
      expect(Array.from(s.value(p.v.x))).to.deep.equal(Array.from(p.native.x));
      expect(Array.from(s.value(p.v.y))).to.deep.equal(Array.from(p.native.y));
    }
    const native = finite(sumShares(pts.map((p) => p.native)));
    expect(Array.from(s.value(sum.x))).to.deep.equal(Array.from(native.x));
    expect(Array.from(s.value(sum.y))).to.deep.equal(Array.from(native.y));
    const built = b.build();
    expect(() => runProgram(built.program, built.witness)).to.not.throw();
    const other = sharesProgram(21, 22).b.build();
    expect(programsEqual(built.program, other.program)).to.equal(true);
  });

  it("a y that is not on the curve is refused, by the builder and by the interpreter", () => {
    const b = new ProgramBuilder();
    const s = new SepticProgram(b);
    const key = words(7), root = words(8);
    const { share, counter } = shareAndCounter(key, root);
    const bad = { x: share.x, y: f7(...Array.from(share.y).map((w, i) => (i === 0 ? (w + 1) % P : w))) };
    expect(() => s.share(Array.from(key, (w) => b.witness(w)), Array.from(root, (w) => b.witness(w)), counter, bad, "share"))
      .to.throw(RecursionAssertError, "share");
    // the honest program replayed with the bad y in its witness stream
    const { b: hb, pts } = sharesProgram(11, 12);
    const built = hb.build();
    const w = built.witness.slice();
    const y0 = witnessStreamIndex(built.program, pts[0].v.y[0].addr); // y[0] of the first share
    expect(w[y0]).to.equal(pts[0].native.y[0]);
    w[y0] = (w[y0] + 1) % P;
    expect(() => runProgram(built.program, w)).to.throw(/assert-eq/);
  });

  it("the other root of y² is accepted (the sign is the prover's choice; see the file's header)", () => {
    const b = new ProgramBuilder();
    const s = new SepticProgram(b);
    const key = words(7), root = words(9);
    const { share, counter } = shareAndCounter(key, root);
    const pt = s.share(Array.from(key, (w) => b.witness(w)), Array.from(root, (w) => b.witness(w)), counter, { x: share.x, y: f7Neg(share.y) }, "share");
    expect(Array.from(s.value(pt.y))).to.deep.equal(Array.from(f7Neg(share.y)));
  });

  it("adding points with equal x (a point to itself or to its negation) is refused", () => {
    const b = new ProgramBuilder();
    const s = new SepticProgram(b);
    const { share } = shareAndCounter(words(7), words(10));
    const a = { x: s.witness(share.x), y: s.witness(share.y) };
    const neg = { x: s.witness(share.x), y: s.witness(f7Neg(share.y)) };
    expect(() => s.pointAdd(a, neg, "sum")).to.throw(RecursionAssertError, "equal x");
    expect(pointAdd(share, { x: share.x, y: f7Neg(share.y) })).to.equal(null);
  });
});
