// The load/store chip: LB, LH, LW, LBU, LHU, SB, SH, SW. One row per instruction.
//
// Effective address: rs1 + imm (mod 2^32) over 16-bit limbs with carries c0, c1:
//   aLo + immLo = 4·wordQ + off + 2^16·c0,   aHi + immHi + c0 = addrHi + 2^16·c1,
// off = o1 + 2·o2 + 3·o3 from one-hot offset flags. wordQ < 2^16 (a range16 lookup: an
// integer, so 4·wordQ is a multiple of 4) and addrHi < 2^14 (rangeBits; the high-limb
// equation already pins addrHi to a small integer), so all of it holds over the
// integers: 4·wordQ + off + 2^16·addrHi = rs1 + imm - 2^32·c1, which pins off = the
// address mod 4 and the aligned word address 4·wordQ + 2^16·addrHi, below 2^31 < p:
// its field value is the address itself and no two addresses share a memory token.
// Every mapped word lies below MEMORY_TOP = 0x3000_0000 < 2^30, so no honest access is
// lost (an address at or above 2^30 faults in the emulator anyway).
//
// The accessed word is split into bytes w0..w3 (w1 = (lo - w0)/256 and w3 =
// (hi - w2)/256 are expressions, proven bytes by the byte bus lookups (w0, w1) and
// (w2, w3)). Loads read it (new = old), select a byte or half by the offset flags and
// extend it by the sign bit of its top byte (top = 128·sign + rest, rest < 2^7). Stores
// write old with the selected byte(s) replaced by rs2's low byte(s); the other bytes
// stay equal by construction.
//
// Two columns serve different ops, as no op needs both uses:
//   reg2  rd for loads, rs2 for stores; one register access "r2" reads rs2 (slot RS2)
//         or writes rd (slot RD), its prev limbs being rs2's value for a store
//   u     rs2's low byte for SB (lookup (u, (rs2Lo - u)/256)), rest for LB/LH (lookup
//         (2·rest, 0): a byte, so rest < 2^7)
import { defineAir, type Expr } from "../air/builder.ts";
import { inv, mul } from "../field/babybear.ts";
import { OP } from "../riscv/isa.ts";
import { BUS_BYTE } from "./buses.ts";
import { KIND_REG, KIND_RW, SLOT_MEM, SLOT_RD, SLOT_RS1, SLOT_RS2, type AccessEvents, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, findAccess, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, range16, rangeBits, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

const OPS = { LB: OP.LB, LH: OP.LH, LW: OP.LW, LBU: OP.LBU, LHU: OP.LHU, SB: OP.SB, SH: OP.SH, SW: OP.SW } as const;
type OpName = keyof typeof OPS;
const OP_NAMES = Object.keys(OPS) as OpName[];
const FLAGS = OP_NAMES.map((k) => `is${k}`);
const LOADS: OpName[] = ["LB", "LH", "LW", "LBU", "LHU"];
const STORES: OpName[] = ["SB", "SH", "SW"];
const f = (names: OpName[]) => names.map((n) => `is${n}`);
const OFFSETS = ["o0", "o1", "o2", "o3"];
const INV_256 = inv(256);
/** r2's slot is RS2 for a store, RD for a load: evalAccess's ts = 4·clk + slot + 1, so a
 * load shifts the clock it is given by (RD - RS2)/4 (exact in the field). */
const R2_CLK_SHIFT = mul(SLOT_RD - SLOT_RS2, inv(4));

export const LOAD_STORE_OPS: readonly number[] = Object.values(OPS);

export const LOAD_STORE_COLUMNS = [
  ...CORE_COLUMNS, "reg2", "rs1", ...FLAGS, "immLo", "immHi",
  "aLo", "aHi", "c0", "c1", "wordQ", "addrHi", ...OFFSETS, "isRW",
  "w0", "w2", "and01", "and23", "u", "andU", "newLo", "newHi", "val", "sign",
  ...accessColumns("rs1", false), ...accessColumns("mem", true), ...accessColumns("r2", true),
];

/** The accessed word's previous limbs and bytes (w1, w3 as expressions). */
function wordBytes(b: Builder) {
  const c = (n: string) => cur(b, n);
  const lo = c("mem.prevLo"), hi = c("mem.prevHi");
  const w1 = b.mul(b.sub(lo, c("w0")), INV_256), w3 = b.mul(b.sub(hi, c("w2")), INV_256);
  return { lo, hi, w: [c("w0"), w1, c("w2"), w3] };
}

/** rs1 + imm = the aligned word address + the offset (see the header); returns the
 * word address. */
function evalAddress(b: Builder, real: Expr): Expr {
  const c = (n: string) => cur(b, n);
  for (const o of OFFSETS) b.assertBool(c(o), `${o} is 0/1`);
  b.assertEq(flagSum(b, OFFSETS), real, "one offset per row");
  const off = b.sum(c("o1"), b.mul(c("o2"), 2), b.mul(c("o3"), 3));
  b.assertBool(c("c0"), "c0 is 0/1");
  b.assertBool(c("c1"), "c1 is 0/1");
  b.assertEq(b.add(c("aLo"), c("immLo")), b.sum(b.mul(c("wordQ"), 4), off, b.mul(c("c0"), 65536)), "address low limb");
  b.assertEq(b.sum(c("aHi"), c("immHi"), c("c0")), b.add(c("addrHi"), b.mul(c("c1"), 65536)), "address high limb");
  range16(b, c("wordQ"), real);
  rangeBits(b, c("addrHi"), 14, real);
  // Alignment, as the emulator enforces it.
  b.assertZero(b.mul(flagSum(b, f(["LW", "SW"])), b.sub(1, c("o0"))), "word access is aligned");
  b.assertZero(b.mul(flagSum(b, f(["LH", "LHU", "SH"])), b.add(c("o1"), c("o3"))), "half access is aligned");
  return b.add(b.mul(c("wordQ"), 4), b.mul(c("addrHi"), 65536));
}

/** Loads: the value written to rd, [lo, hi] (degree 2; 0 for stores). */
function evalLoadValue(b: Builder): [Expr, Expr] {
  const c = (n: string) => cur(b, n);
  const { lo, hi, w } = wordBytes(b);
  const o = OFFSETS.map(c);
  const byte = b.sum(...w.map((x, j) => b.mul(o[j], x)));
  const half = b.add(b.mul(o[0], lo), b.mul(o[2], hi));
  const halfTop = b.add(b.mul(o[0], w[1]), b.mul(o[2], w[3]));
  // Sign bit: of the byte (LB) or of the half's high byte (LH); 0 for other ops. The
  // rest (column u) is proven below 2^7 by the lookup in evalAuxByte.
  b.assertBool(c("sign"), "sign is 0/1");
  const signed = flagSum(b, f(["LB", "LH"]));
  b.assertZero(b.mul(c("sign"), b.sub(1, signed)), "sign only for lb/lh");
  const top = b.add(b.mul(c("isLB"), byte), b.mul(c("isLH"), halfTop));
  b.assertZero(b.sub(top, b.mul(signed, b.add(b.mul(c("sign"), 128), c("u")))), "sign of the loaded value");
  // val: the low limb of the result. Every term is a range-checked limb, a byte, or a
  // byte + 0xff00, so val < 2^16 without a lookup of its own; so is the high limb.
  const low = b.sum(
    b.mul(c("isLW"), lo), b.mul(flagSum(b, f(["LB", "LBU"])), byte), b.mul(flagSum(b, f(["LH", "LHU"])), half),
    b.mul(b.mul(c("isLB"), c("sign")), 0xff00),
  );
  b.assertEq(c("val"), low, "load low limb");
  return [c("val"), b.add(b.mul(c("isLW"), hi), b.mul(c("sign"), 0xffff))];
}

/** The word after the access: old with the selected bytes replaced (loads: old). The
 * new limbs are range-checked by construction: bytes, rs2's limbs and the old limbs.
 * rs2's value is r2's prev limbs (a store's r2 access is the rs2 read). */
function evalStoreValue(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const { lo, hi, w } = wordBytes(b);
  const o = OFFSETS.map(c);
  const r0 = c("u"), bLo = c("r2.prevLo"), bHi = c("r2.prevHi");
  const isSB = c("isSB"), isSH = c("isSH"), isSW = c("isSW");
  const byteIn = (j: number, scale: number) => b.mul(o[j], b.mul(b.sub(r0, w[j]), scale));
  const dLo = b.sum(b.mul(isSW, b.sub(bLo, lo)), b.mul(b.mul(isSH, o[0]), b.sub(bLo, lo)), b.mul(isSB, b.add(byteIn(0, 1), byteIn(1, 256))));
  const dHi = b.sum(b.mul(isSW, b.sub(bHi, hi)), b.mul(b.mul(isSH, o[2]), b.sub(bLo, hi)), b.mul(isSB, b.add(byteIn(2, 1), byteIn(3, 256))));
  b.assertEq(c("newLo"), b.add(lo, dLo), "stored low limb");
  b.assertEq(c("newHi"), b.add(hi, dHi), "stored high limb");
}

/** One byte lookup for column u: SB (u, (rs2Lo - u)/256), so u is rs2's low byte;
 * LB/LH (2·u, 0), so u < 2^7. */
function evalAuxByte(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const isSB = c("isSB"), signed = flagSum(b, f(["LB", "LH"]));
  const x = b.mul(c("u"), b.add(1, signed));
  const y = b.mul(isSB, b.mul(b.sub(c("r2.prevLo"), c("u")), INV_256));
  const mult = b.add(isSB, signed);
  b.declareRange(mult, 1); // a sum of flags of one row: 0/1 by "one op per row"
  b.send(BUS_BYTE, [x, y, c("andU")], mult);
}

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const real = evalOneHotOps(b, FLAGS);
  const isLoad = flagSum(b, f(LOADS)), isStore = flagSum(b, f(STORES));
  const addr = evalAddress(b, real);
  b.assertBool(c("isRW"), "isRW is 0/1");
  b.assertZero(b.mul(isStore, b.sub(1, c("isRW"))), "stores write a writable word");
  const { w } = wordBytes(b);
  b.send(BUS_BYTE, [w[0], w[1], c("and01")], real);
  b.send(BUS_BYTE, [w[2], w[3], c("and23")], real);
  const [rdLo, rdHi] = evalLoadValue(b);
  evalStoreValue(b);
  evalAuxByte(b);
  // The program table has rd = 0 for stores and rs2 = 0 for loads.
  const reg2 = c("reg2");
  const op = flagSelect(b, OP_NAMES.map((k) => [`is${k}`, OPS[k]]));
  evalInstruction(b, {
    op, rd: b.mul(isLoad, reg2), rs1: c("rs1"), rs2: b.mul(isStore, reg2), immLo: c("immLo"), immHi: c("immHi"), target: 0,
  }, b.add(c("pc"), 4), real);
  const clk = c("clk");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [c("aLo"), c("aHi")], write: false, mult: real });
  // kind 1 + isRW: read-only or writable (never a register); stores writable only (above).
  evalAccess(b, { prefix: "mem", kind: b.add(1, c("isRW")), addr, clk, slot: SLOT_MEM, value: [c("newLo"), c("newHi")], write: true, mult: real });
  // r2: a store reads rs2 (value = prev), a load writes rd (rdLo, rdHi are 0 for stores).
  const r2Value: [Expr, Expr] = [b.add(b.mul(isStore, c("r2.prevLo")), rdLo), b.add(b.mul(isStore, c("r2.prevHi")), rdHi)];
  const r2Clk = b.add(clk, b.mul(isLoad, R2_CLK_SHIFT));
  evalAccess(b, { prefix: "r2", kind: KIND_REG, addr: reg2, clk: r2Clk, slot: SLOT_RS2, value: r2Value, write: true, mult: real });
}

