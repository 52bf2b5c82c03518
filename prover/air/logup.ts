// The LogUp bus. Each interaction (bus, tuple v, multiplicity m) contributes
// m / fingerprint(v) per row, fingerprint(v) = gamma + v_0 + beta·v_1 + ... + beta^k·busId
// (k = tuple length; busId a per-name constant, so buses cannot cancel each other).
// Layout: interactions are grouped (logup-groups.ts: pairs, where the degree budget
// allows) and each group has one ext aux column holding the sum of its terms,
//   t = m_a/fp_a + m_b/fp_b,  constrained by  t·fp_a·fp_b - (m_a·fp_b + m_b·fp_a) = 0
// (a single: t·fp - m = 0), then one running-sum column S:
//   first row:  S = sum t;  transition: S' = S + sum t';  last row: S = cumsum,
// cumsum being aux public value 0. The verifier checks that all tables' sums add to 0.
import { P, mul } from "../field/babybear.ts";
import { chooseGrouping } from "./logup-groups.ts";
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

/** Default for AirSpec.logupDegreeCap: chips use blowup 4 and keep 2 quotient chunks. */
export const LOGUP_DEGREE_CAP = 3;

export function lowerInteractions(
  g: Graph, raw: RawInteraction[], first: Expr, last: Expr, trans: Expr, ownDegree: number, cap = LOGUP_DEGREE_CAP,
) {
  const constraints: { name: string; root: number }[] = [];
  const interactions: Interaction[] = [];
  if (raw.length === 0) return { constraints, interactions, auxNames: [] as string[], auxPubNames: [] as string[] };
  const arity = new Map<string, number>();
  const gamma = g.leaf("chal", 0), beta = g.leaf("chal", 1);
  const fps = raw.map((it) => {
    if (arity.has(it.bus) && arity.get(it.bus) !== it.tuple.length) throw new Error(`bus '${it.bus}': tuples of different lengths`);
    arity.set(it.bus, it.tuple.length);
    let fp = gamma;
    let pw: Expr = g.constant(1);
    for (let k = 0; k < it.tuple.length; k++, pw = g.mul(pw, beta)) fp = g.add(fp, g.mul(pw, handle(g, it.tuple[k])));
    return g.add(fp, g.mul(pw, it.busId)); // pw = beta^(tuple length)
  });
  const ms = raw.map((it) => handle(g, it.multiplicity));
  const { groups } = chooseGrouping(raw.map((_, i) => ({ fp: fps[i].degree, m: ms[i].degree })), ownDegree, cap);
  const column = new Int32Array(raw.length);
  const auxNames: string[] = [];
  const terms: Expr[] = [], termsNext: Expr[] = [];
  groups.forEach((grp, c) => {
    const t = g.leaf("aux", c, 0);
    terms.push(t);
    termsNext.push(g.leaf("aux", c, 1));
    // t·prod fp - sum_i m_i·prod_{j != i} fp_j: t = sum m_i/fp_i once every fp_i != 0.
    const { lhs, rhs } = grp.length <= 2 ? termByTerm(g, t, grp.map((i) => fps[i]), grp.map((i) => ms[i])) : onePass(g, t, grp.map((i) => fps[i]), grp.map((i) => ms[i]));
    const name = grp.length === 1
      ? `logup term ${grp[0]} (${raw[grp[0]].bus})`
      : `logup terms ${grp.join("+")} (${grp.map((i) => raw[i].bus).join(", ")})`;
    constraints.push({ name, root: g.sub(lhs, rhs).id });
    auxNames.push(name);
    for (const i of grp) column[i] = c;
  });
  raw.forEach((it, i) => interactions.push({ ...it, fingerprint: fps[i].id, termColumn: column[i] }));
  const s = groups.length;
  const S = g.leaf("aux", s, 0), Sn = g.leaf("aux", s, 1);
  const sum = (xs: Expr[]) => xs.reduce((a, x) => g.add(a, x));
  constraints.push({ name: "logup sum first", root: g.mul(first, g.sub(S, sum(terms))).id });
  constraints.push({ name: "logup sum step", root: g.mul(trans, g.sub(g.sub(Sn, S), sum(termsNext))).id });
  constraints.push({ name: "logup sum last", root: g.mul(last, g.sub(S, g.leaf("auxPub", 0))).id });
  auxNames.push("logup sum");
  return { constraints, interactions, auxNames, auxPubNames: ["logup cumulative sum"] };
}

function handle(g: Graph, id: number): Expr {
  // Re-interning a node's own key returns its handle.
  const n = g.nodes[id];
  return { id, degree: n.degree, graph: g };
}

/** Filled by compile.ts: evaluates [fp_0, m_0, fp_1, m_1, ...] over trace rows. */
export const auxEvaluators = new WeakMap<CompiledAir, EvalFn>();

/** What the aux evaluator reads: the trace and the values it is drawn under. */
export type AuxInputs = { main: Uint32Array[]; preprocessed: Uint32Array[]; publicValues: Uint32Array; challenges: Uint32Array };

/** The LogUp aux trace (4 base columns per ext column) and the cumulative sum: one batch inversion per interaction. */
export function generateAux(
  air: CompiledAir, main: Uint32Array[], preprocessed: Uint32Array[], publicValues: Uint32Array, challenges: Uint32Array,
): { aux: Uint32Array[]; auxPublic: Uint32Array } {
  const k = air.interactions.length;
  if (k === 0) return { aux: [], auxPublic: new Uint32Array(0) };
  const fn = auxEvaluators.get(air);
  if (!fn) throw new Error(`generateAux: '${air.name}' was not compiled by defineAir`);
  checkAuxChallenges(challenges);
  const n = (main[0] ?? preprocessed[0]).length;
  const aux = Array.from({ length: 4 * air.auxWidth }, () => new Uint32Array(n));
  const rowSums = new Uint32Array(4 * n);
  auxRows(fn, air.interactions.map((it) => it.termColumn), { main, preprocessed, publicValues, challenges }, 0, n, aux, rowSums);
  return { aux, auxPublic: runningSum(rowSums, aux.slice(aux.length - 4)) };
}

