// Emulator benchmark: guest instructions per second (MHz) of the fast emulator and the
// interpreter, both recording the minimal trace, over every example guest in
// guests/bin (ordinary C with picolibc: word counts, n-body in soft float, a
// calculator, sudoku, LZ compression, statistics; and the SDK's SHA-256 loop,
// Fibonacci, 64-bit arithmetic, factor checking), plus the minimal trace's size.
// Anchors: ZisK's Rust interpreter ~100 MHz, RISC Zero's executor ~34 MHz.
//
//   npx node scripts/bench/emulator.ts [--quick] [--only name,name]   (npm run bench -- emulator)
//
// Per program and emulator: "cold" is the first run in a fresh Node process (for the
// fast emulator it includes translating the hot code, and V8 compiling it; for both,
// V8 compiling the emulator itself), timed around execute() in a child process,
// interpreter and fast emulator alternating, the median of COLD_RUNS; the in-process
// first run of a freshly loaded ELF is still reported as cold_ms; "warm" is
// measured after warm-up runs of the same program, until they stop getting faster (the
// translation is cached per program, as a long-lived prover keeps it): the median of
// TIMED samples, each a run repeated for at least SAMPLE_MS. Every run's public output
// and stdout must equal the interpreter's first run, so no figure comes from a wrong
// run. Ends with one JSON line: fast_mhz_median / interp_mhz_median (warm, over the
// programs), fast_over_interp_min (the worst warm ratio), cold_ms per emulator (in
// process), cold_fast_s_total / cold_interp_s_total and cold_fast_over_interp_min
// (fresh processes: the worst ratio of the interpreter's cold time to the fast
// emulator's), and the SHA-256 figures as fast_mhz / interp_mhz.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { loadProgram, type Program } from "../../prover/riscv/program.ts";
import { execute, type EmulatorKind, type ExecuteOptions, type ExecutionResult } from "../../prover/zkvm/execute.ts";
import { traceBytes } from "../../prover/zkvm/minimal-trace.ts";

const USAGE = `usage: npx node scripts/bench/emulator.ts [--quick] [--only name,name]
  --quick        smaller inputs, fewer runs
  --only <list>  only these example guests (names from guests/bin)
  -h, --help     this text
  (--cold-child <name> <emulator>: one cold run, for the bench itself)`;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const quick = args.includes("--quick");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",").filter(Boolean) : null;
const scale = quick ? 0.05 : 0.3; // of the sizes below: a few million cycles per run at full scale
const COLD_RUNS = quick ? 1 : 3;
const WARMUP_MS = quick ? 500 : 3000, STABLE_MS = quick ? 300 : 1500, MAX_WARMUP_MS = quick ? 2000 : 15_000, TIMED = quick ? 3 : 5, SAMPLE_MS = quick ? 20 : 50;

const text = (s: string) => new TextEncoder().encode(s);
const u32 = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer);
const u64 = (v: bigint) => new Uint8Array(new BigUint64Array([v]).buffer);
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const repeat = (b: Uint8Array, times: number) => cat(...Array.from({ length: Math.max(1, times) }, () => b));
const readme = new Uint8Array(fs.readFileSync(path.join(root, "guests/README.md")));
const n = (x: number) => Math.max(1, Math.round(x * scale));

/** Inputs sized for a few million cycles each (tens of millions for the loops); the
 * SHA-256 of 1 MiB is the README's figure. */
function inputFor(name: string): ExecuteOptions | null {
  switch (name) {
    case "wordcount": return { input: repeat(readme, n(8)) };
    case "nbody": return { input: u32(n(2000)) };
    case "numbers": return { input: text(Array.from({ length: n(20_000) }, (_, i) => ((i * 7919) % 100_003) - 50_000).join(" ")) };
    case "calc": return { input: text(Array.from({ length: n(3000) }, (_, i) => `(${i} + ${i % 97}) * -${i % 13} / ${1 + (i % 7)} % 1000003 - (${i} * ${i})\n`).join("")) };
    case "sudoku": return { input: text(Array(n(6)).fill("800000000003600000070090200050007000000045700000100030001000068008500010090000400").join("\n")) };
    case "lz": return { input: cat(repeat(readme, n(4)), new Uint8Array(n(50_000)).map((_, i) => (i * 2654435761) >>> 27)) };
    case "sha256": return { input: new Uint8Array(quick ? 1 << 16 : 1 << 20).map((_, i) => (i * 131 + (i >>> 8)) & 255) };
    case "fibonacci": return { input: u32(n(20_000_000)) };
    case "fibonacci-rs": return { input: u32(n(2_000_000)) }; // keeps the sequence in a Vec
    case "arith64": return { input: cat(u64(0xdeadbeefcafef00dn), u32(n(50_000))) };
    case "factor": return { input: u64(600851475143n), hints: u32(4, 71, 839, 1471, 6857) };
    default: return null;
  }
}

