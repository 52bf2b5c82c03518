// Shared helpers of the RISC-V tests: fixture loading, running a program on both
// emulators and insisting that they agree on everything, and qemu when present.
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { GuestError } from "../../prover/riscv/errors.ts";
import { jitOptions } from "../../prover/riscv/jit.ts";
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

/** Runs the fast emulator on a fresh copy of p (its own translation cache) with every
 * region translated on first use, so that the translated tier runs even on programs
 * too short to make it hot. */
export function runTranslated<T>(p: Program, f: (copy: Program) => T): T {
  return withJit({ hotCycles: 0, adoptAfter: 0 }, () => f({ ...p }));
}

/** Runs f with some of jitOptions changed. */
export function withJit<T>(opts: Partial<typeof jitOptions>, f: () => T): T {
  const saved = { ...jitOptions };
  Object.assign(jitOptions, opts);
  try {
    return f();
  } finally {
    Object.assign(jitOptions, saved);
  }
}

/** Runs on the interpreter and the fast emulator (as tiered by default, and with
 * everything translated) and checks that they agree on the exit, outputs, final
 * state, memory, minimal trace and plan; returns the tiered fast run. */
export function runBoth(p: Program, opts: ExecuteOptions = {}): ExecutionResult {
  const a = runRecorded(p, opts, "interp");
  const b = runRecorded(p, opts, "fast");
  expectSameRun(b, a, "fast");
  expectSameRun(runTranslated(p, (copy) => runRecorded(copy, opts, "fast")), a, "fast, all translated");
  return b.r;
}

interface RecordedRun { r: ExecutionResult; boundaries: string[] }

function runRecorded(p: Program, opts: ExecuteOptions, emulator: "interp" | "fast"): RecordedRun {
  const boundaries: string[] = [];
  const r = execute(p, { ...opts, emulator, onSegment: (_s, m) => boundaries.push(m.mem.digest()) });
  return { r, boundaries };
}

function expectSameRun(got: RecordedRun, want: RecordedRun, what: string): void {
  const a = want.r, b = got.r;
  expect(b.exitCode, what).to.equal(a.exitCode);
  expect(b.cycles, what).to.equal(a.cycles);
  expect(Buffer.from(b.publicOutput), what).to.deep.equal(Buffer.from(a.publicOutput));
  expect(Buffer.from(b.stdout), what).to.deep.equal(Buffer.from(a.stdout));
  expect(Buffer.from(b.stderr), what).to.deep.equal(Buffer.from(a.stderr));
  expect(b.final, what).to.deep.equal(a.final);
  expect(b.trace, what).to.deep.equal(a.trace);
  expect(b.plan, what).to.deep.equal(a.plan);
  expect(got.boundaries, `${what}: memory digests at segment boundaries`).to.deep.equal(want.boundaries);
  expect(b.memoryDigest, what).to.equal(a.memoryDigest);
}

/** Runs on both emulators (the fast one also with everything translated), expecting
 * all to fail with the same error; returns it. */
export function failBoth(p: Program, opts: ExecuteOptions = {}): GuestError {
  const fail = (q: Program, emulator: "interp" | "fast") => {
    try {
      execute(q, { ...opts, emulator });
    } catch (e) {
      if (e instanceof GuestError) return e;
      throw e;
    }
    throw new Error(`${emulator}: expected the run to fail`);
  };
  const errs = [fail(p, "interp"), fail(p, "fast"), runTranslated(p, (copy) => fail(copy, "fast"))];
  for (const e of errs.slice(1)) {
    expect(e.message).to.equal(errs[0].message);
    expect(e.kind).to.equal(errs[0].kind);
    expect(e.pc).to.equal(errs[0].pc);
    expect(e.cycles).to.equal(errs[0].cycles);
  }
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
