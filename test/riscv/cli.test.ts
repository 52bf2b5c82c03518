// `zkvm execute`, run as a user runs it (through the dispatcher, in a child process).
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeArtifact } from "../../prover/zkvm/artifact.ts";
import { factorHints, factorInput, factorOutput } from "./guest-examples.ts";
import { ROOT } from "./helpers.ts";

function zkvm(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/zkvm/zkvm.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("zkvm execute (CLI)", () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-cli-")); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs a guest and prints exit code, cycles, segments and the public output", () => {
    const input = path.join(dir, "in.bin"), hints = path.join(dir, "hints.bin"), out = path.join(dir, "out");
    fs.writeFileSync(input, factorInput(600851475143n));
    fs.writeFileSync(hints, factorHints([71, 839, 1471, 6857]));
    const r = zkvm("execute", "guests/bin/factor.elf", "--input", input, "--hints", hints, "--out", out, "--segment-cycles", "4096", "--emulator", "interp");
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^factorisation checked\n/);
    expect(r.stdout).to.match(/^exit code: 0$/m);
    const cycles = Number(/^cycles: (\d+)$/m.exec(r.stdout)![1]);
    expect(r.stdout).to.include(`segments: ${Math.ceil(cycles / 4096)} (of 4096 cycles)`);
    const want = Buffer.from(factorOutput(600851475143n, [71, 839, 1471, 6857])).toString("hex");
    expect(r.stdout).to.include(`public output (28 bytes): ${want}\n`);
    expect(r.stdout).to.match(/^output digest: [0-9a-f]{64} \(sha256 of the public output, checked\)$/m);
    const a = decodeArtifact(new Uint8Array(fs.readFileSync(path.join(out, "execution.bin"))));
    expect(a.cycles).to.equal(cycles);
    expect(JSON.parse(fs.readFileSync(path.join(out, "execution.json"), "utf8")).cycles).to.equal(cycles);
  });

  it("shows printable output as text, and exits 3 when the guest exits non-zero", () => {
    const out = path.join(dir, "fib");
    const ok = zkvm("execute", "guests/bin/fibonacci.elf", "--input-hex", "0a000000", "--out", out);
    expect(ok.status).to.equal(0);
    expect(ok.stdout).to.include("fib(10) mod 2^32 = 55\n");
    expect(ok.stdout).to.include("public output (8 bytes): 0a00000037000000\n");
    const bad = zkvm("execute", "guests/bin/fibonacci.elf", "--input-hex", "0a", "--out", out);
    expect(bad.status).to.equal(3);
    expect(bad.stdout).to.match(/^exit code: 1$/m);
    expect(bad.stderr).to.include("panic: input too short");
  });

  it("prints help", () => {
    const r = zkvm("execute", "--help");
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^usage: zkvm execute <elf> \[options\]/);
    expect(r.stdout).to.include("--segment-cycles");
  });

  it("gives clear errors: missing file, bad ELF, fault, bad options", () => {
    const missing = zkvm("execute", path.join(dir, "nope.elf"));
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.match(/cannot read the ELF file '.*nope.elf': no such file/);
    const rv64 = zkvm("execute", "test/riscv/fixtures/rv64-hello.elf", "--out", path.join(dir, "x"));
    expect(rv64.status).to.equal(1);
    expect(rv64.stderr).to.include("64-bit ELF");
    const fault = zkvm("execute", "test/riscv/fixtures/faults.elf", "--input-hex", "01000000", "--out", path.join(dir, "x"));
    expect(fault.status).to.equal(1);
    expect(fault.stderr).to.match(/misaligned load from 0x10000001: lw a0, 1\(t0\)/);
    const loop = zkvm("execute", "test/riscv/fixtures/faults.elf", "--input-hex", "12000000", "--max-cycles", "5000", "--out", path.join(dir, "x"));
    expect(loop.stderr).to.include("cycle limit of 5000 reached");
    const seg = zkvm("execute", "guests/bin/fibonacci.elf", "--segment-cycles", "1000");
    expect(seg.status).to.equal(2);
    expect(seg.stderr).to.include("power of two");
    expect(zkvm("execute", "guests/bin/fibonacci.elf", "--emulator", "qemu").status).to.equal(2);
    expect(zkvm("execute", "guests/bin/fibonacci.elf", "--bogus").status).to.equal(2);
    expect(zkvm("execute").status).to.equal(2);
    expect(zkvm("execute", "a.elf", "--input-hex", "abc").stderr).to.include("even number of hex digits");
    expect(zkvm("execute", "a.elf", "--input-hex", "zz").stderr).to.include("'z' at position 0 is not a hex digit");
    expect(zkvm("execute", "a.elf", "--input-hex", "0x0g").stderr).to.include("'g' at position 3 is not a hex digit");
    // a 0x prefix is allowed: the fibonacci guest reads its n from the input
    const prefixed = zkvm("execute", "guests/bin/fibonacci.elf", "--input-hex", "0x0a000000");
    expect(prefixed.status, prefixed.stderr).to.equal(0);
    expect(prefixed.stdout).to.equal(zkvm("execute", "guests/bin/fibonacci.elf", "--input-hex", "0a000000").stdout);
  });
});
