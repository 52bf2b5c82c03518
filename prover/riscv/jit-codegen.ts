// Translation of one code region into the body of a JavaScript function, for the
// fast emulator (jit.ts). A region is a run of code slots (one or a few guest
// functions, see jit-regions.ts); its basic blocks that have run become the cases of
// one `switch` inside a `for (;;)` loop, in address order, so that falling through to
// the next block is falling through to the next case. A jump to a block of the same
// region (a return address included) is `b = id; continue loop`; a block that
// branches to itself is a plain JS loop; a direct call into another translated region
// calls its function and goes on when it returns here; anything else (ecalls, faults,
// the cycle budget, code not translated) leaves with the next pc.
//
// Why regions and not one function per block: V8 optimises a function once it runs
// hot, and a loop inside one function gets on-stack replacement; with thousands of
// tiny block functions most never left the bytecode interpreter and the time went
// into the JavaScript dispatch loop between them (issue 10's profile). A block's
// registers live in JS locals from its start to its end, where the ones it wrote go
// back to the register file: a call or an exit then costs only that block's
// registers (whole-region locals made every call in libc-heavy code pay for ~25).
//
// Accounting matches the interpreter at every exit: `n` counts the instructions
// retired in this call (a block adds its length on entry, an early exit subtracts
// what did not run), the class counters are locals flushed at the exit.
import { endsBlock, OP, OP_CLASS, CLASS_COUNT } from "./isa.ts";
import { CLASS_BASE, CYCLES } from "./machine.ts";
import type { Program } from "./program.ts";
import { MAX_BLOCK, staticJalrTarget } from "./jit-regions.ts";

/** Most nested region-to-region calls on the JS stack. */
const MAX_CALL_DEPTH = 32;

/** Fault kinds passed from the generated code to S.raise after the write-back. */
export const FAULT = { LOAD_MISALIGNED: 1, STORE_MISALIGNED: 2, LOAD_ACCESS: 3, STORE_ACCESS: 4, TRAP: 5 } as const;

/** Instructions [start, start + len) form the block at `start`: it ends after a
 * control transfer or ecall, before the next leader, or at MAX_BLOCK; 0 if its first
 * instruction cannot run (illegal, ebreak, not code). */
export function blockLength(p: Program, start: number, leader: Uint8Array): number {
  let i = start;
  while (i < p.codeWords && i - start < MAX_BLOCK) {
    if (i > start && leader[i]) break;
    const op = p.code[i] & 63;
    if (op === OP.ILLEGAL || op === OP.EBREAK || op === OP.NOEXEC) break;
    i++;
    if (endsBlock(op)) break;
  }
  return i - start;
}

/** Body of `function (b, budget, S)` running the blocks starting at `starts` (sorted
 * code slots; block id = index) until control leaves them or `budget` cycles pass.
 * S is the machine's JitEnv (jit.ts): passed in rather than closed over, so that one
 * function, optimised once, serves every machine that runs the program. */
export function regionBody(p: Program, g: number, starts: number[], leader: Uint8Array, tabIndex = g): string {
  return new RegionGen(p, g, starts, leader, tabIndex).source();
}

class RegionGen {
  /** per block: registers it reads or writes, and those it writes */
  readonly used: Set<number>[] = [];
  readonly written: Set<number>[] = [];
  readonly allRegs = new Set<number>();
  readonly classes = new Set<number>();
  readonly idOf = new Map<number, number>();
  readonly lens: number[];
  readonly body: string[] = [];
  readonly p: Program;
  readonly g: number;
  readonly starts: number[];
  /** S.tabs[tabIndex]: this function's slot -> block id table (jit.ts) */
  readonly tabIndex: number;
  /** id of the block being emitted, whether it loops on itself, and the statement
   * that writes its registers back */
  cur = 0;
  blockEnd = 0;
  selfLoop = false;
  wb = "";

