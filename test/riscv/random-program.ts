// Random RV32IM programs for differential tests: straight-line code with loads,
// stores, forward branches, jumps and counted loops, ending with a write of all
// registers and the data area to fd 1, so that any divergence shows in the output.
import { encode } from "./encode.ts";
import { wordsToBytes, writeElf } from "./elf-writer.ts";

const TEXT = 0x10000, DATA = 0x1000_0000, DUMP = 128;
export const DATA_BYTES = 2048;
const ALU = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
  "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"];
const IMM = ["addi", "slti", "sltiu", "xori", "ori", "andi"];
const SHIFT = ["slli", "srli", "srai"];
const BRANCH = ["beq", "bne", "blt", "bge", "bltu", "bgeu"];
const LOADS: [string, number][] = [["lb", 1], ["lbu", 1], ["lh", 2], ["lhu", 2], ["lw", 4]];
const STORES: [string, number][] = [["sb", 1], ["sh", 2], ["sw", 4]];
const SPECIAL = [0, 1, -1, 0x7fffffff, -0x80000000, 2, -2, 31, 32];

class Gen {
  s: number;
  code: number[] = [];
  constructor(seed: number) { this.s = seed; }
  next(): number { this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0; return this.s; }
  pick<T>(a: T[]): T { return a[this.next() % a.length]; }
  value(): number { return this.next() % 3 === 0 ? this.pick(SPECIAL) : this.next() | 0; }
  rd(): number { return this.next() % 30; } // x30 counts loops, x31 points at the data
  reg(): number { return this.next() % 32; }
  emit(name: string, rd: number, rs1: number, rs2: number, imm: number): void { this.code.push(encode(name, rd, rs1, rs2, imm)); }

  li(rd: number, v: number): void {
    const lo = (v << 20) >> 20, hi = (v - lo) | 0;
    this.emit("lui", rd, 0, 0, hi);
    this.emit("addi", rd, rd, 0, lo);
  }

  /** One random instruction that does not transfer control. */
  plain(): void {
    const kind = this.next() % 10;
    if (kind < 4) return this.emit(this.pick(ALU), this.rd(), this.reg(), this.reg(), 0);
    if (kind < 6) return this.emit(this.pick(IMM), this.rd(), this.reg(), 0, (this.next() | 0) >> 20);
    if (kind < 7) return this.emit(this.pick(SHIFT), this.rd(), this.reg(), 0, this.next() & 31);
    if (kind < 8) return this.emit(this.pick(["lui", "auipc"]), this.rd(), 0, 0, this.next() & 0xfffff000);
    if (kind < 9) {
      const [name, size] = this.pick(LOADS);
      return this.emit(name, this.rd(), 31, 0, DUMP + (this.next() % ((DATA_BYTES - DUMP) / size)) * size);
    }
    const [name, size] = this.pick(STORES);
    this.emit(name, 0, 31, this.reg(), DUMP + (this.next() % ((DATA_BYTES - DUMP) / size)) * size);
  }

  program(length: number): number[] {
    for (let x = 1; x < 30; x++) this.li(x, this.value());
    this.emit("lui", 31, 0, 0, DATA);
    while (this.code.length < length) {
      const kind = this.next() % 20;
      if (kind === 0) this.loop();
      else if (kind < 3) { // forward branch or jump over 0..3 instructions
        const skip = this.next() % 4;
        if (kind === 1) this.emit(this.pick(BRANCH), 0, this.reg(), this.reg(), 4 * (skip + 1));
        else this.emit("jal", this.rd(), 0, 0, 4 * (skip + 1));
        for (let i = 0; i < skip; i++) this.plain();
      } else this.plain();
    }
    this.epilogue();
    return this.code;
  }

  /** A counted loop of straight-line code: the fast emulator runs it as a JS loop. */
  loop(): void {
    const body = 1 + (this.next() % 6);
    this.emit("addi", 30, 0, 0, 1 + (this.next() % 40));
    for (let i = 0; i < body; i++) this.plain();
    this.emit("addi", 30, 30, 0, -1);
    this.emit("bne", 0, 30, 0, -4 * (body + 1));
  }

  epilogue(): void {
    for (let x = 1; x < 32; x++) this.emit("sw", 0, 31, x, 4 * x);
    this.emit("addi", 10, 0, 0, 1);
    this.emit("addi", 11, 31, 0, 0);
    this.emit("lui", 12, 0, 0, 0);
    this.emit("addi", 12, 12, 0, DATA_BYTES - 1);
    this.emit("addi", 12, 12, 0, 1);
    this.emit("addi", 17, 0, 0, 64);
    this.code.push(0x00000073);
    this.emit("addi", 10, 0, 0, 0);
    this.emit("addi", 11, 0, 0, 0);
    this.emit("addi", 17, 0, 0, 93);
    this.code.push(0x00000073);
  }
}

export function randomElf(seed: number, length: number): Uint8Array {
  const g = new Gen(seed);
  const code = g.program(length);
  const data = new Uint8Array(DATA_BYTES);
  for (let i = 0; i < data.length; i++) data[i] = g.next() & 255;
  return writeElf({
    entry: TEXT,
    segments: [
      { vaddr: TEXT, data: wordsToBytes(code), flags: 5 },
      { vaddr: DATA, data, flags: 6 },
    ],
  });
}
