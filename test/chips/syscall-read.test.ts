// The hint read (ecall 63, fd 4): the header chip (count <= a2, a0 := count) and the
// buffer words (hint bytes inside [a1, a1 + count), every other byte unchanged),
// proved end to end with loads and the arithmetic ALU.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import type { Machine } from "../../prover/riscv/machine.ts";
import { MEMORY_AIRS, SEGMENT_AIRS } from "../../prover/chips/run-tables.ts";
import { READ_WORDS_COLUMNS } from "../../prover/chips/syscall-read-words.ts";
import { SYSCALL_READ_COLUMNS } from "../../prover/chips/syscall-read.ts";
import { asmProgram, DATA, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, flipCell, proveOk } from "./harness.ts";

// [offset in DATA, len]: a partial word at both ends, three aligned words, an unaligned
// read cut short by the end of the hints, and a read of nothing (hints exhausted).
const READS: Array<[number, number]> = [[17, 2], [32, 12], [1, 10], [48, 5]];
const HINTS = Uint8Array.from({ length: 21 }, (_, i) => (i * 37 + 5) & 255);
const DATA_BYTES = Uint8Array.from({ length: 64 }, (_, i) => 0xa0 + i);
const LOADED = [0, 4, 8, 16, 20, 32, 36, 40, 44, 48];

function buildProgram() {
  const code: Ins[] = [...li(20, DATA)];
  for (const [off, len] of READS) {
    code.push(["addi", 10, 0, 0, 4], ["addi", 11, 20, 0, off], ["addi", 12, 0, 0, len], ["addi", 17, 0, 0, 63], ["ecall", 0, 0, 0, 0]);
    code.push(["add", 21, 21, 10, 0]); // x21: the sum of the counts
  }
  for (const off of LOADED) code.push(["lw", 22, 20, 0, off], ["add", 21, 21, 22, 0]);
  code.push(["addi", 10, 21, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0]);
  return asmProgram(code, DATA_BYTES.slice(), "syscall-read");
}

/** The exit code the spec gives: the counts plus the loaded words after the reads. */
function expectedExit(): number {
  const mem = DATA_BYTES.slice();
  let pos = 0, sum = 0;
  for (const [off, len] of READS) {
    const count = Math.min(len, HINTS.length - pos);
    mem.set(HINTS.subarray(pos, pos + count), off);
    pos += count;
    sum += count;
  }
  const view = new DataView(mem.buffer);
  for (const off of LOADED) sum += view.getUint32(off, true);
  return sum | 0;
}

const program = buildProgram();
const WORDS = MEMORY_AIRS.length + SEGMENT_AIRS.findIndex((a) => a.name === "rv32.syscall-read-words");
const HEADER = MEMORY_AIRS.length + SEGMENT_AIRS.findIndex((a) => a.name === "rv32.syscall-read");

/** Forge: after the n-th hint read, change the machine. */
function afterRead(n: number, f: (m: Machine) => void) {
  let seen = 0;
  return (_i: number, op: number, m: Machine) => {
    if (op !== OP.ECALL || m.regs[17] !== 63 || seen++ !== n) return;
    f(m);
  };
}

describe("chips: hint read", function () {
  this.timeout(300_000);
  let honest: Awaited<ReturnType<typeof proveOk>>;

  it("proves and verifies reads at unaligned and aligned buffers, cut short and empty", async () => {
    honest = await proveOk(program, { hints: HINTS });
    expect(honest.proof.statement.exitCode).to.equal(expectedExit());
    // 1 + 3 + 2 words (the empty read has none).
    expect(Array.from(honest.tables[WORDS].main[READ_WORDS_COLUMNS.indexOf("isWord")]).filter((x) => x === 1).length).to.equal(6);
  });

  it("the debug checker names the chip, row and constraint of a flipped cell", () => {
    const { run, tables } = honest;
    // Row 0 of the words: the first read's only word, lead 1 (byte 0 is not the read's).
    expect(checkTables(flipCell(tables, WORDS, READ_WORDS_COLUMNS.indexOf("m0"), 0)))
      .to.deep.equal({ table: "rv32.syscall-read-words", constraint: "byte 0 at or past a1", row: 0 });
    expect(checkTables(flipCell(tables, HEADER, SYSCALL_READ_COLUMNS.indexOf("dfLo"), 1)))
      .to.deep.equal({ table: "rv32.syscall-read", constraint: "count + df low limb", row: 1 });
  });

  it("an evil prover's read that returns more than a2 bytes is rejected", async () => {
    const { verdict, failure } = await evilProve(program, afterRead(0, (m) => (m.regs[10] = m.regs[12] + 1)), { hints: HINTS });
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.include({ table: "rv32.syscall-read", constraint: "count + df high limb" });
  });

  it("an evil prover's read that changes a byte before a1 is rejected", async () => {
    const { verdict, failure } = await evilProve(program, afterRead(0, (m) => (m.mem.u8[DATA + 16] ^= 1)), { hints: HINTS });
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.include({ table: "rv32.syscall-read-words", constraint: "byte 0 unchanged outside the read" });
  });

  it("an evil prover's read that writes more bytes than the count it returns is rejected", async () => {
    const { verdict, failure } = await evilProve(program, afterRead(1, (m) => (m.regs[10] -= 1)), { hints: HINTS });
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.include({ table: "rv32.syscall-read-words", constraint: "byte 3 unchanged outside the read" });
  });
});
