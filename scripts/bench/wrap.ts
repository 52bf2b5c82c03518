// SPDX-License-Identifier: GPL-3.0
//
// The wrap, measured end to end: prove an example's STARK with the wrap preset, generate
// and compile its circom verifier, PLONK setup and prove with snarkjs, then deploy the
// verifiers on the in-process Hardhat chain and verify there.
//   npm run bench -- wrap [--preset wrap|test-insecure] [--log-rows 10] [--ptau file] [--fresh-ptau]
// The default (the 100-bit wrap preset, ~2^20 PLONK rows) takes ~20-30 min and ~6 GB
// here; --preset test-insecure takes ~2 min. Figures (JSON, last line):
//   r1cs_constraints, plonk_constraints  of the circuit (plonk = snarkjs's row count)
//   ptau_power                          log2 of the PLONK domain
//   ptau_s                              building the INSECURE dev ptau of that power
//                                       (fresh with --fresh-ptau, else the time recorded
//                                       when the cached file was built; snarkjs's own
//                                       ceremony: `npm run bench -- ptau`)
//   compile_s, setup_s, witness_s, plonk_prove_s, plonk_verify_s, stark_prove_s
//   peak_rss_mb                         this process (snarkjs runs in its worker threads
//                                       here; circom runs as a child, not included)
//   verify_gas                          IZkvmVerifier.verify as a mined transaction
//                                       (21,000 intrinsic gas, calldata, sha256 included)
//   deploy_gas                          PLONK verifier + program verifier deployments
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { setup, prove } from "../../prover/stark/index.ts";
import { WRAP_CONFIG, WRAP_TEST_CONFIG_INSECURE } from "../../wrapper/circuit/presets.ts";
import { WRAP_EXAMPLES } from "../../wrapper/wrap/examples.ts";
import { buildWrap, proveWrap } from "../../wrapper/wrap/pipeline.ts";
import { devPtauBuildSeconds } from "../../wrapper/ceremony/cache.ts";
import { writeDevPtau } from "../../wrapper/ceremony/dev-ptau.ts";
import { buildVerifierContracts, deployVerifiers } from "../../wrapper/solidity/deploy.ts";
import { encodeProof } from "../../wrapper/solidity/encode.ts";
import { getPool } from "../../prover/parallel/pool.ts";

const { values } = parseArgs({
  options: {
    preset: { type: "string", default: "wrap" }, "log-rows": { type: "string" }, ptau: { type: "string" },
    "fresh-ptau": { type: "boolean" }, help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- wrap [--preset wrap|test-insecure] [--log-rows N] [--ptau file] [--fresh-ptau]   (see the header of this file)");
  process.exit(0);
}
const config = values.preset === "wrap" ? WRAP_CONFIG : values.preset === "test-insecure" ? WRAP_TEST_CONFIG_INSECURE : null;
if (!config) throw new Error(`--preset: 'wrap' or 'test-insecure', got '${values.preset}'`);
const logRows = Number(values["log-rows"] ?? (values.preset === "wrap" ? 10 : 3));
const log = (l: string) => console.error(l);

const ex = WRAP_EXAMPLES[0].make({ logRows, a0: 0, b0: 1 });
let t = performance.now();
const pk = await setup(config, ex.airs);
const { proof } = await prove(pk, ex.traces);
const starkS = (performance.now() - t) / 1000;
await getPool().close();
log(`STARK (${ex.description}) proved in ${starkS.toFixed(1)} s`);

const b = await buildWrap({ vk: pk.vk, tableLogRows: [logRows], statement: ex.statement, ptau: values.ptau, log });
let ptauS = b.ptau.insecure ? devPtauBuildSeconds(b.ptau.path) : null;
if (values["fresh-ptau"]) {
  const tmp = path.join(os.tmpdir(), `bench-ptau-${process.pid}.ptau`);
  log(`ptau: building a fresh 2^${b.ptauPower} dev ptau to time it`);
  ptauS = (await writeDevPtau(tmp, { power: b.ptauPower })).seconds;
  fs.rmSync(tmp, { force: true });
}
const w = await proveWrap(b, { vk: pk.vk, proof, publicValues: ex.publicValues, log });

const vb = await buildVerifierContracts({ zkeyPath: b.zkey, vkDigest: w.vkDigest });
const { ethers } = await network.create();
const [signer] = await ethers.getSigners();
const d = await deployVerifiers(vb, signer);
const verifier = new ethers.Contract(d.programVerifier.address, vb.program.compiled.abi as any[], signer);
const bytes = encodeProof({ selector: vb.selector, snarkProof: w.snarkProof });
await verifier.verify.staticCall(ex.publicValues, bytes); // reverts with its error if rejected
const receipt = await (await verifier.verify.send(ex.publicValues, bytes)).wait();
(globalThis as any).curve_bn128?.terminate();

const figures = {
  preset: values.preset, log_rows: logRows, queries: config.numQueries,
  r1cs_constraints: b.compiled.r1csConstraints, plonk_constraints: b.compiled.plonkConstraints,
  plonk_prove_s: +w.seconds.prove.toFixed(1), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  ptau_power: b.ptauPower, ptau_s: ptauS === null ? null : +ptauS.toFixed(1), ptau_insecure_dev: b.ptau.insecure,
  verify_gas: Number(receipt!.gasUsed), deploy_gas: Number(d.snarkVerifier.gasUsed + d.programVerifier.gasUsed),
  compile_s: +b.seconds.compile.toFixed(1), compile_cached: b.compiled.cached, setup_s: +b.seconds.setup.toFixed(1),
  witness_s: +w.seconds.witness.toFixed(2), plonk_verify_s: +w.seconds.verify.toFixed(2), stark_prove_s: +starkS.toFixed(1),
  poseidon_permutations: b.circuit.report.transcriptPermutations + b.circuit.report.leafPermutations + b.circuit.report.compressions,
  range_checked_bits: b.circuit.report.rangeBits,
};
console.log(JSON.stringify(figures));
process.exit(0);
