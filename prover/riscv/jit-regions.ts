// How the fast emulator cuts a program into blocks and regions (jit.ts translates each
// region into one JavaScript function, jit-codegen.ts).
//
// Leaders (first slots of basic blocks): the entry, the targets of branches and jal,
// the slot after every control transfer or ecall, and every region start. Regions:
// the code between consecutive call targets (jal with a link register, or auipc+jalr:
// roughly one guest function each), cut at MAX_REGION slots so that every region function stays
// small enough for V8 to optimise.
import { endsBlock, OP } from "./isa.ts";
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

/** The block starts of region g that have run at least minSeen times (seen[slot], or
 * reached by falling through from such a block, which the interpreter does not
 * count): only code that ran is translated, which keeps region functions small and
 * quick for V8 to optimise (a library routine's cold paths stay on the interpreter). */
export function regionBlocks(p: Program, l: Layout, g: number, seen: Uint8Array, minSeen = 1): number[] {
  const end = g + 1 < l.regionStart.length ? l.regionStart[g + 1] : p.codeWords;
  const out: number[] = [];
  let live = false; // the previous block was included and may fall through to this one
  for (let i = l.regionStart[g]; i < end; i++) {
    if (!l.leader[i]) continue;
    const fallsIn: boolean = live && i > 0 && !endsBlock(p.code[i - 1] & 63);
    live = (seen[i] >= minSeen || fallsIn) && (p.code[i] & 63) !== OP.NOEXEC;
    if (live) out.push(i);
  }
  return out;
}

/** Most instructions of other regions copied into one region function. */
export const MAX_INLINED = 384;

/** Most characters of JavaScript in one region function. V8 never optimises a
 * function of more than 60 KB of bytecode (--max-optimized-bytecode-size); the
 * generated code measured 0.80-0.86 bytecode bytes per character up to 70,000
 * characters (0.91 at 130,000: wider operands), so this cap keeps a function near
 * 34 KB (issue 10: wordcount's main() came to 63 KB and ran unoptimised for good;
 * jit.test.ts checks a capped function's bytecode). Below that, the cap trades
 * TurboFan's compile time, during which a new function runs unoptimised (1-1.7 s for
 * 56,000 characters on the loaded 2-core machine, tens of ms under 10,000), against
 * calls between functions: 56,000 gave nbody and numbers 1.5-2x the warm speed of
 * 24,000 and twice the cold time. jit.ts translates fewer blocks when a region's
 * source is longer. */
export const MAX_SOURCE = 40_000;

/** The blocks of region g that have run, plus those of the regions it calls directly
 * (transitively, up to MAX_INLINED slots): a call into them and the return from them
 * then stay inside one JS function. Small library routines (getc, memcpy, strcmp)
 * called from a hot loop were otherwise a trip out and back per call. */
export function regionWithCallees(p: Program, l: Layout, g: number, seen: Uint8Array, maxInlined = MAX_INLINED): number[] {
  const included = new Set<number>([g]);
  const blocks = regionBlocks(p, l, g, seen);
  let budget = maxInlined;
  for (let q = 0; q < blocks.length; q++) {
    for (const h of calledRegions(p, l, blocks[q], g, included)) {
      const more = regionBlocks(p, l, h, seen);
      const size = more.length === 0 ? 0 : more[more.length - 1] - more[0] + 1;
      included.add(h);
      if (size === 0 || size > budget) continue;
      budget -= size;
      blocks.push(...more);
    }
  }
  return [...new Set(blocks)].sort((a, b) => a - b);
}

/** Regions (other than g and those already included) that the block at `start`
 * calls directly. */
function calledRegions(p: Program, l: Layout, start: number, g: number, included: Set<number>): number[] {
  const out: number[] = [];
  for (let i = start; i < p.codeWords; i++) {
    const c = p.code[i], op = c & 63;
    let to = -1;
    if (op === OP.JAL && ((c >>> 8) & 63) !== SINK_REG) to = p.codeStart + 4 * i + p.imm[i];
    if (op === OP.JALR && ((c >>> 8) & 63) !== SINK_REG) to = staticJalrTarget(p, i);
    const slot = (to - p.codeStart) / 4;
    if (to >= 0 && Number.isInteger(slot) && slot >= 0 && slot < p.codeWords && !included.has(l.regionOf[slot]) && l.regionOf[slot] !== g) {
      out.push(l.regionOf[slot]);
    }
    if ((op >= OP.JAL && op <= OP.BGEU) || op === OP.ECALL || i + 1 >= p.codeWords || l.leader[i + 1]) break;
  }
  return out;
}
