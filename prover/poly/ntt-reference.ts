// Plain reference transforms over the scalar field of babybear.ts. They are slow on
// purpose (no tricks) and exist so tests can check the fast kernels against them.
import { add, mul, pow, rootOfUnity, sub, inv } from "../field/babybear.ts";

function logOf(n: number): number {
  const log = Math.log2(n);
  if (!Number.isInteger(log)) throw new RangeError(`reference NTT: length ${n} is not a power of two`);
  return log;
}

/** Naive O(n^2) DFT: out[i] = sum_j c[j] * w^(ij), w = rootOfUnity(log n). */
export function naiveDft(coeffs: Uint32Array, shift = 1): Uint32Array {
  const n = coeffs.length;
  const w = rootOfUnity(logOf(n));
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = evalPoly(coeffs, mul(shift, pow(w, i)));
  return out;
}

/** Horner evaluation of sum c[j] x^j. */
export function evalPoly(coeffs: Uint32Array, x: number): number {
  let acc = 0;
  for (let j = coeffs.length - 1; j >= 0; j--) acc = add(mul(acc, x), coeffs[j]);
  return acc;
}

/** Recursive radix-2 Cooley-Tukey, returns a new array; O(n log n). */
export function referenceNtt(coeffs: Uint32Array): Uint32Array {
  const n = coeffs.length;
  return rec(coeffs, rootOfUnity(logOf(n)));
}

function rec(c: Uint32Array, w: number): Uint32Array {
  const n = c.length;
  if (n === 1) return Uint32Array.of(c[0]);
  const half = n / 2;
  const even = new Uint32Array(half);
  const odd = new Uint32Array(half);
  for (let i = 0; i < half; i++) {
    even[i] = c[2 * i];
    odd[i] = c[2 * i + 1];
  }
  const w2 = mul(w, w);
  const e = rec(even, w2);
  const o = rec(odd, w2);
  const out = new Uint32Array(n);
  let t = 1;
  for (let i = 0; i < half; i++) {
    const x = mul(t, o[i]);
    out[i] = add(e[i], x);
    out[i + half] = sub(e[i], x);
    t = mul(t, w);
  }
  return out;
}

/** Inverse of referenceNtt. */
export function referenceIntt(evals: Uint32Array): Uint32Array {
  const n = evals.length;
  const out = rec(evals, inv(rootOfUnity(logOf(n))));
  const nInv = inv(n % 2013265921);
  for (let i = 0; i < n; i++) out[i] = mul(out[i], nInv);
  return out;
}
