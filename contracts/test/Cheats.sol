// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// The few Foundry-style cheatcodes these tests use (served by Hardhat 3's EDR at the
/// standard cheatcode address; forge-std is not a dependency of the kit).
interface Cheats {
    function prank(address sender) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
}

abstract contract WithCheats {
    Cheats internal constant vm = Cheats(address(uint160(uint256(keccak256("hevm cheat code")))));
}
