// The ELF loader: every PT_LOAD segment mapped at its address and zero-filled past
// its file size; and a clear error, naming the problem, for each kind of file the
// zkVM must not run. Each bad file has a good twin that loads.
import { expect } from "chai";
import { ElfError } from "../../prover/riscv/errors.ts";
import { parseElf } from "../../prover/riscv/elf.ts";
import { loadProgram } from "../../prover/riscv/program.ts";
import { PERM_R, PERM_W, PERM_X } from "../../prover/riscv/memory-map.ts";
import { execute } from "../../prover/zkvm/execute.ts";
import { writeElf, wordsToBytes, type ElfSpec } from "./elf-writer.ts";
import { failBoth, readFixture, readGuest, runBoth } from "./helpers.ts";

const EXIT0 = wordsToBytes([0x00000513, 0x00000593, 0x05d00893, 0x00000073]); // a0 = 0, a1 = 0, a7 = 93, ecall

function good(over: Partial<ElfSpec> = {}): ElfSpec {
  return {
    entry: 0x10000,
    segments: [
      { vaddr: 0x10000, data: EXIT0, flags: 5 },
      { vaddr: 0x1000_0000, data: new Uint8Array([1, 2, 3, 4, 5]), memsz: 0x2000, flags: 6 },
    ],
    ...over,
  };
}

function rejects(bytes: Uint8Array, message: RegExp): void {
  expect(() => parseElf(bytes, "bad.elf")).to.throw(ElfError, message);
}

