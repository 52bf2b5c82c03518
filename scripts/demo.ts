// The main job:
//   1. prove and verify demo AIRs with the STARK library and print the figures;
//   2. a guest's run: set up the fibonacci guest (guests/bin/fibonacci.elf), execute and
//      prove it on a committed input, aggregate the run's proofs into one root proof
//      under the recursion kit (built once and cached in out/kits), verify the root
//      receipt, and show a receipt with a changed exit code rejected;
//   3. the on-chain path: compress the guest's root proof, shrink it (poseidon-bn254) and wrap it with
//      the universal circuit into a PLONK proof, deploy the generated Solidity verifiers
//      on the in-process Hardhat chain and submit the proof with the run's public output
//      (and a tampered output, which must be rejected). With --no-guest, or
//      --wrap-example, step 3 wraps a Fibonacci STARK carrying a sha256 statement instead
//      (about a minute). --snark groth16 wraps with Groth16 instead of PLONK (its zkey
//      INSECURE: no phase-2 contribution; several times faster to prove, cheaper gas);
//      a guest at --wrap-preset wrap (100 bits) takes Groth16 by default
//      (wrapper/wrap/universal-preset.ts).
//   npm run demo [-- --preset default|test-insecure] [--log-rows 16]
//                [--guest-preset test-insecure|default] [--no-guest]
//                [--wrap-preset test-insecure|wrap] [--wrap-example] [--no-wrap]
//                [--snark plonk|groth16]
import { parseArgs } from "node:util";
import { setup, prove, verify, encodeProof, decodeProof, PRESETS, describeConfig, summarizeProof } from "../prover/stark/index.ts";
import { fibonacciAir, fibonacciTrace } from "../prover/air/examples/fibonacci.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../prover/air/examples/two-tables.ts";
import { getPool } from "../prover/parallel/pool.ts";
import type { CompiledAir } from "../prover/air/types.ts";
import type { TableTrace } from "../prover/stark/prover.ts";
import type { StarkConfig } from "../prover/stark/config.ts";
import { network } from "hardhat";
import { WRAP_CONFIG, WRAP_TEST_CONFIG_INSECURE } from "../wrapper/circuit/presets.ts";
import { WRAP_EXAMPLES } from "../wrapper/wrap/examples.ts";
import { buildWrap, proveWrap } from "../wrapper/wrap/pipeline.ts";
import { buildVerifierContracts, deployVerifiers } from "../wrapper/solidity/deploy.ts";
import { encodeProof as encodeOnchainProof, SNARK_KINDS, type SnarkKind } from "../wrapper/solidity/encode.ts";
import fs from "node:fs";
import { securityOf } from "../prover/stark/security.ts";
import { loadProgram } from "../prover/riscv/program.ts";
import { proveProgram, setupProgram } from "../prover/zkvm/prove.ts";
import { digestHex, programVkDigest } from "../prover/zkvm/program-key.ts";
import { encodeReceipt, type RootReceipt, type SegmentsReceipt } from "../prover/zkvm/receipt.ts";
import { loadOrBuildKit } from "../wrapper/recursion/kit-cache.ts";
import { aggregateReceipt, verifyRootReceipt } from "../wrapper/recursion/root-receipt.ts";
import { universalWrapPlan } from "../wrapper/wrap/universal-preset.ts";
import { wrapRootReceipt } from "../wrapper/wrap/receipt-wrap.ts";
import type { WrapBuild, WrapProof } from "../wrapper/wrap/pipeline.ts";

