// ELF32 little-endian RISC-V executable loader (System V gABI + RISC-V ELF psABI).
// Maps every PT_LOAD segment; rejects, with a message naming the field, anything the
// zkVM cannot run: wrong class, byte order, type or machine; compressed or
// floating-point ABIs; truncated headers or segments; segments outside the image
// range, overlapping, or both writable and executable; an entry point outside code.
import { ElfError, hex } from "./errors.ts";
import { IMAGE_END, IMAGE_START, PERM_R, PERM_W, PERM_X } from "./memory-map.ts";

export interface ElfSegment {
  vaddr: number;
  memsz: number;
  /** The bytes from the file; memory past them, up to memsz, is zero. */
  data: Uint8Array;
  /** PERM_R | PERM_W | PERM_X, from p_flags. */
  perm: number;
}

export interface ElfImage {
  entry: number;
  segments: ElfSegment[]; // sorted by address
}

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const EM_RISCV = 243;
const ET_EXEC = 2;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const PF_X = 1, PF_W = 2, PF_R = 4;

export function parseElf(bytes: Uint8Array, name = "ELF"): ElfImage {
  const fail = (msg: string): never => { throw new ElfError(`${name}: ${msg}`); };
  if (bytes.length < 16 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    fail("not an ELF file (bad magic number)");
  }
  if (bytes[4] === 2) fail("is a 64-bit ELF (ELFCLASS64); the zkVM runs 32-bit RISC-V (rv32im) executables");
  if (bytes[4] !== 1) fail(`unknown ELF class ${bytes[4]}; expected ELFCLASS32`);
  if (bytes[5] !== 1) fail("is big-endian; RISC-V executables are little-endian (ELFDATA2LSB)");
  if (bytes.length < EHDR_SIZE) fail(`truncated: ${bytes.length} bytes, the ELF header alone needs ${EHDR_SIZE}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const type = u16(16), machine = u16(18), entry = u32(24), phoff = u32(28), flags = u32(36);
  const phentsize = u16(42), phnum = u16(44);
  if (machine !== EM_RISCV) fail(`e_machine is ${machine}, not RISC-V (${EM_RISCV})`);
  if (type !== ET_EXEC) fail(`e_type is ${type}, not an executable (ET_EXEC = 2); link a static executable`);
  if (flags & EF_RISCV_RVC) fail("uses compressed instructions (EF_RISCV_RVC); build with -march=rv32im");
  if (flags & EF_RISCV_FLOAT_ABI) fail("uses a hardware floating-point ABI; build with -mabi=ilp32");
  if (phnum === 0) fail("has no program headers");
  if (phentsize !== PHDR_SIZE) fail(`e_phentsize is ${phentsize}, expected ${PHDR_SIZE}`);
  if (phoff + phnum * PHDR_SIZE > bytes.length) fail(`truncated: program headers end past the file's ${bytes.length} bytes`);

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * PHDR_SIZE;
    const ptype = u32(ph);
    if (ptype === PT_DYNAMIC || ptype === PT_INTERP) fail("is dynamically linked; link a static executable");
    if (ptype !== PT_LOAD) continue;
    const seg = readSegment(bytes, u32, ph, i, fail);
    if (seg) segments.push(seg);
  }
  if (segments.length === 0) fail("has no loadable (PT_LOAD) segment");
  segments.sort((a, b) => a.vaddr - b.vaddr);
  checkOverlap(segments, fail);
  const code = segments.find((s) => s.perm & PERM_X && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!code) fail(`entry point ${hex(entry)} is not inside an executable segment`);
  if (entry & 3) fail(`entry point ${hex(entry)} is not 4-byte aligned`);
  return { entry, segments };
}

function readSegment(
  bytes: Uint8Array, u32: (o: number) => number, ph: number, i: number, fail: (m: string) => never,
): ElfSegment | null {
  const offset = u32(ph + 4), vaddr = u32(ph + 8), filesz = u32(ph + 16), memsz = u32(ph + 20);
  const pflags = u32(ph + 24);
  const where = `segment ${i} at ${hex(vaddr)}`;
  if (filesz > memsz) fail(`${where}: p_filesz ${filesz} exceeds p_memsz ${memsz}`);
  if (offset + filesz > bytes.length) fail(`truncated: ${where} needs file bytes up to ${offset + filesz}, the file has ${bytes.length}`);
  if (memsz === 0) return null;
  if (vaddr < IMAGE_START || vaddr + memsz > IMAGE_END) {
    fail(`${where} (${memsz} bytes) lies outside the program-image range [${hex(IMAGE_START)}, ${hex(IMAGE_END)})`);
  }
  const perm = (pflags & PF_R ? PERM_R : 0) | (pflags & PF_W ? PERM_W : 0) | (pflags & PF_X ? PERM_X : 0);
  if (perm & PERM_W && perm & PERM_X) {
    fail(`${where} is both writable and executable; self-modifying code is not supported (link with guests/sdk/link.ld)`);
  }
  return { vaddr, memsz, data: bytes.subarray(offset, offset + filesz), perm: perm | PERM_R };
}

/** Permissions are kept per 4-byte word, so segments may not share a word either. */
function checkOverlap(segments: ElfSegment[], fail: (m: string) => never): void {
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1], cur = segments[i];
    const prevEnd = (prev.vaddr + prev.memsz + 3) & ~3;
    if ((cur.vaddr & ~3) < prevEnd) {
      fail(`segments at ${hex(prev.vaddr)} (${prev.memsz} bytes) and ${hex(cur.vaddr)} overlap`);
    }
  }
}
