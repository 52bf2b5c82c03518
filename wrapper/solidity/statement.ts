// SPDX-License-Identifier: GPL-3.0
//
// THE definition of the on-chain statement digest (the wrap circuit's second public
// signal). The Solidity side is the one line in templates/ProgramVerifier.sol.tmpl:
//
//     uint256(sha256(publicValues)) & ((1 << 253) - 1)
//
// i.e. take the 32-byte SHA-256 digest of the public output bytes (what the guest wrote
// to fd 3), read it as a big-endian uint256, and clear its top 3 bits. 253 bits always
// fit below the BN254 scalar field modulus r (~2^253.6), so the value is a canonical
// field element with no reduction.
import crypto from "node:crypto";

export const STATEMENT_DIGEST_BITS = 253;
export const STATEMENT_DIGEST_MASK = (1n << 253n) - 1n;

/** uint256(sha256(publicValues)) & ((1 << 253) - 1), as a bigint. */
export function statementDigest(publicValues: Uint8Array): bigint {
  if (!(publicValues instanceof Uint8Array)) {
    throw new TypeError("statementDigest: publicValues must be a Uint8Array of the public output bytes");
  }
  const d = crypto.createHash("sha256").update(publicValues).digest("hex");
  return BigInt("0x" + d) & STATEMENT_DIGEST_MASK;
}
