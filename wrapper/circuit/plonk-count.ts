// SPDX-License-Identifier: GPL-3.0
//
// Size of a circom circuit as snarkjs PLONK sees it, from the .r1cs alone (no ptau, no
// setup): `r1csStats(file).plonkConstraints` equals the "Plonk constraints: N" line that
// `snarkjs plonk setup` prints, so you can pick the ptau power before a long setup.
//
// The counting rule re-implements `processConstraints` in snarkjs 0.7.x
// (node_modules/snarkjs/src/plonk_setup.js); no code is copied. One PLONK row per public
// signal (outputs, then public inputs), then per R1CS constraint A·B = C:
//   - A or B has no terms at all:  a sum gate over C
//   - A is only a constant k:      a sum gate over B·k − C   (likewise B constant: A·k − C)
//   - otherwise:                   a product gate over A, B, C
// A sum gate holds 3 signal terms (plus the constant), a product gate 1 term from each of
// A, B and C. Every extra term costs one addition row that folds two terms into a fresh
// wire: sum gate over m terms = max(0, m−3) + 1 rows; product gate =
// max(0, nA−1) + max(0, nB−1) + max(0, nC−1) + 1 rows. Signal 0 is the constant 1, so
// its term is the gate's constant, not a signal term.
//
// Terms are counted by PRESENCE in the file, not by value. snarkjs keeps the r1cs
// coefficients as Uint8Array field elements and tests them with `== 0n`, which is never
// true for an array, so its zero tests are no-ops: a term stored with coefficient 0 still
// counts, and when B·k − C cancels a signal the cancelled term still costs its row.
// (test/wrapper/circuit-utils.test.ts checks both against snarkjs on a hand-made r1cs.)
// So the count needs only the signal ids of each linear combination, never field
// arithmetic, and the constraints are streamed: no per-constraint objects are kept.
import fs from "node:fs";
// Both are snarkjs dependencies without type declarations.
// @ts-ignore
import { readBinFile } from "@iden3/binfileutils";
// @ts-ignore
import { readR1csHeader } from "r1csfile";

export type R1csStats = {
  /** R1CS constraints A·B = C in the file. */
  r1csConstraints: number;
  /** Rows of the snarkjs PLONK circuit (what `snarkjs plonk setup` prints). */
  plonkConstraints: number;
  /** Wires (signals) including the constant-1 wire 0. */
  wires: number;
  publicInputs: number;
  outputs: number;
  privateInputs: number;
  labels: number;
};

type R1csHeader = {
  n8: number; prime: bigint; nVars: number; nOutputs: number; nPubInputs: number;
  nPrvInputs: number; nLabels: number; nConstraints: number;
};

/** Header of an r1cs file and where its constraints section (section 2) lies. */
async function readHeader(r1csPath: string): Promise<{ header: R1csHeader; at: number; size: number }> {
  const { fd, sections } = await readBinFile(r1csPath, "r1cs", 1, 1 << 22, 1 << 24);
  try {
    // getFieldFromPrime: a stand-in field, so r1csfile does not build the wasm BN254 curve
    // (worker threads) just to read a header; we never touch coefficient values.
    const header: R1csHeader = await readR1csHeader(fd, sections, { getFieldFromPrime: (p: bigint) => ({ p }) });
    const s = sections[2];
    if (!s || s.length !== 1) throw new Error(`${r1csPath}: expected exactly one constraints section`);
    return { header, at: Number(s[0].p), size: Number(s[0].size) };
  } finally {
    await fd.close();
  }
}

/** Sequential reader over a byte range of a file, in fixed-size chunks. */
class ChunkReader {
  private buf = Buffer.alloc(1 << 22);
  private start = 0; // unread bytes are buf[start, end)
  private end = 0;
  private filePos: number;
  private fileEnd: number;
  private fd: number;

  constructor(fd: number, at: number, size: number) {
    this.fd = fd;
    this.filePos = at;
    this.fileEnd = at + size;
  }

