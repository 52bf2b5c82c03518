// The shift chip: SLL, SRL, SRA and their immediate forms. One row per instruction.
//
// The amount. RV32 shifts use the low 5 bits of rs2 (or the shamt immediate) and ignore
// the rest: b = s0 + 2·s1 + 4·s2 + 8·(j1 + 2·j2 + 3·j3) + 32·rest, with bits s_i, a
// one-hot byte count j_0..j_3 (sum = 1 on a real row) and rest in [0, 2^11). b < 2^16
// (a limb from the memory bus, or the program table's immLo), so the split is unique
// as integers. k = s0 + 2·s1 + 4·s2 is the bit part; pkm = 2^k - 1 is pinned by the
// bits: (1 + s0)(1 + 3·s1)(1 + 15·s2) - 1 (zero on all-zero padding rows).
//
// One multiplication serves both directions: Y = x·pow, a 40-bit number with bytes
// y0..y4, where pow = 2^k for left shifts and pow = 2^(8-k) = 256 / 2^k for right shifts
// (pinned by pow·2^k = 256). Then
//   SLL by 8j + k: result byte i = y_(i - j)       (0 below byte 0; y4 is dropped)
//   SRL by 8j + k: result byte i = y_(i + j + 1)   (0 above byte 4), because
//                  floor(x / 2^(8j + k)) = floor(x·2^(8 - k) / 2^(8(j + 1))).
// Y's bytes come from two limb products with a carry c0:
//   x~Lo·pow      = y0 + 256·y1 + 2^16·c0
//   x~Hi·pow + c0 = y2 + 256·y3 + 2^16·y4
// with y0..y4 and c0 bytes (three byte-bus lookups). Since x~ limbs are below 2^16 and
// pow <= 256, both sides stay below 2^24 + 2^8 < p: these are integer equalities, so the
// bytes are unique (no field wrap gives a second split). The result limbs are sums of two
// bytes picked by one-hot selectors, hence in [0, 2^16).
//
// SRA: sra(x, s) = ~(~x >>> s) for negative x. The sign sgn (top bit of xHi: xHi =
// 2^15·sgn + xRest, xRest < 2^15 checked on SRA rows; sgn is 0 on every other row) picks
// x~ = x XOR sgn·0xffffffff (per limb: x + sgn·(65535 - 2x)) as the multiplied value; the
// selected limbs oLo, oHi are shifted x~, and rd gets o XOR the same mask, so the zeros
// shifted in become copies of the sign bit.
//
// Degree: the product constraints and the byte selection are degree 3; rd's limbs are
// degree 2 (so the LogUp term stays at 3). o is filled from the recorded rd write, so a
// forged result fails "shifted ... limb".
import { defineAir } from "../air/builder.ts";
import { OP } from "../riscv/isa.ts";
import { BUS_BYTE } from "./buses.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, registerAccesses, fillRegisterInstruction, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, rangeBits, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";
import type { Expr, ExprLike } from "../air/builder.ts";

const OPS = { SLL: OP.SLL, SRL: OP.SRL, SRA: OP.SRA, SLLI: OP.SLLI, SRLI: OP.SRLI, SRAI: OP.SRAI } as const;
type OpName = keyof typeof OPS;
const OP_NAMES = Object.keys(OPS) as OpName[];
const FLAGS = OP_NAMES.map((k) => `is${k}`);
const f = (names: OpName[]) => names.map((n) => `is${n}`);
const IMM_OPS: OpName[] = ["SLLI", "SRLI", "SRAI"];
const LEFT_OPS: OpName[] = ["SLL", "SLLI"];
const ARITH_OPS: OpName[] = ["SRA", "SRAI"];
const J = [0, 1, 2, 3];
/** The byte pairs checked by one byte-bus lookup each, with the column of their AND. */
const BYTE_PAIRS: Array<[string, string, string]> = [["y0", "y1", "and01"], ["y2", "y3", "and23"], ["y4", "c0", "and4c"]];

export const SHIFT_OPS: readonly number[] = Object.values(OPS);

