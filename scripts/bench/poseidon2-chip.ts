// The recursion Poseidon2 chip (wrapper/recursion/chips/poseidon2.ts): a single-table
// STARK of 2^k permutations (a chain: each permutation's outputs are the next one's
// inputs), the memory side supplied by the verifier. Prints permutations/s proved and
// the cells per permutation; ends with one JSON line. The machine is shared: figures are
// noisy.
//   npm run bench -- poseidon2-chip [--log-rows 12] [--preset default|test-insecure] [--proofs 3]
import { parseArgs } from "node:util";
import os from "node:os";
import { setup, prove, verify, PRESETS } from "../../prover/stark/index.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { P } from "../../prover/field/babybear.ts";
import { extAdd, extBatchInverse, extMul, fromBase, ZERO, type Ext } from "../../prover/field/extension.ts";
import { busIdOf } from "../../prover/air/logup.ts";
import { ProgramBuilder, type Var } from "../../wrapper/recursion/builder.ts";
import type { RecursionProgram } from "../../wrapper/recursion/program.ts";
import { poseidon2Air, poseidon2Preprocessed, poseidon2Main, BUS_RECURSION_MEM } from "../../wrapper/recursion/chips/poseidon2.ts";

const { values } = parseArgs({
  options: {
    "log-rows": { type: "string", default: "12" },
    preset: { type: "string", default: "default" },
    proofs: { type: "string", default: "3" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- poseidon2-chip [--log-rows 12] [--preset default|test-insecure] [--proofs 3]");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`unknown preset '${values.preset}' (${Object.keys(PRESETS).join(", ")})`);
const logRows = Number(values["log-rows"]);
const perms = 1 << logRows;

// The program: a chain of permutations over 16 witness words.
let t0 = performance.now();
const b = new ProgramBuilder();
let state: Var[] = Array.from({ length: 16 }, (_, i) => b.witness(i + 1));
for (let k = 0; k < perms; k++) state = b.poseidon2(state);
b.publicValue(state[0]);
const { program, memory } = b.build();
const buildMs = performance.now() - t0;

// The verifier's side of the memory bus: the witness words the first permutation reads
// and the one output read at the end.
function memorySide(p: RecursionProgram, mem: Uint32Array) {
  const net = new Map<number, number>();
  for (const a of p.poseidon2.input) net.set(a, (net.get(a) ?? 0) + 1);
  for (const o of p.poseidon2.output) net.set(o, (net.get(o) ?? 0) - p.reads[o]);
  const entries = [...net].filter(([, n]) => n !== 0);
  return (ch: Uint32Array): Ext => {
    const gamma = ch.subarray(0, 4), beta = ch.subarray(4, 8);
    const fps = new Uint32Array(4 * entries.length);
    entries.forEach(([a], k) => {
      let fp: Ext = gamma.slice(), pw: Ext = fromBase(1);
      for (const v of [a, ...mem.subarray(4 * a, 4 * a + 4), busIdOf(BUS_RECURSION_MEM)]) {
        fp = extAdd(fp, extMul(pw, fromBase(v)));
        pw = extMul(pw, beta);
      }
      fps.set(fp, 4 * k);
    });
    const inv = extBatchInverse(fps);
    let sum: Ext = ZERO;
    entries.forEach(([, n], k) => (sum = extAdd(sum, extMul(inv.subarray(4 * k, 4 * k + 4), fromBase(n < 0 ? P + n : n)))));
    return sum;
  };
}

t0 = performance.now();
const prep = poseidon2Preprocessed(program);
const setupTraceMs = performance.now() - t0;
const pk = await setup(config, [poseidon2Air], [prep]);
t0 = performance.now();
const main = poseidon2Main(program, memory);
const traceMs = performance.now() - t0;

// The first proofs in a process pay V8's tiering of the generated quotient evaluator (in
// every worker thread: interpreted rows while TurboFan compiles ~0.8 MB of code); the
// last of --proofs is the steady state. The first and the last are reported.
const traces = [{ main, publicValues: new Uint32Array(0) }];
const nProofs = Math.max(2, Number(values.proofs));
const cold = await prove(pk, traces);
for (let k = 2; k < nProofs; k++) await prove(pk, traces);
const cpu0 = process.cpuUsage(); // every thread of the process: less noisy than wall time on a shared machine
const { proof, stats } = await prove(pk, traces);
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
t0 = performance.now();
const result = verify(pk.vk, proof, { publicBusSum: memorySide(program, memory) });
const verifyMs = performance.now() - t0;
if (!result.ok) throw new Error(`benchmark proof rejected: ${result.check}: ${result.reason}`);

const air = poseidon2Air;
const quotient = 4 * quotientChunks(air);
const provedCells = air.mainWidth + 4 * air.auxWidth + quotient; // committed per proof, per row
const run = {
  bench: "poseidon2-chip",
  preset: values.preset,
  threads: getPool().size,
  permutations: perms,
  main_columns: air.mainWidth,
  preprocessed_columns: air.preprocessedWidth,
  aux_base_columns: 4 * air.auxWidth,
  quotient_base_columns: quotient,
  max_degree: air.maxDegree,
  cells_per_permutation: provedCells,
  lde_cells_per_permutation: provedCells << config.logBlowup,
  build_program_ms: Math.round(buildMs),
  preprocessed_ms: Math.round(setupTraceMs),
  main_trace_ms: Math.round(traceMs),
  prove_ms: Math.round(stats.total),
  prove_cold_ms: Math.round(cold.stats.total),
  quotient_cold_ms: Math.round(cold.stats.quotient ?? 0),
  quotient_ms: Math.round(stats.quotient ?? 0),
  permutations_per_s: Math.round(perms / (stats.total / 1000)),
  permutations_per_s_with_trace: Math.round(perms / ((stats.total + traceMs) / 1000)),
  prove_cpu_ms: Math.round(cpuMs),
  permutations_per_cpu_s: Math.round(perms / (cpuMs / 1000)),
  load_average: Number(os.loadavg()[0].toFixed(1)),
  verify_ms: Math.round(verifyMs),
};
console.log(
  `recursion.poseidon2, 2^${logRows} permutations (${values.preset}): prove ${run.prove_ms} ms = ${run.permutations_per_s} permutations/s ` +
    `(main trace ${run.main_trace_ms} ms, quotient ${run.quotient_ms} ms; proof ${nProofs}; the first in the process ${run.prove_cold_ms} ms, ` +
    `quotient ${run.quotient_cold_ms} ms: V8 compiling the evaluator), ${run.permutations_per_cpu_s} permutations per CPU second, ` +
    `verify ${run.verify_ms} ms (load average ${run.load_average}); ` +
    `${run.cells_per_permutation} cells per permutation (main ${air.mainWidth} + aux ${4 * air.auxWidth} + quotient ${quotient}; ` +
    `preprocessed ${air.preprocessedWidth} in the key), degree ${air.maxDegree}`,
);
await getPool().close();
console.log(JSON.stringify(run));
