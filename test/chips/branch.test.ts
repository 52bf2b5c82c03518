// The branch and jump chip (beq, bne, blt, bge, bltu, bgeu, jal, jalr), proved end to
// end with the arithmetic ALU and the syscall chip's exit.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import type { Machine } from "../../prover/riscv/machine.ts";
import { MEMORY_AIRS, SEGMENT_AIRS } from "../../prover/chips/run-tables.ts";
import { BRANCH_COLUMNS } from "../../prover/chips/branch.ts";
import { asmProgram, li, TEXT, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, forgeRegister, imbalances, proveOk } from "./harness.ts";

// x5 = INT_MAX, x6 = -7, x7 = INT_MIN, x8 = x9 = 5, x10 = 0x10005 (same low limb as 5),
// x11 = 0x10000, x12 = 0xffff (a borrow between the limbs).
const SETUP: Ins[] = [
  ...li(5, 0x7fffffff), ...li(6, -7), ...li(7, 0x80000000), ...li(8, 5), ...li(9, 5),
  ...li(10, 0x10005), ...li(11, 0x10000), ...li(12, 0xffff),
];

// [op, rs1, rs2, taken]: each becomes x28 = 2·x28, then the branch over x28 += 1.
const BRANCH_CASES: Array<[string, number, number, boolean]> = [
  ["beq", 8, 9, true], ["beq", 8, 6, false], ["beq", 8, 10, false], ["beq", 0, 0, true],
  ["bne", 8, 9, false], ["bne", 5, 7, true], ["bne", 10, 8, true],
  ["blt", 6, 5, true], ["blt", 5, 6, false], ["blt", 7, 6, true], ["blt", 6, 6, false], ["blt", 7, 5, true],
  ["bge", 6, 6, true], ["bge", 5, 7, true], ["bge", 7, 5, false], ["bge", 6, 0, false],
  ["bltu", 5, 6, true], ["bltu", 6, 5, false], ["bltu", 0, 8, true], ["bltu", 8, 0, false], ["bltu", 12, 11, true],
  ["bgeu", 7, 5, true], ["bgeu", 0, 8, false], ["bgeu", 0, 0, true], ["bgeu", 11, 12, true],
];

const POISON: Ins = ["addi", 29, 29, 0, 1000]; // runs only if control flow went wrong

function buildProgram() {
  const code: Ins[] = [...SETUP];
  const pc = () => TEXT + 4 * code.length;
  for (const [op, rs1, rs2] of BRANCH_CASES) code.push(["add", 28, 28, 28, 0], [op, 0, rs1, rs2, 8], ["addi", 28, 28, 0, 1]);
  // Targets equal to pc + 4, taken and not: the next pc does not show the decision.
  code.push(["beq", 0, 8, 8, 4], ["bne", 0, 8, 8, 4]);
  // A backward branch: x14 counts three loop turns.
  code.push(...li(13, 3), ["addi", 14, 14, 0, 1], ["addi", 13, 13, 0, -1], ["bne", 0, 13, 0, -8]);
  const links: number[] = [];
  // jal x1 over the poison; jal x0 (the link goes to the sink).
  links.push(pc() + 4); code.push(["jal", 1, 0, 0, 8], POISON);
  code.push(["jal", 0, 0, 0, 8], POISON);
  // jalr x16, x15, 13: an odd sum, bit 0 cleared, lands after the poison.
  const a = pc(); code.push(["auipc", 15, 0, 0, 0]); links.push(pc() + 4); code.push(["jalr", 16, 15, 0, 13], POISON);
  expect(pc()).to.equal(a + 12);
  // jalr x15, x15, -100 (rd = rs1; a negative immediate carries through both limbs).
  const b = pc(); code.push(["auipc", 15, 0, 0, 0], ["addi", 15, 15, 0, 116]); links.push(pc() + 4); code.push(["jalr", 15, 15, 0, -100], POISON);
  expect(pc()).to.equal(b + 16);
  // jalr x0 (the sink).
  code.push(["auipc", 19, 0, 0, 0], ["jalr", 0, 19, 0, 12], POISON);
  code.push(
    ["add", 10, 28, 29, 0], ["add", 10, 10, 1, 0], ["add", 10, 10, 16, 0], ["add", 10, 10, 15, 0], ["add", 10, 10, 14, 0],
    ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
  );
  const bits = BRANCH_CASES.reduce((acc, [, , , taken]) => (acc * 2 + (taken ? 0 : 1)) >>> 0, 0);
  return { program: asmProgram(code, undefined, "branch"), expected: (bits + links.reduce((s, l) => s + l, 0) + 3) | 0 };
}

