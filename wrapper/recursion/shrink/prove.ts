// Setup, prove and verify a recursion program with the narrow shrink table (table.ts):
// one table, the program in its preprocessed columns (so the key pins the program), the
// public values as the table's AIR public values (so the STARK verifier alone checks
// them), under the wrap preset's `poseidon-bn254` suite by default.
//
//   const { pk, vk } = await setupShrink(program);              // SHRINK_CONFIG = WRAP_CONFIG
//   const { proof, publicValues } = await proveShrink(pk, built);
//   verifyShrink(vk, proof, publicValues);                       // { ok: true } or a named failure
import { setup, prove, verify, type ProvingKey, type VerifyingKey, type StarkConfig, type StarkProof, type VerifyResult, type TableTrace } from "../../../prover/stark/index.ts";
import { setupWithKeyFile } from "../../../prover/stark/prep-tree.ts";
import { checkBusMultiplicities } from "../../../prover/air/multiplicity.ts";
import { quotientChunks } from "../../../prover/stark/quotient.ts";
import type { ProverStats } from "../../../prover/stark/prover.ts";
import { P } from "../../../prover/field/babybear.ts";
import { WRAP_CONFIG } from "../../circuit/presets.ts";
import { programsEqual, type RecursionProgram } from "../program.ts";
import type { BuiltProgram } from "../builder.ts";
import { runProgram } from "../run.ts";
import { validateProgram } from "../tables.ts";
import { shrinkAir, shrinkMain, shrinkPlan, shrinkPreprocessed, type ShrinkPlan } from "./table.ts";

/** The shrink proof's parameters: the wrap preset (blowup 64, 14 queries, 17 PoW bits,
 * folding by 16, poseidon-bn254), whose blowup holds the table's 7 quotient chunks, but
 * FRI stopping at 32 coefficients instead of 8 (one Merkle path per query fewer at 2^17
 * rows for 22 more coefficient products per query), and Merkle caps of 2^5 digests (each
 * path 5 nodes short, 32 digests per tree in the transcript). The wrap circuit's estimate
 * for a root-sized program (`npm run bench -- shrink`): 2.13M PLONK rows with final
 * degree 8, 2.06M with 32 coefficients (64: 2.07M, 128: 2.16M); caps of height
 * 2/3/4/5/6/7 then give 1.95/1.90/1.85/1.82/1.82/1.88M. */
export const SHRINK_CONFIG: StarkConfig = Object.freeze({ ...WRAP_CONFIG, friLogFinalDegree: 5, merkleCapHeight: 5 });

/** The shrink preset for the Groth16 wrap (`--snark groth16`): 100 bits at the smallest
 * blowup the table's degree allows (8), with 28 queries and 17 PoW bits (min(123.6 - 22,
 * 28·3 + 17) - 1 = 100 at 2^19 rows). Its LDE is 8 times shorter than SHRINK_CONFIG's, so
 * the shrink of a real root (2^19 rows: 2^22 LDE rows against 2^25) is minutes instead of
 * hours, for a wrap circuit twice as large, which Groth16 over circom --O2 takes (PLONK
 * would not): see wrapper/recursion/README.md, "The 100-bit wrap circuit, compiled". */
export const SHRINK_GROTH16_CONFIG: StarkConfig = Object.freeze({ ...SHRINK_CONFIG, logBlowup: 3, numQueries: 28, powBits: 17 });

/** INSECURE, tests and first looks only: the smallest blowup the table's degree 8 allows
 * (8), ONE query, FRI folding by 8 down to 32 coefficients, caps of 4 digests (so that the
 * tests take the capped path the real preset takes). Chosen so that the wrap circuit of a
 * kit's root fits a 2^19 PLONK domain, which halves the PLONK setup and proof against
 * 2^20: generation estimates for the root-sized program (`npm run bench -- shrink`) were
 * 524k with 2 queries and folding by 4 (560,200 PLONK rows compiled), 499k with folding by
 * 8, 400k with one query. */
export const SHRINK_TEST_CONFIG_INSECURE: StarkConfig = Object.freeze({
  hashSuite: "poseidon-bn254",
  logBlowup: 3,
  numQueries: 1,
  powBits: 1,
  friLogArity: 3,
  friLogFinalDegree: 5,
  merkleCapHeight: 2,
});

export type ShrinkProvingKey = { stark: ProvingKey; program: RecursionProgram; plan: ShrinkPlan };
export type ShrinkVerifyingKey = { stark: VerifyingKey; numPublicValues: number; logRows: number };

/**
 * The shrink keys of a program. `keyFile`: read the proving key from this key file when it
 * holds this very key, else set it up and write it there (prover/stark/prep-tree.ts);
 * `cached` says which.
 */
export async function setupShrink(program: RecursionProgram, config: StarkConfig = SHRINK_CONFIG, options: { keyFile?: string } = {}): Promise<{ pk: ShrinkProvingKey; vk: ShrinkVerifyingKey; cached: boolean }> {
  validateProgram(program);
  const plan = shrinkPlan(program, Math.max(4, config.friLogFinalDegree));
  const air = shrinkAir(plan.shape);
  if (quotientChunks(air) > 1 << config.logBlowup) throw new Error(`shrink: the table needs blowup ${quotientChunks(air)} at least, the config has ${1 << config.logBlowup}`);
  const bus = checkBusMultiplicities([{ air, logRows: plan.logRows }]);
  if (bus) throw new Error(`shrink: ${bus} (write caps ${plan.shape.capW}, ${plan.shape.capP2}, 2^${plan.logRows} rows)`);
  const prep = [shrinkPreprocessed(program, plan)];
  const { pk: stark, cached } = options.keyFile ? await setupWithKeyFile(options.keyFile, config, [air], prep) : { pk: await setup(config, [air], prep), cached: false };
  return { pk: { stark, program, plan }, vk: { stark: stark.vk, numPublicValues: plan.shape.numPublic, logRows: plan.logRows }, cached };
}

/** The table's main trace for a built program (run by the reference interpreter first). */
export function shrinkWitnessTraces(pk: ShrinkProvingKey, built: BuiltProgram): { traces: TableTrace[]; publicValues: Uint32Array } {
  if (!programsEqual(built.program, pk.program)) throw new Error("proveShrink: the program is not the one the key was made for");
  const { memory, publicValues } = runProgram(built.program, built.witness);
  return { traces: [{ main: shrinkMain(pk.program, pk.plan, memory), publicValues }], publicValues };
}

export async function proveShrink(pk: ShrinkProvingKey, built: BuiltProgram): Promise<{ proof: StarkProof; publicValues: Uint32Array; stats: ProverStats }> {
  const { traces, publicValues } = shrinkWitnessTraces(pk, built);
  const { proof, stats } = await prove(pk.stark, traces);
  return { proof, publicValues, stats };
}

export function verifyShrink(vk: ShrinkVerifyingKey, proof: StarkProof, publicValues: Uint32Array): VerifyResult {
  const expected = vk.stark.airs[0]?.numPublicValues;
  if (publicValues.length !== expected) return { ok: false, check: "public-values", reason: `${publicValues.length} public values, the program has ${expected}` };
  if (!publicValues.every((v) => Number.isInteger(v) && v >= 0 && v < P)) return { ok: false, check: "public-values", reason: "a public value is not a canonical BabyBear word" };
  const carried = proof.tables?.[0]?.publicValues;
  if (!carried || carried.length !== publicValues.length || !carried.every((v, i) => v === publicValues[i])) {
    return { ok: false, check: "public-values", reason: "the proof's public values are not the claimed ones" };
  }
  return verify(vk.stark, proof);
}