export const SHIFT_COLUMNS = [
  ...CORE_COLUMNS, "rd", "rs1", "rs2", ...FLAGS,
  "xLo", "xHi", "bLo", "bHi", "s0", "s1", "s2", ...J.map((j) => `j${j}`), "rest", "pkm", "pow",
  "y0", "y1", "y2", "y3", "y4", "c0", "and01", "and23", "and4c", "sgn", "xRest", "oLo", "oHi",
  ...accessColumns("rs1", false), ...accessColumns("rs2", false), ...accessColumns("rd", true),
];

/** The amount's split into bits, byte count and ignored rest; pkm = 2^k - 1 and pow. */
function evalAmount(b: Builder, real: Expr, isLeft: Expr, isRight: Expr): void {
  const c = (n: string) => cur(b, n);
  for (const n of ["s0", "s1", "s2", ...J.map((j) => `j${j}`)]) b.assertBool(c(n), `${n} is 0/1`);
  b.assertEq(flagSum(b, J.map((j) => `j${j}`)), real, "one byte count");
  const low5 = b.sum(c("s0"), b.mul(c("s1"), 2), b.mul(c("s2"), 4), b.mul(c("j1"), 8), b.mul(c("j2"), 16), b.mul(c("j3"), 24));
  b.assertEq(c("bLo"), b.add(low5, b.mul(c("rest"), 32)), "shift amount split");
  rangeBits(b, c("rest"), 11, real);
  const pk = b.prod(b.add(1, c("s0")), b.add(1, b.mul(c("s1"), 3)), b.add(1, b.mul(c("s2"), 15)));
  b.assertEq(c("pkm"), b.sub(pk, 1), "2^k from the bits");
  const pow2k = b.add(c("pkm"), 1);
  b.assertZero(b.mul(isLeft, b.sub(c("pow"), pow2k)), "left multiplier is 2^k");
  b.assertZero(b.mul(isRight, b.sub(b.mul(c("pow"), pow2k), 256)), "right multiplier is 2^(8-k)");
}

/** x XOR (sgn · 0xffff) for a 16-bit limb x. */
const flip = (b: Builder, sgn: ExprLike, x: ExprLike) => b.add(x, b.mul(sgn, b.sub(65535, b.mul(x, 2))));

/** The 40-bit product Y = x~·pow in bytes, and the sign of rs1 for SRA. */
function evalProduct(b: Builder, real: Expr, isArith: Expr): void {
  const c = (n: string) => cur(b, n);
  const sgn = c("sgn");
  b.assertBool(sgn, "sgn is 0/1");
  b.assertZero(b.mul(sgn, b.sub(1, isArith)), "sign only for sra");
  b.assertEq(c("xHi"), b.add(b.mul(sgn, 32768), c("xRest")), "sign of rs1");
  rangeBits(b, c("xRest"), 15, isArith);
  const pow = c("pow");
  const pair = (lo: string, hi: string) => b.add(c(lo), b.mul(c(hi), 256));
  b.assertEq(b.mul(flip(b, sgn, c("xLo")), pow), b.add(pair("y0", "y1"), b.mul(c("c0"), 65536)), "product low limb");
  b.assertEq(b.add(b.mul(flip(b, sgn, c("xHi")), pow), c("c0")), b.add(pair("y2", "y3"), b.mul(c("y4"), 65536)), "product high limb");
  for (const [x, y, and] of BYTE_PAIRS) b.send(BUS_BYTE, [c(x), c(y), c(and)], real);
}

