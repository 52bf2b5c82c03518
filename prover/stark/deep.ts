// DEEP composition: turns "these columns take these values at z and z·w" into one
// function on the LDE domain that is low degree exactly when the claims are true:
//
//   D(x) = (A(x) - A(z)) / (x - z) + (B(x) - B(z·w)) / (x - z·w)
//
// where A = sum_k c_k f_k over every committed column of a table (preprocessed, main,
// aux, quotient chunks) and B = sum_k d_k f_k over its trace columns (those with
// next-row taps), with c_k, d_k successive powers of the verifier's challenge gamma.
// Combining columns before dividing costs one division per point instead of one per
// column, and is the same polynomial.
import { P, mul, sub } from "../field/babybear.ts";
import { extBatchInverse, extMul, extMulAt, extSub, extAdd, extInv, type Ext } from "../field/extension.ts";
import { reverseBits, bitReversalTable } from "./domain.ts";
import { rootOfUnity, pow } from "../field/babybear.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32 } from "../parallel/shared.ts";

/** sum_k coef_k · vals_k for base values and extension coefficients (AoS). */
export function combineBase(vals: ArrayLike<number>, coef: Uint32Array, from = 0, count = vals.length): Ext {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (let k = 0; k < count; k++) {
    const v = vals[k];
    const o = 4 * (from + k);
    a0 += mul(v, coef[o]);
    a1 += mul(v, coef[o + 1]);
    a2 += mul(v, coef[o + 2]);
    a3 += mul(v, coef[o + 3]);
  }
  return Uint32Array.of(a0 % P, a1 % P, a2 % P, a3 % P);
}

/** sum_k coef_k · vals_k for extension values and coefficients (both AoS). */
export function combineExt(vals: Uint32Array, coef: Uint32Array): Ext {
  const acc = new Uint32Array(4);
  const t = new Uint32Array(4);
  for (let o = 0; o < vals.length; o += 4) {
    extMulAt(t, 0, vals, o, coef, o);
    for (let j = 0; j < 4; j++) acc[j] = (acc[j] + t[j]) % P;
  }
  return acc;
}

/** The verifier's D(x) at one point from the combined row values. */
export function deepValue(x: number, a: Ext, b: Ext, aZ: Ext, bZNext: Ext, z: Ext, zNext: Ext): Ext {
  const xz = extSub(Uint32Array.of(x, 0, 0, 0), z);
  const xzn = extSub(Uint32Array.of(x, 0, 0, 0), zNext);
  return extAdd(extMul(extSub(a, aZ), extInv(xz)), extMul(extSub(b, bZNext), extInv(xzn)));
}

export type DeepInputs = {
  /** Every committed column of the table, bit-reversed LDE order, trace columns first. */
  cols: Uint32Array[];
  numTraceCols: number;
  coefZ: Uint32Array;
  coefNext: Uint32Array;
  aZ: Ext;
  bZNext: Ext;
  z: Ext;
  zNext: Ext;
  logLde: number;
  shift: number;
};

/**
 * D at bit-reversed positions [start, end) of the LDE domain, written AoS into `out`
 * (a shared array of 4·N words). Ranges are independent, so workers split the domain.
 */
export function deepCompositionRange(inp: DeepInputs, start: number, end: number, out: Uint32Array): void {
  const len = end - start;
  const rev = bitReversalTable(inp.logLde);
  const w = rootOfUnity(inp.logLde);
  // 1/(x - z) and 1/(x - z·w) for every point of the range, in one batch inversion.
  const xs = new Uint32Array(1 << inp.logLde);
  let x = inp.shift;
  for (let i = 0; i < xs.length; i++) {
    xs[i] = x;
    x = mul(x, w);
  }
  const diffs = new Uint32Array(8 * len);
  for (let r = start; r < end; r++) {
    const xr = xs[rev[r]];
    const o = 8 * (r - start);
    diffs[o] = sub(xr, inp.z[0]);
    diffs[o + 1] = sub(0, inp.z[1]);
    diffs[o + 2] = sub(0, inp.z[2]);
    diffs[o + 3] = sub(0, inp.z[3]);
    diffs[o + 4] = sub(xr, inp.zNext[0]);
    diffs[o + 5] = sub(0, inp.zNext[1]);
    diffs[o + 6] = sub(0, inp.zNext[2]);
    diffs[o + 7] = sub(0, inp.zNext[3]);
  }
  const invs = extBatchInverse(diffs);
  const { cols, coefZ, coefNext, numTraceCols } = inp;
  const nc = cols.length;
  const t = new Uint32Array(4);
  const u = new Uint32Array(4);
  for (let r = start; r < end; r++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let k = 0; k < nc; k++) {
      const v = cols[k][r];
      const o = 4 * k;
      a0 += mul(v, coefZ[o]);
      a1 += mul(v, coefZ[o + 1]);
      a2 += mul(v, coefZ[o + 2]);
      a3 += mul(v, coefZ[o + 3]);
      if (k < numTraceCols) {
        b0 += mul(v, coefNext[o]);
        b1 += mul(v, coefNext[o + 1]);
        b2 += mul(v, coefNext[o + 2]);
        b3 += mul(v, coefNext[o + 3]);
      }
    }
    t[0] = sub(a0 % P, inp.aZ[0]);
    t[1] = sub(a1 % P, inp.aZ[1]);
    t[2] = sub(a2 % P, inp.aZ[2]);
    t[3] = sub(a3 % P, inp.aZ[3]);
    u[0] = sub(b0 % P, inp.bZNext[0]);
    u[1] = sub(b1 % P, inp.bZNext[1]);
    u[2] = sub(b2 % P, inp.bZNext[2]);
    u[3] = sub(b3 % P, inp.bZNext[3]);
    const io = 8 * (r - start);
    extMulAt(t, 0, t, 0, invs, io);
    extMulAt(u, 0, u, 0, invs, io + 4);
    const o = 4 * r;
    for (let j = 0; j < 4; j++) out[o + j] = (t[j] + u[j]) % P;
  }
}

/** D over the whole LDE domain, bit-reversed order, AoS; split across worker threads. */
export async function deepComposition(inp: DeepInputs): Promise<Uint32Array> {
  const N = 1 << inp.logLde;
  const out = sharedU32(4 * N);
  const pool = getPool();
  const parts = N >= 1 << 12 ? pool.size : 1;
  await pool.map(import.meta.url, "deepCompositionRange", splitRange(N, parts).map(([s, e]) => [inp, s, e, out]));
  return out;
}

/** The LDE point stored at bit-reversed position `pos` (verifier side). */
export function pointAt(pos: number, logLde: number, shift: number): number {
  return mul(shift, pow(rootOfUnity(logLde), reverseBits(pos, logLde)));
}
