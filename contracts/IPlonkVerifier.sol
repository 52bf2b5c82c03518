// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// @title The entry point of a snarkjs-exported PLONK verifier of the wrap circuit.
/// @notice The wrap circuit has exactly two public signals: [vkDigest, statementDigest].
/// The exported contract returns false (it does not revert) on a bad proof, and on any
/// public signal not below the BN254 scalar field modulus.
interface IPlonkVerifier {
    function verifyProof(uint256[24] calldata proof, uint256[2] calldata pubSignals) external view returns (bool);
}
