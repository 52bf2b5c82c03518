// The minimal trace (every segment regenerates from its own record alone), the
// segmentation plan (rows per chip per segment) and the execution artifact encoding.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { decodeArtifact, encodeArtifact, writeArtifact } from "../../prover/zkvm/artifact.ts";
import { execute, type ExecuteOptions } from "../../prover/zkvm/execute.ts";
import { traceBytes, type SegmentTrace } from "../../prover/zkvm/minimal-trace.ts";
import { checkSegment, checkTrace, replaySegment } from "../../prover/zkvm/replay.ts";
import { CHIP_NAMES } from "../../prover/zkvm/segmentation.ts";
import { wordsToBytes, writeElf } from "./elf-writer.ts";
import { encode } from "./encode.ts";
import { arith64Input, factorHints, factorInput, u32le } from "./guest-examples.ts";
import { fixtureProgram, guestProgram, runBoth } from "./helpers.ts";

const runs: [string, () => Program, ExecuteOptions][] = [
  ["fibonacci", () => guestProgram("fibonacci"), { input: u32le(5000) }],
  ["sha256", () => guestProgram("sha256"), { input: new Uint8Array(20_000).map((_, i) => i * 7) }],
  ["arith64", () => guestProgram("arith64"), { input: arith64Input(12345n, 40) }],
  ["factor", () => guestProgram("factor"), { input: factorInput(600851475143n), hints: factorHints([71, 839, 1471, 6857]) }],
  ["syscalls", () => fixtureProgram("syscalls"), { input: new TextEncoder().encode("zkvm!"), hints: new TextEncoder().encode("HINTDATAZ") }],
  ["loadstore", () => fixtureProgram("loadstore"), {}],
];

function clone(s: SegmentTrace): SegmentTrace {
  return structuredClone(s);
}

describe("minimal trace", () => {
  for (const [name, program, opts] of runs) {
    it(`${name}: every segment replays from its own record, on both emulators`, () => {
      for (const segmentCycles of [64, 1024]) {
        const r = execute(program(), { ...opts, segmentCycles });
        checkTrace(program(), r.trace.segments, "interp");
        checkTrace(program(), r.trace.segments, "fast");
        const out = Buffer.concat(r.trace.segments.map((s) => replaySegment(program(), s).publicOutput));
        expect(out).to.deep.equal(Buffer.from(r.publicOutput));
      }
    });
  }

  it("segments chain: each starts where the previous one ended", () => {
    const r = execute(guestProgram("sha256"), { input: new Uint8Array(5000), segmentCycles: 4096 });
    const segs = r.trace.segments;
    expect(segs.length).to.equal(Math.ceil(r.cycles / 4096));
    for (let i = 1; i < segs.length; i++) {
      expect(segs[i].start).to.deep.equal(segs[i - 1].end);
      expect(segs[i].startCycle).to.equal(segs[i - 1].startCycle + segs[i - 1].cycles);
      expect(segs[i - 1].cycles).to.equal(4096);
      expect(segs[i - 1].halted).to.equal(false);
    }
    expect(segs.at(-1)!.halted).to.equal(true);
    expect(segs.at(-1)!.end).to.deep.equal(r.final);
    expect(segs[0].start.pc).to.equal(0x10000);
    expect([...segs[0].start.regs]).to.deep.equal(new Array(32).fill(0));
  });

  it("the touch log holds each touched word once per segment, with its value at the segment's start", () => {
    const r = execute(guestProgram("sha256"), { input: new Uint8Array(3000).fill(0xab), segmentCycles: 2048 });
    for (const s of r.trace.segments) expect(new Set(s.memAddrs).size).to.equal(s.memAddrs.length);
    const first = r.trace.segments[0];
    const j = [...first.memAddrs].indexOf(0x2000_0000);
    expect(j, "the input length word is read").to.be.greaterThan(-1);
    expect(first.memValues[j]).to.equal(3000);
  });

  describe("a tampered record does not replay (negative twins)", () => {
    const p = () => guestProgram("sha256");
    const r = () => execute(p(), { input: new Uint8Array(3000).fill(7), segmentCycles: 1 << 16 });
    const diff = (s: SegmentTrace, program = p()) => checkSegment(program, s);

    it("the honest record replays", () => expect(diff(r().trace.segments[0])).to.equal(null));
    it("a changed value read from memory", () => {
      const s = clone(r().trace.segments[0]);
      s.memValues[[...s.memAddrs].indexOf(0x2000_0000)] = 64; // the input length
      expect(diff(s)).to.be.a("string");
    });
    it("a changed starting register", () => {
      const s = clone(r().trace.segments[1]);
      s.start.regs[2] ^= 4; // sp
      expect(diff(s)).to.match(/^the replay fails: |^touch|^x/);
    });
    it("a changed starting pc", () => {
      const s = clone(r().trace.segments[1]);
      s.start.pc += 4;
      expect(diff(s)).to.be.a("string");
    });
    it("a changed end state", () => {
      const s = clone(r().trace.segments[1]);
      s.end.regs[10] ^= 1;
      expect(diff(s)).to.match(/^x10 ends as/);
    });
    it("changed or missing hints", () => {
      const run = execute(guestProgram("factor"), { input: factorInput(15n), hints: factorHints([3, 5]) });
      const factor = guestProgram("factor");
      const s = clone(run.trace.segments[0]);
      expect(diff(s, factor)).to.equal(null);
      s.hints[4] = 5; // the first factor becomes 5: out of order
      expect(diff(s, factor)).to.be.a("string");
      const t = clone(run.trace.segments[0]);
      t.hints = t.hints.subarray(0, 8);
      expect(diff(t, factor)).to.be.a("string");
    });
  });
});