  /** Makes at least n bytes readable at `this.pos`; throws at the end of the range. */
  need(n: number): void {
    if (this.end - this.start >= n) return;
    this.buf.copy(this.buf, 0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    while (this.end < n) {
      const want = Math.min(this.buf.length - this.end, this.fileEnd - this.filePos);
      if (want <= 0) throw new Error("r1cs: constraints section ends inside a constraint");
      const got = fs.readSync(this.fd, this.buf, this.end, want, this.filePos);
      if (got <= 0) throw new Error("r1cs: file is shorter than its constraints section");
      this.end += got;
      this.filePos += got;
    }
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.start);
    this.start += 4;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.start += n;
  }
}

/** Reads one linear combination's signal ids into `ids` (cleared first); skips the coefficients. */
function readLcIds(r: ChunkReader, n8: number, ids: Set<number>): void {
  ids.clear();
  const nTerms = r.u32();
  for (let i = 0; i < nTerms; i++) {
    ids.add(r.u32()); // a Set, because r1csfile keeps one entry per id (later ones overwrite)
    r.skip(n8);
  }
}

/** Signal terms of a linear combination: every id except 0, the constant. */
function signalTerms(ids: Set<number>): number {
  return ids.size - (ids.has(0) ? 1 : 0);
}

/** PLONK rows for a sum gate over m signal terms: 3 fit in the gate, each extra one adds a row. */
function sumRows(m: number): number {
  return Math.max(0, m - 3) + 1;
}

/** Signal terms of B·k − C (both sides' signals; cancelled ones too, see the header). */
function unionTerms(b: Set<number>, c: Set<number>): number {
  let n = signalTerms(b);
  for (const id of c) if (id !== 0 && !b.has(id)) n++;
  return n;
}

/** PLONK rows for one R1CS constraint A·B = C. */
function constraintRows(a: Set<number>, b: Set<number>, c: Set<number>): number {
  const nA = signalTerms(a);
  const nB = signalTerms(b);
  if (a.size === 0 || b.size === 0) return sumRows(signalTerms(c)); // 0·B = C: C is linear
  if (nA === 0) return sumRows(unionTerms(b, c)); // A = k: B·k − C = 0 is linear
  if (nB === 0) return sumRows(unionTerms(a, c));
  // Product gate: one term of each of A, B, C; the rest are folded in by addition rows.
  return Math.max(0, nA - 1) + Math.max(0, nB - 1) + Math.max(0, signalTerms(c) - 1) + 1;
}

/** Counts of an r1cs file, with the number of rows its snarkjs PLONK circuit will have. */
export async function r1csStats(r1csPath: string): Promise<R1csStats> {
  const { header: h, at, size } = await readHeader(r1csPath);
  let plonk = h.nOutputs + h.nPubInputs; // one row per public signal
  const fd = fs.openSync(r1csPath, "r");
  try {
    const r = new ChunkReader(fd, at, size);
    const [a, b, c] = [new Set<number>(), new Set<number>(), new Set<number>()];
    for (let i = 0; i < h.nConstraints; i++) {
      readLcIds(r, h.n8, a);
      readLcIds(r, h.n8, b);
      readLcIds(r, h.n8, c);
      plonk += constraintRows(a, b, c);
    }
  } finally {
    fs.closeSync(fd);
  }
  return {
    r1csConstraints: h.nConstraints,
    plonkConstraints: plonk,
    wires: h.nVars,
    publicInputs: h.nPubInputs,
    outputs: h.nOutputs,
    privateInputs: h.nPrvInputs,
    labels: Number(h.nLabels),
  };
}

/**
 * The smallest ptau power that `snarkjs plonk setup` accepts for this many PLONK rows:
 * the domain is the next power of two ≥ rows, and at least 2^3.
 */
export function plonkPtauPower(plonkConstraints: number): number {
  let p = 0;
  while (2 ** p < plonkConstraints) p++;
  return Math.max(3, p);
}

/**
 * The smallest ptau power that snarkjs's Groth16 setup (`zkey new`) accepts: its domain
 * holds the R1CS constraints plus one row per public signal and output, and is 2^(bit
 * length of their sum) (zkey_new.js: log2(n + public + outputs) + 1), strictly above it.
 */
export function groth16PtauPower(r1csConstraints: number, publicInputs: number, outputs = 0): number {
  const n = r1csConstraints + publicInputs + outputs;
  let p = 0;
  while (2 ** p <= n) p++;
  return p;
}
