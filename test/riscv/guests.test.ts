// The example guests (guests/examples), each run on both emulators and checked
// against the host-side computation of its output (guest-examples.ts), with the
// SDK's digest of the public output checked too. Negative twins: a guest given a wrong
// hint must refuse it.
import { expect } from "chai";
import { createHash } from "node:crypto";
import type { ExecuteOptions, ExecutionResult } from "../../prover/zkvm/execute.ts";
import {
  arith64Input, arith64Output, factorHints, factorInput, factorOutput, fibonacciOutput, sha256Output, u32le,
} from "./guest-examples.ts";
import { guestProgram, runBoth } from "./helpers.ts";

function run(name: string, opts: ExecuteOptions): ExecutionResult {
  const r = runBoth(guestProgram(name), opts);
  const digest = createHash("sha256").update(r.publicOutput).digest();
  expect(r.outputDigest, "the SDK passes the output digest at exit").to.not.equal(null);
  expect(Buffer.from(r.outputDigest!)).to.deep.equal(digest);
  return r;
}

function text(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

describe("example guests", () => {
  describe("fibonacci", () => {
    for (const n of [0, 1, 2, 10, 47, 48, 1000, 100_000]) {
      it(`fib(${n})`, () => {
        const r = run("fibonacci", { input: u32le(n) });
        expect(r.exitCode).to.equal(0);
        expect(Buffer.from(r.publicOutput)).to.deep.equal(Buffer.from(fibonacciOutput(n)));
        const want = new DataView(fibonacciOutput(n).buffer).getUint32(4, true);
        expect(text(r.stdout)).to.equal(`fib(${n}) mod 2^32 = ${want}\n`);
      });
    }
    it("a short input makes the guest panic (negative twin)", () => {
      const r = run("fibonacci", { input: new Uint8Array([1, 2]) });
      expect(r.exitCode).to.equal(1);
      expect(text(r.stderr)).to.equal("panic: input too short\n");
    });
  });

  describe("sha256", () => {
    const lengths = [0, 3, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003];
    for (const len of lengths) {
      it(`${len} bytes`, () => {
        const input = new Uint8Array(len).map((_, i) => (i * 29 + 7) & 255);
        if (len === 3) input.set([0x61, 0x62, 0x63]); // "abc"
        const r = run("sha256", { input, segmentCycles: len > 10_000 ? 1 << 16 : 1 << 20 });
        expect(r.exitCode).to.equal(0);
        expect(Buffer.from(r.publicOutput)).to.deep.equal(Buffer.from(sha256Output(input)));
      });
    }
    it("the FIPS 180-4 vector for \"abc\"", () => {
      const r = run("sha256", { input: new TextEncoder().encode("abc") });
      expect(Buffer.from(r.publicOutput).toString("hex")).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    });
  });

  describe("arith64 (64-bit arithmetic and division through libgcc)", () => {
    for (const [seed, count] of [[0n, 0], [1n, 1], [0xdeadbeefcafef00dn, 50], [0xffffffffffffffffn, 300]] as const) {
      it(`seed ${seed.toString(16)}, ${count} steps`, () => {
        const r = run("arith64", { input: arith64Input(seed, count) });
        expect(r.exitCode).to.equal(0);
        expect(Buffer.from(r.publicOutput)).to.deep.equal(Buffer.from(arith64Output(seed, count)));
        expect(r.plan.totals.muldiv).to.be.greaterThan(0);
      });
    }
  });

  describe("factor (hints: a factorisation the guest checks)", () => {
    const cases: [bigint, number[]][] = [
      [2n, [2]],
      [600851475143n, [71, 839, 1471, 6857]],
      [0xffffffffn, [3, 5, 17, 257, 65537]],
      [2n * 4294967291n, [2, 4294967291]], // the largest prime below 2^32
      [1n << 40n, Array(40).fill(2)],
    ];
    for (const [n, factors] of cases) {
      it(`${n} = ${factors.length > 6 ? `2^${factors.length}` : factors.join(" x ")}`, () => {
        const r = run("factor", { input: factorInput(n), hints: factorHints(factors) });
        expect(r.exitCode, text(r.stderr)).to.equal(0);
        expect(Buffer.from(r.publicOutput)).to.deep.equal(Buffer.from(factorOutput(n, factors)));
        expect(r.trace.segments.reduce((s, seg) => s + seg.hints.length, 0)).to.equal(4 + 4 * factors.length);
      });
    }

    const bad: [string, bigint, number[], string][] = [
      ["a wrong product", 600851475143n, [71, 839, 1471, 6863], "product exceeds N"],
      ["a product too small", 600851475143n, [71, 839, 1471], "product of the factors is not N"],
      ["a composite factor", 600851475143n, [71, 839, 10086647], "hinted factor is not prime"],
      ["factors out of order", 600851475143n, [839, 71, 1471, 6857], "factors not in order"],
      ["1 as a factor", 6n, [1, 2, 3], "hinted factor is not prime"],
    ];
    for (const [what, n, factors, msg] of bad) {
      it(`refuses ${what} (negative twin)`, () => {
        const r = run("factor", { input: factorInput(n), hints: factorHints(factors) });
        expect(r.exitCode).to.equal(1);
        expect(text(r.stderr)).to.equal(`panic: ${msg}\n`);
        expect(r.publicOutput.length).to.equal(0);
      });
    }
    it("refuses a hint stream that ends early (negative twin)", () => {
      const hints = factorHints([71, 839, 1471, 6857]).subarray(0, 10);
      const r = run("factor", { input: factorInput(600851475143n), hints });
      expect(r.exitCode).to.equal(1);
      expect(text(r.stderr)).to.equal("panic: hint stream too short\n");
    });
  });
});
