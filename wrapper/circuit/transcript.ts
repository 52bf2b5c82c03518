// The Fiat-Shamir transcript of the "poseidon-bn254" suite, replayed in the circuit.
//
// Mirrors prover/transcript/bn254-challenger.ts step for step (its header is the
// specification): an overwrite-mode duplex over circomlib PoseidonEx(2, 3) with s0 as
// capacity; BabyBear values are packed 8 per element (with a length tag for short
// groups); each squeezed element is decomposed once with Num2Bits_strict into four
// 96-bit chunks (lo(s1), hi(s1), lo(s2), hi(s2)); sampleBase = chunk mod p,
// sampleBits = low bits of the chunk. The structure (which value lands in which element,
// when the sponge permutes) depends only on the proof's shape, so it is resolved here at
// generation time and the circuit is straight-line.
import { type Emitter, type Ext, type Val } from "./emitter.ts";

type Chunk = { state: 1 | 2; half: 0 | 1 };

export class CircuitChallenger<S> {
  private state: [string, string, string] = ["0", "0", "0"];
  private vals: Val[] = [];
  private elems: string[] = [];
  private queue: Chunk[] = [];
  /** Bits of the current s1 and s2 (Num2Bits_strict outputs), decomposed on first use. */
  private bits: [string | null, string | null] = [null, null];
  readonly permutations = { count: 0 };

  private readonly em: Emitter<S>;

  constructor(em: Emitter<S>) {
    this.em = em;
  }

  observe(values: Val[]): void {
    for (const v of values) {
      if (v.bound > 1n << 31n) throw new Error("transcript: observed values must be range-checked below 2^31");
      this.queue = [];
      this.vals.push(v);
      if (this.vals.length === 8) this.flushVals();
      if (this.elems.length === 2) this.duplex();
    }
  }

  observeExt(e: Ext): void {
    this.observe(e);
  }

  /** A digest: one BN254 element (any signal or constant expression). */
  observeDigest(expr: string): void {
    this.queue = [];
    if (this.vals.length > 0) {
      this.flushVals();
      if (this.elems.length === 2) this.duplex();
    }
    this.elems.push(expr);
    if (this.elems.length === 2) this.duplex();
  }

  sampleBase(): Val {
    const em = this.em;
    const c = this.nextChunk();
    const bits = this.chunkBits(c, 96);
    const chunk: Val = { terms: new Map(bits.map((b, i) => [b, 1n << BigInt(i)])), k: 0n, bound: 1n << 96n };
    return em.reduce(em.signal(em.materialize(chunk), 1n << 96n));
  }

  sampleExt(): Ext {
    return [this.sampleBase(), this.sampleBase(), this.sampleBase(), this.sampleBase()];
  }

  /** The low `n` bits of the next chunk, least significant first (signal names). */
  sampleBits(n: number): string[] {
    return this.chunkBits(this.nextChunk(), n);
  }

  /** Proof of work: observe the nonce, then the next `bits` sampled bits must be zero. */
  checkWitness(bits: number, nonce: Val): void {
    this.observe([nonce]);
    const b = this.sampleBits(bits);
    if (bits > 0) this.em.comment(`proof of work: ${bits} leading sampled bits are zero`);
    for (const s of b) this.em.line(`${s} === 0;`);
  }

  /** sum v_j·2^(31 j) (+ n·2^248 for a short group): a BN254 element, so built as text. */
  private pack(vals: Val[]): string {
    const parts = vals.map((v, j) => `${1n << BigInt(31 * j)} * (${this.em.expr(v)})`);
    if (vals.length < 8) parts.push((BigInt(vals.length) << 248n).toString());
    return parts.join(" + ");
  }

  private flushVals(): void {
    this.elems.push(this.pack(this.vals));
    this.vals = [];
  }

  private nextChunk(): Chunk {
    if (this.vals.length > 0 || this.elems.length > 0 || this.queue.length === 0) this.duplex();
    return this.queue.shift() as Chunk;
  }

  private duplex(): void {
    const em = this.em;
    if (this.vals.length > 0) this.flushVals();
    const s = this.state;
    const in1 = this.elems[0] ?? s[1];
    const in2 = this.elems[1] ?? s[2];
    this.elems = [];
    const c = em.fresh("sponge");
    em.line(`component ${c} = PoseidonEx(2, 3); ${c}.initialState <== ${s[0]}; ${c}.inputs[0] <== ${in1}; ${c}.inputs[1] <== ${in2};`);
    this.state = [`${c}.out[0]`, `${c}.out[1]`, `${c}.out[2]`];
    this.permutations.count++;
    this.bits = [null, null];
    this.queue = [{ state: 1, half: 0 }, { state: 1, half: 1 }, { state: 2, half: 0 }, { state: 2, half: 1 }];
  }

  private chunkBits(c: Chunk, n: number): string[] {
    const em = this.em;
    let b = this.bits[c.state - 1];
    if (b === null) {
      // strict: the unique decomposition of the canonical value (s + r would also fit 254 bits)
      b = em.fresh("sbits");
      em.line(`component ${b} = Num2Bits_strict(); ${b}.in <== ${this.state[c.state]};`);
      this.bits[c.state - 1] = b;
    }
    const name = b;
    return Array.from({ length: n }, (_, i) => `${name}.out[${96 * c.half + i}]`);
  }
}
