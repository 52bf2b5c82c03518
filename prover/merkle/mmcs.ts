// Merkle commitment to several matrices of different heights in ONE tree (Plonky3 calls
// this an MMCS, "mixed matrix commitment scheme"; merkle-tree/src/merkle_tree.rs).
//
// The idea in plain words. A STARK commits to many tables at once, and they do not all
// have the same number of rows. Opening "row i" must reveal the matching row of every
// table with one authentication path, so the tables share one tree:
// - The tallest matrices (height H, a power of two) form the leaves: leaf i is the hash
//   of row i of every matrix of height H, concatenated in commit order.
// - Going up, each level halves the number of nodes: node = compress(left, right).
// - When a level has h nodes and some matrices have height h, their rows are folded in
//   there: node_i = compress(node_i, hash(row i of every matrix of height h)).
// - The root is the single node at the top (height-1 matrices are folded in there).
// Opening index i in [0, H) reveals row i >> (log H - log h) of each matrix of height h
// plus the sibling of each node on the way up (log H digests). The verifier recomputes
// the same walk. All heights must be powers of two; widths may be anything (even 0).
//
// A LIFTED tree (commit(..., { lifted: true }), for lifted proofs: prover/stark/lifting.ts)
// opens the same rows but injects nothing on the way up, so its walk does not depend on
// the heights: leaf i = compress(...compress(compress(d_0, d_1), d_2)..., d_last), where
// d_m = hash(row i >> (log H - log h_m) of matrix m), in commit order. A shorter matrix's
// row digest is shared by 2^(log H - log h_m) leaves; the prover reuses the chain's
// prefix while no taller matrix has joined it.
import type { HashSuite } from "../hash/suite.ts";
import { sharedU32 } from "../parallel/shared.ts";
import { P } from "../field/babybear.ts";
import type { VerifierBackend } from "../stark/verifier-backend.ts";
import { NativeBackend } from "../stark/verifier-native.ts";

export type Matrix = { width: number; height: number; columns: Uint32Array[] };
export type Dims = { width: number; height: number };
export type BatchOpening = { rows: Uint32Array[]; path: Uint32Array[] };

function log2Exact(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`${what}: height ${n} is not a power of two`);
  return 31 - Math.clz32(n);
}

function checkMatrix(m: Matrix, i: number): void {
  log2Exact(m.height, `matrix ${i}`);
  if (m.columns.length !== m.width) throw new RangeError(`matrix ${i}: width ${m.width} but ${m.columns.length} columns`);
  m.columns.forEach((col, c) => {
    if (col.length !== m.height) throw new RangeError(`matrix ${i} column ${c}: ${col.length} rows, expected ${m.height}`);
  });
}

function checkedAgainst(m: Matrix, k: number, dims: Dims[], what: string): Matrix {
  checkMatrix(m, k);
  if (m.width !== dims[k].width || m.height !== dims[k].height) {
    throw new RangeError(`${what}: matrix ${k} is ${m.width}x${m.height}, committed ${dims[k].width}x${dims[k].height}`);
  }
  return m;
}

/** Pairs stored back to back -> their compressions, with the suite's bulk kernel if any. */
async function compressAll(suite: HashSuite, pairs: Uint32Array, count: number): Promise<Uint32Array> {
  if (suite.compressPairs) return suite.compressPairs(pairs, count);
  const dw = suite.digestWords;
  const out = new Uint32Array(count * dw);
  for (let i = 0; i < count; i++) {
    const l = pairs.subarray(2 * i * dw, (2 * i + 1) * dw);
    const r = pairs.subarray((2 * i + 1) * dw, (2 * i + 2) * dw);
    out.set(suite.compress(l, r), i * dw);
  }
  return out;
}

