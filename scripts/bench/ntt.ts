// NTT and LDE timings: one column at 2^16, 2^18, 2^20 (forward ntt, wasm SIMD on one
// core), and a batch coset LDE of 32 columns 2^16 -> 2^18 on one thread (inline) and on
// the worker pool. Best of brief runs: the machine is shared, figures are noisy.
//   npm run bench -- ntt [--quick]      (last line: one JSON object)
import { P } from "../../prover/field/babybear.ts";
import { ntt, intt, cosetLde, ldeColumnTask } from "../../prover/poly/ntt.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { sharedU32 } from "../../prover/parallel/shared.ts";

const quick = process.argv.includes("--quick");
function column(n: number, seed: number): Uint32Array {
  const out = sharedU32(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % P;
  return out;
}
async function best(fn: () => unknown, reps: number): Promise<number> {
  await fn();
  let b = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    b = Math.min(b, performance.now() - t0);
  }
  return Math.round(b * 100) / 100;
}

const reps = quick ? 2 : 5;
const res: Record<string, number | string> = { bench: "ntt" };
for (const log of [16, 18, 20]) {
  const c = column(1 << log, log);
  res[`ntt_2_${log}_ms`] = await best(() => ntt(c), reps);
}
const c20 = column(1 << 20, 7);
res.intt_2_20_ms = await best(() => intt(c20), reps);

const cols = Array.from({ length: 32 }, (_, i) => column(1 << 16, 100 + i));
const outs = cols.map(() => sharedU32(1 << 18));
res.lde_32x2_16_to_2_18_1thread_ms = await best(() => {
  for (let i = 0; i < cols.length; i++) ldeColumnTask(cols[i], outs[i], 16, 2, 31);
}, quick ? 1 : 3);
const pool = getPool();
res.threads = pool.size;
res.lde_32x2_16_to_2_18_pool_ms = await best(() => cosetLde(cols, 2), quick ? 1 : 3);
res.lde_speedup = Math.round(((res.lde_32x2_16_to_2_18_1thread_ms as number) / (res.lde_32x2_16_to_2_18_pool_ms as number)) * 100) / 100;
const elems = 32 * (1 << 18);
res.lde_melem_per_s = Math.round(elems / (res.lde_32x2_16_to_2_18_pool_ms as number) / 1000);

for (const log of [16, 18, 20]) console.log(`ntt 2^${log}                 ${res[`ntt_2_${log}_ms`]} ms`);
console.log(`intt 2^20                ${res.intt_2_20_ms} ms`);
console.log(`LDE 32 x 2^16 -> 2^18    ${res.lde_32x2_16_to_2_18_1thread_ms} ms on 1 thread, ${res.lde_32x2_16_to_2_18_pool_ms} ms on ${pool.size} (x${res.lde_speedup})`);
console.log(JSON.stringify(res));
await pool.close();
