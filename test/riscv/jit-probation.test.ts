// The fast emulator's probation (jit.ts): a new translation runs only in probe calls
// until it is adopted, by timing (the default) or after a set number of probe calls;
// the time account that pays for translating and probing; demotion of an adopted
// function that turned slow; the end of probation. Every run is compared with the
// interpreter, across each switch between tiers, at segment boundaries and on faults.
import { expect } from "chai";
import { account, ADOPT_WINDOW_MS, compiledFor, jitOptions, mayProbe, PROBATION_CYCLES, PROBE_MARGIN, probed, sampled } from "../../prover/riscv/jit.ts";
import { layout } from "../../prover/riscv/jit-regions.ts";
import type { Program } from "../../prover/riscv/program.ts";
import { execute, type ExecuteOptions } from "../../prover/zkvm/execute.ts";
import { failBoth, runBoth, u32le, withJit } from "./helpers.ts";
import { pingPong } from "./jit-programs.ts";

/** The fast emulator as configured now agrees with the interpreter on everything the
 * minimal trace and the statement hold. */
function sameAsInterp(p: Program, opts: ExecuteOptions): void {
  const a = execute(p, { ...opts, emulator: "interp" }), b = execute(p, { ...opts, emulator: "fast" });
  expect(b.cycles).to.equal(a.cycles);
  expect(b.exitCode).to.equal(a.exitCode);
  expect(b.final).to.deep.equal(a.final);
  expect(b.trace).to.deep.equal(a.trace);
  expect(b.plan).to.deep.equal(a.plan);
  expect(b.memoryDigest).to.equal(a.memoryDigest);
}

// (no chai closeTo: in the whole test run Hardhat's chai matchers replace it with an
// integer-only version)
const noAccounting = { chunkMs: 0, chunkCycles: 0, probeMs: 0, probeCycles: 0, translateMs: 0 };

/** A copy of pingPong with its own translation cache, run once with every hot region
 * translated and left on probation (never adopted). */
function withCandidates(): { p: Program; cp: ReturnType<typeof compiledFor>; regions: number[] } {
  const p = { ...pingPong(false, 400) };
  withJit({ hotCycles: 256, adoptAfter: 1e9 }, () => execute(p, { input: u32le(300), emulator: "fast" }));
  const cp = compiledFor(p);
  const regions = cp.cand.flatMap((fn, g) => (fn ? [g] : []));
  return { p, cp, regions };
}

