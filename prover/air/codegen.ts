// Generates straight-line JavaScript evaluators from the DAG: one local per node
// (four for an extension node), loop-invariant nodes hoisted above the row loop, the
// BabyBear multiply inlined, nothing allocated per row. Two shapes share the emitter:
// - "quotient": out[j][i] = coord j of (sum_k alpha^k C_k(row i)) · invZerofier[i];
// - "values":   out[4r+j][i-start] = coord j of root r at row i (debug check, LogUp aux).
import { P } from "../field/babybear.ts";
import { W } from "../field/extension.ts";
import type { Graph } from "./expr.ts";

export type EvalFn = (inp: any, start: number, end: number, out: Uint32Array[]) => void;

type Op = (d: string, x: string, y: string) => string;
type Ops = { MUL: Op; ADD: Op; SUB: Op };

/** The field operations inlined: fastest, and what every body uses unless it is too large. */
const INLINE: Ops = {
  MUL: (d, x, y) => `q=(${x}*${y}*IP-0.5)|0;r=(Math.imul(${x},${y})-Math.imul(q,${P})-${P})|0;${d}=r+((r>>31)&${P});`,
  ADD: (d, x, y) => `r=(${x}+${y}-${P})|0;${d}=r+((r>>31)&${P});`,
  SUB: (d, x, y) => `r=(${x}-${y})|0;${d}=r+((r>>31)&${P});`,
};
/**
 * The same operations as calls of small local functions (COMPACT_HELPERS, same
 * arithmetic): about a third of the source, for a single constraint whose inlined body is
 * too large for V8 to optimise (see generateSource); calls are much faster than the
 * interpreter.
 */
const COMPACT: Ops = {
  MUL: (d, x, y) => `${d}=mm(${x},${y});`,
  ADD: (d, x, y) => `${d}=ma(${x},${y});`,
  SUB: (d, x, y) => `${d}=ms(${x},${y});`,
};
const COMPACT_HELPERS = [
  `const mm=function(x,y){const q=(x*y*IP-0.5)|0;const r=(Math.imul(x,y)-Math.imul(q,${P})-${P})|0;return r+((r>>31)&${P});};`,
  `const ma=function(x,y){const r=(x+y-${P})|0;return r+((r>>31)&${P});};`,
  `const ms=function(x,y){const r=(x-y)|0;return r+((r>>31)&${P});};`,
];

/** Emits code for one extension product d = x·y (each a list of 4 coordinate refs). */
function extMulCode(d: string[], x: string[], y: string[], tmp: string, ops: Ops = INLINE): string {
  const { MUL, ADD } = ops;
  let s = "";
  const prod = (k: number, a: number, b: number) => {
    if (x[a] === "0" || y[b] === "0") return null;
    const t = `${tmp}${k}`;
    s += MUL(t, x[a], y[b]);
    return t;
  };
  // c_m = sum_{a+b=m} x_a y_b for m = 0..6, then fold c_{4+m} · W into c_m.
  const terms: string[][] = [[], [], [], [], [], [], []];
  let k = 0;
  for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
    const t = prod(k++, a, b);
    if (t) terms[a + b].push(t);
  }
  const sum = (list: string[], dst: string): string => {
    if (list.length === 0) { s += `${dst}=0;`; return dst; }
    if (list.length === 1) { s += `${dst}=${list[0]};`; return dst; }
    s += ADD(dst, list[0], list[1]);
    for (let i = 2; i < list.length; i++) s += ADD(dst, dst, list[i]);
    return dst;
  };
  for (let m = 0; m < 4; m++) {
    const hi = m < 3 ? terms[m + 4] : [];
    if (hi.length) {
      sum(hi, `${tmp}h`);
      s += MUL(`${tmp}h`, `${tmp}h`, String(W));
      sum([...terms[m], `${tmp}h`], d[m]);
    } else sum(terms[m], d[m]);
  }
  return s;
}