export class MerkleCommitment {
  readonly root: Uint32Array;
  readonly dims: Dims[];
  /** null for a cap (see dropLowLevels) until matrices are attached again. */
  private readonly matrices: Matrix[] | null;
  /** layers[k]: the digests of level k (level 0 = leaves), digestWords words each; null below a cap's kept levels. */
  private readonly layers: Array<Uint32Array | null>;
  private readonly dw: number;
  private readonly suite: HashSuite;
  /** Recomputed low levels of a capped tree: block index -> its layers 0..keptFrom-1. */
  private readonly blocks = new Map<number, Uint32Array[]>();
  /** The rows each prepared block reads, per matrix (prepareOpeningsStreamed, when no matrices are attached). */
  private readonly windows = new Map<number, Window[]>();
  /** Leaves chain every matrix's row digest (see the head of this file). */
  readonly lifted: boolean;

  private constructor(suite: HashSuite, matrices: Matrix[] | null, dims: Dims[], layers: Array<Uint32Array | null>, lifted: boolean) {
    this.lifted = lifted;
    this.suite = suite;
    this.matrices = matrices;
    this.layers = layers;
    this.dw = suite.digestWords;
    this.dims = dims;
    this.root = layers[layers.length - 1]!.slice(0, this.dw);
  }

  static async commit(suite: HashSuite, matrices: Matrix[], opts: { lifted?: boolean } = {}): Promise<MerkleCommitment> {
    if (matrices.length === 0) throw new RangeError("MerkleCommitment.commit: no matrices");
    matrices.forEach(checkMatrix);
    const lifted = !!opts.lifted;
    const maxHeight = Math.max(...matrices.map((m) => m.height));
    const layers = await buildLayers(suite, matrices, maxHeight, 0, maxHeight, lifted);
    return new MerkleCommitment(suite, matrices, matrices.map((m) => ({ width: m.width, height: m.height })), layers, lifted);
  }

  /**
   * A lifted tree committed one matrix at a time: `matrixAt(k)` gives matrix k (of size
   * dims[k]) when its row digests are due, and nothing keeps it afterwards, so a prover
   * can compute each matrix just in time and drop it (one table's LDE held at a time,
   * not all of them). The same tree as `commit(..., { lifted: true })`; it holds no
   * matrices: openings need them attached again (`attach`).
   */
  static async commitLiftedStream(suite: HashSuite, dims: Dims[], matrixAt: (k: number) => Promise<Matrix>): Promise<MerkleCommitment> {
    if (dims.length === 0) throw new RangeError("MerkleCommitment.commitLiftedStream: no matrices");
    const maxHeight = Math.max(...dims.map((d) => d.height));
    const checked = async (k: number) => checkedAgainst(await matrixAt(k), k, dims, "commitLiftedStream");
    const logMax = log2Exact(maxHeight, "tree");
    const layers = [await liftedLeaves(suite, dims.length, async (k) => liftedWindow(await checked(k), logMax, logMax, 0), maxHeight)];
    for (let level = 1; level <= logMax; level++) layers.push(await compressAll(suite, layers[level - 1], maxHeight >>> level));
    return new MerkleCommitment(suite, null, dims.map((d) => ({ width: d.width, height: d.height })), layers, true);
  }

  /**
   * The tree over `matrices` rebuilt from the digests of one level (0 = the leaves), as a
   * key cache keeps it (prover/stark/prep-tree.ts): the levels above are recomputed, 2^-level
   * of the hashing; the levels below are not held, so an opening rehashes the block under
   * its index (prepareOpenings) and checks it against these digests.
   */
  static async fromLevel(suite: HashSuite, matrices: Matrix[], level: number, digests: Uint32Array, opts: { lifted?: boolean } = {}): Promise<MerkleCommitment> {
    if (matrices.length === 0) throw new RangeError("MerkleCommitment.fromLevel: no matrices");
    matrices.forEach(checkMatrix);
    const lifted = !!opts.lifted;
    const maxHeight = Math.max(...matrices.map((m) => m.height));
    const logMax = log2Exact(maxHeight, "tree");
    const dw = suite.digestWords;
    if (!Number.isInteger(level) || level < 0 || level > logMax) throw new RangeError(`MerkleCommitment.fromLevel: level ${level} outside [0, ${logMax}]`);
    if (digests.length !== (maxHeight >>> level) * dw) throw new RangeError(`MerkleCommitment.fromLevel: ${digests.length} words at level ${level}, expected ${(maxHeight >>> level) * dw}`);
    const layers: Array<Uint32Array | null> = Array.from({ length: level }, () => null);
    let nodes: Uint32Array = sharedU32(digests.length);
    nodes.set(digests);
    layers.push(nodes);
    for (let l = level + 1; l <= logMax; l++) {
      const len = maxHeight >>> l;
      nodes = await compressAll(suite, nodes, len);
      // a classic tree folds the rows of matrices of this height in here (buildLayers)
      const inject = lifted ? [] : matrices.filter((m) => m.height === len).map((m) => m.columns);
      if (inject.length > 0) nodes = await injectRows(suite, nodes, inject, len);
      layers.push(nodes);
    }
    return new MerkleCommitment(suite, matrices, matrices.map((m) => ({ width: m.width, height: m.height })), layers, lifted);
  }

