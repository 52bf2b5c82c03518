// SPDX-License-Identifier: GPL-3.0
//
// The PLONK verifier contract, exported by snarkjs from a zkey with snarkjs's own
// template (node_modules/snarkjs/templates/verifier_plonk.sol.ejs). Generated, never
// hand-edited: the only change is an optional rename of `contract PlonkVerifier`, so
// several verifiers can be compiled side by side.
//
// Its entry point: verifyProof(uint256[24] calldata proof, uint256[N] calldata pubSignals)
// view returns (bool). For the wrap circuit N = 2: [vkDigest, statementDigest].
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import * as snarkjs from "snarkjs";

function templates(): Record<string, string> {
  const require = createRequire(import.meta.url);
  // snarkjs's "exports" hide package.json: walk up from its entry point instead.
  let root = path.dirname(require.resolve("snarkjs"));
  while (!fs.existsSync(path.join(root, "templates", "verifier_plonk.sol.ejs"))) {
    const up = path.dirname(root);
    if (up === root) throw new Error("generatePlonkVerifier: snarkjs templates/ not found");
    root = up;
  }
  const dir = path.join(root, "templates");
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  return {
    groth16: read("verifier_groth16.sol.ejs"),
    plonk: read("verifier_plonk.sol.ejs"),
    fflonk: read("verifier_fflonk.sol.ejs"),
  };
}

/** Solidity source of the snarkjs PLONK verifier for `zkeyPath`. */
export async function generatePlonkVerifier(zkeyPath: string, opts: { contractName?: string } = {}): Promise<string> {
  if (!fs.existsSync(zkeyPath)) throw new Error(`generatePlonkVerifier: zkey file not found: ${zkeyPath}`);
  const vk = await snarkjs.zKey.exportVerificationKey(zkeyPath);
  if (vk.protocol !== "plonk") {
    throw new Error(`generatePlonkVerifier: ${zkeyPath} is a ${vk.protocol} zkey; the kit wraps with PLONK`);
  }
  const sol: string = await snarkjs.zKey.exportSolidityVerifier(zkeyPath, templates());
  const name = opts.contractName ?? "PlonkVerifier";
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`generatePlonkVerifier: bad contract name "${name}"`);
  if (!sol.includes("contract PlonkVerifier {")) {
    throw new Error("generatePlonkVerifier: snarkjs template changed: no `contract PlonkVerifier {`");
  }
  return sol.replace("contract PlonkVerifier {", `contract ${name} {`);
}

/** Number of public signals of a zkey (2 for the wrap circuit). */
export async function zkeyPublicCount(zkeyPath: string): Promise<number> {
  const vk = await snarkjs.zKey.exportVerificationKey(zkeyPath);
  return Number(vk.nPublic);
}
