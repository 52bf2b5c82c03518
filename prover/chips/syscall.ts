// The syscall chip: one row per ecall. Every ecall reads a7 (the syscall number), a0,
// a1 and a2.
//   write (a7 = 64): fd a0 in {1, 2, 3}; returns a0 = a2 (the length). The bytes are not
//        proven: fds 1 and 2 are debug output, and fd 3's bytes are bound through the
//        output digest that the guest hashes itself and hands over at exit.
//   exit (a7 = 93): ends the execution chain. It sends the statement (exit code a0,
//        its clk, whether a1 points at an output digest, the 8 digest words read from
//        memory at a1) on the exit bus, which the verifier consumes (statement.ts).
// Any other a7 makes the run unprovable (the emulator faults on it too).
import { defineAir } from "../air/builder.ts";
import { OP } from "../riscv/isa.ts";
import { inv } from "../field/babybear.ts";
import { BUS_EXIT } from "./buses.ts";
import { KIND_REG, KIND_RO, KIND_RW, SLOT_MEM, SLOT_RD, SLOT_RS1, SLOT_RS2, type SegmentEvents } from "./events.ts";
import { CORE_COLUMNS, accessColumns, cur, evalAccess, evalInstruction, fillAccess, findAccess, hi16, lo16, rangeBits, type Builder } from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

export const SYSCALL_OPS: readonly number[] = [OP.ECALL];
const SYS_WRITE = 64, SYS_EXIT = 93;
const REG = { a7: 17, a0: 10, a1: 11, a2: 12 } as const;
const READS = [["a7", SLOT_RS1], ["a0", SLOT_RS2], ["a1", SLOT_RS1], ["a2", SLOT_RS1]] as const;
const DIGEST = [0, 1, 2, 3, 4, 5, 6, 7];

const COLUMNS = [
  ...CORE_COLUMNS, "isExit", "isWrite", "fdAux", "hasDigest", "a1Inv", "dKind",
  ...READS.flatMap(([r]) => [`${r}Lo`, `${r}Hi`, ...accessColumns(r, false)]),
  ...accessColumns("ret", true),
  ...DIGEST.flatMap((i) => [`d${i}Lo`, `d${i}Hi`, ...accessColumns(`d${i}`, false)]),
];

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const isExit = c("isExit"), isWrite = c("isWrite"), hasDigest = c("hasDigest");
  b.assertBool(isExit, "isExit is 0/1");
  b.assertBool(isWrite, "isWrite is 0/1");
  const real = b.add(isExit, isWrite);
  b.assertBool(real, "one syscall per row");
  b.assertZero(b.mul(isExit, b.sub(c("a7Lo"), SYS_EXIT)), "exit number");
  b.assertZero(b.mul(isWrite, b.sub(c("a7Lo"), SYS_WRITE)), "write number");
  b.assertZero(b.mul(real, c("a7Hi")), "syscall number high limb");
  // write: fd in {1, 2, 3}
  const fd = c("a0Lo");
  b.assertEq(c("fdAux"), b.mul(b.sub(fd, 1), b.sub(fd, 2)), "fd product");
  b.assertZero(b.mul(isWrite, b.mul(c("fdAux"), b.sub(fd, 3))), "write fd is 1, 2 or 3");
  b.assertZero(b.mul(isWrite, c("a0Hi")), "write fd high limb");
  // exit: hasDigest = [a1 != 0], the digest's address below 2^30, its kind RO or RW
  const s = b.add(c("a1Lo"), c("a1Hi"));
  b.assertBool(hasDigest, "hasDigest is 0/1");
  b.assertZero(b.mul(hasDigest, b.sub(1, isExit)), "only exit hands over a digest");
  b.assertZero(b.mul(isExit, b.sub(hasDigest, b.mul(s, c("a1Inv")))), "hasDigest = a1·a1Inv");
  b.assertZero(b.mul(isExit, b.mul(s, b.sub(1, hasDigest))), "a1 != 0 has a digest");
  rangeBits(b, c("a1Hi"), 14, hasDigest);
  b.assertZero(b.mul(hasDigest, b.mul(b.sub(c("dKind"), KIND_RO), b.sub(c("dKind"), KIND_RW))), "digest kind");
  evalInstruction(b, { op: OP.ECALL, rd: 0, rs1: 0, rs2: 0, immLo: 0, immHi: 0, target: 0 }, b.add(c("pc"), 4), real, isWrite);
  const clk = c("clk");
  for (const [r, slot] of READS) {
    evalAccess(b, { prefix: r, kind: KIND_REG, addr: REG[r], clk, slot, value: [c(`${r}Lo`), c(`${r}Hi`)], write: false, mult: real });
  }
  evalAccess(b, { prefix: "ret", kind: KIND_REG, addr: REG.a0, clk, slot: SLOT_RD, value: [c("a2Lo"), c("a2Hi")], write: true, mult: isWrite });
  const a1 = b.add(c("a1Lo"), b.mul(c("a1Hi"), 65536));
  for (const i of DIGEST) {
    evalAccess(b, { prefix: `d${i}`, kind: c("dKind"), addr: b.add(a1, 4 * i), clk, slot: SLOT_MEM, value: [c(`d${i}Lo`), c(`d${i}Hi`)], write: false, mult: hasDigest });
  }
  b.send(BUS_EXIT, [c("a0Lo"), c("a0Hi"), clk, hasDigest, ...DIGEST.flatMap((i) => [b.mul(hasDigest, c(`d${i}Lo`)), b.mul(hasDigest, c(`d${i}Hi`))])], isExit);
}

