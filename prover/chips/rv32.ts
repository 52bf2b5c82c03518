// The RV32IM chip set: the tables of one proof of a run, in a fixed order, and how a
// run's events are dispatched to them. setup.ts builds the keys from this list; the
// order is part of the verifying key.
import type { CompiledAir } from "../air/types.ts";
import type { Program } from "../riscv/program.ts";
import { OP_NAMES } from "../riscv/isa.ts";
import { programAir, programColumns, programMultiplicities } from "./program.ts";
import { byteTableAir, byteTableColumns, ByteTableCounter } from "./byte-table.ts";
import { memoryImageAir, memoryImageColumns, memoryImageMain } from "./memory-image.ts";
import { memoryDynamicAir, memoryDynamicTrace } from "./memory-dynamic.ts";
import { aluArithAir, aluArithTrace, ALU_ARITH_OPS } from "./alu-arith.ts";
import { syscallAir, syscallTrace, SYSCALL_OPS } from "./syscall.ts";
import { loadStoreAir, loadStoreTrace, LOAD_STORE_OPS } from "./load-store.ts";
import { branchAir, branchTrace, BRANCH_OPS } from "./branch.ts";
import { syscallReadAir, syscallReadTrace, SYSCALL_READ_OPS, isHintRead } from "./syscall-read.ts";
import { readWordsAir, readWordsTrace } from "./syscall-read-words.ts";
import { aluBitwiseAir, aluBitwiseTrace, ALU_BITWISE_OPS } from "./alu-bitwise.ts";
import { shiftAir, shiftTrace, SHIFT_OPS } from "./shift.ts";
import { muldivAir, muldivTrace, MULDIV_OPS } from "./muldiv.ts";
import type { MemoryState, SegmentEvents } from "./events.ts";
import type { ChipTrace } from "./layout.ts";

/** An instruction chip: the ops it proves and its trace generator. A chip with
 * `accepts` takes only the rows of its ops it accepts, ahead of the chips without one
 * (the hint read takes the ecalls with a7 = 63 from the syscall chip). A chip with no
 * ops gets no rows and builds its trace from the events itself (a read's buffer words). */
export interface InstructionChip {
  air: CompiledAir;
  ops: readonly number[];
  trace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace;
  accepts?(ev: SegmentEvents, i: number): boolean;
}

export const INSTRUCTION_CHIPS: InstructionChip[] = [
  { air: aluArithAir, ops: ALU_ARITH_OPS, trace: aluArithTrace },
  { air: syscallAir, ops: SYSCALL_OPS, trace: syscallTrace },
  { air: loadStoreAir, ops: LOAD_STORE_OPS, trace: loadStoreTrace },
  { air: branchAir, ops: BRANCH_OPS, trace: branchTrace },
  { air: syscallReadAir, ops: SYSCALL_READ_OPS, trace: syscallReadTrace, accepts: isHintRead },
  { air: readWordsAir, ops: [], trace: readWordsTrace },
  { air: aluBitwiseAir, ops: ALU_BITWISE_OPS, trace: aluBitwiseTrace },
  { air: shiftAir, ops: SHIFT_OPS, trace: shiftTrace },
  { air: muldivAir, ops: MULDIV_OPS, trace: muldivTrace },
];

/** Version of the chip set: part of every program's VK. */
export const CHIP_SET_VERSION = 1;

/** Table order: program, bytes, memory image, dynamic memory, then the instruction chips. */
export const RV32_AIRS: CompiledAir[] = [programAir, byteTableAir, memoryImageAir, memoryDynamicAir, ...INSTRUCTION_CHIPS.map((c) => c.air)];

/** The preprocessed columns of each table (null where it has none). */
export function rv32Preprocessed(program: Program): Array<Uint32Array[] | null> {
  return [programColumns(program), byteTableColumns(), memoryImageColumns(program), null, ...INSTRUCTION_CHIPS.map(() => null)];
}

/** Main traces of every table for a whole run given as one segment of events. */
export function rv32Traces(prep: Array<Uint32Array[] | null>, ev: SegmentEvents, state: MemoryState, input: Uint8Array): Uint32Array[][] {
  const lookups = new ByteTableCounter();
  const chipOf = new Map<number, number>();
  const pickyOf = new Map<number, number[]>();
  INSTRUCTION_CHIPS.forEach((c, k) => c.ops.forEach((op) => (c.accepts ? pickyOf.set(op, [...(pickyOf.get(op) ?? []), k]) : chipOf.set(op, k))));
  const rows: number[][] = INSTRUCTION_CHIPS.map(() => []);
  const I = ev.instructions;
  for (let i = 0; i < I.count; i++) {
    const k = pickyOf.get(I.op[i])?.find((j) => INSTRUCTION_CHIPS[j].accepts!(ev, i)) ?? chipOf.get(I.op[i]);
    if (k === undefined) throw new Error(`no chip proves ${OP_NAMES[I.op[i]]} (pc 0x${I.pc[i].toString(16)}) yet`);
    rows[k].push(i);
  }
  const chips = INSTRUCTION_CHIPS.map((c, k) => c.trace(ev, rows[k], lookups).cols);
  const dynamic = memoryDynamicTrace(state, input, lookups).cols;
  const program = [programMultiplicities(prep[0]!, I.pc.subarray(0, I.count))];
  const image = memoryImageMain(prep[2]!, state);
  return [program, lookups.main(), image, dynamic, ...chips];
}
