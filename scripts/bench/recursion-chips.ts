// The recursion chips on a synthetic verifier-shaped program of ~50k operations (mostly
// extension arithmetic, then base arithmetic, Merkle-path selects, Poseidon2 permutations,
// bit decompositions, inverses and equality checks): build, setup, prove at the recursion
// preset, verify. Prints each table's operations, rows, cells per row (main + aux +
// quotient; preprocessed apart: committed once at setup) and cells per operation, then
// rows/s and operations/s of the prover. The machine is shared: figures are noisy.
//   npm run bench -- recursion-chips [ops=50000] [--insecure]   (last line: one JSON object)
import os from "node:os";
import { ProgramBuilder, type Var } from "../../wrapper/recursion/builder.ts";
import { merklePath } from "./lib/merkle-path.ts";
import { AluOp, programStats } from "../../wrapper/recursion/program.ts";
import { setupRecursion, proveRecursion, verifyRecursion, RECURSION_CONFIG } from "../../wrapper/recursion/prove.ts";
import { recursionChips, recursionShape } from "../../wrapper/recursion/tables.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";
import { TEST_CONFIG_INSECURE, describeConfig } from "../../prover/stark/index.ts";
import { encodeProof } from "../../prover/stark/proof-codec.ts";
import { busMultiplicityTotals } from "../../prover/air/multiplicity.ts";
import { P } from "../../prover/field/babybear.ts";

const loadBefore = os.loadavg()[0];
const args = process.argv.slice(2);
const target = Number(args.find((a) => /^\d+$/.test(a)) ?? 50_000);
const config = args.includes("--insecure") ? TEST_CONFIG_INSECURE : RECURSION_CONFIG;

/** A program shaped like a STARK verifier, repeated until `ops` operations: per round an
 * index and its bits, a 4-level Merkle path (8 selects and one permutation per level),
 * FRI-like folding in the extension, base arithmetic on the index, two inverses checked. */
function build(ops: number) {
  const b = new ProgramBuilder();
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % 2013265921;
  const ext = () => b.witness(Uint32Array.of(rnd(), rnd(), rnd(), rnd()));
  const alpha = ext(), beta = ext();
  let acc = ext();
  let digest: Var[] = Array.from({ length: 8 }, () => b.witness(rnd()));
  let count = 0;
  const one = b.constant(1);
  while (count < ops) {
    const index = b.witness(rnd() >>> 4);
    const bits = b.bits(index);
    count += 2;
    digest = merklePath(b, bits, digest, rnd);
    count += 4 * (8 + 8 + 1);
    for (let k = 0; k < 24; k++) {
      const v = ext();
      const t = b.extAlu(AluOp.Mul, b.extAlu(AluOp.Sub, v, acc), alpha);
      acc = b.extAlu(AluOp.Add, b.extAlu(AluOp.Mul, acc, beta), t);
      acc = b.extAlu(AluOp.Add, acc, b.extAlu(AluOp.Mul, v, v));
      count += 7;
    }
    let x = index;
    for (let k = 0; k < 24; k++) x = b.baseAlu(k % 3 === 0 ? AluOp.Add : AluOp.Mul, x, k % 2 ? index : b.constant(k + 3));
    const x1 = b.baseAlu(AluOp.Add, x, one);
    const xi = b.inv(x1, false, "x + 1");
    const ai = b.inv(acc, true, "acc");
    b.assertEq(b.extAlu(AluOp.Mul, acc, ai), one, "acc·acc⁻¹");
    b.assertEq(b.baseAlu(AluOp.Mul, xi, x1), one, "x·x⁻¹");
    count += 24 + 1 + 2 + 2 + 2;
  }
  b.publicValue(digest[0]);
  b.publicValue(b.baseAlu(AluOp.Add, digest[1], one));
  return b.build();
}

