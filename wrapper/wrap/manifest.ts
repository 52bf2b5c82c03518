// SPDX-License-Identifier: GPL-3.0
//
// The wrap artifacts of the test key (fibonacci-statement, 2^3 rows, the INSECURE test
// preset, the 2^16 dev ptau) are reproducible: the same key gives byte-identical circuit
// source, r1cs, witness generator, zkey and Solidity verifiers. Their sha256 hashes are
// pinned in test-wrap.manifest.json and checked by test/wrapper/onchain-wrap.test.ts.
//
//   npx node wrapper/wrap/manifest.ts            print the hashes of a fresh build
//   npx node wrapper/wrap/manifest.ts --write    ... and write them to the manifest
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setup } from "../../prover/stark/index.ts";
import { fibonacciStatementAir, STATEMENT_OFFSET } from "../../prover/air/examples/fibonacci-statement.ts";
import { WRAP_TEST_CONFIG_INSECURE } from "../circuit/presets.ts";
import { buildWrap, type WrapBuild } from "./pipeline.ts";
import { buildVerifierContracts, type VerifierBuild } from "../solidity/deploy.ts";
import { fileSha256 } from "../ceremony/cache.ts";

export const TEST_WRAP_MANIFEST = path.join(path.dirname(fileURLToPath(import.meta.url)), "test-wrap.manifest.json");
export const TEST_WRAP_LOG_ROWS = 3;

const sha = (data: string) => crypto.createHash("sha256").update(data).digest("hex");

export type WrapManifest = Record<"circuitSource" | "r1cs" | "witnessWasm" | "zkey" | "plonkVerifierSol" | "programVerifierSol", string>;

export async function wrapArtifactHashes(b: WrapBuild, c: VerifierBuild): Promise<WrapManifest> {
  return {
    circuitSource: sha(b.circuit.source),
    r1cs: await fileSha256(b.compiled.r1cs),
    witnessWasm: await fileSha256(b.compiled.wasm),
    zkey: await fileSha256(b.zkey),
    plonkVerifierSol: sha(c.snarkVerifier.source),
    programVerifierSol: sha(c.program.source),
  };
}

/** The test key's wrap build and verifier contracts (cached builds are reused). */
export async function buildTestWrap(log: (l: string) => void = () => {}): Promise<{ build: WrapBuild; contracts: VerifierBuild }> {
  const pk = await setup(WRAP_TEST_CONFIG_INSECURE, [fibonacciStatementAir]);
  const build = await buildWrap({ vk: pk.vk, tableLogRows: [TEST_WRAP_LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET }, log });
  const contracts = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: build.circuit.vkDigest });
  return { build, contracts };
}

/** Names of the artifacts whose hash differs from the manifest (empty: all match). */
export function compareWithWrapManifest(h: WrapManifest): string[] {
  const pinned = JSON.parse(fs.readFileSync(TEST_WRAP_MANIFEST, "utf8")) as WrapManifest;
  return (Object.keys(h) as Array<keyof WrapManifest>).filter((k) => pinned[k] !== h[k]).map((k) => `${k}: ${h[k]} (pinned ${pinned[k]})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { build, contracts } = await buildTestWrap((l) => console.error(l));
  const h = await wrapArtifactHashes(build, contracts);
  console.log(JSON.stringify(h, null, 2));
  if (process.argv.includes("--write")) fs.writeFileSync(TEST_WRAP_MANIFEST, JSON.stringify(h, null, 2) + "\n");
  (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}
