// The multiply/divide chip: MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU (R-type: read
// rs1, rs2, write rd). One row per instruction.
//
// One multiplier serves all eight ops: X·Y + R ≡ Z (mod 2^64), all four operands
// sign- or zero-extended to 64 bits as the op says.
//   multiply: X = rs1, Y = rs2, R = 0, Z = the product (rd = its low or high word)
//   divide:   X = q,   Y = rs2, R = r, Z = rs1 (rd = q for DIV*, r for REM*)
// X and Y are bytes (so products of limbs stay far below p), R and Z 16-bit limbs;
// extension bytes/limbs are 255·s / 65535·s for the sign bit s (0 for unsigned).
// Output limb m (weight 2^16m) collects the byte products of positions 2m and 2m + 1:
//   Σ_{i+j=2m} x_i·y_j + 256·Σ_{i+j=2m+1} x_i·y_j + R_m + c_{m-1} = Z_m + 2^16·c_m
// Bound (m = 3, the largest): 7·255² + 256·8·255² + 65535 + c_2 = 133,693,441 < 2^28, so
// c_m ≤ 2040 < 2^11 (range-checked: 16 bits and 11 bits) and both sides stay below
// 2^16 + 2^16·2^11 < p ≈ 2^31: each limb equation holds over the integers, and together
// they give X·Y + R = Z + 2^64·c_3.
//
// Why the division relation is the integer one (q, r unique), for b ≠ 0:
//   unsigned: r < b gives b·q + r < b·(q + 1) ≤ (2^32 − 1)·2^32 < 2^64: no wrap;
//   signed:   |b·q + r| ≤ 2^62 + 2^31 and |a| ≤ 2^31, so ≡ mod 2^64 means equal,
// with |r| < |b| (a range-checked difference of absolute values) and r = 0 or
// sign(r) = sign(a). For b = 0 (flag bz, via an inverse of b's limb sum) the relation
// gives r = a, and DIV/DIVU must have q = 2^32 − 1. Signed overflow (a = −2^31, b = −1):
// no q in [−2^31, 2^31) satisfies −q ≡ −2^31 (mod 2^64), so the prover must raise ovf,
// which is only allowed for exactly those operands and relaxes the relation to mod 2^32
// (the low two limbs); |r| < 1 then forces r = 0 and q = 2^31 = the spec's −2^31.
import { defineAir, type Expr, type ExprLike } from "../air/builder.ts";
import { OP } from "../riscv/isa.ts";
import { BUS_BYTE } from "./buses.ts";
import { inv } from "../field/babybear.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, findAccess, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, range16, rangeBits, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

export const OPS = {
  MUL: OP.MUL, MULH: OP.MULH, MULHSU: OP.MULHSU, MULHU: OP.MULHU, DIV: OP.DIV, DIVU: OP.DIVU, REM: OP.REM, REMU: OP.REMU,
} as const;
export type OpName = keyof typeof OPS;
export const OP_NAMES = Object.keys(OPS) as OpName[];
const FLAGS = OP_NAMES.map((k) => `is${k}`);
export const MUL_OPS: OpName[] = ["MUL", "MULH", "MULHSU", "MULHU"];
export const DIV_OPS: OpName[] = ["DIV", "DIVU", "REM", "REMU"];
/** Ops whose X (rs1, or q) is signed; whose Y (rs2) is signed; signed division. */
export const SIGNED_X: OpName[] = ["MULH", "MULHSU", "DIV", "REM"];
export const SIGNED_Y: OpName[] = ["MULH", "DIV", "REM"];
export const SIGNED_DIV: OpName[] = ["DIV", "REM"];
const f = (names: OpName[]) => names.map((n) => `is${n}`);

export const MULDIV_OPS: readonly number[] = Object.values(OPS);

const bytes = (p: string) => [0, 1, 2, 3].map((i) => `${p}${i}`);
export const X_BYTES = bytes("x");
export const Y_BYTES = bytes("y");
/** x0 & x1, x2 & x3, y0 & y1, y2 & y3: the third entry of the byte-pair lookups. */
export const AND_COLUMNS = ["xAnd01", "xAnd23", "yAnd01", "yAnd23"];
export const Z_LIMBS = bytes("z");
export const R_LIMBS = ["r0", "r1"];
export const CARRIES = bytes("c");

