// A loaded program: the ELF's segments plus its executable words decoded once into
// flat typed arrays that both emulators read. Code cannot be written (executable
// segments are read-only), so decoding ahead of time is exact. Only the file-backed
// words are decoded: an executable segment's zero tail (p_memsz past p_filesz) holds
// 0x00000000, an illegal instruction, so it needs no table; a tiny ELF claiming a
// 64 MiB p_memsz costs nothing at load (machine.ts reports a fetch there as the
// illegal instruction it is).
import { createHash } from "node:crypto";
import { decode } from "./decode.ts";
import { parseElf, type ElfImage } from "./elf.ts";
import { ElfError, hex } from "./errors.ts";
import { OP, OP_CLASS } from "./isa.ts";
import { fixedRegions, PERM_X, type Region } from "./memory-map.ts";

export interface Program {
  name: string;
  elf: ElfImage;
  entry: number;
  /** sha256 of the ELF file */
  elfDigest: Uint8Array;
  /** Address of code slot 0; slot i holds the instruction at codeStart + 4 i. */
  codeStart: number;
  codeWords: number;
  /** Packed: op | rd << 8 | rs1 << 16 | rs2 << 24 | class << 29, rd = 0 stored as 32 (a
   * write-only sink register, so that no instruction needs an "rd != 0" test). */
  code: Int32Array;
  imm: Int32Array;
  /** The raw instruction words, for error messages. */
  words: Int32Array;
  /** Image segments and the fixed regions, sorted by address. */
  regions: Region[];
}

export const SINK_REG = 32;
const MAX_CODE_SPAN = 64 << 20;

export function loadProgram(bytes: Uint8Array, name = "ELF"): Program {
  const elf = parseElf(bytes, name);
  const exec = elf.segments.filter((s) => s.perm & PERM_X);
  const codeStart = exec[0].vaddr & ~3;
  const codeEnd = Math.max(...exec.map((s) => s.vaddr + s.data.length));
  if (codeEnd - codeStart > MAX_CODE_SPAN) {
    throw new ElfError(`${name}: executable segments span ${codeEnd - codeStart} file bytes (more than 64 MiB)`);
  }
  const codeWords = (codeEnd - codeStart + 3) >>> 2;
  const words = new Int32Array(codeWords);
  const executable = new Uint8Array(codeWords);
  for (const s of exec) {
    const bytesIn = new Uint8Array(words.buffer);
    bytesIn.set(s.data, s.vaddr - codeStart);
    // A zero tail below codeEnd (another executable segment follows) is decoded too.
    executable.fill(1, (s.vaddr - codeStart) >>> 2, Math.min(codeWords, (s.vaddr + s.memsz - codeStart) >>> 2));
  }
  const code = new Int32Array(codeWords);
  const imm = new Int32Array(codeWords);
  for (let i = 0; i < codeWords; i++) {
    const d = executable[i] ? decode(words[i]) : { op: OP.NOEXEC, rd: 0, rs1: 0, rs2: 0, imm: 0 };
    const rd = d.rd === 0 ? SINK_REG : d.rd;
    code[i] = d.op | (rd << 8) | (d.rs1 << 16) | (d.rs2 << 24) | (OP_CLASS[d.op] << 29);
    imm[i] = d.imm;
  }
  const regions: Region[] = elf.segments.map((s, i) => ({
    start: s.vaddr, end: s.vaddr + s.memsz, perm: s.perm, name: `ELF segment ${i} at ${hex(s.vaddr)}`,
  }));
  regions.push(...fixedRegions());
  regions.sort((a, b) => a.start - b.start);
  const elfDigest = new Uint8Array(createHash("sha256").update(bytes).digest());
  return { name, elf, entry: elf.entry, elfDigest, codeStart, codeWords, code, imm, words, regions };
}

/** The raw instruction word at pc (0 in an executable segment's zero tail), or
 * undefined where there is no code. */
export function wordAt(p: Program, pc: number): number | undefined {
  const i = (pc - p.codeStart) / 4;
  if (Number.isInteger(i) && i >= 0 && i < p.codeWords) return p.words[i];
  return inZeroTail(p, pc) ? 0 : undefined;
}

/** True for an aligned pc past the decoded code but inside an executable segment:
 * the zero-filled part of its p_memsz, which is not decoded. */
export function inZeroTail(p: Program, pc: number): boolean {
  if ((pc & 3) !== 0 || (pc >>> 0) < p.codeStart + 4 * p.codeWords) return false;
  return p.elf.segments.some((s) => s.perm & PERM_X && pc >= s.vaddr && pc < s.vaddr + s.memsz);
}
