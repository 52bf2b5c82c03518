// The events the chips are filled from: one record per retired instruction and one per
// memory-argument access, recorded by single-stepping the interpreter (so the chips see
// exactly what the emulators compute; the AIRs are the independent statement of the
// semantics). The executor never imports this file: the dependency runs chips -> riscv.
//
// Every access to a register or a memory word is an access of the memory argument
// (memory.ts): it consumes the word's previous (value, timestamp) and produces the new
// one. Timestamps are global: ts = 4·clk + slot + 1 (clk the instruction's cycle number
// in the whole run, 0 for initial values), with slots ordered as an instruction
// performs them (rs1 read, rs2 read, memory, rd write), so accesses to one word by one
// instruction still get increasing timestamps.
import { interpRun } from "../riscv/interp.ts";
import { CYCLES, type Machine } from "../riscv/machine.ts";
import { OP } from "../riscv/isa.ts";
import { SINK_REG } from "../riscv/program.ts";
import { PERM_W } from "../riscv/memory-map.ts";
import { SYS_EXIT, SYS_READ, SYS_WRITE } from "../riscv/syscalls.ts";
import { fieldsOf, programRow } from "./program.ts";

/** Access kinds: the first element of a memory-argument tuple. */
export const KIND_REG = 0;
/** A read-only memory word (code, read-only data, the input). Stores cannot reach it. */
export const KIND_RO = 1;
/** A writable memory word (data, bss, stack, heap). */
export const KIND_RW = 2;

export const SLOT_RS1 = 0;
export const SLOT_RS2 = 1;
export const SLOT_MEM = 2;
export const SLOT_RD = 3;

/** The largest run the timestamps allow: 4·cycles + 4 must stay below 2^29 (memory.ts
 * range-checks timestamp differences in 29 bits). */
export const MAX_RUN_CYCLES = (1 << 27) - 2;

export function timestamp(clk: number, slot: number): number {
  return 4 * clk + slot + 1;
}

/** A growable struct-of-arrays column. */
class Column {
  data: Uint32Array;
  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = v;
  }
}

/** One retired instruction. The decoded fields are the program table's (rd = 32 for
 * an instruction that writes x0: such writes go to a sink register nobody reads). */
export interface InstructionEvents {
  count: number;
  clk: Uint32Array;
  pc: Uint32Array;
  op: Uint32Array;
  rd: Uint32Array;
  rs1: Uint32Array;
  rs2: Uint32Array;
  /** The immediate as a 32-bit pattern (0 where the program table has none). */
  imm: Uint32Array;
  /** The program table's target field (branches and JAL). */
  target: Uint32Array;
  nextPc: Uint32Array;
  /** Accesses of instruction i: [accessStart[i], accessStart[i + 1]). */
  accessStart: Uint32Array;
}

/** One memory-argument access. For a read, before = after. */
export interface AccessEvents {
  count: number;
  kind: Uint32Array;
  addr: Uint32Array;
  slot: Uint32Array;
  before: Uint32Array;
  after: Uint32Array;
  prevTs: Uint32Array;
  ts: Uint32Array;
}

export interface SegmentEvents {
  instructions: InstructionEvents;
  accesses: AccessEvents;
}

/** The last (value, timestamp) of every word the run touched so far, across segments:
 * what the final-memory table consumes at the end of the run. */
export class MemoryState {
  /** key = kind · 2^32 + address */
  readonly value = new Map<number, number>();
  readonly ts = new Map<number, number>();
}

const key = (kind: number, addr: number) => kind * 4294967296 + addr;

/** Called after instruction `index` (op `op`) ran; see EventRecorder. */
export type ForgeHook = (index: number, op: number, machine: Machine) => void;

export class EventRecorder {
  readonly state = new MemoryState();
  private ins!: Record<keyof Omit<InstructionEvents, "count">, Column>;
  private acc!: Record<keyof Omit<AccessEvents, "count">, Column>;
  private nIns = 0;
  private nAcc = 0;
  private clk = 0;

  private readonly machine: Machine;
  private readonly forge: ForgeHook | undefined;