  constructor(p: Program, g: number, starts: number[], leader: Uint8Array, tabIndex: number) {
    this.p = p;
    this.g = g;
    this.tabIndex = tabIndex;
    this.starts = starts;
    starts.forEach((s, id) => this.idOf.set(s, id));
    this.lens = starts.map((s) => blockLength(p, s, leader));
    starts.forEach((s, k) => {
      this.used.push(new Set());
      this.written.push(new Set());
      for (let i = s; i < s + this.lens[k]; i++) this.scan(i, k);
    });
  }

  source(): string {
    this.starts.forEach((s, k) => this.block(s, k));
    const cls = [...this.classes].sort();
    const cdecl = cls.map((c) => `c${c} = 0`).join(", ");
    const cflush = cls.map((c) => `C[${CLASS_BASE + c}] += c${c};`).join(" ");
    return `"use strict";
const r = S.r, w32 = S.w32, u8 = S.u8, i8 = S.i8, u16 = S.u16, i16 = S.i16, st = S.st, C = S.C, M = S.M, lid = S.lid, rof = S.rof, tab = S.tabs[${this.tabIndex}];
const tg = M.tag; let ${[...this.allRegs].sort((a, b) => a - b).map((x) => `x${x} = 0, `).join("")}n = 0, np = 0, lp = 0, t = 0, w = 0, fk = 0, fp = 0, sc = 0, ex = 0${cdecl ? ", " + cdecl : ""};
loop: for (;;) {
switch (b) {
${this.body.join("\n")}
default: throw new Error("fast emulator: region ${this.g} has no block " + b);
}
}
C[${CYCLES}] += n;
if (fk !== 0) { C[${CYCLES}] -= (ex - fp) >> 2; S.m.pc = fp; S.raise(S.m, fk, fp, t); }
${cflush}
if (sc !== 0) { np = S.sys(S.m, sc); C[${CYCLES}] += 1; lp = sc; if (np < 0) S.m.pc = sc; }
if (lp !== 0) S.m.lastPc = lp;
return np;`;
  }

  private scan(i: number, k: number): void {
    const c = this.p.code[i], op = c & 63;
    const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
    const reads = readsOf(op), used = this.used[k];
    if (reads >= 1 && rs1 !== 0) used.add(rs1), this.allRegs.add(rs1);
    if (reads >= 2 && rs2 !== 0) used.add(rs2), this.allRegs.add(rs2);
    if (rd !== 32 && writesRd(op)) {
      used.add(rd);
      this.allRegs.add(rd);
      this.written[k].add(rd);
    }
    this.classes.add(OP_CLASS[op]);
  }

