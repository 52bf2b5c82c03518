// Proof-of-work nonce search for the poseidon-bn254 challenger (bn254-challenger.ts), on
// both cores while keeping `grind` synchronous (the Challenger interface): the calling
// thread scans even nonces, a dedicated worker thread odd ones, and the caller blocks on
// Atomics.wait until the worker has stopped. Both scan upwards and stop past the best nonce
// found so far (a shared Atomics minimum), so the result is the LEAST passing nonce,
// exactly as a one-thread scan would return.
// A candidate n: the 24-word state `template` (pending inputs written) with n OR-ed into
// the nonce's packing slot (word w, shift s; the slot is zero in the template), permuted;
// it passes when the low bits of word 8 (lo(s1)) under `mask` are zero.
import os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { P } from "../field/babybear.ts";
import { poseidonBn254 } from "../hash/poseidon-bn254.ts";

export type GrindJob = { template: Uint32Array; w: number; s: number; mask: number };

/** Scans n = start, start + stride, ... below min(P, best[0]); records a find in best[0]. */
export function scanNonces(job: GrindJob, start: number, stride: number, best: Int32Array): void {
  const k = poseidonBn254();
  const trial = new Uint32Array(24);
  const { template, w, s, mask } = job;
  for (let n = start; n < P; n += stride) {
    if ((n & 63) === (start & 63) && n > Atomics.load(best, 0)) return;
    trial.set(template);
    trial[w] |= n << s;
    if (s > 1) trial[w + 1] |= n >>> (32 - s);
    k.permute(trial);
    if ((trial[8] & mask) === 0) {
      let cur = Atomics.load(best, 0);
      while (n < cur) {
        const prev = Atomics.compareExchange(best, 0, cur, n);
        if (prev === cur) break;
        cur = prev;
      }
      return;
    }
  }
}

/** Below this many expected candidates one thread is quicker than waking the worker. */
const PARALLEL_MIN_BITS = 12;
let worker: Worker | undefined;

function threads(): number {
  const env = process.env.ZKVM_THREADS;
  return env ? Math.max(1, Number(env) | 0) : os.availableParallelism();
}

/** The least nonce that passes, or -1 when none below p does. */
export function searchNonce(job: GrindJob, bits: number): number {
  // flags[0] = best nonce so far (p = none), flags[1] = worker done
  const flags = new Int32Array(new SharedArrayBuffer(8));
  flags[0] = P;
  if (bits < PARALLEL_MIN_BITS || threads() < 2 || !isMainThread) {
    scanNonces(job, 0, 1, flags);
  } else {
    if (!worker) {
      worker = new Worker(new URL(import.meta.url), { workerData: { role: "bn254-grind" } });
      worker.unref();
    }
    worker.postMessage({ job, flags });
    scanNonces(job, 0, 2, flags);
    while (Atomics.load(flags, 1) === 0) Atomics.wait(flags, 1, 0, 1000);
  }
  return flags[0] === P ? -1 : flags[0];
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === "bn254-grind") {
  parentPort!.on("message", ({ job, flags }: { job: GrindJob; flags: Int32Array }) => {
    try {
      scanNonces(job, 1, 2, flags);
    } finally {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    }
  });
}
