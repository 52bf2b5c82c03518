// `zkvm setup`, `zkvm prove` and `zkvm verify` run as a user runs them (the dispatcher,
// in a child process, with this Node): setup, then prove --pk, then verify --vk on a
// tiny program (one proof in the whole file), and the ways a user gets it wrong:
// another program's key, a corrupt or truncated receipt, a missing file, bad options.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeReceipt, encodeReceipt, outputDigestWordsOf, type SegmentsReceipt } from "../../prover/zkvm/receipt.ts";
import { encode } from "../riscv/encode.ts";
import { wordsToBytes, writeElf } from "../riscv/elf-writer.ts";
import { ROOT } from "../riscv/helpers.ts";

type Result = { status: number; stdout: string; stderr: string };

function zkvm(...args: string[]): Result {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/zkvm/zkvm.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const TEXT = 0x10000, DATA = 0x1000_0000;

/** A guest in 12 instructions: writes `message` to fd 3 (the public output) and exits
 * with code 0 and the message's SHA-256 digest words (a1 = their address). */
function tinyElf(message: string): Uint8Array {
  const msg = new TextEncoder().encode(message);
  const data = new Uint8Array(64 + 32);
  data.set(msg);
  const dv = new DataView(data.buffer);
  outputDigestWordsOf(msg).forEach((w, i) => dv.setUint32(64 + 4 * i, w, true));
  const li = (rd: number, v: number): number[] => {
    const lo = (v << 20) >> 20;
    return [encode("lui", rd, 0, 0, (v - lo) | 0), encode("addi", rd, rd, 0, lo)];
  };
  const code = [
    ...li(10, 3), ...li(11, DATA), ...li(12, msg.length), encode("addi", 17, 0, 0, 64), 0x73, // write(3, msg, len)
    encode("addi", 10, 0, 0, 0), ...li(11, DATA + 64), encode("addi", 17, 0, 0, 93), 0x73, // exit(0, digest)
  ];
  return writeElf({ entry: TEXT, segments: [{ vaddr: TEXT, data: wordsToBytes(code), flags: 5 }, { vaddr: DATA, data, flags: 6 }] });
}

const MESSAGE = "proved from the CLI\n";
const lastLine = (s: string) => s.trimEnd().split("\n").at(-1);

describe("zkvm setup | prove | verify (CLI)", function () {
  this.timeout(900_000);
  let dir: string;
  let elf: string, otherElf: string, keys: string, otherKeys: string, receipt: string;
  let setupOut: Result, proveOut: Result;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-cli-prove-"));
    elf = path.join(dir, "tiny.elf");
    otherElf = path.join(dir, "other.elf");
    fs.writeFileSync(elf, tinyElf(MESSAGE));
    fs.writeFileSync(otherElf, tinyElf("another program\n"));
    keys = path.join(dir, "keys");
    otherKeys = path.join(dir, "other-keys");
    receipt = path.join(dir, "run", "receipt.bin");
    setupOut = zkvm("setup", elf, "--preset", "test-insecure", "--out", keys);
    const t0 = performance.now();
    proveOut = zkvm("prove", elf, "--pk", path.join(keys, "pk.bin"), "--input-hex", "05000000", "--out", path.join(dir, "run"));
    console.log(`      prove (child process, tiny ELF): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--help of setup, prove, verify and aggregate exits 0 with its usage", () => {
    for (const cmd of ["setup", "prove", "verify", "aggregate"]) {
      const r = zkvm(cmd, "--help");
      expect(r.status, cmd).to.equal(0);
      expect(r.stdout, cmd).to.match(new RegExp(`^usage: zkvm ${cmd} <`));
      expect(r.stdout, cmd).to.match(/exit status: 0 /);
    }
  });

  it("setup, then prove --pk, then verify --vk: exit 0 each, the statement printed with `exit code: 0` last", () => {
    expect(setupOut.status, setupOut.stderr).to.equal(0);
    const digest = /^program VK digest: ([0-9a-f]{64})$/m.exec(setupOut.stdout)?.[1];
    expect(digest, setupOut.stdout).to.be.a("string");
    expect(setupOut.stdout).to.match(/^parameters: .*INSECURE/m);
    for (const f of ["vk.bin", "vk.json", "pk.bin"]) expect(fs.existsSync(path.join(keys, f)), f).to.equal(true);
    expect(JSON.parse(fs.readFileSync(path.join(keys, "vk.json"), "utf8")).programVkDigest).to.equal(digest);

    expect(proveOut.status, proveOut.stderr).to.equal(0);
    expect(proveOut.stdout).to.match(/^exit code: 0$/m);
    const cycles = Number(/^cycles: (\d+)$/m.exec(proveOut.stdout)?.[1]);
    expect(cycles).to.equal(13); // 8 instructions to write, 5 to exit
    expect(proveOut.stdout).to.include(`program VK digest: ${digest}\n`);
    expect(fs.existsSync(receipt)).to.equal(true);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "run", "receipt.json"), "utf8"));
    expect(json).to.include({ exitCode: 0, cycles, inputHex: "05000000", publicOutputHex: Buffer.from(MESSAGE).toString("hex") });

    const v = zkvm("verify", receipt, "--vk", path.join(keys, "vk.bin"));
    expect(v.status, v.stderr).to.equal(0);
    expect(lastLine(v.stdout)).to.equal("exit code: 0");
    expect(v.stdout).to.include(`program VK digest: ${digest}\n`);
    expect(v.stdout).to.include("input: 05000000\n");
    expect(v.stdout).to.include(`public output: ${Buffer.from(MESSAGE).toString("hex")} (utf-8: ${JSON.stringify(MESSAGE)})\n`);
    expect(v.stdout).to.include(`cycles: ${cycles}\n`);
    // the verifier is told what the proof is worth: here the INSECURE test preset
    expect(v.stderr).to.match(/^parameters: .* bits conjectured.*\*\* (below 100 bits|INSECURE test preset.*) \*\*\nvalid/);
  });

  it("verify with another program's vk exits 1 naming the check ('program'); prove with its pk exits 1", () => {
    const s = zkvm("setup", otherElf, "--preset", "test-insecure", "--out", otherKeys);
    expect(s.status, s.stderr).to.equal(0);
    expect(s.stdout).to.not.include(/^program VK digest: (.*)$/m.exec(setupOut.stdout)![1]);
    const v = zkvm("verify", receipt, "--vk", path.join(otherKeys, "vk.bin"));
    expect(v.status).to.equal(1);
    expect(v.stdout).to.equal("");
    expect(v.stderr).to.match(/^zkvm verify: INVALID \(program\): the receipt is for another program/);
    const p = zkvm("prove", elf, "--pk", path.join(otherKeys, "pk.bin"), "--out", path.join(dir, "x"));
    expect(p.status).to.equal(1);
    expect(p.stderr).to.include(`zkvm prove: ${path.join(otherKeys, "pk.bin")} is the key of another program than ${elf}`);
    expect(fs.existsSync(path.join(dir, "x", "receipt.bin"))).to.equal(false);
  });

  it("a corrupt receipt exits 1 with a clear message", () => {
    const good = new Uint8Array(fs.readFileSync(receipt));
    const vk = path.join(keys, "vk.bin");
    const verifyBytes = (name: string, b: Uint8Array) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, b);
      const r = zkvm("verify", f, "--vk", vk);
      expect(r.status, `${name}: ${r.stderr}`).to.equal(1);
      expect(r.stdout, name).to.equal("");
      return { file: f, stderr: r.stderr };
    };
    // The exit code (offset 56: magic, version, chip set, program digest, entry, cycles).
    const exit = good.slice();
    exit[56] ^= 1;
    expect(verifyBytes("exit.bin", exit).stderr).to.match(/^zkvm verify: INVALID \(statement\): /);
    // A byte inside the last segment proof (its queries).
    const deep = good.slice();
    deep[good.length - 200] ^= 0x10;
    const d = verifyBytes("deep.bin", deep);
    expect(d.stderr).to.match(/^zkvm verify: (INVALID \([a-z-]+\): segment 0: \S.*|.*deep\.bin.*: \S.*)\n$/);
    // Truncated, and not a receipt at all.
    const t = verifyBytes("cut.bin", good.subarray(0, good.length - 1000));
    expect(t.stderr).to.include(`zkvm verify: ${t.file}: truncated at`);
    const n = verifyBytes("vk-as-receipt.bin", new Uint8Array(fs.readFileSync(vk)));
    expect(n.stderr).to.include("not a zkVM receipt");
    // aggregate checks the receipt before it builds the recursion kit
    const a = zkvm("aggregate", path.join(dir, "exit.bin"), "--vk", vk, "--kit-dir", path.join(dir, "kits"));
    expect(a.status, a.stderr).to.equal(1);
    expect(a.stderr).to.match(/^zkvm aggregate: .*exit\.bin does not verify \(statement\): /);
    expect(fs.existsSync(path.join(dir, "kits"))).to.equal(false);
  });

  it("a root receipt of another program is refused before a kit is read or built; a kit directory that is a file is refused at once", () => {
    // a root receipt's head (program digest, output) is checked without the kit: a stand-in
    // root receipt made from this run's receipt, its proof any proof
    const run = decodeReceipt(new Uint8Array(fs.readFileSync(receipt))) as SegmentsReceipt;
    const fake = (programDigest: Uint32Array) => encodeReceipt({
      kind: "root", programDigest, statement: run.statement, publicOutput: run.publicOutput, kitDigest: new Uint32Array(8), proof: run.proofs[0],
    });
    const other = path.join(dir, "root-other.bin");
    fs.writeFileSync(other, fake(new Uint32Array(8)));
    const kits = path.join(dir, "root-kits");
    const v = zkvm("verify", other, "--vk", path.join(keys, "vk.bin"), "--kit-dir", kits);
    expect(v.status, v.stderr).to.equal(1);
    expect(v.stderr).to.match(/^zkvm verify: INVALID \(program\): the receipt is for another program/);
    expect(fs.existsSync(kits)).to.equal(false);
    // a kit directory that cannot be one fails before any setup
    const same = path.join(dir, "root-same.bin");
    fs.writeFileSync(same, fake(run.programDigest));
    const file = path.join(dir, "not-a-dir");
    fs.writeFileSync(file, "x");
    const k = zkvm("verify", same, "--vk", path.join(keys, "vk.bin"), "--kit-dir", path.join(file, "kits"));
    expect(k.status, k.stderr).to.equal(1);
    expect(k.stderr).to.include(`${file} is not a directory`);
  });

  it("a pk.bin whose parameters are no preset is refused as corrupt before its key is rebuilt", () => {
    const pk = new Uint8Array(fs.readFileSync(path.join(keys, "pk.bin")));
    // the parameters of test-insecure as five little-endian words: blowup, queries, PoW, arity, final
    const words = new Uint8Array(Uint32Array.of(2, 8, 2, 1, 2).buffer);
    const at = Buffer.from(pk).indexOf(Buffer.from(words));
    expect(at).to.be.greaterThan(40);
    const bad = pk.slice();
    bad[at] = 8; // log blowup 8: a rebuild would take minutes and gigabytes
    const file = path.join(dir, "pk-blowup8.bin");
    fs.writeFileSync(file, bad);
    const p = zkvm("prove", elf, "--pk", file, "--out", path.join(dir, "x"));
    expect(p.status, p.stderr).to.equal(1);
    expect(p.stderr).to.match(/log blowup 8, 8 queries.*none of the presets \(default, test-insecure\): a corrupt file/);
    expect(fs.existsSync(path.join(dir, "x"))).to.equal(false);
  });

  it("a run that faults is refused by the fast emulator before anything is set up or proved", () => {
    const faulty = path.join(dir, "fault.elf");
    // lw a0, 0(zero): a load from unmapped memory on the first instruction
    fs.writeFileSync(faulty, writeElf({ entry: TEXT, segments: [{ vaddr: TEXT, data: wordsToBytes([encode("lw", 10, 0, 0, 0)]), flags: 5 }] }));
    const out = path.join(dir, "fault-run");
    const p = zkvm("prove", faulty, "--preset", "test-insecure", "--out", out);
    expect(p.status, p.stderr).to.equal(1);
    expect(p.stderr).to.match(/zkvm prove: load from unmapped memory at 0x00000000/);
    expect(p.stderr).to.not.include("setting up");
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("a missing file exits 1 naming the file", () => {
    const nope = path.join(dir, "nope.bin");
    const cases: [Result, string][] = [
      [zkvm("verify", nope, "--vk", path.join(keys, "vk.bin")), `cannot read the receipt file '${nope}': no such file`],
      [zkvm("verify", receipt, "--vk", nope), `cannot read the verifying key file '${nope}': no such file`],
      [zkvm("prove", elf, "--pk", nope, "--out", path.join(dir, "x")), `cannot read the proving key file '${nope}': no such file`],
      [zkvm("prove", nope, "--out", path.join(dir, "x")), `cannot read the ELF file '${nope}': no such file`],
      [zkvm("prove", elf, "--pk", path.join(keys, "pk.bin"), "--hints", nope, "--out", path.join(dir, "x")), `cannot read the hints file '${nope}': no such file`],
      [zkvm("setup", nope, "--out", path.join(dir, "x")), `cannot read the ELF file '${nope}': no such file`],
    ];
    for (const [r, msg] of cases) {
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stderr).to.include(msg);
    }
    expect(fs.existsSync(path.join(dir, "x"))).to.equal(false);
  });

  it("bad options exit 2 naming the problem", () => {
    const vk = path.join(keys, "vk.bin"), pk = path.join(keys, "pk.bin");
    const cases: [Result, RegExp][] = [
      [zkvm("setup"), /^zkvm setup: expected exactly one ELF file/],
      [zkvm("setup", elf, "--bogus"), /^zkvm setup: .*--bogus/],
      [zkvm("prove", elf, elf), /^zkvm prove: expected exactly one ELF file/],
      [zkvm("prove", elf, "--pk", pk, "--preset", "test-insecure"), /^zkvm prove: --preset applies only without --pk/],
      [zkvm("prove", elf, "--input-hex"), /^zkvm prove: .*--input-hex/],
      [zkvm("verify", receipt), /^zkvm verify: --vk <vk.bin> is required/],
      [zkvm("verify", "--vk", vk), /^zkvm verify: expected exactly one receipt file/],
      [zkvm("verify", receipt, "--vk", vk, "--bogus"), /^zkvm verify: .*--bogus/],
      [zkvm("aggregate", receipt), /^zkvm aggregate: --vk <vk.bin> is required/],
      [zkvm("aggregate", "--vk", vk), /^zkvm aggregate: expected exactly one receipt file/],
    ];
    for (const [r, msg] of cases) {
      expect(r.status, r.stderr).to.equal(2);
      expect(r.stderr).to.match(msg);
      expect(r.stderr).to.include("usage: zkvm ");
    }
  });
});
