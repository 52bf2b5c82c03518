// The fast emulator's tiers (jit.ts): what gets translated and when, and the paths of
// translated code that ordinary guests rarely take: calls between regions nested
// deeper than the JS call limit, a fault deep inside such calls, a segment boundary
// inside them. Every run is compared with the interpreter (runBoth, failBoth).
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compiledFor, jitOptions } from "../../prover/riscv/jit.ts";
import { regionBody } from "../../prover/riscv/jit-codegen.ts";
import { layout, MAX_INLINED, MAX_SOURCE, MIN_REGION } from "../../prover/riscv/jit-regions.ts";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute } from "../../prover/zkvm/execute.ts";
import { wordsToBytes, writeElf } from "./elf-writer.ts";
import { encode } from "./encode.ts";
import { failBoth, runBoth, runTranslated, u32le, withJit } from "./helpers.ts";
import { A0, A1, ecallExit, NOP, pingPong, RA, SP, T0, T1, T2, T3, T4 } from "./jit-programs.ts";

const program = (words: number[]) =>
  loadProgram(writeElf({ entry: 0x10000, segments: [{ vaddr: 0x10000, data: wordsToBytes(words), flags: 5 }] }));

/** main calls f (a 10-iteration loop) `input word 1` times, then g (a loop of `input
 * word 2` iterations) once, then exits; f and g lie in regions of their own. */
function hotAndRare(): { p: Program; f: number; g: number } {
  const words: number[] = [encode("lui", SP, 0, 0, 0x29000000), encode("lui", T0, 0, 0, 0x20000000),
    encode("lw", A0, T0, 0, 4), encode("lw", A1, T0, 0, 8)];
  const loop = words.length;
  words.push(encode("beq", 0, A0, 0, 16), 0, encode("addi", A0, A0, 0, -1), encode("jal", 0, 0, 0, -12));
  const callG = words.length;
  words.push(0, encode("addi", A0, 0, 0, 0), ...ecallExit);
  const fn = (count: number | null) => {
    const start = words.length;
    words.push(count === null ? encode("addi", T1, A1, 0, 0) : encode("addi", T1, 0, 0, count));
    words.push(encode("addi", T1, T1, 0, -1), encode("bne", 0, T1, 0, -4), encode("jalr", 0, RA, 0, 0));
    return start;
  };
  while (words.length < MIN_REGION + 8) words.push(NOP);
  const f = fn(10);
  while (words.length < f + MIN_REGION + 8) words.push(NOP);
  const g = fn(null);
  words[loop + 1] = encode("jal", RA, 0, 0, 4 * (f - loop - 1));
  words[callG] = encode("jal", RA, 0, 0, 4 * (g - callG));
  return { p: program(words), f, g };
}

/** Whether some region function (adopted or on probation) runs the block at slot (its
 * case is marked with the block's address, jit-codegen.ts). */
function translatedAt(cp: ReturnType<typeof compiledFor>, slot: number): boolean {
  return [...cp.fns, ...cp.cand].some((fn) => fn !== undefined && fn.toString().includes(`: // ${(0x10000 + 4 * slot).toString(16)}\n`));
}

