// Leaf sponge, compression and the suite registry.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { spongeHash, compressPair } from "../../prover/hash/sponge.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { P } from "../../prover/field/babybear.ts";

function randomWords(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = (x >>> 0) % P;
  }
  return out;
}

describe("Poseidon2 sponge and compression", () => {
  const suite = getHashSuite("poseidon2-babybear-16");

  it("registry: known id, clear error on an unknown one", () => {
    expect(suite.id).to.equal("poseidon2-babybear-16");
    expect(suite.digestWords).to.equal(8);
    expect(() => getHashSuite("sha3-nope")).to.throw(/unknown hash suite 'sha3-nope'/);
  });

  it("sponge: one chunk overwrites the rate and permutes once", () => {
    const row = randomWords(5, 1);
    const s = new Uint32Array(16);
    s.set(row);
    poseidon2Permute(s);
    expect([...spongeHash(row)]).to.deep.equal([...s.slice(0, 8)]);
  });

  it("sponge: overwrite mode (second chunk replaces words, capacity carried)", () => {
    const row = randomWords(11, 2);
    const s = new Uint32Array(16);
    s.set(row.subarray(0, 8));
    poseidon2Permute(s);
    s.set(row.subarray(8)); // words 3..7 keep their values
    poseidon2Permute(s);
    expect([...suite.hashRow(row)]).to.deep.equal([...s.slice(0, 8)]);
  });

  it("sponge: empty row is the zero digest; padding-free, so only fixed widths are safe", () => {
    expect([...spongeHash(new Uint32Array(0))]).to.deep.equal(new Array(8).fill(0));
    // Plonky3's PaddingFreeSponge does not tell [1] from [1, 0]; the Merkle tree binds widths via dims.
    expect([...spongeHash(Uint32Array.of(1))]).to.deep.equal([...spongeHash(Uint32Array.of(1, 0))]);
  });

  it("compress: first 8 words of permute(left || right); order matters", () => {
    const l = randomWords(8, 3), r = randomWords(8, 4);
    const s = new Uint32Array(16);
    s.set(l); s.set(r, 8);
    poseidon2Permute(s);
    expect([...compressPair(l, r)]).to.deep.equal([...s.slice(0, 8)]);
    expect([...suite.compress(l, r)]).to.not.deep.equal([...suite.compress(r, l)]);
    expect(() => suite.compress(l, r.subarray(1))).to.throw(/8 words/);
  });

  it("hashLeaves equals hashRow of each concatenated row (mixed widths, odd height)", async () => {
    const height = 37;
    const matrices = [[randomWords(height, 5), randomWords(height, 6), randomWords(height, 7)],
      Array.from({ length: 10 }, (_, c) => randomWords(height, 100 + c))];
    const out = await suite.hashLeaves(matrices, height);
    expect(out.buffer).to.be.instanceOf(SharedArrayBuffer);
    for (let i = 0; i < height; i++) {
      const row = Uint32Array.from(matrices.flat(), (col) => col[i]);
      expect([...out.subarray(8 * i, 8 * i + 8)], `row ${i}`).to.deep.equal([...suite.hashRow(row)]);
    }
  });

  it("compressPairs equals compress pair by pair (small, and big enough for threads)", async () => {
    const small = randomWords(16 * 9, 8);
    const out9 = await suite.compressPairs!(small, 9);
    for (let i = 0; i < 9; i++) {
      expect([...out9.subarray(8 * i, 8 * i + 8)]).to.deep.equal([...compressPair(small.subarray(16 * i, 16 * i + 8), small.subarray(16 * i + 8, 16 * i + 16))]);
    }
    const pairs = randomWords(16 * 5001, 9);
    const out = await suite.compressPairs!(pairs, 5001);
    for (const i of [0, 1, 2, 3, 4, 2499, 2500, 2501, 5000]) {
      expect([...out.subarray(8 * i, 8 * i + 8)]).to.deep.equal([...compressPair(pairs.subarray(16 * i, 16 * i + 8), pairs.subarray(16 * i + 8, 16 * i + 16))]);
    }
  });
});
