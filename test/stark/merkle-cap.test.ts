// Merkle caps (StarkConfig.merkleCapHeight, proof format 3, prover/stark/merkle-cap.ts):
// every tree is committed by the 2^c digests of its level c below the root, and every
// opening path stops there. Honest capped proofs verify (both hash suites, trees of mixed
// heights, a cap lowered for a tree whose shortest matrix is short); each has its
// tampered twins; a capped proof is not accepted under an uncapped key, nor the reverse.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { configsEqual, validateConfig, MAX_MERKLE_CAP_HEIGHT } from "../../prover/stark/config.ts";
import { vkDigestOf } from "../../prover/stark/keys.ts";
import { encodeProof, decodeProof } from "../../prover/stark/proof-codec.ts";
import { CAPPED_PROOF_VERSION } from "../../prover/stark/proof.ts";
import { MerkleCommitment, type Matrix } from "../../prover/merkle/mmcs.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { capDigestWords, capHeightOf, commitmentCap, openingUnderCap } from "../../prover/stark/merkle-cap.ts";
import { shortLookupUserAir, shortLookupTableAir, shortLookupPreprocessed, shortLookupTraces } from "../../prover/air/examples/short-lookup.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { cloneProof, bump, TAMPERS } from "./tamper.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };
const CAP = 3;
const CAPPED: StarkConfig = { ...NO_POW, merkleCapHeight: CAP };

function rejected(vk: ProvingKey["vk"], proof: StarkProof, check: RegExp): void {
  const r = verify(vk, proof);
  expect(r.ok, `expected ${check} to reject`).to.equal(false);
  if (!r.ok) expect(r.check, r.reason).to.match(check);
}

