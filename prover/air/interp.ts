// Reference interpreter over the extension field: the verifier's evaluation at z.
// Runs once per proof, so clarity wins over speed; the tests hold the generated
// prover evaluator to agree with it.
import { ext, extAdd, extSub, extMul, extNeg, type Ext } from "../field/extension.ts";
import type { Graph } from "./expr.ts";
import type { PointInputs } from "./types.ts";

const at = (words: Uint32Array, k: number): Ext => words.slice(4 * k, 4 * k + 4);

/** Values of the given roots at an extension point. */
export function evalRootsAtPoint(g: Graph, roots: number[], inp: PointInputs): Ext[] {
  const vals: Ext[] = new Array(g.nodes.length);
  for (const id of g.reachable(roots)) {
    const n = g.nodes[id];
    let v: Ext;
    switch (n.op) {
      case "const": v = ext(n.a); break;
      case "main": v = (n.b ? inp.mainNext : inp.mainCur)[n.a]; break;
      case "prep": v = (n.b ? inp.prepNext : inp.prepCur)[n.a]; break;
      case "aux": v = (n.b ? inp.auxNext : inp.auxCur)[n.a]; break;
      case "pub": v = ext(inp.publicValues[n.a]); break;
      case "chal": v = at(inp.challenges, n.a); break;
      case "auxPub": v = at(inp.auxPublic, n.a); break;
      case "first": v = inp.isFirstRow; break;
      case "last": v = inp.isLastRow; break;
      case "trans": v = inp.isTransition; break;
      case "add": v = extAdd(vals[n.a], vals[n.b]); break;
      case "sub": v = extSub(vals[n.a], vals[n.b]); break;
      case "mul": v = extMul(vals[n.a], vals[n.b]); break;
      case "neg": v = extNeg(vals[n.a]); break;
    }
    if (v === undefined) throw new Error(`evalAtPoint: missing input for node ${id} (${n.op} ${n.a})`);
    vals[id] = v;
  }
  return roots.map((r) => vals[r]);
}

/** sum_k alpha^k C_k(z). */
export function combineAtPoint(g: Graph, roots: number[], inp: PointInputs, alpha: Ext): Ext {
  const vals = evalRootsAtPoint(g, roots, inp);
  let acc = ext(), pow = ext(1);
  for (const v of vals) {
    acc = extAdd(acc, extMul(pow, v));
    pow = extMul(pow, alpha);
  }
  return acc;
}
