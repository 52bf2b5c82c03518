// Guest memory: one flat little-endian buffer over [0, MEMORY_TOP) with typed-array
// views for each access width, plus the bookkeeping the minimal trace needs.
//
// First-touch stamps: stamp[w] holds the tag of the last segment that touched word w,
// 2s+3 ("writable, seen") or 2s+2 ("read-only, seen") for segment s. An access whose
// stamp is not the current tag takes the slow path (firstRead / firstWrite), which
// checks the region's permissions, appends (word, value before the access) to the
// touch log and stamps the word. So the hot path of a load is one stamp compare,
// permission checks cost nothing after a word's first use in a segment, and starting
// a segment is O(1): bump the tag.
import { createHash } from "node:crypto";
import { MEMORY_TOP, PERM_R, PERM_W, type Region } from "./memory-map.ts";

export const WORDS = MEMORY_TOP >>> 2;
const PAGE_SHIFT = 12;
/** Released memories, all zero again, kept for reuse: allocating two fresh 768 MiB
 * buffers costs little address space but makes V8 run a full GC each time. */
const pool: Memory[] = [];
const POOL_SIZE = 2;
/** Memories that touched more than this many pages (16 MiB) are not kept. */
const POOL_MAX_PAGES = 4096;

export class Memory {
  readonly w32: Int32Array;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly stamp: Int32Array;
  /** Current tag (odd). Words stamped tag or tag - 1 were touched in this segment. */
  tag = 3;
  /** Touch log: pairs (word index, value before the segment's first access). */
  log = new Int32Array(1 << 12);
  logLen = 0;
  /** Pages ever touched or loaded (the only ones that can be nonzero): a flag per page
   * and the list of flagged pages. */
  readonly pages = new Uint8Array(MEMORY_TOP >>> PAGE_SHIFT);
  readonly pageList: number[] = [];
  /** Why the last firstRead/firstWrite refused. */
  refusal = "";
  private regions: Region[];

  /** A zeroed memory with these regions, from the pool when one is free. */
  static create(regions: Region[]): Memory {
    const m = pool.pop();
    if (!m) return new Memory(regions);
    m.regions = regions;
    return m;
  }

  /** Gives the buffers back for reuse; the memory must not be used afterwards. */
  release(): void {
    if (pool.length >= POOL_SIZE || this.pageList.length > POOL_MAX_PAGES || pool.includes(this)) return;
    const words = 1 << (PAGE_SHIFT - 2);
    for (const p of this.pageList) {
      this.w32.fill(0, p * words, (p + 1) * words);
      this.stamp.fill(0, p * words, (p + 1) * words);
      this.pages[p] = 0;
    }
    this.pageList.length = 0;
    this.tag = 3;
    this.logLen = 0;
    this.refusal = "";
    pool.push(this);
  }

  private constructor(regions: Region[]) {
    const buf = new ArrayBuffer(MEMORY_TOP);
    this.w32 = new Int32Array(buf);
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i16 = new Int16Array(buf);
    this.stamp = new Int32Array(WORDS);
    this.regions = regions;
  }

  /** Starts a new segment: every word becomes untouched again. */
  newSegment(): void {
    this.tag += 2;
  }

  /** Slow path of a load from word w: false if w is not readable. */
  firstRead(w: number): boolean {
    const perm = this.permAt(w);
    if (!(perm & PERM_R)) return false;
    this.record(w);
    this.stamp[w] = perm & PERM_W ? this.tag : this.tag - 1;
    return true;
  }

  /** Slow path of a store to word w: false if w is not writable. */
  firstWrite(w: number): boolean {
    if (this.stamp[w] === this.tag - 1 && w < WORDS) {
      this.refusal = "read-only memory";
      return false;
    }
    const perm = this.permAt(w);
    if (!(perm & PERM_W)) {
      if (perm & PERM_R) this.refusal = "read-only memory";
      return false;
    }
    this.record(w);
    this.stamp[w] = this.tag;
    return true;
  }

  /** Copies bytes into memory at the load, as part of the initial image (no log). */
  load(addr: number, bytes: Uint8Array): void {
    this.u8.set(bytes, addr);
    this.markPages(addr, bytes.length);
  }

  storeWordInitial(addr: number, value: number): void {
    this.w32[addr >>> 2] = value;
    this.markPages(addr, 4);
  }

  /** The region holding word w, or undefined. */
  regionAt(addr: number): Region | undefined {
    for (const r of this.regions) if (addr >= r.start && addr < r.end) return r;
    return undefined;
  }

  /** sha256 over (page address, bytes) of every nonzero page: equal memories, equal digests. */
  digest(): string {
    const h = createHash("sha256");
    const addr = new Uint8Array(4);
    const words = 1 << (PAGE_SHIFT - 2);
    for (const p of [...this.pageList].sort((a, b) => a - b)) {
      const page = this.w32.subarray(p * words, (p + 1) * words);
      let nonzero = 0;
      for (let i = 0; i < words; i++) nonzero |= page[i];
      if (nonzero === 0) continue;
      new DataView(addr.buffer).setUint32(0, p << PAGE_SHIFT, true);
      h.update(addr).update(new Uint8Array(page.buffer, page.byteOffset, page.byteLength));
    }
    return h.digest("hex");
  }

  private permAt(w: number): number {
    if (w >= WORDS) {
      this.refusal = "unmapped memory";
      return 0;
    }
    const r = this.regionAt(w << 2);
    if (!r) {
      this.refusal = "unmapped memory";
      return 0;
    }
    this.refusal = (r.perm & PERM_W) === 0 ? "read-only memory" : "";
    return r.perm;
  }

  private record(w: number): void {
    if (this.logLen + 2 > this.log.length) {
      const grown = new Int32Array(this.log.length * 2);
      grown.set(this.log);
      this.log = grown;
    }
    this.log[this.logLen++] = w;
    this.log[this.logLen++] = this.w32[w];
    this.markPage(w >>> (PAGE_SHIFT - 2));
  }

  private markPage(p: number): void {
    if (this.pages[p]) return;
    this.pages[p] = 1;
    this.pageList.push(p);
  }

  private markPages(addr: number, len: number): void {
    for (let p = addr >>> PAGE_SHIFT; p <= (addr + Math.max(len, 1) - 1) >>> PAGE_SHIFT; p++) this.markPage(p);
  }
}
