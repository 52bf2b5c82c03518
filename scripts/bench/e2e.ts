// A guest from ELF to the chain, every stage timed: set up the program, prove the run
// (segments under one shared challenge), aggregate it into one root proof under the
// recursion kit (read from out/kits or built, timed apart), shrink the root proof and
// wrap it with the universal circuit (Groth16 at 100 bits, PLONK at test-insecure; the zkey is
// cached per circuit and ptau, so a second run times proving only), then deploy the
// verifiers on the in-process Hardhat chain and submit the proof as a transaction.
//   npm run bench -- e2e [--preset default|test-insecure] [--elf F] [--input-kib N]
//                        [--input-hex H] [--ptau F] [--snark plonk|groth16 [--zkey F]]
// Defaults: the SHA-256 guest on 16 KiB (~1.3M cycles) at the default preset (100 bits:
// segments, kit and the 100-bit shrink), wrapped with Groth16 over the blowup-8 shrink
// (SHRINK_GROTH16_CONFIG; wrapper/wrap/universal-preset.ts): a 1.58M-constraint circuit
// at circom --O2, a 2^21 domain. --snark plonk takes the blowup-64 shrink, whose circuit is
// 2.09M PLONK rows (a 2^22 domain: not on this machine). --preset test-insecure takes the
// INSECURE presets everywhere and PLONK (a first look; say so when quoting it);
// --input-hex replaces the generated input (the fibonacci guest takes 4 bytes: --elf
// guests/bin/fibonacci.elf --input-hex 14000000).
// The Groth16 zkey made here has no phase-2 contribution (INSECURE; wrapper/ceremony/
// cache.ts) unless --zkey names a phase-2 ceremony's.
// Measured 4 Dec 2026 (100 bits, 1,315,514 cycles, circuit and zkey cached): total 1,014 s:
// prove 147 s, aggregate 77 s, shrink 570 s (key 134 s), witness 3 s, Groth16 proof 205 s;
// 226,383 gas, peak RSS 6.3 GB. The first run also compiles the circuit (337 s) and makes
// the zkey (2,752 s beside a test run; peak RSS 9.0 GB).
// Ends with ONE JSON line: cycles, segments, setup_s, prove_s, kit_s, aggregate_s,
// shrink_s, wrap_s (circuit, ptau, zkey and SNARK proof), snark_prove_s, total_s (every
// stage but the kit's build and the chain), once_per_kit_s (the part of wrap_s a cached
// circuit and zkey save), r1cs_constraints, plonk_constraints, verify_gas, peak_rss_mb,
// the preset, insecure_setup (a dev ptau or an uncontributed zkey) and the SNARK. A
// changed output must be rejected on chain, or the run fails.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { PRESETS } from "../../prover/stark/index.ts";
import { loadProgram } from "../../prover/riscv/program.ts";
import { proveProgram, setupProgram } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-key.ts";
import type { SegmentsReceipt } from "../../prover/zkvm/receipt.ts";
import { loadOrBuildKit } from "../../wrapper/recursion/kit-cache.ts";
import { aggregateReceipt } from "../../wrapper/recursion/root-receipt.ts";
import { universalWrapPlan } from "../../wrapper/wrap/universal-preset.ts";
import { wrapRootReceipt } from "../../wrapper/wrap/receipt-wrap.ts";
import { buildVerifierContracts, deployVerifiers } from "../../wrapper/solidity/deploy.ts";
import { encodeProof } from "../../wrapper/solidity/encode.ts";
import { getPool } from "../../prover/parallel/pool.ts";

