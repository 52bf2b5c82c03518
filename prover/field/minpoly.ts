// Inverting x - z for many base-field points x and one extension point z, without an
// extension inversion per point.
//
// The conjugates of z under Frobenius are sigma^i(z), and sigma acts on the basis of
// F_p[X]/(X^4 - W) as X -> gamma·X with gamma = W^((p-1)/4) (p = 1 mod 4). The minimal
// polynomial m(t) = prod_i (t - sigma^i(z)) has base coefficients, and
// G(t) = m(t)/(t - z) is a cubic with extension coefficients, so for base x:
//   1/(x - z) = G(x) / m(x)
// which needs one *base* inversion per point (batched) and a few base products.
import { P, add, mul, pow } from "./babybear.ts";
import { extAdd, extMul, extSub, W, type Ext } from "./extension.ts";

const GAMMA = pow(W, (P - 1) / 4);

/** sigma(a) = a^p, the Frobenius map. */
export function frobenius(a: Ext): Ext {
  const g2 = mul(GAMMA, GAMMA);
  return Uint32Array.of(a[0], mul(a[1], GAMMA), mul(a[2], g2), mul(a[3], mul(g2, GAMMA)));
}

/** Coefficients [m0, m1, m2, m3] of the monic minimal polynomial of z (degree 4). */
export function minimalPolynomial(z: Ext): Uint32Array {
  // Multiply out (t - z0)(t - z1)(t - z2)(t - z3), coefficients low to high.
  let poly: Ext[] = [Uint32Array.of(1, 0, 0, 0)];
  let conj = z;
  for (let i = 0; i < 4; i++) {
    const next: Ext[] = Array.from({ length: poly.length + 1 }, () => new Uint32Array(4));
    for (let k = 0; k < poly.length; k++) {
      next[k + 1] = extAdd(next[k + 1], poly[k]);
      next[k] = extSub(next[k], extMul(poly[k], conj));
    }
    poly = next;
    conj = frobenius(conj);
  }
  for (let k = 0; k < 4; k++) {
    if (poly[k][1] | poly[k][2] | poly[k][3]) {
      throw new Error("minimalPolynomial: z lies in a proper subfield; its minimal polynomial has degree < 4");
    }
  }
  return Uint32Array.of(poly[0][0], poly[1][0], poly[2][0], poly[3][0]);
}

/** m(x) for base x, with m = [m0, m1, m2, m3] monic (Horner). */
export function evalMinimalPolynomial(m: Uint32Array, x: number): number {
  return add(mul(add(mul(add(mul(add(x, m[3]), x), m[2]), x), m[1]), x), m[0]);
}

/** [g0, g1, g2] (extension, AoS) with m(t) = (t - z)(t^3 + g2 t^2 + g1 t + g0). */
export function cofactorOf(z: Ext, m: Uint32Array): Uint32Array {
  const base = (v: number) => Uint32Array.of(v, 0, 0, 0);
  const g2 = extAdd(base(m[3]), z);
  const g1 = extAdd(base(m[2]), extMul(z, g2));
  const g0 = extAdd(base(m[1]), extMul(z, g1));
  const out = new Uint32Array(12);
  out.set(g0, 0);
  out.set(g1, 4);
  out.set(g2, 8);
  return out;
}
