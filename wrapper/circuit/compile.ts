// SPDX-License-Identifier: GPL-3.0
//
// Compile a circom source string with the circom2 npm package (circom compiled to wasm,
// so nothing needs installing), cached by content.
//
//   const c = await compileCircom({ name: "wrap", source, includeDirs: [libDir] });
//   c.r1cs, c.wasm, c.sym, c.plonkConstraints, c.cached ...
//
// Flags: --r1cs --wasm --sym at circom's DEFAULT optimisation (--O1: only signal = signal
// and signal = constant substitutions), or with `O2: true` its full linear
// simplification (--O2), which substitutes every linear constraint away. --O2 is for
// Groth16, whose domain counts constraints and whose linear combinations are free: the
// 100-bit wrap circuit has 996,833 non-linear and 609,002 linear constraints (a 2^21
// domain at --O1, 2^20 at --O2). PLONK gains nothing from it: it pays for long linear
// combinations with addition rows anyway.
//
// Cache: by default <cacheRoot()>/circuits/<name>-<key16>, key = sha256 over the source,
// every .circom file under the include dirs (sorted by path), the circom2 and circomlib
// versions and the flags. A build is written to a temporary directory and renamed into
// place when circom has succeeded, so an interrupted build is never reused. Every build,
// fresh or cached, is checked to load in Node (wasm-limits.ts).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cacheRoot } from "../ceremony/cache.ts";
import { r1csStats, type R1csStats } from "./plonk-count.ts";
import { checkWitnessGeneratorFits } from "./wasm-limits.ts";

export type CompiledCircuit = {
  /** Directory holding everything below. */
  dir: string;
  r1cs: string;
  /** Witness generator: give it to computeWitness (witness.ts) or snarkjs. */
  wasm: string;
  /** Signal names (circom's .sym), for reading witnesses and debugging. */
  sym: string;
  /** The source as compiled: <dir>/<name>.circom. */
  sourcePath: string;
  sourceSha256: string;
  /** How long circom took (for a cached build: when it was built). */
  compileSeconds: number;
  /** True when a finished build was reused and circom did not run. */
  cached: boolean;
} & R1csStats;

export type CompileOptions = {
  /** File name stem: <name>.circom, <name>.r1cs, <name>_js/<name>.wasm. */
  name: string;
  /** The circom source, including `pragma circom` and `component main`. */
  source: string;
  /** Extra include (-l) directories; circomlib/circuits is always included. */
  includeDirs?: string[];
  /** Build here instead of the cache; the directory is replaced when (re)built. */
  outDir?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  /** circom --O2 (full linear simplification; for Groth16) instead of the default --O1. */
  O2?: boolean;
};

const require = createRequire(import.meta.url);
const FLAGS = ["--r1cs", "--wasm", "--sym"];
/** Written last into a finished build; holds the key it was built for. */
const STAMP = "build.json";
const FS_ROOT = path.parse(process.cwd()).root;
const CIRCOM_WASI = fileURLToPath(new URL("./circom-wasi.ts", import.meta.url));

type Stamp = { key: string; compileSeconds: number; circomOutput: string };

function packageVersion(name: string): string {
  return String(JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")).version);
}

export function circomlibCircuitsDir(): string {
  return path.join(path.dirname(require.resolve("circomlib/package.json")), "circuits");
}

/** Every .circom file under `dir`, recursively, as absolute paths. */
function circomFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...circomFilesUnder(p));
    else if (e.isFile() && e.name.endsWith(".circom")) out.push(p);
  }
  return out;
}

/** The cache key: everything that can change circom's output. */
function buildKey(source: string, includeDirs: string[], flags: string[]): string {
  const h = crypto.createHash("sha256");
  const part = (label: string, data: string | Buffer) => {
    h.update(`${label}\0${Buffer.byteLength(data)}\0`); // length-prefixed: no ambiguous joins
    h.update(data);
  };
  part("source", source);
  const files = includeDirs.flatMap(circomFilesUnder).sort();
  for (const f of files) part(`include ${f}`, fs.readFileSync(f));
  part("circom2", packageVersion("circom2"));
  part("circomlib", packageVersion("circomlib")); // its files are searched too (-l)
  part("flags", flags.join(" "));
  return h.digest("hex");
}

function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;]*m/g, "");
}

/** circom's summary lines worth showing: instance and constraint counts, wires, etc. */
const SUMMARY = /template instances|constraints|inputs|outputs|wires|labels/;