describe("segmentation plan", () => {
  // lui x31, 0x10000; addi x1, x0, 5; add x2, x1, x1; sll x3, x2, x1 | mul x4, x3, x2;
  // sw x4, 0(x31); lw x5, 0(x31); lw x6, 4(x31) | beq x5, x6, +8; a0 = 0; a1 = 0;
  // a7 = 93 | ecall
  const code = [
    encode("lui", 31, 0, 0, 0x1000_0000), encode("addi", 1, 0, 0, 5), encode("add", 2, 1, 1, 0), encode("sll", 3, 2, 1, 0),
    encode("mul", 4, 3, 2, 0), encode("sw", 0, 31, 4, 0), encode("lw", 5, 31, 0, 0), encode("lw", 6, 31, 0, 4),
    encode("beq", 0, 5, 6, 8), encode("addi", 10, 0, 0, 0), encode("addi", 11, 0, 0, 0), encode("addi", 17, 0, 0, 93),
    0x00000073,
  ];
  const elf = writeElf({
    entry: 0x10000,
    segments: [{ vaddr: 0x10000, data: wordsToBytes(code), flags: 5 }, { vaddr: 0x1000_0000, data: wordsToBytes([0xaabbccdd, 0x11223344]), flags: 6 }],
  });

  it("counts rows per instruction class, exactly", () => {
    const r = runBoth(loadProgram(elf));
    expect(r.plan.totals).to.deep.equal({
      cpu: 13, alu: 6, shift: 1, muldiv: 1, load: 2, store: 1, branch: 1, syscall: 1, syscallWords: 0, memoryWords: 2,
    });
  });

  it("splits the rows by segment, and the touch log by segment", () => {
    const r = runBoth(loadProgram(elf), { segmentCycles: 4 });
    expect(r.plan.segments.map((s) => s.cycles)).to.deep.equal([4, 4, 4, 1]);
    expect(r.plan.segments[1].rows).to.deep.equal({
      cpu: 4, alu: 0, shift: 0, muldiv: 1, load: 2, store: 1, branch: 0, syscall: 0, syscallWords: 0, memoryWords: 2,
    });
    const s1 = r.trace.segments[1];
    expect([...s1.memAddrs]).to.deep.equal([0x1000_0000, 0x1000_0004]);
    expect([...s1.memValues]).to.deep.equal([0xaabbccdd, 0x11223344]); // before the segment's store
    expect(r.plan.maxRows.cpu).to.equal(4);
    expect(r.plan.totals.cpu).to.equal(13);
  });

  it("sums to the run's totals for a real guest, whatever the segment size", () => {
    const p = guestProgram("arith64");
    const base = execute(p, { input: arith64Input(99n, 20) }).plan.totals;
    for (const segmentCycles of [256, 4096]) {
      const plan = execute(p, { input: arith64Input(99n, 20), segmentCycles }).plan;
      for (const k of CHIP_NAMES) {
        if (k === "memoryWords") continue; // distinct words are counted per segment
        expect(plan.totals[k], k).to.equal(base[k]);
      }
      expect(plan.totals.memoryWords).to.be.greaterThanOrEqual(base.memoryWords);
      for (const s of plan.segments) expect(s.rows.cpu).to.equal(s.cycles);
    }
  });

  it("refuses a segment size that is not a power of two", () => {
    expect(() => execute(loadProgram(elf), { segmentCycles: 1000 })).to.throw(/power of two/);
    expect(() => execute(loadProgram(elf), { segmentCycles: 0 })).to.throw(/power of two/);
  });
});

