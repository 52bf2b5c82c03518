// The prover's generated evaluator (a) and the verifier's interpreter (b) agree:
// random column polynomials, evaluated on the LDE coset and at the same point embedded
// in the extension, give evalQuotient · Z_H(x) = evalAtPoint.
import { expect } from "chai";
import { defineAir } from "../../prover/air/builder.ts";
import { buildEvaluator } from "../../prover/air/codegen.ts";
import { ldeSelectors, selectorsAtPoint, traceSelectors } from "../../prover/air/selectors.ts";
import { cosetLde } from "../../prover/poly/ntt.ts";
import { COSET_SHIFT } from "../../prover/stark/domain.ts";
import { mul, sub, pow, rootOfUnity, GENERATOR } from "../../prover/field/babybear.ts";
import { ext, extMul, extSub, extDiv, extAdd, equals, extToString, type Ext } from "../../prover/field/extension.ts";
import { rng, randomWords, evalPoly } from "./helpers.ts";
import { syntheticAir } from "../../prover/air/examples/synthetic.ts";
import { fibonacciAir } from "../../prover/air/examples/fibonacci.ts";

const mixedAir = defineAir({
  name: "mixed",
  main: ["a", "b", "c"],
  preprocessed: ["p"],
  publicValues: ["k"],
  challenges: ["r"],
  build(b) {
    const { a, b: bb, c } = b.main;
    b.whenTransition(b.eq(a.next, b.add(b.mul(a.cur, bb.cur), b.prep.p.cur)), "step");
    b.assertBool(c.cur, "c bool");
    b.whenLastRow(b.eq(a.cur, b.pub.k), "last");
    b.whenFirstRow(b.eq(b.mul(b.chal.r, a.cur), b.neg(bb.next)), "ext");
    b.assertZero(b.sub(b.prod(a.cur, a.cur, a.cur), 5), "cube");
    b.send("bus", [a.cur, bb.cur], c.cur);
    b.receive("bus2", [b.prep.p.next], 3);
  },
});

function agree(air: typeof mixedAir, logRows: number, logBlowup: number, seed: number) {
  const r = rng(seed);
  const n = 1 << logRows, B = 1 << logBlowup, N = n * B;
  const wN = rootOfUnity(logRows + logBlowup), wn = rootOfUnity(logRows);
  const polys = (k: number) => Array.from({ length: k }, () => randomWords(r, n));
  const main = polys(air.mainWidth), prep = polys(air.preprocessedWidth), aux = polys(4 * air.auxWidth);
  const lde = (cs: Uint32Array[]) => cs.map((c) => Uint32Array.from({ length: N }, (_, i) => evalPoly(c, mul(GENERATOR, pow(wN, i)))));
  const sel = ldeSelectors(logRows, logBlowup);
  const publicValues = randomWords(r, air.numPublicValues), challenges = randomWords(r, 4 * air.numChallenges);
  const auxPublic = randomWords(r, 4 * air.numAuxPublic);
  const alpha = randomWords(r, 4);
  const alphaPowers = new Uint32Array(4 * air.constraintNames.length);
  let p: Ext = ext(1);
  for (let k = 0; k < air.constraintNames.length; k++, p = extMul(p, alpha)) alphaPowers.set(p, 4 * k);
  const out = [0, 1, 2, 3].map(() => new Uint32Array(N));
  const inp = { main: lde(main), preprocessed: lde(prep), aux: lde(aux), nextStride: B, ...sel, publicValues, challenges, auxPublic, alphaPowers };
  // Two halves, to exercise start/end.
  air.evalQuotient(inp, 0, N >> 1, out);
  air.evalQuotient(inp, N >> 1, N, out);
  // Workers rebuild the evaluator from its source: same result.
  const rebuilt = buildEvaluator(air.moduleSource!);
  const out2 = [0, 1, 2, 3].map(() => new Uint32Array(N));
  rebuilt(inp, 0, N, out2);
  expect(out2).to.deep.equal(out);
  for (const i of [0, 1, 5, N - B, N - 1]) {
    const x = mul(GENERATOR, pow(wN, i)), xn = mul(x, wn);
    const at = (cs: Uint32Array[], y: number) => cs.map((c) => ext(evalPoly(c, y)));
    const auxAt = (y: number) => Array.from({ length: air.auxWidth }, (_, c) =>
      ext(...[0, 1, 2, 3].map((j) => evalPoly(aux[4 * c + j], y))));
    const s = selectorsAtPoint(ext(x), logRows);
    const v = air.evalAtPoint({
      mainCur: at(main, x), mainNext: at(main, xn), prepCur: at(prep, x), prepNext: at(prep, xn),
      auxCur: auxAt(x), auxNext: auxAt(xn), isFirstRow: s.isFirstRow, isLastRow: s.isLastRow, isTransition: s.isTransition,
      publicValues, challenges, auxPublic,
    }, alpha);
    const q = ext(out[0][i], out[1][i], out[2][i], out[3][i]);
    const lhs = extMul(q, s.zerofier);
    expect(equals(lhs, v), `row ${i}: ${extToString(lhs)} vs ${extToString(v)}`).to.equal(true);
    expect(s.isFirstRow[0]).to.equal(sel.isFirstRow[i]);
    expect(s.isLastRow[0]).to.equal(sel.isLastRow[i]);
    expect(s.isTransition[0]).to.equal(sel.isTransition[i]);
  }
}

