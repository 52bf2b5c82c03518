// The fast emulator: a tiered translator. Code starts on the interpreter, one basic
// block at a time; a region (jit-regions.ts, roughly one guest function) that has run
// jitOptions.hotCycles cycles that way is translated into one JavaScript function
// (jit-codegen.ts), which then runs every block of that region it is entered at.
// Translation is cached per program: a second run of the same program starts warm,
// and every machine calls the same (already optimised) functions with its own state.
// Short programs, and the cold parts of long ones, never pay for translation: issue
// 10 measured a branchy 6,100-instruction program 10x slower when everything was
// translated up front.
//
// A new translation is on probation (a candidate): V8 runs a new function unoptimised,
// 5-30x slower than the optimised interpreter loop, until TurboFan has compiled it
// (0.1-2 s for a big one on a loaded machine, and again after each deoptimisation).
// So the interpreter keeps running the region, and the candidate runs in short timed
// probe calls, paid from a time account (PROBE_MARGIN of the interpreted time, plus
// what adopted functions save); once a window of probes runs as fast as the
// interpreter, the candidate is adopted. An adopted function found slow again (timed
// now and then) goes back on probation. A program's first run, translation included,
// is then about as fast as the interpreter's or faster (issue 10: 22 s against 7.8 s
// for the benchmark's first runs before). Once a program has run PROBATION_CYCLES, its
// translations are adopted at once: it runs long enough to pay for V8's warm-up.
//
// Both tiers share the machine state and stop at exactly the same instruction: the
// dispatcher interprets the last MAX_BLOCK cycles before a segment boundary, and a
// region function leaves before a block that does not fit its cycle budget.
import { mulh, mulhsu, mulhu } from "./alu.ts";
import { blockLength, FAULT, regionBody } from "./jit-codegen.ts";
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
 * set 0 to translate everything on first use). adoptAfter: null (the default) adopts
 * a new translation once timed probe calls show it running at least as fast as the
 * interpreter; a number adopts it after that many probe calls, timing nothing (tests:
 * 0 adopts at once). */
export const jitOptions: { hotCycles: number; adoptAfter: number | null; now: () => number } = {
  hotCycles: 131072, adoptAfter: null, now: () => performance.now(),
};

/** Most cycles the interpreter runs per trip for cold code. */
const COLD_CHUNK = 4096;
/** Most cycles of one probe call of a translation on probation: a call of
 * unoptimised code that runs at 1 MHz still returns within a few ms. */
const PROBE_CHUNK = 4096;
/** Most translations of one region. */
const MAX_TRANSLATIONS = 4;
/** The fast emulator may spend this much more time on a program than the interpreter
 * would (as estimated from the interpreter's measured speed on it) before it stops
 * translating and probing: the cold-start cost of new region functions is paid from
 * this margin and from the time that adopted functions have saved. */
export const PROBE_MARGIN = 1 / 32;
/** Probation lasts until the program has run PROBATION_CYCLES on the fast emulator
 * (over all its runs: about a second on the interpreter); from then on every
 * translation is adopted at once (and so are the candidates at their next call): a
 * program that runs that long is worth bringing up to full speed, and V8 brings a big
 * function up to speed only after it has run unoptimised for a while, and again after
 * each deoptimisation, which probes at a few percent of the time would stretch over
 * tens of seconds (measured: calc and numbers still at the interpreter's speed after
 * 10 s of runs). */
export const PROBATION_CYCLES = 1 << 27;

/** null while translations are judged by timed probes, else the probe calls after
 * which a candidate is adopted. */
function adoptAfter(cp: Compiled): number | null {
  return jitOptions.adoptAfter ?? (cp.spentCycles < PROBATION_CYCLES ? null : 0);
}
/** A translation on probation is judged on windows of at least this much probe time. */
export const ADOPT_WINDOW_MS = 0.5;
/** ... and adopted once its probes run at least this multiple of the interpreter's
 * speed on the program (with a margin: its speed swings from call to call). */
const ADOPT_SPEED = 1.25;
/** The interpreter's speed is a running figure: its sums halve past this much time. */
const RATE_WINDOW_MS = 100;
/** Most cycles of one call of an adopted function, and the cycles between timed calls:
 * the function goes back on probation when a window of those runs slower than
 * DEMOTE_SPEED of the interpreter. */
