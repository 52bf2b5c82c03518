// SPDX-License-Identifier: GPL-3.0
//
// THE definition of the 4-byte proof selector, which names the kit version and the wrap
// circuit (its zkey) a proof was made for:
//
//     selector = sha256( utf8("zkvm-kit/v1/") || utf8(hex(sha256(zkeyFileBytes))) )[0..4]
//
// where hex() is 64 lowercase hex digits. The zkey hash covers the circuit and the
// powers-of-tau file, so another circuit or another ceremony gives another selector.
// A router (contracts/ZkvmVerifierRouter.sol) dispatches proofs by this selector.
//
// MOCK_SELECTOR = sha256(utf8("zkvm-kit/v1/mock"))[0..4] is accepted by
// contracts/MockZkvmVerifier.sol without any proof (tests only).
import crypto from "node:crypto";
import fs from "node:fs";

export const SELECTOR_DOMAIN = "zkvm-kit/v1/";

function sha256(data: string | Uint8Array): Buffer {
  return crypto.createHash("sha256").update(data).digest();
}

/** The selector for a zkey given the sha256 hex of its file bytes, as "0x" + 8 hex digits. */
export function selectorFromZkeyHash(zkeySha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(zkeySha256Hex)) {
    throw new Error(`selector: zkey hash must be 64 lowercase hex digits, got "${zkeySha256Hex}"`);
  }
  return "0x" + sha256(SELECTOR_DOMAIN + zkeySha256Hex).subarray(0, 4).toString("hex");
}

/** The selector of a zkey file. */
export function selectorForZkey(zkeyPath: string): string {
  if (!fs.existsSync(zkeyPath)) throw new Error(`selector: zkey file not found: ${zkeyPath}`);
  return selectorFromZkeyHash(sha256(fs.readFileSync(zkeyPath)).toString("hex"));
}

export const MOCK_SELECTOR = "0x" + sha256(SELECTOR_DOMAIN + "mock").subarray(0, 4).toString("hex");
