// The RV32IM instruction chips, in a fixed order (part of the verifying key), and the
// ops each proves. run-tables.ts composes them with the program, byte and memory tables
// into the proofs of a run.
import type { CompiledAir } from "../air/types.ts";
import type { ByteTableCounter } from "./byte-table.ts";
import { aluArithAir, aluArithTrace, ALU_ARITH_OPS } from "./alu-arith.ts";
import { syscallAir, syscallTrace, SYSCALL_OPS } from "./syscall.ts";
import { loadStoreAir, loadStoreTrace, LOAD_STORE_OPS } from "./load-store.ts";
import { branchAir, branchTrace, BRANCH_OPS } from "./branch.ts";
import { syscallReadAir, syscallReadTrace, SYSCALL_READ_OPS, isHintRead } from "./syscall-read.ts";
import { readWordsAir, readWordsTrace } from "./syscall-read-words.ts";
import { aluBitwiseAir, aluBitwiseTrace, ALU_BITWISE_OPS } from "./alu-bitwise.ts";
import { shiftAir, shiftTrace, SHIFT_OPS } from "./shift.ts";
import { muldivAir, muldivTrace, MULDIV_OPS } from "./muldiv.ts";
import type { SegmentEvents } from "./events.ts";
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

/** Version of the chip set: part of every program's VK. 2: segment tables reordered
 * (run-tables.ts SEGMENT_CHIP_ORDER) and every proof of a run lifted (stark/lifting.ts). */
export const CHIP_SET_VERSION = 2;
