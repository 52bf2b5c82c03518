// Emulator benchmark: guest instructions per second (MHz) of the fast emulator and the
// interpreter, both recording the minimal trace, on the SHA-256 guest over 1 MiB of
// input and on fibonacci; and the minimal trace's size per million cycles. Then the
// same on a set of ordinary C programs (the examples written with the C library):
// warm (the program's translation cached, best of the runs) and, apart, cold (the
// first run of a freshly loaded program, translation included).
// Anchors: ZisK's Rust interpreter ~100 MHz, RISC Zero's executor ~34 MHz.
//   npx node scripts/bench/emulator.ts [--quick]      (npm run bench -- emulator)
// Ends with one JSON line; fast_mhz and interp_mhz are the SHA-256 figures;
// fast_mhz_median, interp_mhz_median and fast_over_interp_min are over the C programs.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute, type EmulatorKind, type ExecuteOptions } from "../../prover/zkvm/execute.ts";
import { traceBytes } from "../../prover/zkvm/minimal-trace.ts";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const quick = process.argv.includes("--quick");
const guestBytes = (name: string) => new Uint8Array(fs.readFileSync(path.join(root, "guests/bin", name + ".elf")));
const guest = (name: string) => loadProgram(guestBytes(name), name);

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
// Ordinary C programs: inputs sized for a few million cycles each (fewer with --quick).
const text = (t: string) => new TextEncoder().encode(t);
const scale = quick ? 1 : 8;
const words = ["proof", "guest", "field", "trace", "merkle", "stark", "the", "a", "of", "segment", "hint", "input"];
const programs: { name: string; input: Uint8Array }[] = [
  { name: "wordcount", input: text(Array.from({ length: 4000 * scale }, (_, i) => words[(i * 7 + (i >>> 3)) % words.length] + (i % 13 === 0 ? "." : "")).join(" ")) },
  { name: "nbody", input: u32(16 * scale) },
  { name: "numbers", input: text(Array.from({ length: 500 * scale }, (_, i) => ((i * 7919) % 100_003) - 50_000).join(" ")) },
  { name: "calc", input: text(Array.from({ length: 300 * scale }, (_, i) => `(${i} + ${i * 3}) * ${i % 17} - ${i} / ${1 + (i % 5)} % 7`).join("\n")) },
];

interface ProgramFigure { name: string; cycles: number; coldMs: Record<EmulatorKind, number>; warmMhz: Record<EmulatorKind, number> }

/** Cold: a fresh load and first run. Warm: best of `reps` more runs of that program. */
function measureProgram(name: string, input: Uint8Array): ProgramFigure {
  const fig: ProgramFigure = { name, cycles: 0, coldMs: { fast: 0, interp: 0 }, warmMhz: { fast: 0, interp: 0 } };
  let want: Uint8Array | null = null;
  for (const emulator of ["interp", "fast"] as const) {
    const t0 = performance.now();
    const p = loadProgram(guestBytes(name), name);
    const cold = execute(p, { input, emulator });
    fig.coldMs[emulator] = performance.now() - t0;
    want ??= cold.publicOutput;
    if (cold.exitCode !== 0 || Buffer.compare(cold.publicOutput, want) !== 0) throw new Error(`${name} on ${emulator}: exit ${cold.exitCode} or another public output`);
    fig.cycles = cold.cycles;
    fig.warmMhz[emulator] = measure(p, emulator, { input }, { input }, reps, want).mhz;
  }
  return fig;
}

const median = (v: number[]) => { const s = [...v].sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const figures = programs.map((p) => measureProgram(p.name, p.input));
console.log("\nC programs   cycles      warm fast   warm interp   fast/interp   cold fast (ms, MHz)   cold interp (ms, MHz)");
for (const f of figures) {
  const coldMhz = (e: EmulatorKind) => f.cycles / (f.coldMs[e] * 1e3);
  console.log(`${f.name.padEnd(10)} ${String(f.cycles).padStart(9)}  ${f.warmMhz.fast.toFixed(1).padStart(9)} MHz ${f.warmMhz.interp.toFixed(1).padStart(9)} MHz ${(f.warmMhz.fast / f.warmMhz.interp).toFixed(2).padStart(9)}x` +
    `   ${f.coldMs.fast.toFixed(1).padStart(8)} ${coldMhz("fast").toFixed(1).padStart(7)}     ${f.coldMs.interp.toFixed(1).padStart(8)} ${coldMhz("interp").toFixed(1).padStart(7)}`);
}
const coldMhzOf = (e: EmulatorKind) => figures.map((f) => f.cycles / (f.coldMs[e] * 1e3));
const programKeys = {
  fast_mhz_median: +median(figures.map((f) => f.warmMhz.fast)).toFixed(1),
  interp_mhz_median: +median(figures.map((f) => f.warmMhz.interp)).toFixed(1),
  fast_over_interp_min: +Math.min(...figures.map((f) => f.warmMhz.fast / f.warmMhz.interp)).toFixed(2),
  fast_cold_mhz_median: +median(coldMhzOf("fast")).toFixed(1),
  interp_cold_mhz_median: +median(coldMhzOf("interp")).toFixed(1),
  fast_over_interp_cold_min: +Math.min(...figures.map((f) => f.coldMs.interp / f.coldMs.fast)).toFixed(2),
  programs: Object.fromEntries(figures.map((f) => [f.name, { cycles: f.cycles, fast_mhz: +f.warmMhz.fast.toFixed(1), interp_mhz: +f.warmMhz.interp.toFixed(1), fast_cold_ms: +f.coldMs.fast.toFixed(1), interp_cold_ms: +f.coldMs.interp.toFixed(1) }])),
};

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
  ...programKeys,
  rss_mb: Math.round(rss / 2 ** 20),
}));