describe("execution artifact", () => {
  const r = () => execute(guestProgram("factor"), { input: factorInput(600851475143n), hints: factorHints([71, 839, 1471, 6857]), segmentCycles: 4096 });

  it("round-trips through the binary encoding", () => {
    const run = r();
    const a = decodeArtifact(encodeArtifact(run));
    expect(a.exitCode).to.equal(run.exitCode);
    expect(a.cycles).to.equal(run.cycles);
    expect(a.trace).to.deep.equal(run.trace);
    expect(a.plan).to.deep.equal(run.plan);
    expect(Buffer.from(a.publicOutput)).to.deep.equal(Buffer.from(run.publicOutput));
    expect(Buffer.from(a.outputDigest!)).to.deep.equal(Buffer.from(run.outputDigest!));
    expect(Buffer.from(a.input)).to.deep.equal(Buffer.from(run.input));
    expect(Buffer.from(a.elfDigest)).to.deep.equal(Buffer.from(run.elfDigest));
    checkTrace(guestProgram("factor"), a.trace.segments);
  });

  it("its size is the header, the trace and 40 bytes of rows per segment", () => {
    const run = r();
    const header = 136 + 4 + ((run.input.length + 3) & ~3) + 4 + ((run.publicOutput.length + 3) & ~3);
    expect(encodeArtifact(run).length).to.equal(header + traceBytes(run.trace) + 40 * run.trace.segments.length);
  });

  it("rejects a truncated, foreign or newer file (negative twins)", () => {
    const bytes = encodeArtifact(r());
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 4))).to.throw(/truncated/);
    expect(() => decodeArtifact(new Uint8Array([...bytes, 0, 0, 0, 0]))).to.throw(/4 trailing bytes/);
    const foreign = bytes.slice();
    foreign[0] ^= 1;
    expect(() => decodeArtifact(foreign)).to.throw(/bad magic/);
    const newer = bytes.slice();
    newer[8] = 2;
    expect(() => decodeArtifact(newer)).to.throw(/version 2; this build reads version 1/);
  });

  it("writes execution.bin and a JSON summary", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-artifact-"));
    try {
      const run = r();
      const files = writeArtifact(dir, run);
      const summary = JSON.parse(fs.readFileSync(files.json, "utf8"));
      expect(summary.format).to.equal("zkvm-execution");
      expect(summary.cycles).to.equal(run.cycles);
      expect(summary.segments).to.equal(run.trace.segments.length);
      expect(summary.publicOutput.hex).to.equal(Buffer.from(run.publicOutput).toString("hex"));
      expect(summary.plan.totals).to.deep.equal(run.plan.totals);
      expect(decodeArtifact(new Uint8Array(fs.readFileSync(files.bin))).cycles).to.equal(run.cycles);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
