// SPDX-License-Identifier: GPL-3.0
//
// Encodings a dApp needs to call IZkvmVerifier.verify(publicValues, proof).
//
// Proof bytes: a 4-byte selector (selector.ts: names the kit version and the wrap
// circuit's zkey, hence also the SNARK), then the proof words, each a 32-byte big-endian
// uint256, in the order of snarkjs's `zkey export soliditycalldata`:
//   PLONK (PROOF_BYTES = 772): 24 words (= abi.encode(uint256[24])):
//     A.x A.y B.x B.y C.x C.y Z.x Z.y T1.x T1.y T2.x T2.y T3.x T3.y
//     Wxi.x Wxi.y Wxiw.x Wxiw.y eval_a eval_b eval_c eval_s1 eval_s2 eval_zw
//   Groth16 (GROTH16_PROOF_BYTES = 260): 8 words (= abi.encode(uint256[2], uint256[2][2],
//     uint256[2])): A.x A.y, B.x.c1 B.x.c0 B.y.c1 B.y.c0 (the EIP-197 order of a G2
//     coordinate: imaginary part first), C.x C.y
// Public signals of the wrap circuit: [vkDigest, statementDigest(publicValues)].
import { Interface } from "ethers";
import { statementDigest } from "./statement.ts";

export { statementDigest } from "./statement.ts";

export const PLONK_PROOF_WORDS = 24;
export const PROOF_BYTES = 4 + 32 * PLONK_PROOF_WORDS;
export const GROTH16_PROOF_WORDS = 8;
export const GROTH16_PROOF_BYTES = 4 + 32 * GROTH16_PROOF_WORDS;

/** The SNARK that wraps the STARK: the zkey says which (its protocol). */
export type SnarkKind = "plonk" | "groth16";
export const SNARK_KINDS: readonly SnarkKind[] = ["plonk", "groth16"];

/** Proof words of a SNARK: 24 for PLONK, 8 for Groth16. */
export function proofWordCount(kind: SnarkKind): number {
  return kind === "plonk" ? PLONK_PROOF_WORDS : GROTH16_PROOF_WORDS;
}

/** A snarkjs PLONK proof object (as plonk.prove / fullProve return it, or its JSON). */
export type SnarkjsPlonkProof = {
  A: unknown[]; B: unknown[]; C: unknown[]; Z: unknown[];
  T1: unknown[]; T2: unknown[]; T3: unknown[]; Wxi: unknown[]; Wxiw: unknown[];
  eval_a: unknown; eval_b: unknown; eval_c: unknown; eval_s1: unknown; eval_s2: unknown; eval_zw: unknown;
  protocol?: string;
};

/** A snarkjs Groth16 proof object (groth16.prove / fullProve, or its JSON). */
export type SnarkjsGroth16Proof = { pi_a: unknown[]; pi_b: unknown[][]; pi_c: unknown[]; protocol?: string; curve?: string };

/** Either SNARK's proof object; `snarkKindOf` tells them apart. */
export type SnarkProof = SnarkjsPlonkProof | SnarkjsGroth16Proof;

/** Which SNARK a snarkjs proof object is (a Groth16 proof has pi_a, a PLONK proof A). */
export function snarkKindOf(p: SnarkProof): SnarkKind {
  if (p === null || typeof p !== "object") throw new Error("snark proof: expected a snarkjs proof object");
  return "pi_a" in p ? "groth16" : "plonk";
}

const POINTS = ["A", "B", "C", "Z", "T1", "T2", "T3", "Wxi", "Wxiw"] as const;
const EVALS = ["eval_a", "eval_b", "eval_c", "eval_s1", "eval_s2", "eval_zw"] as const;

