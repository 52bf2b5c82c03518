// An independent reference check of one fixed proof's transcript and FRI, written from
// prover/stark/README.md (protocol steps 0-6, the proof format) and the duplex-sponge
// description at the top of prover/transcript/challenger.ts, WITHOUT the verifier's
// code: its own sponge, extension arithmetic (BigInt), DEEP combination, arity-2 fold
// and final-polynomial evaluation. Only the Poseidon2 permutation is shared. A mistake
// made the same way in prover.ts and verifier.ts (a value dropped from the transcript
// on both sides, a wrong fold) passes the TS verifier and the circuit, but not this.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkProof } from "../../prover/stark/index.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";

const P = 2013265921n; // 2^31 - 2^27 + 1
const WIDTH = 16, RATE = 8; // Poseidon2 width 16; the sponge absorbs 8 words per permutation
type E = [bigint, bigint, bigint, bigint]; // F_p[x]/(x^4 - 11)

const md = (a: bigint) => ((a % P) + P) % P;
function fpow(b: bigint, e: bigint): bigint {
  let r = 1n;
  for (b = md(b); e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
}
const finv = (a: bigint) => fpow(a, P - 2n);
/** A primitive 2^k-th root of unity from the multiplicative generator 31. */
const omega = (k: number) => fpow(31n, (P - 1n) >> BigInt(k));
const eAdd = (a: E, b: E): E => a.map((v, i) => md(v + b[i])) as E;
const eSub = (a: E, b: E): E => a.map((v, i) => md(v - b[i])) as E;
const eBase = (v: bigint): E => [md(v), 0n, 0n, 0n];
const eScale = (a: E, s: bigint): E => a.map((v) => md(v * s)) as E;
function eMul(a: E, b: E): E {
  const c = new Array<bigint>(7).fill(0n);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) c[i + j] += a[i] * b[j];
  return [md(c[0] + 11n * c[4]), md(c[1] + 11n * c[5]), md(c[2] + 11n * c[6]), md(c[3])];
}
function eInv(a: E): E {
  // a^(p^4 - 2) by square-and-multiply: slow, but this proof is tiny
  let r: E = eBase(1n), b = a;
  for (let e = P ** 4n - 2n; e > 0n; e >>= 1n, b = eMul(b, b)) if (e & 1n) r = eMul(r, b);
  return r;
}
const eEq = (a: E, b: E) => a.every((v, i) => v === b[i]);
const eAt = (words: ArrayLike<number>, k: number): E => [0, 1, 2, 3].map((j) => BigInt(words[4 * k + j])) as E;
const bitrev = (i: number, bits: number) => {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
  return r;
};

/** The duplex sponge as challenger.ts's header describes it (overwrite mode, pop the last output). */
class RefSponge {
  state = new Uint32Array(WIDTH);
  input: number[] = [];
  output: number[] = [];
  observe(vals: ArrayLike<number>) {
    for (const v of Array.from(vals)) {
      this.output = [];
      this.input.push(v);
      if (this.input.length === RATE) this.duplex();
    }
  }
  duplex() {
    this.input.forEach((v, i) => (this.state[i] = v));
    this.input = [];
    poseidon2Permute(this.state);
    this.output = Array.from(this.state.subarray(0, RATE));
  }
  sample(): number {
    if (this.input.length > 0 || this.output.length === 0) this.duplex();
    return this.output.pop()!;
  }
  sampleExt(): E {
    return [0, 1, 2, 3].map(() => BigInt(this.sample())) as E;
  }
  sampleBits(bits: number): number {
    return this.sample() & ((1 << bits) - 1);
  }
}

