// SPDX-License-Identifier: GPL-3.0
//
// The Groth16 verifier contract of a wrap circuit's Groth16 zkey: snarkjs's own, exported
// with its template (snarkjs-templates.ts). The verification key (alpha, beta, gamma,
// delta and one IC point per public signal) is baked in as constants; the pairing check
// is one call to the EIP-197 precompile (4 pairs). Never hand-edited: the only change is
// the rename of `contract Groth16Verifier`, so that several can be compiled side by side.
//
// Its entry point: verifyProof(uint[2] _pA, uint[2][2] _pB, uint[2] _pC, uint[2]
// _pubSignals) view returns (bool): false on a bad proof or a public signal not below the
// BN254 scalar field modulus (a point off the curve fails the precompile: false too).
import { exportSnarkjsVerifier } from "./snarkjs-templates.ts";

/** Solidity source of the Groth16 verifier for `zkeyPath`. */
export async function generateGroth16Verifier(zkeyPath: string, opts: { contractName?: string } = {}): Promise<string> {
  return exportSnarkjsVerifier(zkeyPath, "groth16", "Groth16Verifier", opts.contractName ?? "Groth16Verifier", "generateGroth16Verifier");
}
