// The aggregated receipt (prover/zkvm/receipt.ts format 2): a run's proofs replaced by
// one root proof under a recursion kit (kit.ts).
//
// aggregateReceipt checks the run's receipt natively, lifts and joins its proofs under
// the kit (aggregate.ts) and proves root over the two top proofs. verifyRootReceipt checks
// the head as every receipt does (program, entry, output against its digest), that the
// receipt names this kit (its root key digest), then the root proof under the kit's
// root key with the public values the verifier computes itself from the receipt: the
// program VK digest, the statement (entry, cycles, exit code, output digest, the input's
// SHA-256) and the Poseidon2 digest of the input padded to the kit's bound (root.ts). So
// a receipt whose statement, input, output or program differs from what root proved is
// rejected, and there is nothing else a root proof could claim.
import type { VerifyResult } from "../../prover/stark/index.ts";
import { statementPublicValues, type RunStatement } from "../../prover/chips/statement.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { runChallenges, type ProgramVk } from "../../prover/zkvm/prove.ts";
import { inputWords } from "../../prover/chips/memory-dynamic.ts";
import { programVkDigest, equalWords } from "../../prover/zkvm/program-key.ts";
import { checkReceiptHead, verifyReceipt, type RootReceipt, type SegmentsReceipt } from "../../prover/zkvm/receipt.ts";
import { aggregateRun, proveRoot } from "./aggregate.ts";
import { inputHalves, ROOT_PUBLIC } from "./root.ts";
import { verifyRecursion } from "./prove.ts";
import type { RecursionKit } from "./kit.ts";

/** The public values root exposes for this program and statement under a kit's input bound. */
export function rootPublicValues(programDigest: Uint32Array, statement: RunStatement, maxInputWords: number): Uint32Array {
  const pv = new Uint32Array(ROOT_PUBLIC.length);
  pv.set(programDigest, ROOT_PUBLIC.programDigest);
  pv.set(statementPublicValues(statement), ROOT_PUBLIC.statement);
  const halves = Uint32Array.from(inputHalves(statement.input, maxInputWords));
  pv.set(getHashSuite("poseidon2-babybear-16").hashRow(halves), ROOT_PUBLIC.inputDigest);
  return pv;
}

/** The input's size against the kit's bound (words with the length word), or null when it fits. */
function inputTooLong(statement: RunStatement, kit: RecursionKit): string | null {
  const n = inputWords(statement.input).length;
  return n > kit.shape.maxInputWords
    ? `the input is ${statement.input.length} bytes (${n} words with its length word), above this kit's bound of ${kit.shape.maxInputWords} words`
    : null;
}

/**
 * Replaces a receipt's proofs by one root proof under the kit. The receipt is verified
 * first, so a bad proof is reported as such rather than as a failed recursion step.
 */
export async function aggregateReceipt(vk: ProgramVk, receipt: SegmentsReceipt, kit: RecursionKit, progress: (what: string) => void = () => {}): Promise<RootReceipt> {
  const ok = verifyReceipt(vk, receipt);
  if (!ok.ok) throw new Error(`the receipt does not verify (${ok.check}): ${ok.reason}`);
  const tooLong = inputTooLong(receipt.statement, kit);
  if (tooLong) throw new Error(`cannot aggregate: ${tooLong}`);
  const challenges = runChallenges(vk, receipt.proofs, receipt.statement);
  const top = await aggregateRun(kit, vk, receipt, challenges, progress);
  progress("aggregate: root");
  const root = await proveRoot(kit, top, receipt.statement);
  return { kind: "root", programDigest: programVkDigest(vk), statement: receipt.statement, publicOutput: receipt.publicOutput, kitDigest: kit.root.vk.stark.digest, proof: root.proof };
}

/** Verifies an aggregated receipt against the program's key under the kit. */
export function verifyRootReceipt(vk: ProgramVk, receipt: RootReceipt, kit: RecursionKit): VerifyResult {
  const head = checkReceiptHead(vk, receipt);
  if (!head.ok) return head;
  if (!equalWords(receipt.kitDigest, kit.root.vk.stark.digest)) {
    return { ok: false, check: "kit", reason: "the receipt was aggregated under another recursion kit (its kit digest is not this kit's root key)" };
  }
  const tooLong = inputTooLong(receipt.statement, kit);
  if (tooLong) return { ok: false, check: "input", reason: tooLong };
  const expected = rootPublicValues(receipt.programDigest, receipt.statement, kit.shape.maxInputWords);
  const r = verifyRecursion(kit.root.vk, receipt.proof, expected);
  if (!r.ok && r.check === "public-values") {
    return { ok: false, check: "statement", reason: `the root proof is for another statement, input or program (${r.reason})` };
  }
  return r.ok ? r : { ok: false, check: r.check, reason: `root proof: ${r.reason}` };
}
