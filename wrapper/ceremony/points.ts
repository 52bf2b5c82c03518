// SPDX-License-Identifier: GPL-3.0
//
// One chunk of ptau points: expand the scalars, multiply the generator, encode.
// This is the function the worker pool runs (prover/parallel/pool.ts imports this module
// in each worker; the thread's wasm engine and its tables live as long as the worker).
import { threadEngine, POINT_BYTES, type Group, type Kernel } from "./fixed-base.ts";
import { computeScalars, type ScalarSpec } from "./lagrange.ts";

export type ChunkTask = {
  /** The compiled wasm module (shared between threads, not copied). */
  kernel: Kernel;
  group: Group;
  /** Fixed-base window width (same for every chunk of a group, so one table each). */
  w: number;
  count: number;
  scalars: ScalarSpec;
};

export type ChunkResult = {
  /** Affine points, little-endian Montgomery: the .ptau encoding. */
  lem: Uint8Array;
};

export async function computeChunk(task: ChunkTask): Promise<ChunkResult> {
  const e = await threadEngine(task.kernel);
  const sG = POINT_BYTES[task.group];
  e.table(task.group, task.w); // built before the mark: tables stay for later chunks
  const mark = e.mark();
  try {
    const scalars = e.alloc(task.count * 32 + 8); // +8: digit reads may look one word ahead
    const out = e.alloc(task.count * sG);
    computeScalars(e, task.scalars, task.count, scalars);
    e.fixedBaseMul(task.group, task.w, scalars, task.count, out);
    return { lem: e.u8.slice(out, out + task.count * sG) };
  } finally {
    e.release(mark);
  }
}
