// SPDX-License-Identifier: GPL-3.0
//
// snarkjs's own PLONK verifier contract, exported from a zkey with snarkjs's template
// (node_modules/snarkjs/templates/verifier_plonk.sol.ejs). The kit deploys its own,
// leaner verifier (plonk-verifier.ts); this one is the reference it is tested against
// (same entry point, same answers) and the artifact the placeholder circuit's manifest
// pins. Never hand-edited: the only change is an optional rename of
// `contract PlonkVerifier`, so several verifiers can be compiled side by side.
//
// Its entry point: verifyProof(uint256[24] calldata proof, uint256[N] calldata pubSignals)
// view returns (bool). For the wrap circuit N = 2: [vkDigest, statementDigest].
import { exportSnarkjsVerifier } from "./snarkjs-templates.ts";

/** Solidity source of the snarkjs PLONK verifier for `zkeyPath`. */
export async function exportSnarkjsPlonkVerifier(zkeyPath: string, opts: { contractName?: string } = {}): Promise<string> {
  return exportSnarkjsVerifier(zkeyPath, "plonk", "PlonkVerifier", opts.contractName ?? "PlonkVerifier", "exportSnarkjsPlonkVerifier");
}
