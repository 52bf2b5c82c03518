// The arithmetic ALU chip: ADD, SUB, SLT, SLTU and their immediate forms, LUI, AUIPC
// and FENCE (a no-op that writes the sink register). One row per instruction.
//
// One 32-bit adder over 16-bit limbs serves them all: X + b = Z + k1·2^32 (carry k0
// between the limbs). Add-like ops set X = a, Z = s, so s = a + b; subtract-like ops
// set X = s, Z = a, so s = a - b and the borrow k1 is [a < b] unsigned. Signed SLT
// compares the sign bits sa, sb first: lt = sa·(1 - sb) + [sa = sb]·k1.
// Operand a is rs1, the pc (AUIPC) or 0 (LUI, FENCE); b is rs2 or the
// immediate; the result goes to rd.
import { defineAir } from "../air/builder.ts";
import { OP } from "../riscv/isa.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, registerAccesses, fillRegisterInstruction, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, range16, rangeBits, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

const OPS = { ADD: OP.ADD, SUB: OP.SUB, SLT: OP.SLT, SLTU: OP.SLTU, ADDI: OP.ADDI, SLTI: OP.SLTI, SLTIU: OP.SLTIU, LUI: OP.LUI, AUIPC: OP.AUIPC, FENCE: OP.FENCE } as const;
type OpName = keyof typeof OPS;
const FLAGS = (Object.keys(OPS) as OpName[]).map((k) => `is${k}`);
const IMM_OPS: OpName[] = ["ADDI", "SLTI", "SLTIU", "LUI", "AUIPC", "FENCE"];
const ADD_LIKE: OpName[] = ["ADD", "ADDI", "LUI", "AUIPC", "FENCE"];
const SIGNED: OpName[] = ["SLT", "SLTI"];
const UNSIGNED_CMP: OpName[] = ["SLTU", "SLTIU"];
const f = (names: OpName[]) => names.map((n) => `is${n}`);

export const ALU_ARITH_OPS: readonly number[] = Object.values(OPS);

export const ALU_ARITH_COLUMNS = [
  ...CORE_COLUMNS, "rd", "rs1", "rs2", ...FLAGS,
  "aLo", "aHi", "bLo", "bHi", "sLo", "sHi", "k0", "k1", "lt", "sa", "sb", "aRest", "bRest",
  ...accessColumns("rs1", false), ...accessColumns("rs2", false), ...accessColumns("rd", true),
];

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const real = evalOneHotOps(b, FLAGS);
  const isImm = flagSum(b, f(IMM_OPS));
  const p = flagSum(b, f(ADD_LIKE));
  const q = b.sub(real, p);
  // The adder.
  const X = (x: string, s: string) => b.add(b.mul(p, c(x)), b.mul(q, c(s)));
  const Z = (x: string, s: string) => b.add(b.mul(p, c(s)), b.mul(q, c(x)));
  b.assertZero(b.sub(b.add(X("aLo", "sLo"), c("bLo")), b.add(Z("aLo", "sLo"), b.mul(c("k0"), 65536))), "adder low limb");
  b.assertZero(b.sub(b.sum(X("aHi", "sHi"), c("bHi"), c("k0")), b.add(Z("aHi", "sHi"), b.mul(c("k1"), 65536))), "adder high limb");
  b.assertBool(c("k0"), "k0 is 0/1");
  b.assertBool(c("k1"), "k1 is 0/1");
  range16(b, c("sLo"), real);
  range16(b, c("sHi"), real);
  // Signed comparison.
  const signed = flagSum(b, f(SIGNED));
  b.assertBool(c("sa"), "sa is 0/1");
  b.assertBool(c("sb"), "sb is 0/1");
  b.assertEq(c("aHi"), b.add(b.mul(c("sa"), 32768), c("aRest")), "sign of a");
  b.assertEq(c("bHi"), b.add(b.mul(c("sb"), 32768), c("bRest")), "sign of b");
  rangeBits(b, c("aRest"), 15, signed);
  rangeBits(b, c("bRest"), 15, signed);
  const sameSign = b.add(b.sub(b.sub(1, c("sa")), c("sb")), b.mul(b.mul(c("sa"), c("sb")), 2));
  b.assertEq(c("lt"), b.add(b.mul(c("sa"), b.sub(1, c("sb"))), b.mul(sameSign, c("k1"))), "signed less-than");
  // Operands and result.
  const isAuipc = c("isAUIPC");
  b.assertZero(b.mul(isAuipc, b.sub(c("pc"), b.add(c("aLo"), b.mul(c("aHi"), 65536)))), "auipc operand is the pc");
  // The pc's limbs, and the high one below 2^13: code lies below 2^29, and 16-bit limbs
  // alone would also spell pc + p (< 2^32), a different 32-bit operand with the same
  // field value.
  range16(b, c("aLo"), isAuipc);
  range16(b, c("aHi"), isAuipc);
  rangeBits(b, c("aHi"), 13, isAuipc);
  const noRs1 = flagSum(b, f(["LUI", "FENCE"]));
  b.assertZero(b.mul(noRs1, c("aLo")), "lui/fence operand a is 0 (low)");
  b.assertZero(b.mul(noRs1, c("aHi")), "lui/fence operand a is 0 (high)");
  const sumOps = flagSum(b, f([...ADD_LIKE, "SUB"]));
  const rLo = b.sum(b.mul(sumOps, c("sLo")), b.mul(flagSum(b, f(UNSIGNED_CMP)), c("k1")), b.mul(signed, c("lt")));
  const rHi = b.mul(sumOps, c("sHi"));
  const op = flagSelect(b, (Object.keys(OPS) as OpName[]).map((k) => [`is${k}`, OPS[k]]));
  evalInstruction(b, {
    op, rd: c("rd"), rs1: c("rs1"), rs2: c("rs2"), immLo: b.mul(isImm, c("bLo")), immHi: b.mul(isImm, c("bHi")), target: 0,
  }, b.add(c("pc"), 4), real);
  const clk = c("clk");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [c("aLo"), c("aHi")], write: false, mult: b.sub(b.sub(real, isAuipc), noRs1) });
  evalAccess(b, { prefix: "rs2", kind: KIND_REG, addr: c("rs2"), clk, slot: SLOT_RS2, value: [c("bLo"), c("bHi")], write: false, mult: b.sub(real, isImm) });
  evalAccess(b, { prefix: "rd", kind: KIND_REG, addr: c("rd"), clk, slot: SLOT_RD, value: [rLo, rHi], write: true, mult: real });
}

