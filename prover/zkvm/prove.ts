// Setup, prove and verify a run of an RV32IM program, segment by segment under one
// shared bus challenge (shared/design.md, "Prove"; seed 000):
//   1. execute, cutting the run into segments; commit every segment's main trace (and
//      the run's memory tables), keeping only the Merkle roots;
//   2. each root becomes a share (a curve point, shares.ts); the shares add up, order-
//      independently, to one point; the bus challenges are drawn from it with the VK and
//      the statement;
//   3. execute again and finish each segment's proof under those challenges, regenerating
//      its trace rather than holding all of them.
// The verifier recomputes the shares from the proofs' roots, the challenges from their
// sum, verifies each proof under them, and checks that all tables' bus sums plus the
// statement's tokens add to zero (no single proof balances).
//
//   const keys = await setupProgram(program, config);
//   const run = await proveProgram(keys, program, { input, hints });
//   verifyRun(keys.vk, run.proofs, run.statement)  // { ok: true } | { ok: false, check, reason }
import { setup, prove, verify, commitMainTraces, type ProvingKey, type VerifyingKey, type StarkConfig, type StarkProof, type VerifyResult } from "../stark/index.ts";
import { checkBusMultiplicities } from "../air/multiplicity.ts";
import { extAdd, isZero, type Ext } from "../field/extension.ts";
import { Machine } from "../riscv/machine.ts";
import type { Program } from "../riscv/program.ts";
import { EventRecorder, MAX_RUN_CYCLES, type ForgeHook, type MemoryState, type SegmentEvents } from "../chips/events.ts";
import { MEMORY_AIRS, SEGMENT_AIRS, STATEMENT_TABLE, memoryPreprocessed, memoryTraces, segmentPreprocessed, segmentTraces } from "../chips/run-tables.ts";
import { statementBusSum, statementPublicValues, type RunStatement } from "../chips/statement.ts";
import { MIN_LOG_ROWS } from "../chips/layout.ts";
import { deriveChallenges, shareOfRoot, sumShares, type Share } from "./shares.ts";
import { programVkDigest } from "./program-digest.ts";
import type { ProverStats } from "../stark/prover.ts";

export const DEFAULT_PROVE_SEGMENT_CYCLES = 1 << 18;

/** What a verifier needs about the program: the segment and memory STARK keys (which
 * commit to the code, the initial image and the parameters) and the entry point. */
export type ProgramVk = { segment: VerifyingKey; memory: VerifyingKey; entry: number };
export type ProgramKeys = { segment: ProvingKey; memory: ProvingKey; vk: ProgramVk };

export async function setupProgram(program: Program, config: StarkConfig): Promise<ProgramKeys> {
  if (config.friLogFinalDegree > MIN_LOG_ROWS) {
    throw new Error(`the zkVM's tables can be as short as 2^${MIN_LOG_ROWS} rows; friLogFinalDegree ${config.friLogFinalDegree} needs 2^${config.friLogFinalDegree}`);
  }
  const segment = await setup(config, SEGMENT_AIRS, segmentPreprocessed(program));
  const memory = await setup(config, MEMORY_AIRS, memoryPreprocessed(program));
  return { segment, memory, vk: { segment: segment.vk, memory: memory.vk, entry: program.entry } };
}

export type ProveOptions = {
  input?: Uint8Array;
  hints?: Uint8Array;
  maxCycles?: number;
  /** Cycles per segment, a power of two (default 2^18). */
  segmentCycles?: number;
  onProgress?: (what: string) => void;
};

/** A recorded run: every segment's events held in memory (tests, small runs). */
export type RecordedRun = {
  segments: SegmentEvents[];
  state: MemoryState;
  statement: RunStatement;
  /** fd 3 (committed through the output digest), fds 1 and 2 (debug). */
  publicOutput: Uint8Array;
  stdout: Uint8Array;
  stderr: Uint8Array;
};

/** Proofs of a run: the memory proof first, then one per segment. */
export type RunProof = { proofs: StarkProof[]; statement: RunStatement; publicOutput: Uint8Array; stats: ProverStats };

/** Runs a program segment by segment, recording each segment's events on demand. */
export class SegmentRunner {
  private readonly m: Machine;
  private readonly rec: EventRecorder;
  private readonly segmentCycles: number;
  private readonly limit: number;
  private readonly input: Uint8Array;
  private readonly entry: number;
  cycles = 0;
  index = 0;

