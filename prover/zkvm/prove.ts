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
import { commitMainCap } from "../stark/prover.ts";
import { setup, prove, verify, commitMainTraces, type ProvingKey, type VerifyingKey, type StarkConfig, type StarkProof, type VerifyResult } from "../stark/index.ts";
import { checkBusMultiplicities } from "../air/multiplicity.ts";
import { liftedConfig } from "../stark/config.ts";
import { extAdd, isZero, type Ext } from "../field/extension.ts";
import { Machine } from "../riscv/machine.ts";
import type { Program } from "../riscv/program.ts";
import { INSTRUCTION_CHIPS } from "../chips/rv32.ts";
import { OP } from "../riscv/isa.ts";
import { EventRecorder, MAX_RUN_CYCLES, type ForgeHook, type MemoryState, type SegmentEvents } from "../chips/events.ts";
import { MEMORY_AIRS, SEGMENT_AIRS, STATEMENT_TABLE, memoryPreprocessed, memoryTraces, segmentPreprocessed, segmentTraces } from "../chips/run-tables.ts";
import { statementBusSum, statementPublicValues, type RunStatement } from "../chips/statement.ts";
import { MIN_LOG_ROWS } from "../chips/layout.ts";
import { deriveChallenges, shareOfRoot, sumShares, type Share } from "./shares.ts";
import { programVkDigest } from "./program-digest.ts";
import type { ProverStats } from "../stark/prover.ts";
import { warmQuotientEvaluators } from "../stark/quotient.ts";

/** The most cycles of a segment; segments usually end earlier, when a chip is full (DEFAULT_MAX_CHIP_ROWS). */
export const DEFAULT_PROVE_SEGMENT_CYCLES = 1 << 20;
/**
 * A segment ends when one instruction chip has this many rows (or after segmentCycles
 * cycles): tables are padded to powers of two, so cutting where the fullest chip fills
 * its table wastes fewer cells than a fixed cycle count (SHA-256 runs 25.4% shifts: a
 * 2^18-cycle segment needed 2^17 shift rows for 66.7 K of them). 2^18 rather than 2^17
 * since the prover holds one table's LDE at a time: the fixed memory (keys, workers)
 * spreads over twice the cycles (SHA-256, 16 KiB: 1,845 against 2,607 bytes per cycle
 * at the peak) and the run proves faster (fewer segments, fewer fixed-size tables).
 */
export const DEFAULT_MAX_CHIP_ROWS = 1 << 18;

/** What a verifier needs about the program: the segment and memory STARK keys (which
 * commit to the code, the initial image and the parameters) and the entry point. */
export type ProgramVk = { segment: VerifyingKey; memory: VerifyingKey; entry: number };
export type ProgramKeys = { segment: ProvingKey; memory: ProvingKey; vk: ProgramVk };

/** Keys of a program. A run's proofs are lifted (stark/lifting.ts: one recursion program
 * verifies a segment whatever its tables' heights), whatever `config` says. */
