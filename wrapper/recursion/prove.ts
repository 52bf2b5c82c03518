// Setup, prove and verify a recursion program with the chips' table set (tables.ts).
//
//   const { pk, vk } = await setupRecursion(program);      // the key pins the program
//   const { proof, publicValues } = await proveRecursion(pk, builder.build());
//   verifyRecursion(vk, proof, publicValues);               // { ok: true } or a named failure
//
// Public values: the public chip's table declares them as its AIR public values and a
// shift register pins row k's read to public value k (chips/public.ts), so the STARK
// verifier alone checks them; verifyRecursion only checks that the proof carries the
// claimed values.
import { setup, prove, verify, type ProvingKey, type VerifyingKey, type StarkConfig, type StarkProof, type VerifyResult, type TableTrace } from "../../prover/stark/index.ts";
import { securityOf } from "../../prover/stark/security.ts";
import { setupWithKeyFile } from "../../prover/stark/prep-tree.ts";
import { P } from "../../prover/field/babybear.ts";
import type { ProverStats } from "../../prover/stark/prover.ts";
import { programsEqual, type RecursionProgram } from "./program.ts";
import { ProgramBuilder, type BuiltProgram } from "./builder.ts";
import { warmQuotientEvaluators } from "../../prover/stark/quotient.ts";
import { runProgram } from "./run.ts";
import { PUBLIC_TABLE, recursionAirs, recursionPreprocessed, recursionTraces, validateProgram } from "./tables.ts";

/**
 * The recursion preset: blowup 4 (every chip, Poseidon2 included, has constraint degree
 * at most 3, so two quotient chunks fit), 41 queries x 2 bits + 20 bits of grinding: 100
 * bits conjectured up to 2^20 rows (security.ts: min(123.6 - log2 LDE, 102) - 1), FRI
 * folding by 8 down to 8 coefficients: the default preset's parameters. Blowup 8 would
 * need only 29 queries (a cheaper verifier for the next recursion layer) but doubles every
 * LDE; at degree 3 blowup 4 is the smallest that fits. The tables are at least 2^4 rows
 * (chips/common.ts tableRows), above the 2^3 that friLogFinalDegree needs.
 */
export const RECURSION_CONFIG: StarkConfig = Object.freeze({
  hashSuite: "poseidon2-babybear-16",
  logBlowup: 2,
  numQueries: 41,
  powBits: 20,
  friLogArity: 3,
  friLogFinalDegree: 3,
  // lifted (prover/stark/lifting.ts): a kit's join verifies children of any program
  lifted: true,
});

/**
 * Compiles the recursion tables' quotient evaluators on the worker threads, in the
 * background (stark/quotient.ts warmQuotientEvaluators). Their code does not depend on the
 * program but for the public table's width, so a one-value program's AIRs stand in.
 */
export function warmRecursionEvaluators(): void {
  const b = new ProgramBuilder();
  b.publicValue(b.witness(0));
  void warmQuotientEvaluators(recursionAirs(b.build().program));
}

export type RecursionProvingKey = { stark: ProvingKey; program: RecursionProgram };
/** The STARK key (its digest is the recursion key) and, for reports, the public count
 * (verifyRecursion takes it from the public table's AIR, which the digest pins). */
export type RecursionVerifyingKey = { stark: VerifyingKey; numPublicValues: number };

/**
 * The keys of a recursion program. `keyFile`: read the proving key from this key file
 * when it holds this very key, else set it up and write it there (prover/stark/prep-tree.ts);
 * `cached` says which.
 */
export async function setupRecursion(program: RecursionProgram, config: StarkConfig = RECURSION_CONFIG, options: { keyFile?: string } = {}): Promise<{ pk: RecursionProvingKey; vk: RecursionVerifyingKey; cached: boolean }> {
  validateProgram(program);
  if (config.friLogFinalDegree > 4) throw new Error(`recursion tables can be 2^4 rows; friLogFinalDegree ${config.friLogFinalDegree} needs 2^${config.friLogFinalDegree}`);
  const airs = recursionAirs(program), prep = recursionPreprocessed(program);
  const { pk: stark, cached } = options.keyFile ? await setupWithKeyFile(options.keyFile, config, airs, prep) : { pk: await setup(config, airs, prep), cached: false };
  const vk = { stark: stark.vk, numPublicValues: program.public.a.length };
  return { pk: { stark, program }, vk, cached };
}

/** The main traces of a built program (run by the reference interpreter first). */
export function recursionWitnessTraces(pk: RecursionProvingKey, built: BuiltProgram): { traces: TableTrace[]; publicValues: Uint32Array } {
  if (!programsEqual(built.program, pk.program)) throw new Error("proveRecursion: the program is not the one the key was made for");
  const { memory, publicValues } = runProgram(built.program, built.witness);
  return { traces: recursionTraces(pk.program, memory, publicValues), publicValues };
}

export async function proveRecursion(pk: RecursionProvingKey, built: BuiltProgram): Promise<{ proof: StarkProof; publicValues: Uint32Array; stats: ProverStats }> {
  const { traces, publicValues } = recursionWitnessTraces(pk, built);
  const { proof, stats } = await prove(pk.stark, traces);
  return { proof, publicValues, stats };
}

export function verifyRecursion(vk: RecursionVerifyingKey, proof: StarkProof, publicValues: Uint32Array): VerifyResult {
  const expected = vk.stark.airs[PUBLIC_TABLE]?.numPublicValues;
  if (publicValues.length !== expected) {
    return { ok: false, check: "public-values", reason: `${publicValues.length} public values, the program has ${expected}` };
  }
  if (!publicValues.every((v) => Number.isInteger(v) && v >= 0 && v < P)) return { ok: false, check: "public-values", reason: "a public value is not a canonical BabyBear word" };
  const carried = proof.tables?.[PUBLIC_TABLE]?.publicValues;
  if (!carried || carried.length !== publicValues.length || !carried.every((v, i) => v === publicValues[i])) {
    return { ok: false, check: "public-values", reason: "the proof's public values are not the claimed ones" };
  }
  return verify(vk.stark, proof);
}

/** Bits of security of a recursion key's parameters (for reports). */
export function recursionSecurity(config: StarkConfig = RECURSION_CONFIG, maxLogRows = 20) {
  return securityOf(config, maxLogRows);
}