const RUN_CHUNK = 1 << 14;
const SAMPLE_CYCLES = 1 << 14;
const DEMOTE_SPEED = 0.5;
/** Calls of a newly adopted function that are all timed: V8 may deoptimise it as soon
 * as it takes paths its probes did not (seen: 2 MHz right after adoption). */
const TRIAL_CALLS = 2048;
/** Most regions on probation at once (with timed probes): the time account pays for
 * bringing a few new functions up to speed rather than for translating many. */
const MAX_CANDIDATES = 2;
/** What the last translation took (ms) per instruction, in this process: a
 * translation waits for that much credit (in a fresh process, where the code
 * generator itself runs unoptimised, one of ~1,000 instructions took 70 ms; later
 * ones a few ms). */
let msPerInsn = 0.1;
/** Most credit (ms) the time account holds. */
const CREDIT_MAX = 100;

interface Compiled {
  l: Layout;
  /** slot -> block id within its region's adopted function, -1 elsewhere (not a block
   * start, or the region has no adopted function). The generated code's `lid`. */
  localId: Int32Array;
  /** slot -> block id within its region's function on probation (cand), -1 elsewhere */
  probeId: Int32Array;
  /** slot -> 0 where localId or probeId is set, else -1: where the interpreter stops
   * while probes are allowed */
  stopAll: Int32Array;
  /** per region: its adopted function, and its newer translation on probation */
  fns: (RegionFn | undefined)[];
  cand: (RegionFn | undefined)[];
  /** per translation: its block id of each slot from its first block to its last, or -1 */
  tabs: (Int32Array | undefined)[];
  /** per region: cycles run on the interpreter since it was first reached or last
   * adopted, the clock then, and how many times it has been translated */
  heat: Float64Array;
  from: Float64Array;
  /** per region: instructions its next translation would hold (translatedInsns), 0
   * until counted */
  size: Float64Array;
  translations: Int32Array;
  /** per region: probe calls of the candidate, and its probe cycles and ms in the
   * current window */
  probes: Float64Array;
  probeCycles: Float64Array;
  probeMs: Float64Array;
  /** per region: cycles and ms of the timed calls of its adopted function (a window),
   * and how many of its next calls are all timed */
  trial: Int32Array;
  runCycles: Float64Array;
  runMs: Float64Array;
  /** regions with a candidate; adoptions and demotions so far */
  candidates: number;
  adoptions: number;
  demotions: number;
  /** cycles run by every machine on this program, as far as warm() has seen */
  clock: number;
  /** the time account that pays for translations and probes (ms, see account()), the
   * ms spent in fastRun on this program, and the interpreter's speed on it (cycles and
   * ms of timed chunks, a running window) */
  credit: number;
  spentMs: number;
  spentCycles: number;
  interpCycles: number;
  interpMs: number;
  /** the best figure of a past window (interpSpeed()) */
  interpPeak: number;
  /** slot -> times the interpreter reached it at a block start (saturating) */
  seen: Uint8Array;
  /** the interpreter stops at adopted code only, or at candidates too (probing) */
  hooks: TierHooks;
  hooksProbing: TierHooks;
}

/** What one fastRun call spent on interpreting, probing and translating. */
interface Accounting { chunkMs: number; chunkCycles: number; probeMs: number; probeCycles: number; translateMs: number }

interface JitState {
  compiled: Compiled;
  env: JitEnv;
  acc: Accounting;
  /** the cycle count from which the next call of an adopted function is timed */
  nextSample: number;
  /** this machine's cycle count when it last advanced the program's clock */
  mark: number;
}

const cache = new WeakMap<Program, Compiled>();

