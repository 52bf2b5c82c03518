// SPDX-License-Identifier: GPL-3.0
//
// Encodings a dApp needs to call IZkvmVerifier.verify(publicValues, proof).
//
// Proof bytes (PROOF_BYTES = 772):
//   [0, 4)     selector (selector.ts): names the kit version and the wrap circuit
//   [4, 772)   the 24 PLONK proof words, each a 32-byte big-endian uint256, in the order
//              of snarkjs's `zkey export soliditycalldata` (= abi.encode(uint256[24])):
//              A.x A.y B.x B.y C.x C.y Z.x Z.y T1.x T1.y T2.x T2.y T3.x T3.y
//              Wxi.x Wxi.y Wxiw.x Wxiw.y eval_a eval_b eval_c eval_s1 eval_s2 eval_zw
// Public signals of the wrap circuit: [vkDigest, statementDigest(publicValues)].
import { Interface } from "ethers";
import { statementDigest } from "./statement.ts";

export { statementDigest } from "./statement.ts";

export const PLONK_PROOF_WORDS = 24;
export const PROOF_BYTES = 4 + 32 * PLONK_PROOF_WORDS;

/** A snarkjs PLONK proof object (as plonk.prove / fullProve return it, or its JSON). */
export type SnarkjsPlonkProof = {
  A: unknown[]; B: unknown[]; C: unknown[]; Z: unknown[];
  T1: unknown[]; T2: unknown[]; T3: unknown[]; Wxi: unknown[]; Wxiw: unknown[];
  eval_a: unknown; eval_b: unknown; eval_c: unknown; eval_s1: unknown; eval_s2: unknown; eval_zw: unknown;
  protocol?: string;
};

const POINTS = ["A", "B", "C", "Z", "T1", "T2", "T3", "Wxi", "Wxiw"] as const;
const EVALS = ["eval_a", "eval_b", "eval_c", "eval_s1", "eval_s2", "eval_zw"] as const;

function word(v: unknown, field: string): bigint {
  let x: bigint;
  try {
    x = BigInt(v as string | bigint);
  } catch {
    throw new Error(`plonk proof: field ${field} is not an integer: ${String(v)}`);
  }
  if (x < 0n || x >= 1n << 256n) throw new Error(`plonk proof: field ${field} does not fit in 256 bits`);
  return x;
}

/** The 24 proof words of a snarkjs PLONK proof, in verifier order. */
export function plonkProofWords(p: SnarkjsPlonkProof): bigint[] {
  if (p === null || typeof p !== "object") throw new Error("plonk proof: expected a snarkjs proof object");
  if (p.protocol !== undefined && p.protocol !== "plonk") {
    throw new Error(`plonk proof: protocol is "${p.protocol}", expected "plonk"`);
  }
  const out: bigint[] = [];
  for (const k of POINTS) {
    const pt = p[k];
    if (!Array.isArray(pt) || pt.length < 2) throw new Error(`plonk proof: field ${k} must be a point [x, y, ...]`);
    out.push(word(pt[0], `${k}[0]`), word(pt[1], `${k}[1]`));
  }
  for (const k of EVALS) out.push(word(p[k], k));
  return out;
}

function hex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

function selectorBytes(selector: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{8}$/.test(selector)) throw new Error(`encodeProof: selector must be 0x + 8 hex digits, got "${selector}"`);
  return Buffer.from(selector.slice(2), "hex");
}

/** Proof bytes for IZkvmVerifier.verify: selector ++ abi.encode(uint256[24]), as 0x hex. */
export function encodeProof(o: { selector: string; plonkProof: SnarkjsPlonkProof }): string {
  const out = new Uint8Array(PROOF_BYTES);
  out.set(selectorBytes(o.selector), 0);
  plonkProofWords(o.plonkProof).forEach((w, i) => {
    out.set(Buffer.from(w.toString(16).padStart(64, "0"), "hex"), 4 + 32 * i);
  });
  return hex(out);
}

/** Splits proof bytes into selector and words; throws on a wrong length. */
export function decodeProof(proof: string | Uint8Array): { selector: string; words: bigint[] } {
  const b = typeof proof === "string" ? Buffer.from(proof.replace(/^0x/, ""), "hex") : Buffer.from(proof);
  if (b.length !== PROOF_BYTES) throw new Error(`decodeProof: proof is ${b.length} bytes, expected ${PROOF_BYTES}`);
  const words: bigint[] = [];
  for (let i = 0; i < PLONK_PROOF_WORDS; i++) words.push(BigInt(hex(b.subarray(4 + 32 * i, 36 + 32 * i))));
  return { selector: hex(b.subarray(0, 4)), words };
}

/** The wrap circuit's public signals for a program and its public output. */
export function publicSignals(vkDigest: bigint, publicValues: Uint8Array): [bigint, bigint] {
  return [vkDigest, statementDigest(publicValues)];
}

const VERIFY_ABI = new Interface(["function verify(bytes publicValues, bytes proof) view"]);

/**
 * Arguments of IZkvmVerifier.verify(publicValues, proof) as hex, and the full call data
 * (function selector included) for a raw eth_call / transaction.
 */
export function toSolidityCalldata(o: { selector: string; plonkProof: SnarkjsPlonkProof; publicValues: Uint8Array }):
  { publicValues: string; proof: string; calldata: string } {
  const proof = encodeProof(o);
  const publicValues = hex(o.publicValues);
  return { publicValues, proof, calldata: VERIFY_ABI.encodeFunctionData("verify", [publicValues, proof]) };
}
