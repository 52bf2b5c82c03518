// The branch and jump chip: BEQ, BNE, BLT, BGE, BLTU, BGEU, JAL and JALR. One row per
// instruction; every row sends nextPc = pc + 4 + taken·(target - pc - 4) on the
// execution bus, with `taken` forced by the operands (branches) or 1 (jumps).
//
// Branches: one 32-bit subtractor over 16-bit limbs, s + b = a + k1·2^32 (borrow k0
// between the limbs), so k1 = [a < b] unsigned and a = b iff s = 0 iff sLo + sHi = 0
// (both limbs range-checked, so the sum cannot wrap), tested with an inverse. Signed
// compares flip the sign bits first: a + 2^31 mod 2^32 orders as a does signed, and its
// high limb aHi + 2^15 - 2^16·sa lies in [0, 2^16) exactly when sa is a's sign bit, so
// one range check pins sa. The branch target is the program table's (pc + imm).
// JAL: rd := pc + 4, nextPc = the program table's target.
// JALR: rd := pc + 4, nextPc = (rs1 + imm) & ~1: the same adder run forwards,
// a + imm = s + k1·2^32, with sLo = 2h + bit0 and the target 2h + 2^16·sHi.
//
// Shared cells, as no op needs both uses: one register access "r2" reads rs2 (branches,
// slot RS2, its prev limbs being the operand) or writes rd (jumps, slot RD: its clk is
// shifted by 1/2 so that 4·clk moves by 2); reg2 is rs2 or rd; bLo, bHi hold JALR's
// immediate; two range checks serve the sign flips (BLT/BGE) or h and 8·sHi (JALR).
import { defineAir, type Expr } from "../air/builder.ts";
import { inv, mul, P } from "../field/babybear.ts";
import { OP } from "../riscv/isa.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, findAccess, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, range16, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

const OPS = { BEQ: OP.BEQ, BNE: OP.BNE, BLT: OP.BLT, BGE: OP.BGE, BLTU: OP.BLTU, BGEU: OP.BGEU, JAL: OP.JAL, JALR: OP.JALR } as const;
type OpName = keyof typeof OPS;
const NAMES = Object.keys(OPS) as OpName[];
const FLAGS = NAMES.map((k) => `is${k}`);
const f = (names: OpName[]) => names.map((n) => `is${n}`);
const BRANCHES: OpName[] = ["BEQ", "BNE", "BLT", "BGE", "BLTU", "BGEU"];
const SIGNED: OpName[] = ["BLT", "BGE"];
const JUMPS: OpName[] = ["JAL", "JALR"];

export const BRANCH_OPS: readonly number[] = Object.values(OPS);

export const BRANCH_COLUMNS = [
  ...CORE_COLUMNS, "reg2", "rs1", ...FLAGS, "target", "taken",
  "aLo", "aHi", "bLo", "bHi", "sLo", "sHi", "k0", "k1", "sa", "sb", "zInv",
  "h", "bit0", "linkLo", "linkHi",
  ...accessColumns("rs1", false), ...accessColumns("r2", true),
];

const R2_CLK_SHIFT = mul(SLOT_RD - SLOT_RS2, inv(4));

/** The subtractor (branches) or adder (JALR) over 16-bit limbs with operand b = bv, and
 * the comparisons it yields: eq = [a = b] and k1 = [a < b] (signed for BLT/BGE). */