  /** A copy of the digests of `level` (0 = the leaves), which must be held: what a key
   * cache keeps of a tree to rebuild it with fromLevel. */
  levelDigests(level: number): Uint32Array {
    const layer = Number.isInteger(level) ? this.layers[level] : undefined;
    if (!layer) throw new RangeError(`levelDigests: level ${level} is not held (levels ${this.keptFrom}..${this.layers.length - 1})`);
    return layer.slice();
  }

  /** The same tree and matrices with no openings prepared: one proof prepares (and drops)
   * its own blocks, so a proving key's tree does not accumulate every proof's. */
  withoutPrepared(): MerkleCommitment {
    return new MerkleCommitment(this.suite, this.matrices, this.dims, this.layers, this.lifted);
  }

  get maxHeight(): number {
    return 2 ** (this.layers.length - 1);
  }

  /**
   * The 2^height digests of level log(maxHeight) - height, back to back: what a proof with
   * Merkle caps (prover/stark/config.ts merkleCapHeight) commits to instead of the root
   * (height 0 gives the root). That level must be held (dropLowLevels).
   */
  cap(height: number): Uint32Array {
    const level = this.layers.length - 1 - height;
    if (!Number.isInteger(height) || height < 0 || level < 0) throw new RangeError(`cap: height ${height} outside [0, ${this.layers.length - 1}]`);
    const layer = this.layers[level];
    if (!layer) throw new Error(`cap: level ${level} was dropped (dropLowLevels)`);
    return layer.slice(0, this.dw << height);
  }

  /** Levels below this one are not held (0 for a full tree). */
  get keptFrom(): number {
    return this.layers.findIndex((l) => l !== null);
  }

  /**
   * The same commitment holding only the levels from `levels` up (at most 2^-levels of the
   * tree's digests) and no matrices (unless `keepMatrices`): what a prover keeps between
   * committing a trace and proving with it (the zkVM's segments). Openings need the
   * matrices (`attach`); the 2^levels-leaf block under each opened index is rehashed
   * (prepareOpenings).
   */
  dropLowLevels(levels: number, keepMatrices = false): MerkleCommitment {
    const keep = Math.max(0, Math.min(levels | 0, this.layers.length - 1));
    return new MerkleCommitment(this.suite, keepMatrices ? this.matrices : null, this.dims, this.layers.map((l, k) => (k < keep ? null : l)), this.lifted);
  }

  /** This commitment with its matrices given again (the same dimensions; the same values, which
   * openings check against the kept level). */
  attach(matrices: Matrix[]): MerkleCommitment {
    if (matrices.length !== this.dims.length) throw new RangeError(`attach: ${matrices.length} matrices, the commitment has ${this.dims.length}`);
    matrices.forEach((m, i) => {
      checkMatrix(m, i);
      if (m.width !== this.dims[i].width || m.height !== this.dims[i].height) {
        throw new RangeError(`attach: matrix ${i} is ${m.width}x${m.height}, committed ${this.dims[i].width}x${this.dims[i].height}`);
      }
    });
    return new MerkleCommitment(this.suite, matrices, this.dims, this.layers, this.lifted);
  }

