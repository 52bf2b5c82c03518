// SPDX-License-Identifier: GPL-3.0
// `zkvm wrap <root-receipt.bin> --vk <vk.bin>`: compress and shrink a guest's aggregated receipt and
// wrap it with the universal circuit; or, without a receipt, prove an example program's
// STARK with the poseidon-bn254 suite and wrap that. Either way: verify the STARK in a
// generated circom circuit, prove that circuit with snarkjs PLONK (or Groth16, --snark),
// and write the files the Hardhat tasks take (deploy-verifier, submit-proof).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { setup, prove, encodeProof, describeConfig, type StarkConfig } from "../../../prover/stark/index.ts";
import { WRAP_CONFIG, WRAP_TEST_CONFIG_INSECURE } from "../../../wrapper/circuit/presets.ts";
import { WRAP_EXAMPLES } from "../../../wrapper/wrap/examples.ts";
import { buildWrap, proveWrap } from "../../../wrapper/wrap/pipeline.ts";
import { writeOnchainProofFile } from "../../../wrapper/solidity/proof-file.ts";
import { getPool } from "../../../prover/parallel/pool.ts";
import { decodeReceipt } from "../../../prover/zkvm/receipt.ts";
import { decodeVk } from "../../../prover/zkvm/program-key.ts";
import { loadOrBuildKit } from "../../../wrapper/recursion/kit-cache.ts";
import { universalWrapPlan } from "../../../wrapper/wrap/universal-preset.ts";
import { unwrappable, wrapRootReceipt } from "../../../wrapper/wrap/receipt-wrap.ts";
import { SNARK_KINDS, type SnarkKind } from "../../../wrapper/solidity/encode.ts";
import { readPtauInfo } from "../../../wrapper/ceremony/ptau-format.ts";
import { readFileNamed, UserError } from "../cli-util.ts";

export const summary = "wrap an aggregated receipt (or an example's STARK) into a BN254 PLONK (or Groth16) proof for the Solidity verifier";

const PRESETS: Record<string, StarkConfig> = { wrap: WRAP_CONFIG, "test-insecure": WRAP_TEST_CONFIG_INSECURE };