function evalComparator(b: Builder, bv: [Expr, Expr], isAdd: Expr, signed: Expr, usesAdder: Expr): { eq: Expr; lt: Expr } {
  const c = (n: string) => cur(b, n);
  const isJalr = c("isJALR");
  b.assertBool(c("k0"), "k0 is 0/1");
  b.assertBool(c("k1"), "k1 is 0/1");
  b.assertBool(c("sa"), "sa is 0/1");
  b.assertBool(c("sb"), "sb is 0/1");
  // High limbs with the sign bit flipped on signed rows; each range check forces sa (sb)
  // to be the sign of a's (rs2's) high limb, which the memory bus holds below 2^16.
  const flip = (sign: string) => b.sub(32768, b.mul(c(sign), 65536));
  const aHi = b.add(c("aHi"), b.mul(signed, flip("sa")));
  const bHi = b.add(bv[1], b.mul(signed, flip("sb")));
  // Two range checks, each serving a sign flip or a JALR limb (see the header); on signed
  // rows b's high limb is rs2's (r2.prevHi).
  const slotMult = b.add(signed, isJalr);
  b.assertBool(slotMult, "shared range checks 0/1");
  range16(b, b.add(b.mul(signed, b.add(c("aHi"), flip("sa"))), b.mul(isJalr, c("h"))), slotMult);
  range16(b, b.add(b.mul(signed, b.add(c("r2.prevHi"), flip("sb"))), b.mul(isJalr, b.mul(c("sHi"), 8))), slotMult);
  // Subtract: X = s, Z = a (s = a - b); add: X = a, Z = s (s = a + b).
  const X = (aN: Expr, sN: string) => b.add(c(sN), b.mul(isAdd, b.sub(aN, c(sN))));
  const Z = (aN: Expr, sN: string) => b.add(aN, b.mul(isAdd, b.sub(c(sN), aN)));
  b.assertZero(b.sub(b.add(X(c("aLo"), "sLo"), bv[0]), b.add(Z(c("aLo"), "sLo"), b.mul(c("k0"), 65536))), "adder low limb");
  b.assertZero(b.sub(b.sum(X(aHi, "sHi"), bHi, c("k0")), b.add(Z(aHi, "sHi"), b.mul(c("k1"), 65536))), "adder high limb");
  range16(b, c("sLo"), usesAdder);
  range16(b, c("sHi"), usesAdder);
  // Is-zero of s: z·(1 - z·zInv) = 0 makes eq = 1 - z·zInv exactly [z = 0].
  const z = b.add(c("sLo"), c("sHi"));
  const eq = b.sub(1, b.mul(z, c("zInv")));
  b.assertZero(b.mul(z, eq), "eq is [s = 0]");
  return { eq, lt: c("k1") };
}

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const real = evalOneHotOps(b, FLAGS);
  const isBranch = flagSum(b, f(BRANCHES)), isJump = flagSum(b, f(JUMPS));
  b.assertBool(isBranch, "branch is 0/1");
  b.assertBool(isJump, "jump is 0/1");
  const isJal = c("isJAL"), isJalr = c("isJALR");
  const signed = flagSum(b, f(SIGNED));
  b.assertBool(signed, "signed is 0/1");
  const usesAdder = b.add(isBranch, isJalr);
  b.assertBool(usesAdder, "adder used is 0/1");
  // Operand b: rs2's value (the r2 access's prev limbs) or JALR's immediate.
  const bv: [Expr, Expr] = [b.add(c("bLo"), b.mul(isBranch, c("r2.prevLo"))), b.add(c("bHi"), b.mul(isBranch, c("r2.prevHi")))];
  b.assertZero(b.mul(isBranch, c("bLo")), "branch immediate low limb is 0");
  b.assertZero(b.mul(isBranch, c("bHi")), "branch immediate high limb is 0");
  const { eq, lt } = evalComparator(b, bv, isJalr, signed, usesAdder);
  // The decision: what each op's condition says, 1 for jumps.
  const notEq = b.sub(1, eq), notLt = b.sub(1, lt);
  const decision = b.sum(
    b.mul(c("isBEQ"), eq), b.mul(c("isBNE"), notEq),
    b.mul(flagSum(b, f(["BLT", "BLTU"])), lt), b.mul(flagSum(b, f(["BGE", "BGEU"])), notLt), isJump,
  );
  b.assertEq(c("taken"), decision, "taken");
  // JALR: the sum's low limb is 2h + bit0 with h < 2^16 and sLo < 2^16 (so h < 2^15 and
  // 2h is an even integer); the target is 2h + 2^16·sHi with sHi < 2^13 (sHi < 2^16 and
  // 8·sHi < 2^16). So the target is an integer below 2^29 < p: it cannot wrap mod p
  // onto a valid pc (code lies below 2^29), and it is the sum with bit 0 cleared.
  b.assertBool(c("bit0"), "bit0 is 0/1");
  b.assertZero(b.mul(isJalr, b.sub(c("sLo"), b.add(b.mul(c("h"), 2), c("bit0")))), "jalr low limb split");
  b.assertZero(b.mul(isJalr, b.sub(c("target"), b.add(b.mul(c("h"), 2), b.mul(c("sHi"), 65536)))), "jalr target");
  // The link rd = pc + 4, limbs range-checked; linkHi < 2^13 so the limbs denote pc + 4
  // itself, not pc + 4 + p (which also fits in 32 bits).
  b.assertZero(b.mul(isJump, b.sub(b.add(c("linkLo"), b.mul(c("linkHi"), 65536)), b.add(c("pc"), 4))), "link is pc + 4");
  range16(b, c("linkLo"), isJump);
  range16(b, c("linkHi"), isJump);
  range16(b, b.mul(c("linkHi"), 8), isJump);
  const pc = c("pc"), target = c("target");
  const nextPc = b.add(b.add(pc, 4), b.mul(c("taken"), b.sub(target, b.add(pc, 4))));
  const op = flagSelect(b, NAMES.map((k) => [`is${k}`, OPS[k]]));
  evalInstruction(b, {
    op, rd: b.mul(isJump, c("reg2")), rs1: c("rs1"), rs2: b.mul(isBranch, c("reg2")),
    immLo: b.mul(isJalr, c("bLo")), immHi: b.mul(isJalr, c("bHi")), target: b.sub(target, b.mul(isJalr, target)),
  }, nextPc, real);
  const clk = c("clk");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [c("aLo"), c("aHi")], write: false, mult: usesAdder });
  // r2: a branch reads rs2 (value = prev), a jump writes the link to rd.
  const r2Value: [Expr, Expr] = [b.add(b.mul(isBranch, c("r2.prevLo")), b.mul(isJump, c("linkLo"))), b.add(b.mul(isBranch, c("r2.prevHi")), b.mul(isJump, c("linkHi")))];
  const r2Clk = b.add(clk, b.mul(isJump, R2_CLK_SHIFT));
  evalAccess(b, { prefix: "r2", kind: KIND_REG, addr: c("reg2"), clk: r2Clk, slot: SLOT_RS2, value: r2Value, write: true, mult: real });
}