export async function setupProgram(program: Program, parameters: StarkConfig): Promise<ProgramKeys> {
  const config = liftedConfig(parameters);
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
  /** The most cycles per segment, a power of two (default 2^20). */
  segmentCycles?: number;
  /** A segment also ends once an instruction chip has this many rows (a power of two, default 2^17). */
  maxChipRows?: number;
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
export type RunProof = {
  proofs: StarkProof[]; statement: RunStatement; publicOutput: Uint8Array; stats: ProverStats;
  /** The cycles of each segment, in order. */
  segmentCycles: number[];
};

/** Runs a program segment by segment, recording each segment's events on demand. */
export class SegmentRunner {
  private readonly m: Machine;
  private readonly rec: EventRecorder;
  private readonly segmentCycles: number;
  private readonly limit: number;
  private readonly input: Uint8Array;
  private readonly entry: number;
  private readonly maxChipRows: number;
  private readonly chipsOfOp: number[][];
  private readonly readWordsChip: number;
  cycles = 0;
  index = 0;

  constructor(program: Program, opts: ProveOptions, forge?: ForgeHook) {
    this.input = opts.input ?? new Uint8Array(0);
    this.segmentCycles = opts.segmentCycles ?? DEFAULT_PROVE_SEGMENT_CYCLES;
    if (!Number.isInteger(Math.log2(this.segmentCycles)) || this.segmentCycles < 4) {
      throw new Error(`segment cycles must be a power of two >= 4, got ${this.segmentCycles}`);
    }
    this.maxChipRows = opts.maxChipRows ?? DEFAULT_MAX_CHIP_ROWS;
    if (!Number.isInteger(Math.log2(this.maxChipRows)) || this.maxChipRows < 4) {
      throw new Error(`max chip rows must be a power of two >= 4, got ${this.maxChipRows}`);
    }
    // Rows per chip, counted conservatively: an op some chips accept counts for all of them.
    this.chipsOfOp = [];
    INSTRUCTION_CHIPS.forEach((c, k) => c.ops.forEach((op) => (this.chipsOfOp[op] ??= []).push(k)));
    this.readWordsChip = INSTRUCTION_CHIPS.findIndex((c) => c.ops.length === 0);
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
    const rows = new Uint32Array(INSTRUCTION_CHIPS.length);
    const cap = this.maxChipRows;
    const full = (op: number, accesses: number) => {
      let isFull = false;
      for (const k of this.chipsOfOp[op] ?? []) if (++rows[k] >= cap) isFull = true;
      // a hint read's buffer words are rows of the chip without ops; they are among the ecall's
      // accesses (one read may pass the cap: the segment then ends right after it)
      if (op === OP.ECALL && this.readWordsChip >= 0 && (rows[this.readWordsChip] += accesses) >= cap) isFull = true;
      return isFull;
    };
    const ev = this.rec.recordSegment(Math.min(this.segmentCycles, this.limit - this.cycles), full);
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

type Tables = ReturnType<typeof segmentTables>;

/**
 * Proves a run: `commitPass` yields each segment's tables once, in order (they are
 * committed and dropped; only the top of each main Merkle tree is kept, 2^-8 of it), then
 * gives the memory proof's tables (known only after the last segment); `segmentAt(i)`
 * produces segment i's tables again for its proof (called in order 0, 1, ...).
 */
async function proveSegments(
  keys: ProgramKeys, commitPass: () => AsyncGenerator<Tables, ReturnType<typeof memoryTables>>,
  segmentAt: (i: number) => Promise<Tables> | Tables, statementOf: () => RunStatement, progress: (what: string) => void,
): Promise<{ proofs: StarkProof[]; stats: ProverStats }> {
  const stats: ProverStats = {};
  const add = (s: ProverStats) => Object.entries(s).forEach(([k, v]) => (stats[k] = (stats[k] ?? 0) + v));
  const timed = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    stats[name] = (stats[name] ?? 0) + (performance.now() - t0);
    return r;
  };
  const caps: Array<Awaited<ReturnType<typeof commitMainCap>>> = [];
  const shares: Share[] = [];
  const pass = commitPass();
  let memory: ReturnType<typeof memoryTables>;
  for (;;) {
    const next = await timed("trace", () => pass.next());
    if (next.done) {
      memory = next.value;
      break;
    }
    progress(`segment ${caps.length + 1}: committing`);
    const cap = await commitMainCap(keys.segment, next.value, stats);
    caps.push(cap);
    shares.push(shareOfRoot(keys.vk.segment.digest, cap?.root ?? null));
  }
  const statement = statementOf();
  shares.push(shareOfRoot(keys.vk.memory.digest, await commitMainTraces(keys.memory, memory)));
  const challenges = deriveChallenges(programVkDigest(keys.vk), statementPublicValues(statement), sumShares(shares));
  progress("memory proof");
  const mem = await prove(keys.memory, memory, { challenges });
  add(mem.stats);
  const proofs = [mem.proof];
  for (let i = 0; i < caps.length; i++) {
    progress(`segment ${i + 1}/${caps.length}: proving`);
    const tables = await timed("trace", () => segmentAt(i));
    const p = await prove(keys.segment, tables, { challenges, mainCommit: caps[i] });
    caps[i] = null;
    add(p.stats);
    proofs.push(p.proof);
  }
  return { proofs, stats };
}

/** Proves a recorded run (events held in memory). */
export async function proveRecorded(keys: ProgramKeys, run: RecordedRun, progress: (what: string) => void = () => {}): Promise<RunProof> {
  const commitPass = async function* () {
    for (const ev of run.segments) yield segmentTables(keys, ev);
    return memoryTables(keys, run.state, run.statement);
  };
  const { proofs, stats } = await proveSegments(keys, commitPass, (i) => segmentTables(keys, run.segments[i]), () => run.statement, progress);
  return { proofs, statement: run.statement, publicOutput: run.publicOutput, stats, segmentCycles: run.segments.map((ev) => ev.instructions.count) };
}

/** Executes the program and proves the run: the first execution commits each segment as it
 * goes; the second regenerates each segment's trace for its proof rather than holding every
 * segment's events (execution is far cheaper than proving). */
export async function proveProgram(keys: ProgramKeys, program: Program, opts: ProveOptions = {}): Promise<RunProof & { stdout: Uint8Array; stderr: Uint8Array }> {
  const progress = opts.onProgress ?? (() => {});
  // the workers compile the chips' evaluators while this thread executes the first segment
  void warmQuotientEvaluators([...keys.segment.vk.airs, ...keys.memory.vk.airs]);
  progress("executing");
  let first: ReturnType<SegmentRunner["finish"]> | null = null;
  const segmentCycles: number[] = [];
  const commitPass = async function* () {
    const pass = new SegmentRunner(program, opts);
    try {
      for (let ev = pass.next(); ev; ev = pass.next()) {
        segmentCycles.push(ev.instructions.count);
        yield segmentTables(keys, ev);
      }
    } catch (e) {
      pass.dispose();
      throw e;
    }
    first = pass.finish();
    return memoryTables(keys, first.state, first.statement);
  };
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
    const { proofs, stats } = await proveSegments(keys, commitPass, segmentAt, () => first!.statement, progress);
    const f = first!;
    return { proofs, statement: f.statement, publicOutput: f.publicOutput, stats, segmentCycles, stdout: f.stdout, stderr: f.stderr };
  } finally {
    (runner as SegmentRunner | null)?.dispose();
  }
}

/**
 * The bus challenges every proof of a run was made under: drawn from the program, the
 * statement and the sum of the proofs' shares (shares.ts). Throws when a main root
 * hashes to no curve point.
 */
export function runChallenges(vk: ProgramVk, proofs: StarkProof[], statement: RunStatement): Uint32Array {
  const keys = [vk.memory, ...proofs.slice(1).map(() => vk.segment)];
  const shareSum = sumShares(proofs.map((p, i) => shareOfRoot(keys[i].digest, p.mainRoot)));
  return deriveChallenges(programVkDigest(vk), statementPublicValues(statement), shareSum);
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
  let challenges;
  try {
    challenges = runChallenges(vk, proofs, statement);
  } catch (e) {
    return { ok: false, check: "shares", reason: (e as Error).message };
  }
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

