// Writes small ELF32 executables for tests: random programs, and bad ELFs whose header
// fields the tests set one at a time.

export interface SegmentSpec {
  vaddr: number;
  data: Uint8Array;
  memsz?: number;
  /** p_flags: 4 R, 2 W, 1 X */
  flags: number;
  type?: number;
}

export interface ElfSpec {
  entry: number;
  segments: SegmentSpec[];
  cls?: number;
  endian?: number;
  type?: number;
  machine?: number;
  flags?: number;
}

export function writeElf(spec: ElfSpec): Uint8Array {
  const phoff = 52, n = spec.segments.length;
  const offsets: number[] = [];
  let off = 0x1000;
  for (const s of spec.segments) {
    offsets.push(off);
    off += (s.data.length + 0xfff) & ~0xfff;
  }
  const out = new Uint8Array(Math.max(off, 0x1000));
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, spec.cls ?? 1, spec.endian ?? 1, 1, 0]);
  dv.setUint16(16, spec.type ?? 2, true);
  dv.setUint16(18, spec.machine ?? 243, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, spec.entry, true);
  dv.setUint32(28, phoff, true);
  dv.setUint32(36, spec.flags ?? 0, true);
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, n, true);
  spec.segments.forEach((s, i) => {
    const ph = phoff + 32 * i;
    dv.setUint32(ph, s.type ?? 1, true);
    dv.setUint32(ph + 4, offsets[i], true);
    dv.setUint32(ph + 8, s.vaddr, true);
    dv.setUint32(ph + 12, s.vaddr, true);
    dv.setUint32(ph + 16, s.data.length, true);
    dv.setUint32(ph + 20, s.memsz ?? s.data.length, true);
    dv.setUint32(ph + 24, s.flags, true);
    dv.setUint32(ph + 28, 0x1000, true);
    out.set(s.data, offsets[i]);
  });
  return out;
}

export function wordsToBytes(words: number[]): Uint8Array {
  const b = new Uint8Array(4 * words.length);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return b;
}
