// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.8.28;

import {Counter} from "../Counter.sol";

contract CounterTest {
    Counter counter;

    function setUp() public {
        counter = new Counter();
    }

    function test_IncAddsUp() public {
        counter.inc(2);
        counter.inc(3);
        require(counter.count() == 5, "count should be 5");
    }

    function test_RevertWhen_IncByZero() public {
        try counter.inc(0) {
            revert("inc(0) should revert");
        } catch Error(string memory reason) {
            require(keccak256(bytes(reason)) == keccak256("by must be positive"), "wrong reason");
        }
    }
}
