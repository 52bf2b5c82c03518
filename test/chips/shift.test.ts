// The shift chip (sll, srl, sra and their immediate forms), proved end to end, with
// register amounts of 32 and more (only the low 5 bits count) and SRA's sign fill.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import { SHIFT_COLUMNS } from "../../prover/chips/shift.ts";
import { asmProgram, exitWith, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, imbalances, proveOk, tableIndex } from "./harness.ts";
import { forgeNthResult } from "./forge-rd.ts";

const NEG = 0x876543a1, POS = 0x12345678;
const code: Ins[] = [
  ...li(1, NEG | 0), ...li(2, POS), ...li(3, 33), ...li(4, -28), ...li(5, 31), ...li(6, 16), ...li(7, 17), ...li(8, 8), ...li(9, 32),
  ["sll", 12, 1, 3, 0],   // by 33: the low 5 bits, 1
  ["sll", 13, 2, 4, 0],   // by -28 = 0xffffffe4: 4
  ["sll", 14, 1, 5, 0], ["sll", 15, 1, 0, 0], ["sll", 16, 2, 7, 0],
  ["sll", 18, 2, 9, 0],   // by 32: 0
  ["srl", 19, 1, 3, 0], ["srl", 20, 1, 5, 0], ["srl", 21, 1, 6, 0],
  ["sra", 22, 1, 8, 0], ["sra", 23, 1, 5, 0], ["sra", 24, 1, 3, 0], ["sra", 25, 2, 7, 0], ["sra", 26, 1, 9, 0],
  ["slli", 27, 2, 0, 15], ["srli", 28, 1, 0, 7], ["srai", 29, 1, 0, 20], ["srai", 30, 1, 0, 16], ["srai", 31, 2, 0, 0],
  ["sll", 0, 1, 5, 0], ["srai", 0, 1, 0, 3], // x0 writes do not stick
  ...exitWith(0),
];
const program = asmProgram(code, undefined, "shift");

/** rd -> the value the spec gives. */
const EXPECTED: Array<[number, number]> = [
  [12, 0x0eca8742], [13, 0x23456780], [14, 0x80000000], [15, NEG], [16, 0xacf00000], [18, POS],
  [19, 0x43b2a1d0], [20, 1], [21, 0x8765],
  [22, 0xff876543], [23, 0xffffffff], [24, 0xc3b2a1d0], [25, 0x091a], [26, NEG],
  [27, 0x2b3c0000], [28, 0x010eca87], [29, 0xfffff876], [30, 0xffff8765], [31, POS],
];

const col = (n: string) => SHIFT_COLUMNS.indexOf(n);

describe("chips: shifts", function () {
  this.timeout(600_000);

  let honest: Awaited<ReturnType<typeof proveOk>> | undefined;

  it("proves and verifies a run through every op, amounts >= 32 and sign fills included", async () => {
    honest = await proveOk(program);
    for (const [reg, v] of EXPECTED) expect(honest.run.state.value.get(reg), `x${reg}`).to.equal(v);
    expect(honest.tables[tableIndex(honest.tables, "rv32.shift")].main[0].length).to.be.greaterThan(0);
  });

  it("the debug checker names the constraint of a flipped cell; the bus debugger a byte's AND", async () => {
    const { run, tables } = honest ?? (await proveOk(program));
    const TABLE = tableIndex(tables, "rv32.shift");
    const t = flipCell(tables, TABLE, col("y1"), 3);
    expect(checkTables(t)).to.deep.equal({ table: "rv32.shift", constraint: "product low limb", row: 3 });
    const u = flipCell(tables, TABLE, col("and01"), 3);
    expect(checkTables(u)).to.equal(null);
    const bad = imbalances(u, run);
    expect(bad.length).to.be.greaterThan(0);
    expect(bad.every((b) => b.bus === "rv32.byte")).to.equal(true);
  });

  it("an amount split through a field wrap (33 = 0 + 32·(33/32)) satisfies the constraints but not the range check of rest", async () => {
    const { run, tables } = honest ?? (await proveOk(program));
    const TABLE = tableIndex(tables, "rv32.shift");
    // Row 0 is sll x12, x1, x3 with x3 = 33; the cheat shifts by 0 and writes x1 back.
    const t = tables.map((x) => ({ ...x, main: x.main.map((c) => c.slice()) }));
    const set = (n: string, v: number | bigint) => (t[TABLE].main[col(n)][0] = Number(v));
    const P = 2013265921n;
    set("s0", 0); set("pkm", 0); set("pow", 1); set("rest", (33n * modInverse(32n, P)) % P);
    const bytes = [NEG & 255, (NEG >>> 8) & 255, (NEG >>> 16) & 255, NEG >>> 24, 0];
    bytes.forEach((v, i) => set(`y${i}`, v));
    set("c0", 0); set("and01", bytes[0] & bytes[1]); set("and23", bytes[2] & bytes[3]); set("and4c", 0);
    set("oLo", NEG & 0xffff); set("oHi", NEG >>> 16);
    expect(checkTables(t)).to.equal(null);
    const buses = new Set(imbalances(t, run).map((b) => b.bus));
    expect(buses.has("rv32.range16")).to.equal(true);
  });

  const cases: Array<[string, number, number, (v: number, rs1: number) => number, string]> = [
    // The first sll shifts by rs2 = 33: a prover that shifts by 33 rather than 1 writes 0.
    ["sll by 33 treated as 33 (not 1)", OP.SLL, 0, () => 0, "shifted low limb"],
    ["sll returning result + 1", OP.SLL, 1, (v) => (v + 1) | 0, "shifted low limb"],
    ["srl with bit 31 flipped", OP.SRL, 0, (v) => v ^ 0x80000000, "shifted high limb"],
    // The first sra shifts a negative value by 8: losing the sign gives x >>> 8.
    ["sra losing the sign", OP.SRA, 0, (_v, rs1) => rs1 >>> 8, "shifted high limb"],
    ["sra by 33 treated as 33 (not 1)", OP.SRA, 2, () => -1, "shifted low limb"],
    ["slli returning result + 1", OP.SLLI, 0, (v) => (v + 1) | 0, "shifted low limb"],
    ["srli with bit 0 flipped", OP.SRLI, 0, (v) => v ^ 1, "shifted low limb"],
    ["srai with bit 16 flipped", OP.SRAI, 0, (v) => v ^ 0x10000, "shifted high limb"],
  ];
  for (const [what, op, nth, forged, constraint] of cases) {
    it(`rejects an evil prover's ${what}`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, forgeNthResult(op, nth, (v, ins) => forged(v, ins.regs[ins.rs1])), {}, proveForgery("shift"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure?.table).to.equal("rv32.shift");
      expect(failure?.constraint).to.equal(constraint);
    });
  }
});

function modInverse(a: bigint, p: bigint): bigint {
  let r = 1n, b = a % p, e = p - 2n;
  for (; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) r = (r * b) % p;
  return r;
}
