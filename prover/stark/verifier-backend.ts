// The arithmetic and hashing the STARK verifier runs on (verifier.ts is written once over
// it). Two backends implement it:
// - native (verifier-native.ts): numbers and Uint32Arrays; a failed check throws
//   VerificationError, so `verify()` answers as a plain verifier does;
// - recording (wrapper/recursion/verifier-program.ts): every operation becomes an
//   operation of a recursion program (a ProgramBuilder), proof values its witness.
//
// The rule that makes the second possible: the verifier branches only on the verifying
// key and the proof's SHAPE (table heights, widths, the FRI schedule) in plain
// TypeScript; everything that depends on a proof VALUE goes through the backend, query
// indices included (they are bits, and paths, leaf positions and domain points are
// selected by those bits). So the recorded program depends on the key and the shape only.
//
// F: a base field value, E: an extension value (a base value lifted with `lift`),
// D: a digest of the hash suite. Values are opaque to the verifier; `peekBase` exists
// for error messages only.

/** A check's reason, built only when it fails. */
export type Reason = () => string;

/** The duplex Fiat-Shamir transcript (prover/transcript/challenger.ts) over backend values. */
export interface BackendChallenger<F, E, D> {
  observe(values: ArrayLike<F>): void;
  observeDigest(d: D): void;
  sampleExt(): E;
  /** The low `bits` bits of a sample, least significant first (Challenger.sampleBits). */
  sampleBits(bits: number): F[];
  /** Grinding (Challenger.checkWitness): observe the nonce, then `bits` bits of the next
   * sample must be zero; fails `check` otherwise. */
  checkWitness(bits: number, nonce: F, check: string, reason: Reason): void;
}

export interface VerifierBackend<F, E, D> {
  /** The hash suite's words per digest. */
  readonly digestWords: number;

  // ---- values fixed by the key or the shape
  constBase(v: number): F;
  constExt(e: ArrayLike<number>): E;
  constDigest(d: Uint32Array): D;

  // ---- values from the proof: each proof word enters once, then its handle is reused
  witnessBase(v: number): F;
  witnessDigest(d: Uint32Array): D;

  // ---- base field
  add(a: F, b: F): F;
  sub(a: F, b: F): F;
  mul(a: F, b: F): F;

  // ---- extension field F_p[X]/(X^4 - 11)
  lift(a: F): E;
  /** c0 + c1·X + c2·X^2 + c3·X^3 from 4 base values. */
  extFromCoords(c: F[]): E;
  extAdd(a: E, b: E): E;
  extSub(a: E, b: E): E;
  extMul(a: E, b: E): E;
  extMulBase(a: E, b: F): E;
  /** a·b + c (one row of the recursion's ext-fma chip). */
  extFma(a: E, b: E, c: E): E;
  /** 1/a; fails `check` when a is zero. */
  extInv(a: E, check: string, reason: Reason): E;
  /** sum_k coefs[k]·vals[k] (base values, extension coefficients). */
  combineBase(vals: F[], coefs: E[]): E;
  /** sum_k consts[k]·vals[k] for key-fixed base constants. */
  linearCombination(consts: ArrayLike<number>, vals: E[]): E;

  // ---- checks (a failure throws: the proof is rejected by `check`)
  assertEqExt(a: E, b: E, check: string, reason: Reason): void;
  assertEqDigest(a: D, b: D, check: string, reason: Reason): void;

  // ---- selection by a bit (0 or 1): [bit ? b : a, bit ? a : b]
  select(bit: F, a: F, b: F): [F, F];
  selectExt(bit: F, a: E, b: E): [E, E];
  selectDigest(bit: F, a: D, b: D): [D, D];

  // ---- the hash suite (prover/hash/sponge.ts for poseidon2)
  hashRow(values: F[]): D;
  compress(left: D, right: D): D;
  newChallenger(): BackendChallenger<F, E, D>;

  /** For messages only: never branch on it. */
  peekBase(a: F): number;
  /** Whether an error thrown by an operation is a rejection by a check (passed through)
   * rather than a malformed value (which the verifier names by the section it was in). */
  isRejection(e: unknown): boolean;
}
