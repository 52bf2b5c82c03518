// The recursion table set: one table per chip, in a fixed order, that together prove a
// recursion program ran (like prover/chips/run-tables.ts for RV32IM runs). Every table's
// preprocessed columns come from the program alone (so the STARK key pins it); the main
// columns come from the program and the memory the reference interpreter (run.ts)
// computes. The tables balance the memory bus among themselves; the public chip's
// (index, value) pairs are balanced by the verifier (prove.ts).
import type { CompiledAir } from "../../prover/air/types.ts";
import type { TableTrace } from "../../prover/stark/index.ts";
import {
  OpKind, OP_KIND_NAMES, READ_CAP, WITNESS_BASE_LANES, SELECT_BASE_LANES, BASE_DOT_TERMS, AluOp, POSEIDON2_WIDTH, BITS_PER_DECOMPOSITION, readsOf, writesOf, type RecursionProgram,
} from "./program.ts";
import { tableRows, type RecursionChip } from "./chips/common.ts";
import { constChip } from "./chips/const.ts";
import { witnessChip } from "./chips/witness.ts";
import { witnessBaseChip } from "./chips/witness-base.ts";
import { baseAluChip } from "./chips/base-alu.ts";
import { extAluChip } from "./chips/ext-alu.ts";
import { extFmaChip } from "./chips/ext-fma.ts";
import { baseDotChip } from "./chips/base-dot.ts";
import { invChip } from "./chips/inv.ts";
import { assertEqChip } from "./chips/assert-eq.ts";
import { selectChip } from "./chips/select.ts";
import { selectBaseChip } from "./chips/select-base.ts";
import { bitsChip } from "./chips/bits.ts";
import { publicChip } from "./chips/public.ts";
import { anchorChip } from "./chips/anchor.ts";
import { poseidon2Air, poseidon2Main, poseidon2Preprocessed } from "./chips/poseidon2.ts";

/** The Poseidon2 chip (chips/poseidon2.ts, one permutation per row) as a table of the set. */
const poseidon2Chip: RecursionChip = {
  name: "poseidon2",
  air: () => poseidon2Air,
  count: (p) => p.poseidon2.input.length / POSEIDON2_WIDTH,
  preprocessed: (p) => poseidon2Preprocessed(p),
  main: (p, memory) => poseidon2Main(p, memory),
};

/**
 * The chips in table order: by the height they usually have in a kit's programs, shortest
 * first, and the anchor (the tallest) last. A lifted tree chains the tables' row digests
 * in this order, one compression per leaf at the resolution of the tallest table so far
 * (prover/merkle/mmcs.ts), so a short table after a tall one costs as much as the tall
 * one: this order saves the prover about a third of its hashing on lifts and joins. The
 * order is the same for every key (one join program verifies them all). The public
 * chip's table carries the public values.
 */
export const RECURSION_CHIPS: readonly RecursionChip[] = [
  publicChip, bitsChip, constChip, invChip, witnessChip, assertEqChip, baseAluChip, selectBaseChip, baseDotChip, poseidon2Chip, witnessBaseChip, extAluChip, extFmaChip, selectChip, anchorChip,
];
export const PUBLIC_TABLE = RECURSION_CHIPS.indexOf(publicChip);

export class RecursionProgramError extends Error {}

/**
 * Refuses a program the chips cannot prove as the interpreter would run it: every
 * address written exactly once, read only after its write (so the dataflow has no cycle
 * and the values are determined by the witness), read exactly program.reads[addr] ≤
 * READ_CAP times, opcodes and flags in range.
 * The chips' soundness rests on this (the key is only ever made for such a program).
 */