  constructor(program: Program, opts: ProveOptions, forge?: ForgeHook) {
    this.input = opts.input ?? new Uint8Array(0);
    this.segmentCycles = opts.segmentCycles ?? DEFAULT_PROVE_SEGMENT_CYCLES;
    if (!Number.isInteger(Math.log2(this.segmentCycles)) || this.segmentCycles < 4) {
      throw new Error(`segment cycles must be a power of two >= 4, got ${this.segmentCycles}`);
    }
    this.limit = Math.min(opts.maxCycles ?? MAX_RUN_CYCLES, MAX_RUN_CYCLES);
    this.entry = program.entry;
    this.m = new Machine(program, { input: this.input, hints: opts.hints });
    this.rec = new EventRecorder(this.m, forge);
  }

  get halted(): boolean {
    return this.m.halted;
  }

  /** The next segment's events, or null after the guest exited. A fault throws its GuestError. */
  next(): SegmentEvents | null {
    if (this.m.halted) return null;
    if (this.cycles >= this.limit) throw new Error(`the guest did not exit within ${this.limit} cycles`);
    const ev = this.rec.recordSegment(Math.min(this.segmentCycles, this.limit - this.cycles));
    this.cycles += ev.instructions.count;
    this.index++;
    return ev;
  }

  /** After the last segment: the statement, the outputs and the final memory state. */
  finish() {
    const m = this.m;
    const statement: RunStatement = { entry: this.entry, cycles: this.cycles, exitCode: m.exitCode, outputDigestWords: m.outputDigestWords, input: this.input };
    const out = { state: this.rec.state, statement, publicOutput: m.publicOutput.bytes(), stdout: m.stdout.bytes(), stderr: m.stderr.bytes() };
    m.dispose();
    return out;
  }

  dispose(): void {
    this.m.dispose();
  }
}

/** Executes and keeps every segment's events (`forge` is test-only: events.ts ForgeHook). */
export function recordRun(program: Program, opts: ProveOptions = {}, forge?: ForgeHook): RecordedRun {
  const runner = new SegmentRunner(program, opts, forge);
  try {
    const segments: SegmentEvents[] = [];
    for (let ev = runner.next(); ev; ev = runner.next()) segments.push(ev);
    return { segments, ...runner.finish() };
  } catch (e) {
    runner.dispose();
    throw e;
  }
}

const tablesOf = (traces: Uint32Array[][], pub: (t: number) => Uint32Array = () => new Uint32Array(0)) =>
  traces.map((main, t) => ({ main, publicValues: pub(t) }));

/** The memory proof's traces (public values: the statement on its dynamic table). */
function memoryTables(keys: ProgramKeys, state: MemoryState, statement: RunStatement) {
  const pub = statementPublicValues(statement);
  const traces = memoryTraces(keys.memory.prep.map((p) => p?.trace ?? null), state, statement.input);
  return tablesOf(traces, (t) => (t === STATEMENT_TABLE ? pub : new Uint32Array(0)));
}

export function segmentTables(keys: ProgramKeys, ev: SegmentEvents) {
  return tablesOf(segmentTraces(keys.segment.prep.map((p) => p?.trace ?? null), ev));
}

/**
 * Proves a run from a way to produce each segment's tables (called twice per segment:
 * once to commit, once to prove) and the memory proof's tables.
 */
async function proveSegments(
  keys: ProgramKeys, count: number, segmentAt: (i: number) => Promise<ReturnType<typeof segmentTables>> | ReturnType<typeof segmentTables>,
  memory: ReturnType<typeof memoryTables>, statement: RunStatement, progress: (what: string) => void,
): Promise<{ proofs: StarkProof[]; stats: ProverStats }> {
  const shares: Share[] = [shareOfRoot(keys.vk.memory.digest, await commitMainTraces(keys.memory, memory))];
  for (let i = 0; i < count; i++) {
    progress(`segment ${i + 1}/${count}: committing`);
    shares.push(shareOfRoot(keys.vk.segment.digest, await commitMainTraces(keys.segment, await segmentAt(i))));
  }
  const challenges = deriveChallenges(programVkDigest(keys.vk), statementPublicValues(statement), sumShares(shares));
  const stats: ProverStats = {};
  const add = (s: ProverStats) => Object.entries(s).forEach(([k, v]) => (stats[k] = (stats[k] ?? 0) + v));
  progress("memory proof");
  const mem = await prove(keys.memory, memory, { challenges });
  add(mem.stats);
  const proofs = [mem.proof];
  for (let i = 0; i < count; i++) {
    progress(`segment ${i + 1}/${count}: proving`);
    const p = await prove(keys.segment, await segmentAt(i), { challenges });
    add(p.stats);
    proofs.push(p.proof);
  }
  return { proofs, stats };
}

