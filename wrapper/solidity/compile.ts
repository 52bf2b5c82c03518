// SPDX-License-Identifier: GPL-3.0
//
// Compiles generated verifier sources with the pinned `solc` npm package (soljson, the
// same compiler hardhat.config.ts uses, with the same settings: optimizer 200 runs,
// cancun). Chosen over writing into contracts/ and running Hardhat's build: it works
// offline, needs no Hardhat runtime (scripts and the bench use it too), never touches
// the shared contracts/ tree or Hardhat's artifacts, and compiles only what is needed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

export type CompiledContract = { abi: unknown[]; bytecode: string };

/** Source units of the kit's Solidity interfaces, keyed as they sit in the repository. */
export function interfaceSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ["contracts/IZkvmVerifier.sol", "contracts/IPlonkVerifier.sol", "contracts/IGroth16Verifier.sol"]) {
    out[f] = fs.readFileSync(path.join(REPO_ROOT, f), "utf8");
  }
  return out;
}

/**
 * Compile `sources` (unit name -> content; imports resolve relative to unit names, and
 * other files under the repository root are read on demand). Returns every contract by
 * name; throws with solc's messages on any error.
 */
export function compileSolidity(sources: Record<string, string>): Record<string, CompiledContract> {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, { content: v }])),
    settings: SOLC_SETTINGS,
  };
  const findImports = (p: string) => {
    const full = path.join(REPO_ROOT, p);
    return fs.existsSync(full) ? { contents: fs.readFileSync(full, "utf8") } : { error: `not found: ${p}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e: any) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error("solc: " + errors.map((e: any) => e.formattedMessage ?? e.message).join("\n"));
  }
  const out: Record<string, CompiledContract> = {};
  for (const file of Object.keys(output.contracts ?? {})) {
    for (const [name, c] of Object.entries<any>(output.contracts[file])) {
      out[name] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object };
    }
  }
  return out;
}

export function solcVersion(): string {
  return solc.version();
}

/** Compile Solidity files of the repository, given by path relative to its root. */
export function compileRepoFiles(files: string[]): Record<string, CompiledContract> {
  const sources: Record<string, string> = {};
  for (const f of files) {
    const full = path.join(REPO_ROOT, f);
    if (!fs.existsSync(full)) throw new Error(`compile: Solidity file not found: ${f}`);
    sources[f] = fs.readFileSync(full, "utf8");
  }
  return compileSolidity(sources);
}
