// SPDX-License-Identifier: GPL-3.0
//
// Proves the PLACEHOLDER two-public circuit for a (vkDigest, publicValues) pair, so
// on-chain tests can use real PLONK proofs before the real wrap circuit exists.
import * as snarkjs from "snarkjs";
import { statementDigest } from "../../solidity/statement.ts";
import { BN254_R, parseVkDigest } from "../../solidity/program-verifier.ts";
import type { PlaceholderBuild } from "./build.ts";
import type { SnarkjsPlonkProof } from "../../solidity/encode.ts";

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

/** A real PLONK proof of the placeholder circuit with public signals [vkDigest, statementDigest]. */
export async function provePlaceholder(b: PlaceholderBuild, vkDigest: bigint | string, publicValues: Uint8Array): Promise<PlaceholderProof> {
  const vk = parseVkDigest(vkDigest);
  const sd = statementDigest(publicValues);
  const input = { vkDigest: vk.toString(), statementDigest: sd.toString(), inv: modInverse(vk + sd, BN254_R).toString() };
  const { proof, publicSignals } = await snarkjs.plonk.fullProve(input, b.wasm, b.zkey);
  return { proof, publicSignals };
}
