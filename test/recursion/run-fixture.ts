// The small guest the recursion tests aggregate: a byte of input added to a constant,
// stored and reloaded around a 4-iteration loop, so a run of 16-cycle segments has a
// memory proof and several segment proofs of more than one shape.
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";

const code: Ins[] = [
  ...li(5, DATA), ...li(6, 0x1234), ...li(9, 0x20000004),
  ["lbu", 10, 9, 0, 0], ["add", 6, 6, 10, 0],
  ["sw", 0, 5, 6, 0],
  ["addi", 7, 0, 0, 4],
  ["addi", 7, 7, 0, -1], ["bne", 0, 7, 0, -4],
  ["lw", 10, 5, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];

export const recursionFixtureProgram = (name: string) => asmProgram(code, undefined, name);
