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
import { P, rootOfUnity } from "../field/babybear.ts";
import { extMulAt, type Ext } from "../field/extension.ts";
import { bitReversalTable } from "./domain.ts";
import { minimalPolynomial, cofactorOf, evalMinimalPolynomial } from "../field/minpoly.ts";
import { powersVec, scaleVec, batchInverse } from "../field/vector.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32 } from "../parallel/shared.ts";

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
 * The per-row arithmetic of deepCompositionRange, as generated straight-line source:
 * V8 does not inline that many calls to a multiply helper, and the calls cost 5x.
 * `M(d,a,b)` expands to the float-quotient multiply of babybear.ts (valid for a·b below
 * 2^63, so sums of two canonical values may be multiplied), `R(d,e)` reduces a
 * non-negative integer expression below 2^52.
 */
const ROW_KERNEL_DSL = `
for (let r = 0; r < len; r++) {
  const row = start + r;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0, v, o, e;
  for (let k = 0; k < nc; k++) {
    v = cols[k][row]; o = 4 * k;
    M(e,v,coefZ[o]) a0 += e; M(e,v,coefZ[o+1]) a1 += e; M(e,v,coefZ[o+2]) a2 += e; M(e,v,coefZ[o+3]) a3 += e;
    if (k < numTraceCols) {
      M(e,v,coefNext[o]) b0 += e; M(e,v,coefNext[o+1]) b1 += e; M(e,v,coefNext[o+2]) b2 += e; M(e,v,coefNext[o+3]) b3 += e;
    }
  }
  const x = xs[r]; let x2, x3; M(x2,x,x) M(x3,x2,x)
  const iz = invNorms[2 * r], inn = invNorms[2 * r + 1];
  let t0, t1, t2, t3, u0, u1, u2, u3, w;
  R(w, a0 + P - aZ0) M(t0,w,iz) R(w, a1 + P - aZ1) M(t1,w,iz) R(w, a2 + P - aZ2) M(t2,w,iz) R(w, a3 + P - aZ3) M(t3,w,iz)
  R(w, b0 + P - bZ0) M(u0,w,inn) R(w, b1 + P - bZ1) M(u1,w,inn) R(w, b2 + P - bZ2) M(u2,w,inn) R(w, b3 + P - bZ3) M(u3,w,inn)
  let p0, p1, p2, p3, q0, q1, q2, q3, s1, s2;
  M(s1,gz8,x2) M(s2,gz4,x) R(p0, x3 + s1 + s2 + gz0)   M(s1,gz9,x2) M(s2,gz5,x) R(p1, s1 + s2 + gz1)
  M(s1,gz10,x2) M(s2,gz6,x) R(p2, s1 + s2 + gz2)       M(s1,gz11,x2) M(s2,gz7,x) R(p3, s1 + s2 + gz3)
  M(s1,gn8,x2) M(s2,gn4,x) R(q0, x3 + s1 + s2 + gn0)   M(s1,gn9,x2) M(s2,gn5,x) R(q1, s1 + s2 + gn1)
  M(s1,gn10,x2) M(s2,gn6,x) R(q2, s1 + s2 + gn2)       M(s1,gn11,x2) M(s2,gn7,x) R(q3, s1 + s2 + gn3)
  let c0, c1, c2, c3, h4, h5, h6, y;
  M(y,t1,p3) h4 = y; M(y,t2,p2) h4 += y; M(y,t3,p1) h4 += y; M(y,u1,q3) h4 += y; M(y,u2,q2) h4 += y; M(y,u3,q1) h4 += y;
  M(y,t2,p3) h5 = y; M(y,t3,p2) h5 += y; M(y,u2,q3) h5 += y; M(y,u3,q2) h5 += y;
  M(y,t3,p3) h6 = y; M(y,u3,q3) h6 += y;
  R(h4, h4) R(h5, h5) R(h6, h6)
  M(y,t0,p0) c0 = y + 11 * h4; M(y,u0,q0) c0 += y;
  M(y,t0,p1) c1 = y + 11 * h5; M(y,t1,p0) c1 += y; M(y,u0,q1) c1 += y; M(y,u1,q0) c1 += y;
  M(y,t0,p2) c2 = y + 11 * h6; M(y,t1,p1) c2 += y; M(y,t2,p0) c2 += y; M(y,u0,q2) c2 += y; M(y,u1,q1) c2 += y; M(y,u2,q0) c2 += y;
  M(y,t0,p3) c3 = y; M(y,t1,p2) c3 += y; M(y,t2,p1) c3 += y; M(y,t3,p0) c3 += y; M(y,u0,q3) c3 += y; M(y,u1,q2) c3 += y; M(y,u2,q1) c3 += y; M(y,u3,q0) c3 += y;
  o = 4 * row;
  R(y, c0) out[o] = y; R(y, c1) out[o + 1] = y; R(y, c2) out[o + 2] = y; R(y, c3) out[o + 3] = y;
}`;

