// The hint read: ecall with a7 = 63, read(fd = a0 = 4, buf = a1, len = a2). The prover
// chooses count <= a2 hint bytes (unconstrained values: fd 4 is not committed), writes
// them to memory at a1 and returns a0 := count. One row per read ecall here; the buffer
// words are rows of syscall-read-words.ts, chained from this row on the `rv32.read` bus.
//
// This row reads a7 (= 63) and a0 (= 4) as constants on the memory bus (a register
// holding anything else leaves the bus unbalanced), reads a1 and a2, writes count with
// range-checked limbs, proves count + df = a2 with df >= 0 (no borrow out), and, when
// count > 0, starts the chain at W0 = a1 - lead, lead = a1 mod 4 (a1's low limb is
// 4·q + lead, q < 2^16, so q < 2^14), a1's high limb below 2^14 (W0 < 2^30, no wrap),
// with end = a1 + count. A read of 0 bytes writes nothing, wherever a1 points.
import { defineAir } from "../air/builder.ts";
import { inv } from "../field/babybear.ts";
import { OP } from "../riscv/isa.ts";
import { KIND_REG, SLOT_RD, SLOT_RS1, SLOT_RS2, SYS_READ, type SegmentEvents } from "./events.ts";
import { CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, findAccess, hi16, lo16, range16, type Builder } from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";
import { BUS_READ, readArgs } from "./syscall-read-words.ts";

export const SYSCALL_READ_OPS: readonly number[] = [OP.ECALL];
const FD_HINTS = 4;
const REG = { a7: 17, a0: 10, a1: 11, a2: 12 } as const;

export const SYSCALL_READ_COLUMNS = [
  ...CORE_COLUMNS, "isRead", "a1Lo", "a1Hi", "a2Lo", "a2Hi", "countLo", "countHi", "dfLo", "dfHi", "borrow",
  "l0", "l1", "q", "hasWords", "countInv",
  ...accessColumns("a7", false), ...accessColumns("a0", false), ...accessColumns("a1", false), ...accessColumns("a2", false),
  ...accessColumns("ret", true),
];

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const isRead = c("isRead"), hasWords = c("hasWords");
  b.assertBool(isRead, "isRead is 0/1");
  // count <= a2: count + df = a2 over 16-bit limbs with no borrow out.
  b.assertBool(c("borrow"), "borrow is 0/1");
  b.assertEq(b.add(c("countLo"), c("dfLo")), b.add(c("a2Lo"), b.mul(c("borrow"), 65536)), "count + df low limb");
  b.assertEq(b.sum(c("countHi"), c("dfHi"), c("borrow")), c("a2Hi"), "count + df high limb");
  for (const n of ["countLo", "countHi", "dfLo", "dfHi"]) range16(b, c(n), isRead);
  // hasWords = [count != 0] (the limbs are range-checked, so their sum is 0 only for 0).
  const z = b.add(c("countLo"), c("countHi"));
  b.assertBool(hasWords, "hasWords is 0/1");
  b.assertEq(hasWords, b.mul(z, c("countInv")), "hasWords = z·countInv");
  b.assertZero(b.mul(z, b.sub(1, hasWords)), "a count != 0 has words");
  // a1 = W0 + lead with W0 aligned and below 2^30.
  b.assertBool(c("l0"), "l0 is 0/1");
  b.assertBool(c("l1"), "l1 is 0/1");
  b.assertEq(c("a1Lo"), b.sum(b.mul(c("q"), 4), c("l0"), b.mul(c("l1"), 2)), "a1 low limb split");
  range16(b, c("q"), hasWords);
  range16(b, b.mul(c("a1Hi"), 4), hasWords);
  const w0 = b.add(b.mul(c("q"), 4), b.mul(c("a1Hi"), 65536));
  const end = b.sum(c("a1Lo"), b.mul(c("a1Hi"), 65536), c("countLo"), b.mul(c("countHi"), 65536));
  b.send(BUS_READ, [c("clk"), w0, c("l0"), c("l1"), end], hasWords);
  b.assertZero(b.mul(hasWords, b.sub(1, isRead)), "only a read has words");
  evalInstruction(b, { op: OP.ECALL, rd: 0, rs1: 0, rs2: 0, immLo: 0, immHi: 0, target: 0 }, b.add(c("pc"), 4), isRead);
  const clk = c("clk");
  evalAccess(b, { prefix: "a7", kind: KIND_REG, addr: REG.a7, clk, slot: SLOT_RS1, value: [SYS_READ, 0], write: false, mult: isRead });
  evalAccess(b, { prefix: "a0", kind: KIND_REG, addr: REG.a0, clk, slot: SLOT_RS2, value: [FD_HINTS, 0], write: false, mult: isRead });
  evalAccess(b, { prefix: "a1", kind: KIND_REG, addr: REG.a1, clk, slot: SLOT_RS1, value: [c("a1Lo"), c("a1Hi")], write: false, mult: isRead });
  evalAccess(b, { prefix: "a2", kind: KIND_REG, addr: REG.a2, clk, slot: SLOT_RS1, value: [c("a2Lo"), c("a2Hi")], write: false, mult: isRead });
  evalAccess(b, { prefix: "ret", kind: KIND_REG, addr: REG.a0, clk, slot: SLOT_RD, value: [c("countLo"), c("countHi")], write: true, mult: isRead });
}