export function checkAuxChallenges(challenges: Uint32Array): void {
  if (challenges.length < 8) throw new Error("generateAux: the bus needs challenges gamma and beta (8 words)");
}

/**
 * Rows [start, end) of the aux trace but its running sum: each group's column (its ext
 * column c in aux[4c..4c+3], zero-filled before) and each row's sum of terms
 * (rowSums[4r..4r+3]). `fn` is the AIR's aux evaluator ([fp_0, m_0, fp_1, m_1, ...] per
 * row), `termColumns` each interaction's group column. Row ranges are independent, so
 * they can run on separate threads (stark/aux-trace.ts); runningSum then adds the rows up.
 */
export function auxRows(
  fn: EvalFn, termColumns: number[], inputs: AuxInputs, start: number, end: number, aux: Uint32Array[], rowSums: Uint32Array,
): void {
  const k = termColumns.length;
  const n = (inputs.main[0] ?? inputs.preprocessed[0]).length;
  const len = end - start;
  const vals = Array.from({ length: 8 * k }, () => new Uint32Array(len));
  fn({ ...inputs, aux: [], nextStride: 1, ...selectorsOf(n), auxPublic: new Uint32Array(0) }, start, end, vals);
  const flat = new Uint32Array(4 * len), prefix = new Uint32Array(4 * len);
  for (let i = 0; i < k; i++) {
    const c = termColumns[i];
    for (let r = 0; r < len; r++) for (let j = 0; j < 4; j++) flat[4 * r + j] = vals[8 * i + j][r];
    const inv = extBatchInverse(flat, prefix);
    const m = vals.slice(8 * i + 4, 8 * i + 8);
    const mBase = m[1].every((x) => x === 0) && m[2].every((x) => x === 0) && m[3].every((x) => x === 0);
    for (let r = 0; r < len; r++) {
      if (mBase) {
        const s = m[0][r];
        for (let j = 0; j < 4; j++) inv[4 * r + j] = mul(inv[4 * r + j], s);
      } else {
        for (let j = 0; j < 4; j++) flat[4 * r + j] = m[j][r];
        extMulAt(inv, 4 * r, inv, 4 * r, flat, 4 * r);
      }
      const row = start + r;
      for (let j = 0; j < 4; j++) {
        const col = aux[4 * c + j], u = col[row] + inv[4 * r + j]; // the group's sum of terms
        col[row] = u >= P ? u - P : u;
        const t = rowSums[4 * row + j] + inv[4 * r + j]; // sum of this row's terms
        rowSums[4 * row + j] = t >= P ? t - P : t;
      }
    }
  }
}

/** traceSelectors(n), made once per height on each thread (every range of a table reads them whole). */
const selectorCache = new Map<number, ReturnType<typeof traceSelectors>>();
function selectorsOf(n: number): ReturnType<typeof traceSelectors> {
  let s = selectorCache.get(n);
  if (!s) selectorCache.set(n, (s = traceSelectors(n)));
  return s;
}

/** Fills the running-sum column S (4 coordinates) from the rows' sums; returns the cumulative sum (the aux public value). */
export function runningSum(rowSums: Uint32Array, S: Uint32Array[]): Uint32Array {
  const n = S[0].length;
  for (let j = 0; j < 4; j++) {
    let acc = 0;
    for (let r = 0; r < n; r++) {
      acc += rowSums[4 * r + j];
      if (acc >= P) acc -= P;
      S[j][r] = acc;
    }
  }
  return Uint32Array.from([0, 1, 2, 3].map((j) => S[j][n - 1]));
}

/**
 * A group's two sides term by term: lhs = t·fp_0·fp_1·…, rhs = sum_i m_i·prod_{j != i} fp_j,
 * each product of the others built afresh (k - 1 products per term). Kept for groups of
 * one or two, where it costs no more than onePass, so that those AIRs (every RV32IM chip)
 * keep their expression graphs and hence their keys.
 */
function termByTerm(g: Graph, t: Expr, fps: Expr[], ms: Expr[]): { lhs: Expr; rhs: Expr } {
  const others = (i: number) => fps.filter((_, j) => j !== i).reduce<Expr>((a, f) => g.mul(a, f), g.constant(1));
  return {
    lhs: fps.reduce<Expr>((a, f) => g.mul(a, f), t),
    rhs: ms.reduce<Expr>((a, m, i) => g.add(a, g.mul(m, others(i))), g.constant(0)),
  };
}

/**
 * The same polynomial in one pass (2 products of fingerprints per term instead of k - 1):
 * after fp_0..fp_{j-1}, prod is their product and rhs = sum_{i<j} m_i·prod_{l<j, l != i} fp_l,
 * so prod' = prod·fp_j and rhs' = rhs·fp_j + m_j·prod. Same degree; for the groups of 7 of
 * the shrink table it halves the extension products that the recursion and wrap verifiers
 * spend on the constraints at z (the wrap circuit's estimate: 171k -> 116k range bits).
 */
function onePass(g: Graph, t: Expr, fps: Expr[], ms: Expr[]): { lhs: Expr; rhs: Expr } {
  let prod = fps[0], rhs = ms[0];
  for (let j = 1; j < fps.length; j++) {
    rhs = g.add(g.mul(rhs, fps[j]), g.mul(ms[j], prod));
    prod = g.mul(prod, fps[j]);
  }
  return { lhs: g.mul(t, prod), rhs };
}
