// The STARK library's public API: setup, prove, verify, and the proof encoding.
//
//   const pk = await setup(config, [airA, airB], [prepA, null]);
//   const { proof } = await prove(pk, [{ main, publicValues }, ...]);
//   const result = verify(pk.vk, proof);   // { ok: true } or { ok: false, check, reason }
export { setup, type ProvingKey, type VerifyingKey } from "./keys.ts";
export { prove, commitMainTraces, type TableTrace, type ProverStats, type ProveOptions } from "./prover.ts";
export { verify, type VerifyResult, type VerifyOptions } from "./verifier.ts";
export { encodeProof, decodeProof } from "./proof-codec.ts";
export { DEFAULT_CONFIG, TEST_CONFIG_INSECURE, PRESETS, describeConfig, validateConfig, type StarkConfig } from "./config.ts";
export { securityOf } from "./security.ts";
export type { StarkProof } from "./proof.ts";
export { summarizeProof, type ProofSummary } from "./summary.ts";