export const syscallReadAir = defineAir({ name: "rv32.syscall-read", main: SYSCALL_READ_COLUMNS, build });

/** Dispatch (rv32.ts): the ecalls whose a7 is 63. */
export function isHintRead(ev: SegmentEvents, i: number): boolean {
  return readArgs(ev, i) !== null;
}

export function syscallReadTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(SYSCALL_READ_COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const s0 = I.accessStart[i], s1 = I.accessStart[i + 1];
    set("pc", r, I.pc[i]); set("clk", r, I.clk[i]); set("isRead", r, 1);
    const k = {
      a7: findAccess(A, s0, s1, SLOT_RS1, REG.a7), a0: findAccess(A, s0, s1, SLOT_RS2, REG.a0),
      a1: findAccess(A, s0, s1, SLOT_RS1, REG.a1), a2: findAccess(A, s0, s1, SLOT_RS1, REG.a2), ret: findAccess(A, s0, s1, SLOT_RD),
    };
    for (const n of ["a7", "a0", "a1", "a2"] as const) fillAccess(t, n, r, A, k[n], false, lookups);
    fillAccess(t, "ret", r, A, k.ret, true, lookups);
    const a1 = A.after[k.a1], a2 = A.after[k.a2], count = A.after[k.ret];
    set("a1Lo", r, lo16(a1)); set("a1Hi", r, hi16(a1)); set("a2Lo", r, lo16(a2)); set("a2Hi", r, hi16(a2));
    // The count as recorded (what the ecall wrote to a0), so a forged one reaches the constraints.
    const df = (a2 - count) >>> 0;
    set("countLo", r, lo16(count)); set("countHi", r, hi16(count));
    set("dfLo", r, lo16(df)); set("dfHi", r, hi16(df)); set("borrow", r, lo16(count) + lo16(df) >= 65536 ? 1 : 0);
    for (const v of [lo16(count), hi16(count), lo16(df), hi16(df)]) lookups.range16(v);
    set("l0", r, a1 & 1); set("l1", r, (a1 >>> 1) & 1); set("q", r, lo16(a1) >>> 2);
    if (count !== 0) {
      set("hasWords", r, 1);
      set("countInv", r, inv(lo16(count) + hi16(count)));
      lookups.range16(lo16(a1) >>> 2);
      lookups.rangeBits(hi16(a1), 14);
    }
  });
  return t;
}
