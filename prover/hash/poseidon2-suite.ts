// The "poseidon2-babybear-16" hash suite: Poseidon2-BabyBear-16 leaf sponge (rate 8,
// digest 8), truncated-permutation compression, and a duplex challenger, all as Plonky3
// defines them (see sponge.ts and transcript/challenger.ts). Bulk work goes to the
// batched wasm kernels in poseidon2-batch.ts; leaf hashing is split over the worker pool.
import type { HashSuite } from "./suite.ts";
import { WIDTH } from "./poseidon2-babybear.ts";
import { spongeHash, compressPair, RATE, DIGEST_WORDS } from "./sponge.ts";
import { permuteBatch, permuteOne, compressPairsRange, hashLeavesRange } from "./poseidon2-batch.ts";
import { grindSearchParallel } from "./poseidon2-grind.ts";
import { DuplexChallenger, type SpongePermutation } from "../transcript/challenger.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";
import { P } from "../field/babybear.ts";

export const POSEIDON2_SUITE_ID = "poseidon2-babybear-16";

/** Below this many permutations (~4 ms), threads cost more than they save. */
const PARALLEL_MIN_PERMS = 4096;
const BATCH_URL = import.meta.resolve("./poseidon2-batch.ts");

/** Splits [0, n) into one range per thread, each a multiple of 4 (full SIMD lanes). */
function laneRanges(n: number, parts: number): number[][] {
  return splitRange(Math.ceil(n / 4), parts).map(([a, b]) => [a * 4, Math.min(n, b * 4)]);
}

export const poseidon2Sponge: SpongePermutation = {
  width: WIDTH,
  rate: RATE,
  permute: permuteOne,
  permuteBatch,
  grindSearch: grindSearchParallel, // both cores, the least nonce as on one
};

export function makePoseidon2Suite(): HashSuite {
  return {
    id: POSEIDON2_SUITE_ID,
    digestWords: DIGEST_WORDS,
    hashRow: (values) => spongeHash(values, permuteOne),
    compress: (left, right) => compressPair(checkDigest(left), checkDigest(right), permuteOne),
    newChallenger: () => new DuplexChallenger(poseidon2Sponge),
    hashLeaves,
    compressPairs,
  };
}

// The kernel reduces its input, so x and x + p would compress alike: digests from a proof
// must be canonical (rows are checked by the Merkle verifier).
function checkDigest(d: Uint32Array): Uint32Array {
  for (let i = 0; i < d.length; i++) {
    if (d[i] >= P) throw new RangeError(`compress: digest word ${i} (${d[i]}) is not a canonical BabyBear element`);
  }
  return d;
}

async function hashLeaves(matrices: Uint32Array[][], height: number): Promise<Uint32Array> {
  let width = 0;
  for (const [m, cols] of matrices.entries()) {
    for (const [c, col] of cols.entries()) {
      if (col.length < height) throw new RangeError(`hashLeaves: matrix ${m} column ${c} has ${col.length} rows, expected ${height}`);
    }
    width += cols.length;
  }
  const out = sharedU32(height * DIGEST_WORDS);
  const pool = getPool();
  const perms = height * Math.ceil(width / RATE);
  if (pool.size === 1 || perms < PARALLEL_MIN_PERMS) {
    hashLeavesRange(matrices, 0, height, out);
    return out;
  }
  const shared = matrices.map((cols) => cols.map(toSharedU32));
  await pool.map(BATCH_URL, "hashLeavesRange", laneRanges(height, pool.size).map(([a, b]) => [shared, a, b, out]));
  return out;
}

async function compressPairs(pairs: Uint32Array, count: number): Promise<Uint32Array> {
  const out = sharedU32(count * DIGEST_WORDS);
  const pool = getPool();
  if (pool.size === 1 || count < PARALLEL_MIN_PERMS) {
    compressPairsRange(pairs, 0, count, out);
    return out;
  }
  const shared = toSharedU32(pairs.subarray(0, count * 2 * DIGEST_WORDS));
  await pool.map(BATCH_URL, "compressPairsRange", laneRanges(count, pool.size).map(([a, b]) => [shared, a, b, out]));
  return out;
}
