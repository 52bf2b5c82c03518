// STARK parameters for the proof that the wrap circuit verifies (the "minimal STARK").
//
// In the circuit, cost is dominated by Poseidon permutations on Merkle paths, which grow
// with queries × (tree depth) × (number of trees and FRI layers); the prover's cost of a
// large blowup is small because the minimal STARK is small. So the wrap preset takes the
// largest blowup the config allows (64) to need fewer queries, 17 bits of grinding
// (~2^17 BN254 Poseidon permutations, seconds), and FRI folding by 16 so that there are
// few layers (each layer is one more Merkle path per query). Measurements:
// wrapper/circuit/README.md and `npm run bench -- wrap`.
import type { StarkConfig } from "../../prover/stark/config.ts";

/** 100 bits conjectured: 14 queries × 6 bits + 17 bits of grinding, less 1 (security.ts). */
export const WRAP_CONFIG: StarkConfig = Object.freeze({
  hashSuite: "poseidon-bn254",
  logBlowup: 6,
  numQueries: 14,
  powBits: 17,
  friLogArity: 4,
  friLogFinalDegree: 3,
});

/**
 * INSECURE: 2 queries, 2 bits of grinding, blowup 2, final degree 4, so that the circuit
 * for a 2^3-row trace stays under 2^16 PLONK rows (a 2^16 development ptau, ~45 s to
 * prove). Tests and the demo only; the CLI says it is insecure.
 */
export const WRAP_TEST_CONFIG_INSECURE: StarkConfig = Object.freeze({
  hashSuite: "poseidon-bn254",
  logBlowup: 1,
  numQueries: 2,
  powBits: 2,
  friLogArity: 1,
  friLogFinalDegree: 2,
});
