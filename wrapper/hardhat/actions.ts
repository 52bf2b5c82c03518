// SPDX-License-Identifier: GPL-3.0
//
// What the Hardhat tasks in tasks.ts do, as plain functions over an ethers signer, so
// they can be called from scripts and tests without the Hardhat CLI.
import fs from "node:fs";
import path from "node:path";
import { Contract, Interface, type Signer } from "ethers";
import { compileRepoFiles } from "../solidity/compile.ts";
import { buildVerifierContracts, deployCompiled, deployVerifiers, writeVerifierSources } from "../solidity/deploy.ts";
import { readProofBytes, readPublicValues, readVkDigestArg } from "../solidity/proof-file.ts";

/** Every custom error a verify call can revert with (verifiers and the router). */
export const VERIFY_ERRORS = new Interface([
  "function verify(bytes publicValues, bytes proof) view",
  "error InvalidProof()",
  "error WrongSelector(bytes4 selector)",
  "error MalformedProof(uint256 length)",
  "error UnknownSelector(bytes4 selector)",
  "error RouteIsFrozen(bytes4 selector)",
  "error NotAContract(address plonkVerifier)",
]);

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export type DeployVerifierArgs = {
  vk: string; zkey: string; out: string; snarkVerifier: string; router: string;
  proof: string; publicValues: string;
};

export async function deployVerifierAction(a: DeployVerifierArgs, signer: Signer, log = console.log): Promise<Record<string, unknown>> {
  if (!a.vk) throw new Error("deploy-verifier: --vk <digest | vk.json | vk.bin> is required");
  if (!a.zkey) throw new Error("deploy-verifier: --zkey <wrap circuit zkey> is required");
  if (fs.existsSync(a.zkey) && fs.statSync(a.zkey).isDirectory()) throw new Error(`deploy-verifier: --zkey ${a.zkey} is a directory`);
  // everything a user typed is checked before anything is deployed
  if (a.router && a.router !== "new" && !ADDRESS.test(a.router)) throw new Error(`deploy-verifier: --router must be 'new' or an address, got "${a.router}"`);
  if (a.snarkVerifier && !ADDRESS.test(a.snarkVerifier)) throw new Error(`deploy-verifier: --snark-verifier must be an address, got "${a.snarkVerifier}"`);
  if (a.snarkVerifier && (await signer.provider?.getCode(a.snarkVerifier)) === "0x") throw new Error(`deploy-verifier: --snark-verifier: no contract at ${a.snarkVerifier} on this network`);
  if (a.router && a.router !== "new" && (await signer.provider?.getCode(a.router)) === "0x") throw new Error(`deploy-verifier: --router: no contract at ${a.router} on this network`);
  if (!a.proof !== !a.publicValues) throw new Error("deploy-verifier: --proof and --public-values go together");
  if (a.proof) {
    readProofBytes(a.proof);
    readPublicValues(a.publicValues);
  }
  const b = await buildVerifierContracts({ zkeyPath: a.zkey, vkDigest: await readVkDigestArg(a.vk) });
  const dir = path.join(a.out, b.program.name);
  const files = writeVerifierSources(b, dir);
  log(`generated ${files.join(", ")}`);
  const d = await deployVerifiers(b, signer, { snarkVerifierAddress: a.snarkVerifier || undefined });
  const result: Record<string, unknown> = {
    vkDigest: "0x" + b.vkDigest.toString(16).padStart(64, "0"),
    selector: b.selector,
    zkeySha256: b.zkeySha256,
    snarkVerifier: d.snarkVerifier.address,
    snarkVerifierDeployGas: Number(d.snarkVerifier.gasUsed),
    programVerifier: d.programVerifier.address,
    programVerifierDeployGas: Number(d.programVerifier.gasUsed),
  };
  let target = d.programVerifier.address;
  if (a.router) {
    const c = compileRepoFiles(["contracts/ZkvmVerifierRouter.sol"]).ZkvmVerifierRouter;
    let routerAddress = a.router;
    if (a.router === "new") {
      const r = await deployCompiled(c, signer, [await signer.getAddress()]);
      routerAddress = r.address;
      result.routerDeployGas = Number(r.gasUsed);
    }
    const router = new Contract(routerAddress, c.abi as any[], signer);
    await (await router.addRoute(b.selector, d.programVerifier.address)).wait();
    result.router = routerAddress;
    target = routerAddress;
  }
  if (a.proof || a.publicValues) {
    result.submit = await submitProofAction({ verifier: target, proof: a.proof, publicValues: a.publicValues, send: false }, signer);
  }
  return result;
}

export type SubmitProofArgs = { verifier: string; proof: string; publicValues: string; send: boolean };

function decodeRevert(e: any): string {
  const data: string | undefined = e?.data ?? e?.info?.error?.data ?? e?.error?.data;
  if (typeof data === "string" && data.length >= 10) {
    try {
      const err = VERIFY_ERRORS.parseError(data);
      if (err) return `${err.name}(${err.args.map(String).join(", ")})`;
    } catch { /* not one of ours */ }
    return `revert data ${data}`;
  }
  return e?.shortMessage ?? e?.message ?? String(e);
}

/** Calls verify (and, with send, sends it as a transaction); reports accepted/rejected and gas. */
export async function submitProofAction(a: SubmitProofArgs, signer: Signer): Promise<Record<string, unknown>> {
  if (!ADDRESS.test(a.verifier)) throw new Error(`submit-proof: --verifier must be an address, got "${a.verifier}"`);
  if (!a.proof) throw new Error("submit-proof: --proof <file> is required");
  if (!a.publicValues) throw new Error("submit-proof: --public-values <file> is required");
  const proof = readProofBytes(a.proof);
  const publicValues = readPublicValues(a.publicValues);
  const provider = signer.provider;
  if (!provider) throw new Error("submit-proof: the signer has no provider");
  if ((await provider.getCode(a.verifier)) === "0x") throw new Error(`submit-proof: no contract at ${a.verifier} on this network`);
  const verifier = new Contract(a.verifier, VERIFY_ERRORS, signer);
  try {
    await verifier.verify.staticCall(publicValues, proof);
  } catch (e) {
    return { verifier: a.verifier, accepted: false, error: decodeRevert(e) };
  }
  const out: Record<string, unknown> = { verifier: a.verifier, accepted: true };
  out.verifyGas = Number(await verifier.verify.estimateGas(publicValues, proof));
  if (a.send) {
    const receipt = await (await verifier.verify.send(publicValues, proof)).wait();
    out.txHash = receipt?.hash;
    out.gasUsed = Number(receipt?.gasUsed);
  }
  return out;
}