export const MULDIV_COLUMNS = [
  ...CORE_COLUMNS, "rd", "rs1", "rs2", ...FLAGS,
  ...X_BYTES, ...Y_BYTES, ...AND_COLUMNS, ...Z_LIMBS, ...R_LIMBS, ...CARRIES,
  // sign bits of X, Y, R and of rs1 (a) in a division
  "sx", "sy", "sr", "sa",
  // division: b = 0 flag and the inverse that pins it, the |r| < |b| gate, signed overflow
  "bz", "bInv", "cmp", "ovf",
  // |b| − |r| − 1 = dLo + 2^16·dHi, with the low limb's carry e = eA − 2·eB in {−2, ..., 1}
  "eA", "eB", "dLo", "dHi",
  ...accessColumns("rs1", false), ...accessColumns("rs2", false), ...accessColumns("rd", true),
];

/** Eight bytes of a value sign-extended from four byte columns. */
function extendedBytes(b: Builder, names: string[], sign: string): ExprLike[] {
  const s = b.mul(cur(b, sign), 255);
  return [...names.map((n) => cur(b, n)), s, s, s, s];
}

/** Σ_{i+j=k} x_i·y_j over eight-byte operands. */
function byteColumn(b: Builder, xs: ExprLike[], ys: ExprLike[], k: number): Expr {
  const terms: Expr[] = [];
  for (let i = 0; i <= k; i++) terms.push(b.mul(xs[i], ys[k - i]));
  return b.sum(...terms);
}

const limb = (b: Builder, lo: string, hi: string) => b.add(cur(b, lo), b.mul(cur(b, hi), 256));

/** X·Y + R ≡ Z (mod 2^64), limb by limb; carries and Z limbs range-checked. */
function evalMultiplier(b: Builder, real: Expr): void {
  const c = (n: string) => cur(b, n);
  const xs = extendedBytes(b, X_BYTES, "sx"), ys = extendedBytes(b, Y_BYTES, "sy");
  const rExt = b.mul(c("sr"), 65535);
  const rs = [c("r0"), c("r1"), rExt, rExt];
  for (let m = 0; m < 4; m++) {
    const lhs = b.sum(byteColumn(b, xs, ys, 2 * m), b.mul(byteColumn(b, xs, ys, 2 * m + 1), 256), rs[m], m > 0 ? c(`c${m - 1}`) : 0);
    b.assertEq(lhs, b.add(c(`z${m}`), b.mul(c(`c${m}`), 65536)), `product limb ${m}`);
    range16(b, c(`z${m}`), real);
    // Both checks: rangeBits alone admits c = t/32 (a field element far from [0, 2^11)),
    // range16 alone admits c up to 2^16, where 2^16·c can pass p.
    range16(b, c(`c${m}`), real);
    rangeBits(b, c(`c${m}`), 11, real);
  }
  // x and y are bytes (pairs through the byte table: (u, v, u & v)).
  const pairs: Array<[string, string, string]> = [["x0", "x1", "xAnd01"], ["x2", "x3", "xAnd23"], ["y0", "y1", "yAnd01"], ["y2", "y3", "yAnd23"]];
  for (const [u, v, and] of pairs) b.send(BUS_BYTE, [c(u), c(v), c(and)], real);
  range16(b, c("r0"), real);
  range16(b, c("r1"), real);
}

