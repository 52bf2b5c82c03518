// Small guest programs for the chip tests, assembled from instruction lists (no
// compiler needed): text at 0x10000 (R+X), data at 0x1000_0000 (R+W).
import { encode } from "../riscv/encode.ts";
import { wordsToBytes, writeElf } from "../riscv/elf-writer.ts";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";

export const TEXT = 0x10000;
export const DATA = 0x1000_0000;

export type Ins = [string, number, number, number, number];

/** li rd, v as lui + addi. */
export function li(rd: number, v: number): Ins[] {
  const lo = (v << 20) >> 20, hi = (v - lo) | 0;
  return [["lui", rd, 0, 0, hi], ["addi", rd, rd, 0, lo]];
}

/** exit(code in a0) with no output digest: a7 = 93, a1 = 0. */
export function exitWith(code: number): Ins[] {
  return [...li(10, code), ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0]];
}

export function asmProgram(code: Ins[], data: Uint8Array = new Uint8Array(64), name = "test", entry = TEXT): Program {
  const words = code.map(([op, rd, rs1, rs2, imm]) => (op === "ecall" ? 0x73 : op === "fence" ? 0x0ff0000f : encode(op, rd, rs1, rs2, imm)));
  const elf = writeElf({
    entry,
    segments: [
      { vaddr: TEXT, data: wordsToBytes(words), flags: 5 },
      { vaddr: DATA, data, flags: 6 },
    ],
  });
  return loadProgram(elf, name);
}