/** Result limbs o (before the SRA mask) as Y's bytes picked by direction and byte count. */
function evalSelect(b: Builder, isLeft: Expr, isRight: Expr): void {
  const c = (n: string) => cur(b, n);
  const y = (n: number): ExprLike => (n >= 0 && n <= 4 ? c(`y${n}`) : 0);
  const byteAt = (i: number) => b.sum(...J.map((j) => b.mul(c(`j${j}`), b.add(b.mul(isLeft, y(i - j)), b.mul(isRight, y(i + j + 1))))));
  b.assertEq(c("oLo"), b.add(byteAt(0), b.mul(byteAt(1), 256)), "shifted low limb");
  b.assertEq(c("oHi"), b.add(byteAt(2), b.mul(byteAt(3), 256)), "shifted high limb");
}

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const real = evalOneHotOps(b, FLAGS);
  const isImm = flagSum(b, f(IMM_OPS));
  const isLeft = flagSum(b, f(LEFT_OPS));
  const isRight = b.sub(real, isLeft);
  const isArith = flagSum(b, f(ARITH_OPS));
  evalAmount(b, real, isLeft, isRight);
  evalProduct(b, real, isArith);
  evalSelect(b, isLeft, isRight);
  const op = flagSelect(b, OP_NAMES.map((k) => [`is${k}`, OPS[k]]));
  // A shamt immediate is below 32: immHi is 0 in the program table.
  evalInstruction(b, { op, rd: c("rd"), rs1: c("rs1"), rs2: c("rs2"), immLo: b.mul(isImm, c("bLo")), immHi: 0, target: 0 }, b.add(c("pc"), 4), real);
  const clk = c("clk"), sgn = c("sgn");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [c("xLo"), c("xHi")], write: false, mult: real });
  evalAccess(b, { prefix: "rs2", kind: KIND_REG, addr: c("rs2"), clk, slot: SLOT_RS2, value: [c("bLo"), c("bHi")], write: false, mult: b.sub(real, isImm) });
  const result: [Expr, Expr] = [flip(b, sgn, c("oLo")), flip(b, sgn, c("oHi"))];
  evalAccess(b, { prefix: "rd", kind: KIND_REG, addr: c("rd"), clk, slot: SLOT_RD, value: result, write: true, mult: real });
}

export const shiftAir = defineAir({ name: "rv32.shift", main: SHIFT_COLUMNS, build });

const NAME_OF = new Map<number, OpName>(OP_NAMES.map((k) => [OPS[k], k]));

/** Fills the amount, product and selection cells of row r for rs1 = a, amount word bv. */
function fillShift(t: ChipTrace, r: number, name: OpName, a: number, bv: number, written: number, lookups: ByteTableCounter): void {
  const set = (n: string, v: number) => (t.col(n)[r] = v);
  const amount = bv & 31, k = amount & 7;
  const left = LEFT_OPS.includes(name);
  const sgn = ARITH_OPS.includes(name) ? a >>> 31 : 0;
  set("s0", k & 1); set("s1", (k >>> 1) & 1); set("s2", k >>> 2); set(`j${amount >>> 3}`, 1);
  set("rest", lo16(bv) >>> 5);
  lookups.rangeBits(lo16(bv) >>> 5, 11);
  const pow = left ? 1 << k : 256 >>> k;
  set("pkm", (1 << k) - 1); set("pow", pow);
  set("sgn", sgn); set("xRest", hi16(a) - 32768 * sgn);
  if (ARITH_OPS.includes(name)) lookups.rangeBits(hi16(a) & 0x7fff, 15);
  const mask = sgn ? 0xffffffff : 0;
  const xt = (a ^ mask) >>> 0;
  const p0 = lo16(xt) * pow, p1 = hi16(xt) * pow + (p0 >>> 16);
  const bytes = { y0: p0 & 255, y1: (p0 >>> 8) & 255, c0: p0 >>> 16, y2: p1 & 255, y3: (p1 >>> 8) & 255, y4: p1 >>> 16 };
  for (const [n, v] of Object.entries(bytes)) set(n, v);
  for (const [x, y, and] of BYTE_PAIRS) {
    const xv = bytes[x as keyof typeof bytes], yv = bytes[y as keyof typeof bytes];
    set(and, xv & yv);
    lookups.byte(xv, yv);
  }
  // The result as recorded (what the instruction wrote), unmasked: a forged one must fail.
  const o = (written ^ mask) >>> 0;
  set("oLo", lo16(o)); set("oHi", hi16(o));
}

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function shiftTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(SHIFT_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const name = NAME_OF.get(I.op[i])!;
    const { ia, ib, id } = registerAccesses(ev, i);
    const a = A.after[ia], bv = ib >= 0 ? A.after[ib] : I.imm[i];
    fillRegisterInstruction(t, r, ev, i, `is${name}`);
    set("xLo", r, lo16(a)); set("xHi", r, hi16(a)); set("bLo", r, lo16(bv)); set("bHi", r, hi16(bv));
    fillShift(t, r, name, a, bv, A.after[id], lookups);
    fillAccess(t, "rs1", r, A, ia, false, lookups);
    if (ib >= 0) fillAccess(t, "rs2", r, A, ib, false, lookups);
    fillAccess(t, "rd", r, A, id, true, lookups);
  });
  return t;
}
