// Stage 3 of the lifecycle: run a guest ELF on its committed input and uncommitted
// hints, cut the run into segments, and return the minimal trace, the segmentation
// plan and the statement's public parts (exit code, public output, its digest).
// Either emulator gives the same result; the fast one is the default.
import { createHash } from "node:crypto";
import { GuestError, hex } from "../riscv/errors.ts";
import { fastRun } from "../riscv/jit.ts";
import { interpRun } from "../riscv/interp.ts";
import { Machine } from "../riscv/machine.ts";
import { loadProgram, type Program } from "../riscv/program.ts";
import { cpuState, TraceRecorder, type CpuState, type MinimalTrace, type SegmentTrace } from "./minimal-trace.ts";
import { checkSegmentCycles, makePlan, type SegmentationPlan } from "./segmentation.ts";

export type EmulatorKind = "fast" | "interp";
export const DEFAULT_SEGMENT_CYCLES = 1 << 20;
export const DEFAULT_MAX_CYCLES = 2 ** 32;

export interface ExecuteOptions {
  /** Committed input, placed in the input region (default: empty). */
  input?: Uint8Array;
  /** Uncommitted hint stream, read through fd 4 (default: empty). */
  hints?: Uint8Array;
  emulator?: EmulatorKind;
  /** Cycles per segment, a power of two (default 2^20). */
  segmentCycles?: number;
  /** The run fails with a cycle-limit error if it has not exited by then (default 2^32). */
  maxCycles?: number;
  /** Called after each segment with the cycles run so far. */
  onProgress?: (cycles: number) => void;
  /** Called after each segment with its trace and the machine (for tests and tools;
   * the machine is only valid during the call). */
  onSegment?: (segment: SegmentTrace, machine: Machine) => void;
}

export interface ExecutionResult {
  emulator: EmulatorKind;
  exitCode: number;
  cycles: number;
  /** What the guest wrote to fd 3: committed. */
  publicOutput: Uint8Array;
  /** The 32-byte SHA-256 the guest computed over its public output and passed at exit
   * (checked equal to sha256(publicOutput)); null if the guest passed a1 = 0. */
  outputDigest: Uint8Array | null;
  stdout: Uint8Array;
  stderr: Uint8Array;
  input: Uint8Array;
  inputDigest: Uint8Array;
  elfDigest: Uint8Array;
  final: CpuState;
  trace: MinimalTrace;
  plan: SegmentationPlan;
  /** sha256 over the nonzero 4 KiB pages of the final memory (Memory.digest). */
  memoryDigest: string;
}

export function execute(elf: Uint8Array | Program, opts: ExecuteOptions = {}): ExecutionResult {
  const program = elf instanceof Uint8Array ? loadProgram(elf) : elf;
  const segmentCycles = opts.segmentCycles ?? DEFAULT_SEGMENT_CYCLES;
  checkSegmentCycles(segmentCycles);
  const input = opts.input ?? new Uint8Array(0);
  const m = new Machine(program, { input, hints: opts.hints });
  try {
    return runSegments(m, input, segmentCycles, opts);
  } finally {
    m.dispose();
  }
}

function runSegments(m: Machine, input: Uint8Array, segmentCycles: number, opts: ExecuteOptions): ExecutionResult {
  const maxCycles = opts.maxCycles ?? DEFAULT_MAX_CYCLES;
  const emulator = opts.emulator ?? "fast";
  const run = emulator === "fast" ? fastRun : interpRun;
  const rec = new TraceRecorder();
  while (!m.halted) {
    if (m.cycles >= maxCycles) {
      throw new GuestError("cycle-limit", `cycle limit of ${maxCycles} reached before the guest exited`, m.pc, m.cycles);
    }
    rec.begin(m);
    run(m, Math.min(m.cycles + segmentCycles, maxCycles));
    const seg = rec.end(m);
    opts.onSegment?.(seg, m);
    opts.onProgress?.(m.cycles);
  }
  const publicOutput = m.publicOutput.bytes();
  return {
    emulator,
    exitCode: m.exitCode,
    cycles: m.cycles,
    publicOutput,
    outputDigest: checkOutputDigest(m, publicOutput),
    stdout: m.stdout.bytes(),
    stderr: m.stderr.bytes(),
    input,
    inputDigest: sha256(input),
    elfDigest: m.program.elfDigest,
    final: cpuState(m),
    trace: { segmentCycles, segments: rec.segments },
    plan: makePlan(segmentCycles, rec.plans),
    memoryDigest: m.mem.digest(),
  };
}

/** The guest's digest words as bytes, after checking them against the output. */
function checkOutputDigest(m: Machine, publicOutput: Uint8Array): Uint8Array | null {
  const words = m.outputDigestWords;
  if (!words) return null;
  const got = new Uint8Array(32);
  const dv = new DataView(got.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w, false));
  const want = sha256(publicOutput);
  if (Buffer.compare(got, want) !== 0) {
    throw new GuestError(
      "output-digest",
      `the guest's public-output digest (8 words at ${hex(m.regs[11])}) is ${Buffer.from(got).toString("hex")}, ` +
        `but sha256 of the ${publicOutput.length} public-output bytes is ${Buffer.from(want).toString("hex")}`,
      m.pc, m.cycles,
    );
  }
  return got;
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}