/** Each sign bit is the top bit of its operand when the op reads it signed, else 0. */
function evalSigns(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const signedX = flagSum(b, f(SIGNED_X)), signedY = flagSum(b, f(SIGNED_Y)), signedDiv = flagSum(b, f(SIGNED_DIV));
  // Sub-sums of the op flags are 0/1 because their total is ("one op per row"): declared,
  // so these multiplicities count 1, not 4, against the range bus's cap.
  for (const s of [signedX, signedY, signedDiv]) b.declareRange(s, 1);
  for (const [s, on] of [["sx", signedX], ["sy", signedY], ["sr", signedDiv], ["sa", signedDiv]] as const) {
    b.assertBool(c(s), `${s} is 0/1`);
    b.assertZero(b.mul(c(s), b.sub(1, on)), `${s} is 0 for an unsigned operand`);
  }
  // The rest below the sign bit is in range, so the sign bit is the top bit.
  rangeBits(b, b.sub(c("x3"), b.mul(c("sx"), 128)), 7, signedX);
  rangeBits(b, b.sub(c("y3"), b.mul(c("sy"), 128)), 7, signedY);
  rangeBits(b, b.sub(c("r1"), b.mul(c("sr"), 32768)), 15, signedDiv);
  rangeBits(b, b.sub(c("z1"), b.mul(c("sa"), 32768)), 15, signedDiv);
}

/** Division: Z is rs1 extended (unless ovf), b = 0 and overflow cases, |r| < |b|, sign of r. */
function evalDivision(b: Builder, divOps: Expr): void {
  const c = (n: string) => cur(b, n);
  const mulOps = flagSum(b, f(MUL_OPS));
  b.assertZero(b.mul(mulOps, c("r0")), "no remainder in a product (low)");
  b.assertZero(b.mul(mulOps, c("r1")), "no remainder in a product (high)");
  const notOvf = b.sub(1, c("ovf"));
  for (const z of ["z2", "z3"]) {
    b.assertZero(b.mul(b.mul(divOps, notOvf), b.sub(c(z), b.mul(c("sa"), 65535))), `dividend ${z} is the sign extension`);
  }
  // bz = [b = 0]: b's limb sum is below 2^17, so zero in the field exactly when b = 0.
  const bSum = b.add(limb(b, "y0", "y1"), limb(b, "y2", "y3"));
  b.assertBool(c("bz"), "bz is 0/1");
  b.assertZero(b.mul(c("bz"), bSum), "bz only when b = 0");
  b.assertZero(b.mul(divOps, b.sub(b.sub(1, b.mul(bSum, c("bInv"))), c("bz"))), "bz when b = 0");
  const quotOps = flagSum(b, f(["DIV", "DIVU"]));
  b.assertZero(b.mul(b.mul(quotOps, c("bz")), b.sub(limb(b, "x0", "x1"), 65535)), "division by zero quotient (low)");
  b.assertZero(b.mul(b.mul(quotOps, c("bz")), b.sub(limb(b, "x2", "x3"), 65535)), "division by zero quotient (high)");
  // Signed overflow: only for DIV/REM of −2^31 by −1.
  b.assertBool(c("ovf"), "ovf is 0/1");
  b.assertZero(b.mul(c("ovf"), b.sub(1, flagSum(b, f(SIGNED_DIV)))), "overflow only in signed division");
  b.assertZero(b.mul(c("ovf"), c("z0")), "overflow needs a = -2^31 (low)");
  b.assertZero(b.mul(c("ovf"), b.sub(c("z1"), 32768)), "overflow needs a = -2^31 (high)");
  b.assertZero(b.mul(c("ovf"), b.sub(limb(b, "y0", "y1"), 65535)), "overflow needs b = -1 (low)");
  b.assertZero(b.mul(c("ovf"), b.sub(limb(b, "y2", "y3"), 65535)), "overflow needs b = -1 (high)");
  // r = 0 or sign(r) = sign(a); r's limb sum is zero exactly when r = 0.
  b.assertZero(b.mul(b.sub(1, c("sa")), c("sr")), "remainder of a non-negative dividend is non-negative");
  b.assertZero(b.mul(b.mul(c("sa"), b.sub(1, c("sr"))), b.add(c("r0"), c("r1"))), "remainder of a negative dividend is not positive");
  evalRemainderBound(b, divOps);
}

/**
 * |r| < |b| when b ≠ 0 (cmp): |b| − |r| − 1 = dLo + 2^16·dHi with both limbs range-checked.
 * With σ = 1 − 2s, |v| = σ·(vLo + 2^16·vHi) + 2^32·s, split into two limb equations:
 *   σ_b·bLo − σ_r·rLo − 1 = dLo + 2^16·e            (e = eA − 2·eB ∈ {−2, −1, 0, 1})
 *   σ_b·bHi − σ_r·rHi + e + 2^16·(s_b − s_r) = dHi
 * Every term is below 2^18 in magnitude, so both hold over the integers.
 */