describe("fast emulator tiers", () => {
  it("the two functions of the test program lie in different regions", () => {
    const p = pingPong(false), l = layout(p);
    expect(l.regionStart.length).to.be.greaterThan(1);
  });

  it("a short run stays on the interpreter; a hot region gets translated", () => {
    withJit({ adoptAfter: 2 }, () => { // adopted after 2 probe calls, not by timing
      const p = pingPong(false);
      execute(p, { input: u32le(3), emulator: "fast" });
      expect(compiledFor(p).fns.filter(Boolean).length, "nothing translated after 50 cycles").to.equal(0);
      execute(p, { input: u32le(jitOptions.hotCycles), emulator: "fast" });
      expect(compiledFor(p).fns.filter(Boolean).length).to.be.greaterThan(0);
    });
  });

  it("with hotCycles = 0 the entry region is translated at once, with its callee copied in", () => {
    runTranslated(pingPong(false), (p) => {
      execute(p, { input: u32le(3), emulator: "fast" });
      const cp = compiledFor(p), gStart = layout(p).regionStart[1];
      expect(cp.fns[0]).to.be.a("function");
      expect(cp.fns[1], "g's region has its own function only once entered from the dispatcher").to.equal(undefined);
      expect(cp.tabs[0]![gStart], "g's blocks are copied into the entry region's function").to.be.at.least(0);
    });
  });

  it("a callee too long to copy keeps its own region function", () => {
    runTranslated(pingPong(false, MAX_INLINED + 8), (p) => {
      for (let run = 0; run < 3; run++) execute(p, { input: u32le(3), emulator: "fast" });
      expect(compiledFor(p).fns.filter(Boolean).length).to.equal(2);
    });
  });

  for (const depth of [1, 31, 32, 33, 5000]) {
    it(`calls between regions ${depth} deep agree with the interpreter`, () => {
      expect(runBoth(pingPong(false), { input: u32le(depth) }).exitCode).to.equal(0);
      expect(runBoth(pingPong(false, MAX_INLINED + 8), { input: u32le(depth) }).exitCode).to.equal(0);
    });
  }

  it("segment boundaries inside nested calls", () => {
    for (const segmentCycles of [8, 64, 128]) {
      runBoth(pingPong(false), { input: u32le(200), segmentCycles });
      runBoth(pingPong(false, MAX_INLINED + 8), { input: u32le(20), segmentCycles });
    }
  });

  it("a fault 100 calls deep names the same pc and cycle on every tier", () => {
    failBoth(pingPong(true, MAX_INLINED + 8), { input: u32le(100) });
    const e = failBoth(pingPong(true), { input: u32le(100) });
    expect(e.kind).to.equal("misaligned-access");
    expect(e.message).to.match(/^misaligned load from 0x28fff9c2: lw t0, 2\(sp\)/);
  });

  it("a block entered in the middle (a computed jump past its first instructions) agrees on every tier", () => {
    // t1 = the address of `block`; each turn jumps to block + 4 * (a0 & 3): the
    // block's first one to three instructions are skipped on three turns of four.
    const words = [encode("lui", SP, 0, 0, 0x29000000), encode("lui", T0, 0, 0, 0x20000000), encode("lw", A0, T0, 0, 4),
      encode("auipc", T1, 0, 0, 0), encode("addi", T1, T1, 0, 16), encode("addi", T2, 0, 0, 0)];
    const block = words.length + 1;
    words.push(encode("beq", 0, A0, 0, 4 * 14)); // the loop: a0 turns
    words.push(encode("addi", T2, T2, 0, 1), encode("addi", T2, T2, 0, 2), encode("addi", T2, T2, 0, 4), encode("sw", 0, SP, T2, -4),
      encode("addi", A0, A0, 0, -1), encode("andi", T3, A0, 0, 3), encode("slli", T3, T3, 0, 2), encode("add", T4, T1, T3, 0),
      encode("addi", T4, T4, 0, 0), encode("beq", 0, A0, 0, 8), encode("jalr", 0, T4, 0, 0),
      encode("lw", A0, SP, 0, -4), encode("andi", A0, A0, 0, 0));
    words.push(...ecallExit);
    const p = program(words);
    expect(layout(p).leader[block], "the block starts there").to.equal(1);
    expect(layout(p).leader[block + 1], "and not one instruction later").to.equal(0);
    for (const turns of [5, 400_000]) runBoth(p, { input: u32le(turns) });
    runTranslated(p, (copy) => {
      execute(copy, { input: u32le(2000), emulator: "fast" });
      expect(compiledFor(copy).localId[block], "the block is translated").to.be.at.least(0);
      expect(compiledFor(copy).localId[block + 1], "its middle is not an entry").to.equal(-1);
    });
  });

  it("tiering: hot code is translated in its first run; code run rarely is not, however many runs add up its heat", () => {
    withJit({ hotCycles: 1000, adoptAfter: 0 }, () => { // translations adopted at once, not by timing
      const { p, f, g } = hotAndRare(), l = layout(p), [rf, rg] = [l.regionOf[f], l.regionOf[g]];
      expect(new Set([l.regionOf[0], rf, rg]).size, "main, f and g in three regions").to.equal(3);
      const opts = { input: u32le(2000, 50), emulator: "fast" } as const; // f: ~46,000 cycles a run, g: ~100
      execute(p, opts);
      const cp = compiledFor(p);
      expect(translatedAt(cp, f), "f translated (copied into main's function) in the first run").to.equal(true);
      for (let run = 0; run < 20; run++) execute(p, opts);
      // The call to g and g itself (first reached after main was translated) ran on
      // the interpreter, ~100 cycles a run: more than hotCycles in all.
      expect(cp.heat.reduce((sum, h) => sum + h, 0), "heat since the translation").to.be.at.least(jitOptions.hotCycles);
      expect(translatedAt(cp, g), "g, ~0.2% of the cycles, stays on the interpreter").to.equal(false);
      expect(cp.translations[0], "main is not translated again").to.equal(1);
      // A short program that is all g: its heat across runs translates it.
      const short = hotAndRare(), scp = compiledFor(short.p);
      execute(short.p, { input: u32le(0, 50), emulator: "fast" });
      expect(translatedAt(scp, short.g), "not after one run of ~110 cycles").to.equal(false);
      for (let run = 0; run < 20; run++) execute(short.p, { input: u32le(0, 50), emulator: "fast" });
      expect(translatedAt(scp, short.g), "g translated from the heat of 20 runs").to.equal(true);
      runBoth(p, { input: u32le(2000, 50) });
    });
  });

  it(`a region function of at most MAX_SOURCE (${MAX_SOURCE}) characters is under V8's 60 KB bytecode limit for optimising`, function () {
    this.timeout(60_000);
    // The heaviest code per instruction: short blocks of loads and stores over all
    // registers (each block loads and writes back its own).
    const words: number[] = [encode("lui", SP, 0, 0, 0x29000000)];
    for (let k = 0; words.length < 500; k++) {
      const r = (j: number) => 1 + ((k * 7 + j) % 31) || 1;
      words.push(encode("lw", r(0), SP, 0, -4 * (k % 64) - 4), encode("sw", 0, SP, r(1), -4 * (k % 60) - 8), encode("lh", r(2), SP, 0, -2),
        encode("sb", 0, SP, r(3), -1), encode("add", r(4), r(5), r(6), 0), encode("bne", 0, r(0), r(4), 8), encode("xor", r(6), r(1), r(2), 0));
    }
    const p = program(words), l = layout(p);
    const all: number[] = [];
    for (let i = 0; i < p.codeWords; i++) if (l.leader[i] && l.regionOf[i] === 0) all.push(i);
    // The most blocks whose body fits MAX_SOURCE.
    let n = all.length;
    while (regionBody(p, 0, all.slice(0, n), l.leader).length > MAX_SOURCE) n--;
    expect(n, "the region is longer than the cap").to.be.lessThan(all.length);
    const body = regionBody(p, 0, all.slice(0, n), l.leader);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jit-bytecode-")), "region.js");
    fs.writeFileSync(file, `function guestRegion(b, budget, S) {\n${body}\n}\ntry { guestRegion(-1, 0, { M: {}, tabs: [] }); } catch {}\n`);
    const out = spawnSync(process.execPath, ["--print-bytecode", "--print-bytecode-filter=guestRegion", file], { encoding: "utf8", maxBuffer: 1 << 28 });
    fs.rmSync(path.dirname(file), { recursive: true });
    const bytes = Number(/Bytecode length: (\d+)/.exec(out.stdout)?.[1]);
    expect(bytes, "bytecode length printed").to.be.greaterThan(0);
    expect(bytes).to.be.lessThan(61440);
  });
});
