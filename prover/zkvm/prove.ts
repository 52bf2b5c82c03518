// Setup, prove and verify a run of an RV32IM program (one proof covering the whole run;
// segments under a shared challenge come next, see prover/chips/README.md).
//
//   const pk = await setupProgram(program, config);
//   const { proof, statement } = await proveProgram(pk, program, { input, hints });
//   verifyRun(pk.vk, proof, statement)  // { ok: true } or { ok: false, check, reason }
import { setup, prove, verify, type ProvingKey, type VerifyingKey, type StarkConfig, type StarkProof, type VerifyResult } from "../stark/index.ts";
import { Machine } from "../riscv/machine.ts";
import type { Program } from "../riscv/program.ts";
import { EventRecorder, MAX_RUN_CYCLES, type ForgeHook, type MemoryState, type SegmentEvents } from "../chips/events.ts";
import { RV32_AIRS, rv32Preprocessed, rv32Traces } from "../chips/rv32.ts";
import { statementBusSum, statementPublicValues, type RunStatement } from "../chips/statement.ts";
import type { ProverStats } from "../stark/prover.ts";

export type ProgramKeys = { pk: ProvingKey; vk: ProgramVk };

/** What a verifier needs about the program: the STARK key (which commits to the code
 * and the initial image) and the entry point. */
export type ProgramVk = { stark: VerifyingKey; entry: number };

export async function setupProgram(program: Program, config: StarkConfig): Promise<ProgramKeys> {
  const pk = await setup(config, RV32_AIRS, rv32Preprocessed(program));
  return { pk, vk: { stark: pk.vk, entry: program.entry } };
}

export type ProveOptions = { input?: Uint8Array; hints?: Uint8Array; maxCycles?: number };

export type RunProof = { proof: StarkProof; statement: RunStatement; publicOutput: Uint8Array; stats: ProverStats; traces: Uint32Array[][] };

/** A run's events, final memory state and statement: what the traces are built from. */
export type RecordedRun = {
  events: SegmentEvents;
  state: MemoryState;
  statement: RunStatement;
  /** fd 3 (committed through the output digest), fds 1 and 2 (debug). */
  publicOutput: Uint8Array;
  stdout: Uint8Array;
  stderr: Uint8Array;
};

/** Executes the program, recording the chips' events. A guest that faults throws its
 * GuestError; one that does not exit within the cycle cap throws. `forge` is test-only
 * (events.ts ForgeHook). */
export function recordRun(program: Program, opts: ProveOptions = {}, forge?: ForgeHook): RecordedRun {
  const input = opts.input ?? new Uint8Array(0);
  const m = new Machine(program, { input, hints: opts.hints });
  try {
    const limit = Math.min(opts.maxCycles ?? MAX_RUN_CYCLES, MAX_RUN_CYCLES);
    const rec = new EventRecorder(m, forge);
    const events = rec.recordSegment(limit);
    if (!m.halted) throw new Error(`the guest did not exit within ${limit} cycles`);
    const statement: RunStatement = {
      entry: program.entry, cycles: events.instructions.count, exitCode: m.exitCode,
      outputDigestWords: m.outputDigestWords, input,
    };
    return { events, state: rec.state, statement, publicOutput: m.publicOutput.bytes(), stdout: m.stdout.bytes(), stderr: m.stderr.bytes() };
  } finally {
    m.dispose();
  }
}

/** The main traces of every table for a recorded run. */
export function runTraces(keys: ProgramKeys, run: RecordedRun): Uint32Array[][] {
  return rv32Traces(keys.pk.prep.map((p) => p?.trace ?? null), run.events, run.state, run.statement.input);
}

/** Proves a recorded run from its traces. */
export async function proveTraces(keys: ProgramKeys, run: RecordedRun, traces: Uint32Array[][]): Promise<RunProof> {
  const pub = statementPublicValues(run.statement);
  const { proof, stats } = await prove(keys.pk, traces.map((main, t) => ({ main, publicValues: t === 0 ? pub : new Uint32Array(0) })));
  return { proof, statement: run.statement, publicOutput: run.publicOutput, stats, traces };
}

/** Executes the program and proves the run. */
export async function proveProgram(keys: ProgramKeys, program: Program, opts: ProveOptions = {}): Promise<RunProof> {
  const run = recordRun(program, opts);
  return proveTraces(keys, run, runTraces(keys, run));
}

/** Checks the proof against the program's key and the claimed statement. */
export function verifyRun(vk: ProgramVk, proof: StarkProof, statement: RunStatement): VerifyResult {
  if (statement.entry !== vk.entry) return { ok: false, check: "statement", reason: `entry 0x${statement.entry.toString(16)} is not the program's` };
  const pub = statementPublicValues(statement);
  const got = proof.tables[0]?.publicValues;
  if (!got || got.length !== pub.length || got.some((v, i) => v !== pub[i])) {
    return { ok: false, check: "statement", reason: "the proof is for another statement (input, exit code, output digest or cycles)" };
  }
  return verify(vk.stark, proof, { publicBusSum: (ch) => statementBusSum(statement, ch) });
}
