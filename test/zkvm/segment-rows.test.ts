// Segments end when an instruction chip is full (maxChipRows) as well as after
// segmentCycles: every segment but the last has a chip with exactly maxChipRows rows and
// none has more; the run still proves and verifies, and RunProof.segmentCycles adds up
// to the run's cycles.
import { expect } from "chai";
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";
import { keysFor } from "../chips/harness.ts";
import { proveProgram, recordRun, verifyRun } from "../../prover/zkvm/prove.ts";
import { INSTRUCTION_CHIPS } from "../../prover/chips/rv32.ts";
import type { SegmentEvents } from "../../prover/chips/events.ts";

// A loop of adds, a store and a load: alu-arith fills first, branch and load-store later.
const code: Ins[] = [
  ...li(5, DATA), ...li(6, 0x1234),
  ["addi", 7, 0, 0, 10],
  ["add", 6, 6, 7, 0], ["sw", 0, 5, 6, 0], ["addi", 7, 7, 0, -1], ["bne", 0, 7, 0, -12],
  ["lw", 10, 5, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const program = asmProgram(code, undefined, "segment-rows");
const MAX_ROWS = 8;

/** Rows each instruction chip gets in a segment (an op counts for every chip listing it). */
function chipRows(ev: SegmentEvents): number[] {
  const I = ev.instructions;
  return INSTRUCTION_CHIPS.map((c) => {
    let n = 0;
    for (let i = 0; i < I.count; i++) if (c.ops.includes(I.op[i])) n++;
    return n;
  });
}

describe("zkvm: a segment ends when an instruction chip is full", function () {
  this.timeout(600_000);

  it("cuts at maxChipRows rows of the fullest chip, never past it", () => {
    const run = recordRun(program, { segmentCycles: 1 << 10, maxChipRows: MAX_ROWS });
    expect(run.segments.length).to.be.greaterThan(2);
    run.segments.forEach((ev, s) => {
      const rows = chipRows(ev);
      expect(Math.max(...rows), `segment ${s}`).to.be.at.most(MAX_ROWS);
      if (s < run.segments.length - 1) expect(Math.max(...rows), `segment ${s}`).to.equal(MAX_ROWS);
    });
    const whole = recordRun(program, { segmentCycles: 1 << 10 });
    expect(whole.segments.length).to.equal(1);
    expect(run.statement).to.deep.equal(whole.statement);
  });

  it("the run proves and verifies; segmentCycles lists each segment's cycles", async () => {
    const keys = await keysFor(program);
    const run = await proveProgram(keys, program, { segmentCycles: 1 << 10, maxChipRows: MAX_ROWS });
    expect(run.proofs.length).to.equal(1 + run.segmentCycles.length);
    expect(run.segmentCycles.reduce((a, b) => a + b, 0)).to.equal(run.statement.cycles);
    expect(run.segmentCycles.length).to.be.greaterThan(2);
    expect(verifyRun(keys.vk, run.proofs, run.statement)).to.deep.equal({ ok: true });
  });

  it("refuses a maxChipRows that is not a power of two", () => {
    expect(() => recordRun(program, { maxChipRows: 12 })).to.throw(/max chip rows must be a power of two/);
  });
});
