// NTT and low-degree extension of BabyBear columns: the public interface.
//
// Every array here is a Uint32Array of canonical values in [0, p), natural order,
// length a power of two (at most 2^27, the field's two-adicity). Kernels live in
// ntt-kernel.ts (wasm SIMD, with a TypeScript fallback); this file checks sizes, adds
// coset twists and spreads many columns over the worker pool.
import { P, GENERATOR, TWO_ADICITY } from "../field/babybear.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";
import { forward, inverse, lde, fromCoeffs } from "./ntt-kernel.ts";
import { bitReverseWasm } from "./ntt-wasm.ts";

/** log2 of a valid transform length, or a RangeError naming the caller. */
export function checkedLog(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0) {
    throw new RangeError(`${what}: length ${n} is not a power of two`);
  }
  const log = 31 - Math.clz32(n);
  if (log > TWO_ADICITY) throw new RangeError(`${what}: length 2^${log} is above 2^${TWO_ADICITY}, the field's two-adicity`);
  return log;
}

function checkShift(shift: number, what: string): void {
  if (!Number.isInteger(shift) || shift <= 0 || shift >= P) {
    throw new RangeError(`${what}: coset shift ${shift} must be a nonzero canonical field element`);
  }
}

/** Coefficients -> evaluations over H = <w_n>: col[i] = f(w_n^i), in place. */
export function ntt(col: Uint32Array): void {
  forward(col, checkedLog(col.length, "ntt"));
}

/** Evaluations over H -> coefficients, in place. */
export function intt(col: Uint32Array): void {
  inverse(col, checkedLog(col.length, "intt"));
}

/** Coefficients -> evaluations over shift*H: col[i] = f(shift * w_n^i), in place. */
export function cosetNtt(col: Uint32Array, shift: number): void {
  const log = checkedLog(col.length, "cosetNtt");
  checkShift(shift, "cosetNtt");
  forward(col, log, shift);
}

/** Evaluations over shift*H -> coefficients, in place. */
export function cosetIntt(col: Uint32Array, shift: number): void {
  const log = checkedLog(col.length, "cosetIntt");
  checkShift(shift, "cosetIntt");
  inverse(col, log, shift);
}

// ---- many columns, on the worker pool ------------------------------------------------

// Below this many field elements in total a batch runs on the calling thread: posting to
// a worker costs ~0.1 ms, about a 2^13 transform.
const PARALLEL_MIN_WORK = 1 << 16;

async function forColumns(count: number, work: number, task: string, args: (i: number) => unknown[]): Promise<void> {
  const pool = getPool();
  const lists = Array.from({ length: count }, (_, i) => args(i));
  if (pool.size === 1 || count === 1 || work < PARALLEL_MIN_WORK) {
    runColumns(task, lists);
    return;
  }
  // a few groups per thread: few messages for many small columns, and still balanced
  // when the column count does not divide evenly
  const groups = splitRange(count, pool.size * 4);
  await pool.map(import.meta.url, "runColumns", groups.map(([a, b]) => [task, lists.slice(a, b)]));
}

const TASKS: Record<string, (...args: never[]) => void> = {};

/** Worker task: runs the named column task once per argument list. */
export function runColumns(task: string, lists: unknown[][]): void {
  const fn = TASKS[task] as unknown as (...a: unknown[]) => void;
  if (!fn) throw new Error(`ntt.ts: unknown column task ${task}`);
  for (const args of lists) fn(...args);
}

/** Worker task: LDE of one column `src` (evaluations over H, size n) into dst (bit-reversed when `rev`). */
export function ldeColumnTask(src: Uint32Array, dst: Uint32Array, logN: number, logBlowup: number, shift: number, rev = false): void {
  lde(src, dst, logN, logBlowup, shift, rev);
}

/** Worker task: coefficient column (zero-padded into dst) -> evaluations over shift*H (bit-reversed when `rev`). */
export function cosetNttTask(src: Uint32Array, dst: Uint32Array, logSize: number, shift: number, rev = false): void {
  fromCoeffs(src, dst, logSize, shift, rev);
}

/** Worker task: dst[i] = src[rev(i)] over the first 2^logN words of src. */
export function bitReverseTask(src: Uint32Array, dst: Uint32Array, logN: number): void {
  if (logN < 2) dst.set(src.subarray(0, 1 << logN));
  else bitReverseWasm(src, dst, logN);
}

/** Worker task: in-place transform of one column. */
export function transformTask(col: Uint32Array, logN: number, inv: boolean): void {
  if (inv) inverse(col, logN);
  else forward(col, logN);
}

TASKS.ldeColumnTask = ldeColumnTask;
TASKS.cosetNttTask = cosetNttTask;
TASKS.transformTask = transformTask;
TASKS.bitReverseTask = bitReverseTask;

/**
 * Low-degree extension: each column holds evaluations over H (size n); the result (on
 * SharedArrayBuffer, size n << logBlowup) holds the same polynomial over shift*H':
 * out[i] = f(shift * w_{nB}^i). Columns run in parallel when the batch is large.
 */