  /**
   * Rehashes the low levels under each index (tree positions) that a capped tree will open,
   * and checks that they lead to the kept digests. Nothing to do for a full tree.
   */
  async prepareOpenings(indices: number[]): Promise<void> {
    const keep = this.keptFrom;
    if (keep === 0) return;
    if (!this.matrices) throw new Error("prepareOpenings: a capped commitment needs its matrices (attach)");
    for (const index of indices) {
      this.checkIndex(index, "prepareOpenings");
      const block = index >>> keep;
      if (this.blocks.has(block)) continue;
      const layers = await buildLayers(this.suite, this.matrices, this.maxHeight, block << keep, 1 << keep, this.lifted);
      const top = layers[keep]!;
      const kept = this.layers[keep]!.subarray(block * this.dw, (block + 1) * this.dw);
      for (let w = 0; w < this.dw; w++) {
        if (top[w] !== kept[w]) throw new Error(`prepareOpenings: block ${block} does not hash to the committed digest (the matrices attached differ from the committed ones)`);
      }
      this.blocks.set(block, layers.slice(0, keep) as Uint32Array[]);
    }
  }

  /**
   * prepareOpenings for a lifted capped tree without its matrices: `matrixAt(k)` gives
   * matrix k once (computed again, just in time); the rows the opened blocks read are
   * copied out of it and it is dropped, so only one matrix is held at a time. The blocks
   * are rehashed from those rows and checked against the kept digests, and openBatch
   * answers from them.
   */
  async prepareOpeningsStreamed(indices: number[], matrixAt: (k: number) => Promise<Matrix>): Promise<void> {
    if (!this.lifted) throw new Error("prepareOpeningsStreamed: a classic tree needs its matrices at once (attach)");
    const keep = this.keptFrom;
    const logMax = this.layers.length - 1;
    const blocks = [...new Set(indices.map((index) => (this.checkIndex(index, "prepareOpenings"), index >>> keep)))].filter((b) => !this.windows.has(b));
    if (blocks.length === 0) return;
    const windows = new Map<number, Window[]>(blocks.map((b) => [b, []]));
    for (let k = 0; k < this.dims.length; k++) {
      const m = checkedAgainst(await matrixAt(k), k, this.dims, "prepareOpeningsStreamed");
      for (const b of blocks) {
        const w = liftedWindow(m, logMax, keep, b << keep);
        windows.get(b)!.push({ ...w, cols: w.cols.map((c) => c.slice()) }); // copies: m is dropped
      }
    }
    for (const b of blocks) {
      const ws = windows.get(b)!;
      if (keep > 0) {
        const layers = [await liftedLeaves(this.suite, ws.length, async (k) => ws[k], 1 << keep)];
        for (let level = 1; level <= keep; level++) layers.push(await compressAll(this.suite, layers[level - 1], (1 << keep) >>> level));
        const kept = this.layers[keep]!.subarray(b * this.dw, (b + 1) * this.dw);
        for (let w = 0; w < this.dw; w++) {
          if (layers[keep][w] !== kept[w]) throw new Error(`prepareOpenings: block ${b} does not hash to the committed digest (the matrices given differ from the committed ones)`);
        }
        this.blocks.set(b, layers.slice(0, keep));
      }
      this.windows.set(b, ws);
    }
  }

