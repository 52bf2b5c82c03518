// The main job, for now: prove and verify demo AIRs with the STARK library and print
// the figures. (When the zkVM lands this proves an example guest end to end.)
//   npm run demo [-- --preset default|test-insecure] [--log-rows 16]
import { parseArgs } from "node:util";
import { setup, prove, verify, encodeProof, decodeProof, PRESETS, describeConfig, summarizeProof } from "../prover/stark/index.ts";
import { fibonacciAir, fibonacciTrace } from "../prover/air/examples/fibonacci.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../prover/air/examples/two-tables.ts";
import { getPool } from "../prover/parallel/pool.ts";
import type { CompiledAir } from "../prover/air/types.ts";
import type { TableTrace } from "../prover/stark/prover.ts";

const { values } = parseArgs({
  options: {
    preset: { type: "string", default: "default" },
    "log-rows": { type: "string", default: "16" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run demo [-- --preset default|test-insecure] [--log-rows N]\n" +
    "Proves and verifies (1) Fibonacci over 2^N rows, 2 columns, and (2) two tables joined by a LogUp bus.");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`unknown preset '${values.preset}' (choose ${Object.keys(PRESETS).join(", ")})`);
const logRows = Number(values["log-rows"]);
if (!Number.isInteger(logRows) || logRows < 4 || logRows > 24) throw new Error(`--log-rows must be an integer in [4, 24], got ${values["log-rows"]}`);
console.log(`parameters: ${describeConfig(config, logRows)}`);

async function run(title: string, airs: CompiledAir[], traces: TableTrace[]) {
  const t0 = performance.now();
  const pk = await setup(config, airs);
  const tSetup = performance.now() - t0;
  const { proof, stats } = await prove(pk, traces);
  const bytes = encodeProof(proof).bytes;
  const t1 = performance.now();
  const result = verify(pk.vk, decodeProof(bytes));
  const tVerify = performance.now() - t1;
  const s = summarizeProof(proof);
  console.log(`\n${title}`);
  console.log(`  tables: ${s.tables.map((t) => `${t.rows} rows`).join(", ")}`);
  console.log(`  setup ${tSetup.toFixed(0)} ms, prove ${stats.total.toFixed(0)} ms ` +
    `(lde ${stats.lde.toFixed(0)}, hash ${stats.hash.toFixed(0)}, quotient ${stats.quotient.toFixed(0)}, ` +
    `deep ${stats.deep.toFixed(0)}, fri ${stats.fri.toFixed(0)}), verify ${tVerify.toFixed(0)} ms`);
  console.log(`  proof ${bytes.length} bytes; ${s.security.conjecturedBits} bits conjectured, ${s.security.provenBits} proven`);
  console.log(`  verify: ${result.ok ? "ACCEPTED" : `REJECTED (${result.reason})`}`);
  if (!result.ok) process.exitCode = 1;
}

await run(`Fibonacci, 2^${logRows} rows x 2 columns`, [fibonacciAir], [fibonacciTrace(logRows)]);
await run(`Two tables joined by a LogUp bus (2^${logRows} sends, 2^${Math.max(4, logRows - 4)} receives)`,
  [sendTableAir, receiveTableAir], twoTableTraces(logRows, Math.max(4, logRows - 4)));
await getPool().close();
