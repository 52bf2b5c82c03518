// The program's identity: both STARK keys (code, image, parameters, chip set) and the
// entry point, hashed together. Receipts and on-chain verifiers refer to it.
import { getHashSuite } from "../hash/suite.ts";
import { CHIP_SET_VERSION } from "../chips/rv32.ts";
import type { VerifyingKey } from "../stark/keys.ts";

export function programVkDigest(vk: { segment: VerifyingKey; memory: VerifyingKey; entry: number }): Uint32Array {
  const words = [...vk.segment.digest, ...vk.memory.digest, vk.entry & 0xffff, vk.entry >>> 16, CHIP_SET_VERSION];
  return getHashSuite(vk.segment.config.hashSuite).hashRow(Uint32Array.from(words));
}
