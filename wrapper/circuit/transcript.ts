// The Fiat-Shamir transcript of the "poseidon-bn254" suite, replayed in the circuit.
//
// Mirrors prover/transcript/bn254-challenger.ts step for step (its header is the
// specification): an overwrite-mode duplex over circomlib PoseidonEx(2, 3) with s0 as
// capacity; BabyBear values are packed 8 per element (with a length tag for short
// groups); each squeezed element s is split as s = lo + 2^96·hi + 2^192·top into 96-bit
// chunks (lo(s1), hi(s1), lo(s2), hi(s2)); sampleBase = chunk mod p, sampleBits = low
// bits of the chunk.
//
// The split costs less than circomlib's Num2Bits_strict (1,213 PLONK gates): each chunk is
// range-checked in the form its use needs (q·p + r with q < floor((2^96-1)/p) - 1 and
// r < 2^31 for sampleBase; n boolean bits plus a (96-n)-bit rest for sampleBits; one 96-bit check if
// unused), and top < floor(r/2^192) rules out the alias s + r. An honest s whose top
// equals floor(r/2^192) (probability ~2^-62) cannot be split: witness generation fails
// and the proof must be redone (e.g. with another PoW nonce), never a wrong acceptance. The structure (which value lands in which element,
// when the sponge permutes) depends only on the proof's shape, so it is resolved here at
// generation time and the circuit is straight-line.
import { P, type Emitter, type Ext, type Val } from "./emitter.ts";

type Chunk = { state: 1 | 2; half: 0 | 1 };

const R_TOP = 21888242871839275222246405745257275088548364400416034343698204186575808495617n >> 192n;
const TWO_96 = 1n << 96n;
/** floor((2^96 - 1) / p): q <= Q_MAX - 1 gives q·p + r < 2^96 for any r < 2^31. */
const Q_MAX = (TWO_96 - 1n) / P;

/** How one squeezed element is split; each chunk's form is fixed at its first use. */
type Split = { s: string; chunks: [string | null, string | null] };

export class CircuitChallenger<S> {
  private state: [string, string, string] = ["0", "0", "0"];
  private vals: Val[] = [];
  private elems: string[] = [];
  private queue: Chunk[] = [];
  /** The splits of the current s1 and s2, created on first use, closed at the next duplex. */
  private splits: [Split | null, Split | null] = [null, null];
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
    const w = this.chunkWitness(c);
    // chunk = q·p + r with r < 2^31 and 0 <= q <= Q_MAX - 1, which also bounds the chunk
    // below 2^96 (so lo and hi cannot trade a 2^96). An honest q = Q_MAX (the chunk in the
    // top 2^-65 of its range) makes witness generation fail, never a wrong acceptance.
    const q = em.fresh("sq");
    const r = em.fresh("sr");
    em.line(`signal ${q}; signal ${r}; ${q} <-- (${w}) \\ ${P}; ${r} <-- (${w}) % ${P};`);
    em.rangeCheck(q, 66);
    em.rangeCheck(`${Q_MAX - 1n} - ${q}`, 66);
    em.rangeCheck(r, 31);
    this.setChunk(c, `${q} * ${P} + ${r}`);
    return em.signal(r, 1n << 31n);
  }

  sampleExt(): Ext {
    return [this.sampleBase(), this.sampleBase(), this.sampleBase(), this.sampleBase()];
  }

  /** The low `n` bits of the next chunk, least significant first (signal names). */
  sampleBits(n: number): string[] {
    const em = this.em;
    const c = this.nextChunk();
    const w = this.chunkWitness(c);
    const b = em.fresh("sb");
    const rest = em.fresh("srest");
    em.line(`signal ${b}[${n}]; signal ${rest}; ${rest} <-- (${w}) >> ${n};`);
    em.line(`for (var i = 0; i < ${n}; i++) { ${b}[i] <-- ((${w}) >> i) & 1; ${b}[i] * (${b}[i] - 1) === 0; }`);
    em.rangeCheck(rest, 96 - n);
    const bits = Array.from({ length: n }, (_, i) => `${b}[${i}]`);
    this.setChunk(c, [...bits.map((x, i) => `${1n << BigInt(i)} * ${x}`), `${1n << BigInt(n)} * ${rest}`].join(" + "));
    return bits;
  }

  /** Closes the splits of the last permutation (call once, after the last sample). */
  finish(): void {
    this.closeSplits();
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
    this.closeSplits();
    const s = this.state;
    const in1 = this.elems[0] ?? s[1];
    const in2 = this.elems[1] ?? s[2];
    this.elems = [];
    const c = em.fresh("sponge");
    em.line(`component ${c} = PoseidonEx(2, 3); ${c}.initialState <== ${s[0]}; ${c}.inputs[0] <== ${in1}; ${c}.inputs[1] <== ${in2};`);
    this.state = [`${c}.out[0]`, `${c}.out[1]`, `${c}.out[2]`];
    this.permutations.count++;
    this.queue = [{ state: 1, half: 0 }, { state: 1, half: 1 }, { state: 2, half: 0 }, { state: 2, half: 1 }];
  }

  /** The chunk's value as a witness expression (canonical s, so plain shifts). */
  private chunkWitness(c: Chunk): string {
    const split = (this.splits[c.state - 1] ??= { s: this.state[c.state], chunks: [null, null] });
    return `((${split.s} >> ${96 * c.half}) & ${TWO_96 - 1n})`;
  }

  private setChunk(c: Chunk, expr: string): void {
    (this.splits[c.state - 1] as Split).chunks[c.half] = expr;
  }

  /** s = lo + 2^96·hi + 2^192·top, unused chunks checked below 2^96, top < floor(r / 2^192). */
  private closeSplits(): void {
    const em = this.em;
    for (const split of this.splits) {
      if (!split) continue;
      const parts = split.chunks.map((expr, half) => {
        if (expr) return expr;
        const u = em.fresh("sunused");
        em.line(`signal ${u}; ${u} <-- (${split.s} >> ${96 * half}) & ${TWO_96 - 1n};`);
        em.rangeCheck(u, 96);
        return u;
      });
      const top = em.fresh("stop");
      em.line(`signal ${top}; ${top} <-- ${split.s} >> 192;`);
      em.rangeCheck(top, 62);
      em.rangeCheck(`${R_TOP - 1n} - ${top}`, 62);
      em.line(`${split.s} === ${parts[0]} + ${TWO_96} * (${parts[1]}) + ${1n << 192n} * ${top};`);
    }
    this.splits = [null, null];
  }
}
