// FRI query phase (verifier), over a verifier backend (verifier-backend.ts): follow one
// index down the layers, checking each leaf's Merkle path and that it holds the value
// folded from the layer above, then the final polynomial. The index is its bits: the
// leaf's row and the position inside the leaf are bit ranges, the leaf entry is chosen
// by selects, and the points x0 and x are products of powers chosen by the bits.
import { P, mul, inv, pow, rootOfUnity } from "../field/babybear.ts";
import { checkedOpening } from "./verifier-merkle.ts";
import type { Opening } from "./proof.ts";
import { friLayerDims, layerShift, type FriSchedule } from "./fri.ts";
import { reverseBits } from "./domain.ts";
import type { Reason, VerifierBackend } from "./verifier-backend.ts";
import { fail } from "./verify-error.ts";
import { selectTree } from "./select-tree.ts";

const HALF = (P + 1) / 2;

/**
 * g^bitrev(m, k) · scale, for m given by its k bits (least significant first):
 * bit i of m is bit k-1-i of bitrev(m), so the power is prod_i (bit_i ? g^(2^(k-1-i)) : 1).
 */
export function bitrevPowWith<F, E, D>(B: VerifierBackend<F, E, D>, bits: F[], g: number, scale: number): F {
  const k = bits.length;
  let acc = B.constBase(scale);
  const one = B.constBase(1);
  let gp = g; // g^(2^(k-1-i)) for i = k-1 down to 0
  for (let i = k - 1; i >= 0; i--) {
    const [factor] = B.select(bits[i], one, B.constBase(gp));
    acc = B.mul(acc, factor);
    gp = mul(gp, gp);
  }
  return acc;
}

/** The point at bit-reversed position `pos` (its bits) of the coset shift·H of size 2^bits.length. */
export function ldePointWith<F, E, D>(B: VerifierBackend<F, E, D>, posBits: F[], shift: number): F {
  return bitrevPowWith(B, posBits, rootOfUnity(posBits.length), shift);
}

/** The entry `pos` (its bits) of a list of 2^bits.length values, by a tree of selects. */
export function selectByBits<F, E, D>(B: VerifierBackend<F, E, D>, bits: F[], values: E[]): E {
  return selectTree(bits, values, (bit, a, b) => B.selectExt(bit, a, b)[0]);
}

/**
 * Folds the 2^logArity values of one leaf into sum_j beta^j f_j(x0^a) (fri.ts foldLeafInto,
 * which computes the same value by the fold matrix) as logArity binary folds: f(x) =
 * f_e(x^2) + x·f_o(x^2) folded with r = beta/x gives f_e + r·f_o =
 * A + (r/(2x0'·w^s) - 1/2)·(A - B) for the pair A = f(x), B = f(-x), and folding the
 * result with beta^2 at x^2 repeats it (r squares). In a leaf (bit-reversed storage) the
 * pairs are adjacent: positions 2m and 2m+1 hold f(x0·w^s) and f(-x0·w^s), s =
 * bitrev(m) over the next level's bits, and the folded values come out in the next
 * level's storage order. Three operations per pair (a difference and two products with
 * a sum), 3·(2^logArity - 1) in all, against 2^(2·logArity) for the matrix: a recorded
 * verifier's folds are a few percent of it instead of a fifth at arity 8.
 */
export function foldLeafWith<F, E, D>(B: VerifierBackend<F, E, D>, leaf: E[], logArity: number, beta: E, x0Inv: F): E {
  let r = B.extMulBase(beta, x0Inv);
  let vals = leaf;
  const minusHalf = B.constExt([P - HALF, 0, 0, 0]);
  for (let k = logArity; k >= 1; k--) {
    const wInv = inv(rootOfUnity(k));
    const next: E[] = [];
    for (let m = 0; m < vals.length / 2; m++) {
      const a = vals[2 * m], b = vals[2 * m + 1];
      // r·c_m - 1/2 with c_m = w^-bitrev(m)/2: the point's inverse and the halving in one constant
      const c = mul(HALF, pow(wInv, reverseBits(m, k - 1)));
      const u = B.extFma(B.constExt([c, 0, 0, 0]), r, minusHalf);
      next.push(B.extFma(u, B.extSub(a, b), a));
    }
    vals = next;
    if (k > 1) r = B.extMul(r, r);
  }
  return vals[0];
}

/** Horner evaluation of an extension-coefficient polynomial at a base point. */
export function evalPolyAtBaseWith<F, E, D>(B: VerifierBackend<F, E, D>, coeffs: E[], x: F): E {
  let acc = coeffs[coeffs.length - 1];
  for (let j = coeffs.length - 2; j >= 0; j--) acc = B.extAdd(B.extMulBase(acc, x), coeffs[j]);
  return acc;
}

export type FriQuery<F, E, D> = {
  schedule: FriSchedule;
  /** Each layer's commitment: its cap's digests (one, the root, without merkleCapHeight). */
  caps: D[][];
  betas: E[];
  /** beta_k^(2^logArity_k): the weight of an input rolled in after layer k. */
  rollWeights: E[];
  finalPoly: E[];
  /** The query index, logN bits, least significant first. */
  indexBits: F[];
  openings: Opening[];
  /** The DEEP value at each input height. */
  inputs: Map<number, E>;
  logN: number;
  /** "query i (index n)", for reasons. */
  where: Reason;
};

/** Checks one query through every layer; fails 'fri' at the first inconsistency. */
export function friVerifyQuery<F, E, D>(B: VerifierBackend<F, E, D>, q: FriQuery<F, E, D>): void {
  const { schedule, logN } = q;
  const why = (s: string) => () => `${q.where()}: ${s}`;
  let value = q.inputs.get(logN);
  if (!value) fail("fri", why(`no input at the top height 2^${logN}`)());
  let bits = q.indexBits;
  for (let k = 0; k < schedule.layers.length; k++) {
    const { logSize, logArity } = schedule.layers[k];
    const posBits = bits.slice(0, logArity);
    const rowBits = bits.slice(logArity);
    const o = q.openings[k];
    const dims = friLayerDims(schedule.layers[k]);
    const row = rowBits.reduce((s, b, i) => s + B.peekBase(b) * 2 ** i, 0); // messages only
    const rows = checkedOpening(B, "fri", why(`layer ${k}`), q.caps[k], dims, rowBits, row, o);
    const leaf = Array.from({ length: 1 << logArity }, (_, t) => B.extFromCoords(rows[0].slice(4 * t, 4 * t + 4)));
    B.assertEqExt(selectByBits(B, posBits, leaf), value!, "fri", why(`layer ${k}: leaf does not hold the folded value`));
    // x0 = shift_k · w_k^bitrev(row), so x0^-1 = shift_k^-1 · (w_k^-1)^bitrev(row)
    const x0Inv = bitrevPowWith(B, rowBits, inv(rootOfUnity(logSize)), inv(layerShift(logN, logSize)));
    value = foldLeafWith(B, leaf, logArity, q.betas[k], x0Inv);
    bits = rowBits;
    const rolled = q.inputs.get(logSize - logArity);
    if (rolled) value = B.extAdd(value, B.extMul(q.rollWeights[k], rolled));
  }
  const fl = schedule.finalLogSize;
  const x = ldePointWith(B, bits, layerShift(logN, fl));
  B.assertEqExt(evalPolyAtBaseWith(B, q.finalPoly, x), value!, "fri", why("the final polynomial disagrees with the last layer"));
}
