// Turns the built DAG into a CompiledAir: degrees, the generated prover evaluator, the
// verifier's interpreter, the trace checker and the JSON export.
import type { Graph } from "./expr.ts";
import { generateSource, buildEvaluator } from "./codegen.ts";
import { combineAtPoint } from "./interp.ts";
import { auxEvaluators } from "./logup.ts";
import { traceSelectors } from "./selectors.ts";
import type { CompiledAir, Interaction, TraceInputs } from "./types.ts";

// 2: "trans" is 1 - L_{n-1}(x), 0/1 on the trace (version 1 had x - w^-1); interactions
// carry multiplicityRange and lookupTable (prover/air/multiplicity.ts). 3: an aux column
// may hold the sum of two interactions' terms (termColumn shared; logup.ts).
export const AIR_JSON_VERSION = 3;

export type AirIR = {
  name: string;
  graph: Graph;
  mainNames: string[];
  prepNames: string[];
  pubNames: string[];
  chalNames: string[];
  constraints: { name: string; root: number }[];
  auxNames: string[];
  auxPubNames: string[];
  interactions: Interaction[];
};

const CHECK_CHUNK = 1024;

export function compileAir(ir: AirIR): CompiledAir {
  const g = ir.graph;
  const roots = ir.constraints.map((c) => c.root);
  const degrees = roots.map((r) => g.nodes[r].degree);
  const moduleSource = generateSource(g, roots, "quotient");
  const evalQuotient = buildEvaluator(moduleSource);
  const checkFn = buildEvaluator(generateSource(g, roots, "values"));
  const names = ir.constraints.map((c) => c.name);

  const widths = (where: string, main: unknown[], prep: unknown[], aux: unknown[], pub: Uint32Array, chal: Uint32Array, auxPub: Uint32Array) => {
    const bad = (what: string, got: number, want: number) => {
      if (got < want) throw new Error(`${where} of AIR '${ir.name}': ${what} has ${got} entries, needs ${want}`);
    };
    bad("main", main.length, ir.mainNames.length);
    bad("preprocessed", prep.length, ir.prepNames.length);
    bad("aux (4 per extension column)", aux.length, 4 * ir.auxNames.length);
    bad("publicValues", pub.length, ir.pubNames.length);
    bad("challenges (4 words each)", chal.length, 4 * ir.chalNames.length);
    bad("auxPublic (4 words each)", auxPub.length, 4 * ir.auxPubNames.length);
  };

  const check = (t: TraceInputs) => {
    widths("check", t.main, t.preprocessed, t.aux, t.publicValues, t.challenges, t.auxPublic);
    const n = (t.main[0] ?? t.preprocessed[0] ?? t.aux[0])?.length ?? 0;
    const inp = { ...t, nextStride: 1, ...traceSelectors(n) };
    const out = Array.from({ length: 4 * roots.length }, () => new Uint32Array(CHECK_CHUNK));
    for (let start = 0; start < n; start += CHECK_CHUNK) {
      const end = Math.min(n, start + CHECK_CHUNK);
      checkFn(inp, start, end, out);
      for (let r = 0; r < end - start; r++) {
        for (let k = 0; k < roots.length; k++) {
          if (out[4 * k][r] | out[4 * k + 1][r] | out[4 * k + 2][r] | out[4 * k + 3][r]) return { constraint: names[k], row: start + r };
        }
      }
    }
    return null;
  };

  const air: CompiledAir = {
    name: ir.name,
    mainWidth: ir.mainNames.length,
    preprocessedWidth: ir.prepNames.length,
    auxWidth: ir.auxNames.length,
    numPublicValues: ir.pubNames.length,
    numChallenges: ir.chalNames.length,
    numAuxPublic: ir.auxPubNames.length,
    constraintNames: names,
    maxDegree: Math.max(0, ...degrees),
    evalQuotient: (inp, start, end, out) => {
      widths("evalQuotient", inp.main, inp.preprocessed, inp.aux, inp.publicValues, inp.challenges, inp.auxPublic);
      if (inp.alphaPowers.length < 4 * roots.length) throw new Error(`evalQuotient of AIR '${ir.name}': needs ${roots.length} alpha powers`);
      evalQuotient(inp, start, end, out);
    },
    evalAtPoint: (inp, alpha) => combineAtPoint(g, roots, inp, alpha),
    check,
    toJSON: () => exportJson(ir, degrees),
    moduleSource,
    interactions: ir.interactions,
    cumulativeSumIndex: ir.interactions.length ? 0 : -1,
  };
  if (ir.interactions.length) {
    const auxRoots = ir.interactions.flatMap((it) => [it.fingerprint, it.multiplicity]);
    air.auxModuleSource = generateSource(g, auxRoots, "values");
    auxEvaluators.set(air, buildEvaluator(air.auxModuleSource));
  }
  return air;
}

/** The DAG restricted to what constraints and interactions use, renumbered densely. */
function exportJson(ir: AirIR, degrees: number[]): object {
  const g = ir.graph;
  const used = ir.interactions.flatMap((it) => [...it.tuple, it.multiplicity, it.fingerprint]);
  const ids = g.reachable([...ir.constraints.map((c) => c.root), ...used]);
  const map = new Map<number, number>();
  ids.forEach((id, k) => map.set(id, k));
  const nodes = ids.map((id) => {
    const n = g.nodes[id];
    switch (n.op) {
      case "const": case "pub": case "chal": case "auxPub": return [n.op, n.a];
      case "main": case "prep": case "aux": return [n.op, n.a, n.b];
      case "first": case "last": case "trans": return [n.op];
      case "neg": return [n.op, map.get(n.a)!];
      default: return [n.op, map.get(n.a)!, map.get(n.b)!];
    }
  });
  return {
    format: "zkvm-air",
    version: AIR_JSON_VERSION,
    name: ir.name,
    field: "babybear",
    extension: "x^4 - 11",
    main: ir.mainNames,
    preprocessed: ir.prepNames,
    aux: ir.auxNames,
    publicValues: ir.pubNames,
    challenges: ir.chalNames,
    auxPublic: ir.auxPubNames,
    nodes,
    constraints: ir.constraints.map((c, k) => ({ name: c.name, node: map.get(c.root)!, degree: degrees[k] })),
    interactions: ir.interactions.map((it) => ({
      bus: it.bus, busId: it.busId, tuple: it.tuple.map((t) => map.get(t)!),
      multiplicity: map.get(it.multiplicity)!, fingerprint: map.get(it.fingerprint)!, termColumn: it.termColumn,
      multiplicityRange: it.multiplicityRange, lookupTable: it.lookupTable,
    })),
    maxDegree: Math.max(0, ...degrees),
  };
}
