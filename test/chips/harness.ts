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
import { RV32_AIRS } from "../../prover/chips/rv32.ts";
import { findImbalances } from "../../prover/chips/bus-debug.ts";
import { statementTokens, statementPublicValues } from "../../prover/chips/statement.ts";
import {
  setupProgram, recordRun, runTraces, proveTraces, verifyRun, type ProgramKeys, type ProveOptions, type RecordedRun,
} from "../../prover/zkvm/prove.ts";

const keyCache = new Map<Program, Promise<ProgramKeys>>();

export function keysFor(p: Program): Promise<ProgramKeys> {
  if (!keyCache.has(p)) keyCache.set(p, setupProgram(p, TEST_CONFIG_INSECURE));
  return keyCache.get(p)!;
}

export type Failure = { table: string; constraint: string; row: number } | null;

/** The debug checker over every table (aux columns built with fixed challenges). */
export function checkTables(keys: ProgramKeys, run: RecordedRun, traces: Uint32Array[][]): Failure {
  const challenges = Uint32Array.from({ length: 8 }, (_, i) => 1000003 * (i + 7));
  const pub = statementPublicValues(run.statement);
  for (let t = 0; t < RV32_AIRS.length; t++) {
    const air = RV32_AIRS[t];
    const prep = keys.pk.prep[t]?.trace ?? [];
    const publicValues = t === 0 ? pub : new Uint32Array(0);
    const { aux, auxPublic } = generateAux(air, traces[t], prep, publicValues, challenges);
    const f = air.check({ main: traces[t], preprocessed: prep, aux, publicValues, challenges, auxPublic });
    if (f) return { table: air.name, ...f };
  }
  return null;
}

/** Tuples on which the tables and the statement do not balance (none for an honest run). */
export function imbalances(keys: ProgramKeys, run: RecordedRun, traces: Uint32Array[][]) {
  const pub = statementPublicValues(run.statement);
  return findImbalances(RV32_AIRS, traces.map((main, t) => ({ main, prep: keys.pk.prep[t]?.trace ?? [], publicValues: t === 0 ? pub : new Uint32Array(0) })), statementTokens(run.statement));
}

/** Proves the program honestly and checks that the proof verifies. */
export async function proveOk(p: Program, opts: ProveOptions = {}) {
  const keys = await keysFor(p);
  const run = recordRun(p, opts);
  const traces = runTraces(keys, run);
  expect(checkTables(keys, run, traces)).to.equal(null);
  expect(imbalances(keys, run, traces)).to.deep.equal([]);
  const proof = await proveTraces(keys, run, traces);
  expect(verifyRun(keys.vk, proof.proof, proof.statement)).to.deep.equal({ ok: true });
  return { keys, run, traces, proof };
}

/**
 * An evil prover: `forge` changes the machine right after an instruction (a wrong
 * result), the traces are regenerated from the forged events, and the proof is forced
 * through (a quotient of too high a degree is truncated rather than refused). Returns
 * the verifier's verdict and what the debug checker says of the traces.
 */
export async function evilProve(p: Program, forge: (index: number, op: number, m: Machine) => void, opts: ProveOptions = {}) {
  const keys = await keysFor(p);
  const run = recordRun(p, opts, forge);
  const traces = runTraces(keys, run);
  const failure = checkTables(keys, run, traces);
  const unbalanced = imbalances(keys, run, traces);
  const proof = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => proveTraces(keys, run, traces));
  return { verdict: verifyRun(keys.vk, proof.proof, proof.statement), failure, unbalanced };
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

/** A copy of the traces with one cell changed (x -> x + 1). */
export function flipCell(traces: Uint32Array[][], table: number, col: number, row: number): Uint32Array[][] {
  if (col < 0) throw new Error("flipCell: no such column");
  const t = traces.map((cols) => cols.map((c) => c.slice()));
  t[table][col][row] = (t[table][col][row] + 1) % 2013265921;
  return t;
}