describe("ELF loader", () => {
  it("maps the example guests' segments with their permissions", () => {
    const elf = parseElf(readGuest("sha256"));
    expect(elf.segments.map((s) => s.perm)).to.deep.equal([PERM_R | PERM_X, PERM_R | PERM_W]);
    expect(elf.segments[0].vaddr).to.equal(0x10000);
    expect(elf.segments[1].vaddr).to.equal(0x1000_0000);
    expect(elf.entry).to.equal(0x10000);
  });

  it("loads and runs the good twin of the bad files below", () => {
    const r = runBoth(loadProgram(writeElf(good())));
    expect(r.exitCode).to.equal(0);
  });

  it("zero-fills memory past a segment's file size, and maps file bytes as they are", () => {
    execute(writeElf(good()), {
      onSegment: (_s, m) => {
        expect([...m.mem.u8.subarray(0x1000_0000, 0x1000_0008)]).to.deep.equal([1, 2, 3, 4, 5, 0, 0, 0]);
        expect(m.mem.regionAt(0x1000_1ffc)?.perm).to.equal(PERM_R | PERM_W);
        expect(m.mem.regionAt(0x1000_2000)).to.equal(undefined);
      },
    });
  });

  it("rejects files that are not ELF or are truncated", () => {
    rejects(new Uint8Array(0), /not an ELF file/);
    rejects(new TextEncoder().encode("#!/bin/sh\necho hi\n"), /not an ELF file/);
    const elf = readGuest("fibonacci");
    rejects(elf.subarray(0, 40), /truncated: 40 bytes/);
    rejects(elf.subarray(0, 60), /truncated: program headers/);
    rejects(elf.subarray(0, 0x1100), /truncated: segment \d at 0x00010000 needs file bytes/);
    expect(() => parseElf(elf)).to.not.throw();
  });

  it("rejects a 64-bit RISC-V executable", () => {
    rejects(readFixture("rv64-hello.elf"), /64-bit ELF \(ELFCLASS64\)/);
    rejects(writeElf({ ...good(), cls: 2 }), /64-bit/);
  });

  it("rejects big-endian files, other machines and other file types", () => {
    rejects(writeElf({ ...good(), endian: 2 }), /big-endian/);
    rejects(writeElf({ ...good(), machine: 62 }), /e_machine is 62, not RISC-V \(243\)/);
    rejects(writeElf({ ...good(), type: 1 }), /e_type is 1, not an executable/);
    rejects(writeElf({ ...good(), type: 3 }), /e_type is 3/);
  });

  it("rejects compressed and hardware floating-point ABIs", () => {
    rejects(writeElf({ ...good(), flags: 0x1 }), /compressed instructions/);
    rejects(writeElf({ ...good(), flags: 0x4 }), /floating-point ABI/);
    expect(() => parseElf(writeElf({ ...good(), flags: 0x10 }))).to.not.throw(); // EF_RISCV_TSO is fine
  });

  it("rejects overlapping segments, even within one word", () => {
    const seg = (vaddr: number, memsz: number, flags = 6) => ({ vaddr, data: new Uint8Array(0), memsz, flags });
    const text = { vaddr: 0x10000, data: EXIT0, flags: 5 };
    rejects(writeElf(good({ segments: [text, seg(0x20000, 0x100), seg(0x200f0, 0x100)] })), /overlap/);
    rejects(writeElf(good({ segments: [text, seg(0x10008, 0x10)] })), /overlap/);
    rejects(writeElf(good({ segments: [text, seg(0x20000, 0x101), seg(0x20102, 4)] })), /overlap/);
    expect(() => parseElf(writeElf(good({ segments: [text, seg(0x20000, 0x100), seg(0x20100, 4)] })))).to.not.throw();
  });

  it("rejects segments outside the image range", () => {
    const text = { vaddr: 0x10000, data: EXIT0, flags: 5 };
    rejects(writeElf(good({ segments: [text, { vaddr: 0x8000, data: new Uint8Array(4), flags: 6 }] })), /outside the program-image range/);
    rejects(writeElf(good({ segments: [text, { vaddr: 0x1fff_f000, data: new Uint8Array(0), memsz: 0x2000, flags: 6 }] })), /outside/);
    rejects(writeElf(good({ segments: [text, { vaddr: 0x2000_0000, data: new Uint8Array(4), flags: 6 }] })), /outside/);
    expect(() => parseElf(writeElf(good({ segments: [text, { vaddr: 0x1fff_f000, data: new Uint8Array(0), memsz: 0x1000, flags: 6 }] })))).to.not.throw();
  });

  it("rejects a writable and executable segment, filesz > memsz, no PT_LOAD, dynamic linking", () => {
    rejects(writeElf(good({ segments: [{ vaddr: 0x10000, data: EXIT0, flags: 7 }] })), /both writable and executable/);
    rejects(writeElf(good({ segments: [{ vaddr: 0x10000, data: EXIT0, memsz: 8, flags: 5 }] })), /p_filesz 16 exceeds p_memsz 8/);
    rejects(writeElf(good({ segments: [{ vaddr: 0x10000, data: EXIT0, flags: 5, type: 4 }] })), /no loadable/);
    rejects(writeElf(good({ segments: [{ vaddr: 0x10000, data: EXIT0, flags: 5 }, { vaddr: 0, data: new Uint8Array(8), flags: 4, type: 3 }] })), /dynamically linked/);
  });

  it("rejects an entry point outside code or misaligned", () => {
    rejects(writeElf(good({ entry: 0x1000_0000 })), /entry point 0x10000000 is not inside an executable segment/);
    rejects(writeElf(good({ entry: 0x10010 })), /entry point 0x00010010 is not inside/);
    rejects(writeElf(good({ entry: 0x10002 })), /entry point 0x00010002 is not 4-byte aligned/);
    expect(() => parseElf(writeElf(good({ entry: 0x1000c })))).to.not.throw();
  });

  describe("an executable segment's zero tail (p_memsz past p_filesz)", () => {
    const ADDI_A0 = 0x00000513; // addi a0, zero, 0
    const code = (data: Uint8Array, memsz: number) => writeElf(good({ segments: [{ vaddr: 0x10000, data, memsz, flags: 5 }] }));

    it("is not decoded: a 64 MiB p_memsz costs no table, and running into it is an illegal instruction", () => {
      const p = loadProgram(code(wordsToBytes([ADDI_A0]), 64 << 20));
      expect(p.codeWords).to.equal(1);
      const e = failBoth(p);
      expect(e.kind).to.equal("illegal-instruction");
      expect(e.message).to.equal("illegal instruction 0x00000000: all-zero memory, not code (pc 0x00010004, after 1 cycle)");
    });

    it("a program that never reaches its tail runs (negative twin)", () => {
      const p = loadProgram(code(EXIT0, 64 << 20));
      expect(p.codeWords).to.equal(4);
      expect(runBoth(p).exitCode).to.equal(0);
    });

    it("a tail between two code segments is decoded and faults the same way", () => {
      const elf = writeElf(good({
        segments: [
          { vaddr: 0x10000, data: wordsToBytes([ADDI_A0]), memsz: 8, flags: 5 },
          { vaddr: 0x10008, data: EXIT0, flags: 5 },
        ],
      }));
      const p = loadProgram(elf);
      expect(p.codeWords).to.equal(6);
      expect(failBoth(p).message).to.equal("illegal instruction 0x00000000: all-zero memory, not code (pc 0x00010004, after 1 cycle)");
    });
  });

  it("counts cycles in words: 'after 1 cycle', 'after 0 cycles'", () => {
    const run = (words: number[]) => failBoth(loadProgram(writeElf(good({ segments: [{ vaddr: 0x10000, data: wordsToBytes(words), flags: 5 }] }))));
    expect(run([0x00000513, 0xc0002573]).message).to.match(/^illegal instruction 0xc0002573: a CSR instruction \(csrrs a0, cycle, zero = rdcycle a0\).*\(pc 0x00010004, after 1 cycle\)$/);
    expect(run([0xc0002573]).message).to.match(/\(pc 0x00010000, after 0 cycles\)$/);
  });
});
