// The AIR's constraints at the out-of-domain point z, in the circuit: the expression
// graph of the AIR's JSON export (prover/air/README.md, "zkvm-air" v3) evaluated in
// emulated extension arithmetic, combined with powers of alpha and compared with the
// quotient: sum_k alpha^k C_k(z) = (z^n - 1)·Q(z) (prover/stark/verifier.ts, step 3).
import type { CompiledAir } from "../../prover/air/types.ts";
import { inv, mul, rootOfUnity } from "../../prover/field/babybear.ts";
import { AIR_JSON_VERSION } from "../../prover/air/compile.ts";
import type { Emitter, Ext } from "./emitter.ts";

export type AtZInputs = {
  logRows: number;
  z: Ext;
  alpha: Ext;
  challenges: Ext[];
  publicValues: Ext[];
  auxPublic: Ext[];
  prepZ: Ext[]; prepZNext: Ext[];
  mainZ: Ext[]; mainZNext: Ext[];
  /** Committed base columns of the aux trace: 4 per extension column. */
  auxZ: Ext[]; auxZNext: Ext[];
  quotientZ: Ext[];
  quotientChunks: number;
};

type AirJson = { version: number; nodes: Array<[string, number?, number?]>; constraints: Array<{ name: string; node: number }> };

/** X^j · e for the extension generator X (X^4 = 11): a coordinate shift, linear. */
function timesXPow<S>(em: Emitter<S>, e: Ext, j: number): Ext {
  let r = e;
  for (let i = 0; i < j; i++) r = [em.scale(r[3], 11n), r[0], r[1], r[2]];
  return r;
}

/** An extension column from its 4 committed coordinates: sum_j X^j·coord_j. */
function recombine<S>(em: Emitter<S>, coords: Ext[], col: number): Ext {
  let acc = timesXPow(em, coords[4 * col], 0);
  for (let j = 1; j < 4; j++) acc = em.extAdd(acc, timesXPow(em, coords[4 * col + j], j));
  return acc;
}

export function evalConstraintsAtZ<S>(em: Emitter<S>, air: CompiledAir, inp: AtZInputs): void {
  const json = air.toJSON() as AirJson;
  if (json.version !== AIR_JSON_VERSION) throw new Error(`AIR '${air.name}': JSON version ${json.version}, the circuit reads ${AIR_JSON_VERSION}`);
  const one = em.extConst([1, 0, 0, 0]);
  const n = 1 << inp.logRows;
  const wInv = inv(rootOfUnity(inp.logRows));
  const nInv = inv(n);

  // Selectors (prover/air/selectors.ts selectorsAtPoint); z^n - 1 != 0 is shown by its inverse.
  const zn = em.extReduce(em.extPow2k(inp.z, inp.logRows));
  const zerofier = em.extSub(zn, one);
  em.extDiv(one, zerofier, "z is outside the trace domain");
  const isFirstRow = em.extDiv(em.extScale(zerofier, BigInt(nInv)), em.extSub(inp.z, one), "isFirstRow");
  const isLastRow = em.extDiv(em.extScale(zerofier, BigInt(mul(nInv, wInv))), em.extSub(inp.z, em.extConst([wInv, 0, 0, 0])), "isLastRow");
  const isTransition = em.extSub(one, isLastRow); // 1 - L_{n-1}(z): 0/1 on the trace

  const auxWidth = inp.auxZ.length / 4;
  const auxCur = Array.from({ length: auxWidth }, (_, c) => recombine(em, inp.auxZ, c));
  const auxNext = Array.from({ length: auxWidth }, (_, c) => recombine(em, inp.auxZNext, c));
  const vals: Ext[] = [];
  const get = (i: number | undefined): Ext => {
    const v = vals[i as number];
    if (!v) throw new Error(`AIR '${air.name}': node ${i} used before it is defined`);
    return v;
  };
  json.nodes.forEach((node, id) => {
    const [op, a, b] = node;
    let v: Ext;
    switch (op) {
      case "const": v = em.extConst([a as number, 0, 0, 0]); break;
      case "main": v = (b ? inp.mainZNext : inp.mainZ)[a as number]; break;
      case "prep": v = (b ? inp.prepZNext : inp.prepZ)[a as number]; break;
      case "aux": v = (b ? auxNext : auxCur)[a as number]; break;
      case "pub": v = inp.publicValues[a as number]; break;
      case "chal": v = inp.challenges[a as number]; break;
      case "auxPub": v = inp.auxPublic[a as number]; break;
      case "first": v = isFirstRow; break;
      case "last": v = isLastRow; break;
      case "trans": v = isTransition; break;
      case "add": v = em.extAdd(get(a), get(b)); break;
      case "sub": v = em.extSub(get(a), get(b)); break;
      case "mul": v = em.extMul(get(a), get(b)); break;
      case "neg": v = em.extSub(em.extConst([0, 0, 0, 0]), get(a)); break;
      default: throw new Error(`AIR '${air.name}': unknown node kind '${op}' at node ${id}`);
    }
    if (!v) throw new Error(`AIR '${air.name}': node ${id} (${op} ${a}) has no input`);
    vals[id] = v;
  });

  // sum_k alpha^k C_k by Horner from the last constraint
  const cs = json.constraints.map((c) => get(c.node));
  let lhs = cs[cs.length - 1];
  for (let k = cs.length - 2; k >= 0; k--) lhs = em.extAdd(em.extMul(lhs, inp.alpha), cs[k]);
  // Q(z) = sum_i zn^i q_i(z)
  const chunks = Array.from({ length: inp.quotientChunks }, (_, i) => recombine(em, inp.quotientZ, i));
  let q = chunks[chunks.length - 1];
  for (let i = chunks.length - 2; i >= 0; i--) q = em.extAdd(em.extMul(q, zn), chunks[i]);
  em.extAssertEq(lhs, em.extMul(zerofier, q), `table '${air.name}': the constraints match the quotient at z`);
}