  /** `forge` is for tests only (an "evil prover"): it may change the machine's state
   * right after an instruction ran, before its effects are recorded, so the events
   * carry a wrong result and every later instruction consistently builds on it. */
  constructor(machine: Machine, forge?: ForgeHook) {
    this.machine = machine;
    this.forge = forge;
  }

  /**
   * Runs `cycles` instructions of the machine (fewer if it halts, or once `full` says so
   * after an instruction: it gets the op and the number of accesses the instruction made)
   * and returns their events.
   */
  recordSegment(cycles: number, full?: (op: number, accesses: number) => boolean): SegmentEvents {
    const m = this.machine;
    const mk = (n: number) => new Column(n);
    this.ins = { clk: mk(cycles), pc: mk(cycles), op: mk(cycles), rd: mk(cycles), rs1: mk(cycles), rs2: mk(cycles), imm: mk(cycles), target: mk(cycles), nextPc: mk(cycles), accessStart: mk(cycles + 1) };
    this.acc = { kind: mk(3 * cycles), addr: mk(3 * cycles), slot: mk(3 * cycles), before: mk(3 * cycles), after: mk(3 * cycles), prevTs: mk(3 * cycles), ts: mk(3 * cycles) };
    this.nIns = 0;
    this.nAcc = 0;
    for (let i = 0; i < cycles && !m.halted; i++) {
      const accBefore = this.nAcc;
      const op = this.step();
      if (full?.(op, this.nAcc - accBefore)) break;
    }
    this.ins.accessStart.set(this.nIns, this.nAcc);
    const take = <T extends Record<string, Column>>(cols: T, n: number) =>
      Object.fromEntries(Object.entries(cols).map(([k, c]) => [k, c.data.subarray(0, k === "accessStart" ? n + 1 : n)]));
    const events = {
      instructions: { count: this.nIns, ...take(this.ins, this.nIns) } as unknown as InstructionEvents,
      accesses: { count: this.nAcc, ...take(this.acc, this.nAcc) } as unknown as AccessEvents,
    };
    // the buffers belong to the returned events alone (freed with them, not at the next segment)
    this.ins = undefined!;
    this.acc = undefined!;
    return events;
  }

  private access(kind: number, addr: number, slot: number, after: number | null): number {
    const k = key(kind, addr);
    const before = this.state.value.get(k) ?? this.initialValue(kind, addr);
    const prevTs = this.state.ts.get(k) ?? 0;
    const ts = timestamp(this.clk, slot);
    const a = this.acc, n = this.nAcc++;
    a.kind.set(n, kind); a.addr.set(n, addr); a.slot.set(n, slot); a.before.set(n, before);
    a.after.set(n, after ?? before); a.prevTs.set(n, prevTs); a.ts.set(n, ts);
    this.state.value.set(k, after ?? before);
    this.state.ts.set(k, ts);
    return before;
  }

  /** A word's value before the run touched it: registers 0, memory from the machine. */
  private initialValue(kind: number, addr: number): number {
    return kind === KIND_REG ? 0 : this.machine.mem.w32[addr >>> 2] >>> 0;
  }

  private memKind(addr: number): number {
    const r = this.machine.mem.regionAt(addr);
    return r && r.perm & PERM_W ? KIND_RW : KIND_RO;
  }

