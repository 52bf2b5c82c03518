// `zkvm execute <elf>`: runs a guest, prints its exit code, cycles, segments and public
// output, and writes the execution artifact (prover/zkvm/README.md).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ElfError, GuestError } from "../../../prover/riscv/errors.ts";
import { loadProgram } from "../../../prover/riscv/program.ts";
import { printable, writeArtifact } from "../../../prover/zkvm/artifact.ts";
import { DEFAULT_MAX_CYCLES, DEFAULT_SEGMENT_CYCLES, execute, type EmulatorKind } from "../../../prover/zkvm/execute.ts";
import { traceBytes } from "../../../prover/zkvm/minimal-trace.ts";
import { checkSegmentCycles } from "../../../prover/zkvm/segmentation.ts";
import { inputHexBytes, inputHexError } from "../cli-util.ts";

export const summary = "run a guest ELF on an input and hints; writes the minimal trace and segmentation plan";

const USAGE = `usage: zkvm execute <elf> [options]

Runs an rv32im guest ELF (built with guests/sdk) and prints its exit code, cycles,
segments and public output (what it wrote to fd 3). The guest's debug output (fd 1,
fd 2) goes to stdout and stderr.

options:
  --input <file>          committed input bytes (placed at 0x20000000; default: empty)
  --input-hex <hex>       the committed input given as hex instead
  --hints <file>          uncommitted hint stream, read by the guest from fd 4
  --emulator fast|interp  block-translating emulator (default) or the interpreter
  --segment-cycles <n>    cycles per segment, a power of two (default ${DEFAULT_SEGMENT_CYCLES})
  --max-cycles <n>        stop with an error after this many cycles (default 2^32)
  --out <dir>             where to write execution.bin and execution.json
                          (default: out/<elf name>)
  -h, --help              this text

exit status: 0 the guest exited with 0; 3 the guest exited with another code;
1 the run failed (bad ELF, fault, cycle limit, bad output digest); 2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        input: { type: "string" }, "input-hex": { type: "string" }, hints: { type: "string" },
        emulator: { type: "string", default: "fast" }, "segment-cycles": { type: "string" },
        "max-cycles": { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) return usageError("expected exactly one ELF file");
  if (o.emulator !== "fast" && o.emulator !== "interp") return usageError(`--emulator must be fast or interp, not '${o.emulator}'`);
  const segmentCycles = intOption(o["segment-cycles"], "--segment-cycles", DEFAULT_SEGMENT_CYCLES);
  const maxCycles = intOption(o["max-cycles"], "--max-cycles", DEFAULT_MAX_CYCLES);
  if (segmentCycles === null || maxCycles === null) return 2;
  try {
    checkSegmentCycles(segmentCycles);
  } catch (e) {
    return usageError(`--segment-cycles: ${(e as Error).message}`);
  }
  if (o.input !== undefined && o["input-hex"] !== undefined) return usageError("give --input or --input-hex, not both");
  const hexError = o["input-hex"] !== undefined ? inputHexError(o["input-hex"]) : null;
  if (hexError) return usageError(hexError);

  const elfPath = args.positionals[0];
  try {
    const elf = readFile(elfPath, "ELF");
    const input = o["input-hex"] !== undefined ? inputHexBytes(o["input-hex"]) : o.input ? readFile(o.input, "input") : undefined;
    const hints = o.hints ? readFile(o.hints, "hints") : undefined;
    const program = loadProgram(elf, elfPath);
    const t0 = performance.now();
    const r = execute(program, {
      input, hints, emulator: o.emulator as EmulatorKind, segmentCycles, maxCycles, onProgress: progress(t0),
    });
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    const outDir = o.out ?? path.join("out", path.basename(elfPath).replace(/\.elf$/, ""));
    const files = writeArtifact(outDir, r);
    printSummary(r, files.bin, files.json, seconds);
    return r.exitCode === 0 ? 0 : 3;
  } catch (e) {
    if (e instanceof GuestError || e instanceof ElfError || e instanceof UserError) {
      console.error(`zkvm execute: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

class UserError extends Error {}

function readFile(file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the ${what} file '${file}'${code === "ENOENT" ? ": no such file" : `: ${(e as Error).message}`}`);
  }
}

function printSummary(r: ReturnType<typeof execute>, bin: string, json: string, seconds: number): void {
  const out = r.publicOutput, text = printable(out);
  console.log(`exit code: ${r.exitCode}`);
  console.log(`cycles: ${r.cycles}`);
  console.log(`segments: ${r.trace.segments.length} (of ${r.trace.segmentCycles} cycles)`);
  console.log(`public output (${out.length} bytes): ${Buffer.from(out).toString("hex")}`);
  if (text !== null && out.length > 0) console.log(`public output (utf-8): ${JSON.stringify(text)}`);
  console.log(`output digest: ${r.outputDigest ? Buffer.from(r.outputDigest).toString("hex") + " (sha256 of the public output, checked)" : "none (the guest exited with a1 = 0)"}`);
  console.log(`artifact: ${bin} (${fs.statSync(bin).size} bytes, minimal trace ${traceBytes(r.trace)} bytes), ${json}`);
  console.error(`${r.emulator} emulator: ${seconds.toFixed(2)} s, ${(r.cycles / seconds / 1e6).toFixed(1)} MHz`);
}

function progress(t0: number): (cycles: number) => void {
  let last = t0;
  return (cycles) => {
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    console.error(`... ${cycles} cycles (${(cycles / (now - t0) / 1e3).toFixed(1)} MHz)`);
  };
}

function intOption(v: string | undefined, name: string, dflt: number): number | null {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) {
    usageError(`${name} needs a positive integer, not '${v}'`);
    return null;
  }
  return n;
}

function usageError(msg: string): number {
  console.error(`zkvm execute: ${msg}\n\n${USAGE}`);
  return 2;
}
