// The buffer of a hint read (syscall-read.ts): one row per memory word the read writes.
// The words of one read form a chain on the `rv32.read` bus, started by the ecall's row:
//   token (clk, W, l0, l1, end): the read at clk goes on at word address W, skipping its
//   first lead = l0 + 2·l1 bytes; it writes bytes below the address `end` = a1 + count.
// A row consumes a token, writes word W (each byte either a new hint byte, masked in,
// or its old value) and, unless it is the last, produces (clk, W + 4, 0, 0, end). The
// last row proves end - W = t in {1, 2, 3, 4} and masks in no byte at or past t.
//
// Soundness: along a chain W grows by 4 from W0 = a1 - lead (aligned, below 2^30) and
// every address is a writable word (kind RW, all below MEMORY_TOP < 2^30), so the chain
// cannot wrap mod p and ends at a last row with W_last < end; every masked byte then
// lies in [a1, end). A byte of the range that no row writes keeps its old value, which
// is a valid hint too (hints are unconstrained), so the chain need not be complete.
import { defineAir, type Expr } from "../air/builder.ts";
import { inv } from "../field/babybear.ts";
import { BUS_BYTE } from "./buses.ts";
import { KIND_RW, SLOT_MEM, SYS_READ, type SegmentEvents } from "./events.ts";
import { accessColumns, cur, evalAccess, fillAccess, flagSum, type Builder } from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";
import { OP } from "../riscv/isa.ts";

/** The chain of a read's buffer words (tuple in the header). */
export const BUS_READ = "rv32.read";

const MASK = ["m0", "m1", "m2", "m3"];
const TAIL = ["e1", "e2", "e3", "e4"];
const INV_256 = inv(256);

export const READ_WORDS_COLUMNS = [
  "clk", "addr", "l0", "l1", "end", "isWord", "isLast", ...MASK, ...TAIL,
  "o0", "o2", "oAnd01", "oAnd23", "n0", "n2", "newLo", "newHi", "nAnd01", "nAnd23",
  ...accessColumns("mem", true),
];

/** Bytes of a word given its limbs and the columns of bytes 0 and 2 (bytes 1 and 3 are
 * expressions); all four proven bytes by two byte-bus lookups. */
function wordBytes(b: Builder, lo: Expr, hi: Expr, b0: string, b2: string, and01: string, and23: string, mult: Expr): Expr[] {
  const c = (n: string) => cur(b, n);
  const w1 = b.mul(b.sub(lo, c(b0)), INV_256), w3 = b.mul(b.sub(hi, c(b2)), INV_256);
  b.send(BUS_BYTE, [c(b0), w1, c(and01)], mult);
  b.send(BUS_BYTE, [c(b2), w3, c(and23)], mult);
  return [c(b0), w1, c(b2), w3];
}

function build(b: Builder): void {
  const c = (n: string) => cur(b, n);
  const isWord = c("isWord"), isLast = c("isLast");
  b.assertBool(isWord, "isWord is 0/1");
  b.assertBool(isLast, "isLast is 0/1");
  b.assertZero(b.mul(isLast, b.sub(1, isWord)), "only a word is last");
  for (const n of [...MASK, ...TAIL]) b.assertBool(c(n), `${n} is 0/1`);
  const m = MASK.map(c), e = TAIL.map(c);
  // The last word: end - W = t = Σ j·e_j, exactly one e_j set.
  b.assertEq(flagSum(b, TAIL), isLast, "one tail length on the last word");
  b.assertEq(b.mul(isLast, b.sub(c("end"), c("addr"))), b.sum(...e.map((x, j) => b.mul(x, j + 1))), "tail length");
  b.assertZero(b.mul(m[1], e[0]), "byte 1 before the end");
  b.assertZero(b.mul(m[2], b.add(e[0], e[1])), "byte 2 before the end");
  b.assertZero(b.mul(m[3], b.sum(e[0], e[1], e[2])), "byte 3 before the end");
  // The first word: no byte below a1 = W + lead (lead in {0, 1, 2, 3}).
  const l0 = c("l0"), l1 = c("l1");
  b.assertZero(b.mul(m[0], b.sub(b.add(l0, l1), b.mul(l0, l1))), "byte 0 at or past a1");
  b.assertZero(b.mul(m[1], l1), "byte 1 at or past a1");
  b.assertZero(b.mul(m[2], b.mul(l0, l1)), "byte 2 at or past a1");
  // Old and new bytes; the bytes not masked in keep their value.
  const old = wordBytes(b, c("mem.prevLo"), c("mem.prevHi"), "o0", "o2", "oAnd01", "oAnd23", isWord);
  const neu = wordBytes(b, c("newLo"), c("newHi"), "n0", "n2", "nAnd01", "nAnd23", isWord);
  for (let k = 0; k < 4; k++) b.assertZero(b.mul(b.sub(1, m[k]), b.sub(neu[k], old[k])), `byte ${k} unchanged outside the read`);
  evalAccess(b, { prefix: "mem", kind: KIND_RW, addr: c("addr"), clk: c("clk"), slot: SLOT_MEM, value: [c("newLo"), c("newHi")], write: true, mult: isWord });
  b.receive(BUS_READ, [c("clk"), c("addr"), l0, l1, c("end")], isWord);
  b.send(BUS_READ, [c("clk"), b.add(c("addr"), 4), 0, 0, c("end")], b.sub(isWord, isLast));
}

