// SPDX-License-Identifier: GPL-3.0
//
// Hardhat 3 tasks for the on-chain steps. Register them in hardhat.config.ts:
//   import { zkvmTasks } from "./wrapper/hardhat/tasks.ts";
//   ... defineConfig({ ..., tasks: zkvmTasks })
//
//   npx hardhat deploy-verifier --vk <digest | vk.json | vk.bin> --zkey <wrap.zkey>
//       [--out out/verifier] [--snark-verifier <address>] [--router new | <address>]
//       [--proof <file> --public-values <file>]       (submit right after deploying)
//   npx hardhat submit-proof --verifier <address> --proof <file> --public-values <file> [--send]
//
// Both use the network chosen with --network (default: the in-process one, whose state
// ends with the command: to submit to a verifier deployed by an earlier command, run
// `npx hardhat node` and pass --network localhost to both, or pass --proof and
// --public-values to deploy-verifier). The heavy modules load only when a task runs.
import { task } from "hardhat/config";

function printJson(x: unknown): void {
  console.log(JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
}

/** Bad input is reported as one line naming the option or file at fault, not a stack. */
async function reportErrors(f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  } finally {
    (globalThis as any).curve_bn128?.terminate();
  }
}

export const deployVerifierTask = task("deploy-verifier",
  "Generate the SNARK verifier (PLONK or Groth16, as the zkey is) and the program verifier for a VK digest and wrap zkey, compile them with the pinned solc, deploy, print addresses and deployment gas")
  .addOption({ name: "vk", description: "the program's VK digest (BN254 field element, decimal or 0x), a JSON file with a vkDigest field, or the vk.bin of zkvm setup", defaultValue: "" })
  .addOption({ name: "zkey", description: "the wrap circuit's zkey (PLONK or Groth16)", defaultValue: "" })
  .addOption({ name: "out", description: "directory for the generated .sol sources", defaultValue: "out/verifier" })
  .addOption({ name: "snarkVerifier", description: "reuse a SNARK verifier already deployed for this zkey (address)", defaultValue: "" })
  .addOption({ name: "router", description: "'new' to deploy a ZkvmVerifierRouter, or a router address, to register the route on", defaultValue: "" })
  .addOption({ name: "proof", description: "optional proof file to submit once deployed (the task exits 1 if it is rejected)", defaultValue: "" })
  .addOption({ name: "publicValues", description: "public values file for --proof", defaultValue: "" })
  .setInlineAction((args, hre) => reportErrors(async () => {
    const { deployVerifierAction } = await import("./actions.ts");
    const { ethers } = await hre.network.getOrCreate();
    const [signer] = await ethers.getSigners();
    const result = await deployVerifierAction(args, signer);
    printJson(result);
    // deployed, but the proof given with it was rejected: a script must not read success
    if (result.submit && (result.submit as { accepted?: boolean }).accepted !== true) process.exitCode = 1;
  }))
  .build();

export const submitProofTask = task("submit-proof",
  "Submit a proof and its public values to a deployed verifier (or router); print whether it is accepted and the gas")
  .addOption({ name: "verifier", description: "address of the IZkvmVerifier (program verifier or router)", defaultValue: "" })
  .addOption({ name: "proof", description: "proof file (on-chain proof JSON, 0x hex, or the raw bytes: 772 for PLONK, 260 for Groth16)", defaultValue: "" })
  .addOption({ name: "publicValues", description: "public values file (raw bytes, *.hex, or the on-chain proof JSON)", defaultValue: "" })
  .addFlag({ name: "send", description: "also send verify as a transaction and print its gasUsed" })
  .setInlineAction((args, hre) => reportErrors(async () => {
    const { submitProofAction } = await import("./actions.ts");
    const { ethers } = await hre.network.getOrCreate();
    const [signer] = await ethers.getSigners();
    const result = await submitProofAction(args, signer);
    printJson(result);
    if (result.accepted !== true) process.exitCode = 1;
  }))
  .build();

export const zkvmTasks = [deployVerifierTask, submitProofTask];
