// The quotient step of DEEP-ALI: Q(x) = sum_k alpha^k C_k(x) / Z_H(x) on the quotient
// domain (the smallest coset of the LDE's that holds chunks·n points), then split into
// chunks of degree < n so each can be committed and opened: Q(x) = sum_i x^(i·n) q_i(x).
import type { CompiledAir, LdeInputs } from "../air/types.ts";
import { ldeSelectors, type LdeSelectors } from "../air/selectors.ts";
import { CHUNK_ROWS } from "../air/codegen.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { cosetIntt, cosetLdeFromCoeffs } from "../poly/ntt.ts";
import { extMulAt, extAdd, extMul, extPow, type Ext } from "../field/extension.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";
import { selectorsAtPoint } from "../air/selectors.ts";
import type { PointInputs } from "../air/types.ts";
import { COSET_SHIFT } from "./domain.ts";
import { P } from "../field/babybear.ts";
import { proverTestHooks } from "./test-hooks.ts";

const selectorCache = new Map<string, LdeSelectors>();

/** The LDE selector columns, on shared memory and cached per (height, blowup). */
function sharedSelectors(logRows: number, logBlowup: number): LdeSelectors {
  const key = `${logRows}/${logBlowup}`;
  let sel = selectorCache.get(key);
  if (!sel) {
    const s = ldeSelectors(logRows, logBlowup, COSET_SHIFT);
    sel = {
      isFirstRow: toSharedU32(s.isFirstRow), isLastRow: toSharedU32(s.isLastRow),
      isTransition: toSharedU32(s.isTransition), invZerofier: s.invZerofier,
    };
    if (selectorCache.size > 8) selectorCache.clear();
    selectorCache.set(key, sel);
  }
  return sel;
}

/** Number of degree-<n chunks the quotient of this AIR splits into. */
export function quotientChunks(air: CompiledAir): number {
  return Math.max(1, air.maxDegree - 1);
}

/**
 * log2 of the quotient domain's size over n: the quotient has degree below chunks·n, so
 * its values on a coset of 2^ceil(log2 chunks)·n points determine it. That coset,
 * shift·H_{n·2^k}, is every 2^(logBlowup-k)-th point of the LDE coset: the first n·2^k
 * entries of a bit-reversed LDE, bit-reversed again.
 */
export function quotientLogBlowup(air: CompiledAir): number {
  return Math.ceil(Math.log2(quotientChunks(air)));
}

export function checkBlowupFits(air: CompiledAir, logBlowup: number): void {
  const chunks = quotientChunks(air);
  if (chunks > 1 << logBlowup) {
    throw new Error(
      `AIR '${air.name}' has constraint degree ${air.maxDegree}: its quotient needs ${chunks} chunks, ` +
        `more than the blowup ${1 << logBlowup}; raise logBlowup to ${Math.ceil(Math.log2(chunks))}`,
    );
  }
}

/** alpha^0 .. alpha^(count-1), AoS. */
export function alphaPowers(alpha: Ext, count: number): Uint32Array {
  const out = new Uint32Array(4 * count);
  if (count === 0) return out;
  out[0] = 1;
  for (let k = 1; k < count; k++) extMulAt(out, 4 * k, out, 4 * (k - 1), alpha, 0);
  return out;
}

export type QuotientInputs = Omit<LdeInputs, "isFirstRow" | "isLastRow" | "isTransition" | "invZerofier" | "nextStride">;

/**
 * Evaluates the quotient on the quotient domain shift·H_{n·2^k} (k = quotientLogBlowup;
 * `inputs` hold every column there, natural order) and returns its chunks' LDEs on the
 * full LDE coset (2^logBlowup·n points), bit-reversed, as 4·chunks base columns (chunk i
 * coordinate j at 4i + j), and the chunks' coefficients.
 * Throws when the quotient's interpolant has degree chunks·n or more (a trace that breaks
 * a constraint, when chunks is not a power of two); with chunks·n points exactly, the
 * interpolant always fits and the prover checks the identity at z instead (prover.ts).
 */
