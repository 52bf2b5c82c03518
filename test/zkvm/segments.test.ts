// A run proved in several segments under one shared challenge: a value stored in the
// first segment is loaded in the last; segments may come in any order; a dropped,
// repeated or foreign segment, or a changed share, is rejected.
import { expect } from "chai";
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";
import { keysFor } from "../chips/harness.ts";
import { proveProgram, proveRecorded, recordRun, verifyRun } from "../../prover/zkvm/prove.ts";
import { KIND_RW } from "../../prover/chips/events.ts";
import type { StarkProof } from "../../prover/stark/index.ts";

// Stores 0x1234 + input byte, loops 10 times, loads the word back and exits with it.
const code: Ins[] = [
  ["addi", 28, 0, 0, 1], // skipped by the run that enters one instruction later
  ...li(5, DATA), ...li(6, 0x1234), ...li(9, 0x20000004),
  ["lbu", 10, 9, 0, 0], ["add", 6, 6, 10, 0],
  ["sw", 0, 5, 6, 0],
  ["addi", 7, 0, 0, 10],
  ["addi", 7, 7, 0, -1], ["bne", 0, 7, 0, -4],
  ["lw", 10, 5, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const program = asmProgram(code, undefined, "segments");

describe("zkvm: segments under a shared challenge", function () {
  this.timeout(600_000);
  let proofs: StarkProof[];
  let statement: Awaited<ReturnType<typeof proveProgram>>["statement"];
  let vk: Awaited<ReturnType<typeof keysFor>>["vk"];

  before(async () => {
    const keys = await keysFor(program);
    vk = keys.vk;
    const run = await proveProgram(keys, program, { input: Uint8Array.of(7), segmentCycles: 8 });
    proofs = run.proofs;
    statement = run.statement;
  });

  it("proves a run of several segments; memory written in one segment is read in another", () => {
    expect(statement.exitCode).to.equal(0x1234 + 7);
    expect(proofs.length).to.equal(1 + Math.ceil(statement.cycles / 8));
    expect(proofs.length).to.be.greaterThan(3);
    expect(verifyRun(vk, proofs, statement)).to.deep.equal({ ok: true });
  });

  it("accepts the segments in any order (the shares add up order-independently)", () => {
    const [memory, ...segs] = proofs;
    expect(verifyRun(vk, [memory, ...segs.reverse()], statement)).to.deep.equal({ ok: true });
  });

  it("rejects a dropped, a repeated and a swapped-out segment", () => {
    const [memory, ...segs] = proofs;
    for (const bad of [[memory, ...segs.slice(1)], [memory, ...segs, segs[1]], [memory, segs[0], segs[0], ...segs.slice(2)]]) {
      expect(verifyRun(vk, bad, statement).ok).to.equal(false);
    }
    expect(verifyRun(vk, segs, statement).ok).to.equal(false); // no memory proof
  });

  it("rejects a segment from another run of the same program, and a changed share", async () => {
    const keys = await keysFor(program);
    const other = await proveProgram(keys, program, { input: Uint8Array.of(8), segmentCycles: 8 });
    const mixed = [...proofs];
    mixed[mixed.length - 1] = other.proofs[other.proofs.length - 1];
    expect(verifyRun(vk, mixed, statement).ok).to.equal(false);
    const root = proofs[1].mainRoot!.slice();
    root[0] ^= 1;
    const r = verifyRun(vk, [proofs[0], { ...proofs[1], mainRoot: root }, ...proofs.slice(2)], statement);
    expect(r.ok).to.equal(false);
  });

  it("rejects a run that starts elsewhere in the same code (same STARK keys, another entry)", async () => {
    // Entering one instruction later skips the first addi: the code and image, hence both
    // STARK keys, are those of the program; only the entry differs.
    const shifted = asmProgram(code, undefined, "segments-shifted", program.entry + 4);
    const other = await keysFor(shifted);
    expect(other.vk.segment.digest).to.deep.equal(vk.segment.digest);
    const run = await proveProgram(other, shifted, { input: Uint8Array.of(7), segmentCycles: 8 });
    expect(verifyRun(other.vk, run.proofs, run.statement)).to.deep.equal({ ok: true });
    const r = verifyRun(vk, run.proofs, run.statement);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("statement");
  });

  it("rejects a segment proof whose own STARK check fails, though its root, share and bus sums are intact", () => {
    const bad = structuredClone(proofs[2]);
    bad.friFinalPoly[0] = (bad.friFinalPoly[0] + 1) % 2013265921;
    const r = verifyRun(vk, [...proofs.slice(0, 2), bad, ...proofs.slice(3)], statement);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.reason).to.match(/^segment 1: /);
  });

  it("rejects a run whose final memory was forged (every proof valid, the buses do not balance)", async () => {
    const keys = await keysFor(program);
    const run = recordRun(program, { input: Uint8Array.of(7), segmentCycles: 8 });
    // The data word's last value as the memory proof consumes it: 0x1234 + 7 -> + 1.
    const key = KIND_RW * 4294967296 + DATA;
    run.state.value.set(key, (run.state.value.get(key)! + 1) >>> 0);
    const forged = await proveRecorded(keys, run);
    const r = verifyRun(vk, forged.proofs, forged.statement);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("bus");
  });

  it("rejects the statement of the other run (another input) with these proofs", () => {
    const r = verifyRun(vk, proofs, { ...statement, input: Uint8Array.of(8), exitCode: 0x1234 + 8 });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("statement");
  });
});
