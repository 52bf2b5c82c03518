// Poseidon2-BabyBear-16 throughput: scalar TS reference, wasm SIMD single-call and
// batched on one core, batched leaf hashing on all cores (worker pool), and a Merkle
// commit of 2^16 rows x 32 columns. Brief runs: the machine is shared, figures are noisy.
//   npx node scripts/bench/poseidon2.ts      (last line: one JSON object)
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { permuteBatch, permuteOne, hashLeavesRange } from "../../prover/hash/poseidon2-batch.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { MerkleCommitment } from "../../prover/merkle/mmcs.ts";
import { getPool, WorkerPool } from "../../prover/parallel/pool.ts";
import { sharedU32 } from "../../prover/parallel/shared.ts";
import { P } from "../../prover/field/babybear.ts";
import os from "node:os";

// Other work on the machine skews every figure: the load average goes into the JSON.
const loadBefore = os.loadavg()[0];

function timeIt(fn: () => void, minMs = 300): number {
  fn(); // warm up
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    reps++;
    t = performance.now();
  }
  return (t - t0) / reps;
}
async function timeAsync(fn: () => Promise<unknown>, reps = 3): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
function randomColumn(n: number, seed: number): Uint32Array {
  const col = sharedU32(n);
  let x = seed;
  for (let i = 0; i < n; i++) col[i] = (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % P;
  return col;
}

const state = new Uint32Array(16).fill(7);
const scalarMs = timeIt(() => { for (let i = 0; i < 100; i++) poseidon2Permute(state); }) / 100;
const singleMs = timeIt(() => { for (let i = 0; i < 1000; i++) permuteOne(state); }) / 1000;
const BATCH = 4096;
const states = randomColumn(BATCH * 16, 1);
const batchMs = timeIt(() => permuteBatch(states, BATCH)) / BATCH;

// Leaf hashing: 2^16 rows x 8 columns = one permutation per row (big enough to amortise
// the pool's dispatch).
const ROWS = 1 << 16;
const cols = Array.from({ length: 8 }, (_, c) => randomColumn(ROWS, 10 + c));
const out = sharedU32(ROWS * 8);
const leaf1Ms = timeIt(() => hashLeavesRange([cols], 0, ROWS, out)) / ROWS;
const pool = getPool();
const url = import.meta.resolve("../../prover/hash/poseidon2-batch.ts");
const half = ROWS / pool.size;
const leafNMs = (await timeAsync(() => pool.map(url, "hashLeavesRange",
  Array.from({ length: pool.size }, (_, i) => [[cols], i * half, (i + 1) * half, out])), 5)) / ROWS;

// Merkle commit, 2^16 x 32, on the pool and inline.
const suite = getHashSuite("poseidon2-babybear-16");
const H = 1 << 16;
const matrix = { width: 32, height: H, columns: Array.from({ length: 32 }, (_, c) => randomColumn(H, 100 + c)) };
const commitMs = await timeAsync(() => MerkleCommitment.commit(suite, [matrix]), 2);
const inline = new WorkerPool(1);
const t0 = performance.now();
const leaves1 = await hashLeavesInline(inline);
const commitLeaves1Ms = performance.now() - t0;
async function hashLeavesInline(p: WorkerPool): Promise<number> {
  const o = sharedU32(H * 8);
  await p.run(url, "hashLeavesRange", [[matrix.columns], 0, H, o]);
  return o[0];
}
void leaves1;

// Grinding on both cores (hash/poseidon2-grind.ts): candidates/s (the nonce count is
// geometric, so time per bit count varies). One grind first starts the search's worker.
suite.newChallenger().grind(14);
let candidates = 0;
const tg = performance.now();
for (let k = 0; k < 8; k++) {
  const ch = suite.newChallenger();
  ch.observe([k]);
  candidates += ch.grind(17) + 1;
}
const grindPerS = candidates / ((performance.now() - tg) / 1000);

const r = (x: number) => Math.round(x);
const res = {
  threads: pool.size,
  load_avg_1m: +loadBefore.toFixed(2),
  ts_scalar_us_per_perm: +(scalarMs * 1000).toFixed(2),
  wasm_single_us_per_perm: +(singleMs * 1000).toFixed(3),
  wasm_batched_us_per_perm: +(batchMs * 1000).toFixed(3),
  perms_per_s_1core: r(1000 / leaf1Ms),
  perms_per_s_1core_permute_batch: r(1000 / batchMs),
  perms_per_s_2core: r(1000 / leafNMs),
  leaf_hash_speedup: +(leaf1Ms / leafNMs).toFixed(2),
  merkle_commit_2e16x32_ms: r(commitMs),
  merkle_leaves_2e16x32_1core_ms: r(commitLeaves1Ms),
  grind_candidates_per_s: r(grindPerS),
  grind_20_bits_expected_s: +(2 ** 20 / grindPerS).toFixed(2),
};
console.log(`TS scalar permutation      ${res.ts_scalar_us_per_perm} us`);
console.log(`wasm single permutation    ${res.wasm_single_us_per_perm} us (scalar wasm, transcript and verifier path)`);
console.log(`wasm batched permutation   ${res.wasm_batched_us_per_perm} us  (${res.perms_per_s_1core_permute_batch} perms/s)`);
console.log(`leaf hashing, 1 core       ${res.perms_per_s_1core} perms/s`);
console.log(`leaf hashing, ${pool.size} threads    ${res.perms_per_s_2core} perms/s (x${res.leaf_hash_speedup})`);
console.log(`Merkle commit 2^16 x 32    ${res.merkle_commit_2e16x32_ms} ms (leaves alone on 1 core: ${res.merkle_leaves_2e16x32_1core_ms} ms)`);
console.log(`grinding                   ${res.grind_candidates_per_s} nonces/s (20 bits: ~${res.grind_20_bits_expected_s} s expected)`);
console.log(JSON.stringify(res));
await pool.close();
