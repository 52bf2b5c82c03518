// The multiply/divide chip (mul, mulh, mulhsu, mulhu, div, divu, rem, remu), proved end
// to end with the memory argument: the spec's edge cases (signs of the high products,
// division by zero, signed overflow), flipped cells, and evil provers per op.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import type { Machine } from "../../prover/riscv/machine.ts";
import { MEMORY_AIRS, SEGMENT_AIRS } from "../../prover/chips/run-tables.ts";
import { MULDIV_COLUMNS } from "../../prover/chips/muldiv.ts";
import { asmProgram, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, imbalances, proveOk } from "./harness.ts";

const M32 = 0xffffffffn;
const s32 = (v: bigint) => BigInt.asIntN(32, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);

/** The RISC-V M extension's results, as a reference (BigInt, independent of the chip). */
function reference(op: string, a: number, b: number): number {
  const sa = s32(BigInt(a)), sb = s32(BigInt(b)), ua = u32(BigInt(a)), ub = u32(BigInt(b));
  const r = ((): bigint => {
    switch (op) {
      case "mul": return sa * sb;
      case "mulh": return (sa * sb) >> 32n;
      case "mulhsu": return (sa * ub) >> 32n;
      case "mulhu": return (ua * ub) >> 32n;
      case "div": return sb === 0n ? -1n : sa === -(2n ** 31n) && sb === -1n ? sa : sa / sb;
      case "divu": return ub === 0n ? M32 : ua / ub;
      case "rem": return sb === 0n ? sa : sa === -(2n ** 31n) && sb === -1n ? 0n : sa % sb;
      case "remu": return ub === 0n ? ua : ua % ub;
    }
    throw new Error(op);
  })();
  return Number(u32(r));
}

const MIN = 0x80000000 | 0, MAX = 0x7fffffff;
const CASES: Array<[string, number, number]> = [
  ["mul", MAX, MAX], ["mul", -1, -1], ["mul", MIN, -1], ["mul", 123456, -789], ["mul", 0xffff, 0x10001],
  ["mulh", -1, -1], ["mulh", MIN, MIN], ["mulh", MIN, MAX], ["mulh", 3, -5], ["mulh", MAX, MAX], ["mulh", 0, -1],
  ["mulhsu", -1, -1], ["mulhsu", MIN, -1], ["mulhsu", 5, -1], ["mulhsu", -3, 2], ["mulhsu", MAX, MIN],
  ["mulhu", -1, -1], ["mulhu", MIN, 2], ["mulhu", 12345, 678], ["mulhu", -2, MIN],
  ["div", 7, 2], ["div", -7, 2], ["div", 7, -2], ["div", -7, -2], ["div", 5, 0], ["div", MIN, -1], ["div", 0, 5],
  ["div", MIN, 1], ["div", -1, MIN], ["div", MIN, MIN], ["div", -8, 0],
  ["divu", -1, 2], ["divu", 5, 0], ["divu", 5, -1], ["divu", MIN, MIN], ["divu", -1, 1],
  ["rem", -7, 2], ["rem", 7, -2], ["rem", -7, -2], ["rem", 5, 0], ["rem", MIN, -1], ["rem", -8, 2], ["rem", MIN, 0],
  ["rem", MIN, MAX], ["rem", 7, 3],
  ["remu", -1, 10], ["remu", 5, 0], ["remu", 7, 3], ["remu", 3, 7], ["remu", -1, MIN],
];

