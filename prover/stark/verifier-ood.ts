// Verifier-side arithmetic at the out-of-domain point z, over a verifier backend
// (verifier-backend.ts): the row selectors at z (prover/air/selectors.ts), extension
// columns rebuilt from their opened coordinates, the quotient from its chunks, and the
// AIR's constraints evaluated from its JSON expression graph (prover/air/README.md).
import { inv, mul, rootOfUnity, P } from "../field/babybear.ts";
import type { CompiledAir } from "../air/types.ts";
import type { VerifierBackend } from "./verifier-backend.ts";

/** X^j for the extension generator X, j = 0..3. */
const BASIS = [0, 1, 2, 3].map((j) => Uint32Array.from([0, 1, 2, 3], (i) => (i === j ? 1 : 0)));

/** The proof's words, 4 per extension value, as extension values. */
export function extsFromWords<F, E, D>(B: VerifierBackend<F, E, D>, words: F[]): E[] {
  return Array.from({ length: words.length / 4 }, (_, i) => B.extFromCoords(words.slice(4 * i, 4 * i + 4)));
}

/** An extension column committed as 4 base coordinates (each an extension value at z):
 * value = sum_j X^j · coord_j. */
export function recombineWith<F, E, D>(B: VerifierBackend<F, E, D>, coords: E[], col: number): E {
  let acc = coords[4 * col];
  for (let j = 1; j < 4; j++) acc = B.extAdd(acc, B.extMul(B.constExt(BASIS[j]), coords[4 * col + j]));
  return acc;
}

/** a^(2^k) by k squarings. */
export function extPow2kWith<F, E, D>(B: VerifierBackend<F, E, D>, a: E, k: number): E {
  let x = a;
  for (let i = 0; i < k; i++) x = B.extMul(x, x);
  return x;
}

export type Selectors<E> = { isFirstRow: E; isLastRow: E; isTransition: E; zerofier: E };

/**
 * selectorsAtPoint (prover/air/selectors.ts) at z for a table of 2^logRows rows; the
 * zerofier z^n - 1 is shown non-zero by its inverse ('ood': z in the trace domain).
 */
export function selectorsAtPointWith<F, E, D>(B: VerifierBackend<F, E, D>, z: E, logRows: number): Selectors<E> {
  const n = 2 ** logRows;
  const wInv = inv(rootOfUnity(logRows));
  const one = B.constExt([1, 0, 0, 0]);
  const zerofier = B.extSub(extPow2kWith(B, z, logRows), one);
  B.extInv(zerofier, "ood", () => "z lies in the trace domain");
  const nInv = inv(n % P);
  const isFirstRow = B.extMul(B.extMulBase(zerofier, B.constBase(nInv)), B.extInv(B.extSub(z, one), "ood", () => "z = 1"));
  const isLastRow = B.extMul(B.extMulBase(zerofier, B.constBase(mul(nInv, wInv))), B.extInv(B.extSub(z, B.constExt([wInv, 0, 0, 0])), "ood", () => "z = w^-1"));
  const isTransition = B.extSub(one, isLastRow);
  return { isFirstRow, isLastRow, isTransition, zerofier };
}

/**
 * selectorsAtPointWith from z^n, 1/n and w_n^-1 as backend values: a recursion program
 * that serves several heights selects them by the height's bits (verifier-heights.ts).
 */
export function selectorsFromPowerWith<F, E, D>(B: VerifierBackend<F, E, D>, z: E, zPowN: E, nInv: F, wInv: F): Selectors<E> {
  const one = B.constExt([1, 0, 0, 0]);
  const zerofier = B.extSub(zPowN, one);
  B.extInv(zerofier, "ood", () => "z lies in the trace domain");
  const scaled = B.extMulBase(zerofier, nInv);
  const isFirstRow = B.extMul(scaled, B.extInv(B.extSub(z, one), "ood", () => "z = 1"));
  const isLastRow = B.extMul(B.extMulBase(scaled, wInv), B.extInv(B.extSub(z, B.lift(wInv)), "ood", () => "z = w^-1"));
  const isTransition = B.extSub(one, isLastRow);
  return { isFirstRow, isLastRow, isTransition, zerofier };
}

/** Q(z) = sum_i z^(i·n) q_i(z), each chunk an extension column of 4 coordinates. */
export function quotientAtZWith<F, E, D>(B: VerifierBackend<F, E, D>, quotientCoords: E[], z: E, logRows: number, chunks: number): E {
  return quotientFromPowerWith(B, quotientCoords, extPow2kWith(B, z, logRows), chunks);
}

