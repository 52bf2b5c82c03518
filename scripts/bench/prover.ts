// Prover benchmark: a 32-column degree-3 AIR (prover/air/examples/synthetic.ts) at
// 2^16 and 2^18 rows (add 20 with --log-rows 16,18,20), default parameters.
// Prints one line per size and ends with one JSON line of the figures; the top-level
// keys are those of the largest size.
//   npm run bench -- prover [--log-rows 16,18,20] [--cols 32] [--preset default]
import { parseArgs } from "node:util";
import { setup, prove, verify, encodeProof, PRESETS, securityOf } from "../../prover/stark/index.ts";
import { syntheticAir, syntheticTrace } from "../../prover/air/examples/synthetic.ts";
import { getPool } from "../../prover/parallel/pool.ts";

const { values } = parseArgs({
  options: {
    "log-rows": { type: "string", default: "16,18" },
    cols: { type: "string", default: "32" },
    preset: { type: "string", default: "default" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- prover [--log-rows 16,18,20] [--cols 32] [--preset default|test-insecure]");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`unknown preset '${values.preset}' (${Object.keys(PRESETS).join(", ")})`);
const cols = Number(values.cols);
const air = syntheticAir(cols);
const pk = await setup(config, [air]);

// Warm up the worker threads and JIT on a small trace so the timings measure the prover.
await prove(pk, [syntheticTrace(10, cols)]);

const runs: Record<string, number>[] = [];
for (const logRows of values["log-rows"]!.split(",").map(Number)) {
  const trace = syntheticTrace(logRows, cols);
  const { proof, stats } = await prove(pk, [trace]);
  const t0 = performance.now();
  const result = verify(pk.vk, proof);
  const verifyMs = performance.now() - t0;
  if (!result.ok) throw new Error(`benchmark proof rejected: ${result.reason}`);
  const kernels = (stats.lde ?? 0) + (stats.hash ?? 0) + (stats.quotient ?? 0);
  const run = {
    rows: 1 << logRows,
    cols,
    prove_ms: Math.round(stats.total),
    kernels_ms: Math.round(kernels),
    lde_ms: Math.round(stats.lde ?? 0),
    hash_ms: Math.round(stats.hash ?? 0),
    quotient_ms: Math.round(stats.quotient ?? 0),
    deep_ms: Math.round(stats.deep ?? 0),
    fri_ms: Math.round(stats.fri ?? 0),
    ood_ms: Math.round(stats.ood ?? 0),
    overhead_ratio: Number((stats.total / kernels).toFixed(2)),
    rows_per_s: Math.round((1 << logRows) / (stats.total / 1000)),
    verify_ms: Math.round(verifyMs),
    proof_bytes: encodeProof(proof).bytes.length,
    security_bits: securityOf(config, logRows).conjecturedBits,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  runs.push(run);
  console.log(`2^${logRows} x ${cols}: prove ${run.prove_ms} ms (${run.rows_per_s} rows/s; lde ${run.lde_ms}, hash ${run.hash_ms}, ` +
    `quotient ${run.quotient_ms}, deep ${run.deep_ms}, fri ${run.fri_ms}, ood ${run.ood_ms}), verify ${run.verify_ms} ms, ` +
    `${run.proof_bytes} bytes, ${run.security_bits} bits, peak RSS ${run.peak_rss_mb} MB`);
}
await getPool().close();
console.log(JSON.stringify({ bench: "prover", threads: getPool().size, ...runs[runs.length - 1], runs }));
