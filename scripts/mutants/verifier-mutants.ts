// Mutants of the TypeScript STARK verifier: every rejection site found by scanning the
// verifier's sources (scan.ts: `fail(...)` calls and returned reasons), every assertion
// the verifier makes through its backend (prover/stark/verifier-backend.ts; the native
// backend's own `fail` sites are scanned too), plus hand-written mutants for checks that
// are selections or comparisons rather than a call, and for the transcript steps the
// prover and verifier share (only the independent reference check can see those).
import fs from "node:fs";
import path from "node:path";
import type { Mutant } from "./types.ts";
import { countOccurrences } from "./types.ts";
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
  { file: "prover/stark/fri-verifier.ts", kinds: ["fail"] },
  { file: "prover/stark/verifier-merkle.ts", kinds: ["fail"] },
  // the native backend's checks: each serves every check of its kind
  { file: "prover/stark/verifier-native.ts", kinds: ["fail"] },
  { file: "prover/merkle/mmcs.ts", kinds: ["return-reason"], within: "checkOpeningShape" },
];

/** The native Merkle verifier (verifyBatch) outside the STARK: its own tests. */
const MERKLE_TESTS = ["test/merkle/mmcs.test.ts"];
const MERKLE_TARGETS: ScanTarget[] = [
  { file: "prover/merkle/mmcs.ts", kinds: ["return-reason"], within: "verifyBatch" },
];

/**
 * The verifier's value checks are calls of the backend (verifier-backend.ts), not
 * `fail(...)`: each call site below becomes `void (...)` (its operands still computed,
 * nothing asserted), one mutant per site. The exact backend calls matched:
 */
