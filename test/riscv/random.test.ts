// Differential testing on random programs (random-program.ts), run on both emulators
// at several segment sizes and, when installed, on qemu-riscv32.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadProgram } from "../../prover/riscv/program.ts";
import { hasQemu, runBoth, runQemu } from "./helpers.ts";
import { DATA_BYTES, randomElf } from "./random-program.ts";

describe("random RV32IM programs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-random-"));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (let seed = 1; seed <= 40; seed++) {
    it(`program ${seed}: both emulators agree${hasQemu ? " with each other and with qemu" : ""}`, () => {
      const elf = randomElf(seed, 300);
      const p = loadProgram(elf, `random-${seed}`);
      const r = runBoth(p, { maxCycles: 1 << 20 });
      expect(r.exitCode).to.equal(0);
      expect(r.stdout.length).to.equal(DATA_BYTES);
      for (const segmentCycles of [4, 32]) runBoth(p, { segmentCycles, maxCycles: 1 << 20 });
      if (hasQemu) {
        const file = path.join(dir, `random-${seed}.elf`);
        fs.writeFileSync(file, elf, { mode: 0o755 }); // qemu runs only executable files
        const q = runQemu(file);
        expect(q.status).to.equal(0);
        expect(Buffer.from(r.stdout).equals(q.stdout), "output differs from qemu's").to.equal(true);
      }
    });
  }
});
