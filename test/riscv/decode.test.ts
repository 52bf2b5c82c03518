// The decoder against an independent encoder (encode.ts), the encodings the spec
// reserves (they must be illegal), the disassembler, and the M-extension arithmetic
// against BigInt.
import { expect } from "chai";
import * as alu from "../../prover/riscv/alu.ts";
import { decode } from "../../prover/riscv/decode.ts";
import { disassemble, illegalReason } from "../../prover/riscv/disasm.ts";
import { OP, OP_NAMES } from "../../prover/riscv/isa.ts";
import { encode, SPECS } from "./encode.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe("RV32IM decoder", () => {
  it("decodes every instruction with random fields as the encoder wrote them", () => {
    const next = rng(1);
    for (const [name, spec] of Object.entries(SPECS)) {
      for (let t = 0; t < 200; t++) {
        const rd = next() & 31, rs1 = next() & 31, rs2 = next() & 31;
        let imm = (next() | 0) >> 20; // 12-bit signed
        if (spec.fmt === "SHIFT") imm = next() & 31;
        if (spec.fmt === "B") imm = ((next() | 0) >> 19) & ~1;
        if (spec.fmt === "J") imm = ((next() | 0) >> 11) & ~1;
        if (spec.fmt === "U") imm = next() & 0xfffff000;
        const d = decode(encode(name, rd, rs1, rs2, imm));
        expect(OP_NAMES[d.op], name).to.equal(name);
        if (!["S", "B"].includes(spec.fmt)) expect(d.rd, name).to.equal(rd);
        if (spec.fmt !== "U" && spec.fmt !== "J") expect(d.rs1, name).to.equal(rs1);
        if (["R", "S", "B"].includes(spec.fmt)) expect(d.rs2, name).to.equal(rs2);
        if (spec.fmt !== "R") expect(d.imm | 0, name).to.equal(imm | 0);
      }
    }
  });

  it("decodes system and fence instructions", () => {
    expect(decode(0x00000073).op).to.equal(OP.ECALL);
    expect(decode(0x00100073).op).to.equal(OP.EBREAK);
    expect(decode(0x0ff0000f).op).to.equal(OP.FENCE); // fence iorw, iorw
    expect(decode(0x8330000f).op).to.equal(OP.FENCE); // fence.tso: reserved fields are ignored
    expect(decode(0x0100000f).op).to.equal(OP.FENCE); // pause
  });

  it("rejects every encoding the spec reserves", () => {
    const reserved: Record<string, number> = {
      "all zeros": 0x00000000, "all ones": 0xffffffff, "compressed c.addi": 0x00000505,
      "branch funct3 2": encode("beq", 0, 1, 2, 8) | (2 << 12), "load funct3 3": encode("lw", 1, 2, 0, 0) | (1 << 12),
      "load funct3 6": encode("lw", 1, 2, 0, 0) | (4 << 12), "store funct3 3": encode("sw", 0, 1, 2, 0) | (1 << 12),
      "jalr funct3 1": encode("jalr", 1, 2, 0, 0) | (1 << 12), "slli shamt[5]": 0x02009093,
      "srli funct7 0x10": encode("srli", 1, 1, 0, 3) | (0x10 << 25), "add funct7 0x40": encode("add", 1, 2, 3, 0) | (1 << 31),
      "sll funct7 0x20": encode("sll", 1, 2, 3, 0) | (0x20 << 25), "csrrs (Zicsr)": 0xb0002573,
      "mret": 0x30200073, "wfi": 0x10500073, "fence.i (Zifencei)": 0x0000100f, "ecall with rd": 0x000000f3,
      "atomic lr.w (A)": 0x1005252f, "flw (F)": 0x00052007,
    };
    for (const [what, w] of Object.entries(reserved)) expect(decode(w | 0).op, what).to.equal(OP.ILLEGAL);
  });

  it("decodes the twins of the reserved encodings", () => {
    expect(decode(encode("beq", 0, 1, 2, 8)).op).to.equal(OP.BEQ);
    expect(decode(encode("lw", 1, 2, 0, 0)).op).to.equal(OP.LW);
    expect(decode(0x01f09093).op).to.equal(OP.SLLI); // slli x1, x1, 31
    expect(decode(encode("srai", 1, 1, 0, 3)).op).to.equal(OP.SRAI);
    expect(decode(encode("sub", 1, 2, 3, 0)).op).to.equal(OP.SUB);
  });

  it("disassembles with ABI register names", () => {
    expect(disassemble(0xfff50513, 0)).to.equal("addi a0, a0, -1");
    expect(disassemble(encode("lw", 10, 5, 0, 1), 0)).to.equal("lw a0, 1(t0)");
    expect(disassemble(encode("sw", 0, 2, 1, 12), 0)).to.equal("sw ra, 12(sp)");
    expect(disassemble(encode("jal", 1, 0, 0, 16), 0x10000)).to.equal("jal ra, 0x00010010");
    expect(disassemble(encode("bne", 0, 11, 12, -8), 0x10008)).to.equal("bne a1, a2, 0x00010000");
    expect(disassemble(0, 0)).to.equal("illegal instruction 0x00000000");
  });

  it("says what an illegal word is when RV32IM lacks its extension", () => {
    expect(illegalReason(0xc0002573)).to.match(/^a CSR instruction \(csrrs a0, cycle, zero = rdcycle a0\); RV32IM has no CSRs/);
    expect(illegalReason(0xc01025f3)).to.match(/csrrs a1, time, zero = rdtime a1/);
    expect(illegalReason(0x30029073)).to.match(/CSR instruction \(csrrw zero, mstatus, t0\)/);
    expect(illegalReason(0x0000d073)).to.match(/csrrwi zero, 0x000, 1/);
    expect(illegalReason(0x10500073)).to.match(/privileged or reserved SYSTEM instruction/); // wfi
    expect(illegalReason(0x00b57553)).to.match(/floating-point instruction/); // fadd.s
    expect(illegalReason(0x00052007)).to.match(/floating-point/); // flw
    expect(illegalReason(0x00b5202f)).to.match(/atomic \(A extension\)/); // amoadd.w
    expect(illegalReason(0x00004501)).to.match(/compressed/); // c.li a0, 0
    expect(illegalReason(0)).to.equal("all-zero memory, not code");
  });

  it("gives no reason for a plain reserved encoding (negative twin)", () => {
    expect(illegalReason(0x02009093)).to.equal(""); // slli with shamt[5] set
    expect(illegalReason(0x0000007b)).to.equal(""); // custom-3 opcode
  });
});

