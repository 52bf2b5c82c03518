// Regenerates one segment from its minimal trace alone: a blank machine gets the
// segment's start state, the touched words' starting values and its hints, and runs
// the segment's cycles. An honest trace reproduces the segment exactly: same end state,
// same touch log, all its hints consumed. This is what a prover worker does before
// filling a segment's chips.
import { fastRun } from "../riscv/jit.ts";
import { interpRun } from "../riscv/interp.ts";
import { CYCLES, Machine } from "../riscv/machine.ts";
import { GuestError, hex } from "../riscv/errors.ts";
import type { Program } from "../riscv/program.ts";
import { TraceRecorder, type SegmentTrace } from "./minimal-trace.ts";
import type { EmulatorKind } from "./execute.ts";

export interface Replay {
  segment: SegmentTrace;
  /** Public output the segment wrote. */
  publicOutput: Uint8Array;
}

export function replaySegment(program: Program, seg: SegmentTrace, emulator: EmulatorKind = "interp"): Replay {
  const m = new Machine(program, { blank: true, hints: seg.hints });
  for (let j = 0; j < seg.memAddrs.length; j++) m.mem.storeWordInitial(seg.memAddrs[j], seg.memValues[j]);
  m.regs.set(seg.start.regs);
  m.pc = seg.start.pc;
  m.lastPc = seg.start.pc;
  m.counts[CYCLES] = seg.startCycle;
  try {
    const rec = new TraceRecorder();
    rec.begin(m);
    (emulator === "fast" ? fastRun : interpRun)(m, seg.startCycle + seg.cycles);
    const out = rec.end(m);
    out.index = seg.index;
    return { segment: out, publicOutput: m.publicOutput.bytes() };
  } finally {
    m.dispose();
  }
}

/** The first way a replayed segment differs from the recorded one, or null. */
export function diffSegments(want: SegmentTrace, got: SegmentTrace): string | null {
  if (got.cycles !== want.cycles) return `ran ${got.cycles} cycles, the trace says ${want.cycles}`;
  if (got.halted !== want.halted) return `halted: ${got.halted}, the trace says ${want.halted}`;
  if (got.end.pc !== want.end.pc) return `ends at pc ${hex(got.end.pc)}, the trace says ${hex(want.end.pc)}`;
  for (let x = 0; x < 32; x++) {
    if (got.end.regs[x] !== want.end.regs[x]) return `x${x} ends as ${hex(got.end.regs[x])}, the trace says ${hex(want.end.regs[x])}`;
  }
  if (got.memAddrs.length !== want.memAddrs.length) return `touched ${got.memAddrs.length} words, the trace says ${want.memAddrs.length}`;
  for (let j = 0; j < got.memAddrs.length; j++) {
    if (got.memAddrs[j] !== want.memAddrs[j] || got.memValues[j] !== want.memValues[j]) {
      return `touch ${j}: ${hex(got.memAddrs[j])} = ${hex(got.memValues[j])}, the trace says ${hex(want.memAddrs[j])} = ${hex(want.memValues[j])}`;
    }
  }
  if (Buffer.compare(got.hints, want.hints) !== 0) return `consumed ${got.hints.length} hint bytes, the trace holds ${want.hints.length}`;
  return null;
}

/** Replays a segment: null if it reproduces its record, else what went wrong (a
 * difference, or the fault a tampered record led to). */
export function checkSegment(program: Program, seg: SegmentTrace, emulator: EmulatorKind = "interp"): string | null {
  try {
    return diffSegments(seg, replaySegment(program, seg, emulator).segment);
  } catch (e) {
    if (e instanceof GuestError) return `the replay fails: ${e.message}`;
    throw e;
  }
}

/** Replays every segment; throws naming the first one that does not reproduce. */
export function checkTrace(program: Program, segments: SegmentTrace[], emulator: EmulatorKind = "interp"): void {
  for (const seg of segments) {
    const d = checkSegment(program, seg, emulator);
    if (d) throw new Error(`segment ${seg.index} does not replay from its minimal trace: ${d}`);
  }
}
