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

// CSR numbers a guest is likely to touch (RISC-V privileged spec, table 2.2-2.5).
const CSR_NAMES: Record<number, string> = {
  0x001: "fflags", 0x002: "frm", 0x003: "fcsr", 0xc00: "cycle", 0xc01: "time", 0xc02: "instret",
  0xc80: "cycleh", 0xc81: "timeh", 0xc82: "instreth", 0xb00: "mcycle", 0xb02: "minstret",
  0x300: "mstatus", 0x305: "mtvec", 0x341: "mepc", 0x342: "mcause", 0xf14: "mhartid",
};
const CSR_OPS = ["", "csrrw", "csrrs", "csrrc", "", "csrrwi", "csrrsi", "csrrci"];
const COUNTER_PSEUDO: Record<number, string> = {
  0xc00: "rdcycle", 0xc01: "rdtime", 0xc02: "rdinstret", 0xc80: "rdcycleh", 0xc81: "rdtimeh", 0xc82: "rdinstreth",
};

/** A CSR instruction as objdump writes it ("csrrs a0, cycle, zero = rdcycle a0"). */
function csrText(word: number): string {
  const f3 = (word >>> 12) & 7, csr = word >>> 20, rd = ABI_NAMES[(word >>> 7) & 31], src = (word >>> 15) & 31;
  const name = CSR_NAMES[csr] ?? hex(csr, 3);
  const text = `${CSR_OPS[f3]} ${rd}, ${name}, ${f3 >= 5 ? String(src) : ABI_NAMES[src]}`;
  const pseudo = f3 === 2 && src === 0 ? COUNTER_PSEUDO[csr] : undefined;
  return pseudo ? `${text} = ${pseudo} ${rd}` : text;
}

const FP_OPCODES = new Set([0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53]);

/** What an illegal word is, when it belongs to an extension RV32IM lacks; "" when it
 * is simply a reserved encoding. */
export function illegalReason(word: number): string {
  const opcode = word & 0x7f, f3 = (word >>> 12) & 7;
  if (word === 0) return "all-zero memory, not code";
  if ((word & 3) !== 3) return "a compressed (C extension) instruction; build with -march=rv32im";
  if (opcode === 0x73 && f3 !== 0 && f3 !== 4) {
    return `a CSR instruction (${csrText(word)}); RV32IM has no CSRs, so there is no cycle or time counter to read (the host reports cycles)`;
  }
  if (opcode === 0x73) return "a privileged or reserved SYSTEM instruction; guests only have ecall";
  if (FP_OPCODES.has(opcode)) return "a floating-point instruction; RV32IM has no F or D extension: build with -march=rv32im -mabi=ilp32 (soft float)";
  if (opcode === 0x2f) return "an atomic (A extension) instruction; build with -march=rv32im";
  return "";
}