function evalRemainderBound(b: Builder, divOps: Expr): void {
  const c = (n: string) => cur(b, n);
  b.assertBool(c("cmp"), "cmp is 0/1");
  b.assertEq(c("cmp"), b.mul(divOps, b.sub(1, c("bz"))), "compare the remainder when b != 0");
  b.assertBool(c("eA"), "eA is 0/1");
  b.assertBool(c("eB"), "eB is 0/1");
  const e = b.sub(c("eA"), b.mul(c("eB"), 2));
  const sigB = b.sub(1, b.mul(c("sy"), 2)), sigR = b.sub(1, b.mul(c("sr"), 2));
  const low = b.sub(b.sub(b.mul(sigB, limb(b, "y0", "y1")), b.mul(sigR, c("r0"))), 1);
  b.assertZero(b.mul(c("cmp"), b.sub(low, b.add(c("dLo"), b.mul(e, 65536)))), "remainder bound low limb");
  const high = b.sum(b.mul(sigB, limb(b, "y2", "y3")), b.neg(b.mul(sigR, c("r1"))), e, b.mul(b.sub(c("sy"), c("sr")), 65536));
  b.assertZero(b.mul(c("cmp"), b.sub(high, c("dHi"))), "remainder bound high limb");
  range16(b, c("dLo"), c("cmp"));
  range16(b, c("dHi"), c("cmp"));
}

/** Fetch, the operand reads and the result write. */
function evalInstructionIo(b: Builder, real: Expr, divOps: Expr): void {
  const c = (n: string) => cur(b, n);
  const mulOps = flagSum(b, f(MUL_OPS));
  const op = flagSelect(b, OP_NAMES.map((k) => [`is${k}`, OPS[k]]));
  evalInstruction(b, { op, rd: c("rd"), rs1: c("rs1"), rs2: c("rs2"), immLo: 0, immHi: 0, target: 0 }, b.add(c("pc"), 4), real);
  // rs1 is X in a product, Z's low word in a division.
  const aLo = b.add(b.mul(mulOps, limb(b, "x0", "x1")), b.mul(divOps, c("z0")));
  const aHi = b.add(b.mul(mulOps, limb(b, "x2", "x3")), b.mul(divOps, c("z1")));
  const high = flagSum(b, f(["MULH", "MULHSU", "MULHU"])), quot = flagSum(b, f(["DIV", "DIVU"])), rem = flagSum(b, f(["REM", "REMU"]));
  const isMul = c("isMUL");
  const rdLo = b.sum(b.mul(isMul, c("z0")), b.mul(high, c("z2")), b.mul(quot, limb(b, "x0", "x1")), b.mul(rem, c("r0")));
  const rdHi = b.sum(b.mul(isMul, c("z1")), b.mul(high, c("z3")), b.mul(quot, limb(b, "x2", "x3")), b.mul(rem, c("r1")));
  const clk = c("clk");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [aLo, aHi], write: false, mult: real });
  evalAccess(b, { prefix: "rs2", kind: KIND_REG, addr: c("rs2"), clk, slot: SLOT_RS2, value: [limb(b, "y0", "y1"), limb(b, "y2", "y3")], write: false, mult: real });
  evalAccess(b, { prefix: "rd", kind: KIND_REG, addr: c("rd"), clk, slot: SLOT_RD, value: [rdLo, rdHi], write: true, mult: real });
}

function build(b: Builder): void {
  const real = evalOneHotOps(b, FLAGS);
  const divOps = flagSum(b, f(DIV_OPS));
  evalMultiplier(b, real);
  evalSigns(b);
  evalDivision(b, divOps);
  evalInstructionIo(b, real, divOps);
}

export const muldivAir = defineAir({ name: "rv32.muldiv", main: MULDIV_COLUMNS, build });

// ---------------------------------------------------------------- trace generation

const NAME_OF = new Map<number, OpName>(OP_NAMES.map((k) => [OPS[k], k]));

