// How the fast emulator cuts a program into blocks and regions (jit.ts translates each
// region into one JavaScript function, jit-codegen.ts).
//
// Leaders (first slots of basic blocks): the entry, the targets of branches and jal,
// the slot after every control transfer or ecall, and every region start. Regions:
// the code between consecutive call targets (jal with a link register, or auipc+jalr:
// roughly one guest function each), cut at MAX_REGION slots so that every region function stays
// small enough for V8 to optimise.
import { OP } from "./isa.ts";
import { SINK_REG, type Program } from "./program.ts";

/** Longest block; the dispatcher interprets the last MAX_BLOCK cycles before a
 * segment boundary, so a block never crosses one. */
export const MAX_BLOCK = 64;

/** Region sizes in code slots: a call target starts a new region once the current one
 * has MIN_REGION slots (small neighbouring functions share one, so calls and returns
 * between them stay inside it); none grows past MAX_REGION. */
export const MIN_REGION = 128;
export const MAX_REGION = 512;

export interface Layout {
  /** leader[slot] = 1 where a block starts */
  leader: Uint8Array;
  /** region index of every slot */
  regionOf: Int32Array;
  /** first slot of each region, ascending; region g is [regionStart[g], regionStart[g + 1]) */
  regionStart: number[];
}

export function layout(p: Program): Layout {
  const n = p.codeWords, leader = new Uint8Array(n), callTarget = new Uint8Array(n);
  const slotOf = (addr: number) => {
    const i = (addr - p.codeStart) / 4;
    return Number.isInteger(i) && i >= 0 && i < n ? i : -1;
  };
  const mark = (arr: Uint8Array, addr: number) => {
    const i = slotOf(addr);
    if (i >= 0) arr[i] = 1;
  };
  mark(leader, p.entry);
  mark(callTarget, p.entry);
  for (let i = 0; i < n; i++) {
    const c = p.code[i], op = c & 63, pc = p.codeStart + 4 * i;
    if ((op >= OP.BEQ && op <= OP.BGEU) || op === OP.JAL) mark(leader, (pc + p.imm[i]) >>> 0);
    if (op === OP.JAL && ((c >>> 8) & 63) !== SINK_REG) mark(callTarget, (pc + p.imm[i]) >>> 0);
    const far = op === OP.JALR ? staticJalrTarget(p, i) : -1;
    if (far >= 0) {
      mark(leader, far);
      mark(callTarget, far);
    }
    if ((op >= OP.JAL && op <= OP.BGEU) || op === OP.ECALL) mark(leader, pc + 4);
  }
  const regionStart: number[] = [];
  const regionOf = new Int32Array(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || (callTarget[i] && i - start >= MIN_REGION) || i - start >= MAX_REGION) {
      start = i;
      regionStart.push(i);
      leader[i] = 1;
    }
    regionOf[i] = regionStart.length - 1;
  }
  // Straight-line runs longer than MAX_BLOCK continue in a block of their own.
  for (let i = 0, run = 0; i < n; i++, run++) {
    if (leader[i]) run = 0;
    else if (run >= MAX_BLOCK) { leader[i] = 1; run = 0; }
  }
  return { leader, regionOf, regionStart };
}

/** The target of the jalr in slot i when the slot before it is `auipc rs1, ...` (GCC's
 * `call` and `tail` without linker relaxation), else -1. */
export function staticJalrTarget(p: Program, i: number): number {
  if (i === 0) return -1;
  const prev = p.code[i - 1], c = p.code[i];
  if ((prev & 63) !== OP.AUIPC || ((prev >>> 8) & 63) !== ((c >>> 16) & 31)) return -1;
  const rs1 = (c >>> 16) & 31;
  if (rs1 === 0) return -1;
  return ((p.codeStart + 4 * (i - 1) + p.imm[i - 1] + p.imm[i]) & -2) >>> 0;
}

/** The block starts of region g that have run (seen[slot] = 1): only code that ran
 * is translated, which keeps region functions small and quick for V8 to optimise
 * (a library routine's cold paths stay on the interpreter). */
export function regionBlocks(p: Program, l: Layout, g: number, seen: Uint8Array): number[] {
  const end = g + 1 < l.regionStart.length ? l.regionStart[g + 1] : p.codeWords;
  const out: number[] = [];
  for (let i = l.regionStart[g]; i < end; i++) if (l.leader[i] && seen[i] && (p.code[i] & 63) !== OP.NOEXEC) out.push(i);
  return out;
}
