// The "poseidon-bn254" hash suite: hashRow / compress / bulk APIs agree, its challenger
// behaves (determinism, distinct inputs, sampling ranges, grinding), and a STARK proved with
// it verifies, while a tampered proof and a Poseidon2-suite key reject it.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { R_BN254, bigintToWords, wordsToBigint } from "../../prover/hash/bn254-field.ts";
import { Bn254Challenger, packGroup } from "../../prover/transcript/bn254-challenger.ts";
import { P } from "../../prover/field/babybear.ts";
import { setup, prove, verify, encodeProof, decodeProof, TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";

// circomlibjs ships no types: import it through a variable specifier (typed as any).
const CIRCOMLIBJS = "circomlibjs";
type PoseidonRef = ((inputs: bigint[], init?: bigint, nOut?: number) => unknown) & { F: { toObject(x: unknown): bigint } };
const buildPoseidon = async (): Promise<PoseidonRef> => (await import(CIRCOMLIBJS)).buildPoseidon();


const suite = getHashSuite("poseidon-bn254");

function column(n: number, seed: number): Uint32Array {
  const c = new Uint32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    c[i] = i % 5 === 0 ? P - 1 : x % P;
  }
  return c;
}

describe("poseidon-bn254 hash suite", () => {
  it("is registered and has one-element digests", () => {
    expect(suite.id).to.equal("poseidon-bn254");
    expect(suite.digestWords).to.equal(8);
  });

  it("compress is circomlib Poseidon(2) and rejects non-canonical digests", async () => {
    const ref = await buildPoseidon();
    const l = bigintToWords(R_BN254 - 3n), r = bigintToWords(12345n);
    expect(wordsToBigint(suite.compress(l, r))).to.equal(ref.F.toObject(ref([R_BN254 - 3n, 12345n])));
    expect(() => suite.compress(bigintToWords(R_BN254), r)).to.throw(RangeError);
    expect(() => suite.compress(l, new Uint32Array(7))).to.throw(RangeError);
  });

  it("hashRow rejects non-canonical BabyBear values and hashes the empty row to 0", () => {
    expect(() => suite.hashRow(Uint32Array.of(1, P))).to.throw(RangeError);
    expect([...suite.hashRow(new Uint32Array(0))]).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  for (const widths of [[16], [3, 5], [1], [40, 2, 7], [0, 17]]) {
    it(`hashLeaves equals hashRow of each concatenated row (widths ${widths.join("+")})`, async () => {
      const height = 300;
      const matrices = widths.map((w, m) => Array.from({ length: w }, (_, c) => column(height, 97 * m + c + 1)));
      const leaves = await suite.hashLeaves(matrices, height);
      for (const i of [0, 1, 150, height - 1]) {
        const row = Uint32Array.from(matrices.flat(), (col) => col[i]);
        expect([...leaves.subarray(8 * i, 8 * i + 8)], `row ${i}`).to.deep.equal([...suite.hashRow(row)]);
      }
    });
  }

  it("compressPairs equals compress pair by pair (parallel path included)", async () => {
    const count = 600;
    const leaves = await suite.hashLeaves([[column(2 * count, 5), column(2 * count, 6)]], 2 * count);
    const out = await suite.compressPairs!(leaves, count);
    for (const i of [0, 299, count - 1]) {
      const l = leaves.subarray(16 * i, 16 * i + 8), r = leaves.subarray(16 * i + 8, 16 * i + 16);
      expect([...out.subarray(8 * i, 8 * i + 8)]).to.deep.equal([...suite.compress(l, r)]);
    }
  });
});

describe("poseidon-bn254 challenger", () => {
  const digest = bigintToWords(987654321987654321987654321n);
  const script = (ch: Bn254Challenger) => {
    ch.observe([1, 2, 3]);
    ch.observeDigest(digest);
    ch.observeExt(Uint32Array.of(5, 6, 7, 8));
    return [ch.sampleBase(), ...ch.sampleExt(), ch.sampleBits(20), ch.sampleBase(), ch.sampleBase()];
  };

  it("is deterministic, and clone() continues identically", () => {
    const a = new Bn254Challenger(), b = new Bn254Challenger();
    expect(script(a)).to.deep.equal(script(b));
    a.observe([42]);
    const c = a.clone();
    expect([a.sampleBase(), ...a.sampleExt()]).to.deep.equal([c.sampleBase(), ...c.sampleExt()]);
  });

  it("samples canonical BabyBear values and in-range bits", () => {
    const ch = new Bn254Challenger();
    for (let i = 0; i < 200; i++) {
      ch.observe([i]);
      const v = ch.sampleBase();
      expect(v).to.be.within(0, P - 1);
      expect(ch.sampleBits(5)).to.be.within(0, 31);
      for (const e of ch.sampleExt()) expect(e).to.be.within(0, P - 1);
    }
  });

  it("distinct observations give distinct samples (values, lengths, digests)", () => {
    const seen = new Set<string>();
    const variants: Array<(ch: Bn254Challenger) => void> = [
      (ch) => ch.observe([1]),
      (ch) => ch.observe([1, 0]),
      (ch) => ch.observe([2]),
      (ch) => ch.observe([1, 2, 3, 4, 5, 6, 7, 8]),
      (ch) => ch.observe([1, 2, 3, 4, 5, 6, 7, 9]),
      (ch) => ch.observeDigest(digest),
      (ch) => ch.observeDigest(bigintToWords(987654321987654321987654322n)),
      (ch) => { ch.observe([1]); ch.observeDigest(digest); },
      () => {},
    ];
    for (const v of variants) {
      const ch = new Bn254Challenger();
      v(ch);
      seen.add(JSON.stringify([ch.sampleBase(), ch.sampleBase()]));
    }
    expect(seen.size).to.equal(variants.length);
  });

  it("packs groups with a length tag below 8 values and none at 8", () => {
    const out = new Uint32Array(8);
    packGroup([P - 1], 1, out);
    expect(wordsToBigint(out)).to.equal(BigInt(P - 1) + (1n << 248n));
    packGroup([1, 2, 3, 4, 5, 6, 7, 8], 8, out);
    expect(wordsToBigint(out)).to.equal([1, 2, 3, 4, 5, 6, 7, 8].reduce((a, v, j) => a + (BigInt(v) << BigInt(31 * j)), 0n));
  });

  it("rejects non-canonical inputs", () => {
    const ch = new Bn254Challenger();
    expect(() => ch.observe([P])).to.throw(RangeError);
    expect(() => ch.observeDigest(bigintToWords(R_BN254))).to.throw(RangeError);
  });

  it("grind finds a nonce that checkWitness accepts, and a wrong nonce is rejected", () => {
    for (const pending of [[], [7], [1, 2, 3, 4, 5, 6, 7]]) {
      const prover = new Bn254Challenger();
      prover.observeDigest(digest);
      prover.observe(pending);
      const verifier = prover.clone();
      const wrong = prover.clone();
      const nonce = prover.grind(8);
      expect(verifier.checkWitness(8, nonce)).to.equal(true);
      expect(prover.sampleBase()).to.equal(verifier.sampleBase()); // same state afterwards
      // nonce is the least: every smaller one fails
      for (let n = 0; n < nonce; n++) expect(wrong.clone().checkWitness(8, n), `nonce ${n}`).to.equal(false);
      expect(wrong.clone().checkWitness(8, P)).to.equal(false);
    }
  });
  it("grinds on two threads from 12 bits on and still returns the least nonce", () => {
    const prover = new Bn254Challenger();
    prover.observe([3, 1, 4]);
    const verifier = prover.clone();
    const nonce = prover.grind(13);
    expect(verifier.clone().checkWitness(13, nonce)).to.equal(true);
    for (let n = 0; n < nonce; n++) expect(verifier.clone().checkWitness(13, n), `nonce ${n}`).to.equal(false);
  });
});

describe("STARK with the poseidon-bn254 suite", function () {
  let pk: Awaited<ReturnType<typeof setup>>;
  let proof: Awaited<ReturnType<typeof prove>>["proof"];
  before(async () => {
    pk = await setup({ ...TEST_CONFIG_INSECURE, hashSuite: "poseidon-bn254" }, [fibonacciAir]);
    ({ proof } = await prove(pk, [fibonacciTrace(6)]));
  });

  it("accepts an honest proof, also after a binary round trip (digest words above p)", () => {
    expect(proof.config.hashSuite).to.equal("poseidon-bn254");
    expect(proof.config.powBits).to.be.greaterThan(0);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    expect(verify(pk.vk, decodeProof(encodeProof(proof).bytes))).to.deep.equal({ ok: true });
  });

  it("rejects a tampered opened row", () => {
    const bad = structuredClone(proof);
    bad.queries[0].main!.rows[0][0] = (bad.queries[0].main!.rows[0][0] + 1) % P;
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
  });

  it("proves and verifies a table with preprocessed columns (the key hashes the 32-bit root words)", async () => {
    const pkR = await setup({ ...TEST_CONFIG_INSECURE, hashSuite: "poseidon-bn254" }, [rangeCheckAir], [rangeCheckPreprocessed()]);
    const { proof: p } = await prove(pkR, [rangeCheckTrace()]);
    expect(verify(pkR.vk, p)).to.deep.equal({ ok: true });
    const bad = structuredClone(p);
    bad.queries[0].prep!.rows[0][0] = (bad.queries[0].prep!.rows[0][0] + 1) % P;
    expect(verify(pkR.vk, bad).ok).to.equal(false);
  });

  it("a Poseidon2-suite key rejects the BN254-suite proof", async () => {
    const pk2 = await setup(TEST_CONFIG_INSECURE, [fibonacciAir]);
    expect(verify(pk2.vk, proof).ok).to.equal(false);
  });
});
