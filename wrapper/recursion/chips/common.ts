// What every recursion chip shares: the memory bus (README.md, "Memory"), the padded
// table height, and the shape of a chip (its AIR, its preprocessed columns from the
// program, its main columns from the program and the memory).
//
// Bus `recursion.mem`, tuple (addr, v0, v1, v2, v3):
//   a write SENDS its block with multiplicity = the address's read count (program.reads,
//     a preprocessed column declared in [0, READ_CAP]);
//   a read RECEIVES with multiplicity = the row's preprocessed isReal (declared [0, 1]);
//     a base operand is read as (addr, v, 0, 0, 0) with literal zeros.
// The preprocessed columns are built by setupRecursion from a program that
// tables.ts validateProgram accepted, so the ranges declared on them hold by
// construction (the key commits to them; the prover cannot change them).
// Padding rows are all zero: isReal = 0 and read count 0, so they touch no bus, and every
// constraint of every chip holds on a zero row.
import type { AirBuilder, ExprLike } from "../../../prover/air/builder.ts";
import type { CompiledAir } from "../../../prover/air/types.ts";
import { MIN_LOG_ROWS } from "../../../prover/chips/layout.ts";
import { READ_CAP, type RecursionProgram } from "../program.ts";

export const BUS_MEM = "recursion.mem";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Builder = AirBuilder<any, any, any, any>;

/** A preprocessed multiplicity: a read flag (max 1) or a write's read count (max READ_CAP). */
export function flag(b: Builder, e: ExprLike): ExprLike {
  b.declareRange(e, 1);
  return e;
}
export function readCount(b: Builder, e: ExprLike): ExprLike {
  b.declareRange(e, READ_CAP);
  return e;
}

/** Receives a base value (addr, v, 0, 0, 0). */
export function readBase(b: Builder, addr: ExprLike, v: ExprLike, isReal: ExprLike): void {
  b.receive(BUS_MEM, [addr, v, 0, 0, 0], isReal);
}
/** Receives a block (addr, v0..v3). */
export function readBlock(b: Builder, addr: ExprLike, v: ExprLike[], isReal: ExprLike): void {
  b.receive(BUS_MEM, [addr, ...v], isReal);
}
/** Sends a block with the address's read count. */
export function writeBlock(b: Builder, addr: ExprLike, v: ExprLike[], reads: ExprLike): void {
  b.send(BUS_MEM, [addr, ...v], reads);
}

/** Rows of a table holding `n` operations: a power of two, at least 2^MIN_LOG_ROWS. */
export function tableRows(n: number): number {
  let rows = 1 << MIN_LOG_ROWS;
  while (rows < n) rows <<= 1;
  return rows;
}

export function columns(count: number, rows: number): Uint32Array[] {
  return Array.from({ length: count }, () => new Uint32Array(rows));
}

/**
 * A recursion chip. `air` may depend on the program (the public chip's AIR carries the
 * program's number of public values); every other chip has one AIR for all programs.
 */
export type RecursionChip = {
  name: string;
  air(p: RecursionProgram): CompiledAir;
  /** Operations of this chip's kind in the program (its used rows). */
  count(p: RecursionProgram): number;
  /** Preprocessed columns, padded: from the program alone (the key). */
  preprocessed(p: RecursionProgram): Uint32Array[];
  /** Main columns, padded: from the program and every address's block (4 words each). */
  main(p: RecursionProgram, memory: Uint32Array): Uint32Array[];
};

/** Copies the 4 words of addr's block into cols[first..first+3] at row r. */
export function putBlock(cols: Uint32Array[], first: number, r: number, memory: Uint32Array, addr: number): void {
  for (let j = 0; j < 4; j++) cols[first + j][r] = memory[4 * addr + j];
}
