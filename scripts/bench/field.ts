// BabyBear multiplication throughput: scalar TS (babybear.mul), wasm scalar i64
// Montgomery, wasm SIMD (kernel alone on wasm memory, and mulVec with its copies), plus
// batch inversion. Each figure is ns per canonical a*b, best of brief runs (the machine
// is shared, so figures are noisy).
//   npm run bench -- field      (last line: one JSON object)
import { P, mul } from "../../prover/field/babybear.ts";
import { fieldKernel } from "../../prover/field/field-wasm.ts";
import { mulVec, batchInverse } from "../../prover/field/vector.ts";

const N = 1 << 14; // one kernel chunk: stays in L2, so this measures arithmetic
function column(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % P;
  return out;
}
function nsPer(count: number, fn: () => void, minMs = 200): number {
  fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < minMs / 5) {
      fn();
      reps++;
      t = performance.now();
    }
    best = Math.min(best, ((t - t0) * 1e6) / (reps * count));
  }
  return best;
}

const a = column(N, 1), b = column(N, 2), out = new Uint32Array(N);
const tsNs = nsPer(N, () => {
  for (let i = 0; i < N; i++) out[i] = mul(a[i], b[i]);
});
const k = fieldKernel();
const mem = new Uint32Array(k.memory.buffer);
mem.set(a, 64 / 4);
mem.set(b, (64 + 4 * N) / 4);
const A = 64, B = 64 + 4 * N, C = 64 + 8 * N;
const scalarNs = nsPer(N, () => k.smul(A, B, C, N));
const simdNs = nsPer(N, () => k.vmul(A, B, C, N));
const big = 1 << 20;
const x = column(big, 3), y = column(big, 4), z = new Uint32Array(big);
const vecNs = nsPer(big, () => mulVec(z, x, y));
const nz = x.map((v) => v || 1);
const invNs = nsPer(big, () => batchInverse(nz, z));

const r2 = (v: number) => Math.round(v * 1000) / 1000;
const res = {
  bench: "field",
  ts_mul_ns: r2(tsNs),
  wasm_scalar_mul_ns: r2(scalarNs),
  wasm_simd_mul_ns: r2(simdNs),
  mulvec_2_20_ns: r2(vecNs),
  batch_inverse_2_20_ns: r2(invNs),
  mults_per_s: Math.round(1e9 / simdNs),
};
console.log(`scalar TS mul              ${res.ts_mul_ns} ns`);
console.log(`wasm scalar (i64 Mont.)    ${res.wasm_scalar_mul_ns} ns  (two Montgomery products: plain in, plain out)`);
console.log(`wasm SIMD (i64x2.extmul)   ${res.wasm_simd_mul_ns} ns  (same, 4 lanes)`);
console.log(`mulVec 2^20 incl. copies   ${res.mulvec_2_20_ns} ns/element`);
console.log(`batchInverse 2^20          ${res.batch_inverse_2_20_ns} ns/element`);
console.log(JSON.stringify(res));