describe("fast emulator probation", () => {
  it("a new translation runs in probe calls and is adopted after N of them; every switch agrees with the interpreter, at boundaries and on faults", () => {
    for (const adoptAfter of [1, 5, 1e9]) {
      withJit({ hotCycles: 256, adoptAfter }, () => {
        for (const segmentCycles of [8, 64, 128, 1 << 20]) {
          runBoth(pingPong(false), { input: u32le(300), segmentCycles });
          runBoth(pingPong(false, 400), { input: u32le(60), segmentCycles });
        }
        failBoth(pingPong(true), { input: u32le(100) });
        failBoth(pingPong(true, 400), { input: u32le(100), segmentCycles: 64 });
        const p = { ...pingPong(false, 400) };
        execute(p, { input: u32le(300), emulator: "fast" });
        const cp = compiledFor(p);
        if (adoptAfter === 1e9) {
          expect(cp.fns.filter(Boolean).length, "nothing adopted").to.equal(0);
          expect(cp.candidates, "regions on probation").to.be.greaterThan(0);
          expect(cp.probes.some((n) => n > 0), "candidates probed").to.equal(true);
        } else {
          expect(cp.adoptions, `adopted after ${adoptAfter} probe calls`).to.be.greaterThan(0);
        }
      });
    }
  });

  it("the time account: adopted code earns what it saved, within a cap; without credit nothing is translated or probed", () => {
    const cp = compiledFor({ ...pingPong(false) });
    expect(mayProbe(cp), "no credit before anything was timed").to.equal(false);
    // The interpreter's speed: 100 cycles/ms. Adopted code ran 1,000 cycles in 5 ms
    // of a 6 ms call whose interpreted chunk took 1 ms: it saved 10 ms less 5 ms, plus
    // the margin on the 10 ms.
    cp.interpCycles = 1000;
    cp.interpMs = 10;
    account(cp, { ...noAccounting, chunkMs: 1, chunkCycles: 100 }, 6, 1100);
    expect(Math.abs(cp.credit - (10 * (1 + PROBE_MARGIN) - 5))).to.be.lessThan(1e-9);
    expect(mayProbe(cp)).to.equal(true);
    // 1,000,000 cycles in 1 s saved 9 s: capped.
    account(cp, noAccounting, 1000, 1_000_000);
    expect(cp.credit).to.equal(100);
    // Slower than the interpreter: the account goes negative, probing stops.
    account(cp, noAccounting, 200, 1000);
    expect(cp.credit).to.be.lessThan(0);
    expect(mayProbe(cp)).to.equal(false);
    expect(cp.spentCycles).to.equal(1_002_100);
  });

  it("no time measured, nothing translated: a hot program runs on the interpreter", () => {
    withJit({ now: () => 0 }, () => {
      const p = { ...pingPong(false) };
      sameAsInterp(p, { input: u32le(20_000) });
      expect(compiledFor(p).translations.every((n) => n === 0)).to.equal(true);
    });
  });

  it("adoption by timing: a slow window starts over, a window as fast as the interpreter adopts; an adopted function that turns slow goes back on probation", () => {
    // The runs in between see a clock that stands still: they neither adopt nor demote.
    withJit({ now: () => 0 }, () => {
      const { p, cp, regions } = withCandidates();
      expect(regions.length).to.be.greaterThan(0);
      const g = regions[0], l = layout(p);
      const interpAt100 = () => { // the interpreter's speed: 100 cycles/ms
        cp.interpCycles = 1000;
        cp.interpMs = 10;
        cp.interpPeak = 0;
      };
      const slots = [...Array(p.codeWords).keys()].filter((i) => l.regionOf[i] === g && cp.probeId[i] >= 0);
      expect(slots.length, "the candidate's blocks").to.be.greaterThan(0);
      interpAt100();
      probed(cp, g, 20, ADOPT_WINDOW_MS * 0.6);
      probed(cp, g, 5, 10); // 10 ms for 5 cycles: descheduled, left out
      expect(Math.abs(cp.probeMs[g] - ADOPT_WINDOW_MS * 0.6)).to.be.lessThan(1e-9);
      probed(cp, g, 20, ADOPT_WINDOW_MS * 0.6); // 40 cycles in 1.2 windows: slow
      expect(cp.cand[g], "still on probation").to.be.a("function");
      expect(cp.probeMs[g], "a new window").to.equal(0);
      sameAsInterp(p, { input: u32le(300), segmentCycles: 64 });
      interpAt100();
      probed(cp, g, 200 * ADOPT_WINDOW_MS, ADOPT_WINDOW_MS); // 200 cycles/ms
      expect(cp.fns[g], "adopted").to.be.a("function");
      expect(cp.cand[g]).to.equal(undefined);
      for (const i of slots) expect(cp.localId[i]).to.be.at.least(0);
      for (const i of slots) expect(cp.probeId[i]).to.equal(-1);
      sameAsInterp(p, { input: u32le(300), segmentCycles: 64 });
      // Adopted, timed at 20 cycles/ms (V8 deoptimised it): demoted.
      const fn = cp.fns[g];
      interpAt100();
      cp.runCycles[g] = cp.runMs[g] = 0; // the run above timed its calls at 0 ms
      sampled(cp, g, 20 * ADOPT_WINDOW_MS, ADOPT_WINDOW_MS);
      expect(cp.fns[g], "no longer adopted").to.equal(undefined);
      expect(cp.cand[g], "on probation again").to.equal(fn);
      for (const i of slots) expect(cp.localId[i]).to.equal(-1);
      for (const i of slots) expect(cp.probeId[i]).to.be.at.least(0);
      sameAsInterp(p, { input: u32le(300), segmentCycles: 64 });
    });
  });

  it("probation ends after PROBATION_CYCLES: then every candidate is adopted at its next call", () => {
    const { p, cp, regions } = withCandidates();
    expect(regions.length).to.be.greaterThan(0);
    cp.spentCycles = PROBATION_CYCLES;
    expect(mayProbe(cp)).to.equal(true);
    sameAsInterp(p, { input: u32le(300) });
    for (const g of regions) expect(cp.fns[g], `region ${g} adopted`).to.be.a("function");
    expect(cp.candidates).to.equal(0);
  });

  it("with the default (timed) tiering, results agree with the interpreter whatever the timing decides", function () {
    this.timeout(120_000);
    expect(jitOptions.adoptAfter).to.equal(null);
    withJit({ hotCycles: 512 }, () => {
      for (const [segmentCycles, depth] of [[64, 2000], [4096, 20_000], [1 << 20, 100_000]]) {
        runBoth(pingPong(false), { input: u32le(depth), segmentCycles });
        runBoth(pingPong(false, 400), { input: u32le(depth / 20), segmentCycles });
      }
      failBoth(pingPong(true), { input: u32le(5000), segmentCycles: 4096 });
    });
  });
});
