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

/** Words of a program's VK digest (prover/zkvm/program-digest.ts): 8 BabyBear elements. */
export const DIGEST_WORDS = 8;

/**
 * THE definition of the on-chain program identity (the universal wrap circuit's first
 * public signal, pinned by each program's verifier contract): the program's VK digest,
 * 8 BabyBear words, as one BN254 element sum w_i·2^(31·(7 − i)). Every word is below
 * 2^31, so the 248-bit packing is injective and below r.
 */
export function packDigestWords(words: ArrayLike<number>): bigint {
  if (words.length !== DIGEST_WORDS) throw new Error(`packDigestWords: ${words.length} words, expected ${DIGEST_WORDS}`);
  let x = 0n;
  for (let i = 0; i < DIGEST_WORDS; i++) {
    const w = words[i];
    if (!(Number.isInteger(w) && w >= 0 && w < 2 ** 31)) throw new Error(`packDigestWords: word ${i} = ${w} is not below 2^31`);
    x = (x << 31n) | BigInt(w);
  }
  return x;
}
