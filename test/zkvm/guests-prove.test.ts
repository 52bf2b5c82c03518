// Programs proved end to end: the example guests (guests/bin, built from guests/examples)
// and the ISA test programs (test/riscv/fixtures/*.elf) are proved with
// TEST_CONFIG_INSECURE through proveProgram and checked with verifyRun, and the proven
// statement must be what `execute` reports (exit code, output digest, cycles, input).
// Each test prints the run's cycles and its prove time.
//
// ZKVM_PROVE_ALL=1 also proves the examples that are too slow for the default run
// (fibonacci-rs, sha256, calc, wordcount, lz, sudoku, nbody, numbers: 8k to 98k cycles
// each, about 340k in all; 9 minutes on a loaded 2-core machine). Without the variable
// those tests are skipped, and their titles say "(ZKVM_PROVE_ALL=1)". By default:
// fibonacci (small n), factor (uses the hint read), arith64 (muldiv through libgcc), and
// the ISA programs alu, branch, loadstore, muldiv, shift and syscalls (each under 1k cycles).
//
//   ZKVM_PROVE_ALL=1 npx mocha test/zkvm/guests-prove.test.ts
//
// Also: a guest that faults gets its GuestError from proveProgram and no proof; and
// negative twins on one proof: a statement or receipt with another output digest or
// exit code is rejected, also when the forged statement is written into the proof.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { execute, type ExecuteOptions, type ExecutionResult } from "../../prover/zkvm/execute.ts";
import { proveProgram, verifyRun, type ProveOptions } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { outputDigestWordsOf, verifyReceipt, type Receipt } from "../../prover/zkvm/receipt.ts";
import { STATEMENT_TABLE } from "../../prover/chips/run-tables.ts";
import { statementPublicValues, type RunStatement } from "../../prover/chips/statement.ts";
import { GuestError } from "../../prover/riscv/errors.ts";
import type { Program } from "../../prover/riscv/program.ts";
import type { StarkProof } from "../../prover/stark/index.ts";
import { keysFor } from "../chips/harness.ts";
import { ROOT, fixtureProgram, guestProgram } from "../riscv/helpers.ts";
import {
  arith64Input, arith64Output, factorHints, factorInput, factorOutput, fibonacciOutput, sha256Output, u32le,
} from "../riscv/guest-examples.ts";

const PROVE_ALL = process.env.ZKVM_PROVE_ALL === "1";
const text = (s: string) => new TextEncoder().encode(s);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

interface Case {
  name: string;
  program: () => Program;
  opts: ExecuteOptions & ProveOptions;
  /** Only with ZKVM_PROVE_ALL=1. */
  slow?: boolean;
  /** The public output computed on the host (guest-examples.ts), where there is one. */
  output?: Uint8Array;
  /** A line the guest prints on fd 1 (debug output: not proven, a sanity check of the run). */
  stdout?: string;
  /** Whether the guest hands over an output digest at exit (the SDK always does). */
  digest: boolean;
}

const guest = (name: string) => () => guestProgram(name);
const FIB_N = 10;

const GUESTS: Case[] = [
  { name: "fibonacci", program: guest("fibonacci"), opts: { input: u32le(FIB_N) }, output: fibonacciOutput(FIB_N), stdout: "fib(10) mod 2^32 = 55\n", digest: true },
  {
    name: "factor", program: guest("factor"), opts: { input: factorInput(600851475143n), hints: factorHints([71, 839, 1471, 6857]) },
    output: factorOutput(600851475143n, [71, 839, 1471, 6857]), stdout: "factorisation checked\n", digest: true,
  },
  { name: "arith64", program: guest("arith64"), opts: { input: arith64Input(0xdeadbeefn, 3) }, output: arith64Output(0xdeadbeefn, 3), digest: true },
  { name: "fibonacci-rs", slow: true, program: guest("fibonacci-rs"), opts: { input: u32le(FIB_N) }, output: fibonacciOutput(FIB_N), stdout: "fib(10) mod 2^32 = 55\n", digest: true },
  { name: "sha256", slow: true, program: guest("sha256"), opts: { input: text("abc") }, output: sha256Output(text("abc")), digest: true },
  { name: "calc", slow: true, program: guest("calc"), opts: { input: text("1+2*3\n") }, stdout: "1+2*3 = 7\n", digest: true },
  { name: "wordcount", slow: true, program: guest("wordcount"), opts: { input: text("the cat the dog") }, stdout: "4 words, 3 distinct\n", digest: true },
  { name: "lz", slow: true, program: guest("lz"), opts: { input: text("abcabcabcabc") }, stdout: "12 bytes -> 7 bytes", digest: true },
  {
    name: "sudoku", slow: true, program: guest("sudoku"),
    opts: { input: text("530070000600195000098000060800060003400803001700020006060000280000419005000080079") },
    stdout: "534678912672195348198342567859761423426853791713924856961537284287419635345286179", digest: true,
  },
  { name: "nbody", slow: true, program: guest("nbody"), opts: { input: u32le(0) }, stdout: "-0.169075164\n", digest: true },
  { name: "numbers", slow: true, program: guest("numbers"), opts: { input: text("42 -7 3") }, stdout: "count 3, distinct 3, min -7, max 42, median 3", digest: true },
];

