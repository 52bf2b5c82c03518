// The mutant table (scripts/mutants/) must match the sources it edits: every anchor
// occurs exactly once and every scan note still names a site. Checked here, in seconds,
// so that an edit to a verifier or prover source that moves an anchor fails `npm test`
// instead of only the slower `npm run mutants` at the end of CI.
import { expect } from "chai";
import path from "node:path";
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { mutantTable, staleness } from "../scripts/mutants/table.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("mutation testing: the mutant table", () => {
  it("every anchor occurs exactly once and every scan note matches a site", () => {
    const { mutants, staleNotes } = mutantTable(REPO);
    expect(mutants.length).to.be.greaterThan(80);
    const stale = mutants.map((m) => staleness(m, REPO)).filter((o) => o !== null).map((o) => `${o!.mutant.id}: ${o!.detail}`);
    expect([...staleNotes, ...stale]).to.deep.equal([]);
  });

  it("an anchor that no longer occurs is reported stale", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mutant-table-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), "keep();\ncheck(x);\ncheck(y);\n");
      const m = { id: "t", file: "a.ts", anchor: "check(x);\n", replacement: "", tests: [], inDefault: true };
      expect(staleness(m, dir)).to.equal(null);
      expect(staleness({ ...m, anchor: "check(z);\n" }, dir)?.detail).to.equal("anchor occurs 0 times, expected once");
      expect(staleness({ ...m, anchor: "check(" }, dir)?.detail).to.equal("anchor occurs 2 times, expected once");
      expect(staleness({ ...m, file: "gone.ts" }, dir)?.detail).to.equal("file is gone");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
