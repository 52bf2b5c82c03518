// Evaluating committed polynomials at the out-of-domain point z.
//
// Trace columns are known by their values on H = <w> (n rows), so we use the
// barycentric formula f(z) = (z^n - 1)/n · sum_i f_i · w^i/(z - w^i). The weights are
// shared by every column of a table, and f(z·w) reuses them shifted by one row:
// (z·w)^n = z^n and w^i/(z·w - w^i) = w^(i-1)/(z - w^(i-1)).
import { P, mul, sub, inv, rootOfUnity, pow } from "../field/babybear.ts";
import { extBatchInverse, extMulAt, extPow, extSub, extScale, type Ext } from "../field/extension.ts";

/** weights[i] = (z^n - 1)/n · w^i/(z - w^i), extension elements AoS. */
export function barycentricWeights(z: Ext, logN: number): Uint32Array {
  const n = 1 << logN;
  const w = rootOfUnity(logN);
  const diffs = new Uint32Array(4 * n);
  let wi = 1;
  for (let i = 0; i < n; i++) {
    diffs[4 * i] = sub(z[0], wi);
    diffs[4 * i + 1] = z[1];
    diffs[4 * i + 2] = z[2];
    diffs[4 * i + 3] = z[3];
    wi = mul(wi, w);
  }
  const invs = extBatchInverse(diffs);
  const zn = extPow(z, n);
  const c = extScale(extSub(zn, Uint32Array.of(1, 0, 0, 0)), inv(n));
  wi = 1;
  for (let i = 0; i < n; i++) {
    const o = 4 * i;
    for (let k = 0; k < 4; k++) invs[o + k] = mul(invs[o + k], wi);
    extMulAt(invs, o, invs, o, c, 0);
    wi = mul(wi, w);
  }
  return invs;
}

/**
 * For each base column, its value at z (shift 0) or at z·w (shift 1), AoS. Sums are
 * accumulated as floats below 2^53 and reduced once per 2^21 terms.
 */
export function evalColumnsAt(cols: Uint32Array[], weights: Uint32Array, rowShift: 0 | 1): Uint32Array {
  const out = new Uint32Array(4 * cols.length);
  const n = weights.length / 4;
  for (let c = 0; c < cols.length; c++) {
    const f = cols[c];
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < n; i++) {
      const v = f[i];
      if (v === 0) continue;
      const o = 4 * ((i - rowShift + n) % n);
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

export { pow };