  private checkIndex(index: number, what: string): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.maxHeight) {
      throw new RangeError(`${what}: index ${index} outside [0, ${this.maxHeight})`);
    }
  }

  openBatch(index: number): BatchOpening {
    this.checkIndex(index, "openBatch");
    const logMax = this.layers.length - 1;
    const keep = this.keptFrom;
    const windows = this.matrices ? undefined : this.windows.get(index >>> keep);
    if (!this.matrices && !windows) throw new Error("openBatch: a capped commitment needs its matrices (attach) or the index prepared (prepareOpeningsStreamed)");
    const rows = this.dims.map((d, k) => {
      const r = index >> (logMax - log2Exact(d.height, "openBatch"));
      return windows ? Uint32Array.from(windows[k].cols, (col) => col[r - windows[k].first]) : Uint32Array.from(this.matrices![k].columns, (col) => col[r]);
    });
    const low = keep > 0 ? this.blocks.get(index >>> keep) : undefined;
    if (keep > 0 && !low) throw new Error(`openBatch: index ${index} was not prepared (prepareOpenings)`);
    const path: Uint32Array[] = [];
    let i = index;
    for (let level = 0; level < logMax; level++) {
      const s = i ^ 1;
      if (level < keep) {
        const o = s - ((index >>> keep) << (keep - level)); // position inside the block at this level
        path.push(low![level].slice(o * this.dw, (o + 1) * this.dw));
      } else {
        path.push(this.layers[level]!.slice(s * this.dw, (s + 1) * this.dw));
      }
      i >>= 1;
    }
    return { rows, path };
  }

  /** Opens the row that query `index` of a 2^logDomain domain lands on (indexInTree). */
  openQuery(index: number, logDomain: number): BatchOpening {
    return this.openBatch(indexInTree(index, logDomain, this.maxHeight));
  }
}

/**
 * The levels of the tree over leaves [start, start + count) (count a power of two, start a
 * multiple of it): level k holds count >> k digests. With start 0 and count the tallest
 * height, the whole tree; otherwise the subtree of one block.
 */
async function buildLayers(suite: HashSuite, matrices: Matrix[], maxHeight: number, start: number, count: number, lifted: boolean): Promise<Uint32Array[]> {
  const logMax = log2Exact(maxHeight, "tree");
  const logCount = log2Exact(count, "block");
  const columnsOfHeight = (h: number, level: number) => {
    const a = start >>> level, len = count >>> level;
    return matrices.filter((m) => m.height === h).map((m) => (len === h ? m.columns : m.columns.map((c) => c.subarray(a, a + len))));
  };
  if (lifted) {
    const layers = [await liftedLeaves(suite, matrices.length, async (k) => liftedWindow(matrices[k], logMax, logCount, start), count)];
    for (let level = 1; level <= logCount; level++) layers.push(await compressAll(suite, layers[level - 1], count >>> level));
    return layers;
  }
  const layers = [await suite.hashLeaves(columnsOfHeight(maxHeight, 0), count)];
  for (let level = 1; level <= logMax; level++) {
    const h = maxHeight >> level;
    const len = level <= logCount ? count >>> level : 0;
    if (len === 0) break;
    let nodes = await compressAll(suite, layers[layers.length - 1], len);
    const inject = columnsOfHeight(h, level);
    if (inject.length > 0) nodes = await injectRows(suite, nodes, inject, len);
    layers.push(nodes);
  }
  return layers;
}

/** A classic tree's level with shorter matrices' rows folded in: node_i = compress(node_i, hash(row i of each)). */
async function injectRows(suite: HashSuite, nodes: Uint32Array, columns: Uint32Array[][], len: number): Promise<Uint32Array> {
  const dw = suite.digestWords;
  const hashes = await suite.hashLeaves(columns, len);
  const pairs = sharedU32(2 * len * dw);
  for (let i = 0; i < len; i++) {
    pairs.set(nodes.subarray(i * dw, (i + 1) * dw), 2 * i * dw);
    pairs.set(hashes.subarray(i * dw, (i + 1) * dw), (2 * i + 1) * dw);
  }
  return compressAll(suite, pairs, len);
}

/**
 * The leaves of a block of `count` leaves of a lifted tree (the whole tree or the block
 * under an opened index): each matrix's row digests over its window (the rows those
 * leaves read, liftedWindow), then the chain of compressions in commit
 * order, kept at the resolution of the tallest matrix so far (a shorter matrix's digest
 * and the chain before any taller one are shared by several leaves).
 */
