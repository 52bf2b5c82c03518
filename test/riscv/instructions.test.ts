// Per-instruction tests of all of RV32IM: assembly programs (fixtures/asm/*.S, in the
// style of riscv-tests) that check each result against the spec and exit with the
// number of the first failing check. Each runs on both emulators, which must agree
// word for word, and its signature (every computed value) must equal qemu-riscv32's:
// live when qemu is installed, else the recorded one (fixtures/*.qemu.sig).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { loadProgram } from "../../prover/riscv/program.ts";
import { execute } from "../../prover/zkvm/execute.ts";
import { FIXTURES, fixtureProgram, hasQemu, readFixture, runBoth, runQemu } from "./helpers.ts";

const SUITES = ["alu", "shift", "muldiv", "loadstore", "branch"];

describe("RV32IM instructions (assembly tests)", () => {
  for (const name of SUITES) {
    it(`${name}: every check passes on both emulators`, () => {
      const r = runBoth(fixtureProgram(name));
      expect(r.exitCode, `failing check number`).to.equal(0);
      expect(r.stdout.length).to.be.greaterThan(0);
    });

    it(`${name}: the signature equals qemu-riscv32's`, () => {
      const r = execute(fixtureProgram(name));
      const recorded = fs.readFileSync(path.join(FIXTURES, `${name}.qemu.sig`));
      expect(Buffer.from(r.stdout)).to.deep.equal(recorded);
      if (hasQemu) {
        const q = runQemu(path.join(FIXTURES, `${name}.elf`));
        expect(q.status).to.equal(0);
        expect(Buffer.from(r.stdout)).to.deep.equal(q.stdout);
      }
    });

    it(`${name}: agrees at every segment boundary for segment sizes 1 to 64`, () => {
      for (const segmentCycles of [1, 2, 4, 8, 16, 32, 64]) runBoth(fixtureProgram(name), { segmentCycles });
    });
  }

  // Negative twin: the checks do catch a wrong result. Turn the `add` of check 2
  // (3 + 7) into a `sub`; the program must report check 2.
  it("a corrupted instruction makes its check fail (negative twin)", () => {
    const elf = readFixture("alu.elf");
    const p = loadProgram(elf);
    const addWord = 0x00c58733; // add a4, a1, a2
    const idx = p.words.indexOf(addWord, p.words.indexOf(addWord) + 1); // the second add: check 2
    const dv = new DataView(elf.buffer, elf.byteOffset);
    const off = 0x1000 + 4 * idx; // text starts at file offset 0x1000
    expect(dv.getUint32(off, true)).to.equal(addWord);
    dv.setUint32(off, 0x40c58733, true); // sub a4, a1, a2
    const r = runBoth(loadProgram(elf));
    expect(r.exitCode).to.equal(2);
  });
});
