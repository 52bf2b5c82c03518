// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// @title The entry point of the Groth16 verifier of the wrap circuit.
/// @notice The kit exports it from a Groth16 zkey of the wrap circuit with snarkjs's
/// template (wrapper/solidity/groth16-verifier.ts). The wrap circuit has exactly two public
/// signals: [vkDigest, statementDigest]. B's coordinates are in the EIP-197 order
/// (imaginary part first). It returns false (it does not revert) on a bad proof and on a
/// public signal not below the BN254 scalar field modulus.
interface IGroth16Verifier {
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[2] calldata pubSignals
    ) external view returns (bool);
}