/** Proves a recorded run (events held in memory). */
export async function proveRecorded(keys: ProgramKeys, run: RecordedRun, progress: (what: string) => void = () => {}): Promise<RunProof> {
  const memory = memoryTables(keys, run.state, run.statement);
  const { proofs, stats } = await proveSegments(keys, run.segments.length, (i) => segmentTables(keys, run.segments[i]), memory, run.statement, progress);
  return { proofs, statement: run.statement, publicOutput: run.publicOutput, stats };
}

/** Executes the program and proves the run, regenerating each segment's trace by
 * executing again rather than holding every segment's events (execution is far cheaper
 * than proving). */
export async function proveProgram(keys: ProgramKeys, program: Program, opts: ProveOptions = {}): Promise<RunProof & { stdout: Uint8Array; stderr: Uint8Array }> {
  const progress = opts.onProgress ?? (() => {});
  progress("executing");
  const pass = new SegmentRunner(program, opts);
  let count = 0;
  try {
    while (pass.next()) count++;
  } catch (e) {
    pass.dispose();
    throw e;
  }
  const first = pass.finish();
  const memory = memoryTables(keys, first.state, first.statement);
  let runner: SegmentRunner | null = null;
  const segmentAt = (i: number) => {
    if (!runner || runner.index > i) {
      runner?.dispose();
      runner = new SegmentRunner(program, opts);
    }
    let ev: SegmentEvents | null = null;
    while (runner.index <= i) ev = runner.next();
    if (!ev) throw new Error(`segment ${i} is missing on re-execution`);
    return segmentTables(keys, ev);
  };
  try {
    const { proofs, stats } = await proveSegments(keys, count, segmentAt, memory, first.statement, progress);
    return { proofs, statement: first.statement, publicOutput: first.publicOutput, stats, stdout: first.stdout, stderr: first.stderr };
  } finally {
    (runner as SegmentRunner | null)?.dispose();
  }
}

/** Checks a run's proofs against the program's key and the claimed statement. */
export function verifyRun(vk: ProgramVk, proofs: StarkProof[], statement: RunStatement): VerifyResult {
  if (statement.entry !== vk.entry) return { ok: false, check: "statement", reason: `entry 0x${statement.entry.toString(16)} is not the program's` };
  if (proofs.length < 2) return { ok: false, check: "segments", reason: `a run has a memory proof and at least one segment proof, got ${proofs.length} proofs` };
  const pub = statementPublicValues(statement);
  const got = proofs[0].tables[STATEMENT_TABLE]?.publicValues;
  if (!got || got.length !== pub.length || got.some((v, i) => v !== pub[i])) {
    return { ok: false, check: "statement", reason: "the proofs are for another statement (input, exit code, output digest or cycles)" };
  }
  const keys = [vk.memory, ...proofs.slice(1).map(() => vk.segment)];
  // The multiplicity cap holds over every table under the shared challenge.
  const wrap = checkBusMultiplicities(proofs.flatMap((p, i) => keys[i].airs.map((air, t) => ({ air, logRows: p.tables[t]?.logRows ?? 0 }))));
  if (wrap) return { ok: false, check: "bus-bound", reason: `the run's tables: ${wrap}` };
  let shareSum;
  try {
    shareSum = sumShares(proofs.map((p, i) => shareOfRoot(keys[i].digest, p.mainRoot)));
  } catch (e) {
    return { ok: false, check: "shares", reason: (e as Error).message };
  }
  const challenges = deriveChallenges(programVkDigest(vk), pub, shareSum);
  let total: Ext = statementBusSum(statement, challenges);
  for (let i = 0; i < proofs.length; i++) {
    const r = verify(keys[i], proofs[i], { challenges, busBalance: false });
    if (!r.ok) return { ok: false, check: r.check, reason: `${i === 0 ? "memory proof" : `segment ${i - 1}`}: ${r.reason}` };
    proofs[i].tables.forEach((t, ti) => {
      const k = keys[i].airs[ti].cumulativeSumIndex;
      if (k >= 0) total = extAdd(total, t.auxPublic.subarray(4 * k, 4 * k + 4));
    });
  }
  if (!isZero(total)) return { ok: false, check: "bus", reason: "the buses of the run's proofs and its statement do not balance (a segment missing, repeated, from another run, or a false statement)" };
  return { ok: true };
}