interface Figures { coldMs: number; warmMs: number; mhz: number; cycles: number; traceBytesPerMcycle: number }

function timed(p: Program, emulator: EmulatorKind, opts: ExecuteOptions, want: ExecutionResult | null): { ms: number; r: ExecutionResult } {
  const t0 = performance.now();
  const r = execute(p, { ...opts, emulator });
  const ms = performance.now() - t0;
  if (want && (Buffer.compare(r.publicOutput, want.publicOutput) !== 0 || Buffer.compare(r.stdout, want.stdout) !== 0 || r.cycles !== want.cycles)) {
    throw new Error(`${p.name} on ${emulator}: the run differs from the interpreter's`);
  }
  return { ms, r };
}

function measure(elf: Uint8Array, name: string, emulator: EmulatorKind, opts: ExecuteOptions, want: ExecutionResult | null): { f: Figures; r: ExecutionResult } {
  const p = loadProgram(elf, name); // fresh: no translation cached yet
  const cold = timed(p, emulator, opts, want);
  const ref = want ?? cold.r;
  // Warm up until the runs stop changing: at least WARMUP_MS and 3 runs, then until
  // for STABLE_MS no run has been 3% faster than the best, nor twice as slow (at
  // most MAX_WARMUP_MS). The fast emulator translates what turns hot across runs
  // (much of it at once when a program's probation ends, jit.ts), and V8 optimises the
  // translated code on a background thread, which on a loaded machine takes seconds.
  const warmStart = performance.now();
  let best = Infinity, changedAt = warmStart, warmMs = 0;
  for (let i = 0; ; i++) {
    const ms = timed(p, emulator, opts, ref).ms, now = performance.now();
    if (ms < best * 0.97) [best, changedAt] = [ms, now];
    else if (ms > best * 2) changedAt = now;
    warmMs = now - warmStart;
    if ((i >= 2 && warmMs >= WARMUP_MS && now - changedAt >= STABLE_MS) || warmMs >= MAX_WARMUP_MS) break;
  }
  // Each sample repeats the run for at least SAMPLE_MS (a 7,000-cycle guest takes
  // well under a millisecond, mostly setting up the machine); the figure is the
  // median sample.
  const rates: number[] = [];
  for (let i = 0; i < TIMED; i++) {
    let ms = 0, runs = 0;
    while (runs === 0 || ms < SAMPLE_MS) {
      ms += timed(p, emulator, opts, ref).ms;
      runs++;
    }
    rates.push((cold.r.cycles * runs) / (ms * 1e3));
  }
  const cycles = cold.r.cycles;
  return {
    f: { coldMs: cold.ms, warmMs, mhz: median(rates), cycles, traceBytesPerMcycle: (traceBytes(cold.r.trace) / cycles) * 1e6 },
    r: cold.r,
  };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One first run in this fresh process: prints its ms, cycles and outputs' digest. */
function coldChild(name: string, emulator: EmulatorKind): void {
  const opts = inputFor(name)!;
  const p = loadProgram(new Uint8Array(fs.readFileSync(path.join(root, "guests/bin", name + ".elf"))), name);
  const t0 = performance.now();
  const r = execute(p, { ...opts, emulator });
  const ms = performance.now() - t0;
  const digest = Buffer.from(r.outputDigest ?? r.publicOutput).toString("hex") + ":" + Buffer.from(r.stdout).toString("base64").length;
  console.log(JSON.stringify({ ms, cycles: r.cycles, digest }));
}

const childAt = args.indexOf("--cold-child");
if (childAt >= 0) {
  coldChild(args[childAt + 1], args[childAt + 2] as EmulatorKind);
  process.exit(0);
}

/** Cold runs of one program in fresh processes, the two emulators alternating (the
 * order swapped every run); the median ms of each, and a check that they agree. */
function coldRuns(name: string): { fast: number; interp: number } {
  const times: Record<EmulatorKind, number[]> = { fast: [], interp: [] };
  let want = "";
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const emulator of (i % 2 ? ["fast", "interp"] : ["interp", "fast"]) as EmulatorKind[]) {
      const childArgs = [new URL(import.meta.url).pathname, "--cold-child", name, emulator, ...(quick ? ["--quick"] : [])];
      const r = spawnSync(process.execPath, childArgs, { encoding: "utf8", maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`cold run of ${name} on ${emulator} failed: ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms: number; cycles: number; digest: string };
      const got = `${out.cycles}:${out.digest}`;
      if (want && got !== want) throw new Error(`${name}: the cold runs differ (${want} vs ${got})`);
      want = got;
      times[emulator].push(out.ms);
    }
  }
  return { fast: median(times.fast), interp: median(times.interp) };
}

const names = fs.readdirSync(path.join(root, "guests/bin")).filter((f) => f.endsWith(".elf")).map((f) => f.slice(0, -4)).sort()
  .filter((name) => (only ? only.includes(name) : true));
const rows: { name: string; interp: Figures; fast: Figures; cold: { fast: number; interp: number } }[] = [];
for (const name of names) {
  const opts = inputFor(name);
  if (!opts) {
    console.log(`${name.padEnd(10)} skipped: no benchmark input defined in scripts/bench/emulator.ts`);
    continue;
  }
  const elf = new Uint8Array(fs.readFileSync(path.join(root, "guests/bin", name + ".elf")));
  const interp = measure(elf, name, "interp", opts, null);
  const fast = measure(elf, name, "fast", opts, interp.r).f;
  const cold = coldRuns(name);
  rows.push({ name, interp: interp.f, fast, cold });
  console.log(`${name.padEnd(10)} ${String(fast.cycles).padStart(10)} cycles  fast ${fast.mhz.toFixed(1).padStart(7)} MHz` +
    `  interp ${interp.f.mhz.toFixed(1).padStart(6)} MHz  x${(fast.mhz / interp.f.mhz).toFixed(2).padStart(5)}` +
    `  cold (fresh process): fast ${(cold.fast / 1000).toFixed(3)} s, interp ${(cold.interp / 1000).toFixed(3)} s x${(cold.interp / cold.fast).toFixed(2)}` +
    `  (in process: fast ${fast.coldMs.toFixed(0)} ms, interp ${interp.f.coldMs.toFixed(0)} ms)` +
    `  warm-up: fast ${(fast.warmMs / 1000).toFixed(1)} s` +
    `  trace ${Math.round(fast.traceBytesPerMcycle)} B/Mcycle`);
}
if (rows.length === 0) throw new Error("no example guest to run (guests/bin is empty or --only matched none)");

const sha = rows.find((r) => r.name === "sha256"), fib = rows.find((r) => r.name === "fibonacci");
const ratios = rows.map((r) => r.fast.mhz / r.interp.mhz);
const worst = rows[ratios.indexOf(Math.min(...ratios))];
const coldRatios = rows.map((r) => r.cold.interp / r.cold.fast);
const coldWorst = rows[coldRatios.indexOf(Math.min(...coldRatios))];
const r1 = (v: number) => +v.toFixed(1);
console.log(JSON.stringify({
  programs: rows.length,
  fast_mhz_median: r1(median(rows.map((r) => r.fast.mhz))),
  interp_mhz_median: r1(median(rows.map((r) => r.interp.mhz))),
  fast_over_interp_min: +Math.min(...ratios).toFixed(2),
  fast_over_interp_min_program: worst.name,
  fast_cold_ms_total: Math.round(rows.reduce((s, r) => s + r.fast.coldMs, 0)),
  interp_cold_ms_total: Math.round(rows.reduce((s, r) => s + r.interp.coldMs, 0)),
  cold_fast_s_total: +(rows.reduce((s, r) => s + r.cold.fast, 0) / 1000).toFixed(3),
  cold_interp_s_total: +(rows.reduce((s, r) => s + r.cold.interp, 0) / 1000).toFixed(3),
  cold_fast_over_interp_min: +Math.min(...coldRatios).toFixed(2),
  cold_fast_over_interp_min_program: coldWorst.name,
  fast_warmup_s_max: +(Math.max(...rows.map((r) => r.fast.warmMs)) / 1000).toFixed(1),
  ...(sha ? { fast_mhz: r1(sha.fast.mhz), interp_mhz: r1(sha.interp.mhz), trace_bytes_per_mcycle_sha256: Math.round(sha.fast.traceBytesPerMcycle) } : {}),
  ...(fib ? { fib_fast_mhz: r1(fib.fast.mhz), fib_interp_mhz: r1(fib.interp.mhz) } : {}),
  quick,
  rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
}));