export const syscallAir = defineAir({ name: "rv32.syscall", main: COLUMNS, build });

export function syscallTrace(ev: SegmentEvents, rows: number[], lookups: ByteTableCounter): ChipTrace {
  const t = new ChipTrace(COLUMNS, rows.length);
  const I = ev.instructions, A = ev.accesses;
  const set = (n: string, r: number, v: number) => (t.col(n)[r] = v);
  rows.forEach((i, r) => {
    const s0 = I.accessStart[i], s1 = I.accessStart[i + 1];
    set("pc", r, I.pc[i]);
    set("clk", r, I.clk[i]);
    const val: Record<string, number> = {};
    for (const [name, slot] of READS) {
      const k = findAccess(A, s0, s1, slot, REG[name]);
      val[name] = A.after[k];
      set(`${name}Lo`, r, lo16(A.after[k]));
      set(`${name}Hi`, r, hi16(A.after[k]));
      fillAccess(t, name, r, A, k, false, lookups);
    }
    const fd = lo16(val.a0);
    set("fdAux", r, (((fd - 1) * (fd - 2)) % 2013265921 + 2013265921) % 2013265921);
    if (val.a7 === SYS_WRITE) {
      set("isWrite", r, 1);
      fillAccess(t, "ret", r, A, findAccess(A, s0, s1, SLOT_RD), true, lookups);
    } else if (val.a7 === SYS_EXIT) {
      set("isExit", r, 1);
      const sum = lo16(val.a1) + hi16(val.a1);
      if (sum !== 0) {
        set("hasDigest", r, 1);
        set("a1Inv", r, inv(sum));
        lookups.rangeBits(hi16(val.a1), 14);
        for (const d of DIGEST) {
          const k = findAccess(A, s0, s1, SLOT_MEM, (val.a1 + 4 * d) >>> 0);
          set("dKind", r, A.kind[k]);
          set(`d${d}Lo`, r, lo16(A.after[k]));
          set(`d${d}Hi`, r, hi16(A.after[k]));
          fillAccess(t, `d${d}`, r, A, k, false, lookups);
        }
      }
    } else {
      throw new Error(`syscall ${val.a7} at pc 0x${I.pc[i].toString(16)} cannot be proven (only write and exit)`);
    }
  });
  // fdAux on padding rows: fd = 0 gives (0 - 1)(0 - 2) = 2.
  for (let r = rows.length; r < t.rows; r++) set("fdAux", r, 2);
  return t;
}