export const loadStoreAir = defineAir({ name: "rv32.load-store", main: LOAD_STORE_COLUMNS, build });

const NAME_OF = new Map<number, OpName>(OP_NAMES.map((k) => [OPS[k], k]));

const byteOf = (word: number, j: number) => (word >>> (8 * j)) & 255;

/** Address columns from rs1's value a and the immediate; returns the offset. */
function fillAddress(t: ChipTrace, r: number, a: number, imm: number, lookups: ByteTableCounter): number {
  const addr = (a + imm) >>> 0;
  const c0 = (lo16(a) + lo16(imm)) >>> 16;
  const set = (n: string, v: number) => (t.col(n)[r] = v);
  set("aLo", lo16(a)); set("aHi", hi16(a)); set("immLo", lo16(imm)); set("immHi", hi16(imm));
  set("c0", c0); set("c1", (hi16(a) + hi16(imm) + c0) >>> 16);
  set("wordQ", (addr & 0xffff) >>> 2); set("addrHi", hi16(addr)); set(`o${addr & 3}`, 1);
  lookups.range16((addr & 0xffff) >>> 2);
  // An address at or above 2^30 faults in the emulator: the lookup is for completeness.
  if (hi16(addr) < 1 << 14) lookups.rangeBits(hi16(addr), 14);
  return addr & 3;
}

