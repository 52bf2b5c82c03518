// SPDX-License-Identifier: GPL-3.0
//
// Proves the PLACEHOLDER two-public circuit for a (vkDigest, publicValues) pair, so
// on-chain tests can use real PLONK proofs before the real wrap circuit exists.
//
//   npx node wrapper/circuits/test/prove.ts --vk <digest> --public-values <file> --out proof.json
// builds the placeholder (cached), proves, writes an on-chain proof file
// (wrapper/solidity/proof-file.ts) and prints the zkey path for `hardhat deploy-verifier`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";
import { statementDigest } from "../../solidity/statement.ts";
import { BN254_R, parseVkDigest } from "../../solidity/program-verifier.ts";
import { buildPlaceholder, type PlaceholderBuild } from "./build.ts";
import { readPublicValues, readVkDigestArg, writeOnchainProofFile } from "../../solidity/proof-file.ts";
import { selectorForZkey } from "../../solidity/selector.ts";
import type { SnarkjsGroth16Proof, SnarkjsPlonkProof } from "../../solidity/encode.ts";

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error("placeholder prove: vkDigest + statementDigest is 0 mod r; no witness exists");
  return ((s0 % m) + m) % m;
}

export type PlaceholderProof = { proof: SnarkjsPlonkProof; publicSignals: string[] };

/** The placeholder circuit's input for [vkDigest, statementDigest(publicValues)]. */
function placeholderInput(vkDigest: bigint | string, publicValues: Uint8Array): Record<string, string> {
  const vk = parseVkDigest(vkDigest);
  const sd = statementDigest(publicValues);
  return { vkDigest: vk.toString(), statementDigest: sd.toString(), inv: modInverse(vk + sd, BN254_R).toString() };
}

/** A real PLONK proof of the placeholder circuit with public signals [vkDigest, statementDigest]. */
export async function provePlaceholder(b: PlaceholderBuild, vkDigest: bigint | string, publicValues: Uint8Array): Promise<PlaceholderProof> {
  const { proof, publicSignals } = await snarkjs.plonk.fullProve(placeholderInput(vkDigest, publicValues), b.wasm, b.zkey);
  return { proof, publicSignals };
}

/** The same statement proved with Groth16 under `zkey`, a Groth16 zkey of the placeholder's r1cs. */
export async function provePlaceholderGroth16(b: PlaceholderBuild, zkey: string, vkDigest: bigint | string, publicValues: Uint8Array):
  Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }> {
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(placeholderInput(vkDigest, publicValues), b.wasm, zkey);
  return { proof, publicSignals };
}

function option(argv: string[], name: string): string {
  const i = argv.indexOf(name);
  if (i < 0 || i + 1 >= argv.length) throw new Error(`prove: missing ${name} <value> (see --help)`);
  return argv[i + 1];
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    console.log("usage: npx node wrapper/circuits/test/prove.ts --vk <digest|vk.json> --public-values <file> --out <proof.json>\n" +
      "Proves the PLACEHOLDER two-public circuit (INSECURE dev ptau; tests and demos only).");
    return;
  }
  const vk = parseVkDigest(await readVkDigestArg(option(argv, "--vk")));
  const publicValues = readPublicValues(option(argv, "--public-values"));
  const out = option(argv, "--out");
  const b = await buildPlaceholder();
  const { proof, publicSignals } = await provePlaceholder(b, vk, publicValues);
  writeOnchainProofFile(out, { selector: selectorForZkey(b.zkey), vkDigest: vk, publicValues, snarkProof: proof, publicSignals });
  console.log(JSON.stringify({ proof: out, zkey: b.zkey, vkDigest: vk.toString() }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }).finally(() => (globalThis as any).curve_bn128?.terminate());
}
