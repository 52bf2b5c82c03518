// SPDX-License-Identifier: GPL-3.0
//
// PLACEHOLDER wrap circuit for tests, until the real STARK-verifier circuit lands.
//
// It has exactly the public interface of the final wrap circuit: two public signals, in
// this order,
//   1. vkDigest         the program's verifying-key digest (a BN254 field element)
//   2. statementDigest  uint256(sha256(publicOutputBytes)) & ((1 << 253) - 1)
// and one private witness that ties them: inv * (vkDigest + statementDigest) === 1.
// It proves nothing about a program run: a proof of it only says "someone knew the
// inverse of vkDigest + statementDigest". Never deploy a verifier of it for real use.
pragma circom 2.1.0;

template TwoPublic() {
    signal input vkDigest;
    signal input statementDigest;
    signal input inv;

    signal sum;
    sum <== vkDigest + statementDigest;
    inv * sum === 1;
}

component main {public [vkDigest, statementDigest]} = TwoPublic();
