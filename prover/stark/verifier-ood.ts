// Verifier-side arithmetic at the out-of-domain point z: rebuilding extension-valued
// columns from their opened coordinates, and the quotient from its chunks.
import type { CompiledAir, PointInputs } from "../air/types.ts";
import { extAdd, extMul, extPow, type Ext } from "../field/extension.ts";
import type { TableProof } from "./proof.ts";

/** X^j for the extension generator X, j = 0..3. */
const BASIS: Ext[] = [0, 1, 2, 3].map((j) => {
  const e = new Uint32Array(4);
  e[j] = 1;
  return e;
});

/** An extension column committed as 4 base coordinates: value = sum_j X^j · coord_j(z). */
export function recombine(coords: Uint32Array, col: number): Ext {
  let acc: Ext = new Uint32Array(4);
  for (let j = 0; j < 4; j++) {
    const o = 16 * col + 4 * j;
    acc = extAdd(acc, extMul(BASIS[j], coords.subarray(o, o + 4)));
  }
  return acc;
}

function split(values: Uint32Array): Ext[] {
  return Array.from({ length: values.length / 4 }, (_, i) => values.slice(4 * i, 4 * i + 4));
}

export function pointInputs(
  air: CompiledAir,
  t: TableProof,
  challenges: Uint32Array,
  sel: { isFirstRow: Ext; isLastRow: Ext; isTransition: Ext },
): PointInputs {
  const o = t.openings;
  const auxCols = (v: Uint32Array) => Array.from({ length: air.auxWidth }, (_, c) => recombine(v, c));
  return {
    mainCur: split(o.mainZ), mainNext: split(o.mainZNext),
    prepCur: split(o.prepZ), prepNext: split(o.prepZNext),
    auxCur: auxCols(o.auxZ), auxNext: auxCols(o.auxZNext),
    isFirstRow: sel.isFirstRow, isLastRow: sel.isLastRow, isTransition: sel.isTransition,
    publicValues: t.publicValues, challenges, auxPublic: t.auxPublic,
  };
}

/** Q(z) = sum_i z^(i·n) q_i(z), each chunk an extension column of 4 coordinates. */
export function quotientAtZ(quotientZ: Uint32Array, z: Ext, logRows: number, chunks: number): Ext {
  const zn = extPow(z, 1 << logRows);
  let acc: Ext = new Uint32Array(4);
  let zPow: Ext = Uint32Array.of(1, 0, 0, 0);
  for (let i = 0; i < chunks; i++) {
    acc = extAdd(acc, extMul(zPow, recombine(quotientZ, i)));
    zPow = extMul(zPow, zn);
  }
  return acc;
}