const t0 = performance.now();
const built = build(target);
const buildMs = performance.now() - t0;
const ops = built.program.order.kind.length;
const t1 = performance.now();
const { pk, vk } = await setupRecursion(built.program, config);
const setupMs = performance.now() - t1;
const t2 = performance.now();
const { proof, publicValues, stats } = await proveRecursion(pk, built);
const proveMs = performance.now() - t2;
const t3 = performance.now();
const verdict = verifyRecursion(vk, proof, publicValues);
const verifyMs = performance.now() - t3;
if (!verdict.ok) throw new Error(`the proof does not verify: ${JSON.stringify(verdict)}`);

const shape = recursionShape(built.program);
let totalRows = 0, totalCells = 0;
const tables = recursionChips().map((c, t) => {
  const air = c.air(built.program);
  const { ops: n, rows } = shape[t];
  const perRow = { main: air.mainWidth, aux: 4 * air.auxWidth, quotient: 4 * quotientChunks(air), prep: air.preprocessedWidth };
  const cells = perRow.main + perRow.aux + perRow.quotient;
  totalRows += rows;
  totalCells += cells * rows;
  return { chip: c.name, ops: n, rows, degree: air.maxDegree, ...perRow, cells_per_row: cells, cells_per_op: n ? +((cells * rows) / n).toFixed(1) : null };
});
console.log(`recursion chips: ${ops} operations (${JSON.stringify(programStats(built.program))})`);
console.log(describeConfig(config));
console.log("chip        ops      rows  deg  main  aux  quot  prep  cells/row  cells/op");
for (const t of tables) {
  console.log(`${t.chip.padEnd(10)} ${String(t.ops).padStart(6)} ${String(t.rows).padStart(8)} ${String(t.degree).padStart(4)} ${String(t.main).padStart(5)} ${String(t.aux).padStart(4)} ${String(t.quotient).padStart(5)} ${String(t.prep).padStart(5)} ${String(t.cells_per_row).padStart(10)} ${String(t.cells_per_op ?? "-").padStart(9)}`);
}
const proofBytes = encodeProof(proof).bytes.length;
const stages = Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, +(v / 1000).toFixed(2)]));
console.log(`prover stages (s): ${JSON.stringify(stages)}`);
// The bus cap (prover/air/README.md, "Multiplicities"): every write declares up to
// READ_CAP reads, so worst-case sends grow with rows x writes per row x READ_CAP.
const mem = busMultiplicityTotals(recursionChips().map((c, t) => ({ air: c.air(built.program), logRows: Math.log2(shape[t].rows) }))).get("recursion.mem")!;
const capUsed = +(mem.sends / P).toFixed(4);
console.log(`recursion.mem worst-case sends: ${mem.sends} = ${(100 * capUsed).toFixed(1)}% of p (the prover refuses at 100%)`);
console.log(`build ${(buildMs / 1000).toFixed(2)} s, setup ${(setupMs / 1000).toFixed(2)} s, prove ${(proveMs / 1000).toFixed(2)} s, verify ${verifyMs.toFixed(0)} ms; ` +
  `${Math.round(totalRows / (proveMs / 1000))} rows/s, ${Math.round(ops / (proveMs / 1000))} ops/s, ${(totalCells / ops).toFixed(1)} committed cells per operation (padding included), proof ${proofBytes} bytes`);
console.log(JSON.stringify({
  bench: "recursion-chips", ops, config: args.includes("--insecure") ? "test-insecure" : "recursion",
  build_s: +(buildMs / 1000).toFixed(3), setup_s: +(setupMs / 1000).toFixed(3), prove_s: +(proveMs / 1000).toFixed(3), verify_ms: Math.round(verifyMs),
  rows: totalRows, rows_per_s: Math.round(totalRows / (proveMs / 1000)), ops_per_s: Math.round(ops / (proveMs / 1000)),
  cells_per_op: +(totalCells / ops).toFixed(1), proof_bytes: proofBytes, stages_s: stages, mem_bus_cap_used: capUsed, tables,
  load_before: +loadBefore.toFixed(2), load_after: +os.loadavg()[0].toFixed(2),
}));