  private step(): number {
    const m = this.machine, p = m.program;
    const pc = m.pc;
    const slotIdx = (pc - p.codeStart) >>> 2;
    // An instruction no chip proves (illegal, ebreak) faults in the emulator below.
    const [, op, rd, rs1, rs2, immLo, immHi, target] = slotIdx < p.codeWords && fieldsOf(p.code[slotIdx] & 63) ? programRow(p, slotIdx) : [pc, 0, 0, 0, 0, 0, 0, 0];
    const imm = (immLo | (immHi << 16)) >>> 0;
    const n = this.nIns++;
    const I = this.ins;
    I.clk.set(n, this.clk); I.pc.set(n, pc); I.op.set(n, op); I.rd.set(n, rd); I.target.set(n, target);
    I.rs1.set(n, rs1); I.rs2.set(n, rs2); I.imm.set(n, imm); I.accessStart.set(n, this.nAcc);
    const regsBefore = m.regs.slice(0, 33);
    // Memory words the instruction may touch, read before it runs.
    const memAddr = op >= OP.LB && op <= OP.SW ? ((regsBefore[rs1] + (imm | 0)) & ~3) >>> 0 : 0;
    const memBefore = memAddr ? m.mem.w32[memAddr >>> 2] >>> 0 : 0;
    const sysBefore = op === OP.ECALL ? this.syscallWordsBefore(regsBefore) : null;
    interpRun(m, m.counts[CYCLES] + 1);
    this.forge?.(n, op, m);
    I.nextPc.set(n, m.halted ? pc : m.pc);
    if (op === OP.ECALL) this.recordSyscall(regsBefore, sysBefore!);
    else this.recordOperands(op, rd, rs1, rs2, memAddr, memBefore);
    this.clk++;
    return op;
  }

  /** Register reads as the program table names them, the memory word of a load or
   * store, then the rd write (FENCE writes 0 to the sink register). */
  private recordOperands(op: number, rd: number, rs1: number, rs2: number, memAddr: number, memBefore: number): void {
    const m = this.machine;
    const use = fieldsOf(op)!;
    if (use.rs1) this.access(KIND_REG, rs1, SLOT_RS1, null);
    if (use.rs2) this.access(KIND_REG, rs2, SLOT_RS2, null);
    if (op >= OP.LB && op <= OP.SW) {
      const kind = this.memKind(memAddr);
      const k = key(kind, memAddr);
      if (!this.state.value.has(k)) this.state.value.set(k, memBefore);
      this.access(kind, memAddr, SLOT_MEM, op >= OP.SB ? m.mem.w32[memAddr >>> 2] >>> 0 : null);
    }
    if (use.rd) this.access(KIND_REG, rd, SLOT_RD, op === OP.FENCE ? 0 : m.regs[rd] >>> 0);
  }

  /** Syscall buffers: the words a hint read writes (their values before). */
  private syscallWordsBefore(regs: Int32Array): Map<number, number> {
    const words = new Map<number, number>();
    const n = regs[17], a1 = regs[11] >>> 0, a2 = regs[12] >>> 0;
    if (n === SYS_READ) {
      // The words the read writes: those of [a1, a1 + count), count = the hint bytes it
      // will take (none for count 0); syscall-read-words.ts proves exactly these.
      const count = Math.min(a2, this.machine.hints.length - this.machine.hintPos);
      for (let a = a1 & ~3; count > 0 && a < a1 + count; a += 4) words.set(a >>> 0, this.machine.mem.w32[a >>> 2] >>> 0);
    } else if (n === SYS_EXIT && a1 !== 0) {
      for (let i = 0; i < 8; i++) words.set(a1 + 4 * i, this.machine.mem.w32[(a1 >>> 2) + i] >>> 0);
    }
    return words;
  }

  /** The accesses of an ecall, in the order the syscall chip makes them (syscall.ts). */
  private recordSyscall(regs: Int32Array, words: Map<number, number>): void {
    const m = this.machine;
    const n = regs[17];
    this.access(KIND_REG, 17, SLOT_RS1, null);
    this.access(KIND_REG, 10, SLOT_RS2, null);
    this.access(KIND_REG, 11, SLOT_RS1, null);
    this.access(KIND_REG, 12, SLOT_RS1, null);
    for (const [addr, before] of words) {
      const kind = this.memKind(addr);
      const k = key(kind, addr);
      if (!this.state.value.has(k)) this.state.value.set(k, before);
      this.access(kind, addr, SLOT_MEM, n === SYS_READ ? m.mem.w32[addr >>> 2] >>> 0 : null);
    }
    if (n !== SYS_EXIT) this.access(KIND_REG, 10, SLOT_RD, m.regs[10] >>> 0);
  }
}

export { SINK_REG, SYS_EXIT, SYS_READ, SYS_WRITE };
