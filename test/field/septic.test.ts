// F_{p^7} = F_p[z]/(z^7 - 2z - 5) and the curve y^2 = x^3 + 2x + 26z^5 over it (the group
// in which segment shares add up).
import { expect } from "chai";
import { P, sub, mul, inv } from "../../prover/field/babybear.ts";
import { f7, f7Add, f7Equals, f7Inv, f7Legendre, f7Mul, f7Pow, f7Sqrt, f7Square, f7Sub, F7_ONE, type F7 } from "../../prover/field/septic.ts";
import { isOnCurve, liftX, pointAdd, pointDouble, pointEquals, pointNeg, type CurvePoint } from "../../prover/field/septic-curve.ts";
import { shareOfRoot, sumShares, deriveChallenges } from "../../prover/zkvm/shares.ts";

let seed = 12345;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % P;
const randF7 = (): F7 => f7(rnd(), rnd(), rnd(), rnd(), rnd(), rnd(), rnd());
const z = f7(0, 1);

/** gcd of two polynomials over F_p (coefficient arrays, lowest first), monic. */
function polyGcd(a: number[], b: number[]): number[] {
  const trim = (x: number[]) => { while (x.length && x[x.length - 1] === 0) x.pop(); return x; };
  a = trim([...a]); b = trim([...b]);
  while (b.length) {
    const r = [...a];
    const lead = inv(b[b.length - 1]);
    while (r.length >= b.length) {
      const c = mul(r[r.length - 1], lead), shift = r.length - b.length;
      for (let i = 0; i < b.length; i++) r[shift + i] = sub(r[shift + i], mul(c, b[i]));
      trim(r);
    }
    a = b; b = r;
  }
  const l = inv(a[a.length - 1]);
  return a.map((x) => mul(x, l));
}

describe("septic extension field", () => {
  it("z^7 - 2z - 5 is irreducible over F_p (Rabin: z^(p^7) = z and gcd(z^p - z, f) = 1)", () => {
    let x = z;
    for (let i = 0; i < 7; i++) x = f7Pow(x, BigInt(P));
    expect(f7Equals(x, z)).to.equal(true);
    const zp = f7Sub(f7Pow(z, BigInt(P)), z);
    const f = [sub(0, 5), sub(0, 2), 0, 0, 0, 0, 0, 1];
    expect(polyGcd([...zp], f)).to.deep.equal([1]);
  });

  it("multiplies, inverts and takes square roots consistently", () => {
    for (let i = 0; i < 5; i++) {
      const a = randF7(), b = randF7(), c = randF7();
      expect(f7Equals(f7Mul(a, f7Add(b, c)), f7Add(f7Mul(a, b), f7Mul(a, c)))).to.equal(true);
      expect(f7Equals(f7Mul(a, f7Inv(a)), F7_ONE)).to.equal(true);
      const sq = f7Square(a);
      expect(f7Legendre(sq)).to.equal(1);
      const r = f7Sqrt(sq)!;
      expect(f7Equals(f7Square(r), sq)).to.equal(true);
    }
    // z^7 reduces to 2z + 5
    expect([...f7Pow(z, 7n)]).to.deep.equal([5, 2, 0, 0, 0, 0, 0]);
    let nonSquares = 0;
    for (let i = 0; i < 8; i++) if (f7Sqrt(randF7()) === null) nonSquares++;
    expect(nonSquares).to.be.greaterThan(0); // about half of all elements
  });
});

describe("septic curve", () => {
  const randomPoint = (): CurvePoint => {
    for (;;) {
      const p = liftX(randF7());
      if (p) return p;
    }
  };

  it("adds points on the curve: identity, inverse, doubling, associativity", () => {
    const [a, b, c] = [randomPoint(), randomPoint(), randomPoint()];
    for (const p of [a, b, c, pointAdd(a, b), pointDouble(a)]) expect(isOnCurve(p)).to.equal(true);
    expect(pointAdd(a, pointNeg(a))).to.equal(null);
    expect(pointEquals(pointAdd(null, a), a)).to.equal(true);
    expect(pointEquals(pointAdd(a, a), pointDouble(a))).to.equal(true);
    expect(pointEquals(pointAdd(pointAdd(a, b), c), pointAdd(a, pointAdd(b, c)))).to.equal(true);
    expect(isOnCurve({ x: a!.x, y: f7Add(a!.y, F7_ONE) })).to.equal(false);
  });

  it("shares: deterministic points whose sum does not depend on order", () => {
    const key = Uint32Array.from({ length: 8 }, (_, i) => i + 1);
    const roots = Array.from({ length: 6 }, (_, j) => Uint32Array.from({ length: 8 }, (_, i) => (j * 1000 + i) >>> 0));
    const shares = roots.map((r) => shareOfRoot(key, r));
    shares.forEach((s) => expect(isOnCurve(s)).to.equal(true));
    expect(pointEquals(shareOfRoot(key, roots[0]), shares[0])).to.equal(true);
    expect(pointEquals(shares[0], shares[1])).to.equal(false);
    const sum = sumShares(shares);
    expect(pointEquals(sumShares([...shares].reverse()), sum)).to.equal(true);
    expect(pointEquals(sumShares(shares.slice(1)), sum)).to.equal(false);
    const other = Uint32Array.from(key, (v) => v + 1);
    expect(pointEquals(shareOfRoot(other, roots[0]), shares[0])).to.equal(false);
    const ch = deriveChallenges(key, new Uint32Array(3), sum);
    expect(ch.length).to.equal(8);
    expect(deriveChallenges(key, new Uint32Array(3), sumShares(shares.slice(1)))).to.not.deep.equal(ch);
  });
});
