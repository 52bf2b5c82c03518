// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "../IZkvmVerifier.sol";
import {IPlonkVerifier} from "../IPlonkVerifier.sol";
import {ZkvmVerifierRouter} from "../ZkvmVerifierRouter.sol";
import {ExampleDapp} from "../examples/ExampleDapp.sol";
import {PlonkVerifier_783d155a} from "../generated/PlonkVerifier_783d155a.sol";
import {ExampleProgramVerifier} from "../generated/ExampleProgramVerifier.sol";
import {ExampleProofFixture as F} from "./ExampleProofFixture.sol";
import {WithCheats} from "./Cheats.sol";

/// The committed example verifiers (generated from the PLACEHOLDER circuit) with a real
/// PLONK proof fixture: regenerate all with wrapper/circuits/test/example-contracts.ts.
contract ExampleProgramVerifierTest is WithCheats {
    ExampleProgramVerifier verifier;

    function setUp() public {
        verifier = new ExampleProgramVerifier(IPlonkVerifier(address(new PlonkVerifier_783d155a())));
    }

    function test_PinsFixtureVkAndSelector() public view {
        require(verifier.vkDigest() == F.VK_DIGEST, "vk");
        require(verifier.SELECTOR() == F.SELECTOR, "selector");
        require(bytes4(F.PROOF) == F.SELECTOR, "fixture selector");
    }

    function test_StatementDigestIsMaskedSha256() public view {
        require(verifier.statementDigest(F.PUBLIC_VALUES) == uint256(sha256(F.PUBLIC_VALUES)) & ((1 << 253) - 1), "mask");
        require(verifier.statementDigest(F.PUBLIC_VALUES) >> 253 == 0, "top 3 bits clear");
    }

    function test_AcceptsFixtureProof() public view {
        verifier.verify(F.PUBLIC_VALUES, F.PROOF);
    }

    function test_RevertWhen_ProofWordTampered() public {
        bytes memory p = F.PROOF;
        p[100] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.InvalidProof.selector));
        verifier.verify(F.PUBLIC_VALUES, p);
    }

    function test_RevertWhen_PublicValuesTampered() public {
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.InvalidProof.selector));
        verifier.verify("hello chaiN", F.PROOF);
    }

    function test_RevertWhen_NoPlonkVerifierContract() public {
        vm.expectRevert(abi.encodeWithSelector(ExampleProgramVerifier.NotAContract.selector, address(0x1234)));
        new ExampleProgramVerifier(IPlonkVerifier(address(0x1234)));
    }

    function test_ExampleDappThroughRouterWithRealProof() public {
        ZkvmVerifierRouter router = new ZkvmVerifierRouter(address(this));
        router.addRoute(F.SELECTOR, verifier);
        ExampleDapp dapp = new ExampleDapp(router);
        dapp.submit(F.PUBLIC_VALUES, F.PROOF);
        require(dapp.accepted(keccak256(F.PUBLIC_VALUES)), "accepted");
    }
}
