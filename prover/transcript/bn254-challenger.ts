// Fiat-Shamir transcript of the "poseidon-bn254" hash suite: an overwrite-mode duplex sponge
// over circomlib's Poseidon permutation for t = 3 (prover/hash/poseidon-bn254.ts), built so
// that a circom circuit can replay it with PoseidonEx(2, 3), linear packing, and one bit
// decomposition per squeeze. It implements the same `Challenger` interface as Plonky3-style
// DuplexChallenger (challenger.ts); the differences are the BN254 state and the packing.
//
// State: [s0, s1, s2] in F_r (BN254 scalar field), initially all 0. s0 is the capacity (never
// written by inputs, never output); s1, s2 are the rate.
// Absorbing. Pending inputs are a list E of at most 2 BN254 elements plus a group V of at
// most 8 BabyBear values:
// - observe(v) (v canonical BabyBear): clear the output queue; append v to V; when V holds
//   8 values, append pack(V) to E and empty V; when E holds 2 elements, duplex.
// - observeExt(e): observe(e0, e1, e2, e3).
// - observeDigest(d) (one canonical BN254 element, 8 words): clear the output queue; if V is
//   non-empty, append pack(V) to E and empty V (duplex if E now holds 2); append d to E;
//   duplex if E holds 2.
// - pack(V) for n = |V| values: sum_{j<n} V_j·2^(31 j), plus n·2^248 when n < 8 (a length
//   tag, so that observing [x] and [x, 0] differ; a full group has no tag and equals the
//   leaf packing of poseidon-bn254.ts). All packs are < 2^251 < r.
// Duplexing: first flush a non-empty V into E as above; then overwrite s_{1+i} = E_i for
// i < |E| (with |E| = 1, s2 keeps its value), empty E, and permute:
// (s0, s1, s2) = PoseidonEx(2, 3)(inputs = [s1, s2], initialState = s0). The output queue
// becomes the four 96-bit chunks [lo(s1), hi(s1), lo(s2), hi(s2)], where for the canonical
// value s < r: lo(s) = s mod 2^96 and hi(s) = floor(s / 2^96) mod 2^96 (bits 192..253 unused).
// Squeezing. Every sample takes the NEXT chunk from the front of the queue; if inputs are
// pending (E or V non-empty) or the queue is empty, duplex first.
// - sampleBase() = chunk mod p (p = 2^31 - 2^27 + 1).
// - sampleExt() = [sampleBase() x 4], coefficient 0 first (one permutation per extension
//   challenge when nothing is pending in between).
// - sampleBits(b), b <= 27: the low b bits of the chunk (no reduction).
// Bias ("nothing worth mentioning"): s is uniform on [0, r) (modelling Poseidon as random);
// its low 192 bits are within statistical distance 2^192/r < 2^-61.6 of uniform on
// [0, 2^192), so each chunk is nearly uniform on [0, 2^96); a uniform 96-bit value mod p is
// within p/2^96 < 2^-65 of uniform on F_p, and its low b bits are exactly uniform. So every
// sample is within 2^-61 of uniform. In the circuit (wrapper/circuit/transcript.ts): s is
// split as lo + 2^96·hi + 2^192·top with top < floor(r / 2^192) (so s + r is no alias),
// and each chunk is range-checked in the form its sample needs.
// Grinding (proof of work): checkWitness(bits, nonce) = observe([nonce]) then
// sampleBits(bits) == 0, with the nonce a canonical BabyBear value (anything else fails).
// grind(bits) returns the least passing nonce (each candidate costs one permutation; the
// search runs on two threads from 12 bits on, see bn254-grind.ts), leaving the transcript
// as checkWitness does.
import { checkBits, grindWith, type Challenger } from "./challenger.ts";
import { P, mul as bbMul } from "../field/babybear.ts";
import { FR_WORDS } from "../hash/bn254-field.ts";
import { poseidonBn254, checkDigest, type PoseidonBn254 } from "../hash/poseidon-bn254.ts";
import { searchNonce } from "./bn254-grind.ts";

const TWO_32 = 4294967296 % P; // 2^32 mod p
const CHUNK_WORDS = 3;

/** (w0 + w1·2^32 + w2·2^64) mod p without BigInt. */
function chunkModP(w: Uint32Array, o: number): number {
  let x = w[o + 2] % P;
  x = (bbMul(x, TWO_32) + (w[o + 1] % P)) % P;
  x = (bbMul(x, TWO_32) + (w[o] % P)) % P;
  return x;
}

/** pack(V) with the length tag of the header, into out[o..o+8). */
export function packGroup(vals: ArrayLike<number>, n: number, out: Uint32Array, o = 0): void {
  out.fill(0, o, o + FR_WORDS);
  for (let j = 0; j < n; j++) {
    const v = vals[j] >>> 0;
    const bit = 31 * j;
    const s = bit & 31;
    out[o + (bit >> 5)] |= v << s;
    if (s > 1) out[o + (bit >> 5) + 1] |= v >>> (32 - s);
  }
  if (n < 8) out[o + 7] |= n << 24; // n·2^248
}

