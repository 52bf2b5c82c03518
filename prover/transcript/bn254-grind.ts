// Proof-of-work nonce search for the poseidon-bn254 challenger (bn254-challenger.ts), on
// both cores (parallel/least-search.ts: the least passing nonce, as one thread finds it):
// the calling thread scans even nonces, a dedicated worker thread odd ones.
// A candidate n: the 24-word state `template` (pending inputs written) with n OR-ed into
// the nonce's packing slot (word w, shift s; the slot is zero in the template), permuted;
// it passes when the low bits of word 8 (lo(s1)) under `mask` are zero.
import { workerData } from "node:worker_threads";
import { P } from "../field/babybear.ts";
import { poseidonBn254 } from "../hash/poseidon-bn254.ts";
import { leastOnTwoThreads, recordLeast, serveLeastSearch } from "../parallel/least-search.ts";

export type GrindJob = { template: Uint32Array; w: number; s: number; mask: number };

/** Below this many expected candidates one thread is quicker than waking the worker. */
const PARALLEL_MIN_BITS = 12;
const ROLE = "bn254-grind";

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
    if ((trial[8] & mask) === 0) return recordLeast(best, n);
  }
}

/** The least nonce that passes, or -1 when none below p does. */
export function searchNonce(job: GrindJob, bits: number): number {
  const n = leastOnTwoThreads(import.meta.url, ROLE, scanNonces, job, P, bits >= PARALLEL_MIN_BITS);
  return n === P ? -1 : n;
}

serveLeastSearch(ROLE, scanNonces, workerData);
