// RV32IM operation ids, their mnemonics and the instruction class each is counted in
// by the segmentation plan. Ids are small dense integers so that the interpreter's
// switch compiles to a jump table.

export const OP = {
  ILLEGAL: 0, LUI: 1, AUIPC: 2, JAL: 3, JALR: 4,
  BEQ: 5, BNE: 6, BLT: 7, BGE: 8, BLTU: 9, BGEU: 10,
  LB: 11, LH: 12, LW: 13, LBU: 14, LHU: 15, SB: 16, SH: 17, SW: 18,
  ADDI: 19, SLTI: 20, SLTIU: 21, XORI: 22, ORI: 23, ANDI: 24, SLLI: 25, SRLI: 26, SRAI: 27,
  ADD: 28, SUB: 29, SLL: 30, SLT: 31, SLTU: 32, XOR: 33, SRL: 34, SRA: 35, OR: 36, AND: 37,
  FENCE: 38, ECALL: 39, EBREAK: 40,
  MUL: 41, MULH: 42, MULHSU: 43, MULHU: 44, DIV: 45, DIVU: 46, REM: 47, REMU: 48,
  /** A word outside every executable segment. */
  NOEXEC: 49,
} as const;
export const OP_COUNT = 50;

export const OP_NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [k, v] of Object.entries(OP)) names[v] = k.toLowerCase();
  return names;
})();

/** Instruction classes: one counter each in the segmentation plan (a chip each, later). */
export const CLASS = {
  /** add/sub/logic/compare, their immediate forms, lui, auipc, fence */
  ALU: 0,
  SHIFT: 1,
  MULDIV: 2,
  LOAD: 3,
  STORE: 4,
  /** conditional branches, jal, jalr */
  BRANCH: 5,
  SYSCALL: 6,
} as const;
export const CLASS_COUNT = 7;
export const CLASS_NAMES = ["alu", "shift", "muldiv", "load", "store", "branch", "syscall"] as const;

export const OP_CLASS: Uint8Array = (() => {
  const c = new Uint8Array(OP_COUNT); // ALU by default
  for (const op of [OP.SLL, OP.SRL, OP.SRA, OP.SLLI, OP.SRLI, OP.SRAI]) c[op] = CLASS.SHIFT;
  for (let op: number = OP.MUL; op <= OP.REMU; op++) c[op] = CLASS.MULDIV;
  for (let op: number = OP.LB; op <= OP.LHU; op++) c[op] = CLASS.LOAD;
  for (let op: number = OP.SB; op <= OP.SW; op++) c[op] = CLASS.STORE;
  for (let op: number = OP.JAL; op <= OP.BGEU; op++) c[op] = CLASS.BRANCH;
  c[OP.ECALL] = CLASS.SYSCALL;
  return c;
})();

/** Ops after which control does not simply fall through to pc + 4. */
export function endsBlock(op: number): boolean {
  return (op >= OP.JAL && op <= OP.BGEU) || op === OP.ECALL || op === OP.EBREAK || op === OP.ILLEGAL || op === OP.NOEXEC;
}
