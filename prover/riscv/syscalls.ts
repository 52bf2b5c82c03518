// The guest ABI's syscalls (guests/README.md): ecall with the number in a7, arguments
// in a0..a2, result in a0, numbered as Linux's.
//   93 exit(code, digest)   halts; a1 = address of the 8 SHA-256 words of the public
//                           output (or 0 for a bare program that commits nothing)
//   64 write(fd, buf, len)  fd 1, 2: debug output; fd 3: public output (committed)
//   63 read(fd, buf, len)   fd 4: the hint stream (not committed); returns the count
// Memory the syscalls read or write goes through the same first-touch checks as
// loads and stores, so it lands in the minimal trace.
import { hex } from "./errors.ts";
import { SYSCALL_WORDS, type Machine } from "./machine.ts";
import type { Memory } from "./memory.ts";
import { MEMORY_TOP } from "./memory-map.ts";

export const SYS_READ = 63;
export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
export const FD_STDOUT = 1, FD_STDERR = 2, FD_PUBLIC = 3, FD_HINTS = 4;

/** Runs the ecall at pc; returns the next pc, or -1 when the guest halted. */
export function syscall(m: Machine, pc: number): number {
  const r = m.regs;
  const n = r[17], a0 = r[10], a1 = r[11] >>> 0, a2 = r[12] >>> 0;
  switch (n) {
    case SYS_EXIT:
      if (a1 !== 0) m.outputDigestWords = readDigest(m, a1, pc);
      m.exitCode = a0;
      m.halted = true;
      return -1;
    case SYS_WRITE: {
      const sink = a0 === FD_STDOUT ? m.stdout : a0 === FD_STDERR ? m.stderr : a0 === FD_PUBLIC ? m.publicOutput : null;
      if (!sink) throw m.error("bad-syscall", `write to fd ${a0}: only fds 1, 2 (debug) and 3 (public output) can be written`, pc);
      sink.append(readBytes(m, a1, a2, pc));
      r[10] = a2;
      return pc + 4;
    }
    case SYS_READ: {
      if (a0 !== FD_HINTS) throw m.error("bad-syscall", `read from fd ${a0}: only fd 4 (hints) can be read; the input is in memory at 0x20000000`, pc);
      const count = Math.min(a2, m.hints.length - m.hintPos);
      writeBytes(m, a1, m.hints.subarray(m.hintPos, m.hintPos + count), pc);
      m.hintPos += count;
      r[10] = count;
      return pc + 4;
    }
    default:
      throw m.error("bad-syscall", `unknown syscall ${n} (a7)`, pc);
  }
}

function readDigest(m: Machine, addr: number, pc: number): Uint32Array {
  if (addr & 3) throw m.error("misaligned-access", `exit: the output-digest address a1 = ${hex(addr)} is not 4-byte aligned`, pc);
  const out = new Uint32Array(8);
  const mem = m.mem;
  for (let i = 0; i < 8; i++) {
    const w = (addr >>> 2) + i;
    touch(m, mem, w, addr + 4 * i, false, pc);
    out[i] = mem.w32[w];
  }
  m.counts[SYSCALL_WORDS] += 8;
  return out;
}

function readBytes(m: Machine, addr: number, len: number, pc: number): Uint8Array {
  if (addr + len > MEMORY_TOP) {
    throw m.error("access-fault", `syscall reads unmapped memory at ${hex(Math.max(addr, MEMORY_TOP))}`, pc);
  }
  const mem = m.mem;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const a = addr + i;
    if (i === 0 || (a & 3) === 0) touch(m, mem, a >>> 2, a, false, pc);
    out[i] = mem.u8[a];
  }
  m.counts[SYSCALL_WORDS] += wordsSpanned(addr, len);
  return out;
}

function writeBytes(m: Machine, addr: number, bytes: Uint8Array, pc: number): void {
  const mem = m.mem;
  for (let i = 0; i < bytes.length; i++) {
    const a = addr + i;
    if (i === 0 || (a & 3) === 0) touch(m, mem, a >>> 2, a, true, pc);
    mem.u8[a] = bytes[i];
  }
  m.counts[SYSCALL_WORDS] += wordsSpanned(addr, bytes.length);
}

function touch(m: Machine, mem: Memory, w: number, addr: number, store: boolean, pc: number): void {
  const s = mem.stamp[w];
  const ok = store ? s === mem.tag || mem.firstWrite(w) : (s | 1) === mem.tag || mem.firstRead(w);
  if (!ok) throw m.error("access-fault", `syscall ${store ? "writes" : "reads"} ${mem.refusal || "unmapped memory"} at ${hex(addr)}`, pc);
}

function wordsSpanned(addr: number, len: number): number {
  return len === 0 ? 0 : Math.floor((addr + len + 3) / 4) - Math.floor(addr / 4);
}