/** Runs until `until` cycles have retired in total, or the guest halts. */
export function fastRun(m: Machine, until: number): void {
  if (m.halted) return;
  const s = jitState(m);
  const cp = s.compiled, fns = cp.fns, env = s.env, C = m.counts, localId = cp.localId, probeId = cp.probeId, regionOf = cp.l.regionOf;
  const base = m.program.codeStart, n = m.program.codeWords, now = jitOptions.now;
  // This call's time and cycles, and those of its interpreter chunks, probe calls and
  // translations: the rest is adopted code (and the dispatcher), see account().
  const t0 = now(), c0 = C[CYCLES];
  const a = s.acc;
  a.chunkMs = a.chunkCycles = a.probeMs = a.probeCycles = a.translateMs = 0;
  env.depth = 0; // a fault may have left a call chain
  try {
    let pc = m.pc;
    for (;;) {
      const left = until - C[CYCLES];
      if (left <= 0) break;
      const i = (pc - base) >>> 2;
      if (i >= n || (pc & 3) !== 0) {
        m.pc = pc;
        throw m.fetchError(pc);
      }
      m.pc = pc;
      if (left < MAX_BLOCK) {
        interpRun(m, until); // the boundary is near: both emulators stop at the same instruction
        return;
      }
      // A candidate (a translation on probation) runs in probe calls while the time
      // budget allows; otherwise the adopted function, if any, else the interpreter.
      const q = probeId[i];
      if (q >= 0 && mayProbe(cp)) {
        const g = regionOf[i], before = C[CYCLES], t = now();
        pc = cp.cand[g]!(q, left < PROBE_CHUNK ? left | 0 : PROBE_CHUNK, env);
        const ms = now() - t, cycles = C[CYCLES] - before;
        a.probeMs += ms;
        a.probeCycles += cycles;
        cp.credit += (cp.interpCycles > 0 ? cycles * (1 + PROBE_MARGIN) * (cp.interpMs / cp.interpCycles) : 0) - ms;
        probed(cp, g, cycles, ms);
        if (pc < 0) return;
        continue;
      }
      const id = localId[i];
      if (id >= 0) {
        // A small integer budget: a float argument would be boxed on every call.
        const budget = left < RUN_CHUNK ? left | 0 : RUN_CHUNK, g = regionOf[i];
        if (C[CYCLES] < s.nextSample && cp.trial[g] === 0) {
          pc = fns[g]!(id, budget, env);
        } else {
          // A call after every SAMPLE_CYCLES is timed (V8 may have deoptimised the
          // function), and every call of the first TRIAL_CALLS after its adoption.
          const before = C[CYCLES], t = now();
          pc = fns[g]!(id, budget, env);
          const ms = now() - t;
          if (cp.trial[g] > 0) cp.trial[g]--;
          else s.nextSample = C[CYCLES] + SAMPLE_CYCLES;
          sampled(cp, g, C[CYCLES] - before, ms);
        }
        if (pc < 0) return; // halted: the region set m.pc and m.lastPc
        continue;
      }
      // Cold code, or an entry that is not a block start: the interpreter runs up to
      // COLD_CHUNK cycles, marking the blocks it reaches and handing back where
      // translated code starts (candidates too while probes are allowed); the region
      // it started in gets the heat.
      const start = C[CYCLES], t = now();
      if (cp.seen[i] === 0) cp.seen[i] = 1;
      interpRun(m, left > COLD_CHUNK ? start + COLD_CHUNK : until, cp.candidates > 0 && mayProbe(cp) ? cp.hooksProbing : cp.hooks);
      const ms = now() - t, cycles = C[CYCLES] - start;
      a.chunkMs += ms;
      a.chunkCycles += cycles;
      cp.credit += PROBE_MARGIN * ms;
      interpreted(cp, cycles, ms);
      a.translateMs += warm(cp, s, m.program, regionOf[i], cycles, C[CYCLES]);
      if (m.halted) return;
      pc = m.pc;
    }
    m.pc = pc;
  } finally {
    account(cp, a, now() - t0, C[CYCLES] - c0);
  }
}

/** Whether the fast emulator may spend time on translating or probing now. */
export function mayProbe(cp: Compiled): boolean {
  return adoptAfter(cp) !== null || cp.credit > 0;
}

/** The time account (cp.credit, in ms) that pays for translating and probing: each
 * interpreted chunk adds PROBE_MARGIN of its time; a probe call adds what the
 * interpreter would have taken for its cycles (at its running speed, plus the margin)
 * less what the call took (both as they happen, fastRun); a translation takes its
 * time (warm()); at the end of each fastRun call, adopted code adds what the
 * interpreter would have taken for its cycles less its time, dispatcher included.
 * So the fast emulator is at most PROBE_MARGIN slower than the interpreter on a
 * program that runs too briefly for translation to pay off, and one whose adopted
 * functions save time buys faster warm-up with it (up to CREDIT_MAX ms at a time). */
