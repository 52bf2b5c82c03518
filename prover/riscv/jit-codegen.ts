// Translation of one basic block into the source of a JavaScript function, for the
// fast emulator (jit.ts). Registers the block uses live in JS locals (x1..x31) from
// entry to exit and are written back once. A block whose last instruction branches
// back to its own start becomes a JS loop, bounded by the cycle budget it is given, so
// tight guest loops run without leaving the function. Every exit, faults included,
// writes the locals back and accounts the cycles retired, so the machine state matches
// the interpreter's at every exit.
import { endsBlock, OP, OP_CLASS, CLASS_COUNT } from "./isa.ts";
import { CLASS_BASE, CYCLES } from "./machine.ts";
import type { Program } from "./program.ts";

/** Longest block; a segment boundary falls inside a block at most this long. */
export const MAX_BLOCK = 64;

export interface BlockInfo {
  start: number; // code slot of the first instruction
  len: number; // instructions (0: the block only raises the error of its first slot)
  source: string; // `function (budget) {...}`
}

/** Instructions [start, start + len) form the block. */
export function blockLength(p: Program, start: number): number {
  let i = start;
  while (i < p.codeWords && i - start < MAX_BLOCK) {
    const op = p.code[i] & 63;
    if (op === OP.ILLEGAL || op === OP.EBREAK || op === OP.NOEXEC) break;
    i++;
    if (endsBlock(op)) break;
  }
  return i - start;
}

export function compileBlock(p: Program, start: number): BlockInfo {
  const len = blockLength(p, start);
  const pc0 = p.codeStart + 4 * start;
  if (len === 0) return { start, len, source: `function () { F.trap(${pc0}); }` };
  const g = new BlockGen(p, start, len);
  return { start, len, source: g.source() };
}

class BlockGen {
  readonly p: Program;
  readonly start: number;
  readonly len: number;
  readonly pc0: number;
  readonly used = new Set<number>();
  readonly written = new Set<number>();
  readonly loop: boolean;
  body: string[] = [];

  constructor(p: Program, start: number, len: number) {
    this.p = p;
    this.start = start;
    this.len = len;
    this.pc0 = p.codeStart + 4 * start;
    const last = start + len - 1;
    const lastOp = p.code[last] & 63;
    const target = (p.codeStart + 4 * last + p.imm[last]) >>> 0;
    this.loop = target === this.pc0 && ((lastOp >= OP.BEQ && lastOp <= OP.BGEU) || lastOp === OP.JAL);
    for (let i = start; i <= last; i++) this.scanRegs(i);
  }

  source(): string {
    for (let j = 0; j < this.len; j++) this.emit(j);
    const lastOp = this.p.code[this.start + this.len - 1] & 63;
    if (!endsBlock(lastOp)) this.body.push(this.exit(String(this.pc0 + 4 * this.len))); // falls through
    const regs = [...this.used].sort((a, b) => a - b);
    const decl = regs.length ? `let ${regs.map((x) => `x${x} = r[${x}]`).join(", ")};` : "";
    const head = `const tg = M.tag; let t = 0, w = 0, np = 0;`;
    if (!this.loop) {
      return `function (budget) {\n${decl} ${head}\n${this.body.join("\n")}\n}`;
    }
    return `function (budget) {\n${decl} ${head} let k = 0; const lim = Math.floor(budget / ${this.len});\n` +
      `for (;;) {\n${this.body.join("\n")}\n}\n}`;
  }

  private scanRegs(i: number): void {
    const c = this.p.code[i], op = c & 63;
    const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
    const reads = readsOf(op);
    if (reads >= 1 && rs1 !== 0) this.used.add(rs1);
    if (reads >= 2 && rs2 !== 0) this.used.add(rs2);
    if (rd !== 32 && writesRd(op)) {
      this.used.add(rd);
      this.written.add(rd);
    }
  }

  /** Writes the locals back and accounts `retired` instructions of this pass. */
  private flush(retired: string): string {
    const regs = [...this.written].map((x) => `r[${x}] = x${x};`).join(" ");
    const iter = this.loop ? `k * ${this.len} + ` : "";
    return `${regs} C[${CYCLES}] += ${iter}${retired};`;
  }

  /** Class counters for all instructions of the block, times the passes made. */
  private classCounts(): string {
    const n = new Array<number>(CLASS_COUNT).fill(0);
    for (let i = this.start; i < this.start + this.len; i++) n[OP_CLASS[this.p.code[i] & 63]]++;
    const times = this.loop ? "k * " : "";
    return n.map((v, c) => (v ? `C[${CLASS_BASE + c}] += ${times}${v};` : "")).join(" ");
  }