export async function computeQuotientChunks(
  air: CompiledAir,
  inputs: QuotientInputs,
  logRows: number,
  logBlowup: number,
): Promise<{ chunksRev: Uint32Array[]; coeffs: Uint32Array[] }> {
  const logQ = quotientLogBlowup(air);
  const logDomain = logRows + logQ;
  const N = 1 << logDomain;
  const n = 1 << logRows;
  const sel = sharedSelectors(logRows, logQ);
  const q = [0, 1, 2, 3].map(() => sharedU32(N));
  const inp: LdeInputs = { ...inputs, ...sel, nextStride: 1 << logQ };
  const pool = getPool();
  if (air.moduleSource && pool.size > 1 && N >= 1 << 10) {
    const workerUrl = new URL("./quotient-worker.ts", import.meta.url).href;
    // a few ranges per thread, so a thread slowed by other work does not hold up the rest
    await pool.map(workerUrl, "evalQuotientRange", splitRange(N, pool.size * 2).map(([s, e]) => [air.moduleSource, inp, s, e, q]));
  } else {
    air.evalQuotient(inp, 0, N, q);
  }
  const chunks = quotientChunks(air);
  await interpolateCosetBatch(q, COSET_SHIFT);
  const coeffs: Uint32Array[] = [];
  for (let j = 0; j < 4; j++) {
    for (let i = chunks * n; i < N; i++) {
      if (q[j][i] !== 0 && !proverTestHooks().truncateHighDegreeQuotient) { // the hook: tests only
        throw new Error(`AIR '${air.name}': the quotient has degree above ${chunks}·n; the trace does not satisfy its constraints`);
      }
    }
  }
  // chunk i, coordinate j: coefficients [i·n, (i+1)·n) of coordinate j.
  for (let i = 0; i < chunks; i++) for (let j = 0; j < 4; j++) coeffs.push(q[j].slice(i * n, (i + 1) * n));
  const chunksRev = await cosetLdeFromCoeffs(coeffs, logRows + logBlowup, COSET_SHIFT, true);
  return { chunksRev, coeffs };
}

/**
 * Q(z) = sum_i z^(i·n) q_i(z) from the chunks' values at z (4 coordinates each, AoS by
 * chunk then coordinate), and whether sum_k alpha^k C_k(z) = Z_H(z)·Q(z): the identity the
 * verifier checks. The prover checks it too, because a quotient interpolated on exactly
 * chunks·n points has the right degree whatever the trace: a trace that breaks a
 * constraint is caught here (with probability 1 - 2^-100) instead of by the degree.
 */
export function quotientIdentityHolds(air: CompiledAir, inp: Omit<PointInputs, "isFirstRow" | "isLastRow" | "isTransition">, alpha: Ext, quotientZ: Uint32Array, z: Ext, logRows: number): boolean {
  const sel = selectorsAtPoint(z, logRows);
  const lhs = air.evalAtPoint({ ...inp, isFirstRow: sel.isFirstRow, isLastRow: sel.isLastRow, isTransition: sel.isTransition }, alpha);
  const zn = extPow(z, 1 << logRows);
  let qz: Ext = new Uint32Array(4);
  let zPow: Ext = Uint32Array.of(1, 0, 0, 0);
  for (let i = 0; i < quotientChunks(air); i++) {
    qz = extAdd(qz, extMul(zPow, recombineExt(quotientZ, i)));
    zPow = extMul(zPow, zn);
  }
  const rhs = extMul(sel.zerofier, qz);
  return lhs.every((v, j) => v === rhs[j]);
}

/** X^j for the extension generator X, j = 0..3. */
const BASIS: Ext[] = [0, 1, 2, 3].map((j) => {
  const e = new Uint32Array(4);
  e[j] = 1;
  return e;
});

/** An extension column committed as 4 base coordinates, at a point: sum_j X^j · coord_j. */
export function recombineExt(coords: Uint32Array, col: number): Ext {
  let acc: Ext = new Uint32Array(4);
  for (let j = 0; j < 4; j++) {
    const o = 16 * col + 4 * j;
    acc = extAdd(acc, extMul(BASIS[j], coords.subarray(o, o + 4)));
  }
  return acc;
}

const warmed = new Set<string>();
/**
 * The warm-up's size: WARM_VARIANTS short calls (one chunk of CHUNK_ROWS rows each) with
 * different challenges first, so that every group's feedback is general before V8
 * optimises it (optimised on one set, it deoptimised on the next: 74 recompiles), then
 * WARM_VARIANTS passes over 2^WARM_LOG_ROWS rows: 64 calls of each group, which V8 needs
 * to optimise every group of the recursion tables (one pass over 2^12 rows optimised 54
 * of their 142: 71 groups on each of 2 threads).
 */
