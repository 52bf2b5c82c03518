// Shared machinery of the chip tests: keys per program, honest proofs, the debug checker
// over every table, and "evil prover" runs (a forged result, every dependent column
// regenerated honestly from the forged events, the proof forced through) that the
// verifier must reject.
import { expect } from "chai";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { generateAux } from "../../prover/air/logup.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import type { Program } from "../../prover/riscv/program.ts";
import type { Machine } from "../../prover/riscv/machine.ts";
import { MEMORY_AIRS, SEGMENT_AIRS, STATEMENT_TABLE } from "../../prover/chips/run-tables.ts";
import { findImbalances } from "../../prover/chips/bus-debug.ts";
import { statementTokens, statementPublicValues } from "../../prover/chips/statement.ts";
import {
  setupProgram, recordRun, proveRecorded, segmentTables, verifyRun, type ProgramKeys, type ProveOptions, type RecordedRun,
} from "../../prover/zkvm/prove.ts";
import { memoryTraces } from "../../prover/chips/run-tables.ts";
import type { CompiledAir } from "../../prover/air/types.ts";
import type { ForgeHook } from "../../prover/chips/events.ts";
import type { VerifyResult } from "../../prover/stark/index.ts";

const keyCache = new Map<Program, Promise<ProgramKeys>>();

export function keysFor(p: Program): Promise<ProgramKeys> {
  if (!keyCache.has(p)) keyCache.set(p, setupProgram(p, TEST_CONFIG_INSECURE));
  return keyCache.get(p)!;
}

export type Failure = { table: string; constraint: string; row: number } | null;

/** Every table of a recorded run: the memory proof's, then each segment's, with their keys' preprocessed columns. */
export type RunTables = Array<{ air: CompiledAir; main: Uint32Array[]; prep: Uint32Array[]; publicValues: Uint32Array }>;

export function runTables(keys: ProgramKeys, run: RecordedRun): RunTables {
  const pub = statementPublicValues(run.statement);
  const mem = memoryTraces(keys.memory.prep.map((p) => p?.trace ?? null), run.state, run.statement.input);
  const out: RunTables = mem.map((main, t) => ({ air: MEMORY_AIRS[t], main, prep: keys.memory.prep[t]?.trace ?? [], publicValues: t === STATEMENT_TABLE ? pub : new Uint32Array(0) }));
  for (const ev of run.segments) {
    segmentTables(keys, ev).forEach((tt, t) => out.push({ air: SEGMENT_AIRS[t], main: tt.main, prep: keys.segment.prep[t]?.trace ?? [], publicValues: tt.publicValues }));
  }
  return out;
}

/** The debug checker over every table (aux columns built with fixed challenges). */
export function checkTables(tables: RunTables): Failure {
  const challenges = Uint32Array.from({ length: 8 }, (_, i) => 1000003 * (i + 7));
  for (const { air, main, prep, publicValues } of tables) {
    const { aux, auxPublic } = generateAux(air, main, prep, publicValues, challenges);
    const f = air.check({ main, preprocessed: prep, aux, publicValues, challenges, auxPublic });
    if (f) return { table: air.name, ...f };
  }
  return null;
}

/** Tuples on which the tables and the statement do not balance (none for an honest run). */
export function imbalances(tables: RunTables, run: RecordedRun) {
  return findImbalances(tables.map((t) => t.air), tables, statementTokens(run.statement));
}

/** Index of a segment table by AIR name in runTables' list (first segment). */
export function tableIndex(tables: RunTables, name: string): number {
  const i = tables.findIndex((t) => t.air.name === name);
  if (i < 0) throw new Error(`no table '${name}'`);
  return i;
}

/** Proves the program honestly and checks that the proof verifies. */
export async function proveOk(p: Program, opts: ProveOptions = {}) {
  const keys = await keysFor(p);
  const run = recordRun(p, opts);
  const tables = runTables(keys, run);
  expect(checkTables(tables)).to.equal(null);
  expect(imbalances(tables, run)).to.deep.equal([]);
  const proof = await proveRecorded(keys, run);
  expect(verifyRun(keys.vk, proof.proofs, proof.statement)).to.deep.equal({ ok: true });
  return { keys, run, tables, proof };
}

/**
 * An evil prover: `forge` changes the machine right after an instruction (a wrong
 * result), the traces are regenerated from the forged events, and the proof is forced
 * through (a quotient of too high a degree is truncated rather than refused). Returns
 * the verifier's verdict and what the debug checker and the bus debugger say.
 */
export type EvilRun = { verdict: VerifyResult; failure: Failure; unbalanced: ReturnType<typeof imbalances> };
export async function evilProve(p: Program, forge: ForgeHook, opts?: ProveOptions): Promise<EvilRun>;
export async function evilProve(p: Program, forge: ForgeHook, opts: ProveOptions, prove: boolean): Promise<Omit<EvilRun, "verdict"> & { verdict: VerifyResult | null }>;
export async function evilProve(p: Program, forge: ForgeHook, opts: ProveOptions = {}, prove = true) {
  const keys = await keysFor(p);
  const run = recordRun(p, opts, forge);
  const tables = runTables(keys, run);
  const failure = checkTables(tables);
  const unbalanced = imbalances(tables, run);
  if (!prove) return { verdict: null, failure, unbalanced };
  const proof = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => proveRecorded(keys, run));
  return { verdict: verifyRun(keys.vk, proof.proofs, proof.statement), failure, unbalanced };
}

/**
 * The forgeries of a loop over ops: ZKVM_FULL_TESTS=1 proves every one and puts it to the
 * verifier; by default only the first of each file is proved, and the others are shown
 * caught by a constraint (the debug checker) or a bus (the bus debugger), which is what
 * the verifier's checks enforce. Saves most of the chip tests' time.
 */
export const PROVE_EVERY_FORGERY = process.env.ZKVM_FULL_TESTS === "1";
const provedIn = new Set<string>();
export function proveForgery(file: string): boolean {
  if (PROVE_EVERY_FORGERY || !provedIn.has(file)) {
    provedIn.add(file);
    return true;
  }
  return false;
}

/** A forgery is caught: the verifier rejects it (when proved), and a constraint or a bus fails. */
export function expectCaught(r: { verdict: VerifyResult | null; failure: Failure; unbalanced: unknown[] }): void {
  if (r.verdict) expect(r.verdict.ok, "the verifier accepts the forged run").to.equal(false);
  expect(r.failure !== null || r.unbalanced.length > 0, "no constraint or bus catches the forgery").to.equal(true);
}

/** Forge: after the first instruction with op `op`, change register `reg` with `f`. */
export function forgeRegister(op: number, reg: (m: Machine) => number, f: (v: number) => number) {
  let done = false;
  return (_i: number, o: number, m: Machine) => {
    if (done || o !== op) return;
    done = true;
    const r = reg(m);
    m.regs[r] = f(m.regs[r]);
  };
}

/** A copy of the tables with one cell changed (x -> x + 1). */
export function flipCell(tables: RunTables, table: number, col: number, row: number): RunTables {
  if (col < 0) throw new Error("flipCell: no such column");
  return tables.map((t, i) => {
    if (i !== table) return t;
    const main = t.main.map((c) => c.slice());
    main[col][row] = (main[col][row] + 1) % 2013265921;
    return { ...t, main };
  });
}
