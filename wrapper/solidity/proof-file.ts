// SPDX-License-Identifier: GPL-3.0
//
// Files that carry an on-chain proof and its public values between commands.
//
// On-chain proof file (JSON, written by writeOnchainProofFile):
//   { "format": "zkvm-kit/onchain-proof/v1", "selector": "0x........",
//     "vkDigest": "<decimal>", "statementDigest": "<decimal>",
//     "publicValues": "0x<hex of the public output bytes>",
//     "proof": "0x<proof bytes: selector ++ 24 PLONK words (772 bytes) or 8 Groth16 words (260)>",
//     "plonkProof" or "groth16Proof": { snarkjs proof object },
//     "publicSignals": ["<vk>", "<statement>"] }
// readProofBytes also accepts { "selector", "plonkProof" | "groth16Proof" } (encoded
// here), a text file holding 0x-hex proof bytes, or a raw binary file of exactly 772 or
// 260 bytes.
//
// Public values file: the raw public output bytes; a file named *.hex holds them as hex
// text (optional 0x), and an on-chain proof file's "publicValues" field is used as is.
import fs from "node:fs";
import { encodeProof, GROTH16_PROOF_BYTES, PROOF_BYTES, snarkKindOf, type SnarkProof } from "./encode.ts";
import { statementDigest, packDigestWords } from "./statement.ts";

export const ONCHAIN_PROOF_FORMAT = "zkvm-kit/onchain-proof/v1";

function hexBytes(s: string, what: string): Buffer {
  const h = s.trim().replace(/^0x/, "");
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`${what}: not valid hex`);
  return Buffer.from(h, "hex");
}

export function writeOnchainProofFile(file: string, o: {
  selector: string; vkDigest: bigint; publicValues: Uint8Array; snarkProof: SnarkProof; publicSignals: string[];
}): void {
  const json = {
    format: ONCHAIN_PROOF_FORMAT,
    selector: o.selector,
    vkDigest: o.vkDigest.toString(),
    statementDigest: statementDigest(o.publicValues).toString(),
    publicValues: "0x" + Buffer.from(o.publicValues).toString("hex"),
    proof: encodeProof({ selector: o.selector, snarkProof: o.snarkProof }),
    [`${snarkKindOf(o.snarkProof)}Proof`]: o.snarkProof,
    publicSignals: o.publicSignals,
  };
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
}

function readJson(file: string): any | undefined {
  const text = fs.readFileSync(file, "utf8");
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: invalid JSON: ${(e as Error).message}`);
  }
}

/** The bytes of a file named by an option, or an error naming the option and the file. */
function readArgFile(file: string, what: string): Buffer {
  if (!fs.existsSync(file)) throw new Error(`${what} file not found: ${file}`);
  if (fs.statSync(file).isDirectory()) throw new Error(`${what} file ${file} is a directory`);
  return fs.readFileSync(file);
}

/** Proof bytes (0x hex) from any of the accepted proof file forms: a selector and the
 * words of a PLONK or Groth16 proof, 772 or 260 bytes (anything else is refused here,
 * before a transaction). */
export function readProofBytes(file: string): string {
  const bytes = proofBytesOf(file);
  const n = (bytes.length - 2) / 2;
  if (n !== PROOF_BYTES && n !== GROTH16_PROOF_BYTES) {
    throw new Error(`proof file ${file} holds ${n} proof bytes; a proof is ${PROOF_BYTES} (PLONK) or ${GROTH16_PROOF_BYTES} (Groth16)`);
  }
  return bytes;
}

function proofBytesOf(file: string): string {
  const raw = readArgFile(file, "proof");
  // a file of exactly 772 or 260 bytes is raw proof bytes: hex text of that length would
  // encode at most 386 or 130 bytes, which is no proof
  if (raw.length === PROOF_BYTES || raw.length === GROTH16_PROOF_BYTES) return "0x" + raw.toString("hex");
  const json = readJson(file);
  if (json) {
    if (typeof json.proof === "string") return "0x" + hexBytes(json.proof, `${file}: field "proof"`).toString("hex");
    if (typeof json.proofBytes === "string") return "0x" + hexBytes(json.proofBytes, `${file}: field "proofBytes"`).toString("hex");
    const snarkProof = json.plonkProof ?? json.groth16Proof;
    if (typeof json.selector === "string" && snarkProof) return encodeProof({ selector: json.selector, snarkProof });
    throw new Error(`${file}: expected a field "proof" (0x hex), or "selector" with "plonkProof" or "groth16Proof"`);
  }
  return "0x" + hexBytes(raw.toString("utf8"), `${file}: proof hex`).toString("hex");
}

/** Public output bytes from a raw file, a *.hex file, or an on-chain proof file. */
export function readPublicValues(file: string): Uint8Array {
  const raw = readArgFile(file, "public values");
  if (file.endsWith(".hex")) return hexBytes(raw.toString("utf8"), `${file}: public values hex`);
  if (file.endsWith(".json")) {
    const json = readJson(file);
    if (json?.format === ONCHAIN_PROOF_FORMAT && typeof json.publicValues === "string") {
      return hexBytes(json.publicValues, `${file}: field "publicValues"`);
    }
    // a JSON file that is not an on-chain proof file is not raw public output bytes
    if (json) throw new Error(`public values file ${file}: a JSON file other than an on-chain proof file ("format": "${ONCHAIN_PROOF_FORMAT}"); pass the raw output bytes, a .hex file or the proof file`);
  }
  return new Uint8Array(raw);
}

/**
 * The program's BN254 VK digest from a --vk argument: a decimal or 0x number, a JSON
 * file with a "vkDigest" field (decimal or 0x string), or the vk.bin that `zkvm setup`
 * writes (its program VK digest packed by packDigestWords, statement.ts).
 */
export async function readVkDigestArg(arg: string): Promise<string> {
  if (/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(arg.trim())) return arg.trim();
  if (!fs.existsSync(arg)) throw new Error(`--vk: "${arg}" is neither a number nor an existing file`);
  if (!arg.endsWith(".json")) {
    // imported here: the chip set it builds is only needed for a vk.bin
    const { decodeVk } = await import("../../prover/zkvm/program-key.ts");
    let vk;
    try {
      vk = decodeVk(new Uint8Array(fs.readFileSync(arg)));
    } catch (e) {
      throw new Error(`--vk ${arg}: neither a JSON file nor a zkvm vk.bin (${(e as Error).message})`);
    }
    return packDigestWords(vk.programDigest).toString();
  }
  const json = readJson(arg);
  const v = json?.vkDigest ?? json?.vkDigestBn254;
  if (typeof v === "string" || typeof v === "number") return String(v);
  throw new Error(`--vk ${arg}: no "vkDigest" field (a BN254 field element as a decimal or 0x string)`);
}
