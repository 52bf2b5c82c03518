// SPDX-License-Identifier: GPL-3.0
//
// INSECURE development powers-of-tau: writes a prepared (phase-2 ready) .ptau from a
// secret derived from a public seed, in minutes instead of snarkjs's hours.
//
// The file is exactly what snarkjs's own commands give for a fresh accumulator with one
// beacon contribution whose beacon hash is sha256(seed), then `prepare phase2` (see
// beacon-key.ts), so `snarkjs powersoftau verify` passes and every tool that reads a
// ptau accepts it. The speed comes from knowing τ, α and β: every point is k·G for a
// scalar k we compute in Fr (lagrange.ts) and multiply with a precomputed fixed-base
// table (fixed-base.ts), in worker threads, rather than applying keys to and FFT-ing
// curve points.
//
// Never use it for anything that secures value: anyone with the seed can forge proofs.
// Commands that need a ptau take `--ptau <file>` from a public ceremony instead.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { blake2b } from "@noble/hashes/blake2.js";
import { WorkerPool, defaultThreadCount } from "../../prover/parallel/pool.ts";
import { beaconKey, firstChallengeHash, seedToBeaconHash, DEFAULT_NUM_ITERATIONS_EXP } from "./beacon-key.ts";
import { chooseWindow, threadEngine, POINT_BYTES, type Engine, type Group, type Kernel } from "./fixed-base.ts";
import { mainCurve } from "./kernel.ts";
import { frMul, frPow, lagrangeSpec, type ScalarSpec } from "./lagrange.ts";
import type { ChunkResult, ChunkTask } from "./points.ts";
import {
  encodeContributions, encodeHeader, encodeSectionHead, pointSections, savePartialHash,
  type BeaconContribution, type SectionSpec,
} from "./ptau-format.ts";

export const INSECURE_BANNER =
  "INSECURE development ceremony: the secret is known (derived from a public seed). " +
  "Proofs made with this ptau can be forged. Use --ptau <file> from a public ceremony for anything real.";

export const DEFAULT_SEED = "zkvm-kit insecure dev ptau";
export const DEFAULT_NAME = "zkvm-kit INSECURE dev beacon";
export const MAX_POWER = 27; // section 12 needs a 2^(power+1) domain; BN254's Fr has 2^28

export type DevPtauOptions = {
  power: number;
  /** Public seed; the beacon hash is sha256(seed). */
  seed?: string;
  /** Contribution name recorded in section 7. */
  name?: string;
  numIterationsExp?: number;
  /** Worker threads (default: ZKVM_THREADS or the number of cores). */
  threads?: number;
  onProgress?: (p: DevPtauProgress) => void;
};

export type DevPtauProgress = { stage: string; done: number; total: number; elapsedS: number };

export type DevPtauResult = {
  path: string;
  power: number;
  bytes: number;
  seconds: number;
  beaconHash: string;
  /** The secret, printed so nobody mistakes this file for a secure one. */
  tau: bigint;
};

type Job = { section: SectionSpec; offset: number; count: number; spec: ScalarSpec };

