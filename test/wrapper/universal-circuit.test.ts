// The universal wrap circuit (wrapper/circuit/generate.ts, `programDigest` and `exitCode`):
// one circuit for one fixed key verifies proofs that carry different programs' VK
// digests among their public values; its first public signal is that digest (packed as
// on chain), its second the statement digest, and a run that exited with a non-zero
// code is refused. The stand-in for the shrink proof is a Fibonacci AIR with those
// public values.
import { expect } from "chai";
import fs from "node:fs";
import { setup, prove, verify, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { defineAir } from "../../prover/air/builder.ts";
import { fibonacciConstraints, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { digestLimbs } from "../../prover/air/examples/fibonacci-statement.ts";
import { generateStarkVerifierCircuit, packDigestWords, type WrapCircuit } from "../../wrapper/circuit/generate.ts";
import { WRAP_TEST_CONFIG_INSECURE } from "../../wrapper/circuit/presets.ts";
import { statementDigest } from "../../wrapper/solidity/statement.ts";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { compile, witnessOk, readWitness, cloneInput } from "./stark-circuit-helpers.ts";
import { expectFailsAt } from "./circuit-labels.ts";
import os from "node:os";
import path from "node:path";
import { loadProgram } from "../../prover/riscv/program.ts";
import { setupProgram } from "../../prover/zkvm/prove.ts";
import { encodeVk, elfSha256, programVkDigest } from "../../prover/zkvm/program-key.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { readVkDigestArg } from "../../wrapper/solidity/proof-file.ts";

const LOG_ROWS = 3;
const PD = 3, EXIT = 11, STMT = 12;
const air = defineAir({
  name: "universal-stand-in",
  main: ["a", "b"],
  publicValues: ["a0", "b0", "out", ...Array.from({ length: 8 }, (_, i) => `programDigest${i}`), "exitCode", ...Array.from({ length: 16 }, (_, i) => `digest${i}`)],
  build: fibonacciConstraints,
});
const config = { ...WRAP_TEST_CONFIG_INSECURE, powBits: 0 };

async function proofFor(pk: ProvingKey, programDigest: number[], exitCode: number, output: Uint8Array): Promise<StarkProof> {
  const { main, publicValues } = fibonacciTrace(LOG_ROWS, 2, 3);
  const pv = Uint32Array.from([...publicValues, ...programDigest, exitCode, ...digestLimbs(output)]);
  return (await prove(pk, [{ main, publicValues: pv }])).proof;
}

describe("wrap circuit: universal (the program's VK digest and the exit code from public values)", () => {
  let pk: ProvingKey;
  let circ: WrapCircuit;
  let compiled: CompiledCircuit;
  const digestA = [1, 2, 3, 4, 5, 6, 7, 2013265915];
  const digestB = [2013265920, 0, 17, 4, 5, 6, 7, 8];
  const output = new TextEncoder().encode("hello");

  before(async () => {
    pk = await setup(config, [air]);
    circ = generateStarkVerifierCircuit(pk.vk, {
      tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STMT },
      programDigest: { table: 0, offset: PD }, exitCode: { table: 0, index: EXIT },
    });
    compiled = await compile(circ);
  });

  it("one circuit verifies proofs of two programs; the first public signal is each program's packed digest", async () => {
    for (const digest of [digestA, digestB]) {
      const proof = await proofFor(pk, digest, 0, output);
      expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
      const wtns = await witnessOk(compiled, circ.input(proof));
      try {
        const w = await readWitness(wtns);
        expect([w[1], w[2]]).to.deep.equal([packDigestWords(digest), statementDigest(output)]);
      } finally {
        fs.rmSync(wtns, { force: true });
      }
    }
    expect(packDigestWords(digestA)).to.not.equal(packDigestWords(digestB));
    expect(packDigestWords(digestA)).to.not.equal(circ.vkDigest);
  });

  it("a run with exit code 1 is refused (the STARK itself is valid)", async () => {
    const proof = await proofFor(pk, digestA, 1, output);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const at = await expectFailsAt(compiled, circ, circ.input(proof), /exited with code 0/, "exit code");
    expect(at.line).to.equal(`publicValues_0[${EXIT}] === 0;`);
  });

  it("a vkDigest signal other than the proof's program digest is refused", async () => {
    const proof = await proofFor(pk, digestA, 0, output);
    const input = cloneInput(circ.input(proof));
    input.vkDigest = packDigestWords(digestB).toString();
    const at = await expectFailsAt(compiled, circ, input, /universal wrap/, "vkDigest");
    expect(at.line).to.match(/^vkDigest === /);
  });

  it("packDigestWords is injective on 31-bit words and refuses wider ones; the generator checks the locations", () => {
    expect(packDigestWords([0, 0, 0, 0, 0, 0, 0, 1])).to.equal(1n);
    expect(packDigestWords([1, 0, 0, 0, 0, 0, 0, 0])).to.equal(1n << 217n);
    expect(() => packDigestWords([2 ** 31, 0, 0, 0, 0, 0, 0, 0])).to.throw(/below 2\^31/);
    const gen = (o: object) => () => generateStarkVerifierCircuit(pk.vk, { tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STMT }, ...o });
    expect(gen({ programDigest: { table: 0, offset: 24 } })).to.throw(/program digest needs public values \[24, 32\)/);
    expect(gen({ programDigest: { table: 0, offset: 8 } })).to.throw(/overlap/);
    expect(gen({ exitCode: { table: 0, index: 28 } })).to.throw(/no public value 28/);
  });

  it("deploy-verifier's --vk takes the vk.bin of zkvm setup: the program's digest, packed as the circuit packs it", async () => {
    const elf = new Uint8Array(fs.readFileSync("guests/bin/fibonacci.elf"));
    const keys = await setupProgram(loadProgram(elf, "fibonacci"), TEST_CONFIG_INSECURE);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-vk-"));
    try {
      const file = path.join(dir, "vk.bin");
      fs.writeFileSync(file, encodeVk(keys.vk, elfSha256(elf)));
      expect(await readVkDigestArg(file)).to.equal(packDigestWords(programVkDigest(keys.vk)).toString());
      const junk = path.join(dir, "junk.bin");
      fs.writeFileSync(junk, new Uint8Array(40));
      await readVkDigestArg(junk).then(() => expect.fail("accepted a junk file"), (e: Error) => expect(e.message).to.match(/junk\.bin: neither a JSON file nor a zkvm vk\.bin/));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
