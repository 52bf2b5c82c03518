// Which SNARK and which shrink preset the universal wrap of a receipt takes, in one place
// for `zkvm wrap`, `npm run demo` and `npm run bench -- e2e`.
//
// At 100 bits the default is Groth16 over the blowup-8 shrink (SHRINK_GROTH16_CONFIG):
// its wrap circuit is 1.58M constraints at circom --O2, a 2^21 domain, proved in minutes
// with ~9 GB. PLONK over the blowup-64 shrink (SHRINK_CONFIG) stays available, but its
// circuit is 2.09M PLONK rows, a 2^22 domain, which needs more memory than this 24 GB
// machine has (wrapper/recursion/README.md: the compiled 100-bit circuits).
// The INSECURE preset keeps PLONK, whose setup needs no circuit-specific ceremony.
import type { StarkConfig } from "../../prover/stark/config.ts";
import { SHRINK_CONFIG, SHRINK_GROTH16_CONFIG, SHRINK_TEST_CONFIG_INSECURE } from "../recursion/shrink/prove.ts";
import { COMPRESS_CONFIG, COMPRESS_TEST_CONFIG_INSECURE } from "../recursion/compress.ts";
import { SNARK_KINDS, type SnarkKind } from "../solidity/encode.ts";

export const UNIVERSAL_PRESETS = ["wrap", "test-insecure"] as const;

export type UniversalWrapPlan = {
  snark: SnarkKind;
  shrinkConfig: StarkConfig;
  /** The compress proof's parameters (wrapper/recursion/compress.ts). */
  compressConfig: StarkConfig;
  /** A line to print when the choice is known not to fit this machine, else null. */
  warning: string | null;
};

/** The plan for a preset ("wrap": 100 bits) and an optional SNARK the user named. */
export function universalWrapPlan(preset: string, snark?: string): UniversalWrapPlan {
  if (!(UNIVERSAL_PRESETS as readonly string[]).includes(preset)) {
    throw new Error(`unknown wrap preset '${preset}' (choose ${UNIVERSAL_PRESETS.join(", ")})`);
  }
  if (snark !== undefined && !(SNARK_KINDS as readonly string[]).includes(snark)) {
    throw new Error(`unknown SNARK '${snark}' (choose ${SNARK_KINDS.join(", ")})`);
  }
  if (preset === "test-insecure") {
    return { snark: (snark as SnarkKind) ?? "plonk", shrinkConfig: SHRINK_TEST_CONFIG_INSECURE, compressConfig: COMPRESS_TEST_CONFIG_INSECURE, warning: null };
  }
  if (snark === "plonk") {
    return {
      snark: "plonk", shrinkConfig: SHRINK_CONFIG, compressConfig: COMPRESS_CONFIG,
      warning: "the 100-bit universal circuit is ~2.09M PLONK rows: a 2^22 domain (a 2^22 ptau, and more memory " +
        "than 24 GB for the setup and proof); --snark groth16 (the default) fits a 2^21 domain",
    };
  }
  return { snark: "groth16", shrinkConfig: SHRINK_GROTH16_CONFIG, compressConfig: COMPRESS_CONFIG, warning: null };
}
