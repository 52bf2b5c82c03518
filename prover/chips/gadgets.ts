// Reusable pieces of the RV32IM chips. Each gadget comes as a pair: `columns` (the names
// it adds to a chip's layout), an `eval` that states its constraints and bus
// interactions in the AIR DSL, and a `fill` that writes its cells from the events.
//
// Words travel on the buses as two 16-bit limbs (lo, hi). Invariant: every value a chip
// writes to the memory bus has range-checked limbs, so every value read from it has too.
import type { AirBuilder, Expr, ExprLike } from "../air/builder.ts";
import { BUS_EXEC, BUS_MEMORY, BUS_PROGRAM, BUS_RANGE16 } from "./buses.ts";
import { timestamp, SLOT_RD, SLOT_RS1, SLOT_RS2, type AccessEvents, type SegmentEvents } from "./events.ts";
import type { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Builder = AirBuilder<any, any, any, any>;
export type Limbs = [ExprLike, ExprLike];

export const lo16 = (v: number) => v & 0xffff;
export const hi16 = (v: number) => v >>> 16;

/** Main column `name` at the current row. */
export function cur(b: Builder, name: string): Expr {
  const c = b.main[name];
  if (!c) throw new Error(`no main column '${name}'`);
  return c.cur;
}

/** v in [0, 2^16), counted `mult` times. */
export function range16(b: Builder, v: ExprLike, mult: ExprLike): void {
  b.send(BUS_RANGE16, [v], mult);
}

/**
 * v · 2^(16 - bits) in [0, 2^16). This proves v < 2^bits only for a v already known to
 * be a small integer (a range16-checked limb, or a register limb): on its own a field
 * element t / 2^(16 - bits) passes too. Pair it with range16(v) unless v is known small,
 * or unless v is only ever used multiplied by a multiple of 2^(16 - bits).
 */
export function rangeBits(b: Builder, v: ExprLike, bits: number, mult: ExprLike): void {
  range16(b, bits === 16 ? v : b.mul(v, 1 << (16 - bits)), mult);
}

// ---------------------------------------------------------------- memory access

/** Columns of one access: the previous timestamp and the 16 + 13 bit split of
 * ts - prevTs - 1; a write also holds the previous value. */
export function accessColumns(prefix: string, write: boolean): string[] {
  const cols = [`${prefix}.prevTs`, `${prefix}.dLo`, `${prefix}.dHi`];
  return write ? [...cols, `${prefix}.prevLo`, `${prefix}.prevHi`] : cols;
}

export type AccessSpec = {
  prefix: string;
  kind: ExprLike;
  addr: ExprLike;
  clk: ExprLike;
  slot: number;
  /** The value after the access (for a read, the value read). */
  value: Limbs;
  write: boolean;
  mult: ExprLike;
};

/**
 * One access of the memory argument: consumes (kind, addr, prev, prevTs), produces
 * (kind, addr, value, ts) with ts = 4·clk + slot + 1 > prevTs. The difference is
 * range-checked in 29 bits (16 + 13), which is sound while every timestamp is below
 * 2^29 (events.ts, MAX_RUN_CYCLES) and so below p.
 */
export function evalAccess(b: Builder, s: AccessSpec): void {
  const c = (n: string) => cur(b, `${s.prefix}.${n}`);
  const ts = b.add(b.mul(s.clk, 4), s.slot + 1);
  const prev: Limbs = s.write ? [c("prevLo"), c("prevHi")] : s.value;
  b.receive(BUS_MEMORY, [s.kind, s.addr, prev[0], prev[1], c("prevTs")], s.mult);
  b.send(BUS_MEMORY, [s.kind, s.addr, s.value[0], s.value[1], ts], s.mult);
  const diff = b.sub(b.sub(ts, c("prevTs")), 1);
  b.assertZero(b.mul(s.mult, b.sub(diff, b.add(c("dLo"), b.mul(c("dHi"), 1 << 16)))), `${s.prefix} timestamp split`);
  range16(b, c("dLo"), s.mult);
  rangeBits(b, c("dHi"), 13, s.mult);
}

/** Fills the access columns at `row` from access event `i`, counting its lookups. */
export function fillAccess(t: ChipTrace, prefix: string, row: number, acc: AccessEvents, i: number, write: boolean, lookups: ByteTableCounter): void {
  const d = acc.ts[i] - acc.prevTs[i] - 1;
  lookups.range16(d & 0xffff);
  lookups.rangeBits(d >>> 16, 13);
  t.col(`${prefix}.prevTs`)[row] = acc.prevTs[i];
  t.col(`${prefix}.dLo`)[row] = d & 0xffff;
  t.col(`${prefix}.dHi`)[row] = d >>> 16;
  if (write) {
    t.col(`${prefix}.prevLo`)[row] = lo16(acc.before[i]);
    t.col(`${prefix}.prevHi`)[row] = hi16(acc.before[i]);
  }
}

/** Access event of instruction `ins` in `slot` (and, for several in one slot, its
 * address), or -1. */
export function findAccess(acc: AccessEvents, start: number, end: number, slot: number, addr?: number): number {
  for (let i = start; i < end; i++) if (acc.slot[i] === slot && (addr === undefined || acc.addr[i] === addr)) return i;
  return -1;
}

export { timestamp };

/** The accesses of a register-register or register-immediate instruction: rs1 read, rs2
 * read (-1 for an immediate form), rd write. */
export function registerAccesses(ev: SegmentEvents, i: number): { ia: number; ib: number; id: number } {
  const A = ev.accesses, s0 = ev.instructions.accessStart[i], s1 = ev.instructions.accessStart[i + 1];
  return { ia: findAccess(A, s0, s1, SLOT_RS1), ib: findAccess(A, s0, s1, SLOT_RS2), id: findAccess(A, s0, s1, SLOT_RD) };
}

/** Row r's core cells (pc, clk, rd, rs1, rs2) from instruction i, and its op flag. */
export function fillRegisterInstruction(t: ChipTrace, r: number, ev: SegmentEvents, i: number, flag: string): void {
  const I = ev.instructions;
  t.col("pc")[r] = I.pc[i]; t.col("clk")[r] = I.clk[i]; t.col("rd")[r] = I.rd[i];
  t.col("rs1")[r] = I.rs1[i]; t.col("rs2")[r] = I.rs2[i]; t.col(flag)[r] = 1;
}

// ---------------------------------------------------------------- instruction core

/** The columns every instruction row has. */
export const CORE_COLUMNS = ["pc", "clk"];

export type ProgramFields = {
  op: ExprLike;
  rd: ExprLike;
  rs1: ExprLike;
  rs2: ExprLike;
  immLo: ExprLike;
  immHi: ExprLike;
  target: ExprLike;
};

/**
 * Fetch and control flow of one instruction: looks the instruction up in the program
 * table, consumes the execution state (pc, clk) and produces (nextPc, clk + 1). Fields
 * an instruction does not use are 0 in the program table (program.ts), so a chip
 * passes the constant 0 for them. `nextMult` differs from `mult` only for exit, which
 * ends the chain (the verifier consumes the exit statement instead).
 */
export function evalInstruction(b: Builder, f: ProgramFields, nextPc: ExprLike, mult: ExprLike, nextMult: ExprLike = mult): void {
  const pc = cur(b, "pc"), clk = cur(b, "clk");
  b.send(BUS_PROGRAM, [pc, f.op, f.rd, f.rs1, f.rs2, f.immLo, f.immHi, f.target], mult);
  b.receive(BUS_EXEC, [pc, clk], mult);
  b.send(BUS_EXEC, [nextPc, b.add(clk, 1)], nextMult);
}

/** One-hot op flags: each 0/1 and at most one set; returns their sum, the row's `real`
 * (1 on an instruction row, 0 on padding). */
export function evalOneHotOps(b: Builder, flags: readonly string[]): Expr {
  for (const fl of flags) b.assertBool(cur(b, fl), `${fl} is 0/1`);
  const real = flagSum(b, flags);
  b.assertBool(real, "one op per row");
  return real;
}

/** Sum of flag columns. */
export function flagSum(b: Builder, names: readonly string[]): Expr {
  return b.sum(...names.map((n) => cur(b, n)));
}

/** Σ flag_i · value_i. */
export function flagSelect(b: Builder, pairs: Array<[string, ExprLike]>): Expr {
  return b.sum(...pairs.map(([n, v]) => b.mul(cur(b, n), v)));
}