export class Bn254Challenger implements Challenger {
  private readonly k: PoseidonBn254;
  private readonly state: Uint32Array; // s0, s1, s2: 24 words
  private vals: number[] = [];
  private elems: Uint32Array[] = [];
  private readonly out = new Uint32Array(4 * CHUNK_WORDS);
  private outPos = 4; // next chunk to hand out; 4 = empty

  constructor(kernel: PoseidonBn254 = poseidonBn254(), state?: Uint32Array) {
    this.k = kernel;
    this.state = state ? state.slice() : new Uint32Array(3 * FR_WORDS);
  }

  observe(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= 0 && v < P)) {
        throw new RangeError(`challenger.observe: value ${v} at ${i} is not a canonical BabyBear element`);
      }
      this.outPos = 4;
      this.vals.push(v);
      if (this.vals.length === 8) this.flushVals();
      if (this.elems.length === 2) this.duplex();
    }
  }

  observeDigest(d: Uint32Array): void {
    checkDigest(d, "observed");
    this.outPos = 4;
    if (this.vals.length > 0) {
      this.flushVals();
      if (this.elems.length === 2) this.duplex();
    }
    this.elems.push(d.slice());
    if (this.elems.length === 2) this.duplex();
  }

  observeExt(e: Uint32Array): void {
    if (e.length !== 4) throw new RangeError(`challenger.observeExt: expected 4 words, got ${e.length}`);
    this.observe(e);
  }

  sampleBase(): number {
    return chunkModP(this.out, this.nextChunk());
  }

  sampleExt(): Uint32Array {
    const e = new Uint32Array(4);
    for (let i = 0; i < 4; i++) e[i] = this.sampleBase();
    return e;
  }

  sampleBits(bits: number): number {
    checkBits(bits);
    const o = this.nextChunk();
    return bits === 0 ? 0 : this.out[o] & (0xffffffff >>> (32 - bits));
  }

  checkWitness(bits: number, nonce: number): boolean {
    checkBits(bits);
    if (!(Number.isInteger(nonce) && nonce >= 0 && nonce < P)) return false;
    this.observe([nonce]);
    return this.sampleBits(bits) === 0;
  }

  grind(bits: number): number {
    return grindWith(this, bits, (b) => this.searchNonce(b));
  }

  clone(): Challenger {
    const c = new Bn254Challenger(this.k, this.state);
    c.vals = this.vals.slice();
    c.elems = this.elems.map((e) => e.slice());
    c.out.set(this.out);
    c.outPos = this.outPos;
    return c;
  }

  private flushVals(): void {
    const e = new Uint32Array(FR_WORDS);
    packGroup(this.vals, this.vals.length, e);
    this.vals.length = 0;
    this.elems.push(e);
  }

  private nextChunk(): number {
    if (this.vals.length > 0 || this.elems.length > 0 || this.outPos >= 4) this.duplex();
    return CHUNK_WORDS * this.outPos++;
  }

  private duplex(): void {
    if (this.vals.length > 0) this.flushVals();
    for (let i = 0; i < this.elems.length; i++) this.state.set(this.elems[i], (1 + i) * FR_WORDS);
    this.elems.length = 0;
    this.k.permute(this.state);
    for (let c = 0; c < 2; c++) {
      const s = (1 + c) * FR_WORDS;
      this.out.set(this.state.subarray(s, s + 2 * CHUNK_WORDS), 2 * c * CHUNK_WORDS);
    }
    this.outPos = 0;
  }

  // Candidate n: pending inputs plus n appended to V, then one duplex; the sample is the
  // low bits of lo(s1). The packed group with n is base + n·2^(31|V|), so only that slot changes.
  private searchNonce(bits: number): number {
    const state = this.state.slice();
    const elems = this.elems.map((e) => e.slice());
    const vals = [...this.vals, 0];
    const base = new Uint32Array(FR_WORDS);
    packGroup(vals, vals.length, base);
    elems.push(base);
    const at = elems.length; // the nonce's element goes to s_at (1 or 2)
    for (let i = 0; i < elems.length - 1; i++) state.set(elems[i], (1 + i) * FR_WORDS);
    const bit = 31 * (vals.length - 1);
    const w = at * FR_WORDS + (bit >> 5);
    const s = bit & 31;
    const mask = 0xffffffff >>> (32 - bits);
    for (let i = 0; i < FR_WORDS; i++) state[at * FR_WORDS + i] = base[i];
    const n = searchNonce({ template: state, w, s, mask }, bits);
    if (n < 0) throw new Error(`challenger.grind: no nonce found for ${bits} bits`);
    return n;
  }
}
