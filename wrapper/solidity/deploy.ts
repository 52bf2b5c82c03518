// SPDX-License-Identifier: GPL-3.0
//
// Generates, compiles and deploys the two contracts that verify one program's proofs:
//   1. the SNARK verifier of the wrap circuit (one per zkey, shareable): the kit's PLONK
//      verifier for a PLONK zkey, snarkjs's Groth16 verifier for a Groth16 zkey, and
//   2. the program verifier (IZkvmVerifier) pinning the program's VK digest.
// Used by the Hardhat task deploy-verifier, the on-chain tests and scripts/bench/gas.ts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ContractFactory, type Signer } from "ethers";
import { compileSolidity, interfaceSources, type CompiledContract } from "./compile.ts";
import * as snarkjs from "snarkjs";
import { generatePlonkVerifier } from "./plonk-verifier.ts";
import { generateGroth16Verifier } from "./groth16-verifier.ts";
import type { SnarkKind } from "./encode.ts";
import { defaultProgramVerifierName, generateProgramVerifier, parseVkDigest } from "./program-verifier.ts";
import { selectorFromZkeyHash } from "./selector.ts";

export type GeneratedContract = { name: string; file: string; source: string; compiled: CompiledContract };
export type VerifierBuild = {
  vkDigest: bigint;
  selector: string;
  zkeySha256: string;
  /** The zkey's protocol. */
  snark: SnarkKind;
  snarkVerifier: GeneratedContract;
  program: GeneratedContract;
};

/** Generate and compile the SNARK verifier (PLONK or Groth16, as the zkey is) and the program verifier for a zkey and VK digest. */
export async function buildVerifierContracts(o: { zkeyPath: string; vkDigest: bigint | string; contractName?: string }): Promise<VerifierBuild> {
  const vkDigest = parseVkDigest(o.vkDigest);
  if (!fs.existsSync(o.zkeyPath)) throw new Error(`deploy: zkey file not found: ${o.zkeyPath}`);
  const vk = await snarkjs.zKey.exportVerificationKey(o.zkeyPath);
  if (vk.protocol !== "plonk" && vk.protocol !== "groth16") throw new Error(`deploy: ${o.zkeyPath} is a ${vk.protocol} zkey; the kit verifies plonk or groth16`);
  const snark: SnarkKind = vk.protocol;
  const nPublic = vk.nPublic;
  if (nPublic !== 2) {
    throw new Error(`deploy: ${o.zkeyPath} has ${nPublic} public signals; the wrap circuit has exactly 2 (vkDigest, statementDigest)`);
  }
  const zkeySha256 = crypto.createHash("sha256").update(fs.readFileSync(o.zkeyPath)).digest("hex");
  const selector = selectorFromZkeyHash(zkeySha256);
  const snarkName = `${snark === "plonk" ? "PlonkVerifier" : "Groth16Verifier"}_${selector.slice(2)}`;
  const programName = o.contractName ?? defaultProgramVerifierName(vkDigest);
  const snarkSource = snark === "plonk"
    ? await generatePlonkVerifier(o.zkeyPath, { contractName: snarkName })
    : await generateGroth16Verifier(o.zkeyPath, { contractName: snarkName });
  const programSource = generateProgramVerifier({ vkDigest, snarkVerifierName: snarkName, snark, selector, zkeySha256, contractName: programName });
  const snarkFile = `contracts/generated/${snarkName}.sol`;
  const programFile = `contracts/generated/${programName}.sol`;
  const compiled = compileSolidity({ ...interfaceSources(), [snarkFile]: snarkSource, [programFile]: programSource });
  return {
    vkDigest, selector, zkeySha256, snark,
    snarkVerifier: { name: snarkName, file: snarkFile, source: snarkSource, compiled: compiled[snarkName] },
    program: { name: programName, file: programFile, source: programSource, compiled: compiled[programName] },
  };
}

/** Write the generated sources under `dir` (e.g. out/verifier/); returns the paths. */
export function writeVerifierSources(b: VerifierBuild, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = [[b.snarkVerifier.name, b.snarkVerifier.source], [b.program.name, b.program.source]] as const;
  return files.map(([n, s]) => {
    const p = path.join(dir, `${n}.sol`);
    fs.writeFileSync(p, s);
    return p;
  });
}

export type Deployed = { address: string; gasUsed: bigint; txHash: string };

/** Deploy a compiled contract with constructor `args`; returns its address and deployment gas. */
export async function deployCompiled(c: CompiledContract, signer: Signer, args: unknown[] = []): Promise<Deployed> {
  const factory = new ContractFactory(c.abi as any[], c.bytecode, signer);
  const contract = await factory.deploy(...args);
  const tx = contract.deploymentTransaction();
  const receipt = await tx!.wait();
  if (!receipt || receipt.status !== 1) throw new Error("deploy: deployment transaction failed");
  return { address: await contract.getAddress(), gasUsed: receipt.gasUsed, txHash: receipt.hash };
}

/**
 * Deploy the SNARK verifier (unless `snarkVerifierAddress` names one already deployed
 * for the same zkey) and the program verifier pointing at it.
 */
export async function deployVerifiers(b: VerifierBuild, signer: Signer, o: { snarkVerifierAddress?: string } = {}):
  Promise<{ snarkVerifier: Deployed; programVerifier: Deployed }> {
  const snarkVerifier = o.snarkVerifierAddress
    ? { address: o.snarkVerifierAddress, gasUsed: 0n, txHash: "" }
    : await deployCompiled(b.snarkVerifier.compiled, signer);
  const programVerifier = await deployCompiled(b.program.compiled, signer, [snarkVerifier.address]);
  return { snarkVerifier, programVerifier };
}
