// The run's memory above the program image: the input words and the stack and heap
// words it touched, one row each in strictly increasing address order (so no word has
// two histories). Each row consumes the word's final token. A stack or heap row also
// produces its initial token (RW, addr, 0, ts 0); an input word's initial token
// (RO, addr, word, ts 0) is produced by the verifier from the public input
// (statement.ts), so every input word needs a row here whether the guest read it or not.
//
// Rows: real rows first (addresses increasing), then padding (real = 0).
// Regions: input rows lie in [INPUT_START, STACK_BOTTOM), others in [STACK_BOTTOM,
// MEMORY_TOP): the high 16 bits of the address minus the region's base are below 2^11.
import { defineAir } from "../air/builder.ts";
import { INPUT_START, STACK_BOTTOM, MEMORY_TOP } from "../riscv/memory-map.ts";
import { BUS_MEMORY } from "./buses.ts";
import { KIND_RO, KIND_RW, type MemoryState } from "./events.ts";
import { range16, rangeBits } from "./gadgets.ts";
import { ChipTrace } from "./layout.ts";
import type { ByteTableCounter } from "./byte-table.ts";

const COLUMNS = ["real", "isInput", "addr", "addrQ", "addrHi", "gapLo", "gapHi", "finalLo", "finalHi", "finalTs"] as const;
const INPUT_HI = INPUT_START >>> 16;
const STACK_HI = STACK_BOTTOM >>> 16;
const REGION_BITS = 11;

if ((STACK_BOTTOM - INPUT_START) >>> 16 !== 1 << REGION_BITS || (MEMORY_TOP - STACK_BOTTOM) >>> 16 !== 1 << REGION_BITS) {
  throw new Error("memory-dynamic: the region checks assume 128 MiB input and stack+heap regions");
}

/** The run's statement, as public values of this table: observed by the transcript (and
 * by the shared challenge's derivation) before any challenge is drawn, so the prover
 * cannot pick it after seeing them. The buses enforce it (statement.ts); the table's
 * constraints do not read it. */
export const STATEMENT_FIELDS = [
  "entry", "cycles", "exitLo", "exitHi", "hasDigest",
  ...Array.from({ length: 16 }, (_, i) => `digest${i}`),
  ...Array.from({ length: 16 }, (_, i) => `input${i}`),
] as const;

export const memoryDynamicAir = defineAir({
  name: "rv32.memory-dynamic",
  main: COLUMNS,
  publicValues: STATEMENT_FIELDS,
  build(b) {
    const c = b.main;
    const real = c.real.cur, isInput = c.isInput.cur;
    b.assertBool(real, "real is 0/1");
    b.assertBool(isInput, "isInput is 0/1");
    b.assertZero(b.mul(isInput, b.sub(1, real)), "padding rows are not input");
    b.whenTransition(b.mul(c.real.next, b.sub(1, real)), "real rows come first");
    // Word-aligned: addr = 4·q + 2^16·hi with q < 2^14. Each bound is a range16 check and a
    // scaled one (rangeBits): the scaled check alone would also pass a fraction t/4.
    b.assertEq(c.addr.cur, b.add(b.mul(c.addrQ.cur, 4), b.mul(c.addrHi.cur, 65536)), "address limbs");
    range16(b, c.addrQ.cur, real);
    rangeBits(b, c.addrQ.cur, 14, real);
    const base = b.add(STACK_HI, b.mul(isInput, INPUT_HI - STACK_HI));
    range16(b, b.sub(c.addrHi.cur, base), real);
    rangeBits(b, b.sub(c.addrHi.cur, base), REGION_BITS, real);
    // Strictly increasing: next.addr - addr - 1 = gap, gap < 2^29.
    const gap = b.add(c.gapLo.cur, b.mul(c.gapHi.cur, 65536));
    b.whenTransition(b.mul(c.real.next, b.sub(b.sub(b.sub(c.addr.next, c.addr.cur), 1), gap)), "addresses increase");
    range16(b, c.gapLo.cur, real);
    rangeBits(b, c.gapHi.cur, 13, real);
    const kind = b.sub(KIND_RW, isInput); // RO = 1 for input words, RW = 2 otherwise
    b.send(BUS_MEMORY, [KIND_RW, c.addr.cur, 0, 0, 0], b.sub(real, isInput));
    b.receive(BUS_MEMORY, [kind, c.addr.cur, c.finalLo.cur, c.finalHi.cur, c.finalTs.cur], real);
  },
});

/** Input words: the u32 length, then the bytes (zero-padded to a word). */
export function inputWords(input: Uint8Array): Uint32Array {
  const words = new Uint32Array(1 + ((input.length + 3) >>> 2));
  words[0] = input.length;
  new Uint8Array(words.buffer).set(input, 4);
  return words;
}

export function memoryDynamicTrace(state: MemoryState, input: Uint8Array, lookups: ByteTableCounter): ChipTrace {
  const rows = new Map<number, { isInput: number; value: number; ts: number }>();
  const words = inputWords(input);
  words.forEach((w, i) => rows.set(INPUT_START + 4 * i, { isInput: 1, value: w, ts: 0 }));
  for (const [k, v] of state.value) {
    const kind = Math.floor(k / 4294967296), addr = k % 4294967296;
    if (addr < INPUT_START) continue;
    const isInput = kind === KIND_RO ? 1 : 0;
    if (isInput && !rows.has(addr)) throw new Error(`the guest read 0x${addr.toString(16)}, past the end of its input`);
    rows.set(addr, { isInput, value: v, ts: state.ts.get(k)! });
  }
  const addrs = [...rows.keys()].sort((a, b) => a - b);
  const t = new ChipTrace(COLUMNS, addrs.length);
  addrs.forEach((addr, i) => {
    const r = rows.get(addr)!;
    const hi = addr >>> 16;
    const gap = i + 1 < addrs.length ? addrs[i + 1] - addr - 1 : 0;
    t.col("real")[i] = 1;
    t.col("isInput")[i] = r.isInput;
    t.col("addr")[i] = addr;
    t.col("addrQ")[i] = (addr & 0xffff) >>> 2;
    t.col("addrHi")[i] = hi;
    t.col("gapLo")[i] = gap & 0xffff;
    t.col("gapHi")[i] = gap >>> 16;
    t.col("finalLo")[i] = r.value & 0xffff;
    t.col("finalHi")[i] = r.value >>> 16;
    t.col("finalTs")[i] = r.ts;
    lookups.range16((addr & 0xffff) >>> 2);
    lookups.rangeBits((addr & 0xffff) >>> 2, 14);
    lookups.range16(hi - (r.isInput ? INPUT_HI : STACK_HI));
    lookups.rangeBits(hi - (r.isInput ? INPUT_HI : STACK_HI), REGION_BITS);
    lookups.range16(gap & 0xffff);
    lookups.rangeBits(gap >>> 16, 13);
  });
  return t;
}
