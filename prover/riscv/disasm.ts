// A small RV32IM disassembler for error messages ("lw a0, 1(t0)"), with ABI register
// names as objdump prints them.
import { decode } from "./decode.ts";
import { OP, OP_NAMES } from "./isa.ts";
import { hex } from "./errors.ts";

export const ABI_NAMES = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];

export function disassemble(word: number, pc: number): string {
  const d = decode(word);
  const n = OP_NAMES[d.op];
  const rd = ABI_NAMES[d.rd], rs1 = ABI_NAMES[d.rs1], rs2 = ABI_NAMES[d.rs2];
  const op = d.op;
  if (op === OP.ILLEGAL) return `illegal instruction ${hex(word)}`;
  if (op === OP.ECALL || op === OP.EBREAK || op === OP.FENCE) return n;
  if (op === OP.LUI || op === OP.AUIPC) return `${n} ${rd}, ${hex(d.imm >>> 12, 1)}`;
  if (op === OP.JAL) return `jal ${rd}, ${hex(pc + d.imm)}`;
  if (op === OP.JALR || (op >= OP.LB && op <= OP.LHU)) return `${n} ${rd}, ${d.imm}(${rs1})`;
  if (op >= OP.BEQ && op <= OP.BGEU) return `${n} ${rs1}, ${rs2}, ${hex(pc + d.imm)}`;
  if (op >= OP.SB && op <= OP.SW) return `${n} ${rs2}, ${d.imm}(${rs1})`;
  if (op >= OP.ADDI && op <= OP.SRAI) return `${n} ${rd}, ${rs1}, ${d.imm}`;
  return `${n} ${rd}, ${rs1}, ${rs2}`;
}
