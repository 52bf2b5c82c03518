// The elliptic curve y^2 = x^3 + 2x + 26·z^5 over F_{p^7} (septic.ts): the group in which
// segment shares add up (prover/zkvm/shares.ts). Curve and field are the ones SP1
// publishes for its global interaction digest (SP1, crates/stark, septic_curve).
//
// Why a curve: the shares of a run's segments must combine order-independently (so
// recursion can fold any two), and a prover who can choose many segments must not be able
// to steer the combination. A sum of hashes in a field falls to a generalized-birthday
// (k-list) attack; in a generic group of order N the best known attack on such a k-sum
// costs about sqrt(N). This curve has about p^7 ≈ 2^217 points, so about 2^108 work,
// assuming (as SP1 reports; we do not count points here) that its order has no small
// factors that matter. The conjectured level of the run's challenge is thus ~108 bits.
//
// Points are affine; null is the point at infinity.
import { f7, f7Add, f7Equals, f7Inv, f7IsZero, f7Mul, f7Neg, f7Scale, f7Sqrt, f7Square, f7Sub, type F7 } from "./septic.ts";
import { P } from "./babybear.ts";

export type CurvePoint = { x: F7; y: F7 } | null;

const A = f7(2);
const B = f7(0, 0, 0, 0, 0, 26);

/** x^3 + 2x + 26 z^5 */
export function curveRhs(x: F7): F7 {
  return f7Add(f7Add(f7Mul(f7Square(x), x), f7Mul(A, x)), B);
}

export function isOnCurve(pt: CurvePoint): boolean {
  return pt === null || f7Equals(f7Square(pt.y), curveRhs(pt.x));
}

export function pointNeg(pt: CurvePoint): CurvePoint {
  return pt === null ? null : { x: pt.x, y: f7Neg(pt.y) };
}

export function pointEquals(a: CurvePoint, b: CurvePoint): boolean {
  if (a === null || b === null) return a === b;
  return f7Equals(a.x, b.x) && f7Equals(a.y, b.y);
}

export function pointDouble(pt: CurvePoint): CurvePoint {
  if (pt === null || f7IsZero(pt.y)) return null;
  const lambda = f7Mul(f7Add(f7Scale(f7Square(pt.x), 3), A), f7Inv(f7Scale(pt.y, 2)));
  const x3 = f7Sub(f7Sub(f7Square(lambda), pt.x), pt.x);
  return { x: x3, y: f7Sub(f7Mul(lambda, f7Sub(pt.x, x3)), pt.y) };
}

export function pointAdd(a: CurvePoint, b: CurvePoint): CurvePoint {
  if (a === null) return b;
  if (b === null) return a;
  if (f7Equals(a.x, b.x)) return f7Equals(a.y, b.y) ? pointDouble(a) : null;
  const lambda = f7Mul(f7Sub(b.y, a.y), f7Inv(f7Sub(b.x, a.x)));
  const x3 = f7Sub(f7Sub(f7Square(lambda), a.x), b.x);
  return { x: x3, y: f7Sub(f7Mul(lambda, f7Sub(a.x, x3)), a.y) };
}

/** The point with this x whose y is "low" (first nonzero coefficient <= (p-1)/2), or null
 * when x^3 + 2x + 26z^5 is not a square. */
export function liftX(x: F7): CurvePoint {
  const y = f7Sqrt(curveRhs(x));
  if (y === null) return null;
  const first = y.find((c) => c !== 0) ?? 0;
  return { x, y: first > (P - 1) / 2 ? f7Neg(y) : y };
}

/** 15 words: x (7), y (7), then 1, or 15 zeros for the point at infinity. */
export function encodePoint(pt: CurvePoint): Uint32Array {
  const out = new Uint32Array(15);
  if (pt) {
    out.set(pt.x, 0);
    out.set(pt.y, 7);
    out[14] = 1;
  }
  return out;
}
