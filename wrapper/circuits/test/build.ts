// SPDX-License-Identifier: GPL-3.0
//
// Builds the PLACEHOLDER two-public-signal circuit (two-public.circom) end to end:
//   circom2 (default optimisation, wrapper/circuit/compile.ts) -> r1cs + witness wasm
//   INSECURE deterministic dev ptau (wrapper/ceremony/cache.ts) + snarkjs PLONK setup -> zkey
//   snarkjs Solidity export -> PlonkVerifier .sol
// Everything is cached outside the repository (cacheRoot()), keyed by the sha256 of the
// circuit source and the circom2 and snarkjs versions.
// The sha256 of each artifact is pinned in two-public.manifest.json; `--check` rebuilds
// from scratch in a fresh directory and compares the bytes against the manifest.
//
//   npx node wrapper/circuits/test/build.ts            build (or reuse) and print paths
//   npx node wrapper/circuits/test/build.ts --check    rebuild all (ptau too) afresh, compare
//   npx node wrapper/circuits/test/build.ts --write-manifest
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";
import { cacheRoot, cachedDevPtau, devPtauPath } from "../../ceremony/cache.ts";
import { writeDevPtau } from "../../ceremony/dev-ptau.ts";
import { compileCircom } from "../../circuit/compile.ts";
import { exportSnarkjsPlonkVerifier } from "../../solidity/snarkjs-plonk-verifier.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const CIRCUIT_SOURCE = path.join(here, "two-public.circom");
export const MANIFEST_PATH = path.join(here, "two-public.manifest.json");
/** 2^8 = 256 rows: the circuit has 2 PLONK constraints plus 2 public-input rows. */
export const PTAU_POWER = 8;

export type PlaceholderBuild = {
  dir: string;
  r1cs: string;
  wasm: string;
  zkey: string;
  ptau: string;
  verifierSol: string;
};

export function sha256File(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function packageVersion(name: string): string {
  const file = path.join(here, "..", "..", "..", "node_modules", name, "package.json");
  return fs.existsSync(file) ? String(JSON.parse(fs.readFileSync(file, "utf8")).version) : "unknown";
}

/** The cache is keyed by everything the artifacts depend on: source, tools, ptau power. */
function cacheKey(): string {
  const parts = [sha256File(CIRCUIT_SOURCE), `circom2@${packageVersion("circom2")}`,
    `snarkjs@${packageVersion("snarkjs")}`, `ptau${PTAU_POWER}`];
  return crypto.createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

const quiet = () => {};

/**
 * The dev ptau: from the shared cache, or with `freshIn` written anew into that directory
 * (for --check, so that nothing is reused).
 */
async function placeholderPtau(freshIn?: string): Promise<string> {
  if (!freshIn) return cachedDevPtau({ power: PTAU_POWER, log: quiet }); // test-only circuit: no banner
  const file = path.join(freshIn, path.basename(devPtauPath({ power: PTAU_POWER })));
  await writeDevPtau(file, { power: PTAU_POWER });
  return file;
}

/** Build the placeholder circuit into `dir` (default: the cache), reusing finished output. */
export async function buildPlaceholder(opts: { dir?: string; freshPtau?: boolean } = {}): Promise<PlaceholderBuild> {
  const dir = opts.dir ?? path.join(cacheRoot(), `two-public-${cacheKey()}`);
  fs.mkdirSync(dir, { recursive: true });
  const circuit = await compileCircom({
    name: "two-public", source: fs.readFileSync(CIRCUIT_SOURCE, "utf8"), outDir: path.join(dir, "circuit"), log: quiet,
  });
  const out: PlaceholderBuild = {
    dir,
    r1cs: circuit.r1cs,
    wasm: circuit.wasm,
    zkey: path.join(dir, "two-public.zkey"),
    ptau: await placeholderPtau(opts.freshPtau ? dir : undefined),
    verifierSol: path.join(dir, "PlonkVerifier.sol"),
  };
  if (!fs.existsSync(out.zkey)) {
    const tmp = `${out.zkey}.${process.pid}.tmp`;
    await snarkjs.plonk.setup(out.r1cs, out.ptau, tmp);
    fs.renameSync(tmp, out.zkey);
  }
  if (!fs.existsSync(out.verifierSol)) {
    fs.writeFileSync(out.verifierSol, await exportSnarkjsPlonkVerifier(out.zkey));
  }
  return out;
}

export type Manifest = {
  description: string;
  circuit: string;
  ptauPower: number;
  sha256: Record<string, string>;
};

function hashesOf(b: PlaceholderBuild): Record<string, string> {
  return {
    "two-public.circom": sha256File(CIRCUIT_SOURCE),
    "dev.ptau": sha256File(b.ptau),
    "two-public.r1cs": sha256File(b.r1cs),
    "two-public.wasm": sha256File(b.wasm),
    "two-public.zkey": sha256File(b.zkey),
    "PlonkVerifier.sol": sha256File(b.verifierSol),
  };
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(MANIFEST_PATH, "utf8")) as Manifest;
}

/** Compare a build's artifact hashes with the manifest; returns the mismatches. */
export function compareWithManifest(b: PlaceholderBuild, m: Manifest = readManifest()): string[] {
  const got = hashesOf(b);
  const bad: string[] = [];
  for (const [name, want] of Object.entries(m.sha256)) {
    if (got[name] !== want) bad.push(`${name}: manifest ${want}, rebuilt ${got[name]}`);
  }
  return bad;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\nimport")[0]);
    return 0;
  }
  if (argv.includes("--check")) {
    fs.mkdirSync(cacheRoot(), { recursive: true });
    const dir = fs.mkdtempSync(path.join(cacheRoot(), "check-"));
    try {
      const b = await buildPlaceholder({ dir, freshPtau: true }); // nothing reused from the cache
      const bad = compareWithManifest(b);
      for (const line of bad) console.error(`MISMATCH ${line}`);
      console.log(bad.length === 0 ? `reproducible: all artifacts match ${MANIFEST_PATH}` : "NOT reproducible");
      return bad.length === 0 ? 0 : 1;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const b = await buildPlaceholder();
  if (argv.includes("--write-manifest")) {
    const m: Manifest = {
      description: "sha256 of the PLACEHOLDER two-public circuit's generated artifacts " +
        "(circom2 default optimisation, INSECURE deterministic dev ptau, snarkjs PLONK). " +
        "Regenerate and compare: npx node wrapper/circuits/test/build.ts --check",
      circuit: "wrapper/circuits/test/two-public.circom",
      ptauPower: PTAU_POWER,
      sha256: hashesOf(b),
    };
    fs.writeFileSync(MANIFEST_PATH, JSON.stringify(m, null, 2) + "\n");
    console.log(`wrote ${MANIFEST_PATH}`);
  }
  console.log(JSON.stringify(b, null, 2));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    (globalThis as any).curve_bn128?.terminate();
    process.exitCode = code;
  }, (e) => {
    console.error(e instanceof Error ? e.message : e);
    (globalThis as any).curve_bn128?.terminate();
    process.exitCode = 1;
  });
}