/** The reference verdict on a one-table proof without preprocessed or aux columns: null, or what is wrong. */
function referenceCheck(proof: StarkProof, vkDigest: Uint32Array): string | null {
  const c = proof.config;
  const t = proof.tables[0];
  const o = t.openings;
  // 0-4 ----- statement, commitments, OOD values, in the order of README's steps
  const s = new RefSponge();
  s.observe([proof.version, c.logBlowup, c.numQueries, c.powBits, c.friLogArity, c.friLogFinalDegree]);
  s.observe(vkDigest);
  s.observe([proof.tables.length, t.logRows, t.publicValues.length]);
  s.observe(t.publicValues);
  s.observe(proof.mainRoot!);
  s.sampleExt(); // alpha (the constraint check is not part of this reference)
  s.observe(proof.quotientRoot);
  const z = s.sampleExt();
  for (const a of [o.prepZ, o.prepZNext, o.mainZ, o.mainZNext, o.auxZ, o.auxZNext, o.quotientZ]) s.observe(a);
  const gamma = s.sampleExt();
  // 5-6 ----- FRI roots and betas, the final polynomial, grinding, the query indices
  const betas = proof.friRoots.map((r) => (s.observe(r), s.sampleExt()));
  s.observe(proof.friFinalPoly);
  s.observe([proof.powNonce]);
  if (s.sampleBits(c.powBits) !== 0) return "proof of work";
  const logN = t.logRows + c.logBlowup;
  const indices = proof.queries.map(() => s.sampleBits(logN));

  // DEEP coefficients: gamma^0, gamma^1, ... over the columns at z (main, then the
  // quotient's base columns), then over the trace columns at z·w.
  const nMain = o.mainZ.length / 4, nQuot = o.quotientZ.length / 4;
  const powers: E[] = [eBase(1n)];
  while (powers.length < nMain + nQuot + nMain) powers.push(eMul(powers[powers.length - 1], gamma));
  const zw = eScale(z, omega(t.logRows));
  let aZ = eBase(0n), bZ = eBase(0n);
  for (let k = 0; k < nMain; k++) aZ = eAdd(aZ, eMul(powers[k], eAt(o.mainZ, k)));
  for (let k = 0; k < nQuot; k++) aZ = eAdd(aZ, eMul(powers[nMain + k], eAt(o.quotientZ, k)));
  for (let k = 0; k < nMain; k++) bZ = eAdd(bZ, eMul(powers[nMain + nQuot + k], eAt(o.mainZNext, k)));
  const finalLog = c.friLogFinalDegree + c.logBlowup;

  for (const [qi, index] of indices.entries()) {
    const q = proof.queries[qi];
    const cols = [...q.main!.rows[0], ...q.quotient.rows[0]].map(BigInt);
    let a = eBase(0n), b = eBase(0n);
    cols.forEach((v, k) => (a = eAdd(a, eScale(powers[k], v))));
    cols.slice(0, nMain).forEach((v, k) => (b = eAdd(b, eScale(powers[nMain + nQuot + k], v))));
    const x = eBase(31n * fpow(omega(logN), BigInt(bitrev(index, logN))));
    let value = eAdd(eMul(eSub(a, aZ), eInv(eSub(x, z))), eMul(eSub(b, bZ), eInv(eSub(x, zw))));
    // arity-2 layers: the leaf holds f(x0), f(-x0) at rows 2r, 2r+1 of the bit-reversed layer
    let idx = index, logSize = logN, shift = 31n;
    for (let k = 0; k < betas.length; k++, logSize--, shift = (shift * shift) % P) {
      const leaf = q.fri[k].rows[0];
      if (!eEq(eAt(leaf, idx & 1), value)) return `query ${qi}: layer ${k} does not hold the expected value`;
      const r = idx >> 1;
      const x0 = (shift * fpow(omega(logSize), BigInt(bitrev(2 * r, logSize)))) % P;
      const f0 = eAt(leaf, 0), f1 = eAt(leaf, 1);
      const half = finv(2n);
      value = eAdd(eScale(eAdd(f0, f1), half), eMul(betas[k], eScale(eSub(f0, f1), (half * finv(x0)) % P)));
      idx = r;
    }
    if (logSize !== finalLog) return `FRI ends at 2^${logSize}, expected 2^${finalLog}`;
    const xf = (shift * fpow(omega(logSize), BigInt(bitrev(idx, logSize)))) % P;
    let acc = eBase(0n);
    for (let j = proof.friFinalPoly.length / 4 - 1; j >= 0; j--) acc = eAdd(eScale(acc, xf), eAt(proof.friFinalPoly, j));
    if (!eEq(acc, value)) return `query ${qi}: the final polynomial disagrees`;
  }
  return null;
}

describe("independent reference: transcript and FRI of a fixed proof (test preset, Fibonacci 2^6)", () => {
  let proof: StarkProof;
  let vkDigest: Uint32Array;
  before(async () => {
    expect(TEST_CONFIG_INSECURE.friLogArity, "the reference folds by 2").to.equal(1);
    const pk = await setup(TEST_CONFIG_INSECURE, [fibonacciAir]);
    vkDigest = pk.vk.digest;
    proof = (await prove(pk, [fibonacciTrace(6)])).proof;
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
  });

  it("derives the same challenges and query indices: every FRI step and the final polynomial check out", () => {
    expect(proof.friRoots.length).to.equal(4); // 2^8 LDE folded to 2^4 (4 coefficients, blowup 4)
    expect(referenceCheck(proof, vkDigest)).to.equal(null);
  });

  it("rejects what the verifier rejects: a changed public value, OOD value, final coefficient, nonce or FRI leaf", () => {
    const bumped = (v: number) => (v + 1) % Number(P);
    // a change before the queries moves them: the openings no longer match (layer 0), or PoW fails first
    const moved = /proof of work|query \d+: layer 0 does not hold/;
    const cases: Array<[string, (p: StarkProof) => void, RegExp]> = [
      ["public value", (p) => void (p.tables[0].publicValues[2] = bumped(p.tables[0].publicValues[2])), moved],
      ["OOD main value", (p) => void (p.tables[0].openings.mainZ[0] = bumped(p.tables[0].openings.mainZ[0])), moved],
      ["final coefficient", (p) => void (p.friFinalPoly[0] = bumped(p.friFinalPoly[0])), moved],
      ["nonce", (p) => void (p.powNonce += 1), moved],
      // both entries of query 0's layer-2 leaf: whichever it selects, the value or the fold is off
      ["FRI leaf", (p) => {
        const leaf = p.queries[0].fri[2].rows[0];
        leaf[0] = bumped(leaf[0]);
        leaf[4] = bumped(leaf[4]);
      }, /query 0: layer 2 does not hold/],
    ];
    for (const [what, tamper, reason] of cases) {
      const bad = structuredClone(proof);
      tamper(bad);
      expect(referenceCheck(bad, vkDigest), what).to.match(reason);
    }
  });
});