export function account(cp: Compiled, a: Accounting, ms: number, cycles: number): void {
  const adoptedCycles = cycles - a.chunkCycles - a.probeCycles;
  if (adoptedCycles > 0 && cp.interpCycles > 0) {
    cp.credit += adoptedCycles * (1 + PROBE_MARGIN) * (cp.interpMs / cp.interpCycles) - (ms - a.chunkMs - a.probeMs - a.translateMs);
  }
  cp.credit = Math.min(cp.credit, CREDIT_MAX);
  cp.spentMs += ms;
  cp.spentCycles += cycles;
}

/** Whether a timed call or chunk took so long for its cycles (under 0.25 MHz, for
 * over 2 ms) that the process was more likely descheduled, or collecting garbage,
 * than running slow code: on a loaded machine a call of a few cycles takes 4-20 ms
 * now and then. Such a time is kept out of the speed figures (the time account still
 * pays for it). */
function preempted(cycles: number, ms: number): boolean {
  return ms > 2 && cycles < 250 * ms;
}

/** The interpreter's speed on the program (cycles/ms) that candidates and adopted
 * functions are held to: its recent figure, or the best one of a past window if that
 * was higher (in a fresh process the interpreter itself runs unoptimised at first,
 * and a new function that keeps up with it then is no sign that it will later). */
function interpSpeed(cp: Compiled): number {
  return Math.max(cp.interpPeak, cp.interpMs > 0 ? cp.interpCycles / cp.interpMs : 0);
}

/** Adds a timed interpreter chunk to the running speed figure. */
function interpreted(cp: Compiled, cycles: number, ms: number): void {
  if (preempted(cycles, ms)) return;
  cp.interpCycles += cycles;
  cp.interpMs += ms;
  if (cp.interpMs > RATE_WINDOW_MS) {
    cp.interpPeak = Math.max(cp.interpPeak, cp.interpCycles / cp.interpMs);
    cp.interpCycles /= 2;
    cp.interpMs /= 2;
  }
}

/** Accounts one probe call of region g's candidate; adopts the candidate when its
 * window of probe calls ran at least ADOPT_SPEED of the interpreter's speed (or, with
 * jitOptions.adoptAfter, after that many calls). A slower window starts a new one: V8
 * optimises a new function only after it has run a while, and the probes are that
 * while. */
export function probed(cp: Compiled, g: number, cycles: number, ms: number): void {
  cp.probes[g]++;
  const after = adoptAfter(cp);
  if (after !== null) {
    if (cp.probes[g] >= after) adopt(cp, g);
    return;
  }
  if (preempted(cycles, ms)) return;
  cp.probeCycles[g] += cycles;
  cp.probeMs[g] += ms;
  if (cp.probeMs[g] < ADOPT_WINDOW_MS) return;
  if (cp.probeCycles[g] >= ADOPT_SPEED * interpSpeed(cp) * cp.probeMs[g]) adopt(cp, g);
  else cp.probeCycles[g] = cp.probeMs[g] = 0;
}

/** Accounts a timed call of region g's adopted function; demotes the function to a
 * candidate when a window of such calls ran slower than DEMOTE_SPEED of the
 * interpreter's speed (V8 deoptimised it when it took a path it had no feedback for,
 * and will run it unoptimised until it has compiled it again). */
export function sampled(cp: Compiled, g: number, cycles: number, ms: number): void {
  if (adoptAfter(cp) !== null || preempted(cycles, ms)) return;
  cp.runCycles[g] += cycles;
  cp.runMs[g] += ms;
  if (cp.runMs[g] < ADOPT_WINDOW_MS) return;
  if (cp.runCycles[g] < DEMOTE_SPEED * interpSpeed(cp) * cp.runMs[g]) demote(cp, g);
  cp.runCycles[g] = cp.runMs[g] = 0;
}

/** Region g's adopted function goes back on probation (unless a newer translation is
 * on probation already: then only that one runs, in probe calls). */
