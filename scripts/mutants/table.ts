// The whole mutant table and its staleness check. A mutant is stale when its file is
// gone or its anchor does not occur exactly once; a scan note is stale when the site it
// explains is no longer found. run.ts refuses to run a stale table, and
// test/mutants-table.test.ts checks it in `npm test`, so an edit to a verifier source
// fails fast instead of only in the mutants run.
import fs from "node:fs";
import path from "node:path";
import { countOccurrences, type Mutant, type Outcome } from "./types.ts";
import { verifierMutants } from "./verifier-mutants.ts";
import { circuitMutants } from "./circuit-mutants.ts";
import { zkvmMutants } from "./zkvm-mutants.ts";

/** Every mutant (default and MUTANTS=all), and the scan notes that no longer match. */
export function mutantTable(repoRoot: string): { mutants: Mutant[]; staleNotes: string[] } {
  const v = verifierMutants(repoRoot);
  return { mutants: [...v.mutants, ...circuitMutants(), ...zkvmMutants()], staleNotes: v.stale };
}

/** A stale outcome when the mutant's file is gone or its anchor does not occur exactly once. */
export function staleness(m: Mutant, root: string): Outcome | null {
  const file = path.join(root, m.file);
  if (!fs.existsSync(file)) return { mutant: m, status: "stale", detail: "file is gone", seconds: 0 };
  const n = countOccurrences(fs.readFileSync(file, "utf8"), m.anchor);
  return n === 1 ? null : { mutant: m, status: "stale", detail: `anchor occurs ${n} times, expected once`, seconds: 0 };
}
