// The recursion program of a STARK key: the one TypeScript verifier
// (prover/stark/verifier.ts verifyWith) run over a recording backend that drives a
// ProgramBuilder. Proof values become `witness` blocks, key and shape numbers `const`
// blocks, arithmetic the ALU operations, checks `assert-eq` (and `inv` for non-zero)
// labelled with the native check's name, the sponge, compression and duplex challenger
// of prover/hash/sponge.ts and prover/transcript/challenger.ts `poseidon2` operations,
// and sampled bits `bits`. The verifier branches on nothing but the key and the proof's
// shape, so every honest proof of one key and shape records the same program.
import { ProgramBuilder, RecursionAssertError, Var, type BuiltProgram } from "./builder.ts";
import { AluOp, POSEIDON2_WIDTH, SELECT_BASE_LANES, BASE_DOT_TERMS } from "./program.ts";
import type { HeightsOption } from "../../prover/stark/verifier-heights.ts";
import { verifyWith, type VerifiedValues } from "../../prover/stark/verifier.ts";
import type { BackendChallenger, Reason, VerifierBackend } from "../../prover/stark/verifier-backend.ts";
import type { VerifyingKey } from "../../prover/stark/keys.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import { POSEIDON2_SUITE_ID } from "../../prover/hash/poseidon2-suite.ts";
import { RATE, DIGEST_WORDS } from "../../prover/hash/sponge.ts";
import { hashRow, compress } from "./hash-program.ts";

type D = Var[];


/** The duplex challenger of prover/transcript/challenger.ts over poseidon2 operations. */
class RecordingChallenger implements BackendChallenger<Var, Var, D> {
  private readonly B: RecordingBackend;
  private state: Var[];
  private input: Var[] = [];
  private output: Var[] = [];
  constructor(B: RecordingBackend) {
    this.B = B;
    this.state = Array.from({ length: POSEIDON2_WIDTH }, () => B.constBase(0));
  }
  observe(values: ArrayLike<Var>): void {
    for (let i = 0; i < values.length; i++) {
      this.output.length = 0;
      this.input.push(values[i]);
      if (this.input.length === RATE) this.duplex();
    }
  }
  observeDigest(d: D): void {
    this.observe(d);
  }
  private duplex(): void {
    const s = this.state.slice();
    this.input.forEach((v, i) => (s[i] = v));
    this.input = [];
    this.state = this.B.b.poseidon2(s);
    this.output = this.state.slice(0, RATE);
  }
  private sampleBase(): Var {
    if (this.input.length > 0 || this.output.length === 0) this.duplex();
    return this.output.pop()!;
  }
  sampleExt(): Var {
    const c = [0, 1, 2, 3].map(() => this.sampleBase());
    return this.B.extFromCoords(c);
  }
  sampleBits(bits: number): Var[] {
    const v = this.sampleBase();
    return bits === 0 ? [] : this.B.b.bits(v).slice(0, bits);
  }
  checkWitness(bits: number, nonce: Var, check: string, reason: Reason): void {
    this.observe([nonce]);
    const zero = this.B.constBase(0);
    for (const bit of this.sampleBits(bits)) this.B.assertEqBase(bit, zero, check, reason);
  }
}

export class RecordingBackend implements VerifierBackend<Var, Var, D> {
  readonly digestWords = DIGEST_WORDS;
  readonly b: ProgramBuilder;
  /** Failed assertions so far, when recording leniently. */
  readonly failures: RecursionAssertError[] = [];
  private readonly lenient: boolean;
  private readonly basis: Var[];
  /** lenient: a failed assertion is recorded (in `failures`) and the run goes on, so a bad
   * proof still yields its whole witness stream (for tests of the interpreter). */
  constructor(b: ProgramBuilder, lenient = false) {
    this.b = b;
    this.lenient = lenient;
    this.basis = [0, 1, 2, 3].map((j) => b.constant(Uint32Array.from([0, 1, 2, 3], (i) => (i === j ? 1 : 0))));
  }

