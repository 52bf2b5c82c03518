// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "./IZkvmVerifier.sol";

/// @title MOCK verifier for dApp tests without proving. NEVER DEPLOY IT WHERE VALUE IS AT STAKE.
/// @notice Accepts ANY public values with ANY proof bytes that start with MOCK_SELECTOR,
///   MOCK_SELECTOR = bytes4(sha256("zkvm-kit/v1/mock")) = 0x71fcd62a,
/// so a dApp's tests can use `abi.encodePacked(MOCK_SELECTOR)` as the proof. Anything else
/// reverts like a real verifier would (MalformedProof when shorter than 4 bytes,
/// WrongSelector otherwise), so a dApp's error paths can be tested too.
contract MockZkvmVerifier is IZkvmVerifier {
    bytes4 public constant MOCK_SELECTOR = 0x71fcd62a;
    uint256 private immutable VK_DIGEST;

    constructor(uint256 vkDigest_) {
        VK_DIGEST = vkDigest_;
    }

    function verify(bytes calldata, bytes calldata proof) external pure {
        if (proof.length < 4) revert MalformedProof(proof.length);
        if (bytes4(proof[:4]) != MOCK_SELECTOR) revert WrongSelector(bytes4(proof[:4]));
    }

    function vkDigest() external view returns (uint256) {
        return VK_DIGEST;
    }
}
