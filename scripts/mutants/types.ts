// A mutant: one edit of one source file in a scratch copy of the repository, and the
// tests that must fail once it is applied. See run.ts for how they are run.

export type Mutant = {
  /** Stable name shown in the kill table. */
  id: string;
  /** Repository-relative path of the file to edit. */
  file: string;
  /** Text that must occur exactly once in the file (else the mutant is stale). */
  anchor: string;
  /** What the anchor becomes. */
  replacement: string;
  /** Test files (repository-relative) that must fail with the mutant applied. */
  tests: string[];
  /** For a survivor that is genuinely redundant: which other check covers it. */
  explained?: string;
  /** In the default (CI) run; the rest run with MUTANTS=all. */
  inDefault: boolean;
};

/** The outcome of one mutant. */
export type Outcome = {
  mutant: Mutant;
  status: "killed" | "survived" | "explained" | "stale";
  /** The first failing test, a timeout, or why the mutant is stale. */
  detail: string;
  seconds: number;
};

/** Replaces the single occurrence of `anchor`; null when it occurs 0 or 2+ times. */
export function applyMutant(source: string, anchor: string, replacement: string): string | null {
  const at = source.indexOf(anchor);
  if (at < 0 || source.indexOf(anchor, at + 1) >= 0) return null;
  return source.slice(0, at) + replacement + source.slice(at + anchor.length);
}

/** How often `anchor` occurs in `source` (for the stale-mutant message). */
export function countOccurrences(source: string, anchor: string): number {
  let n = 0;
  for (let at = source.indexOf(anchor); at >= 0; at = source.indexOf(anchor, at + 1)) n++;
  return n;
}
