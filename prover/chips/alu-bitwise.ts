// The bitwise ALU chip: XOR, OR, AND and their immediate forms. One row per instruction.
//
// Both operands are split into bytes (x0..x3 of rs1, y0..y3 of rs2 or the immediate),
// and one byte-bus lookup (x_i, y_i, and_i) per byte pair proves that x_i and y_i are
// bytes and that and_i = x_i & y_i. Then, per byte,
//   XOR = x + y - 2·and,  OR = x + y - and,  AND = and,
// so each result byte is a byte by construction and the result limbs
//   r = cx·(x + y) + ca·and   (limbs: byte0 + 256·byte1; cx, ca from the op flags)
// are in [0, 2^16) (the memory invariant). The operand limbs that the memory bus and the
// program table see are the byte sums (x0 + 256·x1, ...), so the bytes are the operands'.
// The result limbs are columns filled from the recorded rd write, so a forged result
// fails the "result ... limb" constraints.
import { defineAir } from "../air/builder.ts";
import { OP } from "../riscv/isa.ts";
import { BUS_BYTE } from "./buses.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import {
  CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, registerAccesses, fillRegisterInstruction, flagSelect, evalOneHotOps, flagSum,
  hi16, lo16, type Builder,
} from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

const OPS = { XOR: OP.XOR, OR: OP.OR, AND: OP.AND, XORI: OP.XORI, ORI: OP.ORI, ANDI: OP.ANDI } as const;
type OpName = keyof typeof OPS;
const OP_NAMES = Object.keys(OPS) as OpName[];
const FLAGS = OP_NAMES.map((k) => `is${k}`);
const f = (names: OpName[]) => names.map((n) => `is${n}`);
const BYTES = [0, 1, 2, 3];

export const ALU_BITWISE_OPS: readonly number[] = Object.values(OPS);

export const ALU_BITWISE_COLUMNS = [
  ...CORE_COLUMNS, "rd", "rs1", "rs2", ...FLAGS,
  ...BYTES.map((i) => `x${i}`), ...BYTES.map((i) => `y${i}`), ...BYTES.map((i) => `and${i}`), "rLo", "rHi",
  ...accessColumns("rs1", false), ...accessColumns("rs2", false), ...accessColumns("rd", true),
];

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const real = evalOneHotOps(b, FLAGS);
  const isImm = flagSum(b, f(["XORI", "ORI", "ANDI"]));
  // Per byte: result = cx·(x + y) + ca·and.
  const isXor = flagSum(b, f(["XOR", "XORI"])), isOr = flagSum(b, f(["OR", "ORI"])), isAnd = flagSum(b, f(["AND", "ANDI"]));
  const cx = b.add(isXor, isOr);
  const ca = b.sub(isAnd, b.add(isOr, b.mul(isXor, 2)));
  const limb = (p: string, k: number) => b.add(c(`${p}${2 * k}`), b.mul(c(`${p}${2 * k + 1}`), 256));
  const x = [limb("x", 0), limb("x", 1)], y = [limb("y", 0), limb("y", 1)], and = [limb("and", 0), limb("and", 1)];
  ["rLo", "rHi"].forEach((r, k) => {
    b.assertEq(c(r), b.add(b.mul(cx, b.add(x[k], y[k])), b.mul(ca, and[k])), `result ${k === 0 ? "low" : "high"} limb`);
  });
  for (const i of BYTES) b.send(BUS_BYTE, [c(`x${i}`), c(`y${i}`), c(`and${i}`)], real);
  const op = flagSelect(b, OP_NAMES.map((k) => [`is${k}`, OPS[k]]));
  evalInstruction(b, {
    op, rd: c("rd"), rs1: c("rs1"), rs2: c("rs2"), immLo: b.mul(isImm, y[0]), immHi: b.mul(isImm, y[1]), target: 0,
  }, b.add(c("pc"), 4), real);
  const clk = c("clk");
  evalAccess(b, { prefix: "rs1", kind: KIND_REG, addr: c("rs1"), clk, slot: SLOT_RS1, value: [x[0], x[1]], write: false, mult: real });
  evalAccess(b, { prefix: "rs2", kind: KIND_REG, addr: c("rs2"), clk, slot: SLOT_RS2, value: [y[0], y[1]], write: false, mult: b.sub(real, isImm) });
  evalAccess(b, { prefix: "rd", kind: KIND_REG, addr: c("rd"), clk, slot: SLOT_RD, value: [c("rLo"), c("rHi")], write: true, mult: real });
}

export const aluBitwiseAir = defineAir({ name: "rv32.alu-bitwise", main: ALU_BITWISE_COLUMNS, build });

const NAME_OF = new Map<number, OpName>(OP_NAMES.map((k) => [OPS[k], k]));

/** The chip's trace from the rows `rows` (instruction indices) of the events. */
export function aluBitwiseTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(ALU_BITWISE_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const name = NAME_OF.get(I.op[i])!;
    const { ia, ib, id } = registerAccesses(ev, i);
    const xv = A.after[ia], yv = ib >= 0 ? A.after[ib] : I.imm[i];
    fillRegisterInstruction(t, r, ev, i, `is${name}`);
    for (const k of BYTES) {
      const xb = (xv >>> (8 * k)) & 255, yb = (yv >>> (8 * k)) & 255;
      set(`x${k}`, r, xb); set(`y${k}`, r, yb); set(`and${k}`, r, xb & yb);
      lookups.byte(xb, yb);
    }
    // The result as recorded (what the instruction wrote), so a forged one must fail.
    set("rLo", r, lo16(A.after[id])); set("rHi", r, hi16(A.after[id]));
    fillAccess(t, "rs1", r, A, ia, false, lookups);
    if (ib >= 0) fillAccess(t, "rs2", r, A, ib, false, lookups);
    fillAccess(t, "rd", r, A, id, true, lookups);
  });
  return t;
}
