// Security level of a STARK from its parameters.
//
// Conjectured (ethSTARK "Conjecture 1"; the formula Winterfell's
// `conjectured_security` uses): each FRI query gains log2(blowup) bits, grinding adds
// its bits, and the extension field caps the whole at |F| / |LDE domain|:
//   min(extBits - log2(lde size), queries · logBlowup + powBits) - 1
//
// Proven: in the Johnson-bound list-decoding regime (ethSTARK Theorem 2; Haböck, "A
// summary on the FRI low degree test", 2022) each query gains only about
// logBlowup / 2 bits, and the field term loses about twice log2 of the domain. We
// report that simplified bound, a guide rather than a formal statement:
//   min(extBits - 2 · log2(lde size) - 4, queries · logBlowup / 2 + powBits) - 1
import type { StarkConfig } from "./config.ts";

/** log2 of |F_p^4| for BabyBear: 4 · log2(2^31 - 2^27 + 1) ≈ 123.6. */
export const EXT_FIELD_BITS = 4 * Math.log2(2013265921);

export type SecurityReport = { conjecturedBits: number; provenBits: number };

export function securityOf(c: StarkConfig, maxLogTraceRows: number, fieldBits = EXT_FIELD_BITS): SecurityReport {
  const logLde = maxLogTraceRows + c.logBlowup;
  const conjectured = Math.min(fieldBits - logLde, c.numQueries * c.logBlowup + c.powBits) - 1;
  const proven = Math.min(fieldBits - 2 * logLde - 4, (c.numQueries * c.logBlowup) / 2 + c.powBits) - 1;
  return { conjecturedBits: Math.floor(conjectured), provenBits: Math.max(0, Math.floor(proven)) };
}
