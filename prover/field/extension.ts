// The degree-4 extension F_p[x]/(x^4 - 11) of BabyBear (the binomial extension Plonky3
// and RISC Zero use; 11 is a non-residue of the right kind so x^4 - 11 is irreducible).
//
// An element is 4 base coefficients a0 + a1 x + a2 x^2 + a3 x^3. Two representations:
// - `Ext`, a 4-element Uint32Array, for verifier-side code where clarity matters;
// - flat arrays of 4n words (element i at [4i, 4i+4)), the "AoS" layout used for
//   extension-valued columns; the `*At` functions read and write them in place.
import { P, add, sub, mul, inv as baseInv } from "./babybear.ts";

export type Ext = Uint32Array;
export const W = 11;
export const EXT_DEGREE = 4;

export function ext(a0 = 0, a1 = 0, a2 = 0, a3 = 0): Ext {
  return Uint32Array.of(a0, a1, a2, a3);
}
export const ZERO: Ext = ext();
export const ONE: Ext = ext(1);

export function fromBase(a: number): Ext {
  return ext(a);
}
export function isZero(a: Ext): boolean {
  return a[0] === 0 && a[1] === 0 && a[2] === 0 && a[3] === 0;
}
export function equals(a: Ext, b: Ext): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

export function extAdd(a: Ext, b: Ext): Ext {
  return ext(add(a[0], b[0]), add(a[1], b[1]), add(a[2], b[2]), add(a[3], b[3]));
}
export function extSub(a: Ext, b: Ext): Ext {
  return ext(sub(a[0], b[0]), sub(a[1], b[1]), sub(a[2], b[2]), sub(a[3], b[3]));
}
export function extNeg(a: Ext): Ext {
  return extSub(ZERO, a);
}
export function extScale(a: Ext, s: number): Ext {
  return ext(mul(a[0], s), mul(a[1], s), mul(a[2], s), mul(a[3], s));
}

export function extMul(a: Ext, b: Ext): Ext {
  const out = new Uint32Array(4);
  extMulAt(out, 0, a, 0, b, 0);
  return out;
}

/** out[o..o+4) = a[i..i+4) * b[j..j+4). `out` may alias an input. */
export function extMulAt(out: Uint32Array, o: number, a: Uint32Array, i: number, b: Uint32Array, j: number): void {
  const a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
  const b0 = b[j], b1 = b[j + 1], b2 = b[j + 2], b3 = b[j + 3];
  // x^4 = W folds the high half of the schoolbook product back down.
  const c4 = add(add(mul(a1, b3), mul(a2, b2)), mul(a3, b1));
  const c5 = add(mul(a2, b3), mul(a3, b2));
  const c6 = mul(a3, b3);
  out[o] = add(mul(a0, b0), mul(W, c4));
  out[o + 1] = add(add(mul(a0, b1), mul(a1, b0)), mul(W, c5));
  out[o + 2] = add(add(add(mul(a0, b2), mul(a1, b1)), mul(a2, b0)), mul(W, c6));
  out[o + 3] = add(add(add(mul(a0, b3), mul(a1, b2)), mul(a2, b1)), mul(a3, b0));
}

export function extMulBase(a: Ext, s: number): Ext {
  return extScale(a, s);
}

export function extSquare(a: Ext): Ext {
  return extMul(a, a);
}

export function extPow(a: Ext, exponent: number | bigint): Ext {
  let e = BigInt(exponent);
  let result = ONE;
  let b = a;
  while (e > 0n) {
    if (e & 1n) result = extMul(result, b);
    b = extMul(b, b);
    e >>= 1n;
  }
  return result;
}

/**
 * Inverse through the tower: a(x)·a(-x) lies in F_p[x^2], and for c0 + c2·y with
 * y^2 = W the inverse is (c0 - c2·y) / (c0^2 - W·c2^2).
 */
export function extInv(a: Ext): Ext {
  if (isZero(a)) throw new RangeError("extension field: inverse of zero");
  const conj = ext(a[0], sub(0, a[1]), a[2], sub(0, a[3]));
  const c = extMul(a, conj); // c[1] = c[3] = 0
  const norm = sub(mul(c[0], c[0]), mul(W, mul(c[2], c[2])));
  const ni = baseInv(norm);
  const half = ext(mul(c[0], ni), 0, mul(sub(0, c[2]), ni), 0);
  return extMul(conj, half);
}

export function extDiv(a: Ext, b: Ext): Ext {
  return extMul(a, extInv(b));
}

/**
 * Batch inversion over a flat array of 4n words (Montgomery's trick), without
 * allocating per element. `out` may be given to reuse memory; it must not alias
 * `values`. A zero element is an error.
 */
export function extBatchInverse(values: Uint32Array, out: Uint32Array = new Uint32Array(values.length)): Uint32Array {
  const n = values.length / 4;
  if (n === 0) return out;
  const acc = Uint32Array.of(1, 0, 0, 0);
  for (let i = 0; i < n; i++) {
    out[4 * i] = acc[0];
    out[4 * i + 1] = acc[1];
    out[4 * i + 2] = acc[2];
    out[4 * i + 3] = acc[3];
    extMulAt(acc, 0, acc, 0, values, 4 * i);
  }
  if (isZero(acc)) {
    const i = Array.from({ length: n }, (_, k) => k).find((k) => isZero(values.subarray(4 * k, 4 * k + 4)));
    throw new RangeError(`extBatchInverse: element ${i} is zero`);
  }
  const accInv = extInv(acc);
  for (let i = n - 1; i >= 0; i--) {
    extMulAt(out, 4 * i, out, 4 * i, accInv, 0);
    extMulAt(accInv, 0, accInv, 0, values, 4 * i);
  }
  return out;
}

/** a + b·s for Ext a, b and base s (a common step in DEEP and FRI). */
export function extAddScaled(a: Ext, b: Ext, s: number): Ext {
  return extAdd(a, extScale(b, s));
}

export function extToString(a: Ext): string {
  return `[${a[0]}, ${a[1]}, ${a[2]}, ${a[3]}]`;
}

export { P };
