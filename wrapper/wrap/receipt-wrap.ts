// SPDX-License-Identifier: GPL-3.0
//
// A guest's run to a PLONK (or Groth16) proof: an aggregated receipt (its root proof under the
// recursion kit) is compressed (wrapper/recursion/compress.ts: root re-proved by the
// recursion chips at a higher blowup), shrunk (shrink-root.ts: the compress proof verified
// by the narrow table with poseidon-bn254) and the shrink proof wrapped by the universal circuit
// (pipeline.ts with programDigest and exitCode): public signals [the program's VK digest
// packed as on chain, sha256 of the public output]. One circuit and one zkey per kit and
// shrink preset serve every program; a program's verifier contract pins its VK digest.
//
// Only successful runs that committed an output wrap: a non-zero exit code is refused
// here with its value, and the circuit itself refuses it (exitSum must be 0).
import path from "node:path";
import type { StarkConfig } from "../../prover/stark/config.ts";
import { keyFileName } from "../../prover/stark/prep-tree.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import type { ProgramVk } from "../../prover/zkvm/prove.ts";
import type { RootReceipt } from "../../prover/zkvm/receipt.ts";
import type { RecursionKit } from "../recursion/kit.ts";
import { verifyRootReceipt } from "../recursion/root-receipt.ts";
import { recordKitShrink, recordShrinkOfCompress, SHRINK_PUBLIC } from "../recursion/shrink-root.ts";
import { compressKeys, recordCompressOfRoot, COMPRESS_CONFIG } from "../recursion/compress.ts";
import { proveRecursion, verifyRecursion } from "../recursion/prove.ts";
import { setupShrink, proveShrink, verifyShrink, SHRINK_CONFIG, type ShrinkVerifyingKey } from "../recursion/shrink/prove.ts";
import { buildWrap, proveWrap, type WrapBuild, type WrapProof } from "./pipeline.ts";
import type { Log } from "../ceremony/cache.ts";
import type { SnarkKind } from "../solidity/encode.ts";

export type ReceiptWrap = {
  shrink: { vk: ShrinkVerifyingKey; proof: StarkProof; publicValues: Uint32Array };
  build: WrapBuild;
  wrap: WrapProof;
  compress: { proof: StarkProof; publicValues: Uint32Array };
  seconds: { compressSetup: number; compressProve: number; shrinkSetup: number; shrinkProve: number };
};

const now = () => performance.now() / 1000;

/** Why a verified root receipt cannot be wrapped, or null. */
export function unwrappable(receipt: RootReceipt): string | null {
  const s = receipt.statement;
  if (s.exitCode !== 0) return `the run exited with code ${s.exitCode}: only runs that exit with 0 are wrapped for the chain`;
  if (!s.outputDigestWords) return "the run committed no output (it exited without an output digest): the chain verifies a program's output";
  return null;
}

/**
 * Compresses, shrinks and wraps an aggregated receipt. `config`: the shrink proof's
 * parameters (SHRINK_CONFIG, or SHRINK_TEST_CONFIG_INSECURE for a first look);
 * `compressConfig`: the compress proof's (COMPRESS_CONFIG, or
 * COMPRESS_TEST_CONFIG_INSECURE); universal-preset.ts pairs them.
 */
export async function wrapRootReceipt(
  vk: ProgramVk, receipt: RootReceipt, kit: RecursionKit,
  o: { config?: StarkConfig; compressConfig?: StarkConfig; ptau?: string; snark?: SnarkKind; zkey?: string; log?: Log } = {},
): Promise<ReceiptWrap> {
  const log = o.log ?? ((l: string) => console.error(l));
  const ok = verifyRootReceipt(vk, receipt, kit);
  if (!ok.ok) throw new Error(`wrap: the receipt does not verify (${ok.check}): ${ok.reason}`);
  const why = unwrappable(receipt);
  if (why) throw new Error(`wrap: ${why}`);
  let t = now();
  log("compress: the kit's compress key (the root verifier, proved by the recursion chips at a higher blowup)");
  const ck = await compressKeys(kit, o.compressConfig ?? COMPRESS_CONFIG);
  const compressSetup = now() - t;
  log(`compress: key ${ck.cached ? `read from ${ck.keyFile}` : `set up${ck.keyFile ? ` and kept in ${ck.keyFile}` : ""}`} in ${compressSetup.toFixed(1)} s; proving`);
  t = now();
  const compressed = await proveRecursion(ck.pk, recordCompressOfRoot(kit, receipt.proof));
  const compressProve = now() - t;
  const cv = verifyRecursion(ck.vk, compressed.proof, compressed.publicValues);
  if (!cv.ok) throw new Error(`wrap: the compress proof does not verify (${cv.check}): ${cv.reason}; please report this`);
  log(`compress: proved in ${compressProve.toFixed(1)} s`);
  t = now();
  log("shrink: the kit's shrink key (the compress verifier, proved by the narrow table)");
  const config = o.config ?? SHRINK_CONFIG;
  const keyFile = kit.keyDir ? path.join(kit.keyDir, keyFileName("shrink", config)) : undefined;
  const keys = await setupShrink(recordKitShrink(ck.vk).program, config, { keyFile });
  const shrinkSetup = now() - t;
  log(`shrink: key ${keys.cached ? `read from ${keyFile}` : `set up${keyFile ? ` and kept in ${keyFile}` : ""}`} in ${shrinkSetup.toFixed(1)} s (2^${keys.vk.logRows} rows); proving`);
  t = now();
  const { proof, publicValues, stats } = await proveShrink(keys.pk, recordShrinkOfCompress(ck.vk, compressed.proof));
  const shrinkProve = now() - t;
  // where the shrink's time goes (stage timers, milliseconds; wall time, overlapping on the workers)
  const stages = Object.entries(stats).filter(([k, v]) => k !== "total" && v >= 1000).sort((a, b) => b[1] - a[1]);
  if (stages.length > 0) log(`shrink: stages ${stages.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")}`);
  const sv = verifyShrink(keys.vk, proof, publicValues);
  if (!sv.ok) throw new Error(`wrap: the shrink proof does not verify (${sv.check}): ${sv.reason}; please report this`);
  log(`shrink: proved in ${shrinkProve.toFixed(1)} s`);
  const build = await buildWrap({
    vk: keys.vk.stark, tableLogRows: [keys.vk.logRows],
    statement: { table: 0, offset: SHRINK_PUBLIC.outputDigest },
    programDigest: { table: 0, offset: SHRINK_PUBLIC.programDigest },
    exitCode: { table: 0, index: SHRINK_PUBLIC.exitSum },
    ptau: o.ptau, snark: o.snark, zkey: o.zkey, log,
  });
  const wrap = await proveWrap(build, { vk: keys.vk.stark, proof, publicValues: receipt.publicOutput, log });
  return {
    compress: { proof: compressed.proof, publicValues: compressed.publicValues },
    shrink: { vk: keys.vk, proof, publicValues }, build, wrap,
    seconds: { compressSetup, compressProve, shrinkSetup, shrinkProve },
  };
}