const WARM_VARIANTS = 8;
const WARM_LOG_ROWS = 11;

/**
 * Compiles these AIRs' quotient evaluators on every worker thread now, in the background
 * (quotient-worker.ts warmEvaluatorsTask): called where the main thread has long work
 * before the first proof (loading a kit, executing a guest), it takes the compiling out of
 * the first proof. Each evaluator is warmed once per process. Callers need not wait: the
 * promise (true when every thread ran every evaluator) is for tests; a failure is not
 * thrown (the quotient compiles what it needs anyway).
 */
export function warmQuotientEvaluators(airs: CompiledAir[]): Promise<boolean> {
  const pool = getPool();
  if (pool.size < 2) return Promise.resolve(true);
  const fresh = airs.filter((a) => a.moduleSource && !warmed.has(a.moduleSource));
  if (fresh.length === 0) return Promise.resolve(true);
  // Field elements of every size, not zeros, on shared memory like a proof's columns: V8
  // specialises arithmetic to the values it has seen and to the arrays' kind. Each column
  // has its own sequence (one column repeated makes x - y zero wherever a constraint
  // subtracts two of them), and each pass its own challenges, alpha powers and public
  // values: the code above the row loop (powers of the challenges) runs once per call, so
  // with one set of them an x·11 that happened to fit in int32 stayed specialised to int32,
  // and the first proof's values overflowed it and deoptimised the groups (57 recompiles,
  // +3-5 s in the first recursion proof).
  const n = 1 << WARM_LOG_ROWS;
  const words = (k: number, seed: number) => Uint32Array.from({ length: k }, (_, i) => Math.floor(((((i + 1) * 0.6180339887498949) + seed * 0.41421356237309515) % 1) * P));
  const width = Math.max(...fresh.map((a) => a.mainWidth + a.preprocessedWidth + 4 * a.auxWidth));
  const columns = Array.from({ length: width + 4 }, (_, j) => toSharedU32(words(n, j + 1)));
  const items = fresh.map((a) => {
    warmed.add(a.moduleSource!);
    // every cell of a row is its own column's
    const cols = (k: number, from: number) => columns.slice(from, from + k);
    const [mainAt, prepAt, auxAt] = [0, a.mainWidth, a.mainWidth + a.preprocessedWidth];
    const variants = Array.from({ length: WARM_VARIANTS }, (_, v): LdeInputs => ({
      main: cols(a.mainWidth, mainAt), preprocessed: cols(a.preprocessedWidth, prepAt), aux: cols(4 * a.auxWidth, auxAt), nextStride: 2,
      isFirstRow: columns[width], isLastRow: columns[width + 1], isTransition: columns[width + 2], invZerofier: columns[width + 3],
      publicValues: words(a.numPublicValues, 4 * v + 1), challenges: words(4 * a.numChallenges, 4 * v + 2),
      auxPublic: words(4 * a.numAuxPublic, 4 * v + 3), alphaPowers: words(4 * a.constraintNames.length, 4 * v + 4),
    }));
    const passes = [...variants.map((inp) => ({ inp, rows: CHUNK_ROWS })), ...variants.map((inp) => ({ inp, rows: n }))];
    return { source: a.moduleSource!, passes };
  });
  const out = [0, 1, 2, 3].map(() => sharedU32(n));
  // one task per thread, each warming every evaluator: an idle pool hands them to distinct threads
  return pool.map(QUOTIENT_URL, "warmEvaluatorsTask", Array.from({ length: pool.size }, () => [items, out])).then(() => true, () => false);
}

/** In-place coset interpolation of equal-length shared columns, in parallel. */
async function interpolateCosetBatch(cols: Uint32Array[], shift: number): Promise<void> {
  const pool = getPool();
  if (pool.size === 1 || cols[0].length < 1 << 14) {
    for (const c of cols) cosetIntt(c, shift);
    return;
  }
  await pool.map(QUOTIENT_URL, "cosetInttTask", cols.map((c) => [c, shift]));
}

const QUOTIENT_URL = new URL("./quotient-worker.ts", import.meta.url).href;
