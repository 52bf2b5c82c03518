// Scalar BabyBear and the extension field against BigInt arithmetic.
import { expect } from "chai";
import { P, TWO_ADICITY, add, sub, mul, inv, pow, neg, rootOfUnity, batchInverse } from "../../prover/field/babybear.ts";
import { ext, extMul, extInv, extAdd, extSub, equals, ONE, ZERO, extPow, W, type Ext } from "../../prover/field/extension.ts";

const PB = BigInt(P);
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % P;
  };
}
const EDGES = [0, 1, 2, P - 1, P - 2, (P - 1) / 2, (P + 1) / 2, 1 << 27, 2 ** 31 % P];

describe("BabyBear scalar field vs BigInt", () => {
  it("add, sub, mul, neg on edges and random inputs", () => {
    const r = rng(1);
    const xs = [...EDGES, ...Array.from({ length: 300 }, r)];
    for (const a of xs) for (const b of [...EDGES, r(), r()]) {
      const A = BigInt(a), B = BigInt(b);
      expect(add(a, b)).to.equal(Number((A + B) % PB));
      expect(sub(a, b)).to.equal(Number((((A - B) % PB) + PB) % PB));
      expect(mul(a, b)).to.equal(Number((A * B) % PB));
    }
    for (const a of EDGES) expect(add(a, neg(a))).to.equal(0);
  });

  it("inv and pow", () => {
    const r = rng(2);
    for (const a of [1, 2, P - 1, ...Array.from({ length: 50 }, () => r() || 1)]) {
      expect(mul(a, inv(a))).to.equal(1);
    }
    expect(() => inv(0)).to.throw(/inverse of zero/);
    expect(pow(3, P - 1)).to.equal(1);
    expect(pow(5, 0)).to.equal(1);
  });

  it("roots of unity have order exactly 2^k; the 2^27 root is Plonky3's", () => {
    expect(rootOfUnity(TWO_ADICITY)).to.equal(0x1a427a41);
    for (let k = 0; k <= TWO_ADICITY; k++) {
      const w = rootOfUnity(k);
      expect(pow(w, 2 ** k)).to.equal(1);
      if (k > 0) expect(pow(w, 2 ** (k - 1))).to.equal(P - 1);
    }
    expect(() => rootOfUnity(28)).to.throw(/outside/);
  });

  it("batchInverse rejects zero and inverts", () => {
    const v = Uint32Array.of(1, 2, P - 1, 12345);
    const out = batchInverse(v);
    for (let i = 0; i < v.length; i++) expect(mul(v[i], out[i])).to.equal(1);
    expect(() => batchInverse(Uint32Array.of(3, 0))).to.throw(/element 1 is zero/);
  });
});

describe("degree-4 extension F_p[x]/(x^4 - 11)", () => {
  const r = rng(3);
  const rand = (): Ext => ext(r(), r(), r(), r());
  function bigMul(a: Ext, b: Ext): bigint[] {
    const c = [0n, 0n, 0n, 0n, 0n, 0n, 0n];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j] += BigInt(a[i]) * BigInt(b[j]);
    for (let k = 6; k >= 4; k--) c[k - 4] += c[k] * BigInt(W);
    return c.slice(0, 4).map((x) => x % PB);
  }

  it("x^4 = 11", () => {
    const x = ext(0, 1);
    expect(equals(extPow(x, 4), ext(11))).to.equal(true);
  });

  it("mul matches BigInt schoolbook with reduction; ring laws", () => {
    for (let t = 0; t < 100; t++) {
      const a = t === 0 ? ext(P - 1, P - 1, P - 1, P - 1) : rand();
      const b = t === 0 ? ext(P - 1, P - 1, P - 1, P - 1) : rand();
      const c = rand();
      expect([...extMul(a, b)].map(BigInt)).to.deep.equal(bigMul(a, b));
      expect(equals(extMul(a, b), extMul(b, a))).to.equal(true);
      expect(equals(extMul(extMul(a, b), c), extMul(a, extMul(b, c)))).to.equal(true);
      expect(equals(extMul(a, extAdd(b, c)), extAdd(extMul(a, b), extMul(a, c)))).to.equal(true);
      expect(equals(extSub(a, a), ZERO)).to.equal(true);
    }
  });

  it("inv: a * a^-1 = 1, zero rejected", () => {
    for (let t = 0; t < 50; t++) {
      const a = t === 0 ? ext(0, 0, 0, 1) : rand();
      expect(equals(extMul(a, extInv(a)), ONE)).to.equal(true);
    }
    expect(() => extInv(ZERO)).to.throw();
  });
});