async function liftedLeaves(suite: HashSuite, numMatrices: number, windowAt: (k: number) => Promise<Window>, count: number): Promise<Uint32Array> {
  const dw = suite.digestWords;
  let acc: Uint32Array | null = null;
  let logRes = 0; // acc holds 2^logRes digests: leaf j of the block reads acc[j >> (logCount - logRes)]
  const logCount = log2Exact(count, "block");
  let pairBuffer: Uint32Array | null = null; // reused by every link (the largest is count pairs)
  for (let k = 0; k < numMatrices; k++) {
    // the matrix is not held past this line (commitLiftedStream computes each just in time)
    const { cols, logRows } = await windowAt(k);
    const d = await suite.hashLeaves([cols], 1 << logRows);
    if (acc === null) {
      acc = d;
      logRes = logRows;
      continue;
    }
    const logNew = Math.max(logRes, logRows);
    const n = 1 << logNew;
    pairBuffer ??= sharedU32(2 * count * dw);
    const pairs = pairBuffer.subarray(0, 2 * n * dw);
    const sa = logNew - logRes, sb = logNew - logRows;
    for (let j = 0, o = 0; j < n; j++) {
      const a = (j >>> sa) * dw, b = (j >>> sb) * dw;
      for (let w = 0; w < dw; w++) pairs[o++] = acc[a + w];
      for (let w = 0; w < dw; w++) pairs[o++] = d[b + w];
    }
    acc = await compressAll(suite, pairs, n);
    logRes = logNew;
  }
  if (logRes === logCount) return acc!;
  const out = sharedU32(count * dw);
  const last = acc!, sa = logCount - logRes;
  for (let j = 0, o = 0; j < count; j++) {
    const a = (j >>> sa) * dw;
    for (let w = 0; w < dw; w++) out[o++] = last[a + w];
  }
  return out;
}

/** The rows of one matrix that the leaves of a block read in a lifted tree: 2^logRows of them from row `first`. */
type Window = { cols: Uint32Array[]; logRows: number; first: number };

/** Matrix m's window under leaves [start, start + 2^logCount) of a lifted tree of height 2^logMax (views, not copies). */
function liftedWindow(m: Matrix, logMax: number, logCount: number, start: number): Window {
  const shift = logMax - log2Exact(m.height, "lifted tree");
  const logRows = Math.max(0, logCount - shift); // rows of m under the block
  const first = start >>> shift;
  return { cols: m.columns.map((c) => c.subarray(first, first + (1 << logRows))), logRows, first };
}

/**
 * Where a query index of a domain of 2^logDomain points lands in a tree of height
 * `height` <= 2^logDomain: index >> (logDomain - log height), the rule that already maps
 * the tallest matrix's rows onto a shorter matrix's inside one tree. A commitment whose
 * tallest matrix is shorter than the query domain (a small preprocessed table beside big
 * main tables) is opened there.
 */
export function indexInTree(index: number, logDomain: number, height: number): number {
  const logH = log2Exact(height, "indexInTree");
  if (logH > logDomain) throw new RangeError(`indexInTree: tree of height 2^${logH} above the query domain 2^${logDomain}`);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** logDomain) throw new RangeError(`indexInTree: index ${index} outside [0, 2^${logDomain})`);
  return index >>> (logDomain - logH);
}

/** Concatenation of the opened rows of every matrix of height h, in commit order. */
function rowsOfHeight<T>(dims: Dims[], rows: ArrayLike<T>[], h: number): T[] {
  const out: T[] = [];
  rows.forEach((r, k) => {
    if (dims[k].height !== h) return;
    for (let i = 0; i < r.length; i++) out.push(r[i]);
  });
  return out;
}

/**
 * The checks of an opening that need no hashing: dimensions, index range, row widths,
 * canonical row values, path length and node lengths. null when it is well formed, else
 * the reason. (The values are the proof's, the sizes the key's and the shape's.)
 */
