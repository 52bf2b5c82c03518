// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

/// A trivial contract that proves the in-process chain and the pinned compiler work.
contract Counter {
    uint256 public count;
    event Incremented(uint256 by);

    function inc(uint256 by) external {
        require(by > 0, "by must be positive");
        count += by;
        emit Incremented(by);
    }
}
