// The RV32IM interpreter: one switch over pre-decoded instructions. The hot loop keeps
// pc and the cycle count in locals, reads registers from one Int32Array (x0 is never
// written: rd = 0 was decoded as the sink register 32) and allocates nothing per
// instruction. Loads and stores pay one stamp compare for the minimal trace (memory.ts).
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from "./alu.ts";
import { CLASS, OP } from "./isa.ts";
import { CLASS_BASE, CYCLES, type Machine } from "./machine.ts";
import { syscall } from "./syscalls.ts";

// Case labels must be module-local constants: V8 folds them into a jump table, but
// not property loads such as OP.ADD (measured: about 30% slower).
const {
  LUI, AUIPC, JAL, JALR, BEQ, BNE, BLT, BGE, BLTU, BGEU, LB, LH, LW, LBU, LHU, SB, SH,
  SW, ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI, ADD, SUB, SLL, SLT, SLTU,
  XOR, SRL, SRA, OR, AND, FENCE, ECALL, MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
} = OP;

/** What the fast emulator (jit.ts) asks of the interpreter when it runs cold code:
 * count the times control reaches a slot after a branch, jump or ecall (seen[slot],
 * saturating at 255),
 * and stop there when that slot starts translated code it wants to run (stop[slot] >= 0). */
export interface TierHooks {
  seen: Uint8Array;
  stop: Int32Array;
}

/** Runs until `until` cycles have retired in total, or the guest halts (or, with
 * hooks, control reaches translated code). */