export const aluArithAir = defineAir({ name: "rv32.alu-arith", main: ALU_ARITH_COLUMNS, build });

const NAME_OF = new Map<number, OpName>((Object.keys(OPS) as OpName[]).map((k) => [OPS[k], k]));

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function aluArithTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(ALU_ARITH_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const name = NAME_OF.get(I.op[i])!;
    const { ia, ib, id } = registerAccesses(ev, i);
    const a = name === "AUIPC" ? I.pc[i] : ia >= 0 ? A.after[ia] : 0;
    const bv = ib >= 0 ? A.after[ib] : I.imm[i];
    const addLike = ADD_LIKE.includes(name);
    // The sum or difference as recorded: what the instruction wrote (so a forged result
    // in the events shows up in the trace, and the adder must reject it).
    const s = addLike || name === "SUB" ? A.after[id] : (a - bv) >>> 0;
    const sa = a >>> 31, sb = bv >>> 31;
    const k0 = addLike ? (lo16(a) + lo16(bv)) >>> 16 : (lo16(s) + lo16(bv)) >>> 16;
    const k1 = addLike ? (a + bv >= 2 ** 32 ? 1 : 0) : (a < bv ? 1 : 0);
    const lt = sa !== sb ? sa : k1;
    fillRegisterInstruction(t, r, ev, i, `is${name}`);
    set("aLo", r, lo16(a)); set("aHi", r, hi16(a)); set("bLo", r, lo16(bv)); set("bHi", r, hi16(bv));
    set("sLo", r, lo16(s)); set("sHi", r, hi16(s)); set("k0", r, k0); set("k1", r, k1);
    set("sa", r, sa); set("sb", r, sb); set("aRest", r, hi16(a) & 0x7fff); set("bRest", r, hi16(bv) & 0x7fff);
    set("lt", r, SIGNED.includes(name) ? A.after[id] : lt);
    if (UNSIGNED_CMP.includes(name)) set("k1", r, A.after[id]);
    lookups.range16(lo16(s));
    lookups.range16(hi16(s));
    if (SIGNED.includes(name)) {
      lookups.rangeBits(hi16(a) & 0x7fff, 15);
      lookups.rangeBits(hi16(bv) & 0x7fff, 15);
    }
    if (name === "AUIPC") {
      lookups.range16(lo16(a));
      lookups.range16(hi16(a));
      lookups.rangeBits(hi16(a), 13);
    }
    if (ia >= 0) fillAccess(t, "rs1", r, A, ia, false, lookups);
    if (ib >= 0) fillAccess(t, "rs2", r, A, ib, false, lookups);
    fillAccess(t, "rd", r, A, id, true, lookups);
  });
  // Padding rows: sign split of zero operands is zero; everything else zero.
  return t;
}
