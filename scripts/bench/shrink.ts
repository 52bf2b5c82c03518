// The narrow shrink table (wrapper/recursion/shrink/) on two programs, and the wrap
// circuit that would verify its proof under SHRINK_CONFIG (the wrap preset, FRI down to
// 32 coefficients):
//   small  a verifier-shaped synthetic program of ~5,000 operations (Merkle paths, extension
//          folding, base arithmetic, bits, inverses): set up, proved and verified
//   large  the recorded verifier of a ten-table recursion proof (the chips' table set, test
//          preset), the kind of program root is (root verifies a join proof the same way,
//          ~113k operations at the test preset): ~89k operations, or 110k with
//          --inner-ops 300000; laid out and its circuit generated, not proved (2^17 rows at
//          blowup 64 with poseidon-bn254 take long here: --prove-large), plus a blowup sweep
// For each: committed columns (preprocessed + main + 4·aux + 4·quotient chunks), rows, and
// the wrap circuit's counts from the generator (permutations, range-checked bits, products)
// with the PLONK-row estimate 597·permutations + 1.5·range bits + products (the costs of
// wrapper/circuit/README.md; the README's 3.8M figure for the wide chips is the same
// formula). --compile compiles the small program's circuit with circom for the exact count
// (minutes, GBs).
//   npm run bench -- shrink [--compile] [--prove-large] [--inner-ops N] [--skip-small]
// --inner-ops: the size of the program whose recursion proof the large program verifies
// (default 5,000; 300,000 gives a join-sized inner proof and a root-sized verifier);
// --skip-small: the large program only.
// The last line is one JSON object.
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ProgramBuilder, type Var, type BuiltProgram } from "../../wrapper/recursion/builder.ts";
import { merklePath } from "./lib/merkle-path.ts";
import { AluOp, programStats, type RecursionProgram } from "../../wrapper/recursion/program.ts";
import { setupRecursion, proveRecursion } from "../../wrapper/recursion/prove.ts";
import { recordVerifier } from "../../wrapper/recursion/verifier-program.ts";
import { shrinkAir, shrinkColumns, shrinkPlan } from "../../wrapper/recursion/shrink/table.ts";
import { setupShrink, proveShrink, verifyShrink, SHRINK_CONFIG, SHRINK_TEST_CONFIG_INSECURE } from "../../wrapper/recursion/shrink/prove.ts";
import { airDigest, vkDigestOf, type VerifyingKey } from "../../prover/stark/keys.ts";
import { TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { generateStarkVerifierCircuit } from "../../wrapper/circuit/generate.ts";
import { compileCircom } from "../../wrapper/circuit/compile.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { encodeProof } from "../../prover/stark/proof-codec.ts";
import { securityOf } from "../../prover/stark/security.ts";

const { values } = parseArgs({
  options: {
    compile: { type: "boolean" }, "prove-large": { type: "boolean" }, "inner-ops": { type: "string" }, "skip-small": { type: "boolean" }, help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- shrink [--compile] [--prove-large]   (see the header of this file)");
  process.exit(0);
}
const LIB = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "wrapper", "circuit", "lib");

/** A verifier-shaped program of about `ops` operations. */
function synthetic(ops: number): BuiltProgram {
  const b = new ProgramBuilder();
  let seed = 777;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % 2013265921;
  const ext = () => b.witness(Uint32Array.of(rnd(), rnd(), rnd(), rnd()));
  const alpha = ext(), beta = ext();
  let acc = ext();
  let digest: Var[] = Array.from({ length: 8 }, () => b.witness(rnd()));
  const one = b.constant(1);
  for (let count = 0; count < ops; count += 2 + 4 * 17 + 24 * 4 + 8 + 5) {
    const index = b.witness(rnd() >>> 4);
    const bits = b.bits(index);
    digest = merklePath(b, bits, digest, rnd);
    for (let k = 0; k < 24; k++) {
      const v = ext();
      const t = b.extAlu(AluOp.Mul, b.extAlu(AluOp.Sub, v, acc), alpha);
      acc = b.extAlu(AluOp.Add, b.extAlu(AluOp.Mul, acc, beta), t);
    }
    let x = index;
    for (let k = 0; k < 8; k++) x = b.baseAlu(k % 2 ? AluOp.Add : AluOp.Mul, x, k % 3 ? index : b.constant(k + 3));
    const x1 = b.baseAlu(AluOp.Add, x, one);
    b.assertEq(b.baseAlu(AluOp.Mul, b.inv(x1, false, "x + 1"), x1), one, "x·x⁻¹");
  }
  for (let i = 0; i < 8; i++) b.publicValue(digest[i]);
  return b.build();
}

/** A key of the shrink table's shape for counting the wrap circuit without committing the
 * preprocessed columns (the circuit depends on the root only as a constant). */
function shapeKey(program: RecursionProgram, config: StarkConfig): VerifyingKey {
  const plan = shrinkPlan(program, Math.max(4, config.friLogFinalDegree));
  const airs = [shrinkAir(plan.shape)];
  // a stand-in preprocessed commitment: the cap's 2^c digests (the table is far taller than any cap)
  const base = { config: { ...config }, airs, airDigests: airs.map(airDigest), prepLogRows: [plan.logRows], prepRoot: new Uint32Array(8 << (config.merkleCapHeight ?? 0)).fill(1) };
  return { ...base, digest: vkDigestOf(base) };
}

const estimate = (r: { transcriptPermutations: number; leafPermutations: number; compressions: number; rangeBits: number; products: number }) => {
  const perms = r.transcriptPermutations + r.leafPermutations + r.compressions;
  return { perms, plonkEstimate: Math.round(597 * perms + 1.5 * r.rangeBits + r.products) };
};

const results: Record<string, unknown> = {};
async function report(label: string, program: RecursionProgram, vk: VerifyingKey, compile: boolean) {
  const plan = shrinkPlan(program, Math.max(4, vk.config.friLogFinalDegree));
  const air = shrinkAir(plan.shape);
  const cols = shrinkColumns(air);
  const t0 = performance.now();
  const circ = generateStarkVerifierCircuit(vk, { tableLogRows: [plan.logRows], statement: null });
  const genS = (performance.now() - t0) / 1000;
  const r = circ.report;
  const est = estimate(r);
  const row: Record<string, unknown> = {
    ops: program.order.kind.length, mix: programStats(program), rows_used: plan.usedRows, log_rows: plan.logRows,
    columns: cols, constraints: air.constraintNames.length, max_degree: air.maxDegree, caps: plan.shape,
    circuit: {
      transcript_perms: r.transcriptPermutations, leaf_perms: r.leafPermutations, compressions: r.compressions,
      range_bits: r.rangeBits, products: r.products, plonk_estimate: est.plonkEstimate, generate_s: +genS.toFixed(1),
      by_section: r.bySection, security_bits: securityOf(vk.config, plan.logRows).conjecturedBits,
    },
  };
  console.log(`${label}: ${row.ops} operations ${JSON.stringify(row.mix)}`);
  console.log(`  table: ${plan.usedRows} rows used of 2^${plan.logRows}; columns prep ${cols.prep} + main ${cols.main} + aux ${cols.aux} + quotient ${cols.quotient} = ${cols.total}; degree ${air.maxDegree}, ${air.constraintNames.length} constraints, write caps ${plan.shape.capW}/${plan.shape.capP2}`);
  console.log(`  wrap circuit (${vk.config.numQueries} queries, blowup ${1 << vk.config.logBlowup}, ${securityOf(vk.config, plan.logRows).conjecturedBits} bits at 2^${plan.logRows} rows): ${r.transcriptPermutations} transcript + ${r.leafPermutations} leaf + ${r.compressions} compression permutations, ${r.rangeBits} range-checked bits, ${r.products} products: ~${(est.plonkEstimate / 1e6).toFixed(2)}M PLONK rows (2^20 = 1.05M); generated in ${genS.toFixed(1)} s`);
  console.log(`  range bits by section: ${Object.entries(r.bySection).map(([k, v]) => `${k} ${v.rangeBits}`).join(", ")}`);
  if (compile) {
    const c = await compileCircom({ name: `${circ.name}_shrink_${label}`, source: circ.source, includeDirs: [LIB] });
    (row.circuit as Record<string, unknown>).plonk = c.plonkConstraints;
    (row.circuit as Record<string, unknown>).r1cs = c.r1csConstraints;
    console.log(`  compiled: ${c.r1csConstraints} R1CS, ${c.plonkConstraints} PLONK rows`);
  }
  results[label] = row;
}

// (a) small: set up, proved and verified at the wrap preset
const small = synthetic(5000);
if (!values["skip-small"]) {
  const t0 = performance.now();
  const { pk, vk } = await setupShrink(small.program, SHRINK_CONFIG);
  const t1 = performance.now();
  const { proof, publicValues } = await proveShrink(pk, small);
  const t2 = performance.now();
  const ok = verifyShrink(vk, proof, publicValues);
  if (!ok.ok) throw new Error(`the small shrink proof does not verify: ${JSON.stringify(ok)}`);
  const bytes = encodeProof(proof).bytes.length;
  console.log(`small: setup ${((t1 - t0) / 1000).toFixed(1)} s, prove ${((t2 - t1) / 1000).toFixed(1)} s, verified; proof ${bytes} bytes`);
  await report("small", small.program, vk.stark, !!values.compile);
  Object.assign(results.small as object, { setup_s: +((t1 - t0) / 1000).toFixed(1), prove_s: +((t2 - t1) / 1000).toFixed(1), proof_bytes: bytes });
}

// (b) large: the recorded verifier of a ten-table recursion proof (test preset)
{
  const inner = synthetic(Number(values["inner-ops"] ?? 5000));
  const keys = await setupRecursion(inner.program, TEST_CONFIG_INSECURE);
  const { proof } = await proveRecursion(keys.pk, inner);
  const rec = recordVerifier(keys.vk.stark, proof);
  const vk = shapeKey(rec.program, SHRINK_CONFIG);
  await report("large", rec.program, vk, false);
  // the blowup against queries (100 bits conjectured with 17 PoW bits where the field allows)
  const sweep: Record<string, unknown> = {};
  const logRows = shrinkPlan(rec.program).logRows;
  console.log("  blowup sweep (large, generation only): logBlowup queries security  perms  range-bits  products  ~PLONK");
  for (const logBlowup of [3, 4, 5, 6, 7]) {
    const numQueries = Math.ceil((101 - SHRINK_CONFIG.powBits) / logBlowup);
    const config = { ...SHRINK_CONFIG, logBlowup, numQueries };
    const circ = generateStarkVerifierCircuit(shapeKey(rec.program, config), { tableLogRows: [logRows], statement: null });
    const est = estimate(circ.report);
    const bits = securityOf(config, logRows).conjecturedBits;
    sweep[`logBlowup=${logBlowup}`] = { queries: numQueries, security_bits: bits, perms: est.perms, range_bits: circ.report.rangeBits, products: circ.report.products, plonk_estimate: est.plonkEstimate };
    console.log(`    ${String(logBlowup).padStart(9)} ${String(numQueries).padStart(7)} ${String(bits).padStart(8)} ${String(est.perms).padStart(6)} ${String(circ.report.rangeBits).padStart(11)} ${String(circ.report.products).padStart(9)}  ${(est.plonkEstimate / 1e6).toFixed(2)}M`);
  }
  Object.assign(results.large as object, { blowup_sweep: sweep });
  // Merkle caps (prover/stark/merkle-cap.ts): 2^c digests observed once per tree, c nodes fewer per path
  const capSweep: Record<string, unknown> = {};
  console.log("  cap sweep (large, the preset, generation only): cap height  transcript  compressions  perms  ~PLONK");
  for (const merkleCapHeight of [0, 2, 3, 4, 5, 6, 7]) {
    const config = { ...SHRINK_CONFIG, merkleCapHeight };
    const r = generateStarkVerifierCircuit(shapeKey(rec.program, config), { tableLogRows: [logRows], statement: null }).report;
    const est = estimate(r);
    capSweep[`cap=${merkleCapHeight}`] = { transcript_perms: r.transcriptPermutations, compressions: r.compressions, perms: est.perms, plonk_estimate: est.plonkEstimate };
    console.log(`    ${String(merkleCapHeight).padStart(10)} ${String(r.transcriptPermutations).padStart(11)} ${String(r.compressions).padStart(13)} ${String(est.perms).padStart(6)}  ${(est.plonkEstimate / 1e6).toFixed(2)}M`);
  }
  Object.assign(results.large as object, { cap_sweep: capSweep });
  // the INSECURE preset of tests and the demo (1 query, blowup 8): where a 2^19 PLONK domain is in reach
  {
    const r = generateStarkVerifierCircuit(shapeKey(rec.program, SHRINK_TEST_CONFIG_INSECURE), { tableLogRows: [logRows], statement: null }).report;
    const est = estimate(r);
    console.log(`  INSECURE preset (1 query, blowup 8, folding by 8, cap 2^2): ${est.perms} permutations, ${r.rangeBits} range bits, ${r.products} products: ~${(est.plonkEstimate / 1e3).toFixed(0)}k PLONK rows (2^19 = 524k)`);
    Object.assign(results.large as object, { insecure: { perms: est.perms, range_bits: r.rangeBits, products: r.products, plonk_estimate: est.plonkEstimate, by_section: r.bySection } });
  }
  if (values["prove-large"]) {
    const t0 = performance.now();
    const k = await setupShrink(rec.program, SHRINK_CONFIG);
    const t1 = performance.now();
    const pr = await proveShrink(k.pk, rec);
    const t2 = performance.now();
    const ok = verifyShrink(k.vk, pr.proof, pr.publicValues);
    console.log(`large: setup ${((t1 - t0) / 1000).toFixed(1)} s, prove ${((t2 - t1) / 1000).toFixed(1)} s, ${ok.ok ? "verified" : JSON.stringify(ok)}`);
    Object.assign(results.large as object, { setup_s: +((t1 - t0) / 1000).toFixed(1), prove_s: +((t2 - t1) / 1000).toFixed(1) });
  }
}
await getPool().close();
console.log(JSON.stringify(results));
