// Collecting garbage on purpose. The prover's large arrays live on SharedArrayBuffers
// shared with the worker threads; a buffer's memory is freed only when every thread that
// saw it has collected its handle, and V8 counts little of that memory towards its own
// collection heuristics (the handles are small objects on small heaps). A prover that
// computes a table's LDE, uses it and drops it, table after table, would otherwise hold
// every dropped LDE until some later collection: its peak memory would be that of
// holding them all. So the prover asks for a full collection, on the main thread and on
// every idle worker (pool.ts collectGarbage), after it drops large arrays.
import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | null | undefined;

/** A full garbage collection of this thread's heap (a no-op if V8 refuses to expose gc). */
export function collectGarbageHere(): void {
  if (gc === undefined) {
    v8.setFlagsFromString("--expose-gc");
    const f = vm.runInNewContext("typeof gc === 'function' ? gc : null");
    gc = typeof f === "function" ? (f as () => void) : null;
  }
  gc?.();
}