  private block(start: number, k: number): void {
    const len = this.lens[k], pc0 = this.p.codeStart + 4 * start;
    this.body.push(`case ${k}: // ${pc0.toString(16)}`);
    if (len === 0) { // its first instruction cannot run: the machine names the error
      this.body.push(`fk = ${FAULT.TRAP}; fp = ex = ${pc0}; break loop;`);
      return;
    }
    const last = start + len - 1, lastOp = this.p.code[last] & 63;
    const isBranch = lastOp >= OP.BEQ && lastOp <= OP.BGEU;
    // The block's registers live in JS locals from its start to its exit, where they
    // are written back; so a call or an exit costs only this block's registers.
    const regs = [...this.used[k]].sort((a, b) => a - b);
    // The locals are declared once for the whole function: block-scoped `let`s got
    // registers of their own per block, and a function past ~128 bytecode registers
    // needs wide operands (issue 10: main() of wordcount came to 71 KB of bytecode,
    // over V8's 60 KB limit for optimising, and ran unoptimised for good).
    this.body.push(`{ ${regs.map((x) => `x${x} = r[${x}];`).join(" ")}`);
    // Faults and the budget exit `break f` to the one write-back after the block.
    this.body.push(`f: {`);
    this.wb = [...this.written[k]].sort((a, b) => a - b).map((x) => `r[${x}] = x${x};`).join(" ");
    // A block that branches back to itself (a tight guest loop) becomes a JS loop
    // inside its case: no switch dispatch per iteration.
    this.cur = k;
    this.blockEnd = pc0 + 4 * len;
    this.selfLoop = isBranch && ((this.p.codeStart + 4 * last + this.p.imm[last]) >>> 0) === pc0;
    if (this.selfLoop) this.body.push(`for (;;) {`);
    this.body.push(`if (n + ${len} > budget) { np = ${pc0}; ex = 1; break f; }`);
    const counts = new Array<number>(CLASS_COUNT).fill(0);
    for (let i = start; i < start + len; i++) counts[OP_CLASS[this.p.code[i] & 63]]++;
    this.body.push(`n += ${len}; ${counts.map((v, c) => (v ? `c${c} += ${v};` : "")).join(" ")}`);
    for (let j = 0; j < len; j++) this.emit(start + j);
    if (this.selfLoop) this.body.push(`break; }`);
    // A branch not taken, or a block cut short (next leader, MAX_BLOCK), goes on at the
    // next slot: by falling into the next case when that is the next block here.
    const fallsThrough = !endsBlock(lastOp) || isBranch;
    if (fallsThrough && this.starts[k + 1] !== last + 1) this.goTo(this.p.codeStart + 4 * (last + 1), this.p.codeStart + 4 * last);
    this.body.push(`}`, `${this.wb} if (ex !== 0) break loop;`, `}`);
  }

  /** The static target of the jalr in slot i when its auipc is in the same block. */
  private knownJalr(i: number): number {
    const slot = i - 1;
    return this.starts.includes(i) || slot < 0 ? -1 : staticJalrTarget(this.p, i);
  }

  /** Continue at `to`: this block's own loop, a block of this region, or leave with
   * np = to. */
  private goTo(to: number, fromPc: number): void {
    const id = this.idOf.get((to - this.p.codeStart) / 4);
    if (id === this.cur && this.selfLoop) this.body.push(`continue;`);
    else this.body.push(`${this.wb} ${id !== undefined ? `b = ${id}; continue loop;` : `np = ${to}; lp = ${fromPc}; break loop;`}`);
  }

  /** A direct call (jal or auipc+jalr with a link register). A callee in another
   * translated region is called as a JS function with this region's state written
   * back, and when it returns to the instruction after the call this region goes on
   * there; so a call and its return cost no trip through the dispatcher. S.depth
   * bounds the JS recursion (deep guest recursion falls back to the dispatcher). */
  private call(to: number, pc: number): void {
    const slot = (to - this.p.codeStart) / 4;
    if (this.idOf.has(slot) || !Number.isInteger(slot) || slot < 0 || slot >= this.p.codeWords) {
      this.goTo(to, pc);
      return;
    }
    this.callOut(String(slot), "true", pc);
    this.goTo(to, pc);
  }

  /** Calls the region function holding block `slot` (an expression) when `guard`
   * holds and that region is translated; falls through otherwise. */
  private callOut(slot: string, guard: string, pc: number): void {
    const cls = [...this.classes].sort();
    this.body.push(`if (${guard} && S.depth < ${MAX_CALL_DEPTH} && lid[${slot}] >= 0) {`);
    this.body.push(`${this.wb} C[${CYCLES}] += n; budget = (budget - n) | 0; n = 0; ${cls.map((c) => `C[${CLASS_BASE + c}] += c${c}; c${c} = 0;`).join(" ")}`);
    // Integer arithmetic only (| 0): a float budget would be boxed on every call.
    this.body.push(`t = C[${CYCLES}] | 0; S.depth++; np = S.fns[rof[${slot}]](lid[${slot}], budget, S); S.depth--;`);
    this.body.push(`if (np < 0) return np; budget = (budget - (((C[${CYCLES}] | 0) - t) | 0)) | 0;`);
    this.body.push(`if (np !== ${pc + 4}) { lp = 0; break loop; }`);
    const saved = this.wb;
    this.wb = ""; // written back above
    this.goTo(pc + 4, pc);
    this.wb = saved;
    this.body.push(`}`);
  }