const USAGE = `usage: zkvm wrap <root-receipt.bin> --vk <vk.bin> [--preset wrap|test-insecure] [--snark plonk|groth16 [--zkey F]] [--ptau F] [--out DIR]
       zkvm wrap [--example NAME] [options]

With a receipt from zkvm aggregate: compresses its root proof (root re-proved by the
recursion chips at a higher blowup; the kit's compress key), shrinks that (its verifier
proved by one narrow table with the poseidon-bn254 suite; the kit's shrink key) and wraps
the shrink proof with the universal circuit, whose public signals are the program's VK
digest and the sha256 of the run's public output; one circuit for every program. Only
runs that exited with code 0 and committed an output wrap. The shrink takes minutes (a
2^16-row table at test-insecure, 2^18 at the 100-bit preset).

Without a receipt: proves an example program's STARK (hash suite poseidon-bn254), generates the circom
circuit that verifies it (wrapper/circuit/), compiles it, sets up and proves it with
snarkjs PLONK, and writes into --out:
  proof.json          on-chain proof file (selector, proof bytes, public signals)
  public-values.bin   the statement bytes the dApp submits (sha256 = statement digest)
  vk.json             { vkDigest, zkey, selector }: input of \`npx hardhat deploy-verifier\`
  stark-proof.bin     the STARK proof (prover/stark/README.md format)
  wrap.json           constraint counts and timings
Circuits, ptau and zkey files are cached by content hash under $ZKVM_CACHE_DIR
(default ~/.cache/zkvm-kit).

options:
  --example <name>    ${WRAP_EXAMPLES.map((e) => `${e.name}: ${e.summary}`).join("; ")}
                      (default ${WRAP_EXAMPLES[0].name})
  --log-rows <n>      trace height 2^n (default 10)
  --a0 <v> --b0 <v>   the example's inputs (default 0, 1)
  --preset <name>     wrap (100-bit, ~2^20 PLONK rows: a 2^20 ptau, minutes and ~6 GB) or
                      test-insecure (INSECURE: 2 queries for an example, 1 for a
                      receipt's shrink; tests and first looks; default wrap)
  --ptau <file>       a prepared ptau from a public ceremony (default: the cached
                      INSECURE development ptau, built on first use)
  --snark <name>      plonk (universal setup, the ptau alone) or groth16 (several times
                      faster to prove, ~52k gas cheaper to verify, sized by R1CS
                      constraints; its zkey made here has no phase-2 contribution:
                      INSECURE unless --zkey). Default: groth16 for a receipt at
                      --preset wrap (the 100-bit universal circuit: 1.58M constraints,
                      2^21; as PLONK it is 2.09M rows, a 2^22 domain), plonk otherwise
  --zkey <file>       with --snark groth16: the zkey of a phase-2 ceremony over this
                      wrap circuit and --ptau, checked with snarkjs zkey verify
                      (minutes, once; remembered in the cache)
  --vk <file>         the program's vk.bin (with a receipt)
  --kit-dir <dir>     where recursion kits are cached, their proving keys and shrink key as key files (with a receipt; default out/kits)
  --out <dir>         output directory (default out/wrap)
  -h, --help          this text

Then: npx hardhat deploy-verifier --vk <out>/vk.json --zkey <zkey> \\
        --proof <out>/proof.json --public-values <out>/public-values.bin`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        vk: { type: "string" }, "kit-dir": { type: "string" },
        example: { type: "string", default: WRAP_EXAMPLES[0].name }, "log-rows": { type: "string", default: "10" },
        a0: { type: "string", default: "0" }, b0: { type: "string", default: "1" },
        preset: { type: "string", default: "wrap" }, ptau: { type: "string" }, out: { type: "string", default: "out/wrap" },
        snark: { type: "string" }, zkey: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length > 1) return usageError("expected at most one receipt file");
  if (o.snark !== undefined && !SNARK_KINDS.includes(o.snark as SnarkKind)) return usageError(`--snark: unknown SNARK '${o.snark}' (choose ${SNARK_KINDS.join(", ")})`);
  if (args.positionals.length === 1) return wrapReceipt(args.positionals[0], o);
  const zkeyError = zkeyOptionError(o.zkey, (o.snark ?? "plonk") as SnarkKind);
  if (zkeyError) return usageError(zkeyError);
  if (o.vk) return usageError("--vk goes with a receipt: zkvm wrap <root-receipt.bin> --vk <vk.bin>");
  const example = WRAP_EXAMPLES.find((e) => e.name === o.example);
  if (!example) return usageError(`--example: unknown example '${o.example}' (choose ${WRAP_EXAMPLES.map((e) => e.name).join(", ")})`);
  const config = PRESETS[o.preset!];
  if (!config) return usageError(`--preset: unknown preset '${o.preset}' (choose ${Object.keys(PRESETS).join(", ")})`);
  const logRows = intArg(o["log-rows"]!, "--log-rows", Math.max(2, config.friLogFinalDegree + 1), 20);
  const a0 = intArg(o.a0!, "--a0", 0, 2013265920);
  const b0 = intArg(o.b0!, "--b0", 0, 2013265920);
  const ptauError = ceremonyFileError(o.ptau, "--ptau", "ptau");
  if (ptauError) return usageError(ptauError);
  const out = o.out!;
  const log = (l: string) => console.error(l);

  const ex = example.make({ logRows, a0, b0 });
  log(`STARK: ${ex.description}; ${describeConfig(config, logRows)}`);
  let t = performance.now();
  const pk = await setup(config, ex.airs, ex.preprocessed);
  const { proof, stats } = await prove(pk, ex.traces);
  const starkS = (performance.now() - t) / 1000;
  log(`STARK: proved in ${starkS.toFixed(1)} s (grinding ${config.powBits} bits included)`);
  const build = await buildWrap({ vk: pk.vk, tableLogRows: ex.traces.map((tr) => Math.log2(tr.main[0].length)), statement: ex.statement, ptau: o.ptau, snark: (o.snark ?? "plonk") as SnarkKind, zkey: o.zkey, log });
  const w = await proveWrap(build, { vk: pk.vk, proof, publicValues: ex.publicValues, log });
  await getPool().close();
  (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();

  fs.mkdirSync(out, { recursive: true });
  const pv = ex.publicValues ?? new Uint8Array(0);
  writeOnchainProofFile(path.join(out, "proof.json"), { selector: build.selector, vkDigest: w.vkDigest, publicValues: pv, snarkProof: w.snarkProof, publicSignals: w.publicSignals });
  fs.writeFileSync(path.join(out, "public-values.bin"), pv);
  fs.writeFileSync(path.join(out, "stark-proof.bin"), encodeProof(proof).bytes);
  fs.writeFileSync(path.join(out, "vk.json"), JSON.stringify({ vkDigest: w.vkDigest.toString(), zkey: build.zkey, selector: build.selector }, null, 2) + "\n");
  const figures = {
    example: example.name, logRows, preset: o.preset, snark: build.snark, insecurePtau: build.ptau.insecure, insecure: build.insecure,
    stark_prove_s: +starkS.toFixed(2), stark_prove_stats_ms: stats,
    r1cs_constraints: build.compiled.r1csConstraints, plonk_constraints: build.compiled.plonkConstraints, ptau_power: build.ptauPower,
    r1cs: build.compiled.r1cs, ptau: build.ptau.path,
    seconds: { ...build.seconds, ...w.seconds }, report: build.circuit.report,
  };
  fs.writeFileSync(path.join(out, "wrap.json"), JSON.stringify(figures, null, 2) + "\n");
  console.log(JSON.stringify({ proof: path.join(out, "proof.json"), vk: path.join(out, "vk.json"), zkey: build.zkey,
    publicValues: path.join(out, "public-values.bin"), selector: build.selector, plonk_constraints: build.compiled.plonkConstraints }));
  log(`next: npx hardhat deploy-verifier --vk ${path.join(out, "vk.json")} --zkey ${build.zkey} --proof ${path.join(out, "proof.json")} --public-values ${path.join(out, "public-values.bin")}`);
  return 0;
}

