// Evaluating committed polynomials at the out-of-domain point z.
//
// Trace columns are known by their values on H = <w> (n rows), so we use the
// barycentric formula f(z) = (z^n - 1)/n · sum_i f_i · w^i/(z - w^i). The weights are
// shared by every column of a table, and f(z·w) reuses them shifted by one row:
// (z·w)^n = z^n and w^i/(z·w - w^i) = w^(i-1)/(z - w^(i-1)).
import { P, mul, sub, add, inv, rootOfUnity } from "../field/babybear.ts";
import { powersVec, batchInverse } from "../field/vector.ts";
import { minimalPolynomial, cofactorOf, evalMinimalPolynomial } from "../field/minpoly.ts";
import { extMulAt, extPow, extSub, extScale, type Ext } from "../field/extension.ts";

export type BarycentricWeights = {
  /** w^i / (z - w^i) for each row i, extension elements AoS. */
  weights: Uint32Array;
  /** (z^n - 1)/n, applied once per column sum. */
  scale: Ext;
};

/**
 * The per-row weights of the barycentric formula. 1/(z - w^i) = -G(w^i)/m(w^i) with m
 * z's minimal polynomial and G its cofactor (field/minpoly.ts), so the n inversions
 * are one batched base inversion, not n extension ones.
 */
export function barycentricWeights(z: Ext, logN: number): BarycentricWeights {
  const n = 1 << logN;
  const xs = powersVec(rootOfUnity(logN), n);
  const m = minimalPolynomial(z);
  const g = cofactorOf(z, m);
  const norms = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    norms[i] = evalMinimalPolynomial(m, xs[i]);
  }
  const invNorms = batchInverse(norms);
  const weights = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = xs[i], x2 = mul(x, x);
    const s = sub(0, mul(x, invNorms[i])); // -w^i / m(w^i)
    const o = 4 * i;
    weights[o] = mul(s, add(add(mul(x2, x), mul(g[8], x2)), add(mul(g[4], x), g[0])));
    weights[o + 1] = mul(s, add(add(mul(g[9], x2), mul(g[5], x)), g[1]));
    weights[o + 2] = mul(s, add(add(mul(g[10], x2), mul(g[6], x)), g[2]));
    weights[o + 3] = mul(s, add(add(mul(g[11], x2), mul(g[7], x)), g[3]));
  }
  const scale = extScale(extSub(extPow(z, n), Uint32Array.of(1, 0, 0, 0)), inv(n));
  return { weights, scale };
}

/**
 * For each base column, its value at z (shift 0) or at z·w (shift 1), AoS. Sums are
 * accumulated as floats below 2^53 and reduced once per 2^21 terms.
 */
export function evalColumnsAt(cols: Uint32Array[], bw: BarycentricWeights, rowShift: 0 | 1): Uint32Array {
  const out = new Uint32Array(4 * cols.length);
  const weights = bw.weights;
  const n = weights.length / 4;
  for (let c = 0; c < cols.length; c++) {
    const f = cols[c];
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < n; i++) {
      const v = f[i];
      if (v === 0) continue;
      const j = i - rowShift;
      const o = 4 * (j < 0 ? j + n : j);
      a0 += mul(v, weights[o]);
      a1 += mul(v, weights[o + 1]);
      a2 += mul(v, weights[o + 2]);
      a3 += mul(v, weights[o + 3]);
      if ((i & 0xfffff) === 0xfffff) {
        a0 %= P; a1 %= P; a2 %= P; a3 %= P;
      }
    }
    out[4 * c] = a0 % P;
    out[4 * c + 1] = a1 % P;
    out[4 * c + 2] = a2 % P;
    out[4 * c + 3] = a3 % P;
    extMulAt(out, 4 * c, out, 4 * c, bw.scale, 0);
  }
  return out;
}

/** Horner evaluation of a base-coefficient polynomial at an extension point. */
export function evalCoeffsAt(coeffs: Uint32Array, z: Ext): Ext {
  const acc = new Uint32Array(4);
  for (let i = coeffs.length - 1; i >= 0; i--) {
    extMulAt(acc, 0, acc, 0, z, 0);
    acc[0] = (acc[0] + coeffs[i]) % P;
  }
  return acc;
}

/** z · w_n, the point of the "next row" taps. */
export function nextPoint(z: Ext, logN: number): Ext {
  return extScale(z, rootOfUnity(logN));
}

