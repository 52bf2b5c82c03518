// Throughput of the generated quotient evaluator: npx node prover/air/bench.ts [width] [logN]
// Random LDE columns (the evaluator's cost does not depend on the values).
import { syntheticAir } from "./examples/synthetic.ts";
import { ldeSelectors } from "./selectors.ts";
import { P } from "../field/babybear.ts";

const width = Number(process.argv[2] ?? 32), logN = Number(process.argv[3] ?? 18), logBlowup = 1;
const air = syntheticAir(width);
const N = 1 << logN;
let s = 12345;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % P);
const col = () => Uint32Array.from({ length: N }, rand);
const inp = {
  main: Array.from({ length: width }, col), preprocessed: [], aux: [], nextStride: 1 << logBlowup,
  ...ldeSelectors(logN - logBlowup, logBlowup),
  publicValues: Uint32Array.of(7), challenges: new Uint32Array(0), auxPublic: new Uint32Array(0),
  alphaPowers: Uint32Array.from({ length: 4 * air.constraintNames.length }, rand),
};
const out = [0, 1, 2, 3].map(() => new Uint32Array(N));
air.evalQuotient(inp, 0, N, out); // warm-up (JIT)
const reps = 3;
const t0 = performance.now();
for (let r = 0; r < reps; r++) air.evalQuotient(inp, 0, N, out);
const sec = (performance.now() - t0) / 1000 / reps;
console.log(`${air.name}: ${air.constraintNames.length} constraints, degree ${air.maxDegree}, ${N} LDE rows: ` +
  `${(sec * 1000).toFixed(1)} ms, ${(N / sec / 1e6).toFixed(2)} M rows/s (${(N * air.constraintNames.length / sec / 1e6).toFixed(1)} M constraint-evals/s)`);
