// Proof-of-work nonce search for the Poseidon2-BabyBear challenger on both cores
// (parallel/least-search.ts: the least passing nonce, as one thread finds it). Candidates
// are scanned in blocks of BLOCK nonces by the SIMD kernel's `grind`: the calling thread
// takes the even blocks, a dedicated worker the odd ones. At the default preset's 20 bits
// (2^20 expected candidates, ~0.9 s on one core) this halves the expected time and its
// long tail.
import { workerData } from "node:worker_threads";
import { grindBlock } from "./poseidon2-batch.ts";
import { leastOnTwoThreads, recordLeast, serveLeastSearch } from "../parallel/least-search.ts";

export type Poseidon2GrindJob = { template: Uint32Array; at: number; word: number; bits: number; limit: number };

/** Nonces per block: ~12 ms of the kernel, the work a thread may do past the answer. */
const BLOCK = 1 << 14;
/** Below this many expected candidates one thread is quicker than waking the worker. */
const PARALLEL_MIN_BITS = 12;
const ROLE = "poseidon2-grind";

/** Scans blocks first, first + stride, ... below min(limit, best[0]); records a find in best[0]. */
function scanBlocks(job: Poseidon2GrindJob, first: number, stride: number, best: Int32Array): void {
  for (let b = first; b * BLOCK < job.limit; b += stride) {
    const start = b * BLOCK;
    if (start > Atomics.load(best, 0)) return;
    const found = grindBlock(job.template, job.at, job.word, job.bits, start, Math.min(BLOCK, job.limit - start));
    if (found >= 0) return recordLeast(best, found);
  }
}

/** The least nonce below `limit` whose permuted state has `bits` low zero bits in word `word`, or -1. */
export function grindSearchParallel(template: Uint32Array, at: number, word: number, bits: number, limit: number): number {
  const job: Poseidon2GrindJob = { template: template.slice(), at, word, bits, limit };
  const n = leastOnTwoThreads(import.meta.url, ROLE, scanBlocks, job, limit, bits >= PARALLEL_MIN_BITS);
  return n >= limit ? -1 : n;
}

serveLeastSearch(ROLE, scanBlocks, workerData);