/** Q(z) from z^n (quotientAtZWith). */
export function quotientFromPowerWith<F, E, D>(B: VerifierBackend<F, E, D>, quotientCoords: E[], zn: E, chunks: number): E {
  let acc = recombineWith(B, quotientCoords, 0);
  let zPow = zn;
  for (let i = 1; i < chunks; i++) {
    acc = B.extAdd(acc, B.extMul(zPow, recombineWith(B, quotientCoords, i)));
    if (i + 1 < chunks) zPow = B.extMul(zPow, zn);
  }
  return acc;
}

/** The inputs of the constraints at z (air/types.ts PointInputs, over the backend). */
export type PointInputsWith<F, E> = {
  mainCur: E[];
  mainNext: E[];
  prepCur: E[];
  prepNext: E[];
  /** One value per extension aux column (recombined). */
  auxCur: E[];
  auxNext: E[];
  isFirstRow: E;
  isLastRow: E;
  isTransition: E;
  publicValues: F[];
  challenges: E[];
  auxPublic: E[];
};

type AirJson = { nodes: Array<[string, number?, number?]>; constraints: Array<{ name: string; node: number }> };
const jsonOf = new WeakMap<CompiledAir, AirJson>();

/**
 * sum_k alpha^k C_k(z) (the AIR's evalAtPoint), evaluated from its exported expression
 * graph, so the recursion program runs the same constraints the key's digest commits to.
 */
export function evalAirAtPointWith<F, E, D>(B: VerifierBackend<F, E, D>, air: CompiledAir, inp: PointInputsWith<F, E>, alpha: E): E {
  let json = jsonOf.get(air);
  if (!json) {
    json = air.toJSON() as AirJson;
    jsonOf.set(air, json);
  }
  const { nodes, constraints } = json;
  // only what the constraints reach (the export also holds the interactions' nodes)
  const used = new Uint8Array(nodes.length);
  for (const c of constraints) used[c.node] = 1;
  for (let id = nodes.length - 1; id >= 0; id--) {
    if (!used[id]) continue;
    const [op, a, b] = nodes[id];
    if (op === "add" || op === "sub" || op === "mul") {
      used[a!] = 1;
      used[b!] = 1;
    } else if (op === "neg") used[a!] = 1;
  }
  const zero = B.constExt([0, 0, 0, 0]);
  const vals: E[] = new Array(nodes.length);
  for (let id = 0; id < nodes.length; id++) {
    if (!used[id]) continue;
    const [op, a, b] = nodes[id];
    let v: E | undefined;
    switch (op) {
      case "const": v = B.constExt([a!, 0, 0, 0]); break;
      case "main": v = (b ? inp.mainNext : inp.mainCur)[a!]; break;
      case "prep": v = (b ? inp.prepNext : inp.prepCur)[a!]; break;
      case "aux": v = (b ? inp.auxNext : inp.auxCur)[a!]; break;
      case "pub": v = inp.publicValues[a!] === undefined ? undefined : B.lift(inp.publicValues[a!]); break;
      case "chal": v = inp.challenges[a!]; break;
      case "auxPub": v = inp.auxPublic[a!]; break;
      case "first": v = inp.isFirstRow; break;
      case "last": v = inp.isLastRow; break;
      case "trans": v = inp.isTransition; break;
      case "add": v = B.extAdd(vals[a!], vals[b!]); break;
      case "sub": v = B.extSub(vals[a!], vals[b!]); break;
      case "mul": v = B.extMul(vals[a!], vals[b!]); break;
      case "neg": v = B.extSub(zero, vals[a!]); break;
      default: throw new Error(`evalAtPoint: unknown node op '${op}'`);
    }
    if (v === undefined) throw new Error(`evalAtPoint: missing input for node ${id} (${op} ${a})`);
    vals[id] = v;
  }
  // sum_k alpha^k C_k, as combineAtPoint (prover/air/interp.ts)
  let acc = vals[constraints[0]?.node] ?? zero;
  let pow = alpha;
  for (let k = 1; k < constraints.length; k++) {
    acc = B.extAdd(acc, B.extMul(pow, vals[constraints[k].node]));
    if (k + 1 < constraints.length) pow = B.extMul(pow, alpha);
  }
  return acc;
}