export function validateProgram(p: RecursionProgram): void {
  const bad = (m: string): never => {
    throw new RecursionProgramError(`recursion program: ${m}`);
  };
  const same = (what: string, n: number, ...cols: ArrayLike<number>[]) => {
    if (cols.some((c) => c.length !== n)) bad(`${what} columns differ in length`);
  };
  same("witness", p.witness.out.length);
  if (!Number.isInteger(p.witnessBase.out.length / WITNESS_BASE_LANES)) bad(`witness-base columns are not ${WITNESS_BASE_LANES} per row`);
  same("const", p.const.out.length, p.const.value.subarray(0, p.const.out.length), { length: p.const.value.length / 4 });
  same("base-alu", p.baseAlu.out.length, p.baseAlu.opcode, p.baseAlu.a, p.baseAlu.b);
  same("ext-alu", p.extAlu.out.length, p.extAlu.opcode, p.extAlu.a, p.extAlu.b);
  same("ext-fma", p.extFma.out.length, p.extFma.a, p.extFma.b, p.extFma.c);
  same("base-dot", p.baseDot.out.length, p.baseDot.acc);
  same("base-dot", BASE_DOT_TERMS * p.baseDot.out.length, p.baseDot.v, p.baseDot.c);
  same("inv", p.inv.out.length, p.inv.ext, p.inv.a);
  same("assert-eq", p.assertEq.a.length, p.assertEq.b);
  same("select", p.select.bit.length, p.select.a, p.select.b, p.select.out0, p.select.out1);
  const sb = p.selectBase, lanes = { length: SELECT_BASE_LANES * sb.bit.length };
  same("select-base", lanes.length, sb.a, sb.b, sb.out0, sb.out1);
  same("bits", p.bits.a.length, { length: p.bits.out.length / BITS_PER_DECOMPOSITION });
  const np2 = p.poseidon2.input.length / POSEIDON2_WIDTH;
  if (!Number.isInteger(np2) || p.poseidon2.output.length !== p.poseidon2.input.length) bad("poseidon2 columns are not 16 per row");
  if (!Number.isInteger(p.numAddrs) || p.numAddrs < 0) bad(`numAddrs ${p.numAddrs}`);
  if (p.anchorLogRows !== undefined && !(Number.isInteger(p.anchorLogRows) && p.anchorLogRows >= 0 && p.anchorLogRows <= 22)) bad(`anchorLogRows ${p.anchorLogRows}`);
  if (p.reads.length !== p.numAddrs) bad(`${p.reads.length} read counts for ${p.numAddrs} addresses`);
  const written = new Uint8Array(p.numAddrs);
  const reads = new Uint32Array(p.numAddrs);
  const seen = OP_KIND_NAMES.map(() => 0);
  const rowsOf = (kind: number) => {
    switch (kind) {
      case OpKind.Const: return p.const.out.length;
      case OpKind.Witness: return p.witness.out.length;
      case OpKind.WitnessBase: return p.witnessBase.out.length / WITNESS_BASE_LANES;
      case OpKind.BaseAlu: return p.baseAlu.out.length;
      case OpKind.ExtAlu: return p.extAlu.out.length;
      case OpKind.ExtFma: return p.extFma.out.length;
      case OpKind.BaseDot: return p.baseDot.out.length;
      case OpKind.Inv: return p.inv.out.length;
      case OpKind.AssertEq: return p.assertEq.a.length;
      case OpKind.Select: return p.select.bit.length;
      case OpKind.SelectBase: return p.selectBase.bit.length;
      case OpKind.Bits: return p.bits.a.length;
      case OpKind.Poseidon2: return np2;
      case OpKind.Public: return p.public.a.length;
      default: return bad(`unknown operation kind ${kind}`);
    }
  };
  const steps = p.order.kind.length;
  if (p.order.row.length !== steps) bad("order columns differ in length");
  const done = OP_KIND_NAMES.map((_, k) => new Uint8Array(rowsOf(k)));
  for (let s = 0; s < steps; s++) {
    const kind = p.order.kind[s] as OpKind, row = p.order.row[s];
    const where = `step ${s} (${OP_KIND_NAMES[kind] ?? kind} #${row})`;
    if (!(row >= 0 && row < rowsOf(kind))) bad(`${where}: no such row`);
    if (done[kind][row]) bad(`${where}: runs twice`);
    done[kind][row] = 1;
    seen[kind]++;
    for (const a of readsOf(p, kind, row)) {
      if (!(a >= 0 && a < p.numAddrs) || !written[a]) bad(`${where}: reads address ${a} before it is written`);
      reads[a]++;
    }
    for (const a of writesOf(p, kind, row)) {
      if (!(a >= 0 && a < p.numAddrs)) bad(`${where}: writes address ${a}, outside memory`);
      if (written[a]) bad(`${where}: writes address ${a} a second time`);
      written[a] = 1;
    }
    if ((kind === OpKind.BaseAlu || kind === OpKind.ExtAlu)) {
      const op = (kind === OpKind.BaseAlu ? p.baseAlu : p.extAlu).opcode[row];
      if (op !== AluOp.Add && op !== AluOp.Sub && op !== AluOp.Mul) bad(`${where}: opcode ${op}`);
    }
    if (kind === OpKind.Inv && p.inv.ext[row] > 1) bad(`${where}: ext flag ${p.inv.ext[row]}`);
  }
  seen.forEach((c, k) => {
    if (c !== rowsOf(k)) bad(`${rowsOf(k)} ${OP_KIND_NAMES[k]} rows, ${c} of them in the order`);
  });
  for (let a = 0; a < p.numAddrs; a++) {
    if (!written[a]) bad(`address ${a} is never written`);
    if (reads[a] !== p.reads[a]) bad(`address ${a} is read ${reads[a]} times, the program says ${p.reads[a]}`);
    if (reads[a] > READ_CAP) bad(`address ${a} is read ${reads[a]} times, over READ_CAP ${READ_CAP}`);
  }
  for (let r = 0; r < p.const.value.length; r++) if (p.const.value[r] >= 2013265921) bad(`const word ${r} is not canonical`);
}

/** The chips of the table set, in table order. */
export function recursionChips(): readonly RecursionChip[] {
  return RECURSION_CHIPS;
}

export function recursionAirs(p: RecursionProgram): CompiledAir[] {
  return recursionChips().map((c) => c.air(p));
}

/** Every table's preprocessed columns (validate the program first). */
export function recursionPreprocessed(p: RecursionProgram): Uint32Array[][] {
  return recursionChips().map((c) => c.preprocessed(p));
}

/** Every table's main trace and public values, from the program and its memory. */
export function recursionTraces(p: RecursionProgram, memory: Uint32Array, publicValues: Uint32Array): TableTrace[] {
  return recursionChips().map((c, t) => ({
    main: c.main(p, memory),
    publicValues: t === PUBLIC_TABLE ? publicValues : new Uint32Array(0),
  }));
}

/** Rows used and padded per table, for reports. */
export function recursionShape(p: RecursionProgram): Array<{ chip: string; ops: number; rows: number }> {
  return recursionChips().map((c) => {
    const ops = c.count(p);
    return { chip: c.name, ops, rows: tableRows(ops) };
  });
}
