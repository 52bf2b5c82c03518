// The fast emulator's tiers (jit.ts): what gets translated and when, and the paths of
// translated code that ordinary guests rarely take: calls between regions nested
// deeper than the JS call limit, a fault deep inside such calls, a segment boundary
// inside them. Every run is compared with the interpreter (runBoth, failBoth).
import { expect } from "chai";
import { compiledFor, jitOptions } from "../../prover/riscv/jit.ts";
import { layout, MAX_INLINED, MIN_REGION } from "../../prover/riscv/jit-regions.ts";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute } from "../../prover/zkvm/execute.ts";
import { wordsToBytes, writeElf } from "./elf-writer.ts";
import { encode } from "./encode.ts";
import { failBoth, runBoth, runTranslated, u32le } from "./helpers.ts";

const A0 = 10, A1 = 11, A7 = 17, SP = 2, RA = 1, T0 = 5;
const ecallExit = [encode("addi", A1, 0, 0, 0), encode("addi", A7, 0, 0, 93), 0x00000073];
const NOP = encode("addi", 0, 0, 0, 0);

/** Two functions far enough apart to lie in different regions, calling each other
 * until a0 reaches 0 (depth = the input word), then returning all the way. With
 * `faultAtBottom`, the innermost call does a misaligned load instead. `gLength`
 * straight-line instructions at the start of g make it too long to be copied into
 * f's region (MAX_INLINED), so that f calls g's own region function. */
function pingPong(faultAtBottom: boolean, gLength = 0): Program {
  const words: number[] = [];
  const at = () => words.length;
  // entry: sp, a0 = input word, call f, exit(a0 = 0)
  words.push(encode("lui", SP, 0, 0, 0x29000000), encode("lui", T0, 0, 0, 0x20000000), encode("lw", A0, T0, 0, 4));
  const callF = at();
  words.push(0, encode("addi", A0, 0, 0, 0), ...ecallExit);
  const fn = (other: () => number, body = 0) => {
    const start = at();
    for (let i = 0; i < body; i++) words.push(encode("addi", T0, T0, 0, 1));
    // if (a0 == 0) { [fault] return } ; push ra; a0--; call other; pop ra; return
    words.push(encode("bne", 0, A0, 0, faultAtBottom ? 12 : 8));
    if (faultAtBottom) words.push(encode("lw", T0, SP, 0, 2));
    words.push(encode("jalr", 0, RA, 0, 0));
    words.push(encode("addi", SP, SP, 0, -16), encode("sw", 0, SP, RA, 12), encode("addi", A0, A0, 0, -1));
    const call = at();
    words.push(0, encode("lw", RA, SP, 0, 12), encode("addi", SP, SP, 0, 16), encode("jalr", 0, RA, 0, 0));
    return { start, call, link: () => { words[call] = encode("jal", RA, 0, 0, 4 * (other() - call)); } };
  };
  let gStart = 0;
  const f = fn(() => gStart);
  while (at() < f.start + MIN_REGION + 8) words.push(NOP);
  const g = fn(() => f.start, gLength);
  gStart = g.start;
  f.link();
  g.link();
  words[callF] = encode("jal", RA, 0, 0, 4 * (f.start - callF));
  return loadProgram(writeElf({ entry: 0x10000, segments: [{ vaddr: 0x10000, data: wordsToBytes(words), flags: 5 }] }));
}

describe("fast emulator tiers", () => {
  it("the two functions of the test program lie in different regions", () => {
    const p = pingPong(false), l = layout(p);
    expect(l.regionStart.length).to.be.greaterThan(1);
  });

  it("a short run stays on the interpreter; a hot region gets translated", () => {
    const p = pingPong(false);
    execute(p, { input: u32le(3), emulator: "fast" });
    expect(compiledFor(p).fns.filter(Boolean).length, "nothing translated after 50 cycles").to.equal(0);
    execute(p, { input: u32le(jitOptions.hotCycles), emulator: "fast" });
    expect(compiledFor(p).fns.filter(Boolean).length).to.be.greaterThan(0);
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
});
