// The initial image of the memory argument: the registers (x0..x31 and the sink x32,
// all 0 at entry) and every word of the ELF's loadable segments, as preprocessed
// columns (so the VK commits to the program's data as well as its code). Each row
// produces the word's initial token (kind, addr, init, ts 0) and consumes its final one
// (kind, addr, final, finalTs); a word the run never touched has final = init and
// finalTs = 0, and its two tokens cancel. Every address appears once, so no word can
// have two histories.
import { defineAir } from "../air/builder.ts";
import { PERM_W } from "../riscv/memory-map.ts";
import { SINK_REG, type Program } from "../riscv/program.ts";
import { BUS_MEMORY } from "./buses.ts";
import { KIND_REG, KIND_RO, KIND_RW, type MemoryState } from "./events.ts";
import { logRowsFor } from "./layout.ts";

export const memoryImageAir = defineAir({
  name: "rv32.memory-image",
  main: ["finalLo", "finalHi", "finalTs"],
  preprocessed: ["real", "kind", "addr", "initLo", "initHi"],
  build(b) {
    const { real, kind, addr, initLo, initHi } = b.prep;
    const m = b.main;
    b.assertBool(real.cur, "real is 0/1"); // fixed by the key; declares the multiplicity's range
    b.send(BUS_MEMORY, [kind.cur, addr.cur, initLo.cur, initHi.cur, 0], real.cur);
    b.receive(BUS_MEMORY, [kind.cur, addr.cur, m.finalLo.cur, m.finalHi.cur, m.finalTs.cur], real.cur);
  },
});

/** Preprocessed columns: registers first, then the segments' words in address order. */
export function memoryImageColumns(p: Program): Uint32Array[] {
  const rows: number[][] = [];
  for (let r = 0; r <= SINK_REG; r++) rows.push([1, KIND_REG, r, 0, 0]);
  for (const s of [...p.elf.segments].sort((a, b) => a.vaddr - b.vaddr)) {
    const kind = s.perm & PERM_W ? KIND_RW : KIND_RO;
    const start = s.vaddr & ~3, end = (s.vaddr + s.memsz + 3) & ~3;
    const bytes = new Uint8Array(end - start);
    bytes.set(s.data, s.vaddr - start);
    const view = new DataView(bytes.buffer);
    for (let a = start; a < end; a += 4) {
      const w = view.getUint32(a - start, true);
      rows.push([1, kind, a, w & 0xffff, w >>> 16]);
    }
  }
  checkDistinct(rows);
  const n = 1 << logRowsFor(rows.length);
  const cols = Array.from({ length: 5 }, () => new Uint32Array(n));
  rows.forEach((r, i) => r.forEach((v, k) => (cols[k][i] = v)));
  return cols;
}

function checkDistinct(rows: number[][]): void {
  const seen = new Set<number>();
  for (const [, kind, addr] of rows) {
    const k = kind === KIND_REG ? -1 - addr : addr;
    if (seen.has(k)) throw new Error(`memory image: two segments hold the word at 0x${addr.toString(16)}`);
    seen.add(k);
  }
}

/** The final values and timestamps of the image words, from the run's memory state. */
export function memoryImageMain(prep: Uint32Array[], state: MemoryState): Uint32Array[] {
  const [real, kind, addr, initLo, initHi] = prep;
  const n = real.length;
  const fLo = new Uint32Array(n), fHi = new Uint32Array(n), fTs = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (!real[i]) continue;
    const k = kind[i] * 4294967296 + addr[i];
    const v = state.value.get(k);
    if (v === undefined) {
      fLo[i] = initLo[i];
      fHi[i] = initHi[i];
    } else {
      fLo[i] = v & 0xffff;
      fHi[i] = v >>> 16;
      fTs[i] = state.ts.get(k)!;
    }
  }
  return [fLo, fHi, fTs];
}