// The ISA programs exit with the number of their first failing check (0: all pass) and
// a1 = 0: no output digest, except syscalls, which commits "abc" with its digest.
const FIXTURES: Case[] = [
  ...["alu", "branch", "loadstore", "muldiv", "shift"].map((name): Case => ({ name: `${name}.elf`, program: () => fixtureProgram(name), opts: {}, digest: false })),
  { name: "syscalls.elf", program: () => fixtureProgram("syscalls"), opts: { input: text("zkvm!"), hints: text("HINTDATAZ") }, output: text("abc"), stdout: "out\n", digest: true },
];

/** The output digest words as execute reports them (big-endian bytes of each word). */
function digestBytes(words: Uint32Array | null): Uint8Array | null {
  if (!words) return null;
  const b = new Uint8Array(32);
  words.forEach((w, i) => new DataView(b.buffer).setUint32(4 * i, w, false));
  return b;
}

type Vk = Awaited<ReturnType<typeof keysFor>>["vk"];
type Proved = { c: Case; vk: Vk; exec: ExecutionResult; run: Awaited<ReturnType<typeof proveProgram>>; receipt: Receipt };

async function proveCase(c: Case): Promise<Proved> {
  const program = c.program();
  const exec = execute(program, c.opts);
  const keys = await keysFor(program);
  const t0 = performance.now();
  const run = await proveProgram(keys, program, c.opts);
  const s = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const verdict = verifyRun(keys.vk, run.proofs, run.statement);
  const v = (performance.now() - t1) / 1000;
  console.log(`      ${c.name}: ${run.statement.cycles} cycles, ${run.proofs.length - 1} segment(s), proved in ${s.toFixed(1)} s ` +
    `(${(run.statement.cycles / s).toFixed(0)} cycles/s), verified in ${v.toFixed(2)} s`);
  expect(verdict).to.deep.equal({ ok: true });
  const receipt: Receipt = { kind: "segments", programDigest: programVkDigest(keys.vk), statement: run.statement, publicOutput: run.statement.outputDigestWords ? run.publicOutput : new Uint8Array(0), proofs: run.proofs };
  return { c, vk: keys.vk, exec, run, receipt };
}

function checkStatement({ c, vk, exec, run, receipt }: Proved): void {
  const s = run.statement;
  expect(exec.exitCode, `${c.name}: exit code (stderr: ${Buffer.from(exec.stderr).toString()})`).to.equal(0);
  expect(s.exitCode, "exit code").to.equal(exec.exitCode);
  expect(s.cycles, "cycles").to.equal(exec.cycles);
  expect(s.entry, "entry").to.equal(c.program().entry);
  expect(hexOf(s.input), "input").to.equal(hexOf(exec.input));
  expect(s.outputDigestWords !== null, "has an output digest").to.equal(c.digest);
  expect(digestBytes(s.outputDigestWords), "output digest").to.deep.equal(exec.outputDigest);
  expect(hexOf(run.publicOutput), "public output").to.equal(hexOf(exec.publicOutput));
  if (c.output) expect(hexOf(run.publicOutput), "public output (host-side)").to.equal(hexOf(c.output));
  if (s.outputDigestWords) expect([...s.outputDigestWords]).to.deep.equal([...outputDigestWordsOf(exec.publicOutput)]);
  if (c.stdout) expect(Buffer.from(run.stdout).toString()).to.include(c.stdout);
  expect(verifyReceipt(vk, receipt), "as a receipt").to.deep.equal({ ok: true });
}

const proved = new Map<string, Promise<Proved>>();
/** Each case is proved once (the negative twins reuse fibonacci's proof). */
function provedCase(c: Case): Promise<Proved> {
  if (!proved.has(c.name)) {
    proved.set(c.name, proveCase(c));
  }
  return proved.get(c.name)!;
}

