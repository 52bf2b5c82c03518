// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "../IZkvmVerifier.sol";
import {MockZkvmVerifier} from "../MockZkvmVerifier.sol";
import {WithCheats} from "./Cheats.sol";

contract MockZkvmVerifierTest is WithCheats {
    MockZkvmVerifier mock;

    function setUp() public {
        mock = new MockZkvmVerifier(42);
    }

    function test_SelectorIsSha256OfMockDomain() public view {
        require(mock.MOCK_SELECTOR() == bytes4(sha256("zkvm-kit/v1/mock")), "MOCK_SELECTOR definition");
    }

    function test_AcceptsAnythingWithMockSelector() public view {
        mock.verify("", abi.encodePacked(mock.MOCK_SELECTOR()));
        mock.verify("some output", abi.encodePacked(mock.MOCK_SELECTOR(), new bytes(768)));
        require(mock.vkDigest() == 42, "vkDigest");
    }

    function test_RevertWhen_OtherSelector() public {
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.WrongSelector.selector, bytes4(0xdeadbeef)));
        mock.verify("out", hex"deadbeef00");
    }

    function test_RevertWhen_TooShort() public {
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.MalformedProof.selector, uint256(2)));
        mock.verify("out", hex"71fc");
    }
}
