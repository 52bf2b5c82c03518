// Differential tests of the example guests: each checked-in ELF runs on both emulators
// (which must agree, runBoth) and its C source, compiled natively with the host's
// `cc`, runs on the same input; stdout, the public output (fd 3) and the exit code
// must be identical. When qemu-riscv32 is installed the ELF runs there too, as an
// independent emulator. A missing `cc` fails these tests (see native-run.ts).
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, guestProgram, hasQemu, runBoth } from "./helpers.ts";
import { arith64Input, factorHints, factorInput, u32le } from "./guest-examples.ts";
import { compileNative, nativeUnavailable, runWithFds, type NativeRun } from "./native-run.ts";

interface Case { name: string; input: Uint8Array; hints?: Uint8Array }

const text = (s: string) => new TextEncoder().encode(s);
const readme = fs.readFileSync(path.join(ROOT, "guests/README.md"));
// The first is Wikipedia's example puzzle; the second is known as one of the hardest.
const SUDOKU_EASY = "530070000600195000098000060800060003400803001700020006060000280000419005000080079";
const SUDOKU_HARD = "800000000003600000070090200050007000000045700000100030001000068008500010090000400";

const CASES: Record<string, Case[]> = {
  wordcount: [
    { name: "the guests README", input: readme },
    { name: "no text", input: text("") },
    { name: "punctuation only", input: text("... --- !!! 123") },
  ],
  nbody: [0, 1, 50].map((n) => ({ name: `${n} steps`, input: u32le(n) })),
  numbers: [
    { name: "500 numbers", input: text(Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1009) - 300).join(" ")) },
    { name: "with 42 and extremes", input: text("42 -2147483648 2147483647 0 0 42\n7") },
    { name: "no numbers", input: text("  \n ") },
  ],
  calc: [
    { name: "expressions and errors", input: text("1+2*3\n(4+5)*-6\n10/0\n7 % 3\n99999999999999999999\n2*(3\nabc\n-9223372036854775807-1\n") },
    { name: "no lines", input: text("") },
  ],
  sudoku: [
    { name: "an easy, a hard and a clashing puzzle", input: text(`${SUDOKU_EASY}\n${SUDOKU_HARD}\n55${SUDOKU_EASY.slice(2)}\n`) },
    { name: "an empty grid, dotted", input: text(".".repeat(81)) },
    { name: "a truncated puzzle only", input: text(SUDOKU_EASY.slice(0, 40)) },
  ],
  lz: [
    { name: "the guests README", input: readme },
    { name: "no bytes", input: text("") },
    { name: "a long run and noise", input: new Uint8Array(20_000).map((_, i) => (i < 10_000 ? 7 : (i * 2654435761) >>> 24)) },
  ],
  fibonacci: [{ name: "fib(1000)", input: u32le(1000) }],
  sha256: [{ name: "1000 bytes", input: new Uint8Array(1000).map((_, i) => i * 7) }],
  arith64: [{ name: "seed 0xdeadbeef, 40 steps", input: arith64Input(0xdeadbeefn, 40) }],
  factor: [{ name: "600851475143", input: factorInput(600851475143n), hints: factorHints([71, 839, 1471, 6857]) }],
};

function expectSame(what: string, a: NativeRun, b: { stdout: Uint8Array; publicOutput: Uint8Array; exitCode: number }): void {
  expect(Buffer.from(b.stdout).toString("latin1"), `${what}: stdout`).to.equal(a.stdout.toString("latin1"));
  expect(Buffer.from(b.publicOutput).toString("hex"), `${what}: public output`).to.equal(a.publicOutput.toString("hex"));
  expect(b.exitCode, `${what}: exit code`).to.equal(a.status);
}

describe("example guests against the same C compiled natively", function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-diff-"));
  const exes = new Map<string, string>();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  before(function () {
    const why = nativeUnavailable();
    if (why === "skip") this.skip();
    if (why) throw new Error(why);
  });
  const native = (example: string) => {
    if (!exes.has(example)) exes.set(example, compileNative(example, dir));
    return exes.get(example)!;
  };

  it("every example guest has differential cases", () => {
    const examples = fs.readdirSync(path.join(ROOT, "guests/examples")).sort();
    expect(Object.keys(CASES).sort()).to.deep.equal(examples);
  });

  for (const [example, cases] of Object.entries(CASES)) {
    for (const c of cases) {
      it(`${example}: ${c.name}${hasQemu ? " (and qemu-riscv32)" : ""}`, () => {
        const want = runWithFds(native(example), [], c.input, c.hints);
        const got = runBoth(guestProgram(example), { input: c.input, hints: c.hints });
        expectSame("zkVM vs native", want, got);
        if (hasQemu) {
          const q = runWithFds("qemu-riscv32", [path.join(ROOT, "guests/bin", example + ".elf")], c.input, c.hints);
          expectSame("qemu vs native", want, { stdout: q.stdout, publicOutput: q.publicOutput, exitCode: q.status });
        }
      });
    }
  }

  it("another input gives another native output, so the comparison can fail (negative twin)", () => {
    const want = runWithFds(native("calc"), [], text("1+2\n"));
    const got = runBoth(guestProgram("calc"), { input: text("1+3\n") });
    expect(() => expectSame("zkVM vs native", want, got)).to.throw(/stdout/);
  });
});
