// Aggregation of a guest's run under the recursion kit (wrapper/recursion/): the run is
// proved, the kit read from out/kits or built (timed apart), then every proof lifted,
// the proofs joined two at a time, and root proved; with --shrink the root proof is
// compressed and shrunk too, at the universal wrap's presets (minutes: the narrow table
// with poseidon-bn254).
//   npm run bench -- recursion [--preset default|test-insecure] [--elf F] [--input-hex H]
//                              [--segment-cycles N] [--shrink]
// Prints each step, the rows per chip of the lift, join and root programs, and one JSON
// line: cycles, prove_s, kit_s, lift_s (mean), join_s (mean), root_s, aggregate_s,
// recursion_overhead (aggregate_s / prove_s), compress_s and shrink_s (with --shrink), proof sizes,
// peak_rss_mb.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { PRESETS } from "../../prover/stark/index.ts";
import { encodeProof } from "../../prover/stark/proof-codec.ts";
import { loadProgram } from "../../prover/riscv/program.ts";
import { proveProgram, runChallenges, setupProgram } from "../../prover/zkvm/prove.ts";
import { encodeReceipt } from "../../prover/zkvm/receipt.ts";
import { programVkDigest } from "../../prover/zkvm/program-key.ts";
import { loadOrBuildKit } from "../../wrapper/recursion/kit-cache.ts";
import { liftId } from "../../wrapper/recursion/kit.ts";
import { aggregateRun, proveRoot } from "../../wrapper/recursion/aggregate.ts";
import { recursionShape } from "../../wrapper/recursion/tables.ts";
import { recordKitShrink, recordShrinkOfCompress } from "../../wrapper/recursion/shrink-root.ts";
import { compressKeys, recordCompressOfRoot } from "../../wrapper/recursion/compress.ts";
import { setupShrink, proveShrink } from "../../wrapper/recursion/shrink/prove.ts";
import { universalWrapPlan } from "../../wrapper/wrap/universal-preset.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { proveRecursion } from "../../wrapper/recursion/prove.ts";

const { values } = parseArgs({
  options: {
    preset: { type: "string", default: "default" }, elf: { type: "string", default: "guests/bin/fibonacci.elf" },
    "input-hex": { type: "string", default: "14000000" }, "segment-cycles": { type: "string" },
    shrink: { type: "boolean" }, help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- recursion [--preset default|test-insecure] [--elf F] [--input-hex H] [--segment-cycles N] [--shrink]");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`unknown preset '${values.preset}'`);
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const t0 = performance.now();
const secs = (t: number) => +((performance.now() - t) / 1000).toFixed(2);
const log = (what: string) => console.log(`[${secs(t0).toFixed(1)} s] ${what}`);

const program = loadProgram(new Uint8Array(fs.readFileSync(values.elf!)), values.elf!);
const keys = await setupProgram(program, config);
let t = performance.now();
const run = await proveProgram(keys, program, {
  input: Uint8Array.from(Buffer.from(values["input-hex"]!, "hex")),
  ...(values["segment-cycles"] ? { segmentCycles: Number(values["segment-cycles"]) } : {}),
});
const proveS = secs(t);
log(`proved ${run.statement.cycles} cycles: the memory proof and ${run.proofs.length - 1} segment(s) in ${proveS} s`);

t = performance.now();
const { kit, built } = await loadOrBuildKit(keys.vk, { progress: log });
const kitS = secs(t);
log(`kit ${built ? "built" : "read"} in ${kitS} s (anchor 2^${kit.shape.anchorLogRows})`);
// proving keys are set up on first use: done here so the steps below time proving only
const used = new Set(run.proofs.map((p, i) => liftId(i === 0 ? "memory" : "segment", Math.max(...p.tables.map((x) => x.logRows)))));
for (const k of [...kit.lifts.values()].filter((k) => used.has(k.id)).concat([kit.join, kit.root])) await k.provingKey();

const steps: Record<string, number[]> = { lift: [], join: [] };
let last = performance.now(), current = "";
const challenges = runChallenges(keys.vk, run.proofs, run.statement);
t = performance.now();
const top = await aggregateRun(kit, keys.vk, run, challenges, (what) => {
  if (current) steps[current].push(secs(last));
  current = what.includes("lift") ? "lift" : "join";
  last = performance.now();
  log(what);
});
if (current) steps[current].push(secs(last));
const tr = performance.now();
const root = await proveRoot(kit, top, run.statement);
const rootS = secs(tr);
const aggregateS = secs(t);
log(`root in ${rootS} s; aggregation ${aggregateS} s`);

const shapes = {
  lift: Object.fromEntries([...kit.lifts.values()].map((k) => [k.id, rowsOf(k.program)])),
  join: rowsOf(kit.join.program), root: rowsOf(kit.root.program),
};
for (const [name, rows] of Object.entries({ ...shapes.lift, join: shapes.join, root: shapes.root })) console.log(`  ${name}: ${JSON.stringify(rows)}`);

let shrinkS: number | undefined, compressS: number | undefined;
if (values.shrink) {
  // the universal wrap's presets: the 100-bit one (Groth16's shrink) at the default preset
  const plan = universalWrapPlan(values.preset === "default" ? "wrap" : "test-insecure");
  const ck = await compressKeys(kit, plan.compressConfig);
  t = performance.now();
  const compressed = await proveRecursion(ck.pk, recordCompressOfRoot(kit, root.proof));
  compressS = secs(t);
  log(`compress ${JSON.stringify(rowsOf(ck.pk.program))} in ${compressS} s`);
  const sk = await setupShrink(recordKitShrink(ck.vk).program, plan.shrinkConfig);
  t = performance.now();
  await proveShrink(sk.pk, recordShrinkOfCompress(ck.vk, compressed.proof));
  shrinkS = secs(t);
  log(`shrink (2^${sk.vk.logRows} rows) in ${shrinkS} s`);
}
clearInterval(sample);
await getPool().close();
const mean = (a: number[]) => (a.length ? +(a.reduce((x, y) => x + y, 0) / a.length).toFixed(2) : null);
const segmentBytes = encodeReceipt({ kind: "segments", programDigest: programVkDigest(keys.vk), statement: run.statement, publicOutput: new Uint8Array(0), proofs: run.proofs }).length;
console.log(JSON.stringify({
  preset: values.preset, cycles: run.statement.cycles, segments: run.proofs.length - 1, prove_s: proveS, kit_s: kitS, kit_built: built,
  anchor_log_rows: kit.shape.anchorLogRows, lift_s: mean(steps.lift), join_s: mean(steps.join), root_s: rootS, aggregate_s: aggregateS,
  recursion_overhead: +(aggregateS / proveS).toFixed(2), compress_s: compressS ?? null, shrink_s: shrinkS ?? null,
  segment_receipt_bytes: segmentBytes, root_proof_bytes: encodeProof(root.proof).bytes.length, peak_rss_mb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
}));

function rowsOf(p: Parameters<typeof recursionShape>[0]) {
  return Object.fromEntries(recursionShape(p).filter((c) => c.ops > 0 || c.chip === "anchor").map((c) => [c.chip, c.rows]));
}
