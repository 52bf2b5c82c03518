// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// @title The verifier a dApp calls to accept "this program produced these public values".
/// @notice `verify` returns nothing and REVERTS on any mismatch with one of the custom
/// errors below; a dApp that prefers a bool wraps it: `try v.verify(pv, proof) {...} catch {...}`.
///
/// Proof bytes: a 4-byte selector naming the kit version and wrap circuit,
///   selector = bytes4(sha256("zkvm-kit/v1/" ++ lowercase-hex(sha256(zkey file bytes)))),
/// followed by the SNARK's proof words, big-endian, in the order of snarkjs's `zkey export
/// soliditycalldata`: for a PLONK zkey 24 words, abi-encoded as uint256[24] (772 bytes in
/// all); for a Groth16 zkey 8 words, A, B (imaginary part first), C (260 bytes in all).
///
/// Statement: the wrap circuit's two public signals are, in order,
///   [vkDigest, uint256(sha256(publicValues)) & ((1 << 253) - 1)],
/// where publicValues are the public output bytes the guest wrote (fd 3).
interface IZkvmVerifier {
    /// The SNARK check failed: wrong proof, wrong public values, or a proof of another program.
    error InvalidProof();
    /// The proof's selector names another kit version or circuit than this verifier's.
    error WrongSelector(bytes4 selector);
    /// The proof bytes do not have the expected length.
    error MalformedProof(uint256 length);

    /// Reverts unless `proof` proves that the program pinned by `vkDigest()` produced
    /// exactly `publicValues`.
    function verify(bytes calldata publicValues, bytes calldata proof) external view;

    /// The verifying-key digest (program identity) this verifier pins.
    function vkDigest() external view returns (uint256);
}
