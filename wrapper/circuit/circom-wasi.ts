// Runs the circom compiler of the circom2 npm package (circom built for WASI) as circom2's
// cli.js does, as a child process of compile.ts:
//   node wrapper/circuit/circom-wasi.ts <circom arguments, paths relative to the cwd>
// with one fix: every WASI call's 32-bit arguments are passed on as unsigned numbers.
//
// Why: circom2 runs the compiler under a JavaScript WASI shim (@wasmer/wasi 0.12, in
// circom2/vendor/wasi.js) that takes the i32 arguments as JavaScript gives them, signed,
// so once the compiler's memory grows past 2 GiB every pointer above it is negative and
// the file it opens fails ("RangeError: Start offset -1952205392 is outside the bounds of
// the buffer"): the 100-bit wrap circuit (1.5M constraints at --O2) hit it while writing
// its outputs. Every argument of a WASI preview1 call is unsigned (pointers, lengths,
// descriptors, flags; 64-bit ones arrive as BigInt and are left alone), so `x >>> 0` is
// what the shim should have read, up to the 4 GiB a 32-bit wasm memory holds.
// (Node's own node:wasi, tried first, crashed with a segmentation fault while circom
// wrote its witness generator, Node 22.)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { CircomRunner, bindings } = require("circom2/index.js");
const { WASIExitError } = require("circom2/vendor/wasi.js");

type Fn = (...args: unknown[]) => unknown;

/** The imports with every number argument read as unsigned 32-bit. */
export function unsignedArguments(imports: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [mod, fns] of Object.entries(imports)) {
    out[mod] = {};
    for (const [name, f] of Object.entries(fns)) {
      out[mod][name] = typeof f === "function"
        ? (...args: unknown[]) => (f as Fn)(...args.map((a) => (typeof a === "number" ? a >>> 0 : a)))
        : f;
    }
  }
  return out;
}

/** Every parent of the working directory as a relative preopen (as circom2's cli.js). */
function preopensFull(): Record<string, string> {
  const preopens: Record<string, string> = {};
  for (let cwd = process.cwd(); ; cwd = path.dirname(cwd)) {
    const seg = path.relative(process.cwd(), cwd) || ".";
    preopens[seg] = seg;
    if (path.dirname(cwd) === cwd) break;
  }
  return preopens;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).map((k) => (k.startsWith("-") ? k : path.relative(process.cwd(), k)));
  const runner = new CircomRunner({
    args, env: process.env, preopens: preopensFull(),
    bindings: { ...bindings, exit: (code: number) => process.exit(code), kill: (signal: string) => process.kill(process.pid, signal), fs },
  });
  const module = await WebAssembly.compile(fs.readFileSync(require.resolve("circom2/circom.wasm")));
  const instance = await WebAssembly.instantiate(module, unsignedArguments(runner.wasi.getImports(module)) as WebAssembly.Imports);
  try {
    runner.wasi.start(instance);
  } catch (e) {
    if (!(e instanceof WASIExitError && (e as { code: number }).code === 0)) throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
