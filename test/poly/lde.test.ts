// Coset LDE: agrees with direct evaluation of the interpolated polynomial, and a
// negative twin shows that a polynomial of degree >= n does not extend to low degree.
import { expect } from "chai";
import { GENERATOR, inv, mul, pow, rootOfUnity } from "../../prover/field/babybear.ts";
import { nttTs } from "../../prover/poly/ntt-ts.ts";
import { cosetLde, cosetLdeFromCoeffs, intt } from "../../prover/poly/ntt.ts";
import { evalPoly, referenceIntt, naiveDft } from "../../prover/poly/ntt-reference.ts";
import { randomColumn } from "./helpers.ts";

describe("coset LDE", () => {
  it("out[i] = f(shift * w_nB^i) at random indices, on shared memory", async () => {
    for (const [logN, logB] of [[0, 1], [3, 2], [10, 1], [14, 2]]) {
      const cols = [randomColumn(1 << logN, logN), randomColumn(1 << logN, 99 + logN)];
      const out = await cosetLde(cols, logB);
      const w = rootOfUnity(logN + logB);
      for (let c = 0; c < cols.length; c++) {
        expect(out[c].buffer).to.be.instanceOf(SharedArrayBuffer);
        expect(out[c].length).to.equal(1 << (logN + logB));
        const coeffs = referenceIntt(cols[c]);
        for (let t = 0; t < 20; t++) {
          const i = (t * 2654435761) % out[c].length;
          expect(out[c][i]).to.equal(evalPoly(coeffs, mul(GENERATOR, pow(w, i))));
        }
      }
    }
  });

  it("past the 2^16 stage split: LDE from 2^17 at random indices, intt(ntt(x)) = x", async () => {
    const logN = 17;
    const col = randomColumn(1 << logN, 77);
    const coeffs = col.slice();
    nttTs(coeffs, logN, true);
    const nInv = inv(1 << logN);
    for (let i = 0; i < coeffs.length; i++) coeffs[i] = mul(coeffs[i], nInv);
    const [out] = await cosetLde([col], 1);
    const w = rootOfUnity(logN + 1);
    for (let t = 0; t < 8; t++) {
      const i = (t * 2654435761 + 12345) % out.length;
      expect(out[i]).to.equal(evalPoly(coeffs, mul(GENERATOR, pow(w, i))));
    }
    const back = col.slice();
    intt(back);
    expect(back).to.deep.equal(coeffs);
  });

  it("many columns in parallel match one at a time", async () => {
    const cols = Array.from({ length: 9 }, (_, i) => randomColumn(1 << 12, 300 + i));
    const all = await cosetLde(cols, 2, 7);
    for (let c = 0; c < cols.length; c += 4) {
      const [one] = await cosetLde([cols[c].slice(0, 1 << 12)].map((x) => x.slice()), 2, 7);
      expect(all[c]).to.deep.equal(one);
    }
  });

  it("extension of a low-degree polynomial is low degree; degree >= n is not", async () => {
    const n = 64;
    const good = randomColumn(n, 1);
    const [ext] = await cosetLde([good], 2);
    // interpolating the LDE over its coset gives back the n coefficients and zeros
    const coeffs = ext.slice();
    const { cosetIntt } = await import("../../prover/poly/ntt.ts");
    cosetIntt(coeffs, GENERATOR);
    expect(coeffs.subarray(n).every((x) => x === 0)).to.equal(true);
    // negative twin: evaluations of a degree-n polynomial (x^n) over the big coset are
    // not the LDE of anything of degree < n
    const big = new Uint32Array(4 * n);
    big[n] = 1;
    const evals = naiveDft(big, GENERATOR);
    cosetIntt(evals, GENERATOR);
    expect(evals.subarray(n).some((x) => x !== 0)).to.equal(true);
    // and its values on H wrap around (x^n = 1 on H): the LDE of those is the constant 1
    const onH = new Uint32Array(n).fill(1);
    const [lde] = await cosetLde([onH], 2);
    expect(lde[1]).to.equal(1);
    expect(lde[1]).to.not.equal(pow(mul(GENERATOR, rootOfUnity(8)), n));
  });

  it("cosetLdeFromCoeffs zero-pads and evaluates over shift*H", async () => {
    const c = randomColumn(20, 3);
    const [out] = await cosetLdeFromCoeffs([c], 5, GENERATOR);
    const padded = new Uint32Array(32);
    padded.set(c);
    expect([...out]).to.deep.equal([...naiveDft(padded, GENERATOR)]);
    let err: Error | undefined;
    try { await cosetLdeFromCoeffs([new Uint32Array(40)], 5, 3); } catch (e) { err = e as Error; }
    expect(err?.message).to.match(/more than 2\^5/);
  });

  it("rejects mismatched columns and sizes above 2^27", async () => {
    let err: Error | undefined;
    try { await cosetLde([new Uint32Array(4), new Uint32Array(8)], 1); } catch (e) { err = e as Error; }
    expect(err?.message).to.match(/column 1 has 8 rows/);
    err = undefined;
    try { await cosetLde([new Uint32Array(1 << 26)], 2); } catch (e) { err = e as Error; }
    expect(err?.message).to.match(/above 2\^27/);
    expect(() => intt(new Uint32Array(6))).to.throw(/power of two/);
  });
});
