// SPDX-License-Identifier: GPL-3.0
//
// The wrap: a STARK proof of the "poseidon-bn254" suite -> a BN254 SNARK (PLONK, or
// Groth16 with `snark: "groth16"`) with public signals [vkDigest, statementDigest], ready
// for the Solidity verifier.
//
//   buildWrap   generate the verifier circuit for the key and shape (generate.ts),
//               compile it (circom2, cached), pick the ptau (a public ceremony's file,
//               or the cached INSECURE dev ptau), the SNARK's setup (cached zkey; a
//               Groth16 zkey made here has no phase-2 contribution: INSECURE)
//   proveWrap   check the STARK in TypeScript, compute the witness, prove, and check
//               the SNARK proof with snarkjs before handing it out
//
// Groth16 against PLONK on the demo's wrap circuit (this 2-core machine, 4 Dec 2026): 246,100
// constraints at circom --O2 (a 2^18 domain) against 434,624 PLONK rows (2^19); proof 28 s
// against 250-420 s.
//
// Every step prints a progress line and its time, and the figures are returned for the
// wrap benchmark.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";
import type { VerifyingKey } from "../../prover/stark/keys.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import { verify } from "../../prover/stark/verifier.ts";
import { generateStarkVerifierCircuit, type StatementLocation, type WrapCircuit } from "../circuit/generate.ts";
import { compileCircom, type CompiledCircuit } from "../circuit/compile.ts";
import { groth16PtauPower, plonkPtauPower } from "../circuit/plonk-count.ts";
import { computeWitness, WitnessError } from "../circuit/witness.ts";
import { resolvePtau, cachedInsecureGroth16Zkey, cachedPlonkZkey, type Log, type ResolvedPtau } from "../ceremony/cache.ts";
import { checkGroth16Zkey } from "../ceremony/groth16-zkey.ts";
import { statementDigest } from "../solidity/statement.ts";
import { selectorForZkey } from "../solidity/selector.ts";
import type { SnarkKind, SnarkProof } from "../solidity/encode.ts";

const LIB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "circuit", "lib");

export type WrapBuild = {
  snark: SnarkKind;
  circuit: WrapCircuit;
  compiled: CompiledCircuit;
  ptau: ResolvedPtau;
  ptauPower: number;
  zkey: string;
  /** False only for a zkey whose every ingredient is real: a public ptau and, for Groth16, a phase-2 zkey with contributions. */
  insecure: boolean;
  selector: string;
  seconds: { generate: number; compile: number; ptau: number; setup: number };
};

export type WrapBuildOptions = {
  vk: VerifyingKey;
  tableLogRows: number[];
  statement: StatementLocation | null;
  /** The universal wrap (generate.ts): the program's VK digest from these public values
   * as the first public signal, and a public value that must be 0 (the exit code). */
  programDigest?: StatementLocation;
  exitCode?: { table: number; index: number };
  /** A prepared ptau from a public ceremony; default: the cached INSECURE dev ptau. */
  ptau?: string;
  /** The SNARK: "plonk" (default; universal setup) or "groth16" (INSECURE zkey, see cache.ts, unless `zkey`). */
  snark?: SnarkKind;
  /** Groth16 only: the zkey of a phase-2 ceremony over this circuit and `ptau`, checked (ceremony/groth16-zkey.ts). */
  zkey?: string;
  log?: Log;
};

const now = () => performance.now() / 1000;

