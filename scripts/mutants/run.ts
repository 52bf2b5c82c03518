// The mutation runner (`npm run mutants`): disables each verifier check and each
// constraint group of the wrap-circuit generator, one at a time, in a scratch copy of
// the repository, runs the tests that should notice, and prints the kill table.
//
//   npm run mutants                      the default set (CI)
//   MUTANTS=all npm run mutants          every mutant
//   MUTANTS_MATCH=fri npm run mutants    only mutants whose id matches the regex
//
// A mutant is "killed" when one of its tests fails (or its tests time out), "explained"
// when it survives but carries a note naming the check that covers it, "survived"
// otherwise, and "stale" when its anchor no longer occurs exactly once (the table must
// be updated). The last line of output is one JSON object: mutants, killed, survived,
// explained. Exit status 1 on any unexplained survivor or stale mutant, 2 when the
// unmutated tests fail (nothing could be learnt).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { applyMutant, countOccurrences, type Mutant, type Outcome } from "./types.ts";
import { makeScratchCopy } from "./scratch.ts";
import { verifierMutants } from "./verifier-mutants.ts";
import { circuitMutants } from "./circuit-mutants.ts";
import { printKillTable } from "./report.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PER_MUTANT_TIMEOUT_S = Number(process.env.MUTANT_TIMEOUT_S ?? 240);

type TestRun = { failed: boolean; detail: string };

/** Runs mocha on `tests` inside the scratch copy, stopping at the first failure. */
function runTests(root: string, tests: string[]): TestRun {
  const out = path.join(root, ".mutant-result.json");
  fs.rmSync(out, { force: true });
  const mocha = path.join(root, "node_modules/mocha/bin/mocha.js");
  const r = spawnSync(process.execPath, [mocha, ...tests, "--bail", "--reporter", "json", "--reporter-option", `output=${out}`], {
    cwd: root, encoding: "utf8", timeout: PER_MUTANT_TIMEOUT_S * 1000, killSignal: "SIGKILL",
    env: { ...process.env, ZKVM_CACHE_DIR: path.join(root, ".mutants-cache") },
  });
  if (r.error || r.signal) return { failed: true, detail: `timeout after ${PER_MUTANT_TIMEOUT_S} s` };
  if (r.status === 0) return { failed: false, detail: "" };
  try {
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { failures: Array<{ fullTitle: string; err: { message?: string } }> };
    const f = json.failures[0];
    return { failed: true, detail: f ? `${f.fullTitle}: ${(f.err.message ?? "").split("\n")[0].slice(0, 120)}` : `exit ${r.status}` };
  } catch {
    return { failed: true, detail: `exit ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").slice(-1)[0]?.slice(0, 160)}` };
  }
}

function selectMutants(all: Mutant[]): Mutant[] {
  const every = process.env.MUTANTS === "all";
  const match = process.env.MUTANTS_MATCH ? new RegExp(process.env.MUTANTS_MATCH) : null;
  return all.filter((m) => (every || m.inDefault) && (!match || match.test(m.id)));
}

function runMutant(root: string, m: Mutant): Outcome {
  const t0 = performance.now();
  const file = path.join(root, m.file);
  const original = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  const mutated = original === null ? null : applyMutant(original, m.anchor, m.replacement);
  if (original === null || mutated === null) {
    const why = original === null ? "file is gone" : `anchor occurs ${countOccurrences(original, m.anchor)} times, expected once`;
    return { mutant: m, status: "stale", detail: why, seconds: 0 };
  }
  fs.writeFileSync(file, mutated);
  try {
    const r = runTests(root, m.tests);
    const status = r.failed ? "killed" : m.explained ? "explained" : "survived";
    return { mutant: m, status, detail: r.failed ? r.detail : m.explained ?? "no test failed", seconds: (performance.now() - t0) / 1000 };
  } finally {
    fs.writeFileSync(file, original);
  }
}

function main(): number {
  const v = verifierMutants(REPO);
  const c = circuitMutants();
  const mutants = selectMutants([...v.mutants, ...c]);
  const scratch = makeScratchCopy(REPO);
  try {
    const testSets = [...new Set(mutants.map((m) => m.tests.join(" ")))];
    for (const set of testSets) {
      const base = runTests(scratch.root, set.split(" "));
      if (base.failed) {
        console.error(`mutants: the unmutated tests fail, nothing to learn: ${base.detail}`);
        return 2;
      }
    }
    const outcomes: Outcome[] = v.stale.map((s) => ({
      mutant: { id: "scan note", file: "", anchor: "", replacement: "", tests: [], inDefault: true }, status: "stale" as const, detail: s, seconds: 0,
    }));
    for (const m of mutants) {
      const o = runMutant(scratch.root, m);
      console.error(`  ${o.status.padEnd(9)} ${o.seconds.toFixed(1).padStart(5)} s  ${m.id}`);
      outcomes.push(o);
    }
    const totals = printKillTable(outcomes);
    return totals.survived > 0 || totals.stale > 0 ? 1 : 0;
  } finally {
    scratch.remove();
  }
}

process.exitCode = main();