export const readWordsAir = defineAir({ name: "rv32.syscall-read-words", main: READ_WORDS_COLUMNS, build });

/** The buffer rows of every hint read of the events (the chip has no ops of its own:
 * it finds the reads' ecalls itself; `rows` is unused). */
export function readWordsTrace(ev: SegmentEvents, _rows: number[], lookups: ByteTableCounter): ChipTrace {
  const I = ev.instructions, A = ev.accesses;
  const words: Array<{ i: number; k: number; first: boolean; last: boolean; a1: number; count: number }> = [];
  for (let i = 0; i < I.count; i++) {
    if (I.op[i] !== OP.ECALL) continue;
    const r = readArgs(ev, i);
    if (!r) continue;
    const mem: number[] = [];
    for (let k = I.accessStart[i]; k < I.accessStart[i + 1]; k++) if (A.slot[k] === SLOT_MEM) mem.push(k);
    mem.forEach((k, j) => words.push({ i, k, first: j === 0, last: j === mem.length - 1, ...r }));
  }
  const t = new ChipTrace(READ_WORDS_COLUMNS, words.length);
  words.forEach((w, r) => fillWord(t, r, ev, w, lookups));
  return t;
}

/** a1 and the count (the recorded a0 write) of a hint read's ecall, or null. */
export function readArgs(ev: SegmentEvents, i: number): { a1: number; count: number } | null {
  const A = ev.accesses;
  let a7 = -1, a1 = 0, count = 0;
  for (let k = ev.instructions.accessStart[i]; k < ev.instructions.accessStart[i + 1]; k++) {
    if (A.kind[k] !== 0) continue;
    if (A.addr[k] === 17) a7 = A.after[k];
    if (A.addr[k] === 11) a1 = A.after[k];
    if (A.addr[k] === 10 && A.slot[k] === 3) count = A.after[k];
  }
  return a7 === SYS_READ ? { a1, count } : null;
}

function fillWord(t: ChipTrace, r: number, ev: SegmentEvents, w: { i: number; k: number; first: boolean; last: boolean; a1: number; count: number }, lookups: ByteTableCounter): void {
  const A = ev.accesses;
  const set = (n: string, v: number) => (t.col(n)[r] = v);
  const W = A.addr[w.k], before = A.before[w.k], after = A.after[w.k];
  const lead = w.first ? w.a1 & 3 : 0;
  const end = w.a1 + w.count;
  set("clk", ev.instructions.clk[w.i]); set("addr", W); set("l0", lead & 1); set("l1", lead >> 1);
  set("end", end % 2013265921); set("isWord", 1); set("isLast", w.last ? 1 : 0);
  for (let k = 0; k < 4; k++) set(MASK[k], W + k >= w.a1 && W + k < end ? 1 : 0);
  if (w.last) set(TAIL[Math.min(Math.max(end - W, 1), 4) - 1], 1);
  const ob = [0, 8, 16, 24].map((s) => (before >>> s) & 255), nb = [0, 8, 16, 24].map((s) => (after >>> s) & 255);
  set("o0", ob[0]); set("o2", ob[2]); set("oAnd01", ob[0] & ob[1]); set("oAnd23", ob[2] & ob[3]);
  set("n0", nb[0]); set("n2", nb[2]); set("nAnd01", nb[0] & nb[1]); set("nAnd23", nb[2] & nb[3]);
  set("newLo", after & 0xffff); set("newHi", after >>> 16);
  lookups.byte(ob[0], ob[1]); lookups.byte(ob[2], ob[3]); lookups.byte(nb[0], nb[1]); lookups.byte(nb[2], nb[3]);
  fillAccess(t, "mem", r, A, w.k, true, lookups);
}
