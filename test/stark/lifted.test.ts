// Lifted proofs (proof format 2, prover/stark/lifting.ts): tables of different heights
// opened as if all were as tall as the tallest, one FRI input, lifted Merkle trees. Each
// honest proof has its tampered twins, and a lifted proof is not accepted under a
// format-1 key (nor the reverse).
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { liftedConfig, configsEqual } from "../../prover/stark/config.ts";
import { encodeProof, decodeProof } from "../../prover/stark/proof-codec.ts";
import { MerkleCommitment, verifyBatch, type Matrix } from "../../prover/merkle/mmcs.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { shortLookupUserAir, shortLookupTableAir, shortLookupPreprocessed, shortLookupTraces } from "../../prover/air/examples/short-lookup.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { cloneProof, bump, TAMPERS } from "./tamper.ts";
import { verifyWith } from "../../prover/stark/verifier.ts";
import { NativeBackend } from "../../prover/stark/verifier-native.ts";
import { VerificationError } from "../../prover/stark/verify-error.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };
const LIFTED = liftedConfig(NO_POW);

function rejected(vk: ProvingKey["vk"], proof: StarkProof, check: RegExp): void {
  const r = verify(vk, proof);
  expect(r.ok, `expected ${check} to reject`).to.equal(false);
  if (!r.ok) expect(r.check, r.reason).to.match(check);
}

