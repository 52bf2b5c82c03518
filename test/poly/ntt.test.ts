// ntt.ts against the plain references in ntt-reference.ts and a naive DFT.
import { expect } from "chai";
import { GENERATOR, mul, pow, rootOfUnity } from "../../prover/field/babybear.ts";
import { cosetIntt, cosetNtt, intt, ntt, nttBatch, interpolateBatch } from "../../prover/poly/ntt.ts";
import { naiveDft, referenceIntt, referenceNtt } from "../../prover/poly/ntt-reference.ts";
import { nttTs } from "../../prover/poly/ntt-ts.ts";
import { randomColumn } from "./helpers.ts";

describe("NTT", () => {
  it("matches the naive DFT for sizes 1..64", () => {
    for (let log = 0; log <= 6; log++) {
      const c = randomColumn(1 << log, 7 + log);
      const got = c.slice();
      ntt(got);
      expect([...got]).to.deep.equal([...naiveDft(c)]);
    }
  });

  it("matches the recursive reference up to 2^12 and intt inverts it", () => {
    for (const log of [7, 9, 12]) {
      const c = randomColumn(1 << log, 100 + log);
      const got = c.slice();
      ntt(got);
      expect(got).to.deep.equal(referenceNtt(c));
      intt(got);
      expect(got).to.deep.equal(c);
      expect(referenceIntt(referenceNtt(c))).to.deep.equal(c);
    }
  });

  it("wasm kernel matches the scalar TS kernel past the 2^12 block size (2^13, 2^17)", () => {
    for (const log of [13, 17]) {
      const c = randomColumn(1 << log, 200 + log);
      const want = c.slice();
      nttTs(want, log, false);
      const got = c.slice();
      ntt(got);
      expect(got).to.deep.equal(want);
    }
  });

  it("intt(ntt(x)) = x at 2^16", () => {
    const c = randomColumn(1 << 16, 5);
    const got = c.slice();
    ntt(got);
    expect(got).to.not.deep.equal(c);
    intt(got);
    expect(got).to.deep.equal(c);
  });

  it("evaluates at the documented points: out[i] = f(w_n^i)", () => {
    const c = new Uint32Array(8);
    c[1] = 1; // f(x) = x
    ntt(c);
    const w = rootOfUnity(3);
    for (let i = 0; i < 8; i++) expect(c[i]).to.equal(pow(w, i));
  });

  it("coset transforms evaluate over shift*H and invert", () => {
    const c = randomColumn(32, 9);
    const got = c.slice();
    cosetNtt(got, GENERATOR);
    expect([...got]).to.deep.equal([...naiveDft(c, GENERATOR)]);
    cosetIntt(got, GENERATOR);
    expect(got).to.deep.equal(c);
    expect(mul(1, 1)).to.equal(1);
  });

  it("batches agree with single transforms (shared and plain memory)", async () => {
    const cols = [0, 1, 2].map((s) => randomColumn(1 << 15, 40 + s));
    const plain = cols.map((c) => c.slice());
    await nttBatch(plain);
    for (let i = 0; i < cols.length; i++) {
      const one = cols[i].slice();
      ntt(one);
      expect(plain[i]).to.deep.equal(one);
    }
    await interpolateBatch(plain);
    for (let i = 0; i < cols.length; i++) expect(plain[i]).to.deep.equal(cols[i]);
  });

  it("rejects bad sizes and shifts with clear errors", () => {
    expect(() => ntt(new Uint32Array(3))).to.throw(/ntt: length 3 is not a power of two/);
    expect(() => intt(new Uint32Array(0))).to.throw(/not a power of two/);
    expect(() => cosetNtt(new Uint32Array(4), 0)).to.throw(/coset shift 0/);
    expect(() => cosetIntt(new Uint32Array(4), 2013265921)).to.throw(/coset shift/);
  });
});
