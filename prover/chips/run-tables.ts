// The tables of a run's proofs. A run is proved as several STARK proofs under one shared
// bus challenge (prover/zkvm/prove.ts):
//   one SEGMENT proof per segment: program table (this segment's fetch counts), byte
//     table (its lookups), the instruction chips (its instructions);
//   one MEMORY proof for the run: the memory image and dynamic-memory tables (every
//     word's first and last token) with a byte table for their range checks; its
//     dynamic table carries the statement as public values.
// No table balances its buses alone; all proofs of a run together with the statement's
// tokens do (statement.ts).
import type { CompiledAir } from "../air/types.ts";
import type { Program } from "../riscv/program.ts";
import { OP_NAMES } from "../riscv/isa.ts";
import { programAir, programColumns, programMultiplicities } from "./program.ts";
import { byteTableAir, byteTableColumns, ByteTableCounter } from "./byte-table.ts";
import { memoryImageAir, memoryImageColumns, memoryImageMain } from "./memory-image.ts";
import { memoryDynamicAir, memoryDynamicTrace } from "./memory-dynamic.ts";
import { INSTRUCTION_CHIPS } from "./rv32.ts";
import type { MemoryState, SegmentEvents } from "./events.ts";

/**
 * The instruction chips in segment-table order. Segment proofs are lifted
 * (prover/stark/lifting.ts): a Merkle leaf chains every table's row digest in table order,
 * and a table's link is computed once per row of the tallest table before it, so tables
 * that are usually short come first and the byte table (2^16 rows in every segment) last.
 */
const SEGMENT_CHIP_ORDER = ["rv32.syscall", "rv32.syscall-read", "rv32.syscall-read-words", "rv32.muldiv", "rv32.branch",
  "rv32.load-store", "rv32.shift", "rv32.alu-bitwise", "rv32.alu-arith"].map((name) => {
  const k = INSTRUCTION_CHIPS.findIndex((c) => c.air.name === name);
  if (k < 0) throw new Error(`run-tables: no instruction chip '${name}'`);
  return k;
});
if (SEGMENT_CHIP_ORDER.length !== INSTRUCTION_CHIPS.length) throw new Error("run-tables: every instruction chip needs a place in SEGMENT_CHIP_ORDER");

export const SEGMENT_AIRS: CompiledAir[] = [...SEGMENT_CHIP_ORDER.map((k) => INSTRUCTION_CHIPS[k].air), programAir, byteTableAir];
/** Indices of the program and byte tables in a segment proof. */
export const PROGRAM_TABLE = SEGMENT_CHIP_ORDER.length;
export const SEGMENT_BYTES_TABLE = PROGRAM_TABLE + 1;
export const MEMORY_AIRS: CompiledAir[] = [memoryImageAir, memoryDynamicAir, byteTableAir];
/** Index of the table carrying the statement in the memory proof. */
export const STATEMENT_TABLE = 1;

export type Preprocessed = Array<Uint32Array[] | null>;

export function segmentPreprocessed(program: Program): Preprocessed {
  return [...SEGMENT_CHIP_ORDER.map(() => null), programColumns(program), byteTableColumns()];
}

export function memoryPreprocessed(program: Program): Preprocessed {
  return [memoryImageColumns(program), null, byteTableColumns()];
}

/** Main traces of a segment's tables. */
export function segmentTraces(prep: Preprocessed, ev: SegmentEvents): Uint32Array[][] {
  const lookups = new ByteTableCounter();
  // Chips with `accepts` get first pick of their ops' rows (rv32.ts InstructionChip).
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
  const program = [programMultiplicities(prep[PROGRAM_TABLE]!, I.pc.subarray(0, I.count))];
  return [...SEGMENT_CHIP_ORDER.map((k) => chips[k]), program, lookups.main()];
}

/** Main traces of the memory proof's tables, from the run's final memory state. */
export function memoryTraces(prep: Preprocessed, state: MemoryState, input: Uint8Array): Uint32Array[][] {
  const lookups = new ByteTableCounter();
  const dynamic = memoryDynamicTrace(state, input, lookups).cols;
  return [memoryImageMain(prep[0]!, state), dynamic, lookups.main()];
}
