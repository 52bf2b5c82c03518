// SPDX-License-Identifier: GPL-3.0
//
// snarkjs's Solidity verifier templates (node_modules/snarkjs/templates/*.sol.ejs), in the
// shape `snarkjs.zKey.exportSolidityVerifier(zkey, templates)` takes; the zkey's protocol
// picks one. Read from the installed package, never copied into the repository.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import * as snarkjs from "snarkjs";

export function snarkjsTemplates(): Record<string, string> {
  const require = createRequire(import.meta.url);
  // snarkjs's "exports" hide package.json: walk up from its entry point instead.
  let root = path.dirname(require.resolve("snarkjs"));
  while (!fs.existsSync(path.join(root, "templates", "verifier_plonk.sol.ejs"))) {
    const up = path.dirname(root);
    if (up === root) throw new Error("snarkjs templates/ not found");
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

/**
 * snarkjs's verifier of `zkeyPath`, which must be a `protocol` zkey, exported with its
 * template and never edited but for the rename of `contract <templateName>` to
 * `contractName`, so that several can be compiled side by side. `who` names the caller
 * in errors.
 */
export async function exportSnarkjsVerifier(zkeyPath: string, protocol: "plonk" | "groth16", templateName: string, contractName: string, who: string): Promise<string> {
  if (!fs.existsSync(zkeyPath)) throw new Error(`${who}: zkey file not found: ${zkeyPath}`);
  const vk = await snarkjs.zKey.exportVerificationKey(zkeyPath);
  if (vk.protocol !== protocol) throw new Error(`${who}: ${zkeyPath} is a ${vk.protocol} zkey, not ${protocol}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName)) throw new Error(`${who}: bad contract name "${contractName}"`);
  const sol: string = await snarkjs.zKey.exportSolidityVerifier(zkeyPath, snarkjsTemplates());
  const head = `contract ${templateName} {`;
  if (!sol.includes(head)) throw new Error(`${who}: snarkjs template changed: no \`${head}\``);
  return sol.replace(head, `contract ${contractName} {`);
}