/** The witness of one row: the multiplier's operands, its output limbs and the flags. */
type RowWitness = {
  x: number; y: number; r: number; z: number[]; sums: number[];
  sx: number; sy: number; sr: number; sa: number; bz: number; ovf: number;
};

/** The eight bytes of a 32-bit value extended with sign bit s. */
function extended(v: number, s: number): number[] {
  const e = 255 * s;
  return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24, e, e, e, e];
}

/** Left side of each limb equation without the incoming carry: byte products + R_m.
 * At most 133,693,441 (see the top), so exact in doubles. */
function limbSums(x: number, sx: number, y: number, sy: number, r: number, sr: number): number[] {
  const xs = extended(x, sx), ys = extended(y, sy);
  const rs = [lo16(r), hi16(r), 65535 * sr, 65535 * sr];
  const out: number[] = [];
  for (let m = 0; m < 4; m++) {
    let even = 0, odd = 0;
    for (let i = 0; i <= 2 * m; i++) even += xs[i] * ys[2 * m - i];
    for (let i = 0; i <= 2 * m + 1; i++) odd += xs[i] * ys[2 * m + 1 - i];
    out.push(even + 256 * odd + rs[m]);
  }
  return out;
}

/** The true output limbs (X·Y + R mod 2^64) of the sums. */
function honestLimbs(sums: number[]): number[] {
  let c = 0;
  return sums.map((s) => {
    const t = s + c;
    c = Math.floor(t / 65536);
    return t % 65536;
  });
}

/** q of a REM/REMU row from the recorded remainder: (a − r) / b (so a forged r + b gives
 * q − 1, another decomposition the constraints must reject by the remainder bound). */
function quotientOf(signed: boolean, a: number, b: number, r: number): number {
  if (b === 0) return 0xffffffff;
  return (signed ? Math.trunc(((a | 0) - (r | 0)) / (b | 0)) : Math.trunc((a - r) / b)) >>> 0;
}

/** The row's witness from the operands and the RECORDED result `res` (what rd got), so
 * a forged result reaches the constraints. */
function witnessOf(name: OpName, a: number, b: number, res: number): RowWitness {
  const sign = (on: OpName[], v: number) => (on.includes(name) ? v >>> 31 : 0);
  if (MUL_OPS.includes(name)) {
    const sx = sign(SIGNED_X, a), sy = sign(SIGNED_Y, b);
    const sums = limbSums(a, sx, b, sy, 0, 0);
    const z = honestLimbs(sums);
    const at = name === "MUL" ? 0 : 2;
    z[at] = lo16(res);
    z[at + 1] = hi16(res);
    return { x: a, y: b, r: 0, z, sums, sx, sy, sr: 0, sa: 0, bz: 0, ovf: 0 };
  }
  const signed = SIGNED_DIV.includes(name);
  const quotient = name === "DIV" || name === "DIVU";
  const q = quotient ? res : quotientOf(signed, a, b, res);
  const r = quotient ? (a - Math.imul(b, q)) >>> 0 : res;
  const sx = sign(SIGNED_X, q), sy = sign(SIGNED_Y, b), sr = sign(SIGNED_DIV, r), sa = sign(SIGNED_DIV, a);
  const ovf = signed && a === 0x80000000 && b === 0xffffffff ? 1 : 0;
  const sums = limbSums(q, sx, b, sy, r, sr);
  const z = [lo16(a), hi16(a), 65535 * sa, 65535 * sa];
  // Under overflow only the low word is compared: the high limbs are the product's.
  if (ovf) z.splice(2, 2, ...honestLimbs(sums).slice(2));
  return { x: q, y: b, r, z, sums, sx, sy, sr, sa, bz: b === 0 ? 1 : 0, ovf };
}

/** Counts a range lookup only when the value is in range: a forged row's out-of-range
 * value then leaves the range bus unbalanced instead of failing trace generation. */
function countBits(lookups: ByteTableCounter, v: number, bits: number): void {
  if (Number.isInteger(v) && v >= 0 && v < 2 ** bits) lookups.rangeBits(v, bits);
}