export const branchAir = defineAir({ name: "rv32.branch", main: BRANCH_COLUMNS, build });

const NAME_OF = new Map<number, OpName>(NAMES.map((k) => [OPS[k], k]));

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function branchTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(BRANCH_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v % P);
  rows.forEach((i, r) => {
    const name = NAME_OF.get(I.op[i])!;
    const s0 = I.accessStart[i], s1 = I.accessStart[i + 1];
    const ia = findAccess(A, s0, s1, SLOT_RS1), ib = findAccess(A, s0, s1, SLOT_RS2), id = findAccess(A, s0, s1, SLOT_RD);
    set("pc", r, I.pc[i]); set("clk", r, I.clk[i]); set("rs1", r, I.rs1[i]); set("reg2", r, ib >= 0 ? I.rs2[i] : I.rd[i]);
    set(`is${name}`, r, 1);
    const a = ia >= 0 ? A.after[ia] : 0;
    const bv = ib >= 0 ? A.after[ib] : name === "JALR" ? I.imm[i] : 0;
    set("aLo", r, lo16(a)); set("aHi", r, hi16(a));
    if (name === "JALR") { set("bLo", r, lo16(bv)); set("bHi", r, hi16(bv)); }
    if (name === "JALR") fillJalr(t, r, a, bv, I.nextPc[i], lookups);
    else if (name !== "JAL") fillBranch(t, r, name, a, bv, I.pc[i], I.target[i], I.nextPc[i], lookups);
    else { set("target", r, I.target[i]); set("taken", r, 1); }
    if (ia >= 0) fillAccess(t, "rs1", r, A, ia, false, lookups);
    if (ib >= 0) fillAccess(t, "r2", r, A, ib, true, lookups);
    if (name === "JAL" || name === "JALR") fillLink(t, r, A.after[id], lookups);
    if (id >= 0) fillAccess(t, "r2", r, A, id, true, lookups);
  });
  // Padding rows: all zero (s = 0, so eq's constraint holds with zInv = 0).
  return t;
}

