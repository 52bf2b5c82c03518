// `zkvm build <sources|dir>`: compiles a guest with the SDK (guests/sdk), the C library
// (picolibc) and the flags the zkVM needs, and prints the ELF's path and size. The
// example guests are built with it too (guests/build.sh), so these flags are the one
// place the guest toolchain is configured.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const summary = "compile a C (or C++) guest with the SDK and picolibc into an rv32im ELF";

const USAGE = `usage: zkvm build <file.c ...|dir|cargo-project> [options]

Compiles a guest program with the zkVM SDK (guests/sdk: crt0, linker script,
syscalls) and the picolibc C library (stdio, stdlib, string, math in soft float) and
links an rv32im ELF that \`zkvm execute\` runs. A directory means every .c, .cc, .cpp
and .S file in it. C++ sources build without exceptions, RTTI or the C++ library.
A directory with a Cargo.toml is a Rust guest (guests/rust: the zkvm crate), built
with cargo for riscv32im-unknown-none-elf (only -o and -v apply to it).

options:
  -o <file>        the ELF to write (default: <name>.elf in the current directory,
                   <name> being the directory's or the first source's name)
  -O0|-O1|-O2|-O3|-Os   optimisation (default -O2)
  -I <dir>         add an include directory (also -I<dir>)
  -D <X[=v]>       define a macro (also -DX)
  -W<warning>      passed to the compiler (-Wall, -Werror, ...)
  -std=<std>       language standard, passed to the compiler
  -g               keep debug information (stripped by default)
  -v, --verbose    print the compiler commands
  -h, --help       this text

Needs Debian's gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf:
  sudo apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
and for Rust (bookworm-security): rustc-web cargo-web rust-web-src lld-22
(ZKVM_CARGO=<path> uses another cargo; it needs a riscv32im target offline;
ZKVM_PICOLIBC=<dir> another picolibc with Debian's layout)
exit status: 0 built; 1 the compiler failed or is missing; 2 usage error.`;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
export const SDK_DIR = path.join(ROOT, "guests/sdk");
/** Debian's picolibc; ZKVM_PICOLIBC points at another installation of the same layout. */
export const PICOLIBC = process.env.ZKVM_PICOLIBC ?? "/usr/lib/picolibc/riscv64-unknown-elf";
const CC = "riscv64-unknown-elf-gcc", CXX = "riscv64-unknown-elf-g++";
const PACKAGES = "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf";
const SOURCE_EXT = [".c", ".cc", ".cpp", ".S"];

/** Flags for every compile: the ISA and ABI, no linker relaxation (the emulators have
 * no gp-relaxed forms to worry about, and it keeps builds simple), TLS the only way a
 * static single-thread image has it, picolibc's speed-optimised headers. */
export function compileFlags(): string[] {
  return [
    "-march=rv32im", "-mabi=ilp32", "-mno-relax", "-fno-pic", "-fno-ident", "-ftls-model=local-exec",
    "-ffunction-sections", "-fdata-sections",
    "-isystem", `${PICOLIBC}/include/release`, "-isystem", `${PICOLIBC}/include`, "-I", rel(SDK_DIR),
  ];
}

/** Link: the SDK's crt0 and linker script, picolibc's speed build, libgcc (64-bit
 * division, soft float); unused sections dropped; no build id (reproducible). */
export function linkFlags(keepDebug: boolean): string[] {
  return [
    "-march=rv32im", "-mabi=ilp32", "-static", "-nostdlib", "-nostartfiles",
    "-Wl,--no-relax", "-Wl,--build-id=none", "-Wl,--gc-sections", ...(keepDebug ? [] : ["-Wl,--strip-debug"]),
    "-T", rel(path.join(SDK_DIR, "link.ld")),
  ];
}
const LIBS = [`-L${PICOLIBC}/lib/release/rv32im/ilp32`, "-Wl,--start-group", "-lc", "-lm", "-lgcc", "-Wl,--end-group"];
const CXX_FLAGS = ["-fno-exceptions", "-fno-rtti", "-fno-threadsafe-statics", "-fno-use-cxa-atexit"];

export interface BuildOptions {
  sources: string[];
  /** a Cargo project's directory instead of sources */
  cargo?: string;
  out: string;
  opt: string;
  /** -I, -D, -W, -std flags, in order */
  extra: string[];
  debug: boolean;
  verbose: boolean;
}

/** Paths inside the working directory are given relative (they land in the ELF's
 * symbol table, so a checkout's location does not change the bytes). */
