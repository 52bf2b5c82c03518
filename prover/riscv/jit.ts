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
import { FAULT, regionBody } from "./jit-codegen.ts";
import { layout, MAX_BLOCK, regionWithCallees, type Layout } from "./jit-regions.ts";
import { interpRun, type TierHooks } from "./interp.ts";
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
  /** per region function: block id of each slot from its first block to its last, or -1 */
  tabs: (Int32Array | undefined)[];
  /** region functions now on the JS stack (calls between regions, jit-codegen.ts) */
  depth: number;
  // Module functions, the same for every machine: a per-machine closure here would
  // make each new machine's call sites deoptimise ("wrong call target").
  raise: typeof raiseFault; sys: typeof syscall;
  mulh: typeof mulh; mulhsu: typeof mulhsu; mulhu: typeof mulhu;
}

/** hotCycles: cycles a region runs on the interpreter before it is translated (tests
 * set 0 to translate everything on first use). */
export const jitOptions = { hotCycles: 131072 };

/** Most cycles the interpreter runs per trip for cold code. */
const COLD_CHUNK = 4096;
/** Most translations of one region. */
const MAX_TRANSLATIONS = 4;

interface Compiled {
  l: Layout;
  /** slot -> block id within its region's function; -1 until the region is translated
   * (and for slots that are not block starts) */
  localId: Int32Array;
  fns: (RegionFn | undefined)[];
  tabs: (Int32Array | undefined)[];
  /** per region: cycles run on the interpreter so far, the heat at which it is
   * translated (again), and how many times it has been */
  heat: Float64Array;
  nextCompile: Float64Array;
  translations: Int32Array;
  /** slot -> 1 once the interpreter reached it at a block start */
  seen: Uint8Array;
  hooks: TierHooks;
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
  const cp = s.compiled, fns = cp.fns, env = s.env, hooks = cp.hooks, C = m.counts, localId = cp.localId, regionOf = cp.l.regionOf;
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
      // A small integer budget: a float argument would be boxed on every call.
      pc = fns[regionOf[i]]!(id, left < 0x3fffffff ? left | 0 : 0x3fffffff, env);
      if (pc < 0) return; // halted: the region set m.pc and m.lastPc
      continue;
    }
    // Cold code, an entry that is not a block start, or the boundary is near: the
    // interpreter runs up to COLD_CHUNK cycles, marking the blocks it reaches and
    // handing back where translated code starts; the region it started in gets the
    // heat.
    if (left < MAX_BLOCK) {
      interpRun(m, until);
      return;
    }
    const start = C[CYCLES];
    cp.seen[i] = 1;
    interpRun(m, left > COLD_CHUNK ? start + COLD_CHUNK : until, hooks);
    warm(cp, m.program, regionOf[i], C[CYCLES] - start);
    if (m.halted) return;
    pc = m.pc;
  }
  m.pc = pc;
}

/** Adds interpreted cycles to region g; translates it once it is hot. */
function warm(cp: Compiled, p: Program, g: number, cycles: number): void {
  cp.heat[g] += cycles;
  if (cp.heat[g] < cp.nextCompile[g]) return;
  // Translated again when code of the region that was not translated (it had not run
  // yet) keeps the interpreter busy; at most MAX_TRANSLATIONS times.
  cp.nextCompile[g] = cp.heat[g] + (++cp.translations[g] < MAX_TRANSLATIONS ? jitOptions.hotCycles : Infinity);
  const starts = regionWithCallees(p, cp.l, g, cp.seen);
  if (!starts.some((slot) => cp.l.regionOf[slot] === g)) return; // only entered mid-block so far
  // The sourceURL names the region in profiles (--cpu-prof) and stack traces.
  const name = `guest-region-${g}-0x${(p.codeStart + 4 * cp.l.regionStart[g]).toString(16)}-${cp.translations[g]}.js`;
  const fn = new Function("b", "budget", "S", `${regionBody(p, g, starts, cp.l.leader)}\n//# sourceURL=${name}`) as RegionFn;
  // A function of the previous translation still running keeps its own table and ids.
  const lo = starts[0], tab = new Int32Array(starts[starts.length - 1] - lo + 1).fill(-1);
  const end = g + 1 < cp.l.regionStart.length ? cp.l.regionStart[g + 1] : p.codeWords;
  cp.localId.fill(-1, cp.l.regionStart[g], end);
  starts.forEach((slot, id) => {
    tab[slot - lo] = id;
    if (cp.l.regionOf[slot] === g) cp.localId[slot] = id; // copies keep their own ids there
  });
  cp.tabs[g] = tab;
  cp.fns[g] = fn;
}

function jitState(m: Machine): JitState {
  if (m.jit) return m.jit as JitState;
  const compiled = compiledFor(m.program);
  const mem = m.mem;
  const env: JitEnv = {
    r: m.regs, w32: mem.w32, u8: mem.u8, i8: mem.i8, u16: mem.u16, i16: mem.i16, st: mem.stamp,
    C: m.counts, M: mem, m, lid: compiled.localId, rof: compiled.l.regionOf, fns: compiled.fns, tabs: compiled.tabs, depth: 0,
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
    const localId = new Int32Array(p.codeWords).fill(-1), seen = new Uint8Array(p.codeWords);
    cp = {
      hooks: { seen, localId }, seen, l, localId, fns: new Array(regions).fill(undefined), tabs: new Array(regions).fill(undefined),
      heat: new Float64Array(regions), nextCompile: new Float64Array(regions).fill(jitOptions.hotCycles),
      translations: new Int32Array(regions),
    };
    cache.set(p, cp);
  }
  return cp;
}
