// SPDX-License-Identifier: GPL-3.0
//
// Generates, compiles and deploys the two contracts that verify one program's proofs:
//   1. the snarkjs PLONK verifier of the wrap circuit (one per zkey, shareable), and
//   2. the program verifier (IZkvmVerifier) pinning the program's VK digest.
// Used by the Hardhat task deploy-verifier, the on-chain tests and scripts/bench/gas.ts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ContractFactory, type Signer } from "ethers";
import { compileSolidity, interfaceSources, type CompiledContract } from "./compile.ts";
import { generatePlonkVerifier, zkeyPublicCount } from "./plonk-verifier.ts";
import { defaultProgramVerifierName, generateProgramVerifier, parseVkDigest } from "./program-verifier.ts";
import { selectorFromZkeyHash } from "./selector.ts";

export type GeneratedContract = { name: string; file: string; source: string; compiled: CompiledContract };
export type VerifierBuild = {
  vkDigest: bigint;
  selector: string;
  zkeySha256: string;
  plonk: GeneratedContract;
  program: GeneratedContract;
};

/** Generate and compile the PLONK verifier and the program verifier for a zkey and VK digest. */
export async function buildVerifierContracts(o: { zkeyPath: string; vkDigest: bigint | string; contractName?: string }): Promise<VerifierBuild> {
  const vkDigest = parseVkDigest(o.vkDigest);
  if (!fs.existsSync(o.zkeyPath)) throw new Error(`deploy: zkey file not found: ${o.zkeyPath}`);
  const nPublic = await zkeyPublicCount(o.zkeyPath);
  if (nPublic !== 2) {
    throw new Error(`deploy: ${o.zkeyPath} has ${nPublic} public signals; the wrap circuit has exactly 2 (vkDigest, statementDigest)`);
  }
  const zkeySha256 = crypto.createHash("sha256").update(fs.readFileSync(o.zkeyPath)).digest("hex");
  const selector = selectorFromZkeyHash(zkeySha256);
  const plonkName = `PlonkVerifier_${selector.slice(2)}`;
  const programName = o.contractName ?? defaultProgramVerifierName(vkDigest);
  const plonkSource = await generatePlonkVerifier(o.zkeyPath, { contractName: plonkName });
  const programSource = generateProgramVerifier({ vkDigest, plonkVerifierName: plonkName, selector, zkeySha256, contractName: programName });
  const plonkFile = `contracts/generated/${plonkName}.sol`;
  const programFile = `contracts/generated/${programName}.sol`;
  const compiled = compileSolidity({ ...interfaceSources(), [plonkFile]: plonkSource, [programFile]: programSource });
  return {
    vkDigest, selector, zkeySha256,
    plonk: { name: plonkName, file: plonkFile, source: plonkSource, compiled: compiled[plonkName] },
    program: { name: programName, file: programFile, source: programSource, compiled: compiled[programName] },
  };
}

/** Write the generated sources under `dir` (e.g. out/verifier/); returns the paths. */
export function writeVerifierSources(b: VerifierBuild, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = [[b.plonk.name, b.plonk.source], [b.program.name, b.program.source]] as const;
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
 * Deploy the PLONK verifier (unless `plonkVerifierAddress` names one already deployed
 * for the same zkey) and the program verifier pointing at it.
 */
export async function deployVerifiers(b: VerifierBuild, signer: Signer, o: { plonkVerifierAddress?: string } = {}):
  Promise<{ plonkVerifier: Deployed; programVerifier: Deployed }> {
  const plonkVerifier = o.plonkVerifierAddress
    ? { address: o.plonkVerifierAddress, gasUsed: 0n, txHash: "" }
    : await deployCompiled(b.plonk.compiled, signer);
  const programVerifier = await deployCompiled(b.program.compiled, signer, [plonkVerifier.address]);
  return { plonkVerifier, programVerifier };
}