function demote(cp: Compiled, g: number): void {
  const [lo, hi] = regionSlots(cp, g);
  const keep = cp.cand[g] === undefined;
  for (let i = lo; i < hi; i++) {
    if (keep) cp.probeId[i] = cp.localId[i];
    cp.localId[i] = -1;
    cp.stopAll[i] = cp.probeId[i] >= 0 ? 0 : -1;
  }
  if (keep) {
    cp.cand[g] = cp.fns[g];
    cp.candidates++;
    cp.probes[g] = cp.probeCycles[g] = cp.probeMs[g] = 0;
  }
  cp.fns[g] = undefined;
  cp.demotions++;
}

/** Region g's candidate becomes its function: the dispatcher, the interpreter's hooks
 * and other regions' calls (lid) now reach it. */
function adopt(cp: Compiled, g: number): void {
  const [lo, hi] = regionSlots(cp, g);
  for (let i = lo; i < hi; i++) {
    cp.localId[i] = cp.probeId[i];
    cp.probeId[i] = -1;
    cp.stopAll[i] = cp.localId[i] >= 0 ? 0 : -1;
  }
  cp.fns[g] = cp.cand[g];
  cp.cand[g] = undefined;
  cp.candidates--;
  cp.heat[g] = 0;
  cp.from[g] = cp.clock;
  cp.runCycles[g] = cp.runMs[g] = 0;
  cp.trial[g] = adoptAfter(cp) === null ? TRIAL_CALLS : 0;
  cp.adoptions++;
}

function regionSlots(cp: Compiled, g: number): [number, number] {
  const starts = cp.l.regionStart;
  return [starts[g], g + 1 < starts.length ? starts[g + 1] : cp.localId.length];
}

/** Adds interpreted cycles to region g; translates it once it is hot: it has run
 * jitOptions.hotCycles cycles on the interpreter, and those are at least 1/64 of what
 * the program ran since the region was first reached (so rarely used code stays on
 * the interpreter, however many runs add up its heat: each translation is a new
 * function that V8 runs unoptimised, and deoptimises when it takes a path it has not
 * seen, for seconds on a loaded machine), and the time budget allows (mayProbe). Translated
 * again, at most MAX_TRANSLATIONS times, when blocks that were not translated (they
 * had not run yet) have run that much since its adoption, and 1/16 of the cycles
 * since. A new translation is a candidate: it runs only in probe calls until adopted. */
function warm(cp: Compiled, s: JitState, p: Program, g: number, cycles: number, now: number): number {
  cp.clock += now - s.mark;
  s.mark = now;
  if (cp.heat[g] === 0 && cycles > 0) cp.from[g] = cp.clock - cycles;
  cp.heat[g] += cycles;
  const hot = jitOptions.hotCycles, heat = cp.heat[g];
  if (heat < hot || cp.translations[g] >= MAX_TRANSLATIONS || cp.cand[g] !== undefined) return 0;
  if (hot > 0 && heat * (cp.translations[g] === 0 ? 64 : 16) < cp.clock - cp.from[g]) return 0;
  const timed = adoptAfter(cp) === null;
  if (!mayProbe(cp) || (timed && cp.candidates >= MAX_CANDIDATES)) return 0;
  if (cp.size[g] === 0) cp.size[g] = translatedInsns(p, cp.l, g, cp.seen);
  if (timed && cp.credit < msPerInsn * cp.size[g]) return 0;
  const t0 = jitOptions.now();
  translate(cp, p, g);
  const ms = jitOptions.now() - t0;
  cp.credit -= ms;
  msPerInsn = ms / cp.size[g];
  cp.size[g] = 0; // counted again for a retranslation
  return ms;
}

/** Translates region g into a candidate (or, with jitOptions.adoptAfter = 0, straight
 * into its function). */
