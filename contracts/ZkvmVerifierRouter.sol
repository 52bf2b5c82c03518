// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {IZkvmVerifier} from "./IZkvmVerifier.sol";

/// @title Dispatches a proof to the verifier registered for its 4-byte selector.
/// @notice A dApp keeps this one address while the kit's circuits change: each new
/// circuit version (new selector) gets a new program verifier, registered here.
/// Routes are append-only: a selector, once set, is never pointed elsewhere. The owner
/// can only add new selectors and freeze existing ones; a frozen selector stays frozen
/// and cannot be set again (so a proof's meaning never changes under a dApp).
/// `vkDigest()` is the digest pinned by the most recently added route, if still active.
contract ZkvmVerifierRouter is IZkvmVerifier {
    enum RouteState { None, Active, Frozen }

    struct Route {
        IZkvmVerifier verifier;
        RouteState state;
    }

    error NotOwner(address caller);
    error ZeroAddress();
    error RouteExists(bytes4 selector);
    error UnknownSelector(bytes4 selector);
    error RouteIsFrozen(bytes4 selector);
    error NoActiveRoute();

    event RouteAdded(bytes4 indexed selector, IZkvmVerifier verifier);
    event RouteFrozen(bytes4 indexed selector, IZkvmVerifier verifier);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    address public owner;
    bytes4 public latestSelector;
    mapping(bytes4 => Route) public routes;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(address owner_) {
        if (owner_ == address(0)) revert ZeroAddress();
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    /// Registers `verifier` for `selector`. Reverts if the selector was ever set.
    function addRoute(bytes4 selector, IZkvmVerifier verifier) external onlyOwner {
        if (address(verifier) == address(0)) revert ZeroAddress();
        if (routes[selector].state != RouteState.None) revert RouteExists(selector);
        routes[selector] = Route(verifier, RouteState.Active);
        latestSelector = selector;
        emit RouteAdded(selector, verifier);
    }

    /// Permanently disables `selector`: its proofs revert with RouteIsFrozen from now on.
    function freezeRoute(bytes4 selector) external onlyOwner {
        Route storage r = routes[selector];
        if (r.state == RouteState.None) revert UnknownSelector(selector);
        if (r.state == RouteState.Frozen) revert RouteIsFrozen(selector);
        r.state = RouteState.Frozen;
        emit RouteFrozen(selector, r.verifier);
    }

    /// Hands the router to `newOwner`; address(0) renounces it (no more routes, ever).
    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// The verifier for `selector`; reverts when unknown or frozen.
    function verifierFor(bytes4 selector) public view returns (IZkvmVerifier) {
        Route storage r = routes[selector];
        if (r.state == RouteState.None) revert UnknownSelector(selector);
        if (r.state == RouteState.Frozen) revert RouteIsFrozen(selector);
        return r.verifier;
    }

    /// Forwards to the selector's verifier; its custom errors bubble up unchanged.
    function verify(bytes calldata publicValues, bytes calldata proof) external view {
        if (proof.length < 4) revert MalformedProof(proof.length);
        verifierFor(bytes4(proof[:4])).verify(publicValues, proof);
    }

    function vkDigest() external view returns (uint256) {
        if (latestSelector == bytes4(0) || routes[latestSelector].state != RouteState.Active) {
            revert NoActiveRoute();
        }
        return routes[latestSelector].verifier.vkDigest();
    }
}