function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith("..") || path.isAbsolute(r) ? p : r;
}

export function sdkSources(): string[] {
  return fs.readdirSync(SDK_DIR).filter((f) => f.endsWith(".c") || f.endsWith(".S")).sort().map((f) => rel(path.join(SDK_DIR, f)));
}

/** Says what is missing, naming the Debian packages; null when the toolchain is there. */
export function missingToolchain(cxx: boolean): string | null {
  const has = (cmd: string) => spawnSync(cmd, ["--version"]).status === 0;
  if (!has(CC)) return `${CC} not found: install the Debian packages ${PACKAGES}`;
  if (cxx && !has(CXX)) return `${CXX} not found: install the Debian package g++-riscv64-unknown-elf (needed for C++ sources)`;
  if (!fs.existsSync(`${PICOLIBC}/lib/release/rv32im/ilp32/libc.a`)) {
    return `picolibc for rv32im not found under ${PICOLIBC}: install the Debian package picolibc-riscv64-unknown-elf`;
  }
  return null;
}

/** Compiles each source to its own object, then links (one gcc call for both would
 * name gcc's random temporary object in the symbol table). Throws with the
 * compiler's message on failure. */
export function buildGuest(o: BuildOptions, log: (line: string) => void = () => {}): void {
  const cxx = o.sources.some(isCxx);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-build-"));
  try {
    const objs: string[] = [];
    const all = [...sdkSources(), ...o.sources];
    all.forEach((src, i) => {
      const obj = path.join(tmp, `${String(i).padStart(3, "0")}-${path.basename(src)}.o`);
      const lang = isCxx(src) ? CXX_FLAGS : [];
      const args = [...compileFlags(), ...lang, o.opt, ...(o.debug ? ["-g"] : []), ...o.extra, "-c", src, "-o", obj];
      runTool(isCxx(src) ? CXX : CC, args, `compiling ${src}`, o.verbose, log);
      objs.push(obj);
    });
    fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
    runTool(cxx ? CXX : CC, [...linkFlags(o.debug), ...(cxx ? CXX_FLAGS : []), ...objs, ...LIBS, "-o", o.out], `linking ${o.out}`, o.verbose, log);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function isCxx(f: string): boolean {
  return f.endsWith(".cc") || f.endsWith(".cpp");
}

function runTool(cmd: string, args: string[], what: string, verbose: boolean, log: (line: string) => void): void {
  if (verbose) log([cmd, ...args].join(" "));
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new BuildError(`cannot run ${cmd}: ${r.error.message}`);
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.status !== 0) throw new BuildError(`${what} failed (${cmd} exit status ${r.status})`);
}

export class BuildError extends Error {}

/** Hand-rolled because gcc-style flags (-O2, -DX, -Iinc) are not node:util parseArgs's. */
export function parseBuildArgs(argv: string[]): BuildOptions | string {
  const o: BuildOptions = { sources: [], out: "", opt: "-O2", extra: [], debug: false, verbose: false };
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag: string) => (a.length > flag.length ? a.slice(flag.length) : argv[++i]);
    if (a === "-o") { o.out = argv[++i]; if (!o.out) return "-o needs a file name"; }
    else if (/^-O[0-3s]$/.test(a)) o.opt = a;
    else if (a.startsWith("-I") || a.startsWith("-D")) {
      const v = value(a.slice(0, 2));
      if (!v) return `${a} needs a value`;
      o.extra.push(a.slice(0, 2) + v);
    } else if (/^-W[a-z]/.test(a) || a.startsWith("-std=")) o.extra.push(a);
    else if (a === "-g") o.debug = true;
    else if (a === "-v" || a === "--verbose") o.verbose = true;
    else if (a.startsWith("-")) return `unknown option '${a}'`;
    else inputs.push(a);
  }
  if (inputs.length === 0) return "expected source files or a directory";
  for (const inp of inputs) {
    if (!fs.existsSync(inp)) return `no such file or directory: '${inp}'`;
    if (fs.statSync(inp).isDirectory()) {
      if (fs.existsSync(path.join(inp, "Cargo.toml"))) {
        if (inputs.length > 1) return "a Cargo project is built on its own, without other sources";
        o.cargo = inp;
        continue;
      }
      const found = fs.readdirSync(inp).filter((f) => SOURCE_EXT.includes(path.extname(f))).sort();
      if (found.length === 0) return `directory '${inp}' has no .c, .cc, .cpp or .S files`;
      o.sources.push(...found.map((f) => path.join(inp, f)));
    } else if (!SOURCE_EXT.includes(path.extname(inp))) {
      return `'${inp}' is not a C, C++ or assembly source (.c, .cc, .cpp, .S)`;
    } else o.sources.push(inp);
  }
  if (!o.out) {
    const first = inputs[0];
    if (o.cargo) {
      o.out = `${cargoPackageName(o.cargo) ?? path.basename(path.resolve(o.cargo))}.elf`;
      return o;
    }
    const name = fs.statSync(first).isDirectory() ? path.basename(path.resolve(first)) : path.basename(first, path.extname(first));
    o.out = `${name}.elf`;
  }
  return o;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const o = parseBuildArgs(argv);
  if (typeof o === "string") {
    console.error(`zkvm build: ${o}\n\n${USAGE}`);
    return 2;
  }
  if (o.cargo) return runCargoBuild(o);
  const missing = missingToolchain(o.sources.some(isCxx));
  if (missing) {
    console.error(`zkvm build: ${missing}\n  sudo apt-get install ${PACKAGES}`);
    return 1;
  }
  try {
    console.error(`compiling ${o.sources.length} source${o.sources.length === 1 ? "" : "s"} with the SDK ...`);
    buildGuest(o, (line) => console.error(line));
  } catch (e) {
    if (e instanceof BuildError) {
      console.error(`zkvm build: ${e.message}`);
      return 1;
    }
    throw e;
  }
  console.log(`${o.out} (${fs.statSync(o.out).size} bytes)`);
  return 0;
}

