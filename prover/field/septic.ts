// The degree-7 extension of BabyBear, F_{p^7} = F_p[z]/(z^7 - 2z - 5): the field of the
// curve whose points combine segment shares (prover/zkvm/shares.ts). The modulus is the
// one SP1 publishes for its septic extension (SP1, crates/stark, septic_extension);
// test/field/septic.test.ts checks that it is irreducible (Rabin's test).
//
// Elements are Uint32Array(7) of canonical coefficients, lowest degree first. Not a hot
// path (a few hundred operations per segment): plain code, BigInt only for exponents.
import { P, add, sub, mul, neg } from "./babybear.ts";

export type F7 = Uint32Array;
export const D7 = 7;

export function f7(...c: number[]): F7 {
  const out = new Uint32Array(D7);
  c.forEach((v, i) => (out[i] = ((v % P) + P) % P));
  return out;
}

export const F7_ZERO = f7();
export const F7_ONE = f7(1);

export function f7Add(a: F7, b: F7): F7 {
  const o = new Uint32Array(D7);
  for (let i = 0; i < D7; i++) o[i] = add(a[i], b[i]);
  return o;
}

export function f7Sub(a: F7, b: F7): F7 {
  const o = new Uint32Array(D7);
  for (let i = 0; i < D7; i++) o[i] = sub(a[i], b[i]);
  return o;
}

export function f7Neg(a: F7): F7 {
  const o = new Uint32Array(D7);
  for (let i = 0; i < D7; i++) o[i] = neg(a[i]);
  return o;
}

export function f7Scale(a: F7, s: number): F7 {
  const o = new Uint32Array(D7);
  for (let i = 0; i < D7; i++) o[i] = mul(a[i], s);
  return o;
}

/** Product mod z^7 - 2z - 5: z^(7+k) = 2 z^(k+1) + 5 z^k, folded from the top. */
export function f7Mul(a: F7, b: F7): F7 {
  const t = new Array<number>(2 * D7 - 1).fill(0);
  for (let i = 0; i < D7; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < D7; j++) t[i + j] = add(t[i + j], mul(a[i], b[j]));
  }
  for (let k = 2 * D7 - 2; k >= D7; k--) {
    const c = t[k];
    if (c === 0) continue;
    t[k - D7 + 1] = add(t[k - D7 + 1], mul(2, c));
    t[k - D7] = add(t[k - D7], mul(5, c));
  }
  return Uint32Array.from(t.slice(0, D7));
}

export function f7Square(a: F7): F7 {
  return f7Mul(a, a);
}

export function f7IsZero(a: F7): boolean {
  return a.every((x) => x === 0);
}

export function f7Equals(a: F7, b: F7): boolean {
  for (let i = 0; i < D7; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function f7Pow(a: F7, e: bigint): F7 {
  let r = F7_ONE, b = a;
  while (e > 0n) {
    if (e & 1n) r = f7Mul(r, b);
    b = f7Square(b);
    e >>= 1n;
  }
  return r;
}

const PB = BigInt(P);
/** p^7, the field's order. */
export const ORDER7 = PB ** 7n;

/** a^(p^7 - 2); throws on 0. */
export function f7Inv(a: F7): F7 {
  if (f7IsZero(a)) throw new Error("septic: inverse of zero");
  return f7Pow(a, ORDER7 - 2n);
}

/** Euler's criterion: 1 for a nonzero square, -1 for a non-square, 0 for 0. */
export function f7Legendre(a: F7): number {
  if (f7IsZero(a)) return 0;
  return f7Equals(f7Pow(a, (ORDER7 - 1n) / 2n), F7_ONE) ? 1 : -1;
}

// p^7 - 1 = 2^27 · Q with Q odd (p - 1 = 2^27 · 15 and 1 + p + ... + p^6 is odd).
const TWO_ADICITY = 27;
const Q = (ORDER7 - 1n) >> BigInt(TWO_ADICITY);

let nonResidue: F7 | null = null;
/** The first non-square among z + k, k = 0, 1, ... (deterministic). */
function firstNonResidue(): F7 {
  if (!nonResidue) {
    for (let k = 0; ; k++) {
      const c = f7(k, 1);
      if (f7Legendre(c) === -1) return (nonResidue = c);
    }
  }
  return nonResidue;
}

/** A square root (Tonelli-Shanks), or null for a non-square. */
export function f7Sqrt(a: F7): F7 | null {
  if (f7IsZero(a)) return F7_ZERO;
  if (f7Legendre(a) !== 1) return null;
  let m = TWO_ADICITY;
  let c = f7Pow(firstNonResidue(), Q);
  let t = f7Pow(a, Q);
  let r = f7Pow(a, (Q + 1n) / 2n);
  while (!f7Equals(t, F7_ONE)) {
    let i = 0, t2 = t;
    while (!f7Equals(t2, F7_ONE)) {
      t2 = f7Square(t2);
      i++;
    }
    let b = c;
    for (let j = 0; j < m - i - 1; j++) b = f7Square(b);
    m = i;
    c = f7Square(b);
    t = f7Mul(t, c);
    r = f7Mul(r, b);
  }
  return r;
}