describe("air evaluators", () => {
  it("evalQuotient · Z equals evalAtPoint (mixed AIR with bus, ext challenges, preprocessed)", () => {
    agree(mixedAir, 3, 2, 1);
    agree(mixedAir, 4, 1, 2);
  });
  it("agree on fibonacci and the synthetic AIR", () => {
    agree(fibonacciAir, 3, 1, 3);
    agree(syntheticAir(8), 3, 2, 4);
    agree(syntheticAir(70), 2, 1, 5); // more constraints than one delayed-reduction run
  });
  it("splits a wide AIR's evaluator into several functions (each small enough for V8 to optimise), with the same results", () => {
    const wide = syntheticAir(150);
    expect((wide.moduleSource!.match(/=function\(/g) ?? []).length).to.be.greaterThan(1);
    agree(wide, 2, 1, 6);
  });
  it("runs over any range in runs of rows (ranges across the chunk boundaries give the same values); its groups never read the inputs object", () => {
    const wide = syntheticAir(150);
    const src = wide.moduleSource!;
    const groups = src.split(/const f\d+=function/).slice(1).map((g) => g.slice(0, g.indexOf("\nreturn function(inp")));
    expect(groups.length).to.be.greaterThan(1);
    for (const g of groups) expect(g).not.to.match(/\binp\b/); // a dead hidden class would deoptimise them
    const r = rng(8);
    const N = 1 << 10;
    const cols = (k: number) => Array.from({ length: k }, () => randomWords(r, N));
    const sel = ldeSelectors(8, 2);
    const alphaPowers = randomWords(r, 4 * wide.constraintNames.length);
    const inp = { main: cols(wide.mainWidth), preprocessed: cols(wide.preprocessedWidth), aux: cols(4 * wide.auxWidth), nextStride: 4, ...sel, publicValues: randomWords(r, wide.numPublicValues), challenges: randomWords(r, 4 * wide.numChallenges), auxPublic: randomWords(r, 4 * wide.numAuxPublic), alphaPowers };
    const whole = [0, 1, 2, 3].map(() => new Uint32Array(N));
    wide.evalQuotient(inp, 0, N, whole);
    const pieces = [0, 1, 2, 3].map(() => new Uint32Array(N));
    for (const [s, e] of [[0, 255], [255, 257], [257, 600], [600, 601], [601, N]]) wide.evalQuotient(inp, s, e, pieces);
    expect(pieces).to.deep.equal(whole);
    expect(whole[0].some((v) => v !== 0)).to.equal(true);
  });
  it("a single constraint too large to inline is written with call helpers (same results), so V8 still optimises it", () => {
    // one constraint: a product of many extension sums, far beyond one function's inlined budget
    const huge = defineAir({
      name: "huge-root",
      main: ["a", "b", "c", "d"],
      challenges: ["r", "s"],
      build(b) {
        const { a, b: bb, c, d } = b.main;
        let acc = b.add(b.chal.r, a.cur);
        for (let k = 0; k < 60; k++) acc = b.add(b.mul(acc, b.add(b.chal.s, k % 2 ? bb.cur : c.cur)), d.cur);
        b.assertZero(b.sub(acc, a.cur), "huge");
        b.assertBool(d.cur, "small");
      },
    });
    const src = huge.moduleSource!;
    expect(src).to.include("const mm=function(");
    expect((src.match(/=function\(M,/g) ?? []).length).to.equal(2); // the huge root alone, then the small one
    agree(huge, 3, 7, 7);
  });
  it("computes degrees (selectors count 1)", () => {
    expect(fibonacciAir.maxDegree).to.equal(2);
    expect(syntheticAir(4).maxDegree).to.equal(3);
    expect(mixedAir.maxDegree).to.equal(3);
    expect(mixedAir.numChallenges).to.equal(3);
    expect(mixedAir.auxWidth).to.equal(2); // its two interactions share a column (degree 3 fits)
  });
  it("selectors at a point are the Lagrange basis at rows 0 and n-1", () => {
    const logRows = 3, n = 8, w = rootOfUnity(logRows);
    const z = Uint32Array.of(5, 7, 11, 13);
    const lagrange = (j: number) => {
      let acc = ext(1);
      for (let m = 0; m < n; m++) if (m !== j) acc = extMul(acc, extDiv(extSub(z, ext(pow(w, m))), ext(sub(pow(w, j), pow(w, m)))));
      return acc;
    };
    const s = selectorsAtPoint(z, logRows);
    expect(equals(s.isFirstRow, lagrange(0))).to.equal(true);
    expect(equals(s.isLastRow, lagrange(n - 1))).to.equal(true);
    expect(equals(extAdd(s.isTransition, lagrange(n - 1)), ext(1))).to.equal(true);
  });
  it("the LDE selector columns are the low-degree extensions of the 0/1 trace selectors", async () => {
    // The checker and generateAux use traceSelectors; the quotient uses ldeSelectors and the
    // verifier selectorsAtPoint (checked against ldeSelectors above): all one polynomial.
    for (const [logRows, logBlowup] of [[1, 1], [3, 2], [5, 3]]) {
      const n = 1 << logRows;
      const t = traceSelectors(n);
      const lde = ldeSelectors(logRows, logBlowup, COSET_SHIFT);
      const ext = await cosetLde([t.isFirstRow, t.isLastRow, t.isTransition], logBlowup, COSET_SHIFT);
      expect(lde.isFirstRow, `first, 2^${logRows}`).to.deep.equal(ext[0]);
      expect(lde.isLastRow, `last, 2^${logRows}`).to.deep.equal(ext[1]);
      expect(lde.isTransition, `transition, 2^${logRows}`).to.deep.equal(ext[2]);
      expect([...t.isTransition].slice(0, n - 1).every((v) => v === 1) && t.isTransition[n - 1] === 0).to.equal(true);
    }
  });
});