  /** Runs an assertion; a failure is re-labelled with the verifier's reason (the label is the check). */
  private labelled(check: string, reason: Reason, op: () => void): void {
    try {
      op();
    } catch (e) {
      if (!(e instanceof RecursionAssertError)) throw e;
      const err = new RecursionAssertError(check, reason());
      if (!this.lenient) throw err;
      this.failures.push(err);
    }
  }

  constBase(v: number): Var {
    return this.b.constant(v);
  }
  constExt(e: ArrayLike<number>): Var {
    return this.b.constant(Uint32Array.from(e));
  }
  constDigest(d: Uint32Array): D {
    return Array.from(d, (w) => this.b.constant(w));
  }
  witnessBase(v: number): Var {
    return this.b.witness(v);
  }
  witnessDigest(d: Uint32Array): D {
    if (d.length !== DIGEST_WORDS) throw new RangeError(`digest of ${d.length} words, expected ${DIGEST_WORDS}`);
    return Array.from(d, (w) => this.b.witness(w));
  }

  add(a: Var, b: Var): Var {
    return this.b.baseAlu(AluOp.Add, a, b);
  }
  sub(a: Var, b: Var): Var {
    return this.b.baseAlu(AluOp.Sub, a, b);
  }
  mul(a: Var, b: Var): Var {
    return this.b.baseAlu(AluOp.Mul, a, b);
  }

  lift(a: Var): Var {
    return a; // a base value is the block (v, 0, 0, 0)
  }
  extFromCoords(c: Var[]): Var {
    // c0 + X·c1 + X^2·c2 + X^3·c3: one base-dot row (its fourth term 0·X)
    return this.b.baseDot(c[0], [c[1], c[2], c[3], this.constBase(0)], [this.basis[1], this.basis[2], this.basis[3], this.basis[1]]);
  }
  extAdd(a: Var, b: Var): Var {
    return this.b.extAlu(AluOp.Add, a, b);
  }
  extSub(a: Var, b: Var): Var {
    return this.b.extAlu(AluOp.Sub, a, b);
  }
  extMul(a: Var, b: Var): Var {
    return this.b.extAlu(AluOp.Mul, a, b);
  }
  extMulBase(a: Var, b: Var): Var {
    return this.b.extAlu(AluOp.Mul, a, b);
  }
  extFma(a: Var, b: Var, c: Var): Var {
    return this.b.extFma(a, b, c);
  }
  extInv(a: Var, check: string, reason: Reason): Var {
    try {
      return this.b.inv(a, true, check);
    } catch (e) {
      // the builder refuses before recording: nothing to go on with, even leniently
      if (e instanceof RecursionAssertError) throw new RecursionAssertError(check, reason());
      throw e;
    }
  }
  combineBase(vals: Var[], coefs: Var[]): Var {
    // four terms to a base-dot row (the first from zero), the last few as ext-fma rows
    let acc: Var | null = null, k = 0;
    for (; k + BASE_DOT_TERMS <= vals.length; k += BASE_DOT_TERMS) {
      acc = this.b.baseDot(acc ?? this.constBase(0), vals.slice(k, k + BASE_DOT_TERMS), coefs.slice(k, k + BASE_DOT_TERMS));
    }
    for (; k < vals.length; k++) acc = acc ? this.b.extFma(coefs[k], vals[k], acc) : this.extMul(coefs[k], vals[k]);
    return acc ?? this.constBase(0);
  }
  // one ext-fma row per term (acc = coef·v + acc): the values are extension values
  linearCombination(consts: ArrayLike<number>, vals: Var[]): Var {
    let acc: Var | null = null;
    vals.forEach((v, k) => {
      const c = this.constBase(consts[k]);
      acc = acc ? this.b.extFma(c, v, acc) : this.extMul(c, v);
    });
    return acc ?? this.constBase(0);
  }

