// SPDX-License-Identifier: GPL-3.0
//
// Where ptau and zkey files live between runs, and how a command picks its ptau.
//
// Cache root: $ZKVM_CACHE_DIR, else $ZKVM_KIT_CACHE (the name wrapper/circuits uses),
// else ~/.cache/zkvm-kit; never inside the repository. Names carry content hashes:
//   ptau/INSECURE-dev-bn128-p<power>-<key>.ptau  key = sha256 of the format version,
//                                                power, seed, name and iteration count
//   zkey/plonk-<sha256(r1cs)>-<sha256(ptau)>.zkey
//   zkey/groth16-INSECURE-<sha256(r1cs)>-<sha256(ptau)>.zkey   (no phase-2 contribution)
// Files are written to a temporary name and renamed, so a killed run leaves no half
// file behind and concurrent runs that race write the same bytes.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import {
  DEFAULT_NAME, DEFAULT_SEED, INSECURE_BANNER, writeDevPtau, type DevPtauOptions, type DevPtauProgress,
} from "./dev-ptau.ts";
import { DEFAULT_NUM_ITERATIONS_EXP } from "./beacon-key.ts";
import { readPtauInfo, type PtauInfo } from "./ptau-format.ts";

const FORMAT_VERSION = 1; // bump when the bytes written for the same parameters change

export type Log = (line: string) => void;

export function cacheRoot(): string {
  return process.env.ZKVM_CACHE_DIR || process.env.ZKVM_KIT_CACHE || path.join(os.homedir(), ".cache", "zkvm-kit");
}

/** The cache path of the dev ptau with these parameters (it may not exist yet). */
export function devPtauPath(opts: DevPtauOptions): string {
  const id = {
    v: FORMAT_VERSION, power: opts.power, seed: opts.seed ?? DEFAULT_SEED, name: opts.name ?? DEFAULT_NAME,
    exp: opts.numIterationsExp ?? DEFAULT_NUM_ITERATIONS_EXP,
  };
  const key = crypto.createHash("sha256").update(JSON.stringify(id)).digest("hex").slice(0, 16);
  return path.join(cacheRoot(), "ptau", `INSECURE-dev-bn128-p${opts.power}-${key}.ptau`);
}

/** The INSECURE dev ptau of this power from the cache, built on first use. Prints the banner. */
export async function cachedDevPtau(opts: DevPtauOptions & { log?: Log }): Promise<string> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const file = devPtauPath(opts);
  log(`WARNING: ${INSECURE_BANNER}`);
  if (fs.existsSync(file)) {
    log(`dev-ptau: using cached ${file}`);
    return file;
  }
  log(`dev-ptau: building 2^${opts.power} into ${file}`);
  const r = await writeDevPtau(file, { ...opts, onProgress: opts.onProgress ?? progressLine(log) });
  log(`dev-ptau: wrote ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${r.seconds.toFixed(1)} s`);
  fs.writeFileSync(`${file}.json`, JSON.stringify({ power: opts.power, seconds: r.seconds, bytes: r.bytes }) + "\n");
  return file;
}

/** How long the cached dev ptau took to build (recorded next to it), or null if unknown. */
export function devPtauBuildSeconds(file: string): number | null {
  try {
    return Number(JSON.parse(fs.readFileSync(`${file}.json`, "utf8")).seconds);
  } catch {
    return null;
  }
}

/** A progress printer: one line per stage change or every ~2 s. */
export function progressLine(log: Log, everyS = 2): (p: DevPtauProgress) => void {
  let lastT = -Infinity;
  let lastStage = "";
  return (p) => {
    const stage = p.stage.split(" ")[0];
    if (stage === lastStage && p.elapsedS - lastT < everyS && p.done < p.total) return;
    lastT = p.elapsedS;
    lastStage = stage;
    const pct = p.total > 0 ? ((100 * p.done) / p.total).toFixed(1) : "0.0";
    log(`dev-ptau: ${p.stage.padEnd(28)} ${pct.padStart(5)}%  ${p.elapsedS.toFixed(1)} s`);
  };
}

export type ResolvedPtau = { path: string; insecure: boolean; info: PtauInfo };