/**
 * The evaluator's source. V8 does not optimise a function whose bytecode is larger than
 * about 60 KB, and a straight-line body over a wide AIR (a zkVM chip: ~50 constraints, ~20
 * LogUp interactions) is several times that: it then runs in the interpreter, ~1000x
 * slower. So the roots are split into groups whose bodies stay below MAX_BODY characters,
 * each group becomes its own function with its own row loop (re-reading the columns it
 * needs), and the groups add their partial sums into the output. The evaluator runs the
 * groups in turn over runs of CHUNK_ROWS rows.
 *
 * The source is a factory's body: run once (buildEvaluator), it defines the group
 * functions and returns the evaluator that calls them. Group functions made on every call
 * lose their optimised code at the next garbage collection (the prover collects between
 * tables): the Poseidon2 chip's evaluator, alone on one thread, ran at 90-150 µs per
 * point after each collection against 9 µs warm; made once, it stays at 9 µs.
 */
export function generateSource(g: Graph, roots: number[], mode: "quotient" | "values"): string {
  const groups: number[][] = [];
  const compact: boolean[] = [];
  const split = (indices: number[]) => {
    const body = generateBody(g, roots, indices, mode, false);
    if (body.length <= MAX_BODY) groups.push(indices), compact.push(false);
    else if (indices.length === 1) groups.push(indices), compact.push(true); // one root alone too large: calls instead
    else {
      const half = indices.length >> 1;
      split(indices.slice(0, half));
      split(indices.slice(half));
    }
  };
  split(roots.map((_, k) => k));
  const fns = groups.map((idx, gi) => `const f${gi}=function(${GROUP_PARAMS}){\n${generateBody(g, roots, idx, mode, gi > 0, compact[gi])}\n};`);
  return [
    `"use strict";`,
    ...fns,
    `return function(inp,start,end,out){`,
    `const ${INPUT_FIELDS.map(([local, field]) => `${local}=inp.${field}`).join(",")};`,
    `for(let c=start;c<end;c+=${CHUNK_ROWS}){const e=Math.min(c+${CHUNK_ROWS},end);`,
    ...groups.map((_, gi) => `f${gi}(${GROUP_ARGS});`),
    `}`,
    `};`,
  ].join("\n");
}

/**
 * What a group function receives: the inputs' fields as separate arguments (arrays and
 * typed arrays, whose hidden classes V8 never drops), so that its optimised code does not
 * depend on the inputs object's hidden class. That class is a transition map held weakly:
 * once every inputs object of a proof is collected, the map dies and V8 deoptimises all
 * code specialised to it, which for a wide AIR means recompiling every group (~100 ms each
 * with TurboFan) at the next proof.
 */
const INPUT_FIELDS: [string, string][] = [
  ["M", "main"], ["PP", "preprocessed"], ["X", "aux"], ["ns", "nextStride"],
  ["sF", "isFirstRow"], ["sL", "isLastRow"], ["sT", "isTransition"], ["iz", "invZerofier"],
  ["pv", "publicValues"], ["cg", "challenges"], ["aP", "auxPublic"], ["ap", "alphaPowers"],
];
const GROUP_PARAMS = [...INPUT_FIELDS.map(([local]) => local), "base", "start", "end", "out"].join(",");
const GROUP_ARGS = [...INPUT_FIELDS.map(([local]) => local), "start", "c", "e", "out"].join(",");

/**
 * Rows per call of a group function. The evaluator calls every group on short runs of
 * rows instead of once over its whole range, so each group is called often: V8 then
 * optimises it as a function (code kept on the function, reused by every later call)
 * rather than only on-stack-replacing its loop, whose code is not reused by the next call.
 * Called once per range, the Poseidon2 chip's 23 groups were recompiled for every proof:
 * 300-700 µs per point for the first ranges of each proof against 10 µs optimised.
 */
export const CHUNK_ROWS = 256;

/** Largest body (in characters) of one generated function; see generateSource. */
const MAX_BODY = 48_000;

/**
 * One function over the roots at `indices` (positions in `roots`: the alpha power in the
 * quotient, the output row in "values"). `accumulate`: add into the quotient output
 * instead of writing it (every group after the first).
 */