/** Each case: li x5, a; li x6, b; op x7, x5, x6; x29 += x7. Then a few register shapes. */
const code: Ins[] = [
  ...CASES.flatMap(([op, a, b]): Ins[] => [...li(5, a), ...li(6, b), [op, 7, 5, 6, 0], ["add", 29, 29, 7, 0]]),
  ...li(5, -7), ...li(6, 3),
  ["mul", 0, 5, 6, 0],      // x0 write does not stick
  ["div", 8, 5, 5, 0],      // rs1 = rs2
  ["rem", 5, 5, 6, 0],      // rd = rs1
  ["add", 29, 29, 8, 0], ["add", 29, 29, 5, 0], ["add", 29, 29, 0, 0],
  ["addi", 10, 29, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const program = asmProgram(code, undefined, "muldiv");
const expectedExit = (CASES.reduce((s, [op, a, b]) => s + reference(op, a, b), 0) + 1 + reference("rem", -7, 3)) | 0;

const TABLE = MEMORY_AIRS.length + SEGMENT_AIRS.findIndex((a) => a.name === "rv32.muldiv");
const col = (n: string) => MULDIV_COLUMNS.indexOf(n);

/** Decoded fields of the instruction that just ran (these programs do not jump). */
function justRan(m: Machine) {
  const w = m.program.code[(m.pc - 4 - m.program.codeStart) >>> 2];
  return { rd: (w >>> 8) & 63, rs1: (w >>> 16) & 31, rs2: (w >>> 24) & 31 };
}

/** Forge: after the first `op` whose operands are (a, b) (any when omitted), rd := f(rd, a, b). */
function forgeResult(op: number, f: (v: number, a: number, b: number) => number, operands?: [number, number]) {
  let done = false;
  return (_i: number, o: number, m: Machine) => {
    if (done || o !== op) return;
    const { rd, rs1, rs2 } = justRan(m);
    const a = m.regs[rs1] | 0, b = m.regs[rs2] | 0;
    if (operands && (operands[0] !== a || operands[1] !== b)) return;
    done = true;
    m.regs[rd] = f(m.regs[rd], a, b) | 0;
  };
}

/** Row of the chip holding case (op, a, b): one chip row per case, in program order. */
function rowOf(op: string, a: number, b: number): number {
  const k = CASES.findIndex(([o, x, y]) => o === op && x === a && y === b);
  if (k < 0) throw new Error("no such case");
  return k;
}

describe("chips: multiply/divide", function () {
  this.timeout(600_000);
  let honest: Awaited<ReturnType<typeof proveOk>>;

  it("proves and verifies a run through every op, with the edge cases", async () => {
    honest = await proveOk(program);
    expect(honest.proof.statement.exitCode).to.equal(expectedExit);
    expect(honest.tables[TABLE].main[col("isMUL")].reduce((s, v) => s + v, 0)).to.equal(6);
  });

  it("the debug checker names the row and constraint of a flipped cell", () => {
    const { run, tables } = honest;
    const mulh = rowOf("mulh", 3, -5);
    expect(checkTables(flipCell(tables, TABLE, col("z2"), mulh))).to.deep.equal({ table: "rv32.muldiv", constraint: "product limb 2", row: mulh });
    const div = rowOf("div", 7, 2);
    expect(checkTables(flipCell(tables, TABLE, col("ovf"), div))).to.deep.equal({ table: "rv32.muldiv", constraint: "overflow needs a = -2^31 (low)", row: div });
    expect(checkTables(flipCell(tables, TABLE, col("bz"), div))).to.deep.equal({ table: "rv32.muldiv", constraint: "bz only when b = 0", row: div });
    // ovf cleared on the real overflow row: no quotient fits the 64-bit relation.
    const ovf = rowOf("div", MIN, -1);
    const cleared = flipCell(tables, TABLE, col("ovf"), ovf);
    cleared[TABLE].main[col("ovf")][ovf] = 0;
    expect(checkTables(cleared)).to.deep.equal({ table: "rv32.muldiv", constraint: "dividend z2 is the sign extension", row: ovf });
    // A cell that only a bus reads: the bus debugger names the unmatched tuples.
    const u = flipCell(tables, TABLE, col("rd.prevLo"), div);
    expect(checkTables(u)).to.equal(null);
    const bad = imbalances(u, run);
    expect(bad.length).to.be.greaterThan(0);
    expect(bad.every((x) => x.bus === "rv32.memory")).to.equal(true);
  });

  for (const [name, op] of [["mul", OP.MUL], ["mulh", OP.MULH], ["mulhsu", OP.MULHSU], ["mulhu", OP.MULHU]] as const) {
    it(`an evil prover's ${name} that returns result + 1 is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeResult(op, (v) => v + 1), {}, proveForgery("muldiv"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure?.table).to.equal("rv32.muldiv");
      expect(failure?.constraint).to.match(/^product limb [0-3]$/);
    });
  }

  for (const [name, op] of [["div", OP.DIV], ["divu", OP.DIVU]] as const) {
    it(`an evil prover's ${name} by zero that returns 0 is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeResult(op, () => 0, [5, 0]), {}, proveForgery("muldiv"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure).to.deep.include({ table: "rv32.muldiv", constraint: "division by zero quotient (low)" });
    });
  }

  it("an evil prover's remu that returns r + b (with q - 1) is rejected by the remainder bound", async () => {
    const { verdict, failure, unbalanced } = await evilProve(program, forgeResult(OP.REMU, (v, _a, b) => v + b, [7, 3]));
    expect(verdict.ok).to.equal(false);
    // a = b·q' + r' holds; only |r'| < |b| fails: a range lookup of a negative difference.
    expect(failure).to.equal(null);
    expect(unbalanced.length).to.be.greaterThan(0);
    expect(unbalanced.every((x) => x.bus === "rv32.range16")).to.equal(true);
  });

  it("an evil prover's rem that returns r + b (the opposite sign, q - 1) is rejected", async () => {
    const { verdict, failure } = await evilProve(program, forgeResult(OP.REM, (v, _a, b) => v + b, [-7, 2]));
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.include({ table: "rv32.muldiv", constraint: "remainder of a negative dividend is not positive" });
  });

  for (const [name, op, forged] of [["div", OP.DIV, MAX], ["rem", OP.REM, -1]] as const) {
    it(`an evil prover's ${name} of -2^31 by -1 that returns ${forged} is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeResult(op, () => forged, [MIN, -1]), {}, proveForgery("muldiv"));
      expectCaught({ verdict, failure, unbalanced });
      // The decomposition mod 2^32 holds, but then |r| = 1 is not below |b| = 1.
      expect(failure).to.equal(null);
      expect(unbalanced.length).to.be.greaterThan(0);
      expect(unbalanced.every((x) => x.bus === "rv32.range16")).to.equal(true);
    });
  }

  it("an evil prover's divu that returns result + 1 is rejected", async () => {
    // -1 / 2 = 0x7fffffff; forged 0x80000000 makes b·q + r overflow 2^32 for every r.
    const { verdict, failure } = await evilProve(program, forgeResult(OP.DIVU, (v) => v + 1, [-1, 2]));
    expect(verdict.ok).to.equal(false);
    expect(failure?.table).to.equal("rv32.muldiv");
    expect(failure?.constraint).to.match(/^product limb [0-3]$/);
  });
});
