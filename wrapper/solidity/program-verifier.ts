// SPDX-License-Identifier: GPL-3.0
//
// Generates the per-program verifier contract from templates/ProgramVerifier.sol.tmpl.
// It pins the program's VK digest as a constant, recomputes the statement digest
// (statement.ts) from the submitted public values with one sha256, and calls a separately
// deployed SNARK verifier with [vkDigest, statementDigest]: the kit's PLONK verifier
// (plonk-verifier.ts) or snarkjs's Groth16 verifier (groth16-verifier.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { proofWordCount, type SnarkKind } from "./encode.ts";

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "templates", "ProgramVerifier.sol.tmpl");
/** BN254 scalar field modulus: public signals must be below it. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export type ProgramVerifierOptions = {
  /** The program's VK digest (a BN254 field element), as bigint or decimal/0x string. */
  vkDigest: bigint | string;
  /** Contract name of the SNARK verifier it calls (documentation in the generated code). */
  snarkVerifierName: string;
  /** Which SNARK that verifier checks; default "plonk". */
  snark?: SnarkKind;
  /** 4-byte selector, "0x" + 8 hex digits (selector.ts). */
  selector: string;
  /** sha256 hex of the zkey the PLONK verifier came from (pinned as ZKEY_SHA256). */
  zkeySha256?: string;
  /** Name of the generated contract; default ZkvmProgramVerifier_<last 8 hex digits of vkDigest>. */
  contractName?: string;
  /** Where IZkvmVerifier.sol and IPlonkVerifier.sol (IGroth16Verifier.sol) are, relative to the output file; default "../". */
  importPrefix?: string;
};

export function parseVkDigest(v: bigint | string, what = "vkDigest"): bigint {
  let x: bigint;
  try {
    x = typeof v === "bigint" ? v : BigInt(v.trim());
  } catch {
    throw new Error(`${what}: not an integer: "${v}"`);
  }
  if (x < 0n || x >= BN254_R) throw new Error(`${what}: ${x} is not a BN254 field element (must be < r)`);
  return x;
}

const ident = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

/** Solidity source of the program verifier. */
export function generateProgramVerifier(o: ProgramVerifierOptions): string {
  const vk = parseVkDigest(o.vkDigest);
  if (!/^0x[0-9a-fA-F]{8}$/.test(o.selector)) {
    throw new Error(`generateProgramVerifier: selector must be 0x + 8 hex digits, got "${o.selector}"`);
  }
  if (!ident(o.snarkVerifierName)) throw new Error(`generateProgramVerifier: bad snarkVerifierName "${o.snarkVerifierName}"`);
  const zk = o.zkeySha256 ?? "0".repeat(64);
  if (!/^[0-9a-f]{64}$/.test(zk)) throw new Error(`generateProgramVerifier: zkeySha256 must be 64 lowercase hex digits`);
  const vkHex = "0x" + vk.toString(16).padStart(64, "0");
  const name = o.contractName ?? defaultProgramVerifierName(vk);
  if (!ident(name)) throw new Error(`generateProgramVerifier: bad contractName "${name}"`);
  const snark = o.snark ?? "plonk";
  // the SNARK verifier's call: selector, the proof words, then the two public signals
  const wordBytes = 32 * proofWordCount(snark);
  const subs: Record<string, string> = {
    SNARK_NAME: snark === "plonk" ? "PLONK" : "Groth16",
    SNARK_INTERFACE: snark === "plonk" ? "IPlonkVerifier" : "IGroth16Verifier",
    VERIFIER_FIELD: snark === "plonk" ? "PLONK_VERIFIER" : "GROTH16_VERIFIER",
    VERIFIER_PARAM: snark === "plonk" ? "plonkVerifier" : "groth16Verifier",
    VERIFIER_VAR: snark === "plonk" ? "plonk" : "groth16",
    VERIFY_SIGNATURE: snark === "plonk" ? "verifyProof(uint256[24], uint256[2])" : "verifyProof(uint256[2], uint256[2][2], uint256[2], uint256[2])",
    PROOF_WORDS: String(proofWordCount(snark)),
    PROOF_WORD_BYTES: String(wordBytes),
    SIGNAL0_AT: String(4 + wordBytes),
    SIGNAL1_AT: String(36 + wordBytes),
    CALL_BYTES: String(68 + wordBytes),
    CONTRACT_NAME: name,
    VK_DIGEST_HEX: vkHex,
    SELECTOR: o.selector.toLowerCase(),
    SNARK_VERIFIER_NAME: o.snarkVerifierName,
    ZKEY_SHA256: zk,
    ZKEY_SHA256_B32: "0x" + zk,
    IMPORT_PREFIX: o.importPrefix ?? "../",
  };
  return fs.readFileSync(TEMPLATE, "utf8").replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, k: string) => {
    if (!(k in subs)) throw new Error(`generateProgramVerifier: template ${TEMPLATE} has unknown field {{${k}}}`);
    return subs[k];
  });
}

/** The contract name generateProgramVerifier gives when none is passed. */
export function defaultProgramVerifierName(vkDigest: bigint | string): string {
  return `ZkvmProgramVerifier_${parseVkDigest(vkDigest).toString(16).padStart(64, "0").slice(-8)}`;
}
