// The kill table: one row per mutant, then the totals; the last line is the JSON summary.
import type { Outcome } from "./types.ts";

export type Totals = { mutants: number; killed: number; survived: number; explained: number; stale: number };

export function printKillTable(outcomes: Outcome[]): Totals {
  const rows = outcomes.map((o) => `| ${o.mutant.id.replace(/\|/g, "\\|")} | ${o.status} | ${o.detail.replace(/\|/g, "\\|")} |`);
  console.log("| mutant | result | killed by / why |");
  console.log("|---|---|---|");
  for (const r of rows) console.log(r);
  const count = (s: Outcome["status"]) => outcomes.filter((o) => o.status === s).length;
  const totals: Totals = { mutants: outcomes.filter((o) => o.mutant.file !== "").length, killed: count("killed"), survived: count("survived"), explained: count("explained"), stale: count("stale") };
  if (totals.stale > 0) console.log(`STALE: ${totals.stale} mutant(s) or note(s) no longer match their source; update scripts/mutants/`);
  console.log(JSON.stringify({ mutants: totals.mutants, killed: totals.killed, survived: totals.survived, explained: totals.explained }));
  return totals;
}