export function interpRun(m: Machine, until: number, hooks: TierHooks | null = null): void {
  const p = m.program, code = p.code, imm = p.imm, base = p.codeStart, n = p.codeWords;
  const seen = hooks === null ? null : hooks.seen, stop = hooks === null ? null : hooks.stop;
  const r = m.regs, mem = m.mem, counts = m.counts;
  const w32 = mem.w32, u8 = mem.u8, i8 = mem.i8, u16 = mem.u16, i16 = mem.i16, st = mem.stamp;
  const tag = mem.tag;
  let pc = m.pc, cyc = counts[CYCLES], prev = m.lastPc;
  if (m.halted) return;
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
      case LUI: r[rd] = k; break;
      case AUIPC: r[rd] = (pc + k) | 0; break;
      case JAL: r[rd] = npc; npc = (pc + k) >>> 0; break;
      case JALR: { const t = ((r[rs1] + k) & -2) >>> 0; r[rd] = npc; npc = t; break; }
      case BEQ: if (r[rs1] === r[rs2]) npc = (pc + k) >>> 0; break;
      case BNE: if (r[rs1] !== r[rs2]) npc = (pc + k) >>> 0; break;
      case BLT: if (r[rs1] < r[rs2]) npc = (pc + k) >>> 0; break;
      case BGE: if (r[rs1] >= r[rs2]) npc = (pc + k) >>> 0; break;
      case BLTU: if (r[rs1] >>> 0 < r[rs2] >>> 0) npc = (pc + k) >>> 0; break;
      case BGEU: if (r[rs1] >>> 0 >= r[rs2] >>> 0) npc = (pc + k) >>> 0; break;
      case LW: {
        const a = (r[rs1] + k) | 0;
        if ((a & 3) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, false); }
        const w = a >>> 2;
        if ((st[w] | 1) !== tag && !mem.firstRead(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, false); }
        r[rd] = w32[w];
        break;
      }
      case LH: case LHU: {
        const a = (r[rs1] + k) | 0;
        if ((a & 1) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, false); }
        const w = a >>> 2;
        if ((st[w] | 1) !== tag && !mem.firstRead(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, false); }
        r[rd] = (c & 63) === LH ? i16[a >>> 1] : u16[a >>> 1];
        break;
      }
      case LB: case LBU: {
        const a = (r[rs1] + k) | 0, w = a >>> 2;
        if ((st[w] | 1) !== tag && !mem.firstRead(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, false); }
        r[rd] = (c & 63) === LB ? i8[a] : u8[a];
        break;
      }
      case SW: {
        const a = (r[rs1] + k) | 0;
        if ((a & 3) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, true); }
        const w = a >>> 2;
        if (st[w] !== tag && !mem.firstWrite(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, true); }
        w32[w] = r[rs2];
        break;
      }
      case SH: {
        const a = (r[rs1] + k) | 0;
        if ((a & 1) !== 0) { sync(m, pc, cyc, prev); throw m.misalignedError(pc, a, true); }
        const w = a >>> 2;
        if (st[w] !== tag && !mem.firstWrite(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, true); }
        u16[a >>> 1] = r[rs2];
        break;
      }
      case SB: {
        const a = (r[rs1] + k) | 0, w = a >>> 2;
        if (st[w] !== tag && !mem.firstWrite(w)) { sync(m, pc, cyc, prev); throw m.accessError(pc, a, true); }
        u8[a] = r[rs2];
        break;
      }
      case ADDI: r[rd] = (r[rs1] + k) | 0; break;
      case SLTI: r[rd] = r[rs1] < k ? 1 : 0; break;
      case SLTIU: r[rd] = r[rs1] >>> 0 < k >>> 0 ? 1 : 0; break;
      case XORI: r[rd] = r[rs1] ^ k; break;
      case ORI: r[rd] = r[rs1] | k; break;
      case ANDI: r[rd] = r[rs1] & k; break;
      case SLLI: r[rd] = r[rs1] << k; break;
      case SRLI: r[rd] = r[rs1] >>> k; break;
      case SRAI: r[rd] = r[rs1] >> k; break;
      case ADD: r[rd] = (r[rs1] + r[rs2]) | 0; break;
      case SUB: r[rd] = (r[rs1] - r[rs2]) | 0; break;
      case SLL: r[rd] = r[rs1] << r[rs2]; break; // JS shifts use the low 5 bits, as RV32 does
      case SLT: r[rd] = r[rs1] < r[rs2] ? 1 : 0; break;
      case SLTU: r[rd] = r[rs1] >>> 0 < r[rs2] >>> 0 ? 1 : 0; break;
      case XOR: r[rd] = r[rs1] ^ r[rs2]; break;
      case SRL: r[rd] = r[rs1] >>> r[rs2]; break;
      case SRA: r[rd] = r[rs1] >> r[rs2]; break;
      case OR: r[rd] = r[rs1] | r[rs2]; break;
      case AND: r[rd] = r[rs1] & r[rs2]; break;
      case FENCE: break;
      case MUL: r[rd] = Math.imul(r[rs1], r[rs2]); break;
      case MULH: r[rd] = mulh(r[rs1], r[rs2]); break;
      case MULHSU: r[rd] = mulhsu(r[rs1], r[rs2]); break;
      case MULHU: r[rd] = mulhu(r[rs1], r[rs2]); break;
      case DIV: r[rd] = div(r[rs1], r[rs2]); break;
      case DIVU: r[rd] = divu(r[rs1], r[rs2]); break;
      case REM: r[rd] = rem(r[rs1], r[rs2]); break;
      case REMU: r[rd] = remu(r[rs1], r[rs2]); break;
      case ECALL: {
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
    if (seen !== null && c >>> 29 >= CLASS.BRANCH) { // a block ended (classes BRANCH, SYSCALL)
      const next = (pc - base) >>> 2;
      if (next < n) {
        if (seen[next] !== 255) seen[next]++;
        if (stop![next] >= 0) break;
      }
    }
  }
  // Not sync(): V8 deoptimised this function at that call again and again ("insufficient
  // type feedback for call") in a fresh process where it is called once a chunk.
  m.pc = pc;
  counts[CYCLES] = cyc;
  m.lastPc = prev;
}

function sync(m: Machine, pc: number, cyc: number, prev: number): void {
  m.pc = pc;
  m.counts[CYCLES] = cyc;
  m.lastPc = prev;
}
