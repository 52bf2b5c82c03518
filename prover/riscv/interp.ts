// The RV32IM interpreter: one switch over pre-decoded instructions. The hot loop keeps
// pc and the cycle count in locals, reads registers from one Int32Array (x0 is never
// written: rd = 0 was decoded as the sink register 32) and allocates nothing per
// instruction. Loads and stores pay one stamp compare for the minimal trace (memory.ts).
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from "./alu.ts";
import { OP } from "./isa.ts";
import { CLASS_BASE, CYCLES, type Machine } from "./machine.ts";
import { syscall } from "./syscalls.ts";

/** Runs until `until` cycles have retired in total, or the guest halts. */
export function interpRun(m: Machine, until: number): void {
  const p = m.program, code = p.code, imm = p.imm, base = p.codeStart, n = p.codeWords;
  const r = m.regs, mem = m.mem, counts = m.counts;
  const w32 = mem.w32, u8 = mem.u8, i8 = mem.i8, u16 = mem.u16, i16 = mem.i16, st = mem.stamp;
  const tag = mem.tag;
  let pc = m.pc, cyc = counts[CYCLES], prev = m.lastPc;
  while (cyc < until) {
    const i = (pc - base) >>> 2;
    if (i >= n || (pc & 3) !== 0) {
      sync(m, pc, cyc, prev);
      throw m.fetchError(pc);
    }
    const c = code[i], k = imm[i];
    const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
    let npc = pc + 4;
    switch (c & 63) {
      case OP.LUI: r[rd] = k; break;
      case OP.AUIPC: r[rd] = (pc + k) | 0; break;
      case OP.JAL: r[rd] = npc; npc = (pc + k) >>> 0; break;
      case OP.JALR: { const t = ((r[rs1] + k) & -2) >>> 0; r[rd] = npc; npc = t; break; }
      case OP.BEQ: if (r[rs1] === r[rs2]) npc = (pc + k) >>> 0; break;
      case OP.BNE: if (r[rs1] !== r[rs2]) npc = (pc + k) >>> 0; break;
      case OP.BLT: if (r[rs1] < r[rs2]) npc = (pc + k) >>> 0; break;
      case OP.BGE: if (r[rs1] >= r[rs2]) npc = (pc + k) >>> 0; break;
      case OP.BLTU: if (r[rs1] >>> 0 < r[rs2] >>> 0) npc = (pc + k) >>> 0; break;
      case OP.BGEU: if (r[rs1] >>> 0 >= r[rs2] >>> 0) npc = (pc + k) >>> 0; break;
      case OP.LB: case OP.LBU: case OP.LH: case OP.LHU: case OP.LW: {
        const a = (r[rs1] + k) | 0, op = c & 63;
        const align = op === OP.LW ? 3 : op === OP.LH || op === OP.LHU ? 1 : 0;
        if ((a & align) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, false); }
        const w = a >>> 2;
        if ((st[w] | 1) !== tag && !mem.firstRead(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, false); }
        r[rd] = op === OP.LW ? w32[w] : op === OP.LBU ? u8[a] : op === OP.LB ? i8[a] : op === OP.LHU ? u16[a >>> 1] : i16[a >>> 1];
        break;
      }
      case OP.SB: case OP.SH: case OP.SW: {
        const a = (r[rs1] + k) | 0, op = c & 63;
        const align = op === OP.SW ? 3 : op === OP.SH ? 1 : 0;
        if ((a & align) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, true); }
        const w = a >>> 2;
        if (st[w] !== tag && !mem.firstWrite(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, true); }
        if (op === OP.SW) w32[w] = r[rs2];
        else if (op === OP.SB) u8[a] = r[rs2];
        else u16[a >>> 1] = r[rs2];
        break;
      }
      case OP.ADDI: r[rd] = (r[rs1] + k) | 0; break;
      case OP.SLTI: r[rd] = r[rs1] < k ? 1 : 0; break;
      case OP.SLTIU: r[rd] = r[rs1] >>> 0 < k >>> 0 ? 1 : 0; break;
      case OP.XORI: r[rd] = r[rs1] ^ k; break;
      case OP.ORI: r[rd] = r[rs1] | k; break;
      case OP.ANDI: r[rd] = r[rs1] & k; break;
      case OP.SLLI: r[rd] = r[rs1] << k; break;
      case OP.SRLI: r[rd] = r[rs1] >>> k; break;
      case OP.SRAI: r[rd] = r[rs1] >> k; break;
      case OP.ADD: r[rd] = (r[rs1] + r[rs2]) | 0; break;
      case OP.SUB: r[rd] = (r[rs1] - r[rs2]) | 0; break;
      case OP.SLL: r[rd] = r[rs1] << r[rs2]; break; // JS shifts use the low 5 bits, as RV32 does
      case OP.SLT: r[rd] = r[rs1] < r[rs2] ? 1 : 0; break;
      case OP.SLTU: r[rd] = r[rs1] >>> 0 < r[rs2] >>> 0 ? 1 : 0; break;
      case OP.XOR: r[rd] = r[rs1] ^ r[rs2]; break;
      case OP.SRL: r[rd] = r[rs1] >>> r[rs2]; break;
      case OP.SRA: r[rd] = r[rs1] >> r[rs2]; break;
      case OP.OR: r[rd] = r[rs1] | r[rs2]; break;
      case OP.AND: r[rd] = r[rs1] & r[rs2]; break;
      case OP.FENCE: break;
      case OP.MUL: r[rd] = Math.imul(r[rs1], r[rs2]); break;
      case OP.MULH: r[rd] = mulh(r[rs1], r[rs2]); break;
      case OP.MULHSU: r[rd] = mulhsu(r[rs1], r[rs2]); break;
      case OP.MULHU: r[rd] = mulhu(r[rs1], r[rs2]); break;
      case OP.DIV: r[rd] = div(r[rs1], r[rs2]); break;
      case OP.DIVU: r[rd] = divu(r[rs1], r[rs2]); break;
      case OP.REM: r[rd] = rem(r[rs1], r[rs2]); break;
      case OP.REMU: r[rd] = remu(r[rs1], r[rs2]); break;
      case OP.ECALL: {
        sync(m, pc, cyc, prev);
        npc = syscall(m, pc);
        break;
      }
      default: sync(m, pc, cyc, prev); throw m.trapError(pc); // illegal, ebreak, not code
    }
    counts[CLASS_BASE + (c >>> 29)]++;
    cyc++;
    prev = pc;
    if (npc < 0) { // halted: pc stays at the ecall
      npc = pc;
      break;
    }
    pc = npc;
  }
  sync(m, pc, cyc, prev);
}

function sync(m: Machine, pc: number, cyc: number, prev: number): void {
  m.pc = pc;
  m.counts[CYCLES] = cyc;
  m.lastPc = prev;
}