  private exit(nextPc: string): string {
    if (this.loop) return `{ np = ${nextPc}; ${this.endLoop()} }`;
    return `{ ${this.flush(String(this.len))} ${this.classCounts()} return ${nextPc}; }`;
  }

  private endLoop(): string {
    return `${this.flush("0")} ${this.classCounts()} return np;`;
  }

  private emit(j: number): void {
    const i = this.start + j, p = this.p;
    const c = p.code[i], k = p.imm[i], op = c & 63;
    const pc = p.codeStart + 4 * i;
    const rd = (c >>> 8) & 63, rs1 = (c >>> 16) & 31, rs2 = (c >>> 24) & 31;
    const a = rs1 === 0 ? "0" : `x${rs1}`, b = rs2 === 0 ? "0" : `x${rs2}`;
    const d = rd === 32 ? null : `x${rd}`;
    const fault = (call: string) => `{ ${this.flush(String(j))} ${call}; }`;
    const set = (expr: string) => { if (d) this.body.push(`${d} = ${expr};`); };
    const isLast = j === this.len - 1;
    const next = pc + 4;
    const target = (pc + k) >>> 0;
    switch (op) {
      case OP.LUI: return set(String(k));
      case OP.AUIPC: return set(String((pc + k) | 0));
      case OP.JAL: set(String(next)); return this.jump(String(target), isLast);
      case OP.JALR:
        this.body.push(`t = ((${a} + ${k}) & -2) >>> 0;`);
        set(String(next));
        return this.jump("t", isLast);
      case OP.BEQ: return this.branch(`${a} === ${b}`, target, next);
      case OP.BNE: return this.branch(`${a} !== ${b}`, target, next);
      case OP.BLT: return this.branch(`${a} < ${b}`, target, next);
      case OP.BGE: return this.branch(`${a} >= ${b}`, target, next);
      case OP.BLTU: return this.branch(`(${a} >>> 0) < (${b} >>> 0)`, target, next);
      case OP.BGEU: return this.branch(`(${a} >>> 0) >= (${b} >>> 0)`, target, next);
      case OP.LB: case OP.LBU: case OP.LH: case OP.LHU: case OP.LW: {
        const align = op === OP.LW ? 3 : op === OP.LH || op === OP.LHU ? 1 : 0;
        this.body.push(`t = (${a} + ${k}) | 0;`);
        if (align) this.body.push(`if ((t & ${align}) !== 0) ${fault(`F.misaligned(${pc}, t, false)`)}`);
        this.body.push(`w = t >>> 2; if ((st[w] | 1) !== tg && !M.firstRead(w)) ${fault(`F.access(${pc}, t, false)`)}`);
        const load = op === OP.LW ? "w32[w]" : op === OP.LBU ? "u8[t]" : op === OP.LB ? "i8[t]" : op === OP.LHU ? "u16[t >>> 1]" : "i16[t >>> 1]";
        return set(load);
      }
      case OP.SB: case OP.SH: case OP.SW: {
        const align = op === OP.SW ? 3 : op === OP.SH ? 1 : 0;
        this.body.push(`t = (${a} + ${k}) | 0;`);
        if (align) this.body.push(`if ((t & ${align}) !== 0) ${fault(`F.misaligned(${pc}, t, true)`)}`);
        this.body.push(`w = t >>> 2; if (st[w] !== tg && !M.firstWrite(w)) ${fault(`F.access(${pc}, t, true)`)}`);
        const store = op === OP.SW ? "w32[w]" : op === OP.SB ? "u8[t]" : "u16[t >>> 1]";
        this.body.push(`${store} = ${b};`);
        return;
      }
      case OP.ECALL:
        this.body.push(`${this.flush(String(j))} np = SYS(${pc}); C[${CYCLES}] += 1; ${this.classCounts()} return np;`);
        return;
      case OP.FENCE: return;
      default: return set(aluExpr(op, a, b, k));
    }
  }

  private jump(to: string, isLast: boolean): void {
    if (!isLast) throw new Error("jump inside a block");
    if (this.loop) {
      this.body.push(`k++; if (k >= lim) { np = ${this.pc0}; ${this.endLoop()} }`);
      return;
    }
    this.body.push(this.exit(to));
  }

  private branch(cond: string, target: number, next: number): void {
    if (this.loop) {
      this.body.push(`k++; if (!(${cond})) ${this.exit(String(next))} if (k >= lim) { np = ${this.pc0}; ${this.endLoop()} }`);
      return;
    }
    this.body.push(`if (${cond}) ${this.exit(String(target))} ${this.exit(String(next))}`);
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
    case OP.MULH: return `H.mulh(${a}, ${b})`;
    case OP.MULHSU: return `H.mulhsu(${a}, ${b})`;
    case OP.MULHU: return `H.mulhu(${a}, ${b})`;
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
