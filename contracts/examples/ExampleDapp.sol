// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "../IZkvmVerifier.sol";

/// @title Example dApp: accepts a guest program's public output once it is proven.
/// @notice Point it at a ZkvmVerifierRouter (one address across kit versions), a
/// generated program verifier, or, in tests, a MockZkvmVerifier. The verifier pins the
/// program (its VK digest), so accepted outputs are outputs of that one program.
contract ExampleDapp {
    IZkvmVerifier public immutable verifier;

    /// keccak256(publicValues) => accepted
    mapping(bytes32 => bool) public accepted;
    uint256 public acceptedCount;
    bytes public lastOutput;

    error AlreadyAccepted(bytes32 outputHash);

    event OutputAccepted(address indexed submitter, bytes32 indexed outputHash, bytes publicValues);

    constructor(IZkvmVerifier verifier_) {
        verifier = verifier_;
    }

    /// Verifies the proof (reverting with the verifier's error if it fails) and records
    /// the public output. Each distinct output is accepted once.
    function submit(bytes calldata publicValues, bytes calldata proof) external {
        verifier.verify(publicValues, proof);
        bytes32 h = keccak256(publicValues);
        if (accepted[h]) revert AlreadyAccepted(h);
        accepted[h] = true;
        acceptedCount += 1;
        lastOutput = publicValues;
        emit OutputAccepted(msg.sender, h, publicValues);
    }
}
