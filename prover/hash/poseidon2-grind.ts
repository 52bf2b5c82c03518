// Proof-of-work nonce search for the Poseidon2-BabyBear challenger on both cores, keeping
// `grind` synchronous (the Challenger interface). Candidates are scanned in blocks of
// BLOCK nonces by the SIMD kernel's `grind`: the calling thread takes the even blocks, a
// dedicated worker thread the odd ones, and each stops at its first block starting past
// the best nonce found so far (a shared Atomics minimum), so the result is the LEAST
// passing nonce, exactly what a one-thread scan returns: proofs stay reproducible.
// At the default preset's 20 bits (2^20 expected candidates, ~0.8 s on one core) this
// halves the expected time and its long tail.
import os from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { grindBlock } from "./poseidon2-batch.ts";

export type Poseidon2GrindJob = { template: Uint32Array; at: number; word: number; bits: number; limit: number };

/** Nonces per block: ~12 ms of the kernel, the work a thread may do past the answer. */
const BLOCK = 1 << 14;
/** Below this many expected candidates one thread is quicker than waking the worker. */
const PARALLEL_MIN_BITS = 12;

/** Scans blocks first, first + 2, ... below min(limit, best[0]); records a find in best[0]. */
export function scanBlocks(job: Poseidon2GrindJob, first: number, stride: number, best: Int32Array): void {
  for (let b = first; b * BLOCK < job.limit; b += stride) {
    const start = b * BLOCK;
    if (start > Atomics.load(best, 0)) return;
    const found = grindBlock(job.template, job.at, job.word, job.bits, start, Math.min(BLOCK, job.limit - start));
    if (found >= 0) {
      let cur = Atomics.load(best, 0);
      while (found < cur) {
        const prev = Atomics.compareExchange(best, 0, cur, found);
        if (prev === cur) break;
        cur = prev;
      }
      return;
    }
  }
}

let worker: Worker | undefined;

function threads(): number {
  const env = process.env.ZKVM_THREADS;
  return env ? Math.max(1, Number(env) | 0) : os.availableParallelism();
}

/** The least nonce below `limit` whose permuted state has `bits` low zero bits in word `word`, or -1. */
export function grindSearchParallel(template: Uint32Array, at: number, word: number, bits: number, limit: number): number {
  const job: Poseidon2GrindJob = { template: template.slice(), at, word, bits, limit };
  // flags[0] = best nonce so far (limit = none), flags[1] = worker done
  const flags = new Int32Array(new SharedArrayBuffer(8));
  flags[0] = limit;
  if (bits < PARALLEL_MIN_BITS || threads() < 2 || !isMainThread) {
    scanBlocks(job, 0, 1, flags);
  } else {
    if (!worker) {
      worker = new Worker(new URL(import.meta.url), { workerData: { role: "poseidon2-grind" } });
      worker.unref();
    }
    worker.postMessage({ job, flags });
    scanBlocks(job, 0, 2, flags);
    while (Atomics.load(flags, 1) === 0) Atomics.wait(flags, 1, 0, 1000);
  }
  return flags[0] >= limit ? -1 : flags[0];
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === "poseidon2-grind") {
  parentPort!.on("message", ({ job, flags }: { job: Poseidon2GrindJob; flags: Int32Array }) => {
    try {
      scanBlocks(job, 1, 2, flags);
    } finally {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    }
  });
}