/** The numerators alone (lifted proofs, lifting.ts): A and B of each row, 8 base columns. */
const NUMERATOR_KERNEL_DSL = `
for (let r = 0; r < len; r++) {
  const row = start + r;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0, v, o, e, y;
  for (let k = 0; k < nc; k++) {
    v = cols[k][row]; o = 4 * k;
    M(e,v,coefZ[o]) a0 += e; M(e,v,coefZ[o+1]) a1 += e; M(e,v,coefZ[o+2]) a2 += e; M(e,v,coefZ[o+3]) a3 += e;
    if (k < numTraceCols) {
      M(e,v,coefNext[o]) b0 += e; M(e,v,coefNext[o+1]) b1 += e; M(e,v,coefNext[o+2]) b2 += e; M(e,v,coefNext[o+3]) b3 += e;
    }
  }
  R(y, a0) out[0][row] = y; R(y, a1) out[1][row] = y; R(y, a2) out[2][row] = y; R(y, a3) out[3][row] = y;
  R(y, b0) out[4][row] = y; R(y, b1) out[5][row] = y; R(y, b2) out[6][row] = y; R(y, b3) out[7][row] = y;
}`;

function expandKernel(dsl: string): string {
  return dsl
    .replace(/M\((\w+),([^,]+),([^)]+\]?)\)/g, (_, d, a, b) =>
      `q=(${a}*${b}*IP-0.5)|0;rr=(Math.imul(${a},${b})-Math.imul(q,P)-P)|0;${d}=rr+((rr>>31)&P);`)
    .replace(/R\((\w+), ([^)]+)\)/g, (_, d, e) =>
      `tt=${e};rr=tt-((tt*IP)|0)*P;${d}=rr>=P?rr-P:rr<0?rr+P:rr;`);
}

type RowKernel = (...args: unknown[]) => void;
const ROW_KERNEL_ARGS = ["len", "start", "cols", "nc", "numTraceCols", "coefZ", "coefNext", "xs", "invNorms", "out",
  "aZ0", "aZ1", "aZ2", "aZ3", "bZ0", "bZ1", "bZ2", "bZ3",
  ...Array.from({ length: 12 }, (_, i) => `gz${i}`), ...Array.from({ length: 12 }, (_, i) => `gn${i}`)];
let rowKernel: RowKernel | undefined;
function getRowKernel(): RowKernel {
  rowKernel ??= new Function(...ROW_KERNEL_ARGS,
    `"use strict"; const P = ${P}, IP = 1 / P; let q, rr, tt;\n${expandKernel(ROW_KERNEL_DSL)}`) as RowKernel;
  return rowKernel;
}

let numeratorKernel: RowKernel | undefined;
function getNumeratorKernel(): RowKernel {
  numeratorKernel ??= new Function("len", "start", "cols", "nc", "numTraceCols", "coefZ", "coefNext", "out",
    `"use strict"; const P = ${P}, IP = 1 / P; let q, rr, tt;\n${expandKernel(NUMERATOR_KERNEL_DSL)}`) as RowKernel;
  return numeratorKernel;
}

/** The numerators A(x), B(x) of D at LDE rows [start, end): 8 base columns (A's and B's coordinates). Also a worker task. */
export function deepNumeratorsRange(inp: Pick<DeepInputs, "cols" | "numTraceCols" | "coefZ" | "coefNext">, start: number, end: number, out: Uint32Array[]): void {
  getNumeratorKernel()(end - start, start, inp.cols, inp.cols.length, inp.numTraceCols, inp.coefZ, inp.coefNext, out);
}

/** A and B of a table over its whole LDE (bit-reversed), as 8 base columns; split across worker threads. */
export async function deepNumerators(inp: Pick<DeepInputs, "cols" | "numTraceCols" | "coefZ" | "coefNext" | "logLde">, into?: Uint32Array[]): Promise<Uint32Array[]> {
  const N = 1 << inp.logLde;
  // `into`: 8 shared columns of at least N words, reused across tables
  const out = into ? into.map((c) => c.subarray(0, N)) : Array.from({ length: 8 }, () => sharedU32(N));
  const pool = getPool();
  const parts = N >= 1 << 12 ? pool.size : 1;
  const task = { cols: inp.cols, numTraceCols: inp.numTraceCols, coefZ: inp.coefZ, coefNext: inp.coefNext };
  await pool.map(import.meta.url, "deepNumeratorsRange", splitRange(N, parts).map(([s, e]) => [task, s, e, out]));
  return out;
}

/**
 * D at bit-reversed positions [start, end) of the LDE domain, written AoS into `out`
 * (a shared array of 4·N words). Ranges are independent, so workers split the domain.
 * 1/(x - z) is G_z(x)/m_z(x) (field/minpoly.ts): one batched base inversion per point
 * and tap instead of an extension inversion.
 */
export function deepCompositionRange(inp: DeepInputs, start: number, end: number, out: Uint32Array): void {
  const len = end - start;
  const rev = bitReversalTable(inp.logLde);
  const xsNatural = powersVec(rootOfUnity(inp.logLde), 1 << inp.logLde);
  scaleVec(xsNatural, xsNatural, inp.shift);
  const mz = minimalPolynomial(inp.z), mn = minimalPolynomial(inp.zNext);
  const xs = new Uint32Array(len);
  const norms = new Uint32Array(2 * len);
  for (let r = 0; r < len; r++) {
    const x = xsNatural[rev[start + r]];
    xs[r] = x;
    norms[2 * r] = evalMinimalPolynomial(mz, x);
    norms[2 * r + 1] = evalMinimalPolynomial(mn, x);
  }
  const invNorms = batchInverse(norms);
  const { aZ, bZNext: bZ } = inp;
  getRowKernel()(len, start, inp.cols, inp.cols.length, inp.numTraceCols, inp.coefZ, inp.coefNext, xs, invNorms, out,
    aZ[0], aZ[1], aZ[2], aZ[3], bZ[0], bZ[1], bZ[2], bZ[3], ...cofactorOf(inp.z, mz), ...cofactorOf(inp.zNext, mn));
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
