// The septic curve of the segment shares (prover/field/septic-curve.ts,
// prover/zkvm/shares.ts) as recursion-program operations: lift computes a segment's share
// from its main root, join adds shares, root compares the sum with the challenges'
// source. F_p^7 = F_p[z]/(z^7 - 2z - 5) elements are 7 base values; products are lowered
// to base-ALU operations, inverses and square roots are witnessed and checked by a
// product.
//
// What is checked, and why it suffices:
// - a sum: λ·(x2 − x1) = y2 − y1 with x2 − x1 shown non-zero (its inverse exists), so
//   λ is the chord's slope; equal x (doubling or opposite points) happens for honest
//   shares with probability about 2^-217 and is refused (the prover cannot prove it);
// - a share: x is the hash of (tag, key digest, root halves, counter, 0) and y² = x³ +
//   2x + 26z⁵. The counter and the sign of y are the prover's choice, where the
//   TypeScript prover takes the first counter that works and the "low" y. A choice among
//   a few points per share gives no k-sum advantage in a generic group (the curve), and
//   choosing among challenge candidates is ordinary grinding, bounded like any other.
import { SHARE_TAG } from "../../prover/zkvm/shares.ts";
import { f7, f7Inv, D7, type F7 } from "../../prover/field/septic.ts";
import type { CurvePoint } from "../../prover/field/septic-curve.ts";
import { AluOp } from "./program.ts";
import { RecursionAssertError, type ProgramBuilder, type Var } from "./builder.ts";
import { hashRow, wordHalves } from "./hash-program.ts";

export type F7Var = Var[];
export type PointVar = { x: F7Var; y: F7Var };


export class SepticProgram {
  private readonly b: ProgramBuilder;
  constructor(b: ProgramBuilder) {
    this.b = b;
  }

  value(a: F7Var): F7 {
    return Uint32Array.from(a, (v) => this.b.baseValue(v));
  }
  constant(c: F7): F7Var {
    return Array.from(c, (w) => this.b.constant(w));
  }
  witness(c: F7): F7Var {
    return Array.from(c, (w) => this.b.witness(w));
  }

  add(a: F7Var, c: F7Var): F7Var {
    return a.map((v, i) => this.b.baseAlu(AluOp.Add, v, c[i]));
  }
  sub(a: F7Var, c: F7Var): F7Var {
    return a.map((v, i) => this.b.baseAlu(AluOp.Sub, v, c[i]));
  }

  /** Schoolbook product, then z^(7+k) = 2z^(k+1) + 5z^k folded from the top. */
  mul(a: F7Var, c: F7Var): F7Var {
    const b = this.b;
    const t: Var[] = [];
    for (let i = 0; i < D7; i++) {
      for (let j = 0; j < D7; j++) {
        const p = b.baseAlu(AluOp.Mul, a[i], c[j]);
        t[i + j] = t[i + j] ? b.baseAlu(AluOp.Add, t[i + j], p) : p;
      }
    }
    const two = b.constant(2), five = b.constant(5);
    for (let k = 2 * D7 - 2; k >= D7; k--) {
      t[k - D7 + 1] = b.baseAlu(AluOp.Add, t[k - D7 + 1], b.baseAlu(AluOp.Mul, two, t[k]));
      t[k - D7] = b.baseAlu(AluOp.Add, t[k - D7], b.baseAlu(AluOp.Mul, five, t[k]));
    }
    return t.slice(0, D7);
  }

  assertEq(a: F7Var, c: F7Var, label: string): void {
    a.forEach((v, i) => this.b.assertEq(v, c[i], label));
  }

  /** 1/a, witnessed; a·(1/a) = 1 proves a ≠ 0. */
  inv(a: F7Var, label: string): F7Var {
    const v = this.value(a);
    if (v.every((w) => w === 0)) throw new RecursionAssertError(label, "inverse of zero in F_p^7");
    const w = this.witness(f7Inv(v));
    this.assertEq(this.mul(a, w), this.constant(f7(1)), label);
    return w;
  }

  /** x³ + 2x + 26z⁵ */
  curveRhs(x: F7Var): F7Var {
    const x3 = this.mul(this.mul(x, x), x);
    const twoX = x.map((v) => this.b.baseAlu(AluOp.Add, v, v));
    return this.add(this.add(x3, twoX), this.constant(f7(0, 0, 0, 0, 0, 26)));
  }

  assertOnCurve(pt: PointVar, label: string): void {
    this.assertEq(this.mul(pt.y, pt.y), this.curveRhs(pt.x), label);
  }

  /** a + b for points with different x (see the header). */
  pointAdd(a: PointVar, c: PointVar, label: string): PointVar {
    const dxInv = this.inv(this.sub(c.x, a.x), `${label}: equal x`);
    const lambda = this.mul(this.sub(c.y, a.y), dxInv);
    const x3 = this.sub(this.sub(this.mul(lambda, lambda), a.x), c.x);
    const y3 = this.sub(this.mul(lambda, this.sub(a.x, x3)), a.y);
    return { x: x3, y: y3 };
  }

  /**
   * The share of a proof: its key digest (8 words) and main root (8 words) hashed to a
   * curve point. `share` is the point the prover computed (shares.ts shareOfRoot) and
   * `counter` the counter that gave it.
   */
  share(keyDigest: Var[], root: Var[], counter: number, share: NonNullable<CurvePoint>, label: string): PointVar {
    const b = this.b;
    const halves = root.flatMap((w) => wordHalves(b, w));
    const words = [b.constant(SHARE_TAG), ...keyDigest, ...halves, b.witness(counter), b.constant(0)];
    const x = hashRow(b, words).slice(0, D7);
    const y = this.witness(share.y);
    const pt = { x, y };
    this.assertOnCurve(pt, label);
    if (!this.value(x).every((w, i) => w === share.x[i])) throw new RecursionAssertError(label, "the share's x is not the hash of the root");
    return pt;
  }

}