function readStamp(dir: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

function paths(dir: string, name: string) {
  return {
    sourcePath: path.join(dir, `${name}.circom`),
    r1cs: path.join(dir, `${name}.r1cs`),
    wasm: path.join(dir, `${name}_js`, `${name}.wasm`),
    sym: path.join(dir, `${name}.sym`),
  };
}

/** A finished build of `key` in `dir`: stamp matches and r1cs + wasm are there. */
function isFinished(dir: string, name: string, key: string): Stamp | undefined {
  const s = readStamp(dir);
  const p = paths(dir, name);
  return s?.key === key && fs.existsSync(p.r1cs) && fs.existsSync(p.wasm) ? s : undefined;
}

/** Runs the circom2 CLI; resolves with its output, rejects with it on failure. */
function runCircom(args: string[], log: (l: string) => void, t0: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // circom2 (wasm/WASI) sees paths relative to its working directory, and it cannot
    // search an include (-l) directory whose relative path has "..": run it from the
    // filesystem root, where every absolute path is a plain descendant.
    // circom-wasi.ts is circom2's cli.js with unsigned WASI arguments (memories past 2 GiB)
    const child = spawn(process.execPath, [CIRCOM_WASI, ...args],
      { cwd: FS_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = ""; // stdout and stderr interleaved, ANSI colours included (stripped at the end)
    let pending = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines.map(stripAnsi)) if (SUMMARY.test(l)) log(`circom:   ${l.trim()}`);
    });
    child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
    // Big circuits take minutes: say that it is still running.
    const timer = setInterval(() => log(`circom: still compiling, ${((performance.now() - t0) / 1000).toFixed(0)} s`), 30_000);
    timer.unref();
    child.on("error", (e) => { clearInterval(timer); reject(e); });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      out = stripAnsi(out);
      if (code === 0) resolve(out);
      else reject(new Error(out.trim() || `circom exited with ${signal ?? code}`));
    });
  });
}

/** Compiles `source` (or reuses the cached build of the same inputs). */
export async function compileCircom(opts: CompileOptions): Promise<CompiledCircuit> {
  const { name, source } = opts;
  const log = opts.log ?? ((l: string) => console.error(l));
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`compileCircom: name must be a plain file name stem, got ${JSON.stringify(name)}`);
  }
  // circom would resolve such an include to the main file itself and report it missing.
  for (const m of source.matchAll(/include\s+"([^"]+)"/g)) {
    if (path.basename(m[1]) === `${name}.circom`) {
      throw new Error(`compileCircom: the source includes "${m[1]}", a file named like itself (${name}.circom); choose another name`);
    }
  }
  const includeDirs = (opts.includeDirs ?? []).map((d) => path.resolve(d));
  for (const d of includeDirs) {
    if (!fs.statSync(d, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`compileCircom: include directory ${d} does not exist`);
    }
  }
  const flags = opts.O2 ? [...FLAGS, "--O2"] : FLAGS;
  const key = buildKey(source, includeDirs, flags);
  const dir = path.resolve(opts.outDir ?? path.join(cacheRoot(), "circuits", `${name}-${key.slice(0, 16)}`));
  const sourceSha256 = crypto.createHash("sha256").update(source).digest("hex");

  const done = isFinished(dir, name, key);
  if (done) {
    log(`circom: ${name}: using cached build ${dir}`);
    checkWitnessGeneratorFits(paths(dir, name).wasm);
    return { dir, ...paths(dir, name), sourceSha256, compileSeconds: done.compileSeconds, cached: true,
      ...(await r1csStats(paths(dir, name).r1cs)) };
  }

  // Build in a sibling temporary directory, then rename it into place.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  fs.mkdirSync(tmp);
  const tp = paths(tmp, name);
  fs.writeFileSync(tp.sourcePath, source);
  const lines = source.split("\n").length;
  log(`circom: compiling ${name} (${lines} lines, circom2 ${packageVersion("circom2")}, ${opts.O2 ? "--O2" : "default optimisation"}) into ${dir}`);
  const t0 = performance.now();
  let output: string;
  try {
    output = await runCircom([tp.sourcePath, ...flags, "-o", tmp, "-l", circomlibCircuitsDir(),
      ...includeDirs.flatMap((d) => ["-l", d])], log, t0);
  } catch (e) {
    // Keep the failing source where the message says, for its line numbers.
    const failedDir = `${dir}.failed`;
    fs.rmSync(failedDir, { recursive: true, force: true });
    fs.renameSync(tmp, failedDir);
    // circom names files relative to FS_ROOT; point at the kept copy instead.
    const text = (e instanceof Error ? e.message : String(e)).replaceAll(tmp, failedDir)
      .replaceAll(path.relative(FS_ROOT, tmp), failedDir);
    throw new Error(`circom failed to compile ${path.join(failedDir, `${name}.circom`)}:\n${text}`);
  }
  const compileSeconds = (performance.now() - t0) / 1000;
  if (!fs.existsSync(tp.r1cs) || !fs.existsSync(tp.wasm)) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`circom reported success but wrote no r1cs/wasm for ${name}:\n${output}`);
  }
  const stamp: Stamp = { key, compileSeconds, circomOutput: output };
  fs.writeFileSync(path.join(tmp, STAMP), JSON.stringify(stamp, null, 2) + "\n");

  fs.rmSync(dir, { recursive: true, force: true }); // a stale or unfinished build of the same path
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    // A concurrent build of the same key won the rename: use it.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!isFinished(dir, name, key)) throw e;
  }
  // V8 refuses a function over 7.65 MB: say so now, not at the first witness (wasm-limits.ts)
  checkWitnessGeneratorFits(paths(dir, name).wasm);
  const stats = await r1csStats(paths(dir, name).r1cs);
  log(`circom: ${name} compiled in ${compileSeconds.toFixed(1)} s: ${stats.r1csConstraints} r1cs constraints, ` +
    `${stats.plonkConstraints} PLONK rows, ${stats.wires} wires`);
  return { dir, ...paths(dir, name), sourceSha256, compileSeconds, cached: false, ...stats };
}