/**
 * The ptau a command should use: `ptau` (a public ceremony's file) when given, checked for
 * structure, preparation and size; otherwise the cached INSECURE dev ptau of `minPower`.
 */
export async function resolvePtau(opts: {
  ptau?: string; minPower: number; seed?: string; log?: Log;
}): Promise<ResolvedPtau> {
  if (opts.ptau) {
    if (!fs.existsSync(opts.ptau)) throw new Error(`--ptau ${opts.ptau}: no such file`);
    const info = readPtauInfo(opts.ptau);
    if (!info.prepared) {
      throw new Error(`--ptau ${opts.ptau}: not prepared for phase 2 (no sections 12-15); run ` +
        "`snarkjs powersoftau prepare phase2` on it or download a *_final_*.ptau");
    }
    if (info.power < opts.minPower) {
      throw new Error(`--ptau ${opts.ptau}: power ${info.power} is too small, the circuit needs 2^${opts.minPower}`);
    }
    return { path: opts.ptau, insecure: false, info };
  }
  const file = await cachedDevPtau({ power: opts.minPower, seed: opts.seed, log: opts.log });
  return { path: file, insecure: true, info: readPtauInfo(file) };
}

/** sha256 of a file's bytes (streamed), hex. */
export async function fileSha256(file: string): Promise<string> {
  const h = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 22 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** The PLONK zkey of `r1cs` with `ptau`, from the cache or made by `snarkjs plonk setup`. */
export async function cachedPlonkZkey(r1cs: string, ptau: string, log: Log = (l) => console.error(l)): Promise<string> {
  return cachedZkey("plonk", r1cs, ptau, log, (tmp, logger) => snarkjs.plonk.setup(r1cs, ptau, tmp, logger));
}

/**
 * The Groth16 zkey of `r1cs` with `ptau`, from the cache or made by snarkjs's
 * `groth16 setup` (zkey new). INSECURE whatever the ptau: Groth16 needs a second,
 * circuit-specific ceremony (phase 2), and this zkey has no contribution to it, so its
 * delta is the generator and anyone can forge proofs. Phase-2 contributions over a public
 * ptau (`snarkjs zkey contribute`, `zkey beacon`) make a zkey for real use, which a
 * caller passes instead of this one. A development stand-in, like the dev ptau.
 */
export async function cachedInsecureGroth16Zkey(r1cs: string, ptau: string, log: Log = (l) => console.error(l)): Promise<string> {
  log("WARNING: Groth16 zkey without a phase-2 contribution: INSECURE, for development only (anyone can forge its proofs)");
  return cachedZkey("groth16-INSECURE", r1cs, ptau, log, (tmp, logger) => snarkjs.zKey.newZKey(r1cs, ptau, tmp, logger));
}

/** zkey/<kind>-<sha256(r1cs)>-<sha256(ptau)>.zkey, made by `setup` into a temporary file on a miss. */
async function cachedZkey(kind: string, r1cs: string, ptau: string, log: Log, setup: (tmp: string, logger: object) => Promise<unknown>): Promise<string> {
  const [hr, hp] = await Promise.all([fileSha256(r1cs), fileSha256(ptau)]);
  const file = path.join(cacheRoot(), "zkey", `${kind}-${hr.slice(0, 16)}-${hp.slice(0, 16)}.zkey`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const errors: string[] = [];
  // snarkjs's own progress lines, at most one per 30 s (the 100-bit Groth16 setup runs ~35 min)
  const t0 = Date.now();
  let shown = -Infinity;
  const progress = (m: string) => {
    if (Date.now() - shown < 30_000) return;
    shown = Date.now();
    log(`${kind} setup [${Math.round((shown - t0) / 1000)} s]: ${m}`);
  };
  const logger = { error: (m: string) => errors.push(m), warn: () => {}, info: progress, debug: progress };
  log(`${kind} setup: ${path.basename(r1cs)} with ${path.basename(ptau)}`);
  try {
    // snarkjs reports a failed setup by returning -1 (and logging why), not by throwing
    const res = await setup(tmp, logger);
    if (res === -1 || !fs.existsSync(tmp)) throw new Error(`snarkjs ${kind} setup failed: ${errors.join("; ") || "unknown error"}`);
    fs.renameSync(tmp, file);
    log(`${kind} setup: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return file;
}