/** Writes the INSECURE dev ptau of `opts.power` to `outPath` (atomically, via a temp file). */
export async function writeDevPtau(outPath: string, opts: DevPtauOptions): Promise<DevPtauResult> {
  const { power } = opts;
  if (!Number.isInteger(power) || power < 1 || power > MAX_POWER) {
    throw new Error(`dev-ptau: power must be an integer in 1..${MAX_POWER}, got ${power}`);
  }
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const seed = opts.seed ?? DEFAULT_SEED;
  const exp = opts.numIterationsExp ?? DEFAULT_NUM_ITERATIONS_EXP;
  const beaconHash = seedToBeaconHash(seed);
  const { curve, kernel } = await mainCurve();
  const engine = await threadEngine(kernel);

  opts.onProgress?.({ stage: "key", done: 0, total: 1, elapsedS: elapsed() });
  const challenge = firstChallengeHash(curve, power);
  const key = beaconKey(curve, challenge, beaconHash, exp);
  const n = 2 ** power;
  if (frPow(key.tau, BigInt(2 * n)) === 1n) {
    throw new Error("dev-ptau: τ is a root of unity of the Lagrange domains; choose another seed");
  }

  // File layout: preamble and header, then every section at a fixed offset.
  const sections = pointSections(power);
  const contribBytes = encodeContributions(placeholder(opts.name ?? DEFAULT_NAME, exp, beaconHash)).length;
  const header = encodeHeader(power, sections.length + 2);
  const offsets = new Map<number, number>(); // section id -> data offset
  let pos = header.length;
  const heads: Array<[number, Uint8Array]> = [];
  for (const s of [...sections.slice(0, 5), { id: 7, points: 1, pointBytes: contribBytes }, ...sections.slice(5)]) {
    const size = s.points * s.pointBytes;
    heads.push([pos, encodeSectionHead(s.id, size)]);
    offsets.set(s.id, pos + 12);
    pos += 12 + size;
  }
  const fileBytes = pos;

  const tmp = `${outPath}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
  const fh = await fs.promises.open(tmp, "w+");
  try {
    await fh.write(header, 0, header.length, 0);
    for (const [p, h] of heads) await fh.write(h, 0, h.length, p);

    const omegas = rootsOfUnity(curve, power + 1);
    const jobs = planJobs(sections, offsets, key, omegas, power);
    await computeAll(jobs, kernel, fh, opts, elapsed);

    opts.onProgress?.({ stage: "hash", done: 0, total: 1, elapsedS: elapsed() });
    const c = await contribution(engine, fh, offsets, key, challenge, beaconHash, exp, opts.name ?? DEFAULT_NAME, power);
    const bytes = encodeContributions(c);
    await fh.write(bytes, 0, bytes.length, offsets.get(7)!);
  } catch (err) {
    await fh.close();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  await fh.close();
  fs.renameSync(tmp, outPath);
  return {
    path: outPath, power, bytes: fileBytes, seconds: elapsed(),
    beaconHash: Buffer.from(beaconHash).toString("hex"), tau: key.tau,
  };
}

/** ω_m for m = 2^p, p = 0..maxP, as snarkjs's FFTs use them (ffjavascript Fr.w). */
function rootsOfUnity(curve: any, maxP: number): bigint[] {
  return Array.from({ length: maxP + 1 }, (_, p) => BigInt(curve.Fr.toObject(curve.Fr.w[p])));
}

/** Splits every section into chunks with the rule for their scalars. */
function planJobs(
  sections: SectionSpec[], offsets: Map<number, number>, key: { tau: bigint; alpha: bigint; beta: bigint },
  omegas: bigint[], power: number,
): Job[] {
  const { tau, alpha, beta } = key;
  const factor: Record<number, bigint> = { 2: 1n, 3: 1n, 4: alpha, 5: beta, 6: beta, 12: 1n, 13: 1n, 14: alpha, 15: beta };
  const jobs: Job[] = [];
  for (const s of sections) {
    const chunk = s.pointBytes === 64 ? 8192 : 2048;
    const k = factor[s.id];
    const base = offsets.get(s.id)!;
    if (s.id < 12) {
      for (let i = 0; i < s.points; i += chunk) {
        const spec: ScalarSpec = { kind: "powers", first: frMul(k, frPow(tau, BigInt(i))), ratio: tau };
        jobs.push({ section: s, offset: base + i * s.pointBytes, count: Math.min(chunk, s.points - i), spec });
      }
      continue;
    }
    // Lagrange blocks m = 2^p, one after the other; section 12 has one more, corrected.
    const lastP = s.id === 12 ? power + 1 : power;
    let at = base;
    for (let p = 0; p <= lastP; p++) {
      const m = 2 ** p;
      for (let i = 0; i < m; i += chunk) {
        const spec = lagrangeSpec(tau, k, omegas[p], m, i, p === power + 1);
        jobs.push({ section: s, offset: at + i * s.pointBytes, count: Math.min(chunk, m - i), spec });
      }
      at += m * s.pointBytes;
    }
  }
  return jobs;
}

/** Runs the chunks on a worker pool, writing each result where it belongs. */
async function computeAll(
  jobs: Job[], kernel: Kernel, fh: fs.promises.FileHandle, opts: DevPtauOptions, elapsed: () => number,
): Promise<void> {
  const threads = opts.threads ?? defaultThreadCount();
  const pool = new WorkerPool(threads);
  const moduleUrl = new URL("./points.ts", import.meta.url).href;
  const cost = (j: Job) => j.count * (j.section.pointBytes === 64 ? 1 : 4); // G2 ≈ 4× G1
  const total = jobs.reduce((s, j) => s + cost(j), 0);
  const window: Record<Group, number> = { G1: 0, G2: 0 };
  for (const g of ["G1", "G2"] as const) {
    const points = jobs.filter((j) => groupOf(j) === g).reduce((s, j) => s + j.count, 0);
    window[g] = chooseWindow(Math.ceil(points / threads), g);
  }
  let done = 0;
  let next = 0;
  try {
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const j = jobs[next++];
        const g = groupOf(j);
        const task: ChunkTask = { kernel, group: g, w: window[g], count: j.count, scalars: j.spec };
        const r = await pool.run<ChunkResult>(moduleUrl, "computeChunk", [task]);
        await fh.write(r.lem, 0, r.lem.length, j.offset);
        done += cost(j);
        opts.onProgress?.({ stage: "points " + j.section.name, done, total, elapsedS: elapsed() });
      }
    };
    // Two requests per thread keep every worker busy while results are written.
    await Promise.all(Array.from({ length: 2 * threads }, lane));
  } finally {
    await pool.close();
  }
}

function groupOf(j: Job): Group {
  return j.section.pointBytes === POINT_BYTES.G1 ? "G1" : "G2";
}

/**
 * Section 7: the beacon contribution with its two hashes, chained as snarkjs does:
 *   response = blake2b(challenge ‖ compressed points of sections 2-6 ‖ U(public key)),
 *   partialHash = the BLAKE2b state just before the public key,
 *   nextChallenge = blake2b(response ‖ uncompressed points of sections 2-6).
 * The compressed points are fed in the same 512 KiB pieces per section as snarkjs's
 * `beacon`, so even the unused tail of the saved state matches its output byte for byte.
 */
async function contribution(
  e: Engine, fh: fs.promises.FileHandle, offsets: Map<number, number>, key: ReturnType<typeof beaconKey>,
  challenge: Uint8Array, beaconHash: Uint8Array, exp: number, name: string, power: number,
): Promise<BeaconContribution> {
  const response = blake2b.create({ dkLen: 64 });
  response.update(challenge);
  const sections = pointSections(power).filter((s) => s.id <= 6);
  await forEachPiece(e, fh, offsets, sections, "C", (b) => response.update(b));
  const partialHash = savePartialHash(response);
  response.update(key.pubKeyU);
  const next = crypto.createHash("blake2b512").update(response.digest());
  await forEachPiece(e, fh, offsets, sections, "U", (b) => next.update(b));
  const point = async (id: number, index: number, bytes: number) => {
    const b = new Uint8Array(bytes);
    await fh.read(b, 0, bytes, offsets.get(id)! + index * bytes);
    return b;
  };
  return {
    tauG1: await point(2, 1, 64), tauG2: await point(3, 1, 128), alphaG1: await point(4, 0, 64),
    betaG1: await point(5, 0, 64), betaG2: await point(6, 0, 128), pubKey: key.pubKeyLEM,
    partialHash, nextChallenge: new Uint8Array(next.digest()), name, numIterationsExp: exp, beaconHash,
  };
}

/** Reads sections back in 512 KiB-of-compressed-output pieces and converts them. */
async function forEachPiece(
  e: Engine, fh: fs.promises.FileHandle, offsets: Map<number, number>, sections: SectionSpec[],
  form: "C" | "U", use: (b: Uint8Array) => void,
): Promise<void> {
  for (const s of sections) {
    const per = (1 << 20) / s.pointBytes; // snarkjs beacon's chunk: 16384 G1 or 8192 G2 points
    const g = s.pointBytes === 64 ? "g1m" : "g2m";
    const mark = e.mark();
    const buf = e.alloc(per * s.pointBytes);
    for (let i = 0; i < s.points; i += per) {
      const count = Math.min(per, s.points - i);
      const lem = new Uint8Array(count * s.pointBytes);
      await fh.read(lem, 0, lem.length, offsets.get(s.id)! + i * s.pointBytes);
      e.u8.set(lem, buf);
      e.ex[`${g}_batchLEMto${form}`](buf, count, buf);
      const outBytes = form === "C" ? lem.length / 2 : lem.length;
      use(e.u8.slice(buf, buf + outBytes));
    }
    e.release(mark);
  }
}

function placeholder(name: string, exp: number, beaconHash: Uint8Array): BeaconContribution {
  const z = (k: number) => new Uint8Array(k);
  return {
    tauG1: z(64), tauG2: z(128), alphaG1: z(64), betaG1: z(64), betaG2: z(128), pubKey: z(768),
    partialHash: z(216), nextChallenge: z(64), name, numIterationsExp: exp, beaconHash,
  };
}
