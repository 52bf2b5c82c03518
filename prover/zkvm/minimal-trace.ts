// The minimal trace: what the prover needs to regenerate each segment's witness on its
// own, in parallel, without re-running the program from the start (the counterpart of
// ZisK's minimal trace). Per segment:
//   - the cpu state at its start (pc, x0..x31) and at its end;
//   - the touch log: every distinct memory word the segment reads or writes (loads,
//     stores and syscall buffers), in first-touch order, with its value when the
//     segment began. Replaying from it reproduces the segment exactly (replay.ts), and
//     it is the segment's view of memory that a memory argument links to the others;
//   - the hint bytes the segment consumed (hints are not committed, so they travel here).
// Instruction fetches are not logged: code is read-only and part of the program image.
import { CLASS_BASE, COUNT_SLOTS, type Machine } from "../riscv/machine.ts";
import { rowsFromCounts, type SegmentPlan } from "./segmentation.ts";

export interface CpuState {
  pc: number;
  /** x0..x31 as unsigned words (x0 is 0). */
  regs: Uint32Array;
}

export interface SegmentTrace {
  index: number;
  startCycle: number;
  cycles: number;
  start: CpuState;
  end: CpuState;
  /** The guest halted in this segment (the last one). */
  halted: boolean;
  /** Byte addresses (4-aligned) of the words touched, in first-touch order. */
  memAddrs: Uint32Array;
  /** Each word's value when the segment began. */
  memValues: Uint32Array;
  hints: Uint8Array;
}

export interface MinimalTrace {
  segmentCycles: number;
  segments: SegmentTrace[];
}

/** Bytes the trace takes in the artifact's encoding (artifact.ts). */
export function traceBytes(t: MinimalTrace): number {
  let n = 0;
  for (const s of t.segments) n += SEGMENT_FIXED_BYTES + 8 * s.memAddrs.length + ((s.hints.length + 3) & ~3);
  return n;
}
/** index, startCycle (u64), cycles, flags, 2 x (pc + 32 regs), memCount, hintLen */
export const SEGMENT_FIXED_BYTES = 4 + 8 + 4 + 4 + 2 * 33 * 4 + 4 + 4;

export function cpuState(m: Machine): CpuState {
  return { pc: m.pc, regs: new Uint32Array(m.regs.buffer, 0, 32).slice() };
}

/** Cuts a running machine's execution into segments and records each one. */
export class TraceRecorder {
  readonly segments: SegmentTrace[] = [];
  readonly plans: SegmentPlan[] = [];
  private start: CpuState | null = null;
  private startCycle = 0;
  private hintStart = 0;

  /** Call before running a segment. */
  begin(m: Machine): void {
    m.mem.newSegment();
    m.mem.logLen = 0;
    m.counts.fill(0, CLASS_BASE, COUNT_SLOTS);
    this.start = cpuState(m);
    this.startCycle = m.cycles;
    this.hintStart = m.hintPos;
  }

  /** Call after running it: records the segment that just ended. */
  end(m: Machine): SegmentTrace {
    const mem = m.mem, n = mem.logLen >>> 1;
    const memAddrs = new Uint32Array(n), memValues = new Uint32Array(n);
    for (let j = 0; j < n; j++) {
      memAddrs[j] = mem.log[2 * j] * 4;
      memValues[j] = mem.log[2 * j + 1];
    }
    const seg: SegmentTrace = {
      index: this.segments.length,
      startCycle: this.startCycle,
      cycles: m.cycles - this.startCycle,
      start: this.start!,
      end: cpuState(m),
      halted: m.halted,
      memAddrs,
      memValues,
      hints: m.hints.slice(this.hintStart, m.hintPos),
    };
    this.segments.push(seg);
    this.plans.push({ index: seg.index, startCycle: seg.startCycle, cycles: seg.cycles, rows: rowsFromCounts(m.counts, n) });
    return seg;
  }
}
