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
import { layout, MAX_BLOCK, MAX_INLINED, MAX_SOURCE, regionBlocks, regionWithCallees, type Layout } from "./jit-regions.ts";
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
  raise: typeof raiseFault; sys: typeof syscall; ld: typeof loadSlow; sd: typeof storeSlow;
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
  /** per region: cycles run on the interpreter since it was first reached or last
   * translated, the clock then, and how many times it has been translated */
  heat: Float64Array;
  from: Float64Array;
  translations: Int32Array;
  /** cycles run by every machine on this program, as far as warm() has seen */
  clock: number;
  /** slot -> 1 once the interpreter reached it at a block start */
  seen: Uint8Array;
  hooks: TierHooks;
}

interface JitState {
  compiled: Compiled;
  env: JitEnv;
  /** this machine's cycle count when it last advanced the program's clock */
  mark: number;
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
    if (cp.seen[i] === 0) cp.seen[i] = 1;
    interpRun(m, left > COLD_CHUNK ? start + COLD_CHUNK : until, hooks);
    warm(cp, s, m.program, regionOf[i], C[CYCLES] - start, C[CYCLES]);
    if (m.halted) return;
    pc = m.pc;
  }
  m.pc = pc;
}

/** Adds interpreted cycles to region g; translates it once it is hot: it has run
 * jitOptions.hotCycles cycles on the interpreter, and those are at least 1/64 of what
 * the program ran since the region was first reached (so rarely used code stays on
 * the interpreter, however many runs add up its heat: each translation is a new
 * function that V8 runs unoptimised, and deoptimises when it takes a path it has not
 * seen, for seconds on a loaded machine). Translated again, at most MAX_TRANSLATIONS
 * times, when blocks that were not translated (they had not run yet) have run that
 * much since, and 1/16 of the cycles since. */
function warm(cp: Compiled, s: JitState, p: Program, g: number, cycles: number, now: number): void {
  cp.clock += now - s.mark;
  s.mark = now;
  if (cp.heat[g] === 0 && cycles > 0) cp.from[g] = cp.clock - cycles;
  cp.heat[g] += cycles;
  const hot = jitOptions.hotCycles, heat = cp.heat[g];
  if (heat < hot || cp.translations[g] >= MAX_TRANSLATIONS) return;
  if (hot > 0 && heat * (cp.translations[g] === 0 ? 64 : 16) < cp.clock - cp.from[g]) return;
  cp.translations[g]++;
  cp.heat[g] = 0;
  const chosen = chooseBlocks(p, cp.l, g, cp.seen);
  if (chosen === null) return; // only entered mid-block so far
  const { starts, body } = chosen;
  // The sourceURL names the region in profiles (--cpu-prof) and stack traces.
  const name = `guest-region-${g}-0x${(p.codeStart + 4 * cp.l.regionStart[g]).toString(16)}-${cp.translations[g]}.js`;
  const fn = new Function("b", "budget", "S", `${body}\n//# sourceURL=${name}`) as RegionFn;
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

/** The blocks of region g to translate and their function body: those that ran with
 * the callees copied in, or, when that is longer than MAX_SOURCE, with fewer copied
 * callees, then none and only the blocks reached most often (the rest stays on the
 * interpreter). null when no block of g itself has run. */
export function chooseBlocks(p: Program, l: Layout, g: number, seen: Uint8Array): { starts: number[]; body: string } | null {
  const own = (starts: number[]) => starts.some((slot) => l.regionOf[slot] === g);
  let starts = regionWithCallees(p, l, g, seen);
  if (!own(starts)) return null;
  let body = regionBody(p, g, starts, l.leader);
  for (let inlined = MAX_INLINED >> 1; body.length > MAX_SOURCE && inlined >= MAX_INLINED >> 4; inlined >>= 1) {
    starts = regionWithCallees(p, l, g, seen, inlined);
    body = regionBody(p, g, starts, l.leader);
  }
  for (let minSeen = 1; body.length > MAX_SOURCE && minSeen <= 256; minSeen *= 2) {
    starts = regionBlocks(p, l, g, seen, minSeen);
    if (!own(starts)) return null;
    body = regionBody(p, g, starts, l.leader);
  }
  return body.length > MAX_SOURCE ? null : { starts, body };
}

function jitState(m: Machine): JitState {
  if (m.jit) return m.jit as JitState;
  const compiled = compiledFor(m.program);
  const mem = m.mem;
  const env: JitEnv = {
    r: m.regs, w32: mem.w32, u8: mem.u8, i8: mem.i8, u16: mem.u16, i16: mem.i16, st: mem.stamp,
    C: m.counts, M: mem, m, lid: compiled.localId, rof: compiled.l.regionOf, fns: compiled.fns, tabs: compiled.tabs, depth: 0,
    raise: raiseFault, sys: syscall, ld: loadSlow, sd: storeSlow, mulh, mulhsu, mulhu,
  };
  const s: JitState = { compiled, env, mark: m.counts[CYCLES] };
  m.jit = s;
  return s;
}

/** The slow path of a load from address t (translated code takes it when the word's
 * stamp is not current or t & align is not 0): 0 once the word is readable and
 * stamped (memory.ts), else the fault, in the interpreter's order. */
function loadSlow(M: Machine["mem"], t: number, align: number): number {
  if ((t & align) !== 0) return FAULT.LOAD_MISALIGNED;
  const w = t >>> 2;
  return (M.stamp[w] | 1) === M.tag || M.firstRead(w) ? 0 : FAULT.LOAD_ACCESS;
}

/** The same for a store. */
function storeSlow(M: Machine["mem"], t: number, align: number): number {
  if ((t & align) !== 0) return FAULT.STORE_MISALIGNED;
  const w = t >>> 2;
  return M.stamp[w] === M.tag || M.firstWrite(w) ? 0 : FAULT.STORE_ACCESS;
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
      heat: new Float64Array(regions), from: new Float64Array(regions), translations: new Int32Array(regions), clock: 0,
    };
    cache.set(p, cp);
  }
  return cp;
}