  /** A fault (fk already set) at the instruction at pc; ex = the pc after the block,
   * so that the exit takes back the cycles of the instructions from pc on. */
  private fault(pc: number): string {
    return `{ fp = ${pc}; ex = ${this.blockEnd}; break f; }`;
  }

  private emit(i: number): void {
    const p = this.p, c = p.code[i], k = p.imm[i], op = c & 63;
    const pc = p.codeStart + 4 * i;
    const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
    const a = rs1 === 0 ? "0" : `x${rs1}`, b = rs2 === 0 ? "0" : `x${rs2}`;
    const d = rd === 32 ? null : `x${rd}`;
    const set = (expr: string) => { if (d) this.body.push(`${d} = ${expr};`); };
    const target = (pc + k) >>> 0;
    switch (op) {
      case OP.LUI: return set(String(k));
      case OP.AUIPC: return set(String((pc + k) | 0));
      case OP.JAL:
        set(String(pc + 4));
        if (d) this.call(target, pc); else this.goTo(target, pc);
        return;
      case OP.JALR: {
        const known = this.knownJalr(i);
        if (known >= 0) { // auipc + jalr: a direct call or tail call
          set(String(pc + 4));
          if (d) this.call(known, pc); else this.goTo(known, pc);
          return;
        }
        // Computed target (a return, a function pointer): stay here when it is a block
        // of this function (tab: slot - lo -> block id, jit.ts), else leave.
        this.body.push(`t = ((${a} + ${k}) & -2) >>> 0;`);
        set(String(pc + 4));
        this.body.push(`w = (t - ${p.codeStart}) >>> 2;`);
        const lo = this.starts[0], hi = this.starts[this.starts.length - 1];
        this.body.push(`if ((t & 3) === 0 && w >= ${lo} && w <= ${hi} && tab[w - ${lo}] >= 0) { ${this.wb} b = tab[w - ${lo}]; continue loop; }`);
        if (d) this.callOut("w", `w < ${p.codeWords} && (t & 3) === 0`, pc); // a call through a function pointer
        this.body.push(`${this.wb} np = t; lp = ${pc}; break loop;`);
        return;
      }
      case OP.BEQ: return this.branch(`${a} === ${b}`, target, pc);
      case OP.BNE: return this.branch(`${a} !== ${b}`, target, pc);
      case OP.BLT: return this.branch(`${a} < ${b}`, target, pc);
      case OP.BGE: return this.branch(`${a} >= ${b}`, target, pc);
      case OP.BLTU: return this.branch(`(${a} >>> 0) < (${b} >>> 0)`, target, pc);
      case OP.BGEU: return this.branch(`(${a} >>> 0) >= (${b} >>> 0)`, target, pc);
      case OP.LB: case OP.LBU: case OP.LH: case OP.LHU: case OP.LW: {
        // One test on the fast path: the word's stamp is current and the address aligned;
        // otherwise S.ld (jit.ts) checks both and stamps the word, or names the fault.
        const align = op === OP.LW ? 3 : op === OP.LH || op === OP.LHU ? 1 : 0;
        this.body.push(`t = (${a} + ${k}) | 0; w = t >>> 2;`);
        const test = align ? `(((st[w] | 1) ^ tg) | (t & ${align})) !== 0` : `(st[w] | 1) !== tg`;
        this.body.push(`if (${test} && (fk = S.ld(M, t, ${align})) !== 0) ${this.fault(pc)}`);
        const load = op === OP.LW ? "w32[w]" : op === OP.LBU ? "u8[t]" : op === OP.LB ? "i8[t]" : op === OP.LHU ? "u16[t >>> 1]" : "i16[t >>> 1]";
        return set(load);
      }
      case OP.SB: case OP.SH: case OP.SW: {
        const align = op === OP.SW ? 3 : op === OP.SH ? 1 : 0;
        this.body.push(`t = (${a} + ${k}) | 0; w = t >>> 2;`);
        const test = align ? `((st[w] ^ tg) | (t & ${align})) !== 0` : `st[w] !== tg`;
        this.body.push(`if (${test} && (fk = S.sd(M, t, ${align})) !== 0) ${this.fault(pc)}`);
        const store = op === OP.SW ? "w32[w]" : op === OP.SB ? "u8[t]" : "u16[t >>> 1]";
        this.body.push(`${store} = ${b};`);
        return;
      }
      case OP.ECALL: // run by the exit path once the registers are written back
        this.body.push(`${this.wb} sc = ${pc}; n -= 1; break loop;`);
        return;
      case OP.FENCE: return;
      case OP.ADDI: case OP.ORI: case OP.XORI: return set(rs1 === 0 ? String(k) : aluExpr(op, a, b, k)); // li
      default: return set(aluExpr(op, a, b, k));
    }
  }