function defineProofTest(c: Case): void {
  const title = `${c.name}: proves and verifies; the statement is what execute reports${c.slow ? " (ZKVM_PROVE_ALL=1)" : ""}`;
  (c.slow && !PROVE_ALL ? it.skip : it)(title, async () => checkStatement(await provedCase(c)));
}

describe("zkvm: example guests and ISA programs proved end to end", function () {
  this.timeout(PROVE_ALL ? 7_200_000 : 900_000);

  it("every example guest in guests/bin has a case here", () => {
    const bins = fs.readdirSync(path.join(ROOT, "guests/bin")).filter((f) => f.endsWith(".elf")).map((f) => f.slice(0, -4)).sort();
    expect(GUESTS.map((c) => c.name).sort()).to.deep.equal(bins);
  });

  describe("example guests", () => GUESTS.forEach(defineProofTest));
  describe("ISA test programs", () => FIXTURES.forEach(defineProofTest));

  describe("a faulting run", () => {
    it("faults.elf (misaligned lw) gets its GuestError from proveProgram and no proof", async () => {
      const program = fixtureProgram("faults");
      const keys = await keysFor(program);
      const steps: string[] = [];
      let err: unknown = null;
      try {
        await proveProgram(keys, program, { input: u32le(1), onProgress: (w) => steps.push(w) });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(GuestError);
      expect((err as GuestError).kind).to.equal("misaligned-access");
      expect((err as GuestError).message).to.match(/^misaligned load from 0x10000001: lw a0, 1\(t0\)/);
      expect(steps, "nothing committed or proved").to.deep.equal(["executing"]);
    });
  });

  describe("negative twins (fibonacci's proof)", () => {
    const fib = GUESTS[0];
    let p: Proved;
    let vk: Vk;
    before(async () => {
      p = await provedCase(fib);
      vk = p.vk;
    });

    const otherDigest = (s: RunStatement) => {
      const w = s.outputDigestWords!.slice();
      w[3] ^= 1;
      return w;
    };
    const forgeries: [string, (s: RunStatement) => RunStatement][] = [
      ["another output digest", (s) => ({ ...s, outputDigestWords: otherDigest(s) })],
      ["no output digest", (s) => ({ ...s, outputDigestWords: null })],
      ["exit code 1", (s) => ({ ...s, exitCode: 1 })],
      ["exit code -1", (s) => ({ ...s, exitCode: -1 })],
      ["one cycle fewer", (s) => ({ ...s, cycles: s.cycles - 1 })],
    ];

    for (const [what, forge] of forgeries) {
      it(`a statement with ${what} is rejected ('statement'), also as a receipt`, () => {
        const bad = forge(p.run.statement);
        const r = verifyRun(vk, p.run.proofs, bad);
        expect(r.ok).to.equal(false);
        if (!r.ok) expect(r.check).to.equal("statement");
        const publicOutput = bad.outputDigestWords ? p.receipt.publicOutput : new Uint8Array(0);
        const rr = verifyReceipt(vk, { ...p.receipt, statement: bad, publicOutput });
        expect(rr.ok).to.equal(false);
        if (!rr.ok) expect(rr.check).to.be.oneOf(["statement", "output"]);
      });

      it(`${what}, also written into the memory proof's public values, is rejected`, () => {
        const bad = forge(p.run.statement);
        const proofs = withStatement(p.run.proofs, bad);
        expect([...proofs[0].tables[STATEMENT_TABLE].publicValues]).to.deep.equal([...statementPublicValues(bad)]);
        const r = verifyRun(vk, proofs, bad);
        expect(r.ok, "forged statement accepted").to.equal(false);
        if (!r.ok) expect(r.check).to.not.equal("statement");
      });
    }

    it("a receipt whose output was changed with its digest is rejected", () => {
      const out = p.receipt.publicOutput.slice();
      out[4] ^= 1; // fib(n) claimed one off
      const statement = { ...p.run.statement, outputDigestWords: outputDigestWordsOf(out) };
      const r = verifyReceipt(vk, { ...p.receipt, statement, publicOutput: out });
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.check).to.equal("statement");
      // The untouched receipt still verifies: the rejections above are the forgeries'.
      expect(verifyReceipt(vk, p.receipt)).to.deep.equal({ ok: true });
    });
  });
});

/** A copy of the proofs with the memory proof's statement public values replaced. */
function withStatement(proofs: StarkProof[], s: RunStatement): StarkProof[] {
  const [mem, ...rest] = proofs;
  const tables = mem.tables.map((t, i) => (i === STATEMENT_TABLE ? { ...t, publicValues: statementPublicValues(s) } : t));
  return [{ ...mem, tables }, ...rest];
}