function word(v: unknown, field: string, what = "plonk proof"): bigint {
  let x: bigint;
  try {
    x = BigInt(v as string | bigint);
  } catch {
    throw new Error(`${what}: field ${field} is not an integer: ${String(v)}`);
  }
  if (x < 0n || x >= 1n << 256n) throw new Error(`${what}: field ${field} does not fit in 256 bits`);
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

/** The 8 proof words of a snarkjs Groth16 proof, in verifier order (B's coordinates imaginary part first). */
export function groth16ProofWords(p: SnarkjsGroth16Proof): bigint[] {
  if (p === null || typeof p !== "object") throw new Error("groth16 proof: expected a snarkjs proof object");
  if (p.protocol !== undefined && p.protocol !== "groth16") {
    throw new Error(`groth16 proof: protocol is "${p.protocol}", expected "groth16"`);
  }
  const w = (v: unknown, f: string) => word(v, f, "groth16 proof");
  const point = (k: "pi_a" | "pi_c") => {
    const pt = p[k];
    if (!Array.isArray(pt) || pt.length < 2) throw new Error(`groth16 proof: field ${k} must be a point [x, y, ...]`);
    return [w(pt[0], `${k}[0]`), w(pt[1], `${k}[1]`)];
  };
  const b = p.pi_b;
  if (!Array.isArray(b) || b.length < 2 || !b.slice(0, 2).every((c) => Array.isArray(c) && c.length === 2)) {
    throw new Error("groth16 proof: field pi_b must be a G2 point [[x0, x1], [y0, y1], ...]");
  }
  return [...point("pi_a"), w(b[0][1], "pi_b[0][1]"), w(b[0][0], "pi_b[0][0]"), w(b[1][1], "pi_b[1][1]"), w(b[1][0], "pi_b[1][0]"), ...point("pi_c")];
}

/** The proof words of either SNARK's proof object, in verifier order. */
export function snarkProofWords(p: SnarkProof): bigint[] {
  return snarkKindOf(p) === "groth16" ? groth16ProofWords(p as SnarkjsGroth16Proof) : plonkProofWords(p as SnarkjsPlonkProof);
}

function hex(bytes: Uint8Array): string {
  return "0x" + Buffer.from(bytes).toString("hex");
}

function selectorBytes(selector: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{8}$/.test(selector)) throw new Error(`encodeProof: selector must be 0x + 8 hex digits, got "${selector}"`);
  return Buffer.from(selector.slice(2), "hex");
}

/** Proof bytes for IZkvmVerifier.verify: selector ++ the proof words (PLONK or Groth16, see above), as 0x hex. */
export function encodeProof(o: { selector: string; snarkProof: SnarkProof }): string {
  const words = snarkProofWords(o.snarkProof);
  const out = new Uint8Array(4 + 32 * words.length);
  out.set(selectorBytes(o.selector), 0);
  words.forEach((w, i) => {
    out.set(Buffer.from(w.toString(16).padStart(64, "0"), "hex"), 4 + 32 * i);
  });
  return hex(out);
}

/** Splits proof bytes into selector and words; the length says the SNARK; throws on any other length. */
export function decodeProof(proof: string | Uint8Array): { selector: string; words: bigint[] } {
  const b = typeof proof === "string" ? Buffer.from(proof.replace(/^0x/, ""), "hex") : Buffer.from(proof);
  if (b.length !== PROOF_BYTES && b.length !== GROTH16_PROOF_BYTES) {
    throw new Error(`decodeProof: proof is ${b.length} bytes, expected ${PROOF_BYTES} (PLONK) or ${GROTH16_PROOF_BYTES} (Groth16)`);
  }
  const words: bigint[] = [];
  for (let i = 0; 4 + 32 * i < b.length; i++) words.push(BigInt(hex(b.subarray(4 + 32 * i, 36 + 32 * i))));
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
export function toSolidityCalldata(o: { selector: string; snarkProof: SnarkProof; publicValues: Uint8Array }):
  { publicValues: string; proof: string; calldata: string } {
  const proof = encodeProof(o);
  const publicValues = hex(o.publicValues);
  return { publicValues, proof, calldata: VERIFY_ABI.encodeFunctionData("verify", [publicValues, proof]) };
}
