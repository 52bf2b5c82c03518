// The arithmetic ALU chip (add, sub, slt, sltu, their immediate forms, lui, auipc,
// fence) and the syscall chip's exit, proved end to end with the memory argument.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import { verifyRun } from "../../prover/zkvm/prove.ts";
import { asmProgram, exitWith, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, forgeRegister, imbalances, keysFor, proveOk, runTables, tableIndex } from "./harness.ts";
import { recordRun } from "../../prover/zkvm/prove.ts";
import { MEMORY_AIRS } from "../../prover/chips/run-tables.ts";
import { ALU_ARITH_COLUMNS } from "../../prover/chips/alu-arith.ts";

const code: Ins[] = [
  ...li(5, 0x7fffffff), ...li(6, -7), ...li(7, 0x80000000),
  ["add", 8, 5, 5, 0],      // signed overflow wraps
  ["add", 9, 6, 7, 0],      // carry out of 32 bits
  ["sub", 10, 6, 5, 0],     // borrow
  ["sub", 11, 5, 5, 0],
  ["slt", 12, 6, 5, 0], ["slt", 13, 5, 6, 0], ["slt", 14, 7, 6, 0], ["slt", 15, 6, 6, 0],
  ["sltu", 16, 6, 5, 0], ["sltu", 17, 5, 6, 0], ["sltu", 18, 0, 6, 0],
  ["addi", 19, 6, 0, -2048], ["addi", 20, 5, 0, 2047],
  ["slti", 21, 6, 0, -6], ["slti", 22, 6, 0, -8], ["sltiu", 23, 6, 0, -1], ["sltiu", 24, 0, 0, 1],
  ["add", 0, 5, 6, 0], ["addi", 0, 0, 0, 5], ["add", 25, 0, 0, 0], // x0 writes do not stick
  ["lui", 26, 0, 0, 0xfffff000 | 0], ["auipc", 27, 0, 0, 0x12345000], ["fence", 0, 0, 0, 0],
  ["add", 28, 8, 9, 0], ["add", 28, 28, 10, 0], ["add", 28, 28, 12, 0], ["add", 28, 28, 25, 0],
  ["addi", 10, 28, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const program = asmProgram(code, undefined, "alu-arith");

describe("chips: arithmetic ALU", function () {
  this.timeout(300_000);

  it("proves and verifies a run through every op, with the edge cases", async () => {
    const { proof } = await proveOk(program);
    expect(proof.statement.exitCode).to.equal(((0x7fffffff * 2) + (-7 + 0x80000000) + (-7 - 0x7fffffff) + 1) | 0);
  });

  it("rejects the proof under another statement: exit code, cycles, input, entry", async () => {
    const { keys, proof } = await proveOk(asmProgram(exitWith(3), undefined, "exit3"));
    const s = proof.statement;
    for (const bad of [{ ...s, exitCode: 4 }, { ...s, cycles: s.cycles + 1 }, { ...s, input: Uint8Array.of(1) }, { ...s, entry: s.entry + 4 }]) {
      const r = verifyRun(keys.vk, proof.proofs, bad);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.check).to.equal("statement");
    }
  });

  it("the debug checker names the chip, row and constraint of a flipped cell", async () => {
    const { run, tables } = await proveOk(program);
    const alu = tableIndex(tables, "rv32.alu-arith");
    const t = flipCell(tables, alu, ALU_ARITH_COLUMNS.indexOf("sLo"), 7);
    expect(checkTables(t)).to.deep.equal({ table: "rv32.alu-arith", constraint: "adder low limb", row: 7 });
    // A cell that only a bus reads: the bus debugger names the unmatched tuples.
    const u = flipCell(tables, alu, ALU_ARITH_COLUMNS.indexOf("rd.prevLo"), 7);
    expect(checkTables(u)).to.equal(null);
    const bad = imbalances(u, run);
    expect(bad.length).to.be.greaterThan(0);
    expect(bad.every((b) => b.bus === "rv32.memory")).to.equal(true);
  });

  it("an AUIPC operand spelled as pc + p (16-bit limbs, same field value) is caught by the high limb's bound", async () => {
    const P = 2013265921;
    const auipc = asmProgram([["auipc", 10, 0, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0]], undefined, "auipc-wrap");
    const keys = await keysFor(auipc);
    const run = recordRun(auipc, {}, forgeRegister(OP.AUIPC, () => 10, (v) => (v + P) | 0));
    const tables = runTables(keys, run);
    const alu = tableIndex(tables, "rv32.alu-arith");
    const bytes = tables.findIndex((t, i) => i >= MEMORY_AIRS.length && t.air.name === "rv32.bytes");
    const col = (n: string) => tables[alu].main[ALU_ARITH_COLUMNS.indexOf(n)];
    const row = col("isAUIPC").indexOf(1);
    const a = (0x10000 + P) >>> 0, range = tables[bytes].main[1];
    range[col("aLo")[row]]--; range[col("aHi")[row]]--; range[col("aHi")[row] * 8]--;
    col("aLo")[row] = a & 0xffff; col("aHi")[row] = a >>> 16; col("aRest")[row] = (a >>> 16) & 0x7fff;
    col("sa")[row] = a >>> 31; col("k0")[row] = 0; col("k1")[row] = 0;
    range[a & 0xffff]++; range[a >>> 16]++;
    expect(checkTables(tables)).to.equal(null);
    const bad = imbalances(tables, run);
    expect(bad.map((b) => [b.bus, b.tuple])).to.deep.equal([["rv32.range16", [((a >>> 16) * 8) % P]]]);
  });

  for (const [name, op] of [["add", OP.ADD], ["sub", OP.SUB], ["slt", OP.SLT], ["sltu", OP.SLTU], ["addi", OP.ADDI], ["lui", OP.LUI], ["auipc", OP.AUIPC]] as const) {
    it(`an evil prover's ${name} that returns result + 1 is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeRegister(op, (m) => rdOf(m), (v) => (v + 1) | 0), {}, proveForgery("alu-arith"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure?.table).to.equal("rv32.alu-arith");
    });
  }
});

/** rd of the instruction that just ran: the one before pc (these programs do not jump). */
function rdOf(m: import("../../prover/riscv/machine.ts").Machine): number {
  const i = (m.pc - 4 - m.program.codeStart) >>> 2;
  return (m.program.code[i] >>> 8) & 63;
}
