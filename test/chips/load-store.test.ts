// The load/store chip (lb, lh, lw, lbu, lhu, sb, sh, sw) proved end to end: data, code
// (read-only), input (read-only) and stack words; sign and zero extension; every byte
// and half offset; an address carry across both limbs; rd = rs1; x0 as source and
// destination. Evil provers: wrong loaded words, bytes and extensions, skipped stores,
// a store turned into a write of a read-only word.
import { expect } from "chai";
import { OP } from "../../prover/riscv/isa.ts";
import type { Machine } from "../../prover/riscv/machine.ts";
import { INPUT_START, PERM_R, STACK_TOP } from "../../prover/riscv/memory-map.ts";
import { LOAD_STORE_COLUMNS } from "../../prover/chips/load-store.ts";
import { inv, sub } from "../../prover/field/babybear.ts";
import { recordRun } from "../../prover/zkvm/prove.ts";
import { encode } from "../riscv/encode.ts";
import { DATA, TEXT, asmProgram, exitWith, li, type Ins } from "./helpers.ts";
import { checkTables, evilProve, expectCaught, proveForgery, flipCell, forgeRegister, imbalances, proveOk, tableIndex } from "./harness.ts";

const NAME = "rv32.load-store";
const col = (name: string) => LOAD_STORE_COLUMNS.indexOf(name);

// Data words (little-endian): 0x01ff7f80, 0x80001234, 0x11223344, 0x55667788, 0, ...
const data = new Uint8Array(64);
data.set([0x80, 0x7f, 0xff, 0x01, 0x34, 0x12, 0x00, 0x80, 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]);
const input = Uint8Array.of(1, 2, 3, 4, 5);
const firstWord = encode("lui", 5, 0, 0, DATA); // li(5, DATA) is lui + addi 0

