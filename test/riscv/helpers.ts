// Shared helpers of the RISC-V tests: fixture loading, running a program on both
// emulators and insisting that they agree on everything, and qemu when present.
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GuestError } from "../../prover/riscv/errors.ts";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute, type ExecuteOptions, type ExecutionResult } from "../../prover/zkvm/execute.ts";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const FIXTURES = path.join(ROOT, "test/riscv/fixtures");

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}
export function readGuest(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(ROOT, "guests/bin", name + ".elf")));
}

const programs = new Map<string, Program>();
export function fixtureProgram(name: string): Program {
  if (!programs.has(name)) programs.set(name, loadProgram(readFixture(name + ".elf"), name));
  return programs.get(name)!;
}
export function guestProgram(name: string): Program {
  const key = "guest:" + name;
  if (!programs.has(key)) programs.set(key, loadProgram(readGuest(name), name));
  return programs.get(key)!;
}

export function u32le(...values: number[]): Uint8Array {
  const b = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(b.buffer).setUint32(4 * i, v >>> 0, true));
  return b;
}

/** Runs on the interpreter and the fast emulator and checks that they agree on the
 * exit, outputs, final state, memory, minimal trace and plan; returns the fast run. */
export function runBoth(p: Program, opts: ExecuteOptions = {}): ExecutionResult {
  const boundaries: Record<string, string[]> = { interp: [], fast: [] };
  const run = (emulator: "interp" | "fast") =>
    execute(p, { ...opts, emulator, onSegment: (_s, m) => boundaries[emulator].push(m.mem.digest()) });
  const a = run("interp"), b = run("fast");
  expect(b.exitCode).to.equal(a.exitCode);
  expect(b.cycles).to.equal(a.cycles);
  expect(Buffer.from(b.publicOutput)).to.deep.equal(Buffer.from(a.publicOutput));
  expect(Buffer.from(b.stdout)).to.deep.equal(Buffer.from(a.stdout));
  expect(Buffer.from(b.stderr)).to.deep.equal(Buffer.from(a.stderr));
  expect(b.final).to.deep.equal(a.final);
  expect(b.trace).to.deep.equal(a.trace);
  expect(b.plan).to.deep.equal(a.plan);
  expect(boundaries.fast, "memory digests at segment boundaries").to.deep.equal(boundaries.interp);
  expect(b.memoryDigest).to.equal(a.memoryDigest);
  return b;
}

/** Runs on both emulators, expecting both to fail with the same error; returns it. */
export function failBoth(p: Program, opts: ExecuteOptions = {}): GuestError {
  const errs = (["interp", "fast"] as const).map((emulator) => {
    try {
      execute(p, { ...opts, emulator });
    } catch (e) {
      if (e instanceof GuestError) return e;
      throw e;
    }
    throw new Error(`${emulator}: expected the run to fail`);
  });
  expect(errs[1].message).to.equal(errs[0].message);
  expect(errs[1].kind).to.equal(errs[0].kind);
  expect(errs[1].pc).to.equal(errs[0].pc);
  expect(errs[1].cycles).to.equal(errs[0].cycles);
  return errs[0];
}

export const hasQemu = spawnSync("qemu-riscv32", ["--version"]).status === 0;
export const hasGcc = spawnSync("riscv64-unknown-elf-gcc", ["--version"]).status === 0;

/** qemu-riscv32's stdout and exit status for an ELF file. */
export function runQemu(file: string): { stdout: Buffer; status: number } {
  const r = spawnSync("qemu-riscv32", [file], { maxBuffer: 1 << 26, timeout: 60_000 });
  return { stdout: r.stdout, status: r.status ?? -1 };
}

export function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8" });
}