const { program, expected } = buildProgram();
const TABLE = MEMORY_AIRS.length + SEGMENT_AIRS.findIndex((a) => a.name === "rv32.branch");
const col = (n: string) => BRANCH_COLUMNS.indexOf(n);

/** Forge: after the first instruction with op `op`, move the pc by `delta`. */
function forgePc(op: number, delta: number) {
  let done = false;
  return (_i: number, o: number, m: Machine) => {
    if (done || o !== op) return;
    done = true;
    m.pc = (m.pc + delta) >>> 0;
  };
}

describe("chips: branches and jumps", function () {
  this.timeout(300_000);
  let honest: Awaited<ReturnType<typeof proveOk>>;

  it("proves and verifies a run through every branch and jump, with the edge cases", async () => {
    honest = await proveOk(program);
    expect(honest.proof.statement.exitCode).to.equal(expected);
    expect(honest.tables[TABLE].main[0].length).to.be.greaterThan(0);
  });

  it("the debug checker names the chip, row and constraint of a flipped cell", async () => {
    const { run, tables } = honest;
    // Row 0 is the first branch (beq x8, x9: taken).
    expect(checkTables(flipCell(tables, TABLE, col("taken"), 0))).to.deep.equal({ table: "rv32.branch", constraint: "taken", row: 0 });
    expect(checkTables(flipCell(tables, TABLE, col("sLo"), 1))).to.deep.equal({ table: "rv32.branch", constraint: "adder low limb", row: 1 });
    // A bus-only cell: the bus debugger names the unmatched tuples.
    const jalRow = tables[TABLE].main[col("isJAL")].indexOf(1);
    const u = flipCell(tables, TABLE, col("r2.prevLo"), jalRow);
    expect(checkTables(u)).to.equal(null);
    const bad = imbalances(u, run);
    expect(bad.length).to.be.greaterThan(0);
    expect(bad.every((x) => x.bus === "rv32.memory")).to.equal(true);
  });

  // The first case of an op, its decision flipped (+8 target vs pc + 4): equality both
  // ways, the signed and the unsigned comparison (one op each, to keep the proofs few).
  for (const name of ["beq", "bne", "blt", "bgeu"]) {
    const taken = BRANCH_CASES.find(([op]) => op === name)![3];
    it(`an evil prover's ${name} that ${taken ? "falls through" : "is taken"} against its operands is rejected`, async () => {
      const op = OP[name.toUpperCase() as keyof typeof OP];
      const { verdict, failure, unbalanced } = await evilProve(program, forgePc(op, taken ? -4 : 4), {}, proveForgery("branch"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure).to.deep.include({ table: "rv32.branch", constraint: "taken" });
    });
  }

  for (const [name, op, rd] of [["jal", OP.JAL, 1], ["jalr", OP.JALR, 16]] as const) {
    it(`an evil prover's ${name} that links pc + 8 is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeRegister(op, () => rd, (v) => (v + 4) | 0), {}, proveForgery("branch"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure).to.deep.include({ table: "rv32.branch", constraint: "link is pc + 4" });
    });
  }

  it("an evil prover's jalr to another target is rejected", async () => {
    const { verdict, failure } = await evilProve(program, forgePc(OP.JALR, 4));
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.include({ table: "rv32.branch", constraint: "jalr target" });
  });

  it("an evil prover's jal to another target leaves the execution bus unbalanced", async () => {
    const { verdict, failure, unbalanced } = await evilProve(program, forgePc(OP.JAL, 4));
    expect(verdict.ok).to.equal(false);
    expect(failure).to.equal(null);
    expect(unbalanced.some((x) => x.bus === "rv32.exec")).to.equal(true);
  });
});