describe("STARK: Merkle caps (format 3)", function () {
  this.timeout(120_000);

  it("the parameters: a cap height in [0, 8], never with lifted proofs; part of the key's parameters", () => {
    expect(() => validateConfig(CAPPED)).to.not.throw();
    expect(() => validateConfig({ ...NO_POW, merkleCapHeight: MAX_MERKLE_CAP_HEIGHT + 1 })).to.throw(/merkleCapHeight/);
    expect(() => validateConfig({ ...NO_POW, merkleCapHeight: 1.5 })).to.throw(/merkleCapHeight/);
    expect(() => validateConfig({ ...NO_POW, merkleCapHeight: 2, lifted: true })).to.throw(/merkleCapHeight/);
    expect(configsEqual(CAPPED, NO_POW)).to.equal(false);
    expect(configsEqual({ ...NO_POW, merkleCapHeight: 0 }, NO_POW)).to.equal(true);
  });

  it("a tree's cap: 2^c digests (fewer where a short matrix joins low), c = 0 its root; an opening under it drops the top c path nodes", async () => {
    const suite = getHashSuite("poseidon2-babybear-16");
    const m = (width: number, logH: number): Matrix => ({
      width, height: 1 << logH,
      columns: Array.from({ length: width }, (_, c) => Uint32Array.from({ length: 1 << logH }, (_, r) => (c * 7919 + r * 31 + logH) % 2013265921)),
    });
    const tree = await MerkleCommitment.commit(suite, [m(3, 6), m(2, 4)]);
    expect(capHeightOf(CAPPED, tree.dims)).to.equal(CAP);
    expect(capHeightOf({ ...NO_POW, merkleCapHeight: 6 }, tree.dims)).to.equal(4); // the 2^4-row matrix joins at level 4
    const cap = capDigestWords(commitmentCap(CAPPED, tree), suite.digestWords);
    expect(cap.length).to.equal(1 << CAP);
    // the full path's last CAP nodes, walked from cap[j], give the root: the cap is that level
    const full = tree.openBatch(45);
    const cut = openingUnderCap(full, CAP);
    expect(cut.path.length).to.equal(6 - CAP);
    expect(cut.path).to.deep.equal(full.path.slice(0, 6 - CAP));
    expect(Array.from(commitmentCap(NO_POW, tree))).to.deep.equal(Array.from(tree.root));
  });

  for (const hashSuite of ["poseidon2-babybear-16", "poseidon-bn254"]) {
    describe(`${hashSuite}: three tables, one preprocessed`, () => {
      const config: StarkConfig = { ...CAPPED, hashSuite };
      const airs = [fibonacciAir, shortLookupUserAir, shortLookupTableAir];
      let pk: ProvingKey;
      let proof: StarkProof;
      before(async () => {
        pk = await setup(config, airs, [null, null, shortLookupPreprocessed()]);
        ({ proof } = await prove(pk, [fibonacciTrace(9), ...shortLookupTraces(8)]));
      });

      it("proves and verifies: format 3, each commitment 2^c digests, each path c nodes short of the root", () => {
        expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
        expect(proof.version).to.equal(CAPPED_PROOF_VERSION);
        const dw = getHashSuite(hashSuite).digestWords;
        for (const c of [proof.mainRoot!, proof.auxRoot!, proof.quotientRoot, ...proof.friRoots]) expect(c.length).to.equal(dw << CAP);
        expect(pk.vk.prepRoot!.length).to.equal(dw << CAP);
        const logMaxLde = 9 + config.logBlowup;
        expect(proof.queries[0].main!.path.length).to.equal(logMaxLde - CAP);
        expect(proof.queries[0].prep!.path.length).to.equal(8 + config.logBlowup - CAP);
      });

      it("round-trips through the codec (version 3 with its cap height); an out-of-range cap height in the bytes is named", async () => {
        const { bytes } = encodeProof(proof);
        const back = decodeProof(bytes);
        expect(back.config.merkleCapHeight).to.equal(CAP);
        expect(verify(pk.vk, back)).to.deep.equal({ ok: true });
        const bad = bytes.slice();
        // the cap height word follows the suite name and the five numbers: set it out of range
        const words = new Uint32Array(bad.buffer, bad.byteOffset, bad.length >> 2);
        const suiteWords = Math.ceil(new TextEncoder().encode(hashSuite).length / 4);
        const at = 2 + 1 + suiteWords + 5;
        expect(words[at]).to.equal(CAP);
        words[at] = MAX_MERKLE_CAP_HEIGHT + 1;
        expect(() => decodeProof(bad)).to.throw(/cap height/);
      });

      it("rejects every section's tampering", () => {
        for (const t of TAMPERS) {
          const bad = cloneProof(proof);
          t.apply(bad);
          rejected(pk.vk, bad, t.expectCheck);
        }
      });

      it("rejects a changed digest in any position of a cap, and a cap of the wrong length", () => {
        const dw = getHashSuite(hashSuite).digestWords;
        for (const j of [0, 5, (1 << CAP) - 1]) {
          const bad = cloneProof(proof);
          bump(bad.quotientRoot, j * dw);
          rejected(pk.vk, bad, /merkle|constraints|fri/);
        }
        const short = cloneProof(proof);
        short.mainRoot = short.mainRoot!.slice(dw);
        rejected(pk.vk, short, /^shape$/);
        // a path with the cap's level left on is refused by its length
        const long = cloneProof(proof);
        long.queries[0].main!.path.push(long.queries[0].main!.path[0]);
        rejected(pk.vk, long, /merkle:main/);
        // the opening of another row under the same cap: its walk ends at another cap digest
        const swapped = cloneProof(proof);
        swapped.queries[0].quotient = swapped.queries[1].quotient;
        rejected(pk.vk, swapped, /merkle:quotient/);
      });

      it("a key whose preprocessed commitment is not a cap of its height is refused ('parameters')", () => {
        const dw = getHashSuite(hashSuite).digestWords;
        for (const prepRoot of [pk.vk.prepRoot!.slice(dw), pk.vk.prepRoot!.slice(1)]) {
          const { digest: _, ...rest } = { ...pk.vk, prepRoot };
          const vk = { ...rest, digest: vkDigestOf(rest) };
          const bad = cloneProof(proof);
          bad.vkDigest = vk.digest;
          rejected(vk, bad, /^parameters$/);
        }
      });

      it("a capped proof is not accepted under an uncapped key or another cap height, nor the reverse", async () => {
        const plain = await setup({ ...NO_POW, hashSuite }, airs, [null, null, shortLookupPreprocessed()]);
        const other = await setup({ ...config, merkleCapHeight: CAP - 1 }, airs, [null, null, shortLookupPreprocessed()]);
        expect(plain.vk.digest).to.not.deep.equal(pk.vk.digest);
        expect(other.vk.digest).to.not.deep.equal(pk.vk.digest);
        rejected(plain.vk, proof, /^(version|parameters|vk)$/);
        rejected(other.vk, proof, /^(version|parameters|vk)$/);
        const { proof: plainProof } = await prove(plain, [fibonacciTrace(9), ...shortLookupTraces(8)]);
        rejected(pk.vk, plainProof, /^(version|parameters|vk)$/);
        const relabelled = cloneProof(plainProof);
        relabelled.version = CAPPED_PROOF_VERSION;
        relabelled.config = { ...config };
        rejected(pk.vk, relabelled, /^(vk|shape|merkle.*|constraints|fri)$/);
      });
    });
  }
});
