// Test programs for the fast emulator's tiers (jit.test.ts, jit-probation.test.ts).
import { MIN_REGION } from "../../prover/riscv/jit-regions.ts";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { wordsToBytes, writeElf } from "./elf-writer.ts";
import { encode } from "./encode.ts";

export const A0 = 10, A1 = 11, A7 = 17, SP = 2, RA = 1, T0 = 5, T1 = 6, T2 = 7, T3 = 28, T4 = 29;
export const ecallExit = [encode("addi", A1, 0, 0, 0), encode("addi", A7, 0, 0, 93), 0x00000073];
export const NOP = encode("addi", 0, 0, 0, 0);

/** Two functions far enough apart to lie in different regions, calling each other
 * until a0 reaches 0 (depth = the input word), then returning all the way. With
 * `faultAtBottom`, the innermost call does a misaligned load instead. `gLength`
 * straight-line instructions at the start of g make it too long to be copied into
 * f's region (MAX_INLINED), so that f calls g's own region function. */
export function pingPong(faultAtBottom: boolean, gLength = 0): Program {
  const words: number[] = [];
  const at = () => words.length;
  // entry: sp, a0 = input word, call f, exit(a0 = 0)
  words.push(encode("lui", SP, 0, 0, 0x29000000), encode("lui", T0, 0, 0, 0x20000000), encode("lw", A0, T0, 0, 4));
  const callF = at();
  words.push(0, encode("addi", A0, 0, 0, 0), ...ecallExit);
  const fn = (other: () => number, body = 0) => {
    const start = at();
    for (let i = 0; i < body; i++) words.push(encode("addi", T0, T0, 0, 1));
    // if (a0 == 0) { [fault] return } ; push ra; a0--; call other; pop ra; return
    words.push(encode("bne", 0, A0, 0, faultAtBottom ? 12 : 8));
    if (faultAtBottom) words.push(encode("lw", T0, SP, 0, 2));
    words.push(encode("jalr", 0, RA, 0, 0));
    words.push(encode("addi", SP, SP, 0, -16), encode("sw", 0, SP, RA, 12), encode("addi", A0, A0, 0, -1));
    const call = at();
    words.push(0, encode("lw", RA, SP, 0, 12), encode("addi", SP, SP, 0, 16), encode("jalr", 0, RA, 0, 0));
    return { start, call, link: () => { words[call] = encode("jal", RA, 0, 0, 4 * (other() - call)); } };
  };
  let gStart = 0;
  const f = fn(() => gStart);
  while (at() < f.start + MIN_REGION + 8) words.push(NOP);
  const g = fn(() => f.start, gLength);
  gStart = g.start;
  f.link();
  g.link();
  words[callF] = encode("jal", RA, 0, 0, 4 * (f.start - callF));
  return loadProgram(writeElf({ entry: 0x10000, segments: [{ vaddr: 0x10000, data: wordsToBytes(words), flags: 5 }] }));
}

