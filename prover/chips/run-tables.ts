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

export const SEGMENT_AIRS: CompiledAir[] = [programAir, byteTableAir, ...INSTRUCTION_CHIPS.map((c) => c.air)];
export const MEMORY_AIRS: CompiledAir[] = [memoryImageAir, memoryDynamicAir, byteTableAir];
/** Index of the table carrying the statement in the memory proof. */
export const STATEMENT_TABLE = 1;

export type Preprocessed = Array<Uint32Array[] | null>;

export function segmentPreprocessed(program: Program): Preprocessed {
  return [programColumns(program), byteTableColumns(), ...INSTRUCTION_CHIPS.map(() => null)];
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
  const program = [programMultiplicities(prep[0]!, I.pc.subarray(0, I.count))];
  return [program, lookups.main(), ...chips];
}

/** Main traces of the memory proof's tables, from the run's final memory state. */
export function memoryTraces(prep: Preprocessed, state: MemoryState, input: Uint8Array): Uint32Array[][] {
  const lookups = new ByteTableCounter();
  const dynamic = memoryDynamicTrace(state, input, lookups).cols;
  return [memoryImageMain(prep[0]!, state), dynamic, lookups.main()];
}
