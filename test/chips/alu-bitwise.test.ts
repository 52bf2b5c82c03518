// The bitwise ALU chip (xor, or, and and their immediate forms), proved end to end.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import { ALU_BITWISE_COLUMNS } from "../../prover/chips/alu-bitwise.ts";
import { asmProgram, exitWith, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, imbalances, proveOk, tableIndex } from "./harness.ts";
import { forgeNthResult } from "./forge-rd.ts";

const X1 = 0x12345678, X2 = 0xf0f0f0f0;
const code: Ins[] = [
  ...li(1, X1), ...li(2, X2 | 0), ...li(3, -1),
  ["xor", 12, 1, 2, 0], ["xor", 13, 2, 2, 0], ["xor", 14, 1, 3, 0],
  ["or", 15, 1, 2, 0], ["or", 16, 0, 2, 0],
  ["and", 18, 1, 2, 0], ["and", 19, 2, 3, 0], ["and", 20, 1, 0, 0],
  ["xori", 21, 1, 0, -1], ["xori", 22, 2, 0, 2047], ["xori", 23, 1, 0, -2048],
  ["ori", 24, 1, 0, -2048], ["ori", 25, 0, 0, 0x555],
  ["andi", 26, 2, 0, -1], ["andi", 27, 1, 0, 0x7ff], ["andi", 28, 2, 0, -2048],
  ["xor", 0, 1, 2, 0], ["ori", 0, 1, 0, 1], ["or", 29, 0, 0, 0], // x0 writes do not stick
  ...exitWith(0),
];
const program = asmProgram(code, undefined, "alu-bitwise");

/** rd -> the value the spec gives (immediates sign-extended from 12 bits). */
const EXPECTED: Array<[number, number]> = [
  [12, 0xe2c4a688], [13, 0], [14, 0xedcba987], [15, 0xf2f4f6f8], [16, X2], [18, 0x10305070], [19, X2], [20, 0],
  [21, 0xedcba987], [22, 0xf0f0f70f], [23, 0xedcbae78], [24, 0xfffffe78], [25, 0x555], [26, X2], [27, 0x678],
  [28, 0xf0f0f000], [29, 0],
];

const col = (n: string) => ALU_BITWISE_COLUMNS.indexOf(n);

describe("chips: bitwise ALU", function () {
  this.timeout(600_000);

  let honest: Awaited<ReturnType<typeof proveOk>> | undefined;

  it("proves and verifies a run through every op, with the edge cases", async () => {
    honest = await proveOk(program);
    const { run, tables } = honest;
    const TABLE = tableIndex(tables, "rv32.alu-bitwise");
    for (const [reg, v] of EXPECTED) expect(run.state.value.get(reg), `x${reg}`).to.equal(v);
    expect(tables[TABLE].main[0].length).to.be.greaterThan(0);
  });

  it("the debug checker names the constraint of a flipped cell; the bus debugger a byte's", async () => {
    const { run, tables } = honest ?? (await proveOk(program));
    const TABLE = tableIndex(tables, "rv32.alu-bitwise");
    const andRow = tables[TABLE].main[col("isAND")].indexOf(1);
    const t = flipCell(tables, TABLE, col("rHi"), 2);
    expect(checkTables(t)).to.deep.equal({ table: "rv32.alu-bitwise", constraint: "result high limb", row: 2 });
    // On an AND row the operand bytes only reach the buses (memory and byte lookups).
    const u = flipCell(tables, TABLE, col("x0"), andRow);
    expect(checkTables(u)).to.equal(null);
    const buses = new Set(imbalances(u, run).map((b) => b.bus));
    expect([...buses].sort()).to.deep.equal(["rv32.byte", "rv32.memory"]);
  });

  const cases: Array<[string, number, (v: number) => number, string]> = [
    ["xor returning result + 1", OP.XOR, (v) => (v + 1) | 0, "result low limb"],
    ["or with bit 31 flipped", OP.OR, (v) => v ^ 0x80000000, "result high limb"],
    ["and returning result + 1", OP.AND, (v) => (v + 1) | 0, "result low limb"],
    ["xori with bit 16 flipped", OP.XORI, (v) => v ^ 0x10000, "result high limb"],
    ["ori returning result + 1", OP.ORI, (v) => (v + 1) | 0, "result low limb"],
    ["andi with bit 0 flipped", OP.ANDI, (v) => v ^ 1, "result low limb"],
  ];
  for (const [what, op, forged, constraint] of cases) {
    it(`rejects an evil prover's ${what}`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeNthResult(op, 0, forged), {}, proveForgery("alu-bitwise"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure?.table).to.equal("rv32.alu-bitwise");
      expect(failure?.constraint).to.equal(constraint);
    });
  }
});