/** Subtractor columns of a branch; taken follows the recorded next pc, so a forged
 * decision reaches the constraint. */
function fillBranch(t: ChipTrace, r: number, name: OpName, a: number, bv: number, pc: number, target: number, nextPc: number, lookups: ByteTableCounter): void {
  const signed = SIGNED.includes(name);
  const aE = signed ? (a ^ 0x80000000) >>> 0 : a, bE = signed ? (bv ^ 0x80000000) >>> 0 : bv;
  const s = (aE - bE) >>> 0;
  fillAdder(t, r, s, lo16(aE) < lo16(bE) ? 1 : 0, aE < bE ? 1 : 0, lookups);
  if (signed) {
    t.col("sa")[r] = a >>> 31;
    t.col("sb")[r] = bv >>> 31;
    lookups.range16(hi16(aE));
    lookups.range16(hi16(bE));
  }
  // A target equal to pc + 4 makes the decision invisible in the next pc: keep the
  // condition's own value there.
  const cond = { BEQ: a === bv, BNE: a !== bv, BLT: aE < bE, BGE: aE >= bE, BLTU: a < bv, BGEU: a >= bv }[name as Exclude<OpName, "JAL" | "JALR">];
  const taken = nextPc === target && target === pc + 4 ? cond : nextPc !== pc + 4;
  t.col("target")[r] = target;
  t.col("taken")[r] = taken ? 1 : 0;
}

/** Adder columns of a JALR; the target is the recorded next pc. */
function fillJalr(t: ChipTrace, r: number, a: number, imm: number, nextPc: number, lookups: ByteTableCounter): void {
  const s = (a + imm) >>> 0;
  fillAdder(t, r, s, (lo16(a) + lo16(imm)) >>> 16, a + imm >= 2 ** 32 ? 1 : 0, lookups);
  t.col("h")[r] = lo16(s) >>> 1;
  t.col("bit0")[r] = s & 1;
  lookups.range16(lo16(s) >>> 1);
  lookups.rangeBits(hi16(s), 13);
  t.col("target")[r] = nextPc % P;
  t.col("taken")[r] = 1;
}

function fillAdder(t: ChipTrace, r: number, s: number, k0: number, k1: number, lookups: ByteTableCounter): void {
  const z = lo16(s) + hi16(s);
  t.col("sLo")[r] = lo16(s);
  t.col("sHi")[r] = hi16(s);
  t.col("k0")[r] = k0;
  t.col("k1")[r] = k1;
  t.col("zInv")[r] = z === 0 ? 0 : inv(z);
  lookups.range16(lo16(s));
  lookups.range16(hi16(s));
}

/** The link as recorded: what the jump wrote to rd. */
function fillLink(t: ChipTrace, r: number, link: number, lookups: ByteTableCounter): void {
  t.col("linkLo")[r] = lo16(link);
  t.col("linkHi")[r] = hi16(link);
  lookups.range16(lo16(link));
  lookups.range16(hi16(link));
  lookups.rangeBits(hi16(link), 13);
}
