// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// @title The entry point of the PLONK verifier of the wrap circuit.
/// @notice The kit generates it from the wrap circuit's zkey
/// (wrapper/solidity/plonk-verifier.ts); snarkjs's exported verifier has the same entry
/// point and accepts the same proofs. The wrap circuit has exactly two public signals:
/// [vkDigest, statementDigest]. It returns false (it does not revert) on a bad proof,
/// and on any public signal or evaluation not below the BN254 scalar field modulus.
interface IPlonkVerifier {
    function verifyProof(uint256[24] calldata proof, uint256[2] calldata pubSignals) external view returns (bool);
}
