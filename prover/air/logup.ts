// The LogUp bus. Each interaction (bus, tuple v, multiplicity m) contributes
// m / fingerprint(v) per row, fingerprint(v) = gamma + v_0 + beta·v_1 + ... + beta^k·busId
// (k = tuple length; busId a per-name constant, so buses cannot cancel each other).
// Layout: one ext aux column per interaction holding its term (so term·fp = m has
// degree 1 + deg(fp), 2 for degree-1 tuples), then one running-sum column S:
//   first row:  S = sum terms;  transition: S' = S + sum terms';  last row: S = cumsum,
// cumsum being aux public value 0. The verifier checks that all tables' sums add to 0.
import { P, mul } from "../field/babybear.ts";
import { extBatchInverse, extMulAt } from "../field/extension.ts";
import type { Expr, Graph } from "./expr.ts";
import type { CompiledAir, Interaction, LookupTable } from "./types.ts";
import type { EvalFn } from "./codegen.ts";
import { traceSelectors } from "./selectors.ts";

export type RawInteraction = {
  bus: string; busId: number; tuple: number[]; multiplicity: number;
  multiplicityRange: readonly [number, number] | null; lookupTable: LookupTable | false;
};

/** FNV-1a of the name, reduced into [1, p): the same constant in every AIR. */
export function busIdOf(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(name)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return (h % (P - 1)) + 1;
}

export function lowerInteractions(g: Graph, raw: RawInteraction[], first: Expr, last: Expr, trans: Expr) {
  const constraints: { name: string; root: number }[] = [];
  const interactions: Interaction[] = [];
  if (raw.length === 0) return { constraints, interactions, auxNames: [] as string[], auxPubNames: [] as string[] };
  const arity = new Map<string, number>();
  const gamma = g.leaf("chal", 0), beta = g.leaf("chal", 1);
  const terms: Expr[] = [], termsNext: Expr[] = [];
  raw.forEach((it, i) => {
    if (arity.has(it.bus) && arity.get(it.bus) !== it.tuple.length) throw new Error(`bus '${it.bus}': tuples of different lengths`);
    arity.set(it.bus, it.tuple.length);
    let fp = gamma;
    let pw: Expr = g.constant(1);
    for (let k = 0; k < it.tuple.length; k++, pw = g.mul(pw, beta)) fp = g.add(fp, g.mul(pw, handle(g, it.tuple[k])));
    fp = g.add(fp, g.mul(pw, it.busId)); // pw = beta^(tuple length)
    const term = g.leaf("aux", i, 0);
    terms.push(term);
    termsNext.push(g.leaf("aux", i, 1));
    constraints.push({ name: `logup term ${i} (${it.bus})`, root: g.sub(g.mul(term, fp), handle(g, it.multiplicity)).id });
    interactions.push({ ...it, fingerprint: fp.id, termColumn: i });
  });
  const s = raw.length;
  const S = g.leaf("aux", s, 0), Sn = g.leaf("aux", s, 1);
  const sum = (xs: Expr[]) => xs.reduce((a, x) => g.add(a, x));
  constraints.push({ name: "logup sum first", root: g.mul(first, g.sub(S, sum(terms))).id });
  constraints.push({ name: "logup sum step", root: g.mul(trans, g.sub(g.sub(Sn, S), sum(termsNext))).id });
  constraints.push({ name: "logup sum last", root: g.mul(last, g.sub(S, g.leaf("auxPub", 0))).id });
  const auxNames = [...raw.map((it, i) => `logup term ${i} (${it.bus})`), "logup sum"];
  return { constraints, interactions, auxNames, auxPubNames: ["logup cumulative sum"] };
}

function handle(g: Graph, id: number): Expr {
  // Re-interning a node's own key returns its handle.
  const n = g.nodes[id];
  return { id, degree: n.degree, graph: g };
}

/** Filled by compile.ts: evaluates [fp_0, m_0, fp_1, m_1, ...] over trace rows. */
export const auxEvaluators = new WeakMap<CompiledAir, EvalFn>();

/** The LogUp aux trace (4 base columns per ext column) and the cumulative sum. */
export function generateAux(
  air: CompiledAir, main: Uint32Array[], preprocessed: Uint32Array[], publicValues: Uint32Array, challenges: Uint32Array,
): { aux: Uint32Array[]; auxPublic: Uint32Array } {
  const k = air.interactions.length;
  if (k === 0) return { aux: [], auxPublic: new Uint32Array(0) };
  const fn = auxEvaluators.get(air);
  if (!fn) throw new Error(`generateAux: '${air.name}' was not compiled by defineAir`);
  if (challenges.length < 8) throw new Error("generateAux: the bus needs challenges gamma and beta (8 words)");
  const n = (main[0] ?? preprocessed[0]).length;
  const sel = traceSelectors(n);
  const vals = Array.from({ length: 8 * k }, () => new Uint32Array(n));
  fn({ main, preprocessed, aux: [], nextStride: 1, ...sel, publicValues, challenges, auxPublic: new Uint32Array(0) }, 0, n, vals);
  const aux = Array.from({ length: 4 * (k + 1) }, () => new Uint32Array(n));
  const flat = new Uint32Array(4 * n), sum = new Uint32Array(4 * n), prefix = new Uint32Array(4 * n);
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < n; r++) for (let j = 0; j < 4; j++) flat[4 * r + j] = vals[8 * i + j][r];
    const inv = extBatchInverse(flat, prefix);
    const m = vals.slice(8 * i + 4, 8 * i + 8);
    const mBase = m[1].every((x) => x === 0) && m[2].every((x) => x === 0) && m[3].every((x) => x === 0);
    for (let r = 0; r < n; r++) {
      if (mBase) {
        const s = m[0][r];
        for (let j = 0; j < 4; j++) inv[4 * r + j] = mul(inv[4 * r + j], s);
      } else {
        for (let j = 0; j < 4; j++) flat[4 * r + j] = m[j][r];
        extMulAt(inv, 4 * r, inv, 4 * r, flat, 4 * r);
      }
      for (let j = 0; j < 4; j++) {
        aux[4 * i + j][r] = inv[4 * r + j];
        const t = sum[4 * r + j] + inv[4 * r + j]; // sum of this row's terms
        sum[4 * r + j] = t >= P ? t - P : t;
      }
    }
  }
  const S = aux.slice(4 * k);
  for (let j = 0; j < 4; j++) {
    let acc = 0;
    for (let r = 0; r < n; r++) {
      acc += sum[4 * r + j];
      if (acc >= P) acc -= P;
      S[j][r] = acc;
    }
  }
  const auxPublic = Uint32Array.from([0, 1, 2, 3].map((j) => S[j][n - 1]));
  return { aux, auxPublic };
}