/** The multiplier's columns: bytes, limbs, carries, sign bits. */
function fillMultiplier(t: ChipTrace, row: number, w: RowWitness, name: OpName, lookups: ByteTableCounter): void {
  const xs = extended(w.x, 0), ys = extended(w.y, 0);
  for (let i = 0; i < 4; i++) {
    t.set(`x${i}`, row, xs[i]);
    t.set(`y${i}`, row, ys[i]);
  }
  const ands = [xs[0] & xs[1], xs[2] & xs[3], ys[0] & ys[1], ys[2] & ys[3]];
  AND_COLUMNS.forEach((n, i) => t.set(n, row, ands[i]));
  lookups.byte(xs[0], xs[1]); lookups.byte(xs[2], xs[3]); lookups.byte(ys[0], ys[1]); lookups.byte(ys[2], ys[3]);
  let c = 0;
  for (let m = 0; m < 4; m++) {
    c = Math.floor((w.sums[m] + c - w.z[m]) / 65536);
    t.set(`z${m}`, row, w.z[m]);
    t.set(`c${m}`, row, c);
    lookups.range16(w.z[m]);
    countBits(lookups, c, 16);
    countBits(lookups, c, 11);
  }
  t.set("r0", row, lo16(w.r)); t.set("r1", row, hi16(w.r));
  lookups.range16(lo16(w.r)); lookups.range16(hi16(w.r));
  t.set("sx", row, w.sx); t.set("sy", row, w.sy); t.set("sr", row, w.sr); t.set("sa", row, w.sa);
  if (SIGNED_X.includes(name)) lookups.rangeBits(xs[3] - 128 * w.sx, 7);
  if (SIGNED_Y.includes(name)) lookups.rangeBits(ys[3] - 128 * w.sy, 7);
  if (SIGNED_DIV.includes(name)) {
    lookups.rangeBits(hi16(w.r) - 32768 * w.sr, 15);
    lookups.rangeBits(w.z[1] - 32768 * w.sa, 15);
  }
}

/** Division flags and, when b ≠ 0, the split of |b| − |r| − 1. */
function fillDivision(t: ChipTrace, row: number, w: RowWitness, lookups: ByteTableCounter): void {
  const bSum = lo16(w.y) + hi16(w.y);
  t.set("bz", row, w.bz);
  t.set("bInv", row, bSum === 0 ? 0 : inv(bSum));
  t.set("ovf", row, w.ovf);
  if (w.bz) return;
  t.set("cmp", row, 1);
  const sigB = 1 - 2 * w.sy, sigR = 1 - 2 * w.sr;
  const low = sigB * lo16(w.y) - sigR * lo16(w.r) - 1;
  const dLo = ((low % 65536) + 65536) % 65536;
  const e = (low - dLo) / 65536;
  const dHi = sigB * hi16(w.y) - sigR * hi16(w.r) + e + 65536 * (w.sy - w.sr);
  t.set("eA", row, e & 1); t.set("eB", row, e < 0 ? 1 : 0); t.set("dLo", row, dLo); t.set("dHi", row, dHi);
  lookups.range16(dLo);
  countBits(lookups, dHi, 16);
}

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function muldivTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(MULDIV_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  rows.forEach((i, row) => {
    const name = NAME_OF.get(I.op[i])!;
    const s0 = I.accessStart[i], s1 = I.accessStart[i + 1];
    const ia = findAccess(A, s0, s1, SLOT_RS1), ib = findAccess(A, s0, s1, SLOT_RS2), id = findAccess(A, s0, s1, SLOT_RD);
    t.set("pc", row, I.pc[i]); t.set("clk", row, I.clk[i]);
    t.set("rd", row, I.rd[i]); t.set("rs1", row, I.rs1[i]); t.set("rs2", row, I.rs2[i]);
    t.set(`is${name}`, row, 1);
    const w = witnessOf(name, A.after[ia], A.after[ib], A.after[id]);
    fillMultiplier(t, row, w, name, lookups);
    if (DIV_OPS.includes(name)) fillDivision(t, row, w, lookups);
    fillAccess(t, "rs1", row, A, ia, false, lookups);
    fillAccess(t, "rs2", row, A, ib, false, lookups);
    fillAccess(t, "rd", row, A, id, true, lookups);
  });
  return t; // padding rows: all zero (no op, every constraint holds)
}
