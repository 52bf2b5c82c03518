// BabyBear prime field, p = 2^31 - 2^27 + 1 = 15 * 2^27 + 1 (two-adicity 27).
//
// Elements are plain JS numbers in [0, p), stored in Uint32Array columns. This file is
// the scalar reference: every WebAssembly kernel is tested against it.
//
// Multiplication without BigInt: a*b < 2^62 is not exact in a double, but its quotient
// by p is known to within ~1e-6, so q = floor(a*b/p - 1/2) (±1) is cheap, and the low 32
// bits of a*b - q*p are exact with Math.imul. With that bias the true remainder lies in
// (0, 1.5p), so one branch-free conditional subtraction finishes the job.

export const P = 0x78000001; // 2013265921
export const TWO_ADICITY = 27;
/** A generator of the multiplicative group F_p^* (the one Plonky3 uses). */
export const GENERATOR = 31;
const INV_P = 1 / P;

export function add(a: number, b: number): number {
  let s = (a + b - P) | 0;
  return (s + ((s >> 31) & P)) >>> 0;
}

export function sub(a: number, b: number): number {
  let s = (a - b) | 0;
  return (s + ((s >> 31) & P)) >>> 0;
}

export function neg(a: number): number {
  return a === 0 ? 0 : P - a;
}

export function mul(a: number, b: number): number {
  const q = (a * b * INV_P - 0.5) | 0;
  let r = (Math.imul(a, b) - Math.imul(q, P) - P) | 0;
  return (r + ((r >> 31) & P)) >>> 0;
}

/** Reduces any safe integer (negative too) into [0, p). */
export function fromInt(n: number): number {
  const r = n % P;
  return r < 0 ? r + P : r;
}

export function pow(base: number, exponent: number | bigint): number {
  if (typeof exponent === "number" && Number.isSafeInteger(exponent) && exponent >= 0) {
    let result = 1;
    let b = base;
    for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
      if (e % 2 === 1) result = mul(result, b);
      b = mul(b, b);
    }
    return result;
  }
  let e = BigInt(exponent);
  if (e < 0n) throw new RangeError("pow: negative exponent");
  let result = 1;
  let b = base;
  while (e > 0n) {
    if (e & 1n) result = mul(result, b);
    b = mul(b, b);
    e >>= 1n;
  }
  return result;
}

export function inv(a: number): number {
  if (a === 0) throw new RangeError("BabyBear: inverse of zero");
  return pow(a, P - 2);
}

export function div(a: number, b: number): number {
  return mul(a, inv(b));
}

/** Montgomery's trick: one inversion and 3(n-1) multiplications. Zeros are rejected. */
export function batchInverse(values: Uint32Array): Uint32Array {
  const n = values.length;
  const out = new Uint32Array(n);
  if (n === 0) return out;
  let acc = 1;
  for (let i = 0; i < n; i++) {
    if (values[i] === 0) throw new RangeError(`batchInverse: element ${i} is zero`);
    out[i] = acc;
    acc = mul(acc, values[i]);
  }
  let accInv = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = mul(out[i], accInv);
    accInv = mul(accInv, values[i]);
  }
  return out;
}

/** A primitive 2^logN-th root of unity: g^((p-1)/2^logN) for the group generator g. */
export function rootOfUnity(logN: number): number {
  if (!Number.isInteger(logN) || logN < 0 || logN > TWO_ADICITY) {
    throw new RangeError(`rootOfUnity: log size ${logN} outside [0, ${TWO_ADICITY}]`);
  }
  return pow(GENERATOR, (P - 1) / 2 ** logN);
}

/** [1, w, w^2, ..., w^(n-1)] for w a primitive n-th root of unity, n = 2^logN. */
export function powersOf(base: number, count: number, start = 1): Uint32Array {
  const out = new Uint32Array(count);
  let x = start;
  for (let i = 0; i < count; i++) {
    out[i] = x;
    x = mul(x, base);
  }
  return out;
}

export function isCanonical(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < P;
}