export function cosetLde(evals: Uint32Array[], logBlowup: number, shift: number = GENERATOR): Promise<Uint32Array[]> {
  return ldeColumns(evals, logBlowup, shift, false);
}

/** cosetLde, each result in bit-reversed order (out[rev(i)] = f(shift * w_{nB}^i)): the order
 * commitments store, permuted on the worker threads. */
export function cosetLdeRev(evals: Uint32Array[], logBlowup: number, shift: number = GENERATOR): Promise<Uint32Array[]> {
  return ldeColumns(evals, logBlowup, shift, true);
}

async function ldeColumns(evals: Uint32Array[], logBlowup: number, shift: number, rev: boolean): Promise<Uint32Array[]> {
  if (evals.length === 0) return [];
  const n = evals[0].length;
  const logN = checkedLog(n, "cosetLde");
  if (!Number.isInteger(logBlowup) || logBlowup < 0) throw new RangeError(`cosetLde: logBlowup ${logBlowup} must be a non-negative integer`);
  checkedLog(n * 2 ** logBlowup, "cosetLde (extended)");
  checkShift(shift, "cosetLde");
  evals.forEach((c, i) => {
    if (c.length !== n) throw new RangeError(`cosetLde: column ${i} has ${c.length} rows, column 0 has ${n}`);
  });
  const N = n << logBlowup;
  const out = evals.map(() => sharedU32(N));
  const srcs = evals.map((c) => toSharedU32(c));
  await forColumns(evals.length, N * evals.length, "ldeColumnTask", (i) => [srcs[i], out[i], logN, logBlowup, shift, rev]);
  return out;
}

/** Coefficient vectors (at most 2^logSize each), zero-padded and evaluated over shift*H_{2^logSize}. */
export async function cosetLdeFromCoeffs(coeffs: Uint32Array[], logSize: number, shift: number, rev = false): Promise<Uint32Array[]> {
  const N = 2 ** logSize;
  checkedLog(N, "cosetLdeFromCoeffs");
  checkShift(shift, "cosetLdeFromCoeffs");
  coeffs.forEach((c, i) => {
    if (c.length > N) throw new RangeError(`cosetLdeFromCoeffs: column ${i} has ${c.length} coefficients, more than 2^${logSize}`);
  });
  const out = coeffs.map(() => sharedU32(N));
  const srcs = coeffs.map((c) => toSharedU32(c));
  await forColumns(coeffs.length, N * coeffs.length, "cosetNttTask", (i) => [srcs[i], out[i], logSize, shift, rev]);
  return out;
}

/**
 * Bit-reversed copies of the first 2^logN words of each column, on shared memory, in
 * parallel. The prefix of a bit-reversed LDE over shift*H_N is the LDE over the smaller
 * coset shift*H_{2^logN} in bit-reversed order, so this gives that coset in natural order.
 */
export async function bitReversedPrefixes(cols: Uint32Array[], logN: number): Promise<Uint32Array[]> {
  const n = 2 ** logN;
  cols.forEach((c, i) => {
    if (c.length < n) throw new RangeError(`bitReversedPrefixes: column ${i} has ${c.length} words, fewer than 2^${logN}`);
  });
  const out = cols.map(() => sharedU32(n));
  const srcs = cols.map((c) => (c.buffer instanceof SharedArrayBuffer ? c : toSharedU32(c.subarray(0, n))));
  await forColumns(cols.length, n * cols.length, "bitReverseTask", (i) => [srcs[i], out[i], logN]);
  return out;
}

async function batch(cols: Uint32Array[], invFlag: boolean, what: string): Promise<void> {
  if (cols.length === 0) return;
  const logN = checkedLog(cols[0].length, what);
  cols.forEach((c, i) => {
    if (c.length !== cols[0].length) throw new RangeError(`${what}: column ${i} has ${c.length} rows, column 0 has ${cols[0].length}`);
  });
  const shared = cols.every((c) => c.buffer instanceof SharedArrayBuffer);
  const work = cols.length << logN;
  if (!shared && getPool().size > 1 && work >= PARALLEL_MIN_WORK) {
    // workers can only write back into shared memory: copy there and back
    const tmp = cols.map((c) => toSharedU32(c));
    await forColumns(cols.length, work, "transformTask", (i) => [tmp[i], logN, invFlag]);
    cols.forEach((c, i) => c.set(tmp[i]));
    return;
  }
  await forColumns(cols.length, work, "transformTask", (i) => [cols[i], logN, invFlag]);
}

/** In-place intt of many columns of equal length, in parallel. */
export function interpolateBatch(cols: Uint32Array[]): Promise<void> {
  return batch(cols, true, "interpolateBatch");
}

/** In-place ntt of many columns of equal length, in parallel. */
export function nttBatch(cols: Uint32Array[]): Promise<void> {
  return batch(cols, false, "nttBatch");
}