function translate(cp: Compiled, p: Program, g: number): void {
  cp.translations[g]++;
  cp.heat[g] = 0;
  const chosen = chooseBlocks(p, cp.l, g, cp.seen, cp.tabs.length);
  if (chosen === null) return; // only entered mid-block so far
  const { starts, body } = chosen;
  // The sourceURL names the region in profiles (--cpu-prof) and stack traces.
  const name = `guest-region-${g}-0x${(p.codeStart + 4 * cp.l.regionStart[g]).toString(16)}-${cp.translations[g]}.js`;
  const fn = new Function("b", "budget", "S", `${body}\n//# sourceURL=${name}`) as RegionFn;
  // Every translation has its own table: the adopted function keeps running (and a
  // function of an older translation still on the JS stack keeps its ids).
  const lo = starts[0], tab = new Int32Array(starts[starts.length - 1] - lo + 1).fill(-1);
  const [rlo, rhi] = regionSlots(cp, g);
  cp.probeId.fill(-1, rlo, rhi);
  starts.forEach((slot, id) => {
    tab[slot - lo] = id;
    if (cp.l.regionOf[slot] === g) { // copies keep their own ids there
      cp.probeId[slot] = id;
      cp.stopAll[slot] = 0;
    }
  });
  cp.tabs.push(tab);
  cp.cand[g] = fn;
  cp.candidates++;
  cp.probes[g] = cp.probeCycles[g] = cp.probeMs[g] = 0;
  if (adoptAfter(cp) === 0) adopt(cp, g);
}

/** About how many instructions region g's function would hold now: its blocks that
 * ran and the callees copied in, at most what fits MAX_SOURCE (the generated code
 * takes 30-50 characters an instruction). */
export function translatedInsns(p: Program, l: Layout, g: number, seen: Uint8Array): number {
  let insns = 0;
  for (const start of regionWithCallees(p, l, g, seen)) insns += blockLength(p, start, l.leader);
  return Math.max(1, Math.min(insns, MAX_SOURCE / 40));
}

/** The blocks of region g to translate and their function body: those that ran with
 * the callees copied in, or, when that is longer than MAX_SOURCE, with fewer copied
 * callees, then none and only the blocks reached most often (the rest stays on the
 * interpreter). null when no block of g itself has run. */
export function chooseBlocks(p: Program, l: Layout, g: number, seen: Uint8Array, tabIndex = g): { starts: number[]; body: string } | null {
  const own = (starts: number[]) => starts.some((slot) => l.regionOf[slot] === g);
  let starts = regionWithCallees(p, l, g, seen);
  if (!own(starts)) return null;
  let body = regionBody(p, g, starts, l.leader, tabIndex);
  for (let inlined = MAX_INLINED >> 1; body.length > MAX_SOURCE && inlined >= MAX_INLINED >> 4; inlined >>= 1) {
    starts = regionWithCallees(p, l, g, seen, inlined);
    body = regionBody(p, g, starts, l.leader, tabIndex);
  }
  for (let minSeen = 1; body.length > MAX_SOURCE && minSeen <= 256; minSeen *= 2) {
    starts = regionBlocks(p, l, g, seen, minSeen);
    if (!own(starts)) return null;
    body = regionBody(p, g, starts, l.leader, tabIndex);
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
  const s: JitState = { compiled, env, mark: m.counts[CYCLES], acc: { chunkMs: 0, chunkCycles: 0, probeMs: 0, probeCycles: 0, translateMs: 0 }, nextSample: 0 };
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
    const words = p.codeWords, seen = new Uint8Array(words);
    const localId = new Int32Array(words).fill(-1), probeId = new Int32Array(words).fill(-1), stopAll = new Int32Array(words).fill(-1);
    cp = {
      l, localId, probeId, stopAll, seen, hooks: { seen, stop: localId }, hooksProbing: { seen, stop: stopAll },
      fns: new Array(regions).fill(undefined), cand: new Array(regions).fill(undefined),
      tabs: [],
      heat: new Float64Array(regions), from: new Float64Array(regions), size: new Float64Array(regions), translations: new Int32Array(regions),
      probes: new Float64Array(regions), probeCycles: new Float64Array(regions), probeMs: new Float64Array(regions),
      trial: new Int32Array(regions), runCycles: new Float64Array(regions), runMs: new Float64Array(regions), candidates: 0, adoptions: 0, demotions: 0,
      clock: 0, credit: 0, spentMs: 0, spentCycles: 0, interpCycles: 0, interpMs: 0, interpPeak: 0,
    };
    cache.set(p, cp);
  }
  return cp;
}
