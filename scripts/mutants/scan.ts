// Finds every rejection site of the verifier's sources so that each gets a mutant that
// turns it into a no-op: a `fail(...)` call becomes `void (...)`, a `return "<reason>"`
// of a function that returns its rejection reason becomes `void "<reason>"`. Because the
// list is derived from the sources, a check added later gets its mutant automatically.
import fs from "node:fs";
import path from "node:path";
import type { Mutant } from "./types.ts";
import { countOccurrences } from "./types.ts";

export type ScanTarget = {
  file: string;
  /** `fail(` sites, `return "reason"` sites, or both. */
  kinds: Array<"fail" | "return-reason">;
  /** Only inside this function's body (from `function <name>(` to the next line "}"). */
  within?: string;
};

export type ScannedSite = { file: string; line: number; text: string; anchor: string; replacement: string };

function region(source: string, within: string | undefined): [number, number] {
  if (!within) return [0, source.length];
  const start = source.indexOf(`function ${within}(`);
  if (start < 0) throw new Error(`scan: function ${within} not found`);
  const end = source.indexOf("\n}\n", start);
  return [start, end < 0 ? source.length : end];
}

/** A line-based anchor around `at` that occurs exactly once (grown by following lines). */
function uniqueAnchor(source: string, lineStart: number, lineEnd: number): [number, number] {
  let end = lineEnd;
  while (countOccurrences(source, source.slice(lineStart, end)) > 1 && end < source.length) {
    const next = source.indexOf("\n", end + 1);
    end = next < 0 ? source.length : next;
  }
  return [lineStart, end];
}

export function scanRejectionSites(repoRoot: string, target: ScanTarget): ScannedSite[] {
  const source = fs.readFileSync(path.join(repoRoot, target.file), "utf8");
  const [from, to] = region(source, target.within);
  const patterns: RegExp[] = [];
  if (target.kinds.includes("fail")) patterns.push(/(?<!function )\bfail\(/g);
  if (target.kinds.includes("return-reason")) patterns.push(/\breturn (?=[`"])/g);
  const sites: ScannedSite[] = [];
  for (const re of patterns) {
    for (const m of source.slice(from, to).matchAll(re)) {
      const at = from + (m.index ?? 0);
      const lineStart = source.lastIndexOf("\n", at) + 1;
      const lineEndRaw = source.indexOf("\n", at);
      const lineEnd = lineEndRaw < 0 ? source.length : lineEndRaw;
      const [aStart, aEnd] = uniqueAnchor(source, lineStart, lineEnd);
      const anchor = source.slice(aStart, aEnd);
      const rel = at - aStart;
      const noop = m[0].startsWith("fail") ? "void (" : "void ";
      sites.push({
        file: target.file,
        line: source.slice(0, at).split("\n").length,
        text: source.slice(at, Math.min(lineEnd, at + 70)),
        anchor,
        replacement: anchor.slice(0, rel) + noop + anchor.slice(rel + m[0].length),
      });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

export type SiteNote = { file: string; contains: string; explained: string };

/**
 * One mutant per scanned site. `notes` explain survivors; a note that matches no site
 * (or several) is returned in `stale`, so the explanations cannot rot silently.
 */
export function mutantsFromScan(repoRoot: string, targets: ScanTarget[], tests: string[], notes: SiteNote[]): { mutants: Mutant[]; stale: string[] } {
  const sites = targets.flatMap((t) => scanRejectionSites(repoRoot, t));
  const stale: string[] = [];
  const noteOf = new Map<ScannedSite, string>();
  for (const n of notes) {
    const hits = sites.filter((s) => s.file === n.file && s.anchor.includes(n.contains));
    if (hits.length !== 1) stale.push(`explanation for ${n.file} "${n.contains}" matches ${hits.length} rejection sites, expected 1`);
    else noteOf.set(hits[0], n.explained);
  }
  const mutants = sites.map((s) => ({
    id: `${path.basename(s.file)}:${s.line} no-op ${s.text.replace(/\s+/g, " ")}`,
    file: s.file, anchor: s.anchor, replacement: s.replacement, tests, explained: noteOf.get(s),
    // an explained site survives by design and would run the whole test set: MUTANTS=all only
    inDefault: !noteOf.has(s),
  }));
  return { mutants, stale };
}