export async function buildWrap(o: WrapBuildOptions): Promise<WrapBuild> {
  const log = o.log ?? ((l: string) => console.error(l));
  const snark = o.snark ?? "plonk";
  // refused before the minutes of generation and compilation
  if (o.zkey && snark !== "groth16") throw new Error("wrap: a zkey is taken for Groth16 only (--snark groth16); PLONK's zkey follows from the ptau");
  let t = now();
  const circuit = generateStarkVerifierCircuit(o.vk, { tableLogRows: o.tableLogRows, statement: o.statement, programDigest: o.programDigest, exitCode: o.exitCode });
  const generate = now() - t;
  log(`wrap: generated ${circuit.name} (${circuit.report.queries} queries, ` +
    `${circuit.report.transcriptPermutations + circuit.report.leafPermutations + circuit.report.compressions} Poseidon permutations) in ${generate.toFixed(1)} s`);
  t = now();
  // Groth16's domain counts constraints, and --O2 substitutes the linear ones away (compile.ts)
  const compiled = await compileCircom({ name: circuit.name, source: circuit.source, includeDirs: [LIB_DIR], log, O2: snark === "groth16" });
  const compile = now() - t;
  log(`wrap: circuit ${compiled.r1csConstraints} R1CS / ${compiled.plonkConstraints} PLONK constraints${compiled.cached ? " (cached)" : ""}`);
  const ptauPower = snark === "plonk"
    ? plonkPtauPower(compiled.plonkConstraints)
    : groth16PtauPower(compiled.r1csConstraints, compiled.publicInputs, compiled.outputs);
  t = now();
  const ptau = await resolvePtau({ ptau: o.ptau, minPower: ptauPower, log });
  const ptauS = now() - t;
  if (ptau.insecure) log(`wrap: ** using the INSECURE development ptau (2^${ptau.info.power}); pass --ptau <file> from a public ceremony for real use **`);
  t = now();
  let zkey: string;
  let insecure = ptau.insecure;
  if (snark === "plonk") zkey = await cachedPlonkZkey(compiled.r1cs, ptau.path, log);
  else if (!o.zkey) {
    zkey = await cachedInsecureGroth16Zkey(compiled.r1cs, ptau.path, log);
    insecure = true;
  } else {
    const c = await checkGroth16Zkey(compiled.r1cs, ptau.path, o.zkey, log);
    log(`wrap: ${o.zkey} is a phase-2 zkey of this circuit with ${c.contributions} contribution(s)${c.cached ? " (checked before)" : ""}`);
    if (c.contributions === 0) log("wrap: ** that zkey has no phase-2 contribution: INSECURE (anyone can forge its proofs) **");
    zkey = o.zkey;
    insecure ||= c.contributions === 0;
  }
  const setup = now() - t;
  log(`wrap: ${snark} zkey ${zkey} (${setup.toFixed(1)} s)`);
  return { snark, circuit, compiled, ptau, ptauPower, zkey, insecure, selector: selectorForZkey(zkey), seconds: { generate, compile: compiled.cached ? 0 : compile, ptau: ptauS, setup } };
}

export type WrapProof = {
  snark: SnarkKind;
  snarkProof: SnarkProof;
  publicSignals: string[];
  vkDigest: bigint;
  statementDigest: bigint;
  seconds: { witness: number; prove: number; verify: number };
};

/**
 * Wraps one STARK proof. `publicValues` are the bytes the dApp will submit: their sha256
 * (253 bits) must be the statement the STARK carries.
 */
export async function proveWrap(b: WrapBuild, o: { vk: VerifyingKey; proof: StarkProof; publicValues: Uint8Array | null; log?: Log }): Promise<WrapProof> {
  const log = o.log ?? ((l: string) => console.error(l));
  const r = verify(o.vk, o.proof);
  if (!r.ok) throw new Error(`wrap: the STARK proof does not verify (${r.check}: ${r.reason}); nothing to wrap`);
  const sd = b.circuit.statementDigest(o.proof);
  if (o.publicValues !== null && statementDigest(o.publicValues) !== sd) {
    throw new Error("wrap: sha256 of the public values does not match the statement digest in the STARK's public values");
  }
  const input = b.circuit.input(o.proof);
  let t = now();
  let wtnsPath: string;
  try {
    ({ wtnsPath } = await computeWitness(b.compiled.wasm, input));
  } catch (e) {
    if (e instanceof WitnessError) throw new Error(`wrap: the circuit rejects this STARK proof (${e.circomMessage}) although the TypeScript verifier accepts it; please report this`);
    throw e;
  }
  const witness = now() - t;
  const name = b.snark === "plonk" ? "PLONK" : "Groth16";
  log(`wrap: witness in ${witness.toFixed(1)} s; ${name} proving...`);
  t = now();
  const { proof, publicSignals } = b.snark === "plonk" ? await snarkjs.plonk.prove(b.zkey, wtnsPath) : await snarkjs.groth16.prove(b.zkey, wtnsPath);
  const prove = now() - t;
  fs.rmSync(wtnsPath, { force: true });
  log(`wrap: ${name} proof in ${prove.toFixed(1)} s`);
  t = now();
  const vkey = await snarkjs.zKey.exportVerificationKey(b.zkey);
  const ok = b.snark === "plonk" ? await snarkjs.plonk.verify(vkey, publicSignals, proof) : await snarkjs.groth16.verify(vkey, publicSignals, proof);
  const verifyS = now() - t;
  if (!ok) throw new Error(`wrap: snarkjs rejects the ${name} proof it just made; please report this`);
  if (BigInt(publicSignals[0]) !== b.circuit.publicVkDigest(o.proof) || BigInt(publicSignals[1]) !== sd) {
    throw new Error(`wrap: public signals ${publicSignals.join(", ")} are not [vkDigest, statementDigest]`);
  }
  return { snark: b.snark, snarkProof: proof, publicSignals, vkDigest: b.circuit.publicVkDigest(o.proof), statementDigest: sd, seconds: { witness, prove, verify: verifyS } };
}