function intArg(v: string, name: string, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new Error(`${name} must be an integer in [${lo}, ${hi}], got '${v}'`);
  return n;
}

/** What is wrong with --zkey once the SNARK is known (a receipt's default follows its preset), or null. */
function zkeyOptionError(zkey: string | undefined, snark: SnarkKind): string | null {
  if (!zkey) return null;
  if (snark !== "groth16") return "--zkey goes with --snark groth16 (a phase-2 zkey; PLONK's follows from the ptau)";
  return ceremonyFileError(zkey, "--zkey", "zkey");
}

/** What is wrong with a --ptau or --zkey file, checked before minutes of proving: it
 * must exist, be a file, and start with its format's magic (snarkjs's binary files). */
function ceremonyFileError(file: string | undefined, option: string, magic: "ptau" | "zkey"): string | null {
  if (!file) return null;
  if (!fs.existsSync(file)) return `${option} ${file}: no such file`;
  if (fs.statSync(file).isDirectory()) return `${option} ${file}: a directory, not a .${magic} file`;
  if (magic === "ptau") {
    try {
      readPtauInfo(file);
    } catch (e) {
      return `${option}: ${(e as Error).message}`;
    }
    return null;
  }
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, "r");
  const n = fs.readSync(fd, head, 0, 4, 0);
  fs.closeSync(fd);
  const found = head.subarray(0, n).toString("latin1");
  return found === magic ? null : `${option} ${file}: not a .${magic} file (it starts ${JSON.stringify(found)})`;
}

function usageError(msg: string): number {
  console.error(`zkvm wrap: ${msg}\n(see zkvm wrap --help)`);
  return 2;
}