const { values } = parseArgs({
  options: {
    preset: { type: "string", default: "default" },
    "log-rows": { type: "string", default: "16" },
    "wrap-preset": { type: "string", default: "test-insecure" },
    "no-wrap": { type: "boolean" },
    "wrap-example": { type: "boolean" },
    "guest-preset": { type: "string", default: "test-insecure" },
    "no-guest": { type: "boolean" },
    snark: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run demo [-- --preset default|test-insecure] [--log-rows N]\n" +
    "       [--guest-preset test-insecure|default] [--no-guest] [--wrap-preset test-insecure|wrap] [--wrap-example] [--no-wrap]\n" +
    "       [--snark plonk|groth16]\n" +
    "Proves and verifies (1) Fibonacci over 2^N rows, 2 columns, and two tables joined by a LogUp bus;\n" +
    "(2) proves a run of the fibonacci guest, aggregates it into one root proof under the recursion kit and\n" +
    "verifies that (test-insecure by default: INSECURE; default: 100 bits, several minutes more); then\n" +
    "(3) compresses, shrinks and wraps that root proof into a PLONK proof and verifies it on the in-process Hardhat chain\n" +
    "(INSECURE test presets by default: about 10 minutes, 14 on the first run, which builds the kit, the\n" +
    "development ptau and the zkey; all three are cached).\n" +
    "--wrap-example wraps a small Fibonacci STARK instead (about a minute); --wrap-preset wrap is the 100-bit\n" +
    "wrap, which for a guest takes Groth16 (its PLONK circuit needs a 2^22 domain: not for this machine) and\n" +
    "about an hour on the first run (the shrink, the circuit and a 2^21 zkey); for the example, tens of minutes.\n" +
    "--snark groth16 proves the wrap circuit with Groth16 (about a minute against 4-7 for PLONK, ~52k gas less;\n" +
    "its zkey has no phase-2 contribution: INSECURE, for development). Default: groth16 for a guest at\n" +
    "--wrap-preset wrap, plonk otherwise.");
  process.exit(0);
}
if (values.snark !== undefined && !SNARK_KINDS.includes(values.snark as SnarkKind)) throw new Error(`--snark: unknown SNARK '${values.snark}' (choose ${SNARK_KINDS.join(", ")})`);
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
const guest = values["no-guest"] ? null : await guestRun(values["guest-preset"]!);
if (!values["no-wrap"]) {
  if (guest && !values["wrap-example"]) await onChain(await wrapGuest(guest, values["wrap-preset"]!));
  else await onChain(await wrapExample(values["wrap-preset"]!));
}
await getPool().close();
(globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();

/** What step 3 submits: a SNARK proof of the wrap circuit and the public values it is for. */
type Wrapped = { build: WrapBuild; wrap: WrapProof; publicValues: Uint8Array; summary: string };

/** Step 3 on a guest: the root receipt shrunk and wrapped by the universal circuit. */
async function wrapGuest(g: GuestRun, presetName: string): Promise<Wrapped> {
  let plan;
  try {
    plan = universalWrapPlan(presetName, values.snark);
  } catch (e) {
    throw new Error(`--wrap-preset: ${(e as Error).message}`);
  }
  const { snark, shrinkConfig: sconfig, compressConfig } = plan;
  console.log(`\nOn chain: the guest's run, its root proof shrunk and wrapped by the universal circuit (${snarkName(snark)})`);
  if (plan.warning) console.log(`  ** ${plan.warning} **`);
  console.log(`  compress parameters: ${describeConfig(compressConfig, 15)}`);
  console.log(`  shrink parameters: ${describeConfig(sconfig, 17)}${presetName === "wrap" ? "" : " (a first look; --wrap-preset wrap for 100 bits)"}`);
  const t0 = performance.now();
  const step = (l: string) => console.log(`  [${((performance.now() - t0) / 1000).toFixed(1)} s] ${l}`);
  const w = await wrapRootReceipt(g.keys.vk, g.root, g.kit, { config: sconfig, compressConfig, snark, log: step });
  return {
    build: w.build, wrap: w.wrap, publicValues: g.root.publicOutput,
    summary: `compress ${(w.seconds.compressSetup + w.seconds.compressProve).toFixed(1)} s (key ${w.seconds.compressSetup.toFixed(1)} s), ` +
      `shrink ${(w.seconds.shrinkSetup + w.seconds.shrinkProve).toFixed(1)} s (key ${w.seconds.shrinkSetup.toFixed(1)} s)`,
  };
}

/** Step 3 on the example: a Fibonacci STARK with a sha256 statement, wrapped. */
async function wrapExample(presetName: string): Promise<Wrapped> {
  const presets: Record<string, StarkConfig> = { "test-insecure": WRAP_TEST_CONFIG_INSECURE, wrap: WRAP_CONFIG };
  const wconfig = presets[presetName];
  if (!wconfig) throw new Error(`--wrap-preset: unknown preset '${presetName}' (choose ${Object.keys(presets).join(", ")})`);
  const wLogRows = presetName === "wrap" ? 10 : 3;
  const ex = WRAP_EXAMPLES[0].make({ logRows: wLogRows, a0: 0, b0: 1 });
  console.log(`\nOn chain: ${ex.description}`);
  console.log(`  STARK parameters: ${describeConfig(wconfig, wLogRows)}`);
  const t0 = performance.now();
  const pk = await setup(wconfig, ex.airs);
  const { proof } = await prove(pk, ex.traces);
  const tStark = performance.now() - t0;
  const step = (l: string) => console.log(`  ${l}`);
  const build = await buildWrap({ vk: pk.vk, tableLogRows: [wLogRows], statement: ex.statement, snark: (values.snark ?? "plonk") as SnarkKind, log: step });
  const wrap = await proveWrap(build, { vk: pk.vk, proof, publicValues: ex.publicValues, log: step });
  return { build, wrap, publicValues: ex.publicValues!, summary: `STARK ${(tStark / 1000).toFixed(1)} s` };
}

/** Deploys the verifiers on the in-process chain, submits the proof, then a tampered output. */
async function onChain(w: Wrapped) {
  const pv = w.publicValues;
  const vb = await buildVerifierContracts({ zkeyPath: w.build.zkey, vkDigest: w.wrap.vkDigest });
  const { ethers } = await network.create();
  const [signer] = await ethers.getSigners();
  const d = await deployVerifiers(vb, signer);
  const verifier = new ethers.Contract(d.programVerifier.address, vb.program.compiled.abi as any[], signer);
  const bytes = encodeOnchainProof({ selector: vb.selector, snarkProof: w.wrap.snarkProof });
  const receipt = await (await verifier.verify.send(pv, bytes)).wait();
  const tampered = Uint8Array.from(pv);
  tampered[tampered.length - 1] ^= 1;
  let rejected = "ACCEPTED (wrong!)";
  try {
    await verifier.verify.staticCall(tampered, bytes);
  } catch (e) {
    const data = (e as { data?: string }).data;
    rejected = `rejected (${(data && verifier.interface.parseError(data)?.name) || (e as Error).message.split("\n")[0]})`;
  }
  console.log(`  ${w.summary}; circuit ${w.build.compiled.r1csConstraints} R1CS / ${w.build.compiled.plonkConstraints} PLONK constraints; ` +
    `witness ${w.wrap.seconds.witness.toFixed(1)} s, ${snarkName(w.build.snark)} prove ${w.wrap.seconds.prove.toFixed(1)} s`);
  console.log(`  deployed ${snarkName(w.build.snark)} verifier (${d.snarkVerifier.gasUsed} gas) and program verifier ${d.programVerifier.address} (${d.programVerifier.gasUsed} gas), VK digest 0x${w.wrap.vkDigest.toString(16)}`);
  console.log(`  submit proof with public values 0x${Buffer.from(pv).toString("hex")}: ACCEPTED, ${receipt!.gasUsed} gas`);
  console.log(`  submit the same proof with the output changed: ${rejected}`);
  if (rejected.startsWith("ACCEPTED")) process.exitCode = 1;
}

function snarkName(s: SnarkKind): string {
  return s === "plonk" ? "PLONK" : "Groth16 (INSECURE zkey: no phase-2 contribution)";
}

type GuestRun = { keys: Awaited<ReturnType<typeof setupProgram>>; kit: Awaited<ReturnType<typeof loadOrBuildKit>>["kit"]; root: RootReceipt };

async function guestRun(presetName: string): Promise<GuestRun> {
  const gconfig = PRESETS[presetName];
  if (!gconfig) throw new Error(`--guest-preset: unknown preset '${presetName}' (choose ${Object.keys(PRESETS).join(", ")})`);
  const elfPath = "guests/bin/fibonacci.elf";
  const input = Uint8Array.of(20, 0, 0, 0); // fib(20)
  console.log(`\nA guest's run: ${elfPath} on input ${Buffer.from(input).toString("hex")}`);
  // describeConfig flags an insecure preset itself
  console.log(`  parameters: ${describeConfig(gconfig)}${securityOf(gconfig, 17).conjecturedBits < 100 ? " (a first look; --guest-preset default for 100 bits)" : ""}`);
  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const step = (what: string) => console.log(`  [${elapsed()}] ${what}`);
  const program = loadProgram(new Uint8Array(fs.readFileSync(elfPath)), elfPath);
  const keys = await setupProgram(program, gconfig);
  step(`setup: program VK digest ${digestHex(programVkDigest(keys.vk))}`);
  const run = await proveProgram(keys, program, { input });
  process.stdout.write(run.stdout);
  const output = Buffer.from(run.publicOutput).toString("hex");
  const receipt: SegmentsReceipt = { kind: "segments", programDigest: programVkDigest(keys.vk), statement: run.statement, publicOutput: run.statement.outputDigestWords ? run.publicOutput : new Uint8Array(0), proofs: run.proofs };
  const segmentBytes = encodeReceipt(receipt).length;
  step(`proved ${run.statement.cycles} cycles (${run.proofs.length - 1} segment(s) and the memory proof, ${segmentBytes} bytes); public output ${output || "(none)"}, exit code ${run.statement.exitCode}`);
  const { kit, id } = await loadOrBuildKit(keys.vk, { progress: step });
  step(`kit ${id} ready (anchor 2^${kit.shape.anchorLogRows})`);
  const root = await aggregateReceipt(keys.vk, receipt, kit, step);
  const rootBytes = encodeReceipt(root).length;
  const ok = verifyRootReceipt(keys.vk, root, kit);
  step(`root receipt ${rootBytes} bytes: ${ok.ok ? "ACCEPTED" : `REJECTED (${ok.check}: ${ok.reason})`}`);
  const forged = verifyRootReceipt(keys.vk, { ...root, statement: { ...root.statement, exitCode: 1 } }, kit);
  console.log(`  the same receipt claiming exit code 1: ${forged.ok ? "ACCEPTED (wrong!)" : `rejected (${forged.check})`}`);
  if (!ok.ok || forged.ok) process.exitCode = 1;
  return { keys, kit, root };
}
