// Key digests inside a program equal the native ones, and the program depends on the
// key's shape, not on its preprocessed root (the guest's code).
import { expect } from "chai";
import fs from "node:fs";
import { ProgramBuilder } from "../../wrapper/recursion/builder.ts";
import { runProgram, } from "../../wrapper/recursion/run.ts";
import { programsEqual } from "../../wrapper/recursion/program.ts";
import { vkDigestInProgram, programVkDigestInProgram } from "../../wrapper/recursion/key-digest-program.ts";
import { vkDigestOf } from "../../prover/stark/keys.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { setupProgram, type ProgramVk } from "../../prover/zkvm/prove.ts";
import { loadProgram } from "../../prover/riscv/program.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";

function record(vk: ProgramVk) {
  const b = new ProgramBuilder();
  const words = (w: Uint32Array) => Array.from(w, (x) => b.witness(x));
  const seg = vkDigestInProgram(b, vk.segment, words(vk.segment.prepRoot!));
  const mem = vkDigestInProgram(b, vk.memory, words(vk.memory.prepRoot!));
  const prog = programVkDigestInProgram(b, seg, mem, { lo: b.witness(vk.entry & 0xffff), hi: b.witness(vk.entry >>> 16) });
  const value = (v: typeof seg) => v.map((x) => b.baseValue(x));
  return { seg: value(seg), mem: value(mem), prog: value(prog), built: b.build() };
}

describe("recursion: key digests inside a program", () => {
  let vk: ProgramVk;
  before(async () => {
    const elf = new Uint8Array(fs.readFileSync("guests/bin/fibonacci.elf"));
    vk = (await setupProgram(loadProgram(elf, "fibonacci"), TEST_CONFIG_INSECURE)).vk;
  });

  it("the segment, memory and program digests equal vkDigestOf and programVkDigest", () => {
    const r = record(vk);
    expect(r.seg).to.deep.equal(Array.from(vk.segment.digest));
    expect(r.mem).to.deep.equal(Array.from(vk.memory.digest));
    expect(r.prog).to.deep.equal(Array.from(programVkDigest(vk)));
    expect(() => runProgram(r.built.program, r.built.witness)).to.not.throw();
  });

  it("another preprocessed root (another guest of the same shape) records the same program and the other digests", () => {
    const root = Uint32Array.from({ length: 8 }, (_, i) => 1000 + 77 * i);
    const segment = { ...vk.segment, prepRoot: root };
    const other: ProgramVk = { ...vk, segment: { ...segment, digest: vkDigestOf(segment) }, entry: vk.entry + 4 };
    const a = record(vk), b = record(other);
    expect(programsEqual(a.built.program, b.built.program)).to.equal(true);
    expect(b.seg).to.deep.equal(Array.from(other.segment.digest));
    expect(b.prog).to.deep.equal(Array.from(programVkDigest(other)));
    expect(b.prog).to.not.deep.equal(a.prog);
  });
});
