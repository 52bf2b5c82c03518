// SPDX-License-Identifier: GPL-3.0
// `zkvm dev-ptau --power N`: builds (or finds in the cache) the INSECURE development
// powers-of-tau file (wrapper/ceremony/), optionally copies it and checks it.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { beaconSecrets, seedToBeaconHash, DEFAULT_NUM_ITERATIONS_EXP } from "../../../wrapper/ceremony/beacon-key.ts";
import { cachedDevPtau, cacheRoot, devPtauPath } from "../../../wrapper/ceremony/cache.ts";
import { checkPtau } from "../../../wrapper/ceremony/check.ts";
import { DEFAULT_SEED, INSECURE_BANNER, MAX_POWER } from "../../../wrapper/ceremony/dev-ptau.ts";
import { mainCurve } from "../../../wrapper/ceremony/kernel.ts";

export const summary = "build the INSECURE development powers-of-tau file (known secret; for tests only)";

const USAGE = `usage: zkvm dev-ptau --power <N> [options]

Writes a prepared BN254 .ptau (what \`snarkjs plonk setup\` reads) for circuits of up to
2^N PLONK constraints, from a secret derived from a PUBLIC seed.

  ${INSECURE_BANNER}

The file is byte-identical to snarkjs's \`powersoftau new\` + \`beacon\` (beacon hash =
sha256(seed), 2^10 iterations) + \`prepare phase2\`, so \`snarkjs powersoftau verify\`
accepts it, but it takes seconds to minutes instead of hours. It is cached under
${path.join(cacheRoot(), "ptau")} ($ZKVM_CACHE_DIR) by power and seed.

options:
  --power <N>        log2 of the largest circuit, 1..${MAX_POWER} (required)
  --out <file>       also place the file here (hard link, else copy)
  --seed <text>      public seed (default '${DEFAULT_SEED}')
  --threads <n>      worker threads (default: ZKVM_THREADS or the number of cores)
  --check            check the points with pairings and multi-scalar sums afterwards
  --samples <n>      random single-point pairing checks per section with --check (default 8)
  --print-path       print only the cached path (do not build)
  -h, --help         this text

Commands that need a ptau take --ptau <file>: pass a public ceremony's prepared file
(e.g. a Hermez/Polygon powersOfTau28_hez_final_<N>.ptau) for anything real.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        power: { type: "string" }, out: { type: "string" }, seed: { type: "string" },
        threads: { type: "string" }, check: { type: "boolean" }, samples: { type: "string" },
        "print-path": { type: "boolean" }, help: { type: "boolean", short: "h" },
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
  if (o.power === undefined) return usageError("--power <N> is required");
  const power = intArg(o.power, "--power", 1, MAX_POWER);
  const threads = o.threads === undefined ? undefined : intArg(o.threads, "--threads", 1, 256);
  const samples = o.samples === undefined ? 8 : intArg(o.samples, "--samples", 0, 10000);
  if (power === null || threads === null || samples === null) return 2;
  const seed = o.seed ?? DEFAULT_SEED;
  if (o["print-path"]) {
    console.log(devPtauPath({ power, seed }));
    return 0;
  }

  const file = await cachedDevPtau({ power, seed, threads });
  const { curve } = await mainCurve();
  const { tau } = beaconSecrets(curve, seedToBeaconHash(seed), DEFAULT_NUM_ITERATIONS_EXP);
  console.error(`dev-ptau: the secret is τ = ${tau} (seed '${seed}')`);
  let out = file;
  if (o.out && path.resolve(o.out) !== path.resolve(file)) {
    out = o.out;
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.rmSync(out, { force: true });
    try {
      fs.linkSync(file, out);
    } catch {
      fs.copyFileSync(file, out);
    }
  }
  if (o.check) {
    const t0 = performance.now();
    const r = await checkPtau(out, { samples, onProgress: (w) => console.error(`check: ${w}`) });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    if (!r.ok) {
      console.error(`check FAILED (${r.failures.length} of ${r.checks} checks, ${s} s):`);
      for (const f of r.failures) console.error("  " + f);
      return 1;
    }
    console.error(`check: all ${r.checks} checks passed in ${s} s`);
  }
  console.log(out);
  return 0;
}

function intArg(v: string, name: string, min: number, max: number): number | null {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    usageError(`${name} must be an integer in ${min}..${max}, got '${v}'`);
    return null;
  }
  return n;
}

function usageError(msg: string): number {
  console.error(`zkvm dev-ptau: ${msg}\n(see zkvm dev-ptau --help)`);
  return 2;
}
