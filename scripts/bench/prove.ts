// zkVM prover benchmark: proves the SHA-256 guest over N KiB of input and the fibonacci
// guest, verifies both, and prints per guest the cycles, segments, time per stage,
// rows and cells per chip; ends with one JSON line of the SHA-256 run's figures.
//   npm run bench -- prove [--input-kib 16] [--preset default] [--segment-cycles 2^20] [--max-chip-rows 2^18] [--only sha256|fibonacci]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { PRESETS, securityOf, encodeProof, type StarkProof } from "../../prover/stark/index.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";
import { loadProgram } from "../../prover/riscv/program.ts";
import { setupProgram, proveProgram, verifyRun, DEFAULT_PROVE_SEGMENT_CYCLES, DEFAULT_MAX_CHIP_ROWS, type ProgramKeys } from "../../prover/zkvm/prove.ts";

const { values } = parseArgs({
  options: {
    "input-kib": { type: "string", default: "16" },
    preset: { type: "string", default: "default" },
    "segment-cycles": { type: "string", default: String(DEFAULT_PROVE_SEGMENT_CYCLES) },
    "max-chip-rows": { type: "string", default: String(DEFAULT_MAX_CHIP_ROWS) },
    only: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- prove [--input-kib 16] [--preset default|test-insecure] [--segment-cycles N] [--max-chip-rows N] [--only sha256|fibonacci]");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`unknown preset '${values.preset}'`);
const segmentCycles = Number(values["segment-cycles"]);
const maxChipRows = Number(values["max-chip-rows"]);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Cells (main + preprocessed + 4·aux + 4·quotient chunks) of every table of every proof. */
function cellsOf(keys: ProgramKeys, proofs: StarkProof[]) {
  const perChip = new Map<string, { rows: number; cells: number; perRow: number }>();
  let cells = 0;
  proofs.forEach((p, i) => {
    const key = i === 0 ? keys.vk.memory : keys.vk.segment;
    key.airs.forEach((air, t) => {
      const perRow = air.mainWidth + air.preprocessedWidth + 4 * air.auxWidth + 4 * quotientChunks(air);
      const rows = 2 ** p.tables[t].logRows;
      const e = perChip.get(air.name) ?? { rows: 0, cells: 0, perRow };
      e.rows += rows;
      e.cells += rows * perRow;
      perChip.set(air.name, e);
      cells += rows * perRow;
    });
  });
  return { cells, perChip };
}

async function bench(name: string, input: Uint8Array) {
  const program = loadProgram(new Uint8Array(fs.readFileSync(path.join(root, "guests/bin", `${name}.elf`))), name);
  const t0 = performance.now();
  const keys = await setupProgram(program, config);
  const setupS = (performance.now() - t0) / 1000;
  let last = performance.now();
  const tp = performance.now();
  const run = await proveProgram(keys, program, {
    input, segmentCycles, maxChipRows,
    onProgress: (what) => {
      const now = performance.now();
      if (now - last > 2000 || !what.startsWith("segment")) console.error(`  [${((now - tp) / 1000).toFixed(1)} s] ${name}: ${what}`);
      last = now;
    },
  });
  const proveS = (performance.now() - tp) / 1000;
  const tv = performance.now();
  const ok = verifyRun(keys.vk, run.proofs, run.statement);
  const verifyMs = performance.now() - tv;
  if (!ok.ok) throw new Error(`${name}: the proof does not verify (${ok.check}): ${ok.reason}`);
  const cycles = run.statement.cycles;
  const { cells, perChip } = cellsOf(keys, run.proofs);
  const proofBytes = run.proofs.reduce((s, p) => s + encodeProof(p).bytes.length, 0);
  const maxLog = Math.max(...run.proofs.flatMap((p) => p.tables.map((t) => t.logRows)));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const largestSegment = Math.max(...run.segmentCycles);
  console.log(`\n${name}: ${cycles} cycles, ${run.proofs.length - 1} segment(s) of ${run.segmentCycles.join(", ")} cycles (at most ${segmentCycles}, or ${maxChipRows} rows of a chip); setup ${setupS.toFixed(1)} s, prove ${proveS.toFixed(1)} s (${(cycles / proveS).toFixed(0)} cycles/s), verify ${verifyMs.toFixed(0)} ms, proofs ${(proofBytes / 1024).toFixed(0)} KiB`);
  console.log(`  stages (s): ${Object.entries(run.stats).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(", ")}`);
  console.log(`  cells per cycle: ${(cells / cycles).toFixed(1)} (all tables, padded rows included)`);
  for (const [chip, e] of [...perChip].sort((a, b) => b[1].cells - a[1].cells)) {
    console.log(`    ${chip.padEnd(26)} ${String(e.rows).padStart(9)} rows  ${String(e.perRow).padStart(4)} cells/row  ${(e.cells / cycles).toFixed(1).padStart(7)} cells/cycle`);
  }
  return {
    cycles, segments: run.proofs.length - 1, prove_s: +proveS.toFixed(2), cycles_per_s: Math.round(cycles / proveS),
    peak_rss_mb: Math.round(peakRssMb), bytes_per_cycle: Math.round((peakRssMb * 2 ** 20) / largestSegment),
    cells_per_cycle: +(cells / cycles).toFixed(1), proof_bytes: proofBytes, verify_ms: Math.round(verifyMs),
    security_bits: securityOf(config, maxLog).conjecturedBits,
  };
}

const results: Record<string, object> = {};
if (values.only !== "sha256") results.fibonacci = await bench("fibonacci", Uint8Array.of(100, 0, 0, 0));
if (values.only !== "fibonacci") {
  const input = new Uint8Array(Number(values["input-kib"]) * 1024).map((_, i) => (i * 131 + 7) & 255);
  results.sha256 = await bench("sha256", input);
}
console.log(JSON.stringify({ ...(results.sha256 ?? results.fibonacci), runs: results }));
process.exit(0);
