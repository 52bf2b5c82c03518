// TEST-ONLY hooks into the prover: let a test corrupt a value the prover is about to
// commit (a quotient chunk, a DEEP function, a folded FRI layer, the final polynomial)
// BEFORE it enters the transcript. The resulting proof has a consistent transcript and
// consistent Merkle openings, so the verifier can only catch the lie with the check that
// targets that value (test/stark/verifier-attacks.test.ts, the mutation runner in
// scripts/mutants/).
//
// Unreachable from the release path: nothing in prover/, wrapper/ or scripts/ calls
// setProverTestHooks; the hooks default to none, and `prove` only reads them. Only test
// code imports the setter (test/stark/verifier-attacks.test.ts checks that), and it must
// clear the hooks afterwards (withProverTestHooks).

export type ProverTestHooks = {
  /** Table t's quotient chunks: coefficient columns (4 per chunk) and their bit-reversed LDEs. */
  quotient?(table: number, coeffs: Uint32Array[], chunksRev: Uint32Array[]): void;
  /** A table's DEEP function on its LDE (AoS extension values, bit-reversed). */
  deep?(table: number, values: Uint32Array): void;
  /** The values entering FRI layer k+1 (after folding layer k), before they are committed. */
  friFolded?(layer: number, values: Uint32Array): void;
  /** The final polynomial's coefficients (AoS extension values), before they are observed. */
  finalPoly?(coeffs: Uint32Array): void;
  /**
   * Commit a quotient of too high a degree (truncated to its chunks) instead of refusing:
   * a proof of a trace that breaks a constraint, for the verifier to reject.
   */
  truncateHighDegreeQuotient?: boolean;
};

let active: ProverTestHooks = {};

/** The hooks in force (none unless a test set them). */
export function proverTestHooks(): ProverTestHooks {
  return active;
}

export function setProverTestHooks(hooks: ProverTestHooks): void {
  active = hooks;
}

/** Runs `f` with `hooks` in force and always clears them afterwards. */
export async function withProverTestHooks<T>(hooks: ProverTestHooks, f: () => Promise<T>): Promise<T> {
  setProverTestHooks(hooks);
  try {
    return await f();
  } finally {
    setProverTestHooks({});
  }
}
