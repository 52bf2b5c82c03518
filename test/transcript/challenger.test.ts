// Duplex challenger: transcripts agree, differ on different observations, grinding.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { P } from "../../prover/field/babybear.ts";
import { DuplexChallenger } from "../../prover/transcript/challenger.ts";
import { grindSearch } from "../../prover/hash/poseidon2-batch.ts";
import { grindSearchParallel } from "../../prover/hash/poseidon2-grind.ts";

const suite = getHashSuite("poseidon2-babybear-16");

function script(observe: number[]): number[] {
  const c = suite.newChallenger();
  c.observe(observe);
  c.observeDigest(Uint32Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  const out = [c.sampleBase(), ...c.sampleExt()];
  c.observeExt(Uint32Array.of(9, 10, 11, 12));
  out.push(c.sampleBits(10), c.sampleBase());
  return out;
}

describe("DuplexChallenger (Poseidon2-BabyBear-16)", () => {
  it("prover and verifier transcripts agree", () => {
    expect(script([1, 2, 3])).to.deep.equal(script([1, 2, 3]));
  });

  it("different observations give different samples", () => {
    expect(script([1, 2, 3])).to.not.deep.equal(script([1, 2, 4]));
    expect(script([1, 2, 3])).to.not.deep.equal(script([1, 2, 3, 0]));
  });

  it("follows Plonky3's duplex: overwrite rate, permute, pop from the end", () => {
    const c = suite.newChallenger();
    c.observe([5, 6, 7]);
    const s = new Uint32Array(16);
    s.set([5, 6, 7]);
    poseidon2Permute(s);
    expect(c.sampleBase()).to.equal(s[7]);
    expect(c.sampleBase()).to.equal(s[6]);
    // a full rate of observations duplexes at once; sampling then needs no permutation
    const d = suite.newChallenger();
    d.observe([1, 2, 3, 4, 5, 6, 7, 8]);
    const t = new Uint32Array(16);
    t.set([1, 2, 3, 4, 5, 6, 7, 8]);
    poseidon2Permute(t);
    expect(d.sampleBase()).to.equal(t[7]);
  });

  it("clone is independent", () => {
    const a = suite.newChallenger();
    a.observe([42]);
    const b = a.clone();
    expect(a.sampleBase()).to.equal(b.sampleBase());
    a.observe([1]);
    b.observe([2]);
    expect(a.sampleBase()).to.not.equal(b.sampleBase());
  });

  it("sampleBits stays in range; rejects bits > 27 and non-canonical input", () => {
    const c = suite.newChallenger();
    for (const bits of [0, 1, 5, 20, 27]) {
      for (let i = 0; i < 20; i++) {
        const v = c.sampleBits(bits);
        expect(v).to.be.at.least(0).and.lessThan(2 ** bits);
      }
    }
    expect(() => c.sampleBits(28)).to.throw(/bits/);
    expect(() => c.observe([P])).to.throw(/canonical/);
  });

  it("grind finds a nonce the verifier accepts; state ends the same; wrong nonce rejected", () => {
    for (const [bits, pre] of [[8, [1, 2, 3]], [10, [1, 2, 3, 4, 5, 6, 7]], [6, []]] as const) {
      const prover = suite.newChallenger();
      prover.observe(pre);
      const verifier = prover.clone();
      const other = prover.clone();
      const nonce = prover.grind(bits);
      expect(verifier.checkWitness(bits, nonce)).to.equal(true);
      expect(prover.sampleBase()).to.equal(verifier.sampleBase());
      // nonces below the found one all fail (grind returns the first)
      if (nonce > 0) expect(other.clone().checkWitness(bits, nonce - 1)).to.equal(false);
    }
  });

  it("the wasm nonce search finds the same nonce as the plain TS search", () => {
    const plain = { width: 16, rate: 8, permute: poseidon2Permute };
    for (let pending = 0; pending < 8; pending++) {
      const inputs = Array.from({ length: 8 + pending }, (_, i) => i * 7 + pending);
      const fast = suite.newChallenger();
      const slow = new DuplexChallenger(plain);
      fast.observe(inputs);
      slow.observe(inputs);
      expect(fast.grind(9), `pending ${pending}`).to.equal(slow.grind(9));
      expect(fast.sampleBase()).to.equal(slow.sampleBase());
    }
  });

  it("the two-thread search returns the least passing nonce, as the one-thread search does", () => {
    // 12-14 bits: the worker takes the odd blocks of 2^14 nonces, so answers past the first block come from both threads
    for (const [bits, seed] of [[12, 1], [13, 2], [14, 3], [14, 4], [13, 5]] as const) {
      const c = suite.newChallenger();
      c.observe([seed, 11 * seed, 3]);
      const template = Uint32Array.from({ length: 16 }, (_, i) => (i * 1_000_003 + seed * 97) % P);
      const one = grindSearch(template, 3, 7, bits, P);
      expect(grindSearchParallel(template, 3, 7, bits, P), `${bits} bits, seed ${seed}`).to.equal(one);
      expect(one).to.be.at.least(0);
    }
    const small = Uint32Array.from({ length: 16 }, (_, i) => i + 1);
    expect(grindSearchParallel(small, 0, 7, 20, 1000), "none below the limit").to.equal(grindSearch(small, 0, 7, 20, 1000));
  });

  it("grinds 16 bits quickly enough for a test", () => {
    const c = suite.newChallenger();
    c.observe([7]);
    const v = c.clone();
    const nonce = c.grind(16);
    expect(v.checkWitness(16, nonce)).to.equal(true);
  });
});