describe("RV32M arithmetic", () => {
  const edge = [0, 1, -1, 2, -2, 3, 7, -7, 0x7fffffff, -0x80000000, 0x40000000, 0xffff, 0x10000, -0x10000, 0x12345678, -0x12345678];
  const next = rng(7);
  const values = [...edge, ...Array.from({ length: 60 }, () => next() | 0)];
  const s = (v: number) => BigInt(v | 0), u = (v: number) => BigInt(v >>> 0);
  const lo32 = (v: bigint) => Number(BigInt.asIntN(32, v));
  const hi32 = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
  const truncDiv = (a: bigint, b: bigint) => a / b; // BigInt division truncates, as RISC-V does

  it("mulh, mulhsu, mulhu give the high word of the 64-bit product", () => {
    for (const a of values) for (const b of values) {
      expect(alu.mulh(a, b), `mulh ${a} ${b}`).to.equal(hi32(s(a) * s(b)));
      expect(alu.mulhsu(a, b), `mulhsu ${a} ${b}`).to.equal(hi32(s(a) * u(b)));
      expect(alu.mulhu(a, b), `mulhu ${a} ${b}`).to.equal(hi32(u(a) * u(b)));
      expect(Math.imul(a, b)).to.equal(lo32(s(a) * s(b)));
    }
  });

  it("div, divu, rem, remu match the spec, division by zero and overflow included", () => {
    for (const a of values) for (const b of values) {
      const divS = b === 0 ? -1 : a === -0x80000000 && b === -1 ? a : lo32(truncDiv(s(a), s(b)));
      const remS = b === 0 ? a : a === -0x80000000 && b === -1 ? 0 : lo32(s(a) % s(b));
      expect(alu.div(a, b), `div ${a} ${b}`).to.equal(divS);
      expect(alu.rem(a, b), `rem ${a} ${b}`).to.equal(remS);
      expect(alu.divu(a, b), `divu ${a} ${b}`).to.equal(b === 0 ? -1 : lo32(u(a) / u(b)));
      expect(alu.remu(a, b), `remu ${a} ${b}`).to.equal(b === 0 ? a : lo32(u(a) % u(b)));
    }
  });
});