const ASSERT_CALL = /\bB\.(assertEqExt|assertEqDigest)\(/g;
const ASSERT_FILES = [
  "prover/stark/verifier.ts",
  "prover/stark/fri-verifier.ts",
  "prover/stark/verifier-merkle.ts",
];

function assertSiteMutants(repoRoot: string): Mutant[] {
  const out: Mutant[] = [];
  for (const file of ASSERT_FILES) {
    const source = fs.readFileSync(path.join(repoRoot, file), "utf8");
    for (const m of source.matchAll(ASSERT_CALL)) {
      const at = m.index ?? 0;
      const lineStart = source.lastIndexOf("\n", at) + 1;
      let end = source.indexOf("\n", at);
      // grow the anchor by lines until it is unique
      while (countOccurrences(source, source.slice(lineStart, end)) > 1) end = source.indexOf("\n", end + 1);
      const anchor = source.slice(lineStart, end);
      const rel = at - lineStart;
      const line = source.slice(0, at).split("\n").length;
      out.push({
        id: `${path.basename(file)}:${line} no-op ${source.slice(at, Math.min(source.indexOf("\n", at), at + 70)).replace(/\s+/g, " ")}`,
        file, anchor, replacement: anchor.slice(0, rel) + "void (" + anchor.slice(rel + m[0].length),
        tests: VERIFIER_TESTS, inDefault: true,
      });
    }
  }
  return out;
}

/** Rejection sites no proof can reach: the value checked is the verifier's own. */
const NOTES: SiteNote[] = [
  {
    file: "prover/stark/verifier-native.ts", contains: "if (isZero(a)) fail(check, reason());",
    explained: "the inverses the verifier takes are of z^n - 1, z - 1, z - w^-1 and x - z, x - z·w: zero only when the transcript's z lands in a domain of at most 2^27 points out of |F^4| ~ 2^124, which no test can reach without breaking the hash",
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

const MERKLE = "prover/stark/verifier-merkle.ts";
const HAND: Mutant[] = [
  // one root comparison serves every tree: skip it for one tree at a time
  ...["preprocessed", "main", "aux", "quotient"].map((c) =>
    hand(`verifier: skip the ${c} Merkle openings' root check`, MERKLE, "  B.assertEqDigest(node, top, check,", `  if (check !== "merkle:${c}") B.assertEqDigest(node, top, check,`)),
  hand("verifier: skip the FRI layers' root check", MERKLE, "  B.assertEqDigest(node, top, check,", `  if (check !== "fri") B.assertEqDigest(node, top, check,`),
  // Merkle caps (format 3): the cap digest must be the one the index's top bits pick
  hand("verifier: the cap digest picked by the low bits of the row", MERKLE, "rowBits.slice(rowBits.length - capHeight)", "rowBits.slice(0, capHeight)"),
  hand("merkle-cap: the cap select ignores its bits", "prover/stark/merkle-cap.ts", "(bit, a, b) => B.selectDigest(bit, a, b)[0]", "(_bit, a) => a"),
  hand("verifier: open shorter tables at the low bits of the index", "prover/stark/verifier.ts", "ldePointWith(B, bits.slice(logMaxLde - logLdes[ti]), COSET_SHIFT)", "ldePointWith(B, bits.slice(0, logLdes[ti]), COSET_SHIFT)"),
  hand("verifier: Merkle paths walked by the low bits of the index", "prover/stark/verifier.ts", "bits.slice(logMaxLde - Math.log2(height))", "bits.slice(0, Math.log2(height))"),
  hand("verifier: vk digest compares lengths only", "prover/stark/verifier.ts", "a.length === b.length && a.every((v, i) => v === b[i])", "a.length === b.length"),
  hand("verifier: do not observe the final polynomial", "prover/stark/verifier.ts", "    const words = w(proof.friFinalPoly);\n    ch.observe(words);\n", "    const words = w(proof.friFinalPoly);\n"),
  hand("fri-verifier: drop the roll-in of shorter inputs", "prover/stark/fri-verifier.ts", "if (rolled) value = ", "if (false) value = "),
  hand("fri-verifier: the leaf entry chosen by the row bits", "prover/stark/fri-verifier.ts", "selectByBits(B, posBits, leaf)", "selectByBits(B, rowBits.slice(0, logArity), leaf)"),
  hand("fri-verifier: x0 without the layer's shift", "prover/stark/fri-verifier.ts", "inv(layerShift(logN, logSize)))", "1)"),
  ...["hashSuite", "logBlowup", "numQueries", "powBits", "friLogArity"].map((f) =>
    hand(`config: configsEqual ignores ${f}`, "prover/stark/config.ts", `    a.${f} === b.${f} &&\n`, "")),
  hand("config: configsEqual ignores friLogFinalDegree", "prover/stark/config.ts", "    a.friLogFinalDegree === b.friLogFinalDegree &&\n", ""),
  hand("config: configsEqual ignores lifted", "prover/stark/config.ts", " &&\n    !!a.lifted === !!b.lifted", ""),
  hand("config: configsEqual ignores merkleCapHeight", "prover/stark/config.ts", " &&\n    (a.merkleCapHeight ?? 0) === (b.merkleCapHeight ?? 0)", ""),
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
  hand("transcript: table heights not observed", "prover/stark/transcript.ts", ": k([s.logRows, s.publicValues.length]));", ": k([s.publicValues.length]));"),
  hand("transcript: VK digest not observed", "prover/stark/transcript.ts", "  ch.observeDigest(vkDigest);\n", ""),
  hand("transcript: OOD values not observed", "prover/stark/transcript.ts", "o.quotientZ]) ch.observe(a);", "o.quotientZ]) void a;"),
];

/** The prover's parallel quotient path must be exercised (test/stark/quotient-parallel.test.ts). */
const PROVER: Mutant[] = [
  { id: "quotient-worker: workers evaluate nothing", file: "prover/stark/quotient-worker.ts", anchor: "  evaluator(source)(inp, start, end, out);\n",
    replacement: "  void evaluator;\n", tests: ["test/stark/quotient-parallel.test.ts"], inDefault: true },
];

export function verifierMutants(repoRoot: string): { mutants: Mutant[]; stale: string[] } {
  const scanned = mutantsFromScan(repoRoot, TARGETS, VERIFIER_TESTS, NOTES);
  const merkle = mutantsFromScan(repoRoot, MERKLE_TARGETS, MERKLE_TESTS, []);
  return {
    mutants: [...scanned.mutants, ...assertSiteMutants(repoRoot), ...merkle.mutants, ...HAND, ...PROVER],
    stale: [...scanned.stale, ...merkle.stale],
  };
}
