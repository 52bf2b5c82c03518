// vector.ts helpers against the scalar reference, on edges and random values, at sizes
// on both sides of the wasm threshold.
import { expect } from "chai";
import { P, add, sub, mul, pow, batchInverse as refBatchInverse } from "../../prover/field/babybear.ts";
import { mulVec, addVec, subVec, scaleVec, powersVec, batchInverse } from "../../prover/field/vector.ts";

function column(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = [0, 1, P - 1, P - 2][i % 17] ?? x % P;
  }
  return out;
}

describe("field vector helpers", () => {
  for (const n of [0, 1, 7, 64, 255, 1001, 5003, 1 << 16, 70001]) {
    it(`agree with the scalar reference at n = ${n}`, () => {
      const a = column(n, 11 + n), b = column(n, 12 + n);
      const s = 0x1a427a41;
      const m = mulVec(new Uint32Array(n), a, b);
      const ad = addVec(new Uint32Array(n), a, b);
      const sb = subVec(new Uint32Array(n), a, b);
      const sc = scaleVec(new Uint32Array(n), a, s);
      expect(m).to.deep.equal(a.map((x, i) => mul(x, b[i])));
      expect(ad).to.deep.equal(a.map((x, i) => add(x, b[i])));
      expect(sb).to.deep.equal(a.map((x, i) => sub(x, b[i])));
      expect(sc).to.deep.equal(a.map((x) => mul(x, s)));
      const pw = powersVec(7, n);
      for (let i = 0; i < n; i += 97) expect(pw[i]).to.equal(pow(7, i));
      const nz = a.map((x) => x || 5);
      const bi = batchInverse(nz);
      expect(bi).to.deep.equal(n ? refBatchInverse(nz) : new Uint32Array(0));
    });
  }

  it("allow out to alias an input", () => {
    const a = column(4096, 3), b = column(4096, 4);
    const want = mulVec(new Uint32Array(4096), a, b);
    mulVec(a, a, b);
    expect(a).to.deep.equal(want);
    const v = Uint32Array.of(2, 3, P - 1);
    const want2 = batchInverse(v);
    batchInverse(v, v);
    expect(v).to.deep.equal(want2);
  });

  it("reject zeros and mismatched lengths", () => {
    expect(() => batchInverse(Uint32Array.of(1, 2, 0))).to.throw(/element 2 is zero/);
    const big = column(10000, 9).map((x) => x || 1);
    big[7777] = 0;
    expect(() => batchInverse(big)).to.throw(/element 7777 is zero/);
    expect(() => mulVec(new Uint32Array(3), new Uint32Array(3), new Uint32Array(4))).to.throw(/lengths differ/);
  });
});