/** Word bytes, the new word and the kind, from the recorded memory access. */
function fillWord(t: ChipTrace, r: number, A: AccessEvents, im: number, lookups: ByteTableCounter): void {
  const old = A.before[im], w = [0, 1, 2, 3].map((j) => byteOf(old, j));
  const set = (n: string, v: number) => (t.col(n)[r] = v);
  set("w0", w[0]); set("w2", w[2]); set("and01", w[0] & w[1]); set("and23", w[2] & w[3]);
  lookups.byte(w[0], w[1]);
  lookups.byte(w[2], w[3]);
  set("newLo", lo16(A.after[im])); set("newHi", hi16(A.after[im]));
  set("isRW", A.kind[im] === KIND_RW ? 1 : 0);
}

/** Load result columns from the recorded rd write (a forged result reaches them). */
function fillLoad(t: ChipTrace, r: number, name: OpName, off: number, old: number, result: number, lookups: ByteTableCounter): void {
  const signed = name === "LB" || name === "LH";
  const sign = signed ? result >>> 31 : 0;
  t.col("val")[r] = lo16(result);
  t.col("sign")[r] = sign;
  if (!signed) return;
  const rest = byteOf(old, name === "LB" ? off : off + 1) - 128 * sign;
  t.set("u", r, rest);
  if (rest >= 0 && rest < 128) lookups.byte(2 * rest, 0); // else (a forged sign) the bus shows it
}