/** The receipt mode: compress and shrink the root proof, wrap it with the universal circuit. */
async function wrapReceipt(receiptPath: string, o: { vk?: string; "kit-dir"?: string; preset?: string; ptau?: string; out?: string; snark?: string; zkey?: string }): Promise<number> {
  if (!o.vk) return usageError("--vk <vk.bin> is required with a receipt");
  let plan;
  try {
    plan = universalWrapPlan(o.preset!, o.snark);
  } catch (e) {
    return usageError(`--preset/--snark: ${(e as Error).message}`);
  }
  const { snark, shrinkConfig, compressConfig } = plan;
  const zkeyError = zkeyOptionError(o.zkey, snark);
  if (zkeyError) return usageError(zkeyError);
  const ptauError = ceremonyFileError(o.ptau, "--ptau", "ptau");
  if (ptauError) return usageError(ptauError);
  const log = (l: string) => console.error(l);
  log(`wrap: ${snark}${o.snark ? "" : " (the default at this preset)"}`);
  if (plan.warning) log(`zkvm wrap: ** ${plan.warning} **`);
  try {
    const { vk } = decodeVk(readFileNamed(o.vk, "verifying key"));
    const receipt = decodeReceipt(readFileNamed(receiptPath, "receipt"), receiptPath);
    if (receipt.kind !== "root") throw new UserError(`${receiptPath} holds the run's proofs: aggregate it first (npx zkvm aggregate ${receiptPath} --vk ${o.vk})`);
    const why = unwrappable(receipt);
    if (why) throw new UserError(`${receiptPath}: ${why}`);
    log(`compress preset: ${describeConfig(compressConfig)}; shrink preset: ${describeConfig(shrinkConfig)}`);
    const { kit } = await loadOrBuildKit(vk, { dir: o["kit-dir"], progress: log });
    const r = await wrapRootReceipt(vk, receipt, kit, { config: shrinkConfig, compressConfig, ptau: o.ptau, snark, zkey: o.zkey, log });
    await getPool().close();
    (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
    const out = o.out!;
    fs.mkdirSync(out, { recursive: true });
    const pv = receipt.publicOutput;
    writeOnchainProofFile(path.join(out, "proof.json"), { selector: r.build.selector, vkDigest: r.wrap.vkDigest, publicValues: pv, snarkProof: r.wrap.snarkProof, publicSignals: r.wrap.publicSignals });
    fs.writeFileSync(path.join(out, "public-values.bin"), pv);
    fs.writeFileSync(path.join(out, "shrink-proof.bin"), encodeProof(r.shrink.proof).bytes);
    fs.writeFileSync(path.join(out, "vk.json"), JSON.stringify({ vkDigest: r.wrap.vkDigest.toString(), zkey: r.build.zkey, selector: r.build.selector }, null, 2) + "\n");
    fs.writeFileSync(path.join(out, "wrap.json"), JSON.stringify({
      receipt: receiptPath, preset: o.preset, snark: r.build.snark, insecurePtau: r.build.ptau.insecure, insecure: r.build.insecure, shrink_log_rows: r.shrink.vk.logRows,
      compress_setup_s: +r.seconds.compressSetup.toFixed(2), compress_prove_s: +r.seconds.compressProve.toFixed(2),
      shrink_setup_s: +r.seconds.shrinkSetup.toFixed(2), shrink_prove_s: +r.seconds.shrinkProve.toFixed(2),
      r1cs_constraints: r.build.compiled.r1csConstraints, plonk_constraints: r.build.compiled.plonkConstraints, ptau_power: r.build.ptauPower,
      // what a phase-2 ceremony over this circuit starts from (wrapper/solidity/README.md, "Groth16")
      r1cs: r.build.compiled.r1cs, ptau: r.build.ptau.path,
      seconds: { ...r.build.seconds, ...r.wrap.seconds }, report: r.build.circuit.report,
    }, null, 2) + "\n");
    console.log(JSON.stringify({ proof: path.join(out, "proof.json"), vk: path.join(out, "vk.json"), zkey: r.build.zkey,
      publicValues: path.join(out, "public-values.bin"), selector: r.build.selector, plonk_constraints: r.build.compiled.plonkConstraints }));
    log(`next: npx hardhat deploy-verifier --vk ${path.join(out, "vk.json")} --zkey ${r.build.zkey} --proof ${path.join(out, "proof.json")} --public-values ${path.join(out, "public-values.bin")}`);
    return 0;
  } catch (e) {
    if (e instanceof Error) {
      console.error(`zkvm wrap: ${e.message}`);
      if (process.env.ZKVM_DEBUG) console.error(e);
      return 1;
    }
    throw e;
  }
}