describe("STARK: lifted proofs (format 2)", function () {
  this.timeout(120_000);

  describe("lifted Merkle trees", () => {
    const suite = getHashSuite("poseidon2-babybear-16");
    const matrix = (width: number, logH: number, seed: number): Matrix => ({
      width, height: 1 << logH,
      columns: Array.from({ length: width }, (_, c) => Uint32Array.from({ length: 1 << logH }, (_, r) => (seed * 7919 + c * 131 + r * 17) % 2013265921)),
    });
    const matrices = [matrix(3, 4, 1), matrix(9, 6, 2), matrix(2, 2, 3), matrix(5, 6, 4)];

    it("opens row i >> k of each matrix at leaf i; capped trees open the same; a wrong row or the unlifted walk is refused", async () => {
      const tree = await MerkleCommitment.commit(suite, matrices, { lifted: true });
      const cap = tree.dropLowLevels(3, true);
      await cap.prepareOpenings([0, 13, 63]);
      for (const i of [0, 13, 63]) {
        const o = tree.openBatch(i);
        expect(o.rows[0]).to.deep.equal(Uint32Array.from(matrices[0].columns, (c) => c[i >> 2]));
        expect(o.rows[2]).to.deep.equal(Uint32Array.from(matrices[2].columns, (c) => c[i >> 4]));
        expect(verifyBatch(suite, tree.root, tree.dims, i, o, true)).to.equal(null);
        expect(cap.openBatch(i)).to.deep.equal(o);
        expect(verifyBatch(suite, tree.root, tree.dims, i, o, false)).to.equal("root mismatch");
        const bad = structuredClone(o);
        bump(bad.rows[2], 1);
        expect(verifyBatch(suite, tree.root, tree.dims, i, bad, true)).to.equal("root mismatch");
      }
      // the commit order is bound: the same matrices in another order give another root
      const swapped = await MerkleCommitment.commit(suite, [matrices[1], matrices[0], matrices[2], matrices[3]], { lifted: true });
      expect(swapped.root).to.not.deep.equal(tree.root);
    });
  });

  describe("three tables of 2^11, 2^8 and 2^8 rows (Fibonacci beside a lookup into a preprocessed table)", () => {
    let pk: ProvingKey;
    let proof: StarkProof;
    before(async () => {
      pk = await setup(LIFTED, [fibonacciAir, shortLookupUserAir, shortLookupTableAir], [null, null, shortLookupPreprocessed()]);
      ({ proof } = await prove(pk, [fibonacciTrace(11), ...shortLookupTraces(8)]));
    });

    it("proves and verifies: format 2, one FRI input at the tallest LDE, every tree of the tallest height but the preprocessed one", () => {
      expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
      expect(proof.version).to.equal(2);
      const logMaxLde = 11 + NO_POW.logBlowup;
      expect(proof.queries[0].main!.path.length).to.equal(logMaxLde);
      expect(proof.queries[0].aux!.path.length).to.equal(8 + NO_POW.logBlowup); // only the short tables have buses
      expect(proof.queries[0].prep!.path.length).to.equal(8 + NO_POW.logBlowup);
      // FRI folds by 2 from 2^13 to the final 2^(2 + 2): no layer boundary waits for a shorter input
      expect(proof.friRoots.length).to.equal(logMaxLde - (NO_POW.friLogFinalDegree + NO_POW.logBlowup));
    });

    it("round-trips through the codec (the version word carries 'lifted')", () => {
      const back = decodeProof(encodeProof(proof).bytes);
      expect(back.config.lifted).to.equal(true);
      expect(verify(pk.vk, back)).to.deep.equal({ ok: true });
    });

    it("rejects every section's tampering", () => {
      for (const t of TAMPERS) {
        const bad = cloneProof(proof);
        t.apply(bad);
        rejected(pk.vk, bad, t.expectCheck);
      }
    });

    it("rejects a short table's OOD value, its opened rows and the preprocessed openings", () => {
      for (const [key, check] of [["prep", /merkle:preprocessed/], ["aux", /merkle:aux/], ["main", /merkle:main/], ["quotient", /merkle:quotient/]] as const) {
        const bad = cloneProof(proof);
        const rows = bad.queries[2][key]!.rows;
        bump(rows[rows.length - 1], 0);
        rejected(pk.vk, bad, check);
      }
      const ood = cloneProof(proof);
      bump(ood.tables[1].openings.mainZ, 0);
      rejected(pk.vk, ood, /constraints|fri/);
      const next = cloneProof(proof);
      bump(next.tables[2].openings.auxZNext, 3);
      rejected(pk.vk, next, /constraints|fri/);
    });

    it("a lifted proof is not a format-1 proof, and the keys differ", async () => {
      expect(configsEqual(LIFTED, NO_POW)).to.equal(false);
      expect(configsEqual(LIFTED, liftedConfig(NO_POW))).to.equal(true);
      const classic = await setup(NO_POW, [fibonacciAir, shortLookupUserAir, shortLookupTableAir], [null, null, shortLookupPreprocessed()]);
      expect(classic.vk.digest).to.not.deep.equal(pk.vk.digest);
      rejected(classic.vk, proof, /^(version|parameters|vk)$/);
      const relabelled = cloneProof(proof);
      relabelled.version = 1;
      relabelled.config = { ...NO_POW };
      rejected(pk.vk, relabelled, /^(version|parameters)$/);
      const { proof: classicProof } = await prove(classic, [fibonacciTrace(11), ...shortLookupTraces(8)]);
      rejected(pk.vk, classicProof, /^(version|parameters|vk)$/);
    });

    it("verifies with the heights as values (verifier-heights.ts) under the native backend; heights outside the allowed ones are named", () => {
      const native = (heights: { logMaxRows: number; minLogRows: number }) => {
        try {
          verifyWith(() => new NativeBackend(getHashSuite(pk.vk.config.hashSuite)), pk.vk, proof, { heights });
          return "ok";
        } catch (e) {
          if (e instanceof VerificationError) return e.check;
          throw e;
        }
      };
      expect(native({ logMaxRows: 11, minLogRows: 3 })).to.equal("ok");
      expect(native({ logMaxRows: 12, minLogRows: 3 })).to.equal("shape");
      expect(native({ logMaxRows: 11, minLogRows: 9 })).to.equal("shape");
    });

    it("rejects a value outside the lookup table (bus)", async () => {
      const values = Array.from({ length: 1 << 8 }, (_, i) => i & 255);
      values[100] = 256;
      const { proof: bad } = await prove(pk, [fibonacciTrace(11), ...shortLookupTraces(8, 8, values)]);
      rejected(pk.vk, bad, /^bus$/);
    });
  });
});
