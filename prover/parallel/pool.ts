// A small pool of worker threads that run named functions from our own modules.
//
// Why this shape: the prover's parallel work (LDE of many columns, hashing many Merkle
// leaves, evaluating constraints over slices of the LDE domain) is always "call this
// pure function on a slice". Data travels as typed arrays over SharedArrayBuffer (see
// shared.ts), so nothing large is copied between threads; only small argument objects
// are cloned.
//
// The number of threads is os.availableParallelism(), or ZKVM_THREADS when set;
// ZKVM_THREADS=1 runs every task inline on the calling thread (handy for profiling).
import os from "node:os";
import { Worker } from "node:worker_threads";
import { collectGarbageHere } from "./gc.ts";

const GC_MODULE = new URL("./gc.ts", import.meta.url).href;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerPool {
  readonly size: number;
  private workers: Worker[] = [];
  private idle: Worker[] = [];
  private queue: Array<{ msg: TaskMessage; pending: Pending }> = [];
  private pending = new Map<number, Pending>();
  private busy = new Map<Worker, number>();
  private nextId = 1;

  constructor(size: number) {
    this.size = Math.max(1, size | 0);
  }

  /** Runs `moduleUrl`'s exported function `fn(...args)` on some thread. */
  run<T>(moduleUrl: string, fn: string, args: unknown[]): Promise<T> {
    if (this.size === 1) return runInline(moduleUrl, fn, args) as Promise<T>;
    const msg: TaskMessage = { id: this.nextId++, moduleUrl, fn, args };
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ msg, pending: { resolve: resolve as (v: unknown) => void, reject } });
      this.dispatch();
    });
  }

  /** Runs the same function once per argument list, in parallel; results in order. */
  map<T>(moduleUrl: string, fn: string, argLists: unknown[][]): Promise<T[]> {
    return Promise.all(argLists.map((args) => this.run<T>(moduleUrl, fn, args)));
  }

  /**
   * A full garbage collection on this thread and on every idle worker (gc.ts says why):
   * frees the SharedArrayBuffers that nothing references any more.
   */
  async collectGarbage(): Promise<void> {
    collectGarbageHere();
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((worker) => new Promise<unknown>((resolve, reject) => {
      const msg: TaskMessage = { id: this.nextId++, moduleUrl: GC_MODULE, fn: "collectGarbageHere", args: [] };
      this.pending.set(msg.id, { resolve, reject });
      this.busy.set(worker, msg.id);
      worker.ref();
      worker.postMessage(msg);
    })));
  }

  /** Stops every worker; the pool can still be used afterwards (workers restart). */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    this.idle = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? this.spawn();
      if (!worker) return;
      const { msg, pending } = this.queue.shift()!;
      this.pending.set(msg.id, pending);
      this.busy.set(worker, msg.id);
      worker.ref();
      worker.postMessage(msg);
    }
  }

  private spawn(): Worker | undefined {
    if (this.workers.length >= this.size) return undefined;
    const worker = new Worker(new URL("./worker.ts", import.meta.url));
    worker.on("message", (reply: TaskReply) => this.onReply(worker, reply));
    worker.on("error", (err) => this.onCrash(worker, err));
    this.workers.push(worker);
    return worker;
  }

  private onReply(worker: Worker, reply: TaskReply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    this.busy.delete(worker);
    worker.unref(); // an idle pool never keeps the process alive
    this.idle.push(worker);
    if (pending) {
      if (reply.error !== undefined) pending.reject(new Error(reply.error));
      else pending.resolve(reply.result);
    }
    this.dispatch();
  }

  private onCrash(worker: Worker, err: Error): void {
    const id = this.busy.get(worker);
    this.busy.delete(worker);
    this.workers = this.workers.filter((w) => w !== worker);
    if (id !== undefined) {
      this.pending.get(id)?.reject(err);
      this.pending.delete(id);
    }
    this.dispatch();
  }
}

export type TaskMessage = { id: number; moduleUrl: string; fn: string; args: unknown[] };
export type TaskReply = { id: number; result?: unknown; error?: string };

export async function runInline(moduleUrl: string, fn: string, args: unknown[]): Promise<unknown> {
  const mod = await import(moduleUrl);
  if (typeof mod[fn] !== "function") throw new Error(`worker task ${fn} not exported by ${moduleUrl}`);
  return mod[fn](...args);
}

export function defaultThreadCount(): number {
  const env = process.env.ZKVM_THREADS;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`ZKVM_THREADS must be a positive integer, got '${env}'`);
    return n;
  }
  return os.availableParallelism();
}

let shared: WorkerPool | undefined;

/** The process-wide pool. */
export function getPool(): WorkerPool {
  if (!shared) shared = new WorkerPool(defaultThreadCount());
  return shared;
}

/** Splits [0, n) into `parts` contiguous ranges of near-equal size. */
export function splitRange(n: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const k = Math.max(1, Math.min(parts, n));
  for (let i = 0; i < k; i++) out.push([Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)]);
  return out;
}