  /** Base values are blocks too: one assert-eq (the challenger's proof of work). */
  assertEqBase(a: Var, b: Var, check: string, reason: Reason): void {
    this.labelled(check, reason, () => this.b.assertEq(a, b, check));
  }
  assertEqExt(a: Var, b: Var, check: string, reason: Reason): void {
    this.labelled(check, reason, () => this.b.assertEq(a, b, check));
  }
  assertEqDigest(a: D, b: D, check: string, reason: Reason): void {
    // every word is asserted (the program is the same whichever word differs)
    this.labelled(check, reason, () => {
      let failed: unknown = null;
      a.forEach((w, i) => {
        try {
          this.b.assertEq(w, b[i], check);
        } catch (e) {
          if (!(e instanceof RecursionAssertError)) throw e;
          failed ??= e;
        }
      });
      if (failed) throw failed;
    });
  }

  select(bit: Var, a: Var, b: Var): [Var, Var] {
    return this.b.select(bit, a, b);
  }
  selectExt(bit: Var, a: Var, b: Var): [Var, Var] {
    return this.b.select(bit, a, b);
  }
  selectDigest(bit: Var, a: D, b: D): [D, D] {
    // digest words are base values: four pairs to a select-base row
    if (a.length % SELECT_BASE_LANES === 0) return this.b.selectBase(bit, a, b);
    const out0: Var[] = [], out1: Var[] = [];
    a.forEach((w, i) => {
      const [x, y] = this.b.select(bit, w, b[i]);
      out0.push(x);
      out1.push(y);
    });
    return [out0, out1];
  }

  /** PaddingFreeSponge (prover/hash/sponge.ts spongeHash): chunks of RATE overwrite the state. */
  hashRow(values: Var[]): D {
    return hashRow(this.b, values);
  }
  compress(left: D, right: D): D {
    return compress(this.b, left, right);
  }
  newChallenger(): BackendChallenger<Var, Var, D> {
    return new RecordingChallenger(this);
  }

  peekBase(a: Var): number {
    return this.b.baseValue(a);
  }
  isRejection(e: unknown): boolean {
    return e instanceof RecursionAssertError;
  }
}

export type RecordOptions = {
  /** Bus challenges fixed outside the proof (witnesses of the program: a lift exposes them). */
  challenges?: Uint32Array;
  /** false: the proof's buses balance only with other proofs' (its sums are left to the caller). */
  busBalance?: boolean;
  /** Record past failed assertions (collected in `failures`) instead of throwing at the
   * first: a rejected proof's whole witness stream, for tests. */
  lenient?: boolean;
  /** Lifted proofs: the tables' heights as witnessed values, so the program serves every
   * shape with this tallest height (prover/stark/verifier-heights.ts). */
  heights?: HeightsOption;
};

export type RecordedVerifier = BuiltProgram & {
  /** Handles on the verified values (public values, challenges, each table's bus sum). */
  values: VerifiedValues<Var, Var, D>;
  /** The failed assertions of a lenient recording (empty otherwise: the first throws). */
  failures: RecursionAssertError[];
};

/**
 * Records the verifier of `vk` on `proof`: the program (the same for every proof of this
 * key and shape), its witness stream and memory. A proof the verifier rejects throws: a
 * value check as RecursionAssertError labelled with the native check's name, a shape or
 * key check as the native VerificationError.
 */
export function recordVerifier(vk: VerifyingKey, proof: StarkProof, opts: RecordOptions = {}): RecordedVerifier {
  if (vk.config.hashSuite !== POSEIDON2_SUITE_ID) {
    throw new Error(`recordVerifier: the recursion program runs Poseidon2-BabyBear-16; a key of suite '${vk.config.hashSuite}' cannot be verified in it`);
  }
  const b = new ProgramBuilder();
  const B = new RecordingBackend(b, opts.lenient ?? false);
  const values = verifyWith(() => B, vk, proof, { challenges: opts.challenges, busBalance: opts.busBalance, heights: opts.heights });
  return { ...b.build(), values, failures: B.failures };
}
