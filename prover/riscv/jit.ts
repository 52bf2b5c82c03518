// The fast emulator: a tiered translator. Code starts on the interpreter, one basic
// block at a time; a region (jit-regions.ts, roughly one guest function) that has run
// jitOptions.hotCycles cycles that way is translated into one JavaScript function
// (jit-codegen.ts), which then runs every block of that region it is entered at.
// Translation is cached per program: a second run of the same program starts warm,
// and every machine calls the same (already optimised) functions with its own state. Short programs, and the cold
// parts of long ones, never pay for translation: issue 10 measured a branchy
// 6,100-instruction program 10x slower when everything was translated up front.
//
// Both tiers share the machine state and stop at exactly the same instruction: the
// dispatcher interprets the last MAX_BLOCK cycles before a segment boundary, and a
// region function leaves before a block that does not fit its cycle budget.
import { mulh, mulhsu, mulhu } from "./alu.ts";
import { FAULT, blockLength, regionBody } from "./jit-codegen.ts";
import { layout, MAX_BLOCK, regionBlocks, type Layout } from "./jit-regions.ts";
import { interpRun } from "./interp.ts";
import { CYCLES, type Machine } from "./machine.ts";
import type { Program } from "./program.ts";
import { syscall } from "./syscalls.ts";

/** Runs the region's blocks from block b; returns the next pc, or -1 on halt. */
type RegionFn = (b: number, budget: number, env: JitEnv) => number;

/** What a region function needs of one machine: its memory views, registers and
 * counters, and the calls out (faults, syscalls, the high multiplications). */
interface JitEnv {
  r: Int32Array; w32: Int32Array; u8: Uint8Array; i8: Int8Array; u16: Uint16Array; i16: Int16Array;
  st: Int32Array; C: Float64Array; M: Machine["mem"]; m: Machine;
  /** the program's slot -> block id and slot -> region tables, its region functions */
  lid: Int32Array; rof: Int32Array; fns: (RegionFn | undefined)[];
  /** region functions now on the JS stack (calls between regions, jit-codegen.ts) */
  depth: number;
  // Module functions, the same for every machine: a per-machine closure here would
  // make each new machine's call sites deoptimise ("wrong call target").
  raise: typeof raiseFault; sys: typeof syscall;
  mulh: typeof mulh; mulhsu: typeof mulhsu; mulhu: typeof mulhu;
}

/** hotCycles: cycles a region runs on the interpreter before it is translated (tests
 * set 0 to translate everything on first use). */
export const jitOptions = { hotCycles: 8192 };

interface Compiled {
  l: Layout;
  /** slot -> block id within its region's function; -1 until the region is translated
   * (and for slots that are not block starts) */
  localId: Int32Array;
  fns: (RegionFn | undefined)[];
  /** per region: cycles run on the interpreter so far */
  heat: Float64Array;
  /** slot -> length of the block interpreted from there (0: not yet computed) */
  blockLen: Int32Array;
  /** slot -> 1 once a block was interpreted from there */
  seen: Uint8Array;
}

interface JitState {
  compiled: Compiled;
  env: JitEnv;
}

const cache = new WeakMap<Program, Compiled>();

/** Runs until `until` cycles have retired in total, or the guest halts. */
export function fastRun(m: Machine, until: number): void {
  if (m.halted) return;
  const s = jitState(m);
  const cp = s.compiled, fns = cp.fns, env = s.env, C = m.counts, localId = cp.localId, regionOf = cp.l.regionOf;
  const base = m.program.codeStart, n = m.program.codeWords;
  env.depth = 0; // a fault may have left a call chain
  let pc = m.pc;
  for (;;) {
    const left = until - C[CYCLES];
    if (left <= 0) break;
    const i = (pc - base) >>> 2;
    if (i >= n || (pc & 3) !== 0) {
      m.pc = pc;
      throw m.fetchError(pc);
    }
    const id = localId[i];
    m.pc = pc;
    if (id >= 0 && left >= MAX_BLOCK) {
      pc = fns[regionOf[i]]!(id, left, env);
      if (pc < 0) return; // halted: the region set m.pc and m.lastPc
      continue;
    }
    // Cold code, an entry that is not a block start, or the boundary is near: the
    // interpreter runs one block (or up to the boundary).
    const len = left < MAX_BLOCK ? left : interpretedLength(cp, m.program, i);
    interpRun(m, C[CYCLES] + len);
    if (m.halted) return;
    pc = m.pc;
    if (id < 0) {
      cp.seen[i] = 1;
      warm(cp, m.program, regionOf[i], len);
    }
  }
  m.pc = pc;
}

function interpretedLength(cp: Compiled, p: Program, i: number): number {
  let len = cp.blockLen[i];
  if (len === 0) {
    len = Math.max(1, blockLength(p, i, cp.l.leader)); // 1: let the interpreter raise the fault
    cp.blockLen[i] = len;
  }
  return len;
}

/** Adds interpreted cycles to region g; translates it once it is hot. */
function warm(cp: Compiled, p: Program, g: number, cycles: number): void {
  cp.heat[g] += cycles;
  if (cp.heat[g] < jitOptions.hotCycles || cp.fns[g]) return;
  const starts = regionBlocks(p, cp.l, g, cp.seen);
  // The sourceURL names the region in profiles (--cpu-prof) and stack traces.
  const name = `guest-region-${g}-0x${(p.codeStart + 4 * cp.l.regionStart[g]).toString(16)}.js`;
  cp.fns[g] = new Function("b", "budget", "S", `${regionBody(p, g, starts, cp.l.leader)}\n//# sourceURL=${name}`) as RegionFn;
  starts.forEach((slot, id) => { cp.localId[slot] = id; });
}

function jitState(m: Machine): JitState {
  if (m.jit) return m.jit as JitState;
  const compiled = compiledFor(m.program);
  const mem = m.mem;
  const env: JitEnv = {
    r: m.regs, w32: mem.w32, u8: mem.u8, i8: mem.i8, u16: mem.u16, i16: mem.i16, st: mem.stamp,
    C: m.counts, M: mem, m, lid: compiled.localId, rof: compiled.l.regionOf, fns: compiled.fns, depth: 0,
    raise: raiseFault, sys: syscall, mulh, mulhsu, mulhu,
  };
  const s: JitState = { compiled, env };
  m.jit = s;
  return s;
}

function raiseFault(m: Machine, kind: number, pc: number, addr: number): never {
  switch (kind) {
    case FAULT.LOAD_MISALIGNED: throw m.misalignedError(pc, addr, false);
    case FAULT.STORE_MISALIGNED: throw m.misalignedError(pc, addr, true);
    case FAULT.LOAD_ACCESS: throw m.accessError(pc, addr, false);
    case FAULT.STORE_ACCESS: throw m.accessError(pc, addr, true);
    default: throw m.trapError(pc);
  }
}

/** The program's translation state, shared by every machine that runs it. */
export function compiledFor(p: Program): Compiled {
  let cp = cache.get(p);
  if (!cp) {
    const l = layout(p);
    const regions = l.regionStart.length;
    cp = {
      l, localId: new Int32Array(p.codeWords).fill(-1), fns: new Array(regions).fill(undefined),
      heat: new Float64Array(regions), blockLen: new Int32Array(p.codeWords), seen: new Uint8Array(p.codeWords),
    };
    cache.set(p, cp);
  }
  return cp;
}
