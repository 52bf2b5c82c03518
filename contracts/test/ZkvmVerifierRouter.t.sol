// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "../IZkvmVerifier.sol";
import {MockZkvmVerifier} from "../MockZkvmVerifier.sol";
import {ZkvmVerifierRouter} from "../ZkvmVerifierRouter.sol";
import {WithCheats} from "./Cheats.sol";

/// A verifier that accepts proofs starting with its own selector and remembers nothing.
contract SelectorVerifier is IZkvmVerifier {
    bytes4 public immutable SELECTOR;
    uint256 public immutable VK;

    constructor(bytes4 selector, uint256 vk) {
        SELECTOR = selector;
        VK = vk;
    }

    function verify(bytes calldata publicValues, bytes calldata proof) external view {
        if (bytes4(proof[:4]) != SELECTOR) revert WrongSelector(bytes4(proof[:4]));
        if (publicValues.length == 0) revert InvalidProof();
    }

    function vkDigest() external view returns (uint256) {
        return VK;
    }
}

contract ZkvmVerifierRouterTest is WithCheats {
    event RouteAdded(bytes4 indexed selector, IZkvmVerifier verifier);
    event RouteFrozen(bytes4 indexed selector, IZkvmVerifier verifier);

    ZkvmVerifierRouter router;
    SelectorVerifier v1;
    SelectorVerifier v2;
    bytes4 constant S1 = 0x11111111;
    bytes4 constant S2 = 0x22222222;

    function setUp() public {
        router = new ZkvmVerifierRouter(address(this));
        v1 = new SelectorVerifier(S1, 101);
        v2 = new SelectorVerifier(S2, 202);
    }

    function proofWith(bytes4 s) internal pure returns (bytes memory) {
        return abi.encodePacked(s, uint256(7));
    }

    function test_RoutesBySelector() public {
        router.addRoute(S1, v1);
        router.addRoute(S2, v2);
        router.verify("out", proofWith(S1));
        router.verify("out", proofWith(S2));
        require(address(router.verifierFor(S1)) == address(v1), "S1 -> v1");
        require(address(router.verifierFor(S2)) == address(v2), "S2 -> v2");
    }

    function test_VerifierErrorsBubbleUp() public {
        router.addRoute(S1, v1);
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.InvalidProof.selector));
        router.verify("", proofWith(S1));
    }

    function test_RevertWhen_UnknownSelector() public {
        router.addRoute(S1, v1);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.UnknownSelector.selector, S2));
        router.verify("out", proofWith(S2));
    }

    function test_RevertWhen_ProofShorterThanSelector() public {
        vm.expectRevert(abi.encodeWithSelector(IZkvmVerifier.MalformedProof.selector, uint256(3)));
        router.verify("out", hex"111111");
    }

    function test_FrozenRouteRejectsAndCannotBeReset() public {
        router.addRoute(S1, v1);
        router.freezeRoute(S1);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.RouteIsFrozen.selector, S1));
        router.verify("out", proofWith(S1));
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.RouteExists.selector, S1));
        router.addRoute(S1, v2);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.RouteIsFrozen.selector, S1));
        router.freezeRoute(S1);
    }

    function test_RevertWhen_RouteChanged() public {
        router.addRoute(S1, v1);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.RouteExists.selector, S1));
        router.addRoute(S1, v2);
    }

    function test_RevertWhen_FreezeUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.UnknownSelector.selector, S1));
        router.freezeRoute(S1);
    }

    function test_OnlyOwnerManagesRoutes() public {
        address stranger = address(0xBEEF);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.NotOwner.selector, stranger));
        router.addRoute(S1, v1);
        router.addRoute(S1, v1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.NotOwner.selector, stranger));
        router.freezeRoute(S1);
        router.transferOwnership(stranger);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.NotOwner.selector, address(this)));
        router.addRoute(S2, v2);
        vm.prank(stranger);
        router.addRoute(S2, v2);
    }

    function test_EmitsEvents() public {
        vm.expectEmit();
        emit RouteAdded(S1, v1);
        router.addRoute(S1, v1);
        vm.expectEmit();
        emit RouteFrozen(S1, v1);
        router.freezeRoute(S1);
    }

    function test_VkDigestIsLatestActiveRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.NoActiveRoute.selector));
        router.vkDigest();
        router.addRoute(S1, v1);
        require(router.vkDigest() == 101, "vk of S1");
        router.addRoute(S2, v2);
        require(router.vkDigest() == 202, "vk of S2");
        router.freezeRoute(S2);
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.NoActiveRoute.selector));
        router.vkDigest();
    }

    function test_RevertWhen_ZeroAddresses() public {
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.ZeroAddress.selector));
        new ZkvmVerifierRouter(address(0));
        vm.expectRevert(abi.encodeWithSelector(ZkvmVerifierRouter.ZeroAddress.selector));
        router.addRoute(S1, IZkvmVerifier(address(0)));
    }

    function test_RoutesToMock() public {
        MockZkvmVerifier mock = new MockZkvmVerifier(5);
        router.addRoute(mock.MOCK_SELECTOR(), mock);
        router.verify("anything", abi.encodePacked(mock.MOCK_SELECTOR()));
        require(router.vkDigest() == 5, "mock vk");
    }
}
