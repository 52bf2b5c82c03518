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
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { applyMutant, type Mutant, type Outcome } from "./types.ts";
import { makeScratchCopy } from "./scratch.ts";
import { mutantTable, staleness } from "./table.ts";
import { printKillTable } from "./report.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// generous: a loaded machine must not turn a slow circuit compile into a "kill" (or a failed baseline)
const PER_MUTANT_TIMEOUT_S = Number(process.env.MUTANT_TIMEOUT_S ?? 900);

type TestRun = { failed: boolean; detail: string };

/** Runs mocha on `tests` inside the scratch copy, stopping at the first failure. */
async function runTests(root: string, tests: string[]): Promise<TestRun> {
  const out = path.join(root, ".mutant-result.json");
  fs.rmSync(out, { force: true });
  const mocha = path.join(root, "node_modules/mocha/bin/mocha.js");
  const child = spawn(process.execPath, [mocha, ...tests, "--bail", "--reporter", "json", "--reporter-option", `output=${out}`], {
    cwd: root, stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ZKVM_CACHE_DIR: path.join(root, ".mutants-cache") },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), PER_MUTANT_TIMEOUT_S * 1000);
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  clearTimeout(timer);
  if (timedOut) return { failed: true, detail: `timeout after ${PER_MUTANT_TIMEOUT_S} s` };
  if (status === 0) return { failed: false, detail: "" };
  try {
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as { failures: Array<{ fullTitle: string; err: { message?: string } }> };
    const f = json.failures[0];
    return { failed: true, detail: f ? `${f.fullTitle}: ${(f.err.message ?? "").split("\n")[0].slice(0, 120)}` : `exit ${status}` };
  } catch {
    return { failed: true, detail: `exit ${status}: ${stderr.trim().split("\n").slice(-1)[0]?.slice(0, 160)}` };
  }
}

function selectMutants(all: Mutant[]): Mutant[] {
  const every = process.env.MUTANTS === "all";
  const match = process.env.MUTANTS_MATCH ? new RegExp(process.env.MUTANTS_MATCH) : null;
  return all.filter((m) => (every || m.inDefault) && (!match || match.test(m.id)));
}

async function runMutant(root: string, m: Mutant): Promise<Outcome> {
  const t0 = performance.now();
  const file = path.join(root, m.file);
  const stale = staleness(m, root);
  if (stale) return stale; // the tree changed between the check and the copy
  const original = fs.readFileSync(file, "utf8");
  const mutated = applyMutant(original, m.anchor, m.replacement)!;
  fs.writeFileSync(file, mutated);
  try {
    const r = await runTests(root, m.tests);
    const status = r.failed ? "killed" : m.explained ? "explained" : "survived";
    return { mutant: m, status, detail: r.failed ? r.detail : m.explained ?? "no test failed", seconds: (performance.now() - t0) / 1000 };
  } finally {
    fs.writeFileSync(file, original);
  }
}

/**
 * Mutants grouped by test set, one queue per group, each queue in its own scratch copy
 * (so two edits never meet); MUTANTS_JOBS queues (default 2) run at once.
 */
async function runQueue(mutants: Mutant[], log: (o: Outcome) => void): Promise<Outcome[] | string> {
  const scratch = makeScratchCopy(REPO);
  try {
    const base = await runTests(scratch.root, mutants[0].tests);
    if (base.failed) {
      const why = `the unmutated tests (${mutants[0].tests.join(" ")}) fail, nothing to learn: ${base.detail}`;
      console.error(`mutants: ${why}`);
      return why;
    }
    const outcomes: Outcome[] = [];
    for (const m of mutants) {
      const o = await runMutant(scratch.root, m);
      log(o);
      outcomes.push(o);
    }
    return outcomes;
  } finally {
    scratch.remove();
  }
}

async function main(): Promise<number> {
  const { mutants: all, staleNotes: staleNoteTexts } = mutantTable(REPO);
  // Every mutant's anchor is checked against the working tree, selected or not, so the
  // table cannot rot while the default run skips part of it.
  const stale = all.map((m) => staleness(m, REPO)).filter((o): o is Outcome => o !== null);
  const mutants = selectMutants(all.filter((m) => !stale.some((o) => o.mutant === m)));
  const groups = new Map<string, Mutant[]>();
  for (const m of mutants) groups.set(m.tests.join(" "), [...(groups.get(m.tests.join(" ")) ?? []), m]);
  const queues = [...groups.values()];
  const jobs = Math.max(1, Number(process.env.MUTANTS_JOBS ?? 2));
  const log = (o: Outcome) => console.error(`  ${o.status.padEnd(9)} ${o.seconds.toFixed(1).padStart(5)} s  ${o.mutant.id}`);
  const results: Array<Outcome[] | string> = new Array(queues.length);
  let next = 0;
  const worker = async () => {
    while (next < queues.length) {
      const i = next++;
      results[i] = await runQueue(queues[i], log);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, queues.length) }, worker));
  const broken = results.filter((r): r is string => typeof r === "string");
  const staleNotes: Outcome[] = staleNoteTexts.map((s) => ({
    mutant: { id: "scan note", file: "", anchor: "", replacement: "", tests: [], inDefault: true }, status: "stale" as const, detail: s, seconds: 0,
  }));
  // the queues that ran still get their table; a broken baseline still fails the run
  const ran = results.filter((r): r is Outcome[] => typeof r !== "string").flat();
  const totals = printKillTable([...staleNotes, ...stale, ...ran]);
  for (const b of broken) console.error(`mutants: ${b}`);
  if (broken.length > 0) return 2;
  return totals.survived > 0 || totals.stale > 0 ? 1 : 0;
}

process.exitCode = await main();
