// FRI: proves that a function on a coset domain is close to a polynomial of low degree.
//
// Conventions (see domain.ts): layer values are extension elements stored AoS (4 words
// each) in bit-reversed order, so the `arity` values that fold into one are adjacent
// and one Merkle leaf holds exactly them; the folded index is `index >> logArity`.
//
// Inputs may have several heights (one per table height, after DEEP): the tallest
// starts the first layer and each shorter one is "rolled in" with weight beta^arity
// when folding reaches its height (as Plonky3 does). The sum is still low degree: a
// rolled-in polynomial evaluated on shift·H is a polynomial of the same degree in the
// folded layer's variable.
import { P, mul, pow, inv, rootOfUnity } from "../field/babybear.ts";
import { extMulAt, extPow, extScale, type Ext } from "../field/extension.ts";
import { COSET_SHIFT, reverseBits, bitReversalTable } from "./domain.ts";
import { sharedU32 } from "../parallel/shared.ts";

export type FriLayerShape = { logSize: number; logArity: number };
export type FriSchedule = { layers: FriLayerShape[]; finalLogSize: number };

/** A layer's Merkle matrix: one row per leaf, holding the 2^logArity extension values (4 words each) folded together. */
export function friLayerDims(layer: FriLayerShape): Array<{ width: number; height: number }> {
  return [{ width: 4 << layer.logArity, height: 1 << (layer.logSize - layer.logArity) }];
}

/**
 * The folding schedule: fold by 2^friLogArity, but never past the next input height
 * or the final size, so that every input height is a layer size.
 */
export function friSchedule(inputLogSizes: number[], logArity: number, finalLogSize: number): FriSchedule {
  const sizes = [...new Set(inputLogSizes)].sort((a, b) => b - a);
  if (sizes.length === 0) throw new Error("FRI: no inputs");
  if (sizes[sizes.length - 1] < finalLogSize) {
    throw new Error(`FRI: input of 2^${sizes[sizes.length - 1]} values is below the final layer size 2^${finalLogSize}`);
  }
  const layers: FriLayerShape[] = [];
  let cur = sizes[0];
  while (cur > finalLogSize) {
    const nextInput = sizes.find((s) => s < cur) ?? finalLogSize;
    const target = Math.max(nextInput, finalLogSize);
    const a = Math.min(logArity, cur - target);
    layers.push({ logSize: cur, logArity: a });
    cur -= a;
  }
  return { layers, finalLogSize: cur };
}

/** Shift of the coset a layer of size 2^logSize lives on, when the first had 2^logN. */
export function layerShift(logN: number, logSize: number): number {
  return pow(COSET_SHIFT, 2 ** (logN - logSize));
}

/**
 * W[j·a + t] = w^(-j·s) / a with s = bitrev(t), for the arity-a fold (w a primitive
 * a-th root of unity): indexed by the leaf position t, so the fold reads the leaf in
 * storage order.
 */
export function foldMatrix(logArity: number): Uint32Array {
  const a = 1 << logArity;
  const wInv = inv(rootOfUnity(logArity));
  const aInv = inv(a);
  const m = new Uint32Array(a * a);
  for (let j = 0; j < a; j++) {
    for (let t = 0; t < a; t++) m[j * a + t] = mul(aInv, pow(wInv, j * reverseBits(t, logArity)));
  }
  return m;
}
const foldMatrices: Uint32Array[] = [];

/**
 * Folds the 2^logArity values of one leaf into `out[o..o+4)`. They are f(x0·w^s) for
 * w a primitive arity-th root of unity, stored at position bitrev(s). With
 * f(x) = sum_j x^j f_j(x^a), f_j(x0^a) = (1/a) x0^-j sum_s f(x0 w^s) w^(-js), and the
 * folded value is sum_j beta^j f_j(x0^a) = sum_j (beta/x0)^j c_j.
 */
function foldLeafInto(out: Uint32Array, o: number, leaf: Uint32Array, off: number, logArity: number, beta: Ext, x0Inv: number): void {
  const a = 1 << logArity;
  const W = (foldMatrices[logArity] ??= foldMatrix(logArity));
  const r = extScale(beta, x0Inv);
  // Horner over j from the top: acc = acc·r + c_j.
  const acc = new Uint32Array(4);
  for (let j = a - 1; j >= 0; j--) {
    extMulAt(acc, 0, acc, 0, r, 0);
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (let t = 0; t < a; t++) {
      const p = off + 4 * t;
      const wjs = W[j * a + t];
      c0 += mul(leaf[p], wjs);
      c1 += mul(leaf[p + 1], wjs);
      c2 += mul(leaf[p + 2], wjs);
      c3 += mul(leaf[p + 3], wjs);
    }
    acc[0] = (acc[0] + c0) % P;
    acc[1] = (acc[1] + c1) % P;
    acc[2] = (acc[2] + c2) % P;
    acc[3] = (acc[3] + c3) % P;
  }
  out.set(acc, o);
}

/** Folds a whole layer (AoS, bit-reversed) into the next one. */
export function foldLayer(values: Uint32Array, logSize: number, logArity: number, beta: Ext, logN: number): Uint32Array {
  const outLog = logSize - logArity;
  const out = new Uint32Array(4 << outLog);
  const shiftInv = inv(layerShift(logN, logSize));
  const wInv = inv(rootOfUnity(logSize));
  const rev = bitReversalTable(outLog);
  // x0(m) = shift · w^bitrev(m), so x0(m)^-1 = shift^-1 · (w^-1)^bitrev(m).
  const wInvPows = new Uint32Array(1 << outLog);
  let x = shiftInv;
  for (let i = 0; i < wInvPows.length; i++) {
    wInvPows[i] = x;
    x = mul(x, wInv);
  }
  for (let m = 0; m < 1 << outLog; m++) {
    foldLeafInto(out, 4 * m, values, 4 * (m << logArity), logArity, beta, wInvPows[rev[m]]);
  }
  return out;
}

/** A layer as a Merkle matrix: one row per leaf, 4·arity base columns. */
export function layerColumns(values: Uint32Array, logArity: number): Uint32Array[] {
  const width = 4 << logArity;
  const height = values.length / width;
  const cols = Array.from({ length: width }, () => sharedU32(height));
  for (let m = 0; m < height; m++) {
    const base = m * width;
    for (let c = 0; c < width; c++) cols[c][m] = values[base + c];
  }
  return cols;
}

/**
 * Coefficients of the final layer's polynomial (in the variable of its coset domain),
 * from its bit-reversed evaluations; naive inverse DFT, the layer is tiny.
 */
export function finalPolyCoefficients(values: Uint32Array, logSize: number, shift: number): Uint32Array {
  const n = 1 << logSize;
  const wInv = inv(rootOfUnity(logSize));
  const nInv = inv(n);
  const sInv = inv(shift);
  const coeffs = new Uint32Array(4 * n);
  for (let j = 0; j < n; j++) {
    const step = pow(wInv, j);
    const scale = mul(nInv, pow(sInv, j));
    let wij = 1;
    const c = new Uint32Array(4);
    for (let i = 0; i < n; i++) {
      const p = 4 * reverseBits(i, logSize);
      for (let k = 0; k < 4; k++) c[k] = (c[k] + mul(values[p + k], wij)) % P;
      wij = mul(wij, step);
    }
    for (let k = 0; k < 4; k++) coeffs[4 * j + k] = mul(c[k], scale);
  }
  return coeffs;
}

export function rollInWeight(beta: Ext, logArity: number): Ext {
  return extPow(beta, 1 << logArity);
}
