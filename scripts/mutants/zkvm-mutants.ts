// Mutants of the zkVM's run verifier (prover/zkvm/prove.ts verifyRun) and receipt
// verifier (prover/zkvm/receipt.ts): each check of a run's statement, segments, shares,
// multiplicity cap and global bus balance disabled in turn. The per-proof STARK checks
// are covered by verifier-mutants.ts; the chips' constraints by their evil-prover tests.
// Each needs proofs of a segmented run (a minute or more), so they run with MUTANTS=all.
import type { Mutant } from "./types.ts";

export const ZKVM_TESTS = ["test/zkvm/segments.test.ts", "test/zkvm/receipt.test.ts"];

const m = (id: string, file: string, anchor: string, replacement: string, explained?: string): Mutant =>
  ({ id, file, anchor, replacement, tests: ZKVM_TESTS, explained, inDefault: false });

const PROVE = "prover/zkvm/prove.ts";
const RECEIPT = "prover/zkvm/receipt.ts";

export function zkvmMutants(): Mutant[] {
  return [
    m("verifyRun: any entry point", PROVE, "if (statement.entry !== vk.entry) return", "if (false) return"),
    m("verifyRun: no memory proof needed", PROVE, "if (proofs.length < 2) return", "if (false) return",
      "a list without the memory proof first fails the statement check (only the memory proof's dynamic table carries the statement), and a memory proof alone fails the bus (no segment consumes the initial exec token or produces the exit); the count check only names the mistake early"),
    m("verifyRun: statement public values not compared", PROVE, "if (!got || got.length !== pub.length || got.some((v, i) => v !== pub[i])) {", "if (false) {"),
    m("verifyRun: no run-wide multiplicity cap", PROVE, "if (wrap) return { ok: false, check: \"bus-bound\"", "if (false) return { ok: false, check: \"bus-bound\"",
      "reachable only by runs of about 2^27 rows per bus, beyond a test; each proof's own verify enforces the same cap per proof (test/stark/bus-bound.test.ts, killed there)"),
    m("verifyRun: a proof's own verification ignored", PROVE, "if (!r.ok) return { ok: false, check: r.check", "if (false) return { ok: false, check: r.check"),
    m("verifyRun: no global bus balance", PROVE, "if (!isZero(total)) return", "if (false) return"),
    m("verifyRun: challenges not bound to the statement", PROVE, "return deriveChallenges(programVkDigest(vk), statementPublicValues(statement), shareSum);", "return deriveChallenges(programVkDigest(vk), new Uint32Array(statementPublicValues(statement).length), shareSum);"),
    m("verifyReceipt: any program digest", RECEIPT, "if (!equalWords(r.programDigest, programVkDigest(vk))) {", "if (false) {"),
    m("verifyReceipt: output not checked against the digest", RECEIPT, "if (d ? !equalWords(outputDigestWordsOf(r.publicOutput), d) : r.publicOutput.length !== 0) {", "if (false) {"),
  ];
}
