// The least passing candidate on two threads, keeping the caller synchronous (a
// challenger's `grind` is): the calling thread and one dedicated worker thread scan
// interleaved parts of the candidates upwards, each records a find in a shared Atomics
// minimum and stops at its first part starting past it, and the caller blocks on
// Atomics.wait until the worker has stopped. The answer is the least passing candidate,
// exactly what one thread scanning upwards returns, so proofs stay reproducible.
// Used by the proof-of-work searches of both hash suites (hash/poseidon2-grind.ts,
// transcript/bn254-grind.ts); each module is also its worker's entry point and answers
// `role` with `serveLeastSearch`.
import os from "node:os";
import { Worker, isMainThread, parentPort } from "node:worker_threads";

/** Scans part `first`, first + stride, ... of the candidates; records finds with recordLeast. */
export type PartScan<J> = (job: J, first: number, stride: number, best: Int32Array) => void;

/** best[0] = min(best[0], n), atomically. */
export function recordLeast(best: Int32Array, n: number): void {
  let cur = Atomics.load(best, 0);
  while (n < cur) {
    const prev = Atomics.compareExchange(best, 0, cur, n);
    if (prev === cur) break;
    cur = prev;
  }
}

function threads(): number {
  const env = process.env.ZKVM_THREADS;
  return env ? Math.max(1, Number(env) | 0) : os.availableParallelism();
}

const workers = new Map<string, Worker>();

/**
 * The least candidate `scan` finds, or `none` (which must exceed every candidate).
 * `moduleUrl` is the module that calls serveLeastSearch(role, scan) at load; two threads
 * are used when `parallel` and the machine has them.
 */
export function leastOnTwoThreads<J>(moduleUrl: string, role: string, scan: PartScan<J>, job: J, none: number, parallel: boolean): number {
  // flags[0] = best so far (none: nothing found), flags[1] = worker done
  const flags = new Int32Array(new SharedArrayBuffer(8));
  flags[0] = none;
  if (!parallel || threads() < 2 || !isMainThread) {
    scan(job, 0, 1, flags);
  } else {
    let worker = workers.get(role);
    if (!worker) {
      worker = new Worker(new URL(moduleUrl), { workerData: { role } });
      worker.unref();
      workers.set(role, worker);
    }
    worker.postMessage({ job, flags });
    scan(job, 0, 2, flags);
    while (Atomics.load(flags, 1) === 0) Atomics.wait(flags, 1, 0, 1000);
  }
  return flags[0];
}

/** On the worker thread started for `role`: scans the odd parts of each job it is sent. */
export function serveLeastSearch<J>(role: string, scan: PartScan<J>, workerRole: unknown): void {
  if (isMainThread || (workerRole as { role?: string } | null)?.role !== role) return;
  parentPort!.on("message", ({ job, flags }: { job: J; flags: Int32Array }) => {
    try {
      scan(job, 1, 2, flags);
    } finally {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    }
  });
}