export function checkOpeningShape(digestWords: number, root: Uint32Array | null, dims: Dims[], index: number, opening: BatchOpening, capHeight = 0): string | null {
  const dw = digestWords;
  if (dims.length === 0) return "no matrices";
  if (root && root.length !== dw) return `root has ${root.length} words, expected ${dw}`;
  let maxHeight = 0;
  for (const [k, d] of dims.entries()) {
    if (!Number.isInteger(d.height) || d.height < 1 || (d.height & (d.height - 1)) !== 0) return `matrix ${k} height ${d.height} is not a power of two`;
    maxHeight = Math.max(maxHeight, d.height);
  }
  const logMax = 31 - Math.clz32(maxHeight);
  if (!Number.isInteger(index) || index < 0 || index >= maxHeight) return `index ${index} outside [0, ${maxHeight})`;
  if (opening.rows.length !== dims.length) return `${opening.rows.length} rows, expected ${dims.length}`;
  for (const [k, d] of dims.entries()) {
    if (opening.rows[k].length !== d.width) return `row ${k} has width ${opening.rows[k].length}, expected ${d.width}`;
    // The kernels reduce their input, so x and x + p would hash alike: reject non-canonical words.
    const bad = opening.rows[k].findIndex((v) => v >= P);
    if (bad >= 0) return `row ${k} value ${bad} is not a canonical field element`;
  }
  if (opening.path.length !== logMax - capHeight) return `path length ${opening.path.length}, expected ${logMax - capHeight}`;
  for (const [k, node] of opening.path.entries()) {
    if (node.length !== dw) return `path node ${k} has ${node.length} words, expected ${dw}`;
  }
  return null;
}

/**
 * The root an opening implies, over a verifier backend (prover/stark/verifier-backend.ts):
 * `rowBits` are the bits of the row index, least significant first (one per level), and
 * order each node with its sibling by a select, so the walk does not branch on the index.
 * `rows` and `path` are the opening's values as backend values; the shape is checked first
 * (checkOpeningShape). With `capHeight` c the walk stops c levels below the root and
 * returns the node there (the cap digest the index's top c bits pick).
 */
export function merkleRootWith<F, E, D>(B: VerifierBackend<F, E, D>, dims: Dims[], rowBits: F[], rows: F[][], path: D[], lifted = false, capHeight = 0): D {
  const maxHeight = Math.max(...dims.map((d) => d.height));
  const levels = 31 - Math.clz32(maxHeight) - capHeight; // walked up from the leaf
  if (lifted) {
    // the leaf chains every matrix's row digest; nothing joins on the way up
    let node = B.hashRow(rows[0]);
    for (let m = 1; m < rows.length; m++) node = B.compress(node, B.hashRow(rows[m]));
    for (let level = 0; level < levels; level++) {
      const [left, right] = B.selectDigest(rowBits[level], node, path[level]);
      node = B.compress(left, right);
    }
    return node;
  }
  let node = B.hashRow(rowsOfHeight(dims, rows, maxHeight));
  for (let level = 0; level < levels; level++) {
    const [left, right] = B.selectDigest(rowBits[level], node, path[level]);
    node = B.compress(left, right);
    const h = maxHeight >> (level + 1);
    if (dims.some((d) => d.height === h)) node = B.compress(node, B.hashRow(rowsOfHeight(dims, rows, h)));
  }
  return node;
}

/** Checks an opening against a root; null when it holds, else the reason. */
export function verifyBatch(suite: HashSuite, root: Uint32Array, dims: Dims[], index: number, opening: BatchOpening, lifted = false): string | null {
  const bad = checkOpeningShape(suite.digestWords, root, dims, index, opening);
  if (bad) return bad;
  const logMax = opening.path.length;
  let node: Uint32Array;
  try {
    const bits = Array.from({ length: logMax }, (_, i) => (index >>> i) & 1);
    node = merkleRootWith(new NativeBackend(suite), dims, bits, opening.rows.map((r) => Array.from(r)), opening.path, lifted);
  } catch (e) {
    // the suite rejects malformed digests (e.g. non-canonical words) by throwing
    return `bad path: ${(e as Error).message}`;
  }
  for (let w = 0; w < suite.digestWords; w++) if (node[w] !== root[w]) return "root mismatch";
  return null;
}

/** Size in bytes of an opening (rows plus path), 4 bytes per word. */
export function proofSize(opening: BatchOpening): number {
  let words = 0;
  for (const r of opening.rows) words += r.length;
  for (const p of opening.path) words += p.length;
  return 4 * words;
}
