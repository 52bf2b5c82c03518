// SPDX-License-Identifier: GPL-3.0
//
// snarkjs's Solidity verifier templates (node_modules/snarkjs/templates/*.sol.ejs), in the
// shape `snarkjs.zKey.exportSolidityVerifier(zkey, templates)` takes; the zkey's protocol
// picks one. Read from the installed package, never copied into the repository.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

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
