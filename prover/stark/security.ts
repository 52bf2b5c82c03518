// Security level of a STARK from its parameters.
//
// Conjectured (ethSTARK, "Conjecture 1", the figure Plonky3, RISC Zero and Winterfell
// print): each FRI query gains logBlowup bits and grinding adds powBits, capped by the
// extension field's size less the degree-dependent losses of DEEP-ALI.
//
// Proven: in the Johnson-bound list-decoding regime (ethSTARK Theorem 2 / Haböck's
// "A summary on the FRI low degree test", 2022) each query gains only about
// logBlowup/2 bits, and the field term loses roughly log2 of the domain size
// squared. We report the simplified bound: queries * logBlowup/2 + powBits, capped by
// extBits - 2 * logDomain - (a small constant). It is a guide, not a formal statement.
import type { StarkConfig } from "./config.ts";

/** log2 of |F_p^4| for BabyBear: 4 * log2(2^31 - 2^27 + 1) ≈ 123.6. */
const EXT_FIELD_BITS = 4 * Math.log2(2013265921);
/** log2 of |BN254 scalar field| for suites whose challenges live there. */

export type SecurityReport = { conjecturedBits: number; provenBits: number };

export function securityOf(c: StarkConfig, maxLogTraceRows: number): SecurityReport {
  const logDomain = maxLogTraceRows + c.logBlowup;
  // DEEP-ALI loses about log2(number of constraints x degree x domain) bits of the
  // field; 10 bits of slack covers AIRs up to ~2^10 constraints.
  const fieldBits = EXT_FIELD_BITS - logDomain - 10;
  const conjectured = Math.min(c.numQueries * c.logBlowup + c.powBits, fieldBits);
  const provenField = EXT_FIELD_BITS - 2 * logDomain - 10;
  const proven = Math.min((c.numQueries * c.logBlowup) / 2 + c.powBits, provenField);
  return { conjecturedBits: Math.floor(conjectured), provenBits: Math.max(0, Math.floor(proven)) };
}
