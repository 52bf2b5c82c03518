// Runs that must stop with an error naming the pc and the instruction: misaligned
// accesses, jumps to unmapped or misaligned addresses, illegal instructions, bad
// syscalls, writes to read-only memory, the cycle limit, a wrong output digest. Each
// case is selected by the first input word of fixtures/asm/faults.S; both emulators
// must fail identically (same message, pc and cycle count). Twins that must pass sit
// beside them.
import { expect } from "chai";
import type { GuestErrorKind } from "../../prover/riscv/errors.ts";
import { failBoth, fixtureProgram, runBoth, u32le } from "./helpers.ts";

const CASE = {
  ok: 0, lwMisaligned: 1, lhMisaligned: 2, swMisaligned: 3, shMisaligned: 4, alignedTwin: 5,
  jumpUnmapped: 6, jumpMisaligned: 7, jalMisaligned: 8, illegalZero: 9, illegalCsr: 10, illegalSlli32: 11,
  ebreak: 12, badSyscall: 13, storeCode: 14, loadLow: 15, storeInput: 16, stackOverflow: 17, forever: 18,
  writeBadFd: 19, readBadFd: 20, storeTop: 21, badDigest: 22, misalignedDigest: 23, fetchData: 24,
  writeUnmappedBuf: 25, readIntoCode: 26, loadGap: 27, stackOk: 28, heapOk: 29, exitCode: 30, loadTop: 31,
  branchMisaligned: 32,
};

const faults: [keyof typeof CASE, GuestErrorKind, RegExp][] = [
  ["lwMisaligned", "misaligned-access", /^misaligned load from 0x10000001: lw a0, 1\(t0\) \(pc 0x[0-9a-f]{8}, after 11 cycles\)$/],
  ["lhMisaligned", "misaligned-access", /^misaligned load from 0x10000003: lh a0, 3\(t0\)/],
  ["swMisaligned", "misaligned-access", /^misaligned store to 0x10000002: sw a0, 2\(t0\)/],
  ["shMisaligned", "misaligned-access", /^misaligned store to 0x10000001: sh a0, 1\(t0\)/],
  ["jumpUnmapped", "fetch-fault", /^no executable code at 0x00000100 \(jumped from 0x[0-9a-f]{8}: jalr zero, 0\(t0\)\)/],
  ["jumpMisaligned", "fetch-fault", /^misaligned instruction address 0x[0-9a-f]{7}[26ae] \(jumped from .*jalr zero, 0\(t0\)\)/],
  ["jalMisaligned", "fetch-fault", /^misaligned instruction address .* \(jumped from .*: jal zero, /],
  ["branchMisaligned", "fetch-fault", /^misaligned instruction address .* \(jumped from .*: beq zero, zero, /],
  ["fetchData", "fetch-fault", /^no executable code at 0x10000000 \(jumped from/],
  ["illegalZero", "illegal-instruction", /^illegal instruction 0x00000000: all-zero memory, not code \(pc/],
  ["illegalCsr", "illegal-instruction", /^illegal instruction 0xb0002573: a CSR instruction \(csrrs a0, mcycle, zero\); RV32IM has no CSRs/],
  ["illegalSlli32", "illegal-instruction", /^illegal instruction 0x02009093/],
  ["ebreak", "ebreak", /^breakpoints are not supported: ebreak/],
  ["badSyscall", "bad-syscall", /^unknown syscall 999 \(a7\): ecall \(pc 0x[0-9a-f]{8}/],
  ["writeBadFd", "bad-syscall", /^write to fd 7: only fds 1, 2 \(debug\) and 3/],
  ["readBadFd", "bad-syscall", /^read from fd 0: only fd 4 \(hints\)/],
  ["storeCode", "access-fault", /^store to read-only memory at 0x00010000: sw zero, 0\(t0\)/],
  ["storeInput", "access-fault", /^store to read-only memory at 0x20000000/],
  ["stackOverflow", "access-fault", /^store to read-only memory at 0x27fffffc: sw ra, 12\(sp\)/],
  ["loadLow", "access-fault", /^load from unmapped memory at 0x00000100/],
  ["loadGap", "access-fault", /^load from unmapped memory at 0x1ff00000/],
  ["storeTop", "access-fault", /^store to unmapped memory at 0x30000000/],
  ["loadTop", "access-fault", /^load from unmapped memory at 0x30000000/],
  ["writeUnmappedBuf", "access-fault", /^syscall reads unmapped memory at 0x00001000: ecall/],
  ["readIntoCode", "access-fault", /^syscall writes read-only memory at 0x00010000: ecall/],
  ["badDigest", "output-digest", /public-output digest .* is e3b0c442.*but sha256 of the 1 public-output bytes is 3f39d5c3/],
  ["misalignedDigest", "misaligned-access", /^exit: the output-digest address a1 = 0x10000002 is not 4-byte aligned/],
];

describe("guest faults", () => {
  const p = () => fixtureProgram("faults");
  const hints = new Uint8Array([1, 2, 3, 4]);

  for (const [name, kind, message] of faults) {
    it(`${name}: ${kind}`, () => {
      const e = failBoth(p(), { input: u32le(CASE[name]), hints });
      expect(e.kind).to.equal(kind);
      expect(e.message).to.match(message);
    });
  }

  it("the cycle limit stops an endless loop with a clear error", () => {
    const e = failBoth(p(), { input: u32le(CASE.forever), maxCycles: 10_000 });
    expect(e.kind).to.equal("cycle-limit");
    expect(e.message).to.match(/^cycle limit of 10000 reached before the guest exited/);
    expect(e.cycles).to.equal(10_000);
  });

  it("the cycle limit is exact across segment boundaries", () => {
    const e = failBoth(p(), { input: u32le(CASE.forever), maxCycles: 1000, segmentCycles: 64 });
    expect(e.cycles).to.equal(1000);
  });

  const twins: [keyof typeof CASE, number][] = [["ok", 0], ["alignedTwin", 0], ["stackOk", 0], ["heapOk", 0], ["exitCode", 7]];
  for (const [name, exitCode] of twins) {
    it(`${name} passes (negative twin)`, () => {
      const r = runBoth(p(), { input: u32le(CASE[name]) });
      expect(r.exitCode).to.equal(exitCode);
    });
  }

  it("a program that just stops at the cycle limit is fine when it exits first", () => {
    const r = runBoth(p(), { input: u32le(CASE.ok), maxCycles: 13 });
    expect(r.cycles).to.equal(13);
    const e = failBoth(p(), { input: u32le(CASE.ok), maxCycles: 12 });
    expect(e.kind).to.equal("cycle-limit");
  });
});
