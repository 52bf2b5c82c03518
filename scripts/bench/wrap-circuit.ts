// SPDX-License-Identifier: GPL-3.0
//
// How the wrap circuit's size grows with the verified STARK's shape: generates and
// compiles (circom2, cached) the verifier circuit for the synthetic AIR (degree 3, W
// columns) under the 100-bit wrap preset (wrapper/circuit/presets.ts), varying one of
// columns, queries, trace height, blowup or FRI arity at a time. No proving.
//   npm run bench -- wrap-circuit [--quick]
// Prints a table; the last line is JSON { "<what>=<value>": { r1cs, plonk, ... } }.
// Each point takes 10-60 s to compile the first time (--quick: three points).
import fs from "node:fs";
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setup, type StarkConfig } from "../../prover/stark/index.ts";
import { syntheticAir } from "../../prover/air/examples/synthetic.ts";
import { securityOf } from "../../prover/stark/security.ts";
import { WRAP_CONFIG } from "../../wrapper/circuit/presets.ts";
import { generateStarkVerifierCircuit } from "../../wrapper/circuit/generate.ts";
import { compileCircom } from "../../wrapper/circuit/compile.ts";
import { getPool } from "../../prover/parallel/pool.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log("usage: npm run bench -- wrap-circuit [--quick]   (see the header of this file)");
  process.exit(0);
}
const LIB = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "wrapper", "circuit", "lib");
type Point = { label: string; width: number; logRows: number; config: StarkConfig };
const base = { width: 8, logRows: 10, config: WRAP_CONFIG };
const points: Point[] = values.quick
  ? [{ label: "base", ...base }, { label: "queries=7", ...base, config: { ...WRAP_CONFIG, numQueries: 7 } }, { label: "columns=32", ...base, width: 32 }]
  : [
      { label: "base", ...base },
      ...[2, 32, 128].map((w) => ({ label: `columns=${w}`, ...base, width: w })),
      ...[7, 28].map((q) => ({ label: `queries=${q}`, ...base, config: { ...WRAP_CONFIG, numQueries: q } })),
      ...[6, 14].map((h) => ({ label: `log_rows=${h}`, ...base, logRows: h })),
      { label: "blowup=16,queries=21,pow=17", ...base, config: { ...WRAP_CONFIG, logBlowup: 4, numQueries: 21 } },
      ...[2, 3].map((a) => ({ label: `fri_log_arity=${a}`, ...base, config: { ...WRAP_CONFIG, friLogArity: a } })),
    ];

const results: Record<string, object> = {};
// The hash choice: circomlib Poseidon(2) (sparse partial rounds) against a Poseidon2 t = 3
// probe (circuits/poseidon2-bn254-t3-probe.circom, placeholder constants).
const probe = async (name: string, source: string) => (await compileCircom({ name, source, log: () => {} })).plonkConstraints;
const poseidonRows = await probe("probe_poseidon", 'pragma circom 2.1.0; include "poseidon.circom";\n' +
  "template T() { signal input x[2]; signal output o; component h = Poseidon(2); h.inputs <== x; o <== h.out; }\ncomponent main = T();\n");
const poseidon2Rows = await probe("probe_poseidon2", fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "circuits", "poseidon2-bn254-t3-probe.circom"), "utf8"));
console.log(`hash per permutation: circomlib Poseidon(2) ${poseidonRows} PLONK rows, Poseidon2 t=3 probe ${poseidon2Rows}`);
results.hash = { poseidon_t3_plonk: poseidonRows, poseidon2_t3_probe_plonk: poseidon2Rows };
console.log("point".padEnd(30) + "r1cs".padStart(10) + "plonk".padStart(10) + "  perms  range-bits  bits  compile");
for (const p of points) {
  const pk = await setup(p.config, [syntheticAir(p.width)]);
  const circ = generateStarkVerifierCircuit(pk.vk, { tableLogRows: [p.logRows], statement: null });
  const c = await compileCircom({ name: circ.name, source: circ.source, includeDirs: [LIB], log: () => {} });
  const r = circ.report;
  const perms = r.transcriptPermutations + r.leafPermutations + r.compressions;
  const bits = securityOf(p.config, p.logRows).conjecturedBits;
  results[p.label] = { r1cs: c.r1csConstraints, plonk: c.plonkConstraints, perms, range_bits: r.rangeBits, security_bits: bits, compile_s: +c.compileSeconds.toFixed(1) };
  console.log(p.label.padEnd(30) + String(c.r1csConstraints).padStart(10) + String(c.plonkConstraints).padStart(10) +
    `  ${String(perms).padStart(5)}  ${String(r.rangeBits).padStart(10)}  ${String(bits).padStart(4)}  ${c.cached ? "cached" : c.compileSeconds.toFixed(0) + " s"}`);
}
await getPool().close();
console.log(JSON.stringify(results));