const { values } = parseArgs({
  options: {
    preset: { type: "string", default: "default" }, elf: { type: "string", default: "guests/bin/sha256.elf" },
    "input-kib": { type: "string", default: "16" }, "input-hex": { type: "string" }, ptau: { type: "string" },
    snark: { type: "string" }, zkey: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- e2e [--preset default|test-insecure] [--elf F] [--input-kib N] [--input-hex H] [--ptau F] [--snark plonk|groth16 [--zkey F]]   (see the header of this file)");
  process.exit(0);
}
const config = PRESETS[values.preset!];
if (!config) throw new Error(`--preset: 'default' or 'test-insecure', got '${values.preset}'`);
const insecure = values.preset !== "default";
// 100 bits: Groth16 over the blowup-8 shrink unless --snark plonk (wrapper/wrap/universal-preset.ts)
const plan = universalWrapPlan(insecure ? "test-insecure" : "wrap", values.snark);
const { snark, shrinkConfig, compressConfig } = plan;
const kib = Number(values["input-kib"]);
if (!values["input-hex"] && !(Number.isInteger(kib) && kib >= 0)) throw new Error(`--input-kib: a whole number, got '${values["input-kib"]}'`);
const input = values["input-hex"] !== undefined
  ? Uint8Array.from(Buffer.from(values["input-hex"], "hex"))
  : new Uint8Array(kib * 1024).map((_, i) => (i * 131 + 7) & 255);

const t0 = performance.now();
const secs = (t: number) => +((performance.now() - t) / 1000).toFixed(1);
const log = (what: string) => console.error(`[${secs(t0).toFixed(1)} s] ${what}`);
if (insecure) log("** INSECURE presets (a first look): these figures are not those of a 100-bit run **");
if (plan.warning) log(`** ${plan.warning} **`);

const program = loadProgram(new Uint8Array(fs.readFileSync(values.elf!)), values.elf!);
let t = performance.now();
const keys = await setupProgram(program, config);
const setupS = secs(t);
log(`setup in ${setupS} s`);

t = performance.now();
const run = await proveProgram(keys, program, { input, onProgress: (s) => log(`prove: ${s}`) });
const proveS = secs(t);
const cycles = run.statement.cycles;
log(`proved ${cycles} cycles in ${run.proofs.length - 1} segment(s) in ${proveS} s (exit code ${run.statement.exitCode})`);
const receipt: SegmentsReceipt = {
  kind: "segments", programDigest: programVkDigest(keys.vk), statement: run.statement, publicOutput: run.publicOutput, proofs: run.proofs,
};

t = performance.now();
const { kit, built } = await loadOrBuildKit(keys.vk, { progress: log });
const kitS = secs(t);
log(`kit ${built ? "built" : "read"} in ${kitS} s`);

t = performance.now();
const root = await aggregateReceipt(keys.vk, receipt, kit, log);
const aggregateS = secs(t);
log(`aggregated into one root proof in ${aggregateS} s`);

t = performance.now();
const w = await wrapRootReceipt(keys.vk, root, kit, { config: shrinkConfig, compressConfig, ptau: values.ptau, snark, zkey: values.zkey, log });
const compressS = +(w.seconds.compressSetup + w.seconds.compressProve).toFixed(1);
const shrinkS = +(w.seconds.shrinkSetup + w.seconds.shrinkProve).toFixed(1);
const wrapS = +(secs(t) - shrinkS - compressS).toFixed(1);
log(`compress ${compressS} s, shrink ${shrinkS} s, wrap ${wrapS} s (${snark} proof ${w.wrap.seconds.prove.toFixed(1)} s)`);
await getPool().close();

const vb = await buildVerifierContracts({ zkeyPath: w.build.zkey, vkDigest: w.wrap.vkDigest });
const { ethers } = await network.create();
const [signer] = await ethers.getSigners();
const d = await deployVerifiers(vb, signer);
const verifier = new ethers.Contract(d.programVerifier.address, vb.program.compiled.abi as any[], signer);
const bytes = encodeProof({ selector: vb.selector, snarkProof: w.wrap.snarkProof });
await verifier.verify.staticCall(root.publicOutput, bytes); // reverts with its error if rejected
const mined = await (await verifier.verify.send(root.publicOutput, bytes)).wait();
log(`verified on chain: ${mined!.gasUsed} gas`);
const changed = Uint8Array.from(root.publicOutput);
changed[0] ^= 1;
const rejected = await verifier.verify.staticCall(changed, bytes).then(() => false, () => true);
if (!rejected) throw new Error("the verifier accepted the proof with a changed output");
log("a changed output is rejected");
(globalThis as any).curve_bn128?.terminate();

console.log(JSON.stringify({
  preset: values.preset, insecure, insecure_setup: w.build.insecure, elf: values.elf, input_bytes: input.length,
  cycles, segments: run.proofs.length - 1, setup_s: setupS, prove_s: proveS, kit_s: kitS, kit_built: built,
  aggregate_s: aggregateS, compress_s: compressS, shrink_s: shrinkS, wrap_s: wrapS, snark, snark_prove_s: +w.wrap.seconds.prove.toFixed(1),
  total_s: +(setupS + proveS + aggregateS + compressS + shrinkS + wrapS).toFixed(1),
  // once per kit (circuit compile, ptau, zkey; when cached, the seconds of hashing the
  // r1cs and ptau to find the zkey): total_s less this is a run's
  once_per_kit_s: +(w.build.seconds.compile + w.build.seconds.ptau + w.build.seconds.setup).toFixed(1),
  r1cs_constraints: w.build.compiled.r1csConstraints, plonk_constraints: w.build.compiled.plonkConstraints, verify_gas: Number(mined!.gasUsed),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
process.exit(0);
