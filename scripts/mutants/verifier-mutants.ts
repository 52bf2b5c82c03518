// Mutants of the TypeScript STARK verifier: every rejection site found by scanning the
// verifier's sources (scan.ts), plus hand-written mutants for checks that are
// comparisons or calls rather than a `fail(...)`, and for the transcript steps the
// prover and verifier share (only the independent reference check can see those).
import type { Mutant } from "./types.ts";
import { mutantsFromScan, type ScanTarget, type SiteNote } from "./scan.ts";

/**
 * The attack tests first (most mutants die there, and mocha stops at the first failure),
 * then every other STARK test by glob, so a check added with its own test file is
 * covered (mocha runs each file once).
 */
export const VERIFIER_TESTS = [
  "test/stark/verifier-attacks.test.ts",
  "test/stark/reference-check.test.ts",
  "test/stark/stark.test.ts",
  "test/stark/*.test.ts",
];

const TARGETS: ScanTarget[] = [
  { file: "prover/stark/verifier.ts", kinds: ["fail"] },
  { file: "prover/stark/proof-shape.ts", kinds: ["fail"] },
  { file: "prover/stark/fri-verifier.ts", kinds: ["return-reason"] },
  { file: "prover/merkle/mmcs.ts", kinds: ["return-reason"], within: "verifyBatch" },
];

/** Rejection sites no proof can reach: the value checked is the verifier's own. */
const NOTES: SiteNote[] = [
  {
    file: "prover/stark/verifier.ts", contains: "z lies in the trace domain",
    explained: "z is drawn by the transcript; it lands in the 2^n trace domain with probability 2^n/|F^4| < 2^-100, so no test can reach it without breaking the hash",
  },
  {
    file: "prover/merkle/mmcs.ts", contains: `return "no matrices"`,
    explained: "the verifier passes dims from the key (tableLayout); open() skips absent commitments, so dims are never empty",
  },
  {
    file: "prover/merkle/mmcs.ts", contains: "is not a power of two`",
    explained: "matrix heights come from the key and the shape check (logRows range), never from the proof's openings",
  },
  {
    file: "prover/merkle/mmcs.ts", contains: "outside [0, ${maxHeight})`",
    explained: "the query index is sampleBits(logMaxLde) of the verifier's own transcript, always inside the tree",
  },
  {
    file: "prover/stark/verifier.ts", contains: "no ${name} opening`",
    explained: "checkProofShape rejects a query without an opening of a committed tree first ('opening presence', 'no quotient opening')",
  },
  {
    file: "prover/stark/proof-shape.ts", contains: "no quotient opening`",
    explained: "verifier.ts open() rejects the same missing quotient opening, with the same check and reason (the two sites cover each other)",
  },
  {
    file: "prover/stark/fri-verifier.ts", contains: "no input at the top height",
    explained: "the verifier builds the DEEP inputs itself, one per table height, the top height always present",
  },
];

const V = VERIFIER_TESTS;
const hand = (id: string, file: string, anchor: string, replacement: string, explained?: string): Mutant =>
  ({ id, file, anchor, replacement, tests: V, explained, inDefault: true });

const HAND: Mutant[] = [
  hand("verifier: skip the bus balance", "prover/stark/verifier.ts", "checkBusBalance(vk, proof,", "void (vk, proof,"),
  ...["preprocessed", "main", "aux", "quotient"].map((c) =>
    hand(`verifier: skip the ${c} Merkle openings`, "prover/stark/verifier.ts", `    open("${c}",`, `    void ("${c}",`)),
  hand("verifier: open shorter tables at the full index", "prover/stark/verifier.ts", "const pos = index >>> (logMaxLde - logLdes[ti]);", "const pos = index;"),
  hand("verifier: vk digest compares lengths only", "prover/stark/verifier.ts", "a.length === b.length && a.every((v, i) => v === b[i])", "a.length === b.length"),
  hand("verifier: do not observe the final polynomial", "prover/stark/verifier.ts", "ch.observe(proof.friFinalPoly)", "void proof.friFinalPoly"),
  hand("fri-verifier: drop the roll-in of shorter inputs", "prover/stark/fri-verifier.ts", "if (rolled) value = ", "if (false) value = "),
  hand("fri-verifier: no final polynomial comparison", "prover/stark/fri-verifier.ts", "!equals(evalPolyAtBase(finalPoly, x), value)", "false"),
  hand("fri-verifier: no folded-value comparison", "prover/stark/fri-verifier.ts", "!equals(leaf.subarray(4 * pos, 4 * pos + 4), value)", "false"),
  ...["hashSuite", "logBlowup", "numQueries", "powBits", "friLogArity"].map((f) =>
    hand(`config: configsEqual ignores ${f}`, "prover/stark/config.ts", `    a.${f} === b.${f} &&\n`, "")),
  hand("config: configsEqual ignores friLogFinalDegree", "prover/stark/config.ts", "&&\n    a.friLogFinalDegree === b.friLogFinalDegree\n", "\n"),
  ...[
    "public values`, t.publicValues", "aux public values`, t.auxPublic", "preprocessed openings`, o.prepZ,",
    "preprocessed next openings`, o.prepZNext", "main openings`, o.mainZ,", "main next openings`, o.mainZNext",
    "aux openings`, o.auxZ,", "aux next openings`, o.auxZNext", "quotient openings`, o.quotientZ",
  ].map((a) => hand(`shape: skip the length of ${a.split("`")[0]}`, "prover/stark/proof-shape.ts", `expectLen(\`\${name} ${a}`, `void (\`\${name} ${a}`)),
  hand("shape: skip the final polynomial's length", "prover/stark/proof-shape.ts", `expectLen("final FRI polynomial"`, `void ("final FRI polynomial"`),
  hand("merkle: accept non-canonical row values", "prover/merkle/mmcs.ts", "findIndex((v) => v >= P)", "findIndex(() => false)"),
  hand("challenger: grinding checks no bits", "prover/transcript/challenger.ts", "    return this.sampleBits(bits) === 0;\n", "    this.sampleBits(bits);\n    return true;\n"),
  // Shared by prover and verifier: both sides agree, so only the independent reference
  // (test/stark/reference-check.test.ts) can notice a value dropped from the transcript.
  hand("transcript: public values not observed", "prover/stark/transcript.ts", "    ch.observe(s.publicValues);\n", ""),
  hand("transcript: table heights not observed", "prover/stark/transcript.ts", "ch.observe([s.logRows, s.publicValues.length]);", ""),
  hand("transcript: VK digest not observed", "prover/stark/transcript.ts", "  ch.observeDigest(vk.digest);\n", ""),
  hand("transcript: OOD values not observed", "prover/stark/transcript.ts", "o.quotientZ]) ch.observe(a);", "o.quotientZ]) void a;"),
];

/** The prover's parallel quotient path must be exercised (test/stark/quotient-parallel.test.ts). */
const PROVER: Mutant[] = [
  { id: "quotient-worker: workers evaluate nothing", file: "prover/stark/quotient-worker.ts", anchor: "  fn(inp, start, end, out);\n",
    replacement: "  void fn;\n", tests: ["test/stark/quotient-parallel.test.ts"], inDefault: true },
];

export function verifierMutants(repoRoot: string): { mutants: Mutant[]; stale: string[] } {
  const scanned = mutantsFromScan(repoRoot, TARGETS, VERIFIER_TESTS, NOTES);
  return { mutants: [...scanned.mutants, ...HAND, ...PROVER], stale: scanned.stale };
}
