// Fiat-Shamir transcript: a duplex sponge over the hash suite's permutation, the same
// construction as Plonky3's DuplexChallenger (challenger/src/duplex_challenger.rs), so
// the prover and verifier derive identical challenges from identical observations.
//
// State: the sponge state (width words), an input buffer and an output buffer.
// - observe(x): clear the output buffer; append x to the input buffer; when it holds
//   `rate` values, duplex.
// - duplex: overwrite state[0..k) with the k buffered inputs, permute, and refill the
//   output buffer with state[0..rate).
// - sample: duplex first if inputs are pending or the output buffer is empty; then pop
//   the LAST value of the output buffer (Plonky3 pops from the end).
// - sampleBits(b): the low b bits of a sampled element. p - 1 = 15·2^27, so for b <= 27
//   every b-bit value is hit by exactly 15·2^(27-b) elements except 0, hit once more:
//   the distance from uniform is below 2^-30, negligible for query indices.
// - grind / checkWitness (Plonky3's GrindingChallenger): observe(nonce), then
//   sampleBits(bits) must be 0. grind searches nonces in batches on the suite's batched
//   permutation (each candidate costs one permutation), then replays checkWitness so
//   the state ends exactly as the verifier's.
import { P } from "../field/babybear.ts";

export interface Challenger {
  observe(values: ArrayLike<number>): void;
  observeDigest(d: Uint32Array): void;
  observeExt(e: Uint32Array): void;
  sampleBase(): number;
  sampleExt(): Uint32Array;
  sampleBits(bits: number): number;
  grind(bits: number): number;
  checkWitness(bits: number, nonce: number): boolean;
  clone(): Challenger;
}

/** The permutation a duplex challenger runs on. */
export type SpongePermutation = {
  readonly width: number;
  readonly rate: number;
  permute(state: Uint32Array): void;
  /** Permutes `count` states stored back to back (width words each), in place. */
  permuteBatch?(states: Uint32Array, count: number): void;
  /**
   * Optional fast nonce search: the least n < limit such that permute(template with word
   * `at` = n)[word] has its low `bits` bits zero, or -1.
   */
  grindSearch?(template: Uint32Array, at: number, word: number, bits: number, limit: number): number;
};

/** The most bits sampleBits (and so grinding) can draw: p - 1 = 15·2^27. */
export const MAX_SAMPLE_BITS = 27;
const MAX_BITS = MAX_SAMPLE_BITS;

export class DuplexChallenger implements Challenger {
  private readonly perm: SpongePermutation;
  private readonly state: Uint32Array;
  private input: number[] = [];
  private output: number[] = [];

  constructor(perm: SpongePermutation, state?: Uint32Array) {
    this.perm = perm;
    this.state = state ? state.slice() : new Uint32Array(perm.width);
  }

  observe(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= 0 && v < P)) {
        throw new RangeError(`challenger.observe: value ${v} at ${i} is not a canonical BabyBear element`);
      }
      this.output.length = 0;
      this.input.push(v);
      if (this.input.length === this.perm.rate) this.duplex();
    }
  }

  observeDigest(d: Uint32Array): void {
    this.observe(d);
  }

  observeExt(e: Uint32Array): void {
    if (e.length !== 4) throw new RangeError(`challenger.observeExt: expected 4 words, got ${e.length}`);
    this.observe(e);
  }

  sampleBase(): number {
    if (this.input.length > 0 || this.output.length === 0) this.duplex();
    return this.output.pop()!;
  }

  sampleExt(): Uint32Array {
    const e = new Uint32Array(4);
    for (let i = 0; i < 4; i++) e[i] = this.sampleBase();
    return e;
  }

  sampleBits(bits: number): number {
    checkBits(bits);
    return this.sampleBase() & ((1 << bits) - 1);
  }

  checkWitness(bits: number, nonce: number): boolean {
    checkBits(bits);
    this.observe([nonce]);
    return this.sampleBits(bits) === 0;
  }

  grind(bits: number): number {
    return grindWith(this, bits, (b) => this.searchNonce(b));
  }

  clone(): Challenger {
    const c = new DuplexChallenger(this.perm, this.state);
    c.input = this.input.slice();
    c.output = this.output.slice();
    return c;
  }

  private duplex(): void {
    for (let i = 0; i < this.input.length; i++) this.state[i] = this.input[i];
    this.input.length = 0;
    this.perm.permute(this.state);
    this.output.length = 0;
    for (let i = 0; i < this.perm.rate; i++) this.output.push(this.state[i]);
  }

  // Candidate nonce n costs one permutation of the state with the pending inputs and n
  // written at the front; the sample is then word rate-1 (the last output, popped first).
  private searchNonce(bits: number): number {
    const { width, rate } = this.perm;
    const template = this.state.slice();
    for (let i = 0; i < this.input.length; i++) template[i] = this.input[i];
    const at = this.input.length;
    if (this.perm.grindSearch) {
      const n = this.perm.grindSearch(template, at, rate - 1, bits, P);
      if (n < 0) throw new Error(`challenger.grind: no nonce found for ${bits} bits`);
      return n;
    }
    const mask = (1 << bits) - 1;
    const batch = 256;
    const states = new Uint32Array(batch * width);
    for (let start = 0; start < P; start += batch) {
      const count = Math.min(batch, P - start);
      for (let k = 0; k < count; k++) {
        states.set(template, k * width);
        states[k * width + at] = start + k;
      }
      if (this.perm.permuteBatch) this.perm.permuteBatch(states, count);
      else for (let k = 0; k < count; k++) this.perm.permute(states.subarray(k * width, (k + 1) * width));
      for (let k = 0; k < count; k++) if ((states[k * width + rate - 1] & mask) === 0) return start + k;
    }
    throw new Error(`challenger.grind: no nonce found for ${bits} bits`);
  }
}

/**
 * The grind both challengers share: `search(bits)` finds the least passing nonce from the
 * current state (without changing it); the nonce is then observed and checked, leaving the
 * transcript as checkWitness does.
 */
export function grindWith(ch: Challenger, bits: number, search: (bits: number) => number): number {
  checkBits(bits);
  const nonce = bits === 0 ? 0 : search(bits);
  if (!ch.checkWitness(bits, nonce)) throw new Error("challenger.grind: internal error, nonce failed its check");
  return nonce;
}

export function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_BITS) {
    throw new RangeError(`challenger: bits must be an integer in [0, ${MAX_BITS}], got ${bits}`);
  }
}