// Base registers: x5 = DATA, x31 = DATA + 0x100 (negative offsets carry across both
// limbs), x11 = TEXT (read-only code), x13 = INPUT_START, x2 = stack, x12 = 0xdeadbeef.
const setup: Ins[] = [
  ...li(5, DATA), ...li(31, DATA + 0x100), ...li(8, DATA + 0x100), ...li(11, TEXT), ...li(13, INPUT_START),
  ...li(2, STACK_TOP - 16), ...li(12, 0xdeadbeef | 0),
];
// [instruction, the value the spec says rd holds afterwards (checked through the exit code)]
const loads: Array<[Ins, number]> = [
  [["lb", 6, 5, 0, 0], -128], [["lb", 7, 5, 0, 1], 127], [["lb", 9, 5, 0, 2], -1], [["lb", 3, 5, 0, 3], 1],
  [["lbu", 14, 5, 0, 0], 0x80], [["lbu", 15, 5, 0, 2], 0xff],
  [["lh", 16, 5, 0, 0], 0x7f80], [["lh", 17, 5, 0, 6], -32768], [["lh", 21, 5, 0, 2], 0x01ff],
  [["lhu", 18, 5, 0, 6], 0x8000], [["lhu", 19, 5, 0, 2], 0x01ff],
  [["lw", 22, 5, 0, 0], 0x01ff7f80], [["lw", 23, 31, 0, -0x100], 0x01ff7f80],
  [["lw", 8, 8, 0, -0xfc], 0x80001234 | 0], // rd = rs1
  [["lw", 0, 5, 0, 0], 0], // x0 destination: the sink register
  [["lw", 24, 11, 0, 0], firstWord | 0], [["lbu", 25, 11, 0, 1], (firstWord >>> 8) & 255],
  [["lw", 26, 13, 0, 0], 5], [["lbu", 27, 13, 0, 5], 2],
];
const stores: Ins[] = [
  ["sb", 0, 5, 12, 8], ["sb", 0, 5, 12, 11], ["sb", 0, 5, 0, 9], ["sb", 0, 5, 12, 10], // 0x11223344 -> 0xefef00ef
  ["sh", 0, 5, 12, 12], ["sh", 0, 5, 12, 14], // 0x55667788 -> 0xbeefbeef
  ["sw", 0, 31, 12, -0xf0], // DATA + 16 <- 0xdeadbeef
  ["sw", 0, 2, 12, 0], ["sh", 0, 2, 0, 2], // stack word: 0x0000beef
  ["sw", 0, 5, 5, 20], // rs2 = rs1
];
const reloads: Array<[Ins, number]> = [
  [["lw", 28, 5, 0, 8], 0xefef00ef | 0], [["lw", 29, 5, 0, 12], 0xbeefbeef | 0], [["lw", 30, 5, 0, 16], 0xdeadbeef | 0],
  [["lw", 4, 2, 0, 0], 0xbeef], [["lb", 1, 5, 0, 16], -17], [["lh", 20, 5, 0, 18], 0xdead - 0x10000],
  [["lw", 31, 5, 0, 20], DATA], [["lw", 10, 2, 0, 4], 0], // a stack word first touched by a load
];
const checked = [...loads, ...reloads];
const code: Ins[] = [
  ...setup, ...loads.map(([i]) => i), ...stores, ...reloads.map(([i]) => i),
  ...checked.filter(([[, rd]]) => rd !== 10).map(([[, rd]]): Ins => ["add", 10, 10, rd, 0]), // x10 holds a loaded value
  ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const expectedExit = checked.reduce((s, [, v]) => (s + v) | 0, 0);
const program = asmProgram(code, data, "load-store");
const opts = { input };

/** Row of the chip's k-th instruction with op `op` (rows follow the run's order). */
function rowOf(op: string, k = 0): number {
  const mine = code.filter(([o]) => ["lb", "lh", "lw", "lbu", "lhu", "sb", "sh", "sw"].includes(o));
  return mine.findIndex((ins, i) => ins[0] === op && mine.slice(0, i).filter(([o]) => o === op).length === k);
}

/** rd of the instruction that just ran (these programs do not jump). */
const rdOf = (m: Machine) => (m.program.code[(m.pc - 4 - m.program.codeStart) >>> 2] >>> 8) & 63;

/** Forge: after the first instruction with op `op`, put `word` back at `addr` (a skipped store). */
function restoreWord(op: number, addr: number, word: number) {
  let done = false;
  return (_i: number, o: number, m: Machine) => {
    if (done || o !== op) return;
    done = true;
    m.mem.w32[addr >>> 2] = word;
  };
}

describe("chips: loads and stores", function () {
  this.timeout(600_000);
  let honest: Awaited<ReturnType<typeof proveOk>>;

  it("proves and verifies a run through every op, with the edge cases", async () => {
    honest = await proveOk(program, opts);
    expect(honest.proof.statement.exitCode).to.equal(expectedExit);
    const t = honest.tables[tableIndex(honest.tables, NAME)];
    expect(t.main[col("isSB")].reduce((a, v) => a + v, 0)).to.equal(4);
  });

  it("the debug checker names the chip, row and constraint of a flipped cell", async () => {
    const { run, tables } = honest;
    const ls = tableIndex(tables, NAME);
    const row = rowOf("lh", 1);
    expect(checkTables(flipCell(tables, ls, col("val"), row))).to.deep.equal({ table: NAME, constraint: "load low limb", row });
    const st = rowOf("sb", 1);
    expect(checkTables(flipCell(tables, ls, col("newHi"), st))).to.deep.equal({ table: NAME, constraint: "stored high limb", row: st });
    const lw = rowOf("lw", 1);
    expect(checkTables(flipCell(tables, ls, col("o1"), lw))?.constraint).to.equal("one offset per row");
    // An lw claimed at offset 1: the address still adds up (wordQ - 1/4 in the field), the
    // alignment constraint refuses it.
    const mis = flipCell(tables, ls, col("o1"), lw);
    mis[ls].main[col("o0")][lw] = 0;
    mis[ls].main[col("wordQ")][lw] = sub(mis[ls].main[col("wordQ")][lw], inv(4));
    expect(checkTables(mis)).to.deep.equal({ table: NAME, constraint: "word access is aligned", row: lw });
    // A store's kind edited to read-only: its constraint, and the tokens it would move.
    const sw = rowOf("sw");
    const ro = flipCell(tables, ls, col("isRW"), sw);
    ro[ls].main[col("isRW")][sw] = 0;
    expect(checkTables(ro)).to.deep.equal({ table: NAME, constraint: "stores write a writable word", row: sw });
    expect(imbalances(ro, run).some((b) => b.bus === "rv32.memory" && b.tuple[0] === 1)).to.equal(true);
    // A cell only a bus reads: the bus debugger names the unmatched memory tokens.
    const u = flipCell(tables, ls, col("r2.prevLo"), row);
    expect(checkTables(u)).to.equal(null);
    const bad = imbalances(u, run);
    expect(bad.length).to.be.greaterThan(0);
    expect(bad.every((b) => b.bus === "rv32.memory")).to.equal(true);
  });

  it("a store recorded as a write of a read-only word is refused by its constraint, the bus and the verifier", async () => {
    // The forge drops the data region's write permission right after the first sw ran,
    // so the recorder files that store under kind 1 (read-only), and restores it after.
    let region: { perm: number } | undefined, perm = 0;
    const forge = (_i: number, o: number, m: Machine) => {
      if (region) return void (region.perm = perm);
      if (o !== OP.SW) return;
      region = m.mem.regionAt(DATA)!;
      perm = region.perm;
      region.perm = PERM_R;
    };
    const { verdict, failure, unbalanced } = await evilProve(program, forge, opts);
    expect(verdict.ok).to.equal(false);
    expect(failure).to.deep.equal({ table: NAME, constraint: "stores write a writable word", row: rowOf("sw") });
    expect(unbalanced.some((b) => b.bus === "rv32.memory" && b.tuple[0] === 1)).to.equal(true);
  });

  it("misaligned accesses fault in the emulator: never proven", () => {
    for (const ins of [["lw", 6, 5, 0, 2], ["lh", 6, 5, 0, 1], ["lhu", 6, 5, 0, 3], ["sw", 0, 5, 6, 1], ["sh", 0, 5, 6, 3]] as Ins[]) {
      const p = asmProgram([...li(5, DATA), ins, ...exitWith(0)], data, `misaligned-${ins[0]}`);
      expect(() => recordRun(p)).to.throw(/misaligned/);
    }
  });

  const wrongLoads: Array<[string, number, (v: number) => number, string | null]> = [
    ["lw that returns another word", OP.LW, () => 0x80001234 | 0, "load low limb"],
    ["lb that returns another byte", OP.LB, () => 0x7f, "load low limb"],
    ["lbu that sign-extends", OP.LBU, (v) => (v << 24) >> 24, "load low limb"],
    // The sign bit's decomposition holds with rest = 128; only its byte lookup (2·rest) fails.
    ["lh that zero-extends", OP.LH, (v) => v & 0xffff, null],
  ];
  for (const [what, op, f, constraint] of wrongLoads) {
    it(`an evil prover's ${what} is rejected`, async () => {
      const nth = op === OP.LH ? 1 : 0; // the first negative lh is the second one
      let seen = 0;
      const forge = forgeRegister(op, rdOf, f);
      const { verdict, failure, unbalanced } = await evilProve(program, (i, o, m) => {
        if (o === op && seen++ === nth) forge(i, o, m);
      }, opts);
      expect(verdict.ok).to.equal(false);
      if (constraint) expect(failure).to.deep.include({ table: NAME, constraint });
      else {
        expect(failure).to.equal(null);
        expect(unbalanced.some((b) => b.bus === "rv32.byte")).to.equal(true);
      }
    });
  }

  const skipped: Array<[string, number, number, number, string]> = [
    ["sb", OP.SB, DATA + 8, 0x11223344, "stored low limb"],
    ["sh", OP.SH, DATA + 12, 0x55667788, "stored low limb"],
    ["sw", OP.SW, DATA + 16, 0, "stored low limb"],
  ];
  for (const [name, op, addr, old, constraint] of skipped) {
    it(`an evil prover's skipped ${name} is rejected`, async () => {
      const { verdict, failure, unbalanced } = await evilProve(program, restoreWord(op, addr, old), opts, proveForgery("load-store"));
      expectCaught({ verdict, failure, unbalanced });
      expect(failure).to.deep.equal({ table: NAME, constraint, row: rowOf(name) });
    });
  }
});