/** SB: rs2's low byte in u, looked up with its second byte. */
function fillStoreByte(t: ChipTrace, r: number, v: number, lookups: ByteTableCounter): void {
  t.col("u")[r] = v & 255;
  t.col("andU")[r] = v & (v >>> 8) & 255;
  lookups.byte(v & 255, (v >>> 8) & 255);
}

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function loadStoreTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(LOAD_STORE_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const name = NAME_OF.get(I.op[i])!;
    const s0 = I.accessStart[i], s1 = I.accessStart[i + 1];
    const ia = findAccess(A, s0, s1, SLOT_RS1), im = findAccess(A, s0, s1, SLOT_MEM);
    const store = STORES.includes(name);
    const i2 = findAccess(A, s0, s1, store ? SLOT_RS2 : SLOT_RD);
    set("pc", r, I.pc[i]); set("clk", r, I.clk[i]); set("rs1", r, I.rs1[i]); set("reg2", r, store ? I.rs2[i] : I.rd[i]);
    set(`is${name}`, r, 1);
    const off = fillAddress(t, r, A.after[ia], I.imm[i], lookups);
    fillWord(t, r, A, im, lookups);
    fillAccess(t, "rs1", r, A, ia, false, lookups);
    fillAccess(t, "mem", r, A, im, true, lookups);
    fillAccess(t, "r2", r, A, i2, true, lookups); // a read's before = after: rs2's value
    if (!store) fillLoad(t, r, name, off, A.before[im], A.after[i2], lookups);
    if (name === "SB") fillStoreByte(t, r, A.after[i2], lookups);
  });
  // Padding rows: all zero (no flag, no interaction; every constraint holds at zero).
  return t;
}
