// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "../IZkvmVerifier.sol";
import {MockZkvmVerifier} from "../MockZkvmVerifier.sol";
import {ZkvmVerifierRouter} from "../ZkvmVerifierRouter.sol";
import {ExampleDapp} from "../examples/ExampleDapp.sol";
import {WithCheats} from "./Cheats.sol";

contract ExampleDappTest is WithCheats {
    event OutputAccepted(address indexed submitter, bytes32 indexed outputHash, bytes publicValues);

    MockZkvmVerifier mock;
    ZkvmVerifierRouter router;
    ExampleDapp dapp;
    bytes mockProof;

    function setUp() public {
        mock = new MockZkvmVerifier(1);
        router = new ZkvmVerifierRouter(address(this));
        router.addRoute(mock.MOCK_SELECTOR(), mock);
        dapp = new ExampleDapp(router);
        mockProof = abi.encodePacked(mock.MOCK_SELECTOR());
    }

    function test_RecordsAcceptedOutput() public {
        bytes memory out = "fib(10)=55";
        vm.expectEmit();
        emit OutputAccepted(address(this), keccak256(out), out);
        dapp.submit(out, mockProof);
        require(dapp.accepted(keccak256(out)), "accepted");
        require(dapp.acceptedCount() == 1, "count");
        require(keccak256(dapp.lastOutput()) == keccak256(out), "lastOutput");
    }

    function test_RevertWhen_SameOutputTwice() public {
        dapp.submit("x", mockProof);
        vm.expectRevert(abi.encodeWithSelector(ExampleDapp.AlreadyAccepted.selector, keccak256("x")));
        dapp.submit("x", mockProof);
    }

    function test_RevertWhen_VerifierRejects() public {
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.UnknownSelector.selector, bytes4(0x01020304)));
        dapp.submit("x", hex"01020304");
        require(dapp.acceptedCount() == 0, "nothing recorded");
    }

    function test_RevertWhen_RouteFrozen() public {
        router.freezeRoute(mock.MOCK_SELECTOR());
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.RouteIsFrozen.selector, mock.MOCK_SELECTOR()));
        dapp.submit("x", mockProof);
    }

    function test_WorksWithVerifierDirectly() public {
        ExampleDapp direct = new ExampleDapp(mock);
        direct.submit("y", mockProof);
        require(direct.acceptedCount() == 1, "count");
    }
}
