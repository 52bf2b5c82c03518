// The program table: every decoded instruction of the ELF's executable segments as
// preprocessed columns (so the VK commits to the exact code), with a main multiplicity
// column counting how often each one ran. Instruction fetch is a lookup into it
// (gadgets.ts evalInstruction).
//
// Fields an instruction does not use are 0, so chips pass constants for them:
//   rd     the destination; 32 (a sink register nobody reads) when it is x0; 0 when the
//          instruction writes no register
//   rs1, rs2  the source registers it reads, else 0
//   immLo, immHi  the immediate as a 32-bit pattern, for ops that add it to a value
//   target the absolute jump target pc + imm of a branch or JAL, or UNREACHABLE when
//          that address cannot hold code (outside 32 bits, or past p)
import { defineAir } from "../air/builder.ts";
import { P } from "../field/babybear.ts";
import { OP } from "../riscv/isa.ts";
import { SINK_REG, type Program } from "../riscv/program.ts";
import { BUS_PROGRAM } from "./buses.ts";
import { logRowsFor } from "./layout.ts";

export const PROGRAM_FIELDS = ["pc", "op", "rd", "rs1", "rs2", "immLo", "immHi", "target"] as const;

/** A value no program counter takes: code lies below 2^29. */
export const UNREACHABLE = P - 1;

export const programAir = defineAir({
  name: "rv32.program",
  main: ["mult"],
  preprocessed: PROGRAM_FIELDS,
  build(b) {
    b.receive(BUS_PROGRAM, PROGRAM_FIELDS.map((f) => b.prep[f].cur), b.main.mult.cur, { lookupTable: true });
  },
});

export type Fields = { rd: boolean; rs1: boolean; rs2: boolean; imm: boolean; target: boolean };

export function fieldsOf(op: number): Fields | null {
  const f = (rd: boolean, rs1: boolean, rs2: boolean, imm: boolean, target = false): Fields => ({ rd, rs1, rs2, imm, target });
  if (op === OP.LUI || op === OP.AUIPC) return f(true, false, false, true);
  if (op === OP.JAL) return f(true, false, false, false, true);
  if (op === OP.JALR) return f(true, true, false, true);
  if (op >= OP.BEQ && op <= OP.BGEU) return f(false, true, true, false, true);
  if (op >= OP.LB && op <= OP.LHU) return f(true, true, false, true);
  if (op >= OP.SB && op <= OP.SW) return f(false, true, true, true);
  if (op >= OP.ADDI && op <= OP.SRAI) return f(true, true, false, true);
  if ((op >= OP.ADD && op <= OP.AND) || (op >= OP.MUL && op <= OP.REMU)) return f(true, true, true, false);
  if (op === OP.ECALL) return f(false, false, false, false);
  if (op === OP.FENCE) return f(true, false, false, false); // proven as a no-op writing the sink
  return null; // illegal, ebreak, not code: never proven
}

/** The preprocessed columns: one row per provable instruction, padded with zero rows. */
export function programColumns(p: Program): Uint32Array[] {
  const rows: number[][] = [];
  for (let i = 0; i < p.codeWords; i++) {
    const c = p.code[i];
    const op = c & 63;
    const f = fieldsOf(op);
    if (!f) continue;
    rows.push(programRow(p, i));
  }
  const n = 1 << logRowsFor(rows.length);
  const cols = PROGRAM_FIELDS.map(() => new Uint32Array(n));
  rows.forEach((r, i) => r.forEach((v, k) => (cols[k][i] = v)));
  return cols;
}

/** The program-table row of code slot i: [pc, op, rd, rs1, rs2, immLo, immHi, target]. */
export function programRow(p: Program, i: number): number[] {
  const c = p.code[i];
  const op = c & 63;
  const f = fieldsOf(op);
  if (!f) throw new Error(`no chip proves the instruction at 0x${(p.codeStart + 4 * i).toString(16)}`);
  const pc = p.codeStart + 4 * i;
  const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
  const imm = p.imm[i] >>> 0;
  const t = pc + (p.imm[i] | 0);
  const target = t >= 0 && t < 2 ** 29 ? t : UNREACHABLE;
  return [
    pc, op,
    f.rd ? (op === OP.FENCE ? SINK_REG : rd) : 0,
    f.rs1 ? rs1 : 0, f.rs2 ? rs2 : 0,
    f.imm ? imm & 0xffff : 0, f.imm ? imm >>> 16 : 0,
    f.target ? target : 0,
  ];
}

/** The multiplicity column: how often each program row ran. */
export function programMultiplicities(prep: Uint32Array[], pcs: Uint32Array): Uint32Array {
  const pcCol = prep[0];
  const n = pcCol.length;
  const rowOf = new Map<number, number>();
  for (let i = 0; i < n; i++) if (pcCol[i] !== 0) rowOf.set(pcCol[i], i);
  const mult = new Uint32Array(n);
  for (const pc of pcs) {
    const r = rowOf.get(pc);
    if (r === undefined) throw new Error(`pc 0x${pc.toString(16)} ran but is not a provable instruction of the program`);
    mult[r]++;
  }
  return mult;
}
