// On an honest trace (with its LogUp aux), the quotient the evaluator computes over the
// LDE coset is a polynomial of degree < (maxDegree - 1)·n; a flipped cell breaks that.
// Naive O(N^2) transforms keep this independent of the NTT code.
import { expect } from "chai";
import { generateAux } from "../../prover/air/logup.ts";
import { ldeSelectors } from "../../prover/air/selectors.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { permutationAir, permutationTrace } from "../../prover/air/examples/permutation.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { syntheticAir, syntheticTrace } from "../../prover/air/examples/synthetic.ts";
import { add, mul, inv, pow, rootOfUnity, GENERATOR } from "../../prover/field/babybear.ts";
import type { CompiledAir } from "../../prover/air/types.ts";
import { evalPoly } from "./helpers.ts";

/** Coefficients of the polynomial taking values ys on shift·<w>, |<w>| = ys.length. */
function interpolate(ys: Uint32Array, shift: number): Uint32Array {
  const n = ys.length, w = rootOfUnity(Math.log2(n)), wInv = inv(w), nInv = inv(n), sInv = inv(shift);
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    let acc = 0;
    const step = pow(wInv, k);
    for (let i = 0, x = 1; i < n; i++, x = mul(x, step)) acc = add(acc, mul(ys[i], x));
    out[k] = mul(mul(acc, nInv), pow(sInv, k));
  }
  return out;
}

function quotientDegreeOk(air: CompiledAir, main: Uint32Array[], publicValues: Uint32Array, logB: number): boolean {
  const n = main[0].length, logRows = Math.log2(n), B = 1 << logB, N = n * B;
  const challenges = Uint32Array.of(99, 98, 97, 96, 5, 6, 7, 8);
  const { aux, auxPublic } = generateAux(air, main, [], publicValues, challenges);
  const wN = rootOfUnity(logRows + logB);
  const lde = (cols: Uint32Array[]) => cols.map((c) => {
    const coeffs = interpolate(c, 1);
    return Uint32Array.from({ length: N }, (_, i) => evalPoly(coeffs, mul(GENERATOR, pow(wN, i))));
  });
  const alphaPowers = new Uint32Array(4 * air.constraintNames.length);
  for (let k = 0; k < air.constraintNames.length; k++) alphaPowers.set([pow(12345, k), k, 0, 7], 4 * k);
  const out = [0, 1, 2, 3].map(() => new Uint32Array(N));
  air.evalQuotient({ main: lde(main), preprocessed: [], aux: lde(aux), nextStride: B, ...ldeSelectors(logRows, logB),
    publicValues, challenges: challenges.subarray(0, 4 * air.numChallenges), auxPublic, alphaPowers }, 0, N, out);
  const bound = Math.max(1, air.maxDegree - 1) * n;
  return out.every((col) => interpolate(col, GENERATOR).subarray(bound).every((c) => c === 0));
}

describe("air quotient is low degree on honest traces", () => {
  it("fibonacci, and not with a flipped cell", () => {
    const t = fibonacciTrace(3);
    expect(quotientDegreeOk(fibonacciAir, t.main, t.publicValues, 2)).to.equal(true);
    t.main[0][4] ^= 1;
    expect(quotientDegreeOk(fibonacciAir, t.main, t.publicValues, 2)).to.equal(false);
  });
  it("synthetic degree-3 AIR", () => {
    const air = syntheticAir(6), t = syntheticTrace(3, 6);
    expect(quotientDegreeOk(air, t.main, t.publicValues, 2)).to.equal(true);
  });
  it("LogUp aux columns (permutation, two tables)", () => {
    const p = permutationTrace(3);
    expect(quotientDegreeOk(permutationAir, p.main, p.publicValues, 1)).to.equal(true);
    const [a, b] = twoTableTraces(4, 3);
    expect(quotientDegreeOk(sendTableAir, a.main, a.publicValues, 1)).to.equal(true);
    expect(quotientDegreeOk(receiveTableAir, b.main, b.publicValues, 1)).to.equal(true);
  });
});