function generateBody(g: Graph, allRoots: number[], indices: number[], mode: "quotient" | "values", accumulate: boolean, compact = false): string {
  const ops = compact ? COMPACT : INLINE;
  const { MUL, ADD, SUB } = ops;
  const extMul = (d: string[], x: string[], y: string[], tmp: string) => extMulCode(d, x, y, tmp, ops);
  const nodes = g.nodes;
  const roots = indices.map((k) => allRoots[k]);
  // In the quotient, sel·e constraints are summed per selector first and multiplied by
  // the selector once per row: group 0 has no selector, 1..3 are first, last, transition.
  const SELS = ["", "first", "last", "trans"];
  const selLeaf = (x: number) => nodes.findIndex((n) => n.op === SELS[x]);
  const group = roots.map(() => 0);
  const inner = roots.slice();
  if (mode === "quotient") {
    roots.forEach((root, k) => {
      const n = nodes[root];
      if (n.op !== "mul") return;
      for (const [s, e] of [[n.a, n.b], [n.b, n.a]]) {
        const gsel = SELS.indexOf(nodes[s].op);
        if (gsel > 0) { group[k] = gsel; inner[k] = e; return; }
      }
    });
  }
  const ids = g.reachable(mode === "quotient" ? [...inner, ...group.filter((x) => x > 0).map((x) => selLeaf(x))] : roots);
  const ref = (id: number, j: number): string => {
    const n = nodes[id];
    if (n.op === "const") return j === 0 ? String(n.a) : "0";
    if (!n.ext) return j === 0 ? `v${id}` : "0";
    return `v${id}_${j}`;
  };
  const refs = (id: number) => [0, 1, 2, 3].map((j) => ref(id, j));
  const decls: string[] = ["q", "r", "i", "nx", "th", ...Array.from({ length: 16 }, (_, k) => `t${k}`)];
  const pre: string[] = [];
  const body: string[] = [];
  const cols = new Set<string>();

  for (const id of ids) {
    const n = nodes[id];
    if (n.op === "const") continue;
    const out = n.rowDep ? body : pre;
    const d = refs(id).filter((r) => r !== "0");
    decls.push(...d);
    const at = (b: number) => (b ? "nx" : "i");
    switch (n.op) {
      case "main": cols.add(`m${n.a}=M[${n.a}]`); out.push(`v${id}=m${n.a}[${at(n.b)}];`); break;
      case "prep": cols.add(`p${n.a}=PP[${n.a}]`); out.push(`v${id}=p${n.a}[${at(n.b)}];`); break;
      case "aux":
        for (let j = 0; j < 4; j++) {
          cols.add(`x${4 * n.a + j}=X[${4 * n.a + j}]`);
          out.push(`v${id}_${j}=x${4 * n.a + j}[${at(n.b)}];`);
        }
        break;
      case "first": out.push(`v${id}=sF[i];`); break;
      case "last": out.push(`v${id}=sL[i];`); break;
      case "trans": out.push(`v${id}=sT[i];`); break;
      case "pub": out.push(`v${id}=pv[${n.a}];`); break;
      case "chal": case "auxPub": {
        const arr = n.op === "chal" ? "cg" : "aP";
        for (let j = 0; j < 4; j++) out.push(`v${id}_${j}=${arr}[${4 * n.a + j}];`);
        break;
      }
      case "add": case "sub": {
        let s = "";
        const dst = refs(id);
        for (let j = 0; j < (n.ext ? 4 : 1); j++) {
          const x = ref(n.a, j), y = ref(n.b, j);
          if (y === "0") s += `${dst[j]}=${x};`;
          else if (x === "0" && n.op === "add") s += `${dst[j]}=${y};`;
          else s += (n.op === "add" ? ADD : SUB)(dst[j], x, y);
        }
        out.push(s);
        break;
      }
      case "neg": {
        let s = "";
        const dst = refs(id);
        for (let j = 0; j < (n.ext ? 4 : 1); j++) s += SUB(dst[j], "0", ref(n.a, j));
        out.push(s);
        break;
      }
      case "mul": {
        const ea = nodes[n.a].ext, eb = nodes[n.b].ext;
        const dst = refs(id);
        if (ea && eb) out.push(extMul(dst, refs(n.a), refs(n.b), "t"));
        else {
          const [e, s] = ea ? [n.a, n.b] : [n.b, n.a]; // e may be ext, s is base
          let code = "";
          for (let j = 0; j < (n.ext ? 4 : 1); j++) code += MUL(dst[j], ref(e, j), ref(s, 0));
          out.push(code);
        }
        break;
      }
    }
  }

  const tail: string[] = [];
  if (mode === "quotient") {
    // sum_k alpha^k C_k with delayed reduction: a base C_k is split into 16-bit halves so
    // that alpha_j·lo < 2^47 and alpha_j·hi < 2^46 add exactly in doubles (L, H per
    // selector group and coordinate); fold back every FLUSH terms and at the end of the row.
    const FLUSH = 60;
    decls.push("u0", "u1", "u2", "u3", "z", "cl", "ch", "fq", "sv");
    const RED = (x: string) => `fq=Math.floor(${x}*IP);${x}-=fq*${P};if(${x}<0)${x}+=${P};else if(${x}>=${P})${x}-=${P};`;
    const fold = (gi: number) => {
      let f = "";
      for (let j = 0; j < 4; j++) f += RED(`H${gi}_${j}`) + `L${gi}_${j}+=H${gi}_${j}*65536;H${gi}_${j}=0;` + RED(`L${gi}_${j}`);
      return f;
    };
    const used = [0, 1, 2, 3].filter((gi) => gi === 0 || group.includes(gi));
    for (const gi of used) for (let j = 0; j < 4; j++) {
      decls.push(`L${gi}_${j}`, `H${gi}_${j}`);
      tail.push(`L${gi}_${j}=0;H${gi}_${j}=0;`);
    }
    const pending = [0, 0, 0, 0];
    inner.forEach((root, k) => {
      const gi = group[k];
      const c = refs(root);
      const w = [0, 1, 2, 3].map((j) => `w${k}_${j}`);
      for (let j = 0; j < 4; j++) {
        decls.push(w[j]);
        pre.push(`${w[j]}=ap[${4 * indices[k] + j}];`);
      }
      if (pending[gi] >= FLUSH) { tail.push(fold(gi)); pending[gi] = 1; }
      if (nodes[root].ext) {
        const u = ["u0", "u1", "u2", "u3"];
        tail.push(extMul(u, w, c, "t"));
        for (let j = 0; j < 4; j++) tail.push(`L${gi}_${j}+=u${j};`); // < 2^31: counts as one term
      } else {
        let code = `cl=${c[0]}&65535;ch=${c[0]}>>>16;`;
        for (let j = 0; j < 4; j++) code += `L${gi}_${j}+=${w[j]}*cl;H${gi}_${j}+=${w[j]}*ch;`;
        tail.push(code);
      }
      pending[gi]++;
    });
    for (const gi of used) {
      tail.push(fold(gi));
      if (gi === 0) continue;
      tail.push(`sv=${ref(selLeaf(gi), 0)};`);
      for (let j = 0; j < 4; j++) tail.push(MUL(`u${j}`, `L${gi}_${j}`, "sv") + ADD(`L0_${j}`, `L0_${j}`, `u${j}`));
    }
    tail.push("z=iz[i&zm];");
    for (let j = 0; j < 4; j++) {
      tail.push(MUL(`L0_${j}`, `L0_${j}`, "z") + (accumulate ? ADD(`o${j}[i]`, `o${j}[i]`, `L0_${j}`) : `o${j}[i]=L0_${j};`));
    }
  } else {
    roots.forEach((root, k) => {
      for (let j = 0; j < 4; j++) tail.push(`out[${4 * indices[k] + j}][i-base]=${ref(root, j)};`);
    });
  }
  const head = [
    `"use strict";`,
    `const IP=1/${P};`,
    ...(compact ? COMPACT_HELPERS : []),
    `const len=sF.length, mask=len-1;`,
    `if ((len & mask) !== 0) throw new Error("evaluator: domain length must be a power of two");`,
    ...[...cols].map((c) => `const ${c};`),
    mode === "quotient"
      ? `const zm=iz.length-1, o0=out[0], o1=out[1], o2=out[2], o3=out[3];`
      : "",
    `let ${[...new Set(decls)].join(",")};`,
  ];
  return [
    ...head,
    ...pre,
    `for(i=start;i<end;i++){`,
    `nx=(i+ns)&mask;`,
    ...body,
    ...tail,
    `}`,
  ].join("\n");
}

/** The evaluator from generateSource's factory body. */
export function buildEvaluator(source: string): EvalFn {
  return new Function(source)() as EvalFn;
}

const built = new Map<string, EvalFn>();
/**
 * buildEvaluator once per source on this thread (the workers receive sources): the same
 * function every call, so V8's optimised code for its groups is kept and reused.
 */
export function evaluatorOf(source: string): EvalFn {
  let fn = built.get(source);
  if (!fn) built.set(source, (fn = buildEvaluator(source)));
  return fn;
}
