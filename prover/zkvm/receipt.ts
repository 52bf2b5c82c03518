// The receipt: what `zkvm prove` writes and `zkvm verify` checks. The statement of a run
// and the proof of it: the run's own proofs (kind "segments", format 1), or one root
// proof that aggregates them under a recursion kit (kind "root", format 2;
// wrapper/recursion/root-receipt.ts makes and checks it).
//
// receipt.bin, little-endian words (bytes-codec.ts):
//   magic "ZKVMRCPT" | format version u32 (1: segments, 2: root) | chip-set version u32
//   program VK digest (8 words)
//   statement: entry u32 | cycles u32 | exit code u32 (two's complement) |
//              hasDigest u32 (0 or 1) | output digest (8 words, H0..H7 as the guest
//              hands them over; zero without a digest) | input (bytes) | public output (bytes)
//   format 1: proof count u32 (the memory proof, then one per segment; at least 2) |
//             per proof: the STARK proof (bytes, prover/stark/README.md)
//   format 2: kit digest (8 words: the kit's root key digest, wrapper/recursion/kit.ts) |
//             the root proof (bytes, a STARK proof whose public values are root's:
//             wrapper/recursion/root.ts ROOT_PUBLIC)
// Strict: one byte string per receipt (bytes-codec.ts). The public output travels beside
// the proof; the verifier checks that its SHA-256 is the proven digest. A run that handed
// over no digest (a1 = 0) commits no output: its receipt's output must be empty.
import { createHash } from "node:crypto";
import { decodeProof, encodeProof, type StarkProof, type VerifyResult } from "../stark/index.ts";
import { CHIP_SET_VERSION } from "../chips/rv32.ts";
import type { RunStatement } from "../chips/statement.ts";
import { ByteReader, ByteWriter } from "./bytes-codec.ts";
import { equalWords } from "./program-key.ts";
import { programVkDigest } from "./program-digest.ts";
import { verifyRun, type ProgramVk } from "./prove.ts";

const MAGIC = "ZKVMRCPT";
/** Format 1: the run's own proofs. */
export const RECEIPT_VERSION = 1;
/** Format 2: one root proof under a recursion kit. */
export const ROOT_RECEIPT_VERSION = 2;

type ReceiptHead = {
  programDigest: Uint32Array;
  statement: RunStatement;
  publicOutput: Uint8Array;
};
export type SegmentsReceipt = ReceiptHead & { kind: "segments"; proofs: StarkProof[] };
export type RootReceipt = ReceiptHead & { kind: "root"; kitDigest: Uint32Array; proof: StarkProof };
export type Receipt = SegmentsReceipt | RootReceipt;

export function encodeReceipt(r: Receipt): Uint8Array {
  const s = r.statement;
  const version = r.kind === "root" ? ROOT_RECEIPT_VERSION : RECEIPT_VERSION;
  const w = new ByteWriter().raw(new TextEncoder().encode(MAGIC)).u32(version).u32(CHIP_SET_VERSION).words(r.programDigest);
  w.u32(s.entry).u32(s.cycles).u32(s.exitCode).u32(s.outputDigestWords ? 1 : 0).words(s.outputDigestWords ?? new Uint32Array(8));
  w.bytes(s.input).bytes(r.publicOutput);
  if (r.kind === "root") {
    w.words(r.kitDigest).bytes(encodeProof(r.proof).bytes);
  } else {
    w.u32(r.proofs.length);
    for (const p of r.proofs) w.bytes(encodeProof(p).bytes);
  }
  return w.finish();
}

export function decodeReceipt(bytes: Uint8Array, name = "receipt"): Receipt {
  const rd = new ByteReader(bytes, name);
  const magic = new TextDecoder().decode(rd.raw(8, "magic"));
  if (magic !== MAGIC) throw new Error(`${name}: not a zkVM receipt (magic '${magic.replace(/[^ -~]/g, "?")}')`);
  const version = rd.u32("format version");
  if (version !== RECEIPT_VERSION && version !== ROOT_RECEIPT_VERSION) throw new Error(`${name}: receipt format ${version}, this kit reads ${RECEIPT_VERSION} and ${ROOT_RECEIPT_VERSION}`);
  const chips = rd.u32("chip-set version");
  if (chips !== CHIP_SET_VERSION) throw new Error(`${name}: proved with chip set ${chips}, this kit verifies chip set ${CHIP_SET_VERSION}`);
  const programDigest = rd.words(8, "program VK digest");
  const entry = rd.u32("entry"), cycles = rd.u32("cycles"), exitCode = rd.u32("exit code") | 0;
  const hasDigest = rd.oneOf("hasDigest", [0, 1]);
  const digest = rd.words(8, "output digest");
  if (!hasDigest && digest.some((x) => x !== 0)) throw new Error(`${name}: output digest must be zero when hasDigest is 0`);
  const input = rd.bytes("input");
  const publicOutput = rd.bytes("public output");
  const statement: RunStatement = { entry, cycles, exitCode, outputDigestWords: hasDigest ? digest : null, input };
  if (version === ROOT_RECEIPT_VERSION) {
    const kitDigest = rd.words(8, "kit digest");
    const proof = decodeProof(rd.bytes("root proof"));
    rd.end();
    return { kind: "root", programDigest, statement, publicOutput, kitDigest, proof };
  }
  const n = rd.u32("proof count");
  if (n < 2 || n > 1 << 16) throw new Error(`${name}: proof count ${n}: a run has a memory proof and 1 to 65535 segment proofs`);
  const proofs: StarkProof[] = [];
  for (let i = 0; i < n; i++) proofs.push(decodeProof(rd.bytes(`proof ${i}`)));
  rd.end();
  return { kind: "segments", programDigest, statement, publicOutput, proofs };
}

/** SHA-256 of the output as the guest's 8 digest words (each a big-endian word). */
export function outputDigestWordsOf(output: Uint8Array): Uint32Array {
  const d = createHash("sha256").update(output).digest();
  return Uint32Array.from({ length: 8 }, (_, i) => d.readUInt32BE(4 * i));
}

/** The checks every receipt kind shares: the program, the entry, the output against its digest. */
export function checkReceiptHead(vk: ProgramVk, r: ReceiptHead): VerifyResult {
  if (!equalWords(r.programDigest, programVkDigest(vk))) {
    return { ok: false, check: "program", reason: "the receipt is for another program (its VK digest differs)" };
  }
  const d = r.statement.outputDigestWords;
  if (d ? !equalWords(outputDigestWordsOf(r.publicOutput), d) : r.publicOutput.length !== 0) {
    return { ok: false, check: "output", reason: d ? "the public output's SHA-256 is not the proven output digest" : "the run committed no output (no digest), but the receipt carries some" };
  }
  if (r.statement.entry !== vk.entry) return { ok: false, check: "statement", reason: `entry 0x${r.statement.entry.toString(16)} is not the program's` };
  return { ok: true };
}

/** Verifies a receipt of the run's own proofs against the program's key: program,
 * output digest, proofs. A root receipt needs its kit (root-receipt.ts verifyRootReceipt). */
export function verifyReceipt(vk: ProgramVk, r: Receipt): VerifyResult {
  if (r.kind !== "segments") return { ok: false, check: "kind", reason: "an aggregated (root) receipt is verified under its recursion kit" };
  const head = checkReceiptHead(vk, r);
  return head.ok ? verifyRun(vk, r.proofs, r.statement) : head;
}
