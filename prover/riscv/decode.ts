// RV32IM instruction decoder (RISC-V unprivileged spec, chapters 2 and 7). Strict: an
// encoding the spec reserves (funct fields, shamt[5] on RV32, CSR and privileged
// instructions, compressed forms) decodes to ILLEGAL. FENCE ignores its reserved
// fields, as the spec asks.
import { OP } from "./isa.ts";

export interface Decoded {
  op: number;
  rd: number;
  rs1: number;
  rs2: number;
  imm: number;
}

const BRANCH_OPS = [OP.BEQ, OP.BNE, -1, -1, OP.BLT, OP.BGE, OP.BLTU, OP.BGEU];
const LOAD_OPS = [OP.LB, OP.LH, OP.LW, -1, OP.LBU, OP.LHU, -1, -1];
const STORE_OPS = [OP.SB, OP.SH, OP.SW, -1, -1, -1, -1, -1];
const OPIMM_OPS = [OP.ADDI, -1, OP.SLTI, OP.SLTIU, OP.XORI, -1, OP.ORI, OP.ANDI];
const OP_OPS = [OP.ADD, OP.SLL, OP.SLT, OP.SLTU, OP.XOR, OP.SRL, OP.OR, OP.AND];
const MULDIV_OPS = [OP.MUL, OP.MULH, OP.MULHSU, OP.MULHU, OP.DIV, OP.DIVU, OP.REM, OP.REMU];

export function decode(w: number): Decoded {
  const rd = (w >>> 7) & 31, rs1 = (w >>> 15) & 31, rs2 = (w >>> 20) & 31;
  const f3 = (w >>> 12) & 7, f7 = w >>> 25;
  const iImm = w >> 20;
  const r = (op: number, imm = 0): Decoded => ({ op: op < 0 ? OP.ILLEGAL : op, rd, rs1, rs2, imm });
  switch (w & 0x7f) {
    case 0x37: return r(OP.LUI, w & 0xfffff000);
    case 0x17: return r(OP.AUIPC, w & 0xfffff000);
    case 0x6f: return r(OP.JAL, jImm(w));
    case 0x67: return r(f3 === 0 ? OP.JALR : -1, iImm);
    case 0x63: return r(BRANCH_OPS[f3], bImm(w));
    case 0x03: return r(LOAD_OPS[f3], iImm);
    case 0x23: return r(STORE_OPS[f3], sImm(w));
    case 0x13:
      if (f3 === 1) return r(f7 === 0 ? OP.SLLI : -1, rs2);
      if (f3 === 5) return r(f7 === 0 ? OP.SRLI : f7 === 0x20 ? OP.SRAI : -1, rs2);
      return r(OPIMM_OPS[f3], iImm);
    case 0x33:
      if (f7 === 0) return r(OP_OPS[f3]);
      if (f7 === 1) return r(MULDIV_OPS[f3]);
      if (f7 === 0x20) return r(f3 === 0 ? OP.SUB : f3 === 5 ? OP.SRA : -1);
      return r(-1);
    case 0x0f: return r(f3 === 0 ? OP.FENCE : -1);
    case 0x73:
      if (w === 0x00000073) return r(OP.ECALL);
      if (w === 0x00100073) return r(OP.EBREAK);
      return r(-1);
    default: return r(-1);
  }
}

function jImm(w: number): number {
  return ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
}

function bImm(w: number): number {
  return ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
}

function sImm(w: number): number {
  return ((w >> 25) << 5) | ((w >>> 7) & 31);
}
