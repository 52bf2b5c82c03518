// The "poseidon-bn254" hash suite, for the minimal STARK that a circom circuit verifies:
// digests are ONE BN254 scalar-field element (8 little-endian 32-bit words, canonical),
// leaves are BabyBear rows packed 8 values per element and hashed with chained circomlib
// Poseidon(2) (PoseidonEx(2, 1) with the chain value as initial state), Merkle nodes are
// circomlib Poseidon(2)(left, right), and the transcript is the duplex sponge of
// transcript/bn254-challenger.ts. Exact definitions: poseidon-bn254.ts (packing, leaf
// hash, compression) and bn254-challenger.ts (transcript); summary: POSEIDON-BN254.md.
// Bulk leaf hashing and compression are split over the worker pool (both cores).
import type { HashSuite } from "./suite.ts";
import { FR_WORDS } from "./bn254-field.ts";
import { poseidonBn254, packedLength, hashRowBn254, compressBn254 } from "./poseidon-bn254.ts";
import { Bn254Challenger } from "../transcript/bn254-challenger.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";
import { P } from "../field/babybear.ts";

export const POSEIDON_BN254_SUITE_ID = "poseidon-bn254";

/** Below this many permutations (~10 ms), threads cost more than they save. */
const PARALLEL_MIN_PERMS = 256;
const SELF_URL = import.meta.url;

export function makePoseidonBn254Suite(): HashSuite {
  return {
    id: POSEIDON_BN254_SUITE_ID,
    digestWords: FR_WORDS,
    hashRow: (values) => {
      for (let i = 0; i < values.length; i++) {
        if (values[i] >= P) throw new RangeError(`hashRow: value ${i} (${values[i]}) is not a canonical BabyBear element`);
      }
      return hashRowBn254(values);
    },
    compress: (left, right) => compressBn254(left, right),
    newChallenger: () => new Bn254Challenger(),
    hashLeaves,
    compressPairs,
  };
}

/**
 * Worker task: leaf digests of rows [start, end) of the concatenated columns into out
 * (digest i at 8i). Packs a block of rows (8 values per element, column order), then
 * runs the kernel's chained hash over the block.
 */
export function hashLeavesRange(matrices: Uint32Array[][], start: number, end: number, out: Uint32Array): void {
  const cols = matrices.flat();
  const n = cols.length;
  const m = packedLength(n);
  const k = poseidonBn254();
  if (m === 0) {
    out.fill(0, start * FR_WORDS, end * FR_WORDS);
    return;
  }
  const block = Math.max(1, Math.min(1024, Math.floor(65536 / m)));
  const elems = new Uint32Array(block * m * FR_WORDS);
  for (let r0 = start; r0 < end; r0 += block) {
    const rows = Math.min(block, end - r0);
    elems.fill(0, 0, rows * m * FR_WORDS);
    for (let c = 0; c < n; c++) {
      const col = cols[c];
      const bit = 31 * (c & 7);
      const s = bit & 31;
      const base = (c >> 3) * FR_WORDS + (bit >> 5);
      for (let r = 0; r < rows; r++) {
        const v = col[r0 + r];
        const w = base + r * m * FR_WORDS;
        elems[w] |= v << s;
        if (s > 1) elems[w + 1] |= v >>> (32 - s);
      }
    }
    k.spongeMany(elems, m, rows, out, r0 * FR_WORDS);
  }
}

/** Worker task: out[i] = Poseidon(2)(pairs[2i], pairs[2i+1]) for i in [start, end). */
export function compressPairsRange(pairs: Uint32Array, start: number, end: number, out: Uint32Array): void {
  poseidonBn254().hash2Many(pairs.subarray(start * 2 * FR_WORDS, end * 2 * FR_WORDS), end - start, out, start * FR_WORDS);
}

async function hashLeaves(matrices: Uint32Array[][], height: number): Promise<Uint32Array> {
  let width = 0;
  for (const [mi, cols] of matrices.entries()) {
    for (const [c, col] of cols.entries()) {
      if (col.length < height) throw new RangeError(`hashLeaves: matrix ${mi} column ${c} has ${col.length} rows, expected ${height}`);
    }
    width += cols.length;
  }
  const out = sharedU32(height * FR_WORDS);
  const pool = getPool();
  const perms = height * Math.ceil(packedLength(width) / 2);
  if (pool.size === 1 || perms < PARALLEL_MIN_PERMS) {
    hashLeavesRange(matrices, 0, height, out);
    return out;
  }
  const shared = matrices.map((cols) => cols.map(toSharedU32));
  await pool.map(SELF_URL, "hashLeavesRange", splitRange(height, pool.size).map(([a, b]) => [shared, a, b, out]));
  return out;
}

async function compressPairs(pairs: Uint32Array, count: number): Promise<Uint32Array> {
  const out = sharedU32(count * FR_WORDS);
  const pool = getPool();
  if (pool.size === 1 || count < PARALLEL_MIN_PERMS) {
    compressPairsRange(pairs, 0, count, out);
    return out;
  }
  const shared = toSharedU32(pairs.subarray(0, count * 2 * FR_WORDS));
  await pool.map(SELF_URL, "compressPairsRange", splitRange(count, pool.size).map(([a, b]) => [shared, a, b, out]));
  return out;
}