// ---- Rust guests (a Cargo project) ----------------------------------------------

const RUST_PACKAGES = "rustc-web cargo-web rust-web-src lld-22";
/** ZKVM_CARGO names another cargo; by default Debian's comes first on PATH, since a
 * rustup in ~/.cargo/bin has no riscv32 target offline. */
const cargo = () => process.env.ZKVM_CARGO ?? "cargo";
const cargoEnv = () => ({ ...process.env, RUSTC_BOOTSTRAP: "1", PATH: `/usr/bin:${process.env.PATH ?? ""}` });

export function cargoPackageName(dir: string): string | null {
  const toml = fs.readFileSync(path.join(dir, "Cargo.toml"), "utf8");
  const pkg = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/s.exec(toml);
  return pkg ? pkg[1] : null;
}

/** cargo build --release in the project (its workspace's .cargo/config.toml sets the
 * target, build-std and the offline sources), then copies the binary to o.out. */
function runCargoBuild(o: BuildOptions): number {
  const dir = o.cargo!, name = cargoPackageName(dir);
  if (!name) return fail(`${path.join(dir, "Cargo.toml")} has no [package] name (a workspace root is not a guest)`, 2);
  const env = cargoEnv();
  const version = spawnSync(cargo(), ["--version"], { env, encoding: "utf8" });
  if (version.status !== 0 || !fs.existsSync("/usr/src/rustc-1.96.0/library/vendor")) {
    return fail(`Rust guests need Debian's Rust 1.96 (bookworm-security): sudo apt-get install ${RUST_PACKAGES}`, 1);
  }
  const meta = spawnSync(cargo(), ["metadata", "--format-version", "1", "--no-deps", "--offline"], { cwd: dir, env, encoding: "utf8", maxBuffer: 1 << 26 });
  if (meta.status !== 0) return fail(`cargo metadata failed in ${dir}:\n${meta.stderr}`, 1);
  const targetDir: string = JSON.parse(meta.stdout).target_directory;
  console.error(`cargo build --release (${name}) ...`);
  const args = ["build", "--release", "--offline", ...(o.verbose ? ["-v"] : ["-q"])];
  const r = spawnSync(cargo(), args, { cwd: dir, env, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) return fail(`cargo build failed in ${dir} (exit status ${r.status})`, 1);
  const built = path.join(targetDir, "riscv32im-unknown-none-elf/release", name);
  if (!fs.existsSync(built)) return fail(`cargo built no ${built}: is the project's target riscv32im-unknown-none-elf (see guests/rust/.cargo/config.toml)?`, 1);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.copyFileSync(built, o.out);
  console.log(`${o.out} (${fs.statSync(o.out).size} bytes)`);
  return 0;
}

function fail(msg: string, code: number): number {
  console.error(`zkvm build: ${msg}`);
  return code;
}
