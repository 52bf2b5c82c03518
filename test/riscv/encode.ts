// An RV32IM assembler for single instructions, written from the spec's encoding
// tables independently of the decoder, for round-trip and random-program tests.

type Fmt = "R" | "I" | "S" | "B" | "U" | "J" | "SHIFT";
interface Spec { fmt: Fmt; opcode: number; f3?: number; f7?: number }

export const SPECS: Record<string, Spec> = {
  lui: { fmt: "U", opcode: 0x37 }, auipc: { fmt: "U", opcode: 0x17 }, jal: { fmt: "J", opcode: 0x6f },
  jalr: { fmt: "I", opcode: 0x67, f3: 0 },
  beq: { fmt: "B", opcode: 0x63, f3: 0 }, bne: { fmt: "B", opcode: 0x63, f3: 1 }, blt: { fmt: "B", opcode: 0x63, f3: 4 },
  bge: { fmt: "B", opcode: 0x63, f3: 5 }, bltu: { fmt: "B", opcode: 0x63, f3: 6 }, bgeu: { fmt: "B", opcode: 0x63, f3: 7 },
  lb: { fmt: "I", opcode: 0x03, f3: 0 }, lh: { fmt: "I", opcode: 0x03, f3: 1 }, lw: { fmt: "I", opcode: 0x03, f3: 2 },
  lbu: { fmt: "I", opcode: 0x03, f3: 4 }, lhu: { fmt: "I", opcode: 0x03, f3: 5 },
  sb: { fmt: "S", opcode: 0x23, f3: 0 }, sh: { fmt: "S", opcode: 0x23, f3: 1 }, sw: { fmt: "S", opcode: 0x23, f3: 2 },
  addi: { fmt: "I", opcode: 0x13, f3: 0 }, slti: { fmt: "I", opcode: 0x13, f3: 2 }, sltiu: { fmt: "I", opcode: 0x13, f3: 3 },
  xori: { fmt: "I", opcode: 0x13, f3: 4 }, ori: { fmt: "I", opcode: 0x13, f3: 6 }, andi: { fmt: "I", opcode: 0x13, f3: 7 },
  slli: { fmt: "SHIFT", opcode: 0x13, f3: 1, f7: 0 }, srli: { fmt: "SHIFT", opcode: 0x13, f3: 5, f7: 0 },
  srai: { fmt: "SHIFT", opcode: 0x13, f3: 5, f7: 0x20 },
  add: { fmt: "R", opcode: 0x33, f3: 0, f7: 0 }, sub: { fmt: "R", opcode: 0x33, f3: 0, f7: 0x20 },
  sll: { fmt: "R", opcode: 0x33, f3: 1, f7: 0 }, slt: { fmt: "R", opcode: 0x33, f3: 2, f7: 0 },
  sltu: { fmt: "R", opcode: 0x33, f3: 3, f7: 0 }, xor: { fmt: "R", opcode: 0x33, f3: 4, f7: 0 },
  srl: { fmt: "R", opcode: 0x33, f3: 5, f7: 0 }, sra: { fmt: "R", opcode: 0x33, f3: 5, f7: 0x20 },
  or: { fmt: "R", opcode: 0x33, f3: 6, f7: 0 }, and: { fmt: "R", opcode: 0x33, f3: 7, f7: 0 },
  mul: { fmt: "R", opcode: 0x33, f3: 0, f7: 1 }, mulh: { fmt: "R", opcode: 0x33, f3: 1, f7: 1 },
  mulhsu: { fmt: "R", opcode: 0x33, f3: 2, f7: 1 }, mulhu: { fmt: "R", opcode: 0x33, f3: 3, f7: 1 },
  div: { fmt: "R", opcode: 0x33, f3: 4, f7: 1 }, divu: { fmt: "R", opcode: 0x33, f3: 5, f7: 1 },
  rem: { fmt: "R", opcode: 0x33, f3: 6, f7: 1 }, remu: { fmt: "R", opcode: 0x33, f3: 7, f7: 1 },
};

const bits = (v: number, hi: number, lo: number) => (v >>> lo) & ((1 << (hi - lo + 1)) - 1);

/** Encodes `name rd, rs1, rs2/imm`; imm is the immediate value (byte offset for B/J,
 * the upper 20 bits' value, i.e. already shifted, for U). */
export function encode(name: string, rd: number, rs1: number, rs2: number, imm: number): number {
  const s = SPECS[name];
  if (!s) throw new Error(`unknown mnemonic ${name}`);
  const { opcode } = s, f3 = s.f3 ?? 0, f7 = s.f7 ?? 0;
  switch (s.fmt) {
    case "R": return ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
    case "I": return (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
    case "SHIFT": return ((f7 << 25) | ((imm & 31) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opcode) >>> 0;
    case "S": return ((bits(imm, 11, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (bits(imm, 4, 0) << 7) | opcode) >>> 0;
    case "B":
      return ((bits(imm, 12, 12) << 31) | (bits(imm, 10, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
        (bits(imm, 4, 1) << 8) | (bits(imm, 11, 11) << 7) | opcode) >>> 0;
    case "U": return ((imm & 0xfffff000) | (rd << 7) | opcode) >>> 0;
    case "J":
      return ((bits(imm, 20, 20) << 31) | (bits(imm, 10, 1) << 21) | (bits(imm, 11, 11) << 20) |
        (bits(imm, 19, 12) << 12) | (rd << 7) | opcode) >>> 0;
  }
}
