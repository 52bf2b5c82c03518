// Running a guest's C source natively (compiled with the host's `cc` against
// guests/sdk/host/zkvm_host.c) and its ELF under qemu-riscv32, for the differential
// tests: same stdin (the input), fd 3 (public output), fd 4 (hints) conventions.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./helpers.ts";

export interface NativeRun {
  stdout: Buffer;
  stderr: Buffer;
  publicOutput: Buffer;
  status: number;
}

export const hasCc = spawnSync("cc", ["--version"]).status === 0;

/** Why the differential tests cannot run, or null. Missing `cc` is an error (never a
 * silent skip) unless ZKVM_SKIP_NATIVE=1 says to skip on purpose. */
export function nativeUnavailable(): string | null {
  if (hasCc) return null;
  if (process.env.ZKVM_SKIP_NATIVE === "1") return "skip";
  return "the host C compiler `cc` is missing: the differential tests compile each example natively " +
    "(apt-get install gcc), or set ZKVM_SKIP_NATIVE=1 to skip them on purpose";
}

/** Compiles an example's sources for the host; returns the executable's path. */
export function compileNative(example: string, dir: string): string {
  const srcDir = path.join(ROOT, "guests/examples", example);
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith(".c")).sort().map((f) => path.join(srcDir, f));
  const exe = path.join(dir, example);
  const sdk = path.join(ROOT, "guests/sdk");
  const r = spawnSync("cc", ["-O2", "-I", sdk, path.join(sdk, "host/zkvm_host.c"), path.join(sdk, "sha256.c"), ...sources, "-lm", "-o", exe], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cc failed on guests/examples/${example}:\n${r.stderr}`);
  return exe;
}

/** Runs a program with the input on stdin, collecting fd 3 (and feeding hints on fd 4
 * through a file, since a pipe is written only after the program starts). */
export function runWithFds(cmd: string, args: string[], input: Uint8Array, hints?: Uint8Array): NativeRun {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-native-"));
  try {
    const hintFile = path.join(tmp, "hints");
    fs.writeFileSync(hintFile, hints ?? new Uint8Array(0));
    const fd4 = fs.openSync(hintFile, "r");
    const r = spawnSync(cmd, args, { input, stdio: ["pipe", "pipe", "pipe", "pipe", fd4], maxBuffer: 1 << 26, timeout: 120_000 });
    fs.closeSync(fd4);
    if (r.error) throw r.error;
    return { stdout: r.stdout, stderr: r.stderr, publicOutput: (r.output[3] as Buffer | null) ?? Buffer.alloc(0), status: r.status ?? -1 };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
