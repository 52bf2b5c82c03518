// Emulator benchmark: guest instructions per second (MHz) of the fast emulator and the
// interpreter, both recording the minimal trace, on the SHA-256 guest over 1 MiB of
// input and on fibonacci; and the minimal trace's size per million cycles.
// Anchors: ZisK's Rust interpreter ~100 MHz, RISC Zero's executor ~34 MHz.
//   npx node scripts/bench/emulator.ts [--quick]      (npm run bench -- emulator)
// Ends with one JSON line; fast_mhz and interp_mhz are the SHA-256 figures.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute, type EmulatorKind, type ExecuteOptions } from "../../prover/zkvm/execute.ts";
import { traceBytes } from "../../prover/zkvm/minimal-trace.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const quick = process.argv.includes("--quick");
const guest = (name: string) => loadProgram(new Uint8Array(fs.readFileSync(path.join(root, "guests/bin", name + ".elf"))), name);

interface Figure { mhz: number; cycles: number; traceBytesPerMcycle: number }

/** Best of `reps` timed runs after one warm-up (the machine is shared and noisy). */
function measure(
  p: Program, emulator: EmulatorKind, opts: ExecuteOptions, warmUp: ExecuteOptions, reps: number, want: Uint8Array,
): Figure {
  execute(p, { ...warmUp, emulator });
  let best = 0, cycles = 0, bytes = 0;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = execute(p, { ...opts, emulator });
    const mhz = r.cycles / ((performance.now() - t0) * 1e3);
    if (Buffer.compare(r.publicOutput, want) !== 0) throw new Error(`${p.name} on ${emulator}: wrong public output`);
    best = Math.max(best, mhz);
    cycles = r.cycles;
    bytes = traceBytes(r.trace);
  }
  return { mhz: best, cycles, traceBytesPerMcycle: (bytes / cycles) * 1e6 };
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

const shaInput = new Uint8Array(quick ? 1 << 16 : 1 << 20);
for (let i = 0; i < shaInput.length; i++) shaInput[i] = (i * 131 + (i >>> 8)) & 255;
const sha = guest("sha256"), fib = guest("fibonacci");
const reps = quick ? 1 : 3;
const fibN = quick ? 2_000_000 : 20_000_000;

// The outputs are checked, so a figure is never reported for a wrong run.
const shaWant = new Uint8Array(createHash("sha256").update(shaInput).digest());
let a = 0, b = 1;
for (let i = 0; i < fibN; i++) [a, b] = [b, (a + b) >>> 0];
const fibWant = new Uint8Array([...u32(fibN), ...u32(a)]);

const results: Record<string, Figure> = {};
for (const emu of ["fast", "interp"] as const) {
  results[`sha256_${emu}`] = measure(sha, emu, { input: shaInput }, { input: shaInput.subarray(0, 1 << 14) }, reps, shaWant);
  results[`fib_${emu}`] = measure(fib, emu, { input: u32(fibN) }, { input: u32(100_000) }, reps, fibWant);
}
for (const [k, f] of Object.entries(results)) {
  console.log(`${k.padEnd(14)} ${f.mhz.toFixed(1).padStart(7)} MHz  ${f.cycles} cycles  minimal trace ${Math.round(f.traceBytesPerMcycle)} bytes per million cycles`);
}
const rss = process.memoryUsage().rss;
console.log(JSON.stringify({
  fast_mhz: +results.sha256_fast.mhz.toFixed(1),
  interp_mhz: +results.sha256_interp.mhz.toFixed(1),
  fib_fast_mhz: +results.fib_fast.mhz.toFixed(1),
  fib_interp_mhz: +results.fib_interp.mhz.toFixed(1),
  sha256_input_bytes: shaInput.length,
  sha256_cycles: results.sha256_fast.cycles,
  trace_bytes_per_mcycle_sha256: Math.round(results.sha256_fast.traceBytesPerMcycle),
  trace_bytes_per_mcycle_fib: Math.round(results.fib_fast.traceBytesPerMcycle),
  rss_mb: Math.round(rss / 2 ** 20),
}));