  /** Taken: go to the target; not taken: see block(). */
  private branch(cond: string, target: number, pc: number): void {
    this.body.push(`if (${cond}) {`);
    this.goTo(target, pc);
    this.body.push(`}`);
  }
}

function aluExpr(op: number, a: string, b: string, k: number): string {
  switch (op) {
    case OP.ADDI: return `(${a} + ${k}) | 0`;
    case OP.SLTI: return `${a} < ${k} ? 1 : 0`;
    case OP.SLTIU: return `(${a} >>> 0) < ${k >>> 0} ? 1 : 0`;
    case OP.XORI: return `${a} ^ ${k}`;
    case OP.ORI: return `${a} | ${k}`;
    case OP.ANDI: return `${a} & ${k}`;
    case OP.SLLI: return `${a} << ${k}`;
    case OP.SRLI: return `(${a} >>> ${k}) | 0`;
    case OP.SRAI: return `${a} >> ${k}`;
    case OP.ADD: return `(${a} + ${b}) | 0`;
    case OP.SUB: return `(${a} - ${b}) | 0`;
    case OP.SLL: return `${a} << ${b}`;
    case OP.SLT: return `${a} < ${b} ? 1 : 0`;
    case OP.SLTU: return `(${a} >>> 0) < (${b} >>> 0) ? 1 : 0`;
    case OP.XOR: return `${a} ^ ${b}`;
    case OP.SRL: return `(${a} >>> ${b}) | 0`;
    case OP.SRA: return `${a} >> ${b}`;
    case OP.OR: return `${a} | ${b}`;
    case OP.AND: return `${a} & ${b}`;
    case OP.MUL: return `Math.imul(${a}, ${b})`;
    case OP.MULH: return `S.mulh(${a}, ${b})`;
    case OP.MULHSU: return `S.mulhsu(${a}, ${b})`;
    case OP.MULHU: return `S.mulhu(${a}, ${b})`;
    case OP.DIV: return `${b} === 0 ? -1 : (${a} / ${b}) | 0`;
    case OP.DIVU: return `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`;
    case OP.REM: return `${b} === 0 ? ${a} : (${a} % ${b}) | 0`;
    case OP.REMU: return `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`;
    default: throw new Error(`no ALU expression for op ${op}`);
  }
}

/** 0, 1 or 2: how many of rs1, rs2 the op reads. */
function readsOf(op: number): number {
  if (op === OP.LUI || op === OP.AUIPC || op === OP.JAL || op === OP.FENCE || op === OP.ECALL) return 0;
  if (op === OP.JALR || (op >= OP.LB && op <= OP.LHU) || (op >= OP.ADDI && op <= OP.SRAI)) return 1;
  return 2;
}

function writesRd(op: number): boolean {
  return !((op >= OP.BEQ && op <= OP.BGEU) || (op >= OP.SB && op <= OP.SW) || op === OP.FENCE || op === OP.ECALL);
}
