// A Merkle commitment rebuilt from one level's digests (MerkleCommitment.fromLevel): what a
// key file keeps of a proving key's preprocessed tree (prover/stark/prep-tree.ts). The
// rebuilt tree has the full tree's root and, once the opened blocks are rehashed, its
// openings; a changed digest gives another root.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { MerkleCommitment, verifyBatch } from "../../prover/merkle/mmcs.ts";
import { P } from "../../prover/field/babybear.ts";

import { randomMatrix } from "./helpers.ts";

const suite = getHashSuite("poseidon2-babybear-16");

describe("MerkleCommitment.fromLevel (a tree rebuilt from one level's digests)", () => {
  // heights 64, 32, 64, 8, 2: a classic tree folds the shorter ones in below, at and above the kept level
  const matrices = [randomMatrix(11, 64, 1), randomMatrix(3, 32, 2), randomMatrix(9, 64, 3), randomMatrix(2, 8, 4), randomMatrix(4, 2, 5)];

  for (const lifted of [false, true]) {
    for (const level of [0, 2, 4, 5, 6]) {
      it(`${lifted ? "lifted" : "classic"} tree from level ${level}: the same root and openings as the full tree`, async () => {
        const full = await MerkleCommitment.commit(suite, matrices, { lifted });
        const rebuilt = await MerkleCommitment.fromLevel(suite, matrices, level, full.levelDigests(level), { lifted });
        expect(Array.from(rebuilt.root)).to.deep.equal(Array.from(full.root));
        expect(rebuilt.keptFrom).to.equal(level);
        if (level < 6) expect(Array.from(rebuilt.cap(1))).to.deep.equal(Array.from(full.cap(1)));
        const view = rebuilt.withoutPrepared();
        const indices = [0, 5, 17, 63, 40, 41];
        if (level > 0) expect(() => view.openBatch(5)).to.throw(/not prepared/);
        await view.prepareOpenings(indices);
        for (const i of indices) {
          const o = view.openBatch(i);
          expect(o).to.deep.equal(full.openBatch(i));
          expect(verifyBatch(suite, full.root, full.dims, i, o, lifted)).to.equal(null);
        }
        // each proof prepares its own blocks: a fresh view of the same tree has none
        if (level > 0) expect(() => rebuilt.withoutPrepared().openBatch(0)).to.throw(/not prepared/);
      });
    }
  }

  it("a changed digest gives another root; a level of the wrong size or out of range is refused", async () => {
    const full = await MerkleCommitment.commit(suite, matrices);
    const d = full.levelDigests(3);
    d[9] = (d[9] + 1) % P;
    const other = await MerkleCommitment.fromLevel(suite, matrices, 3, d);
    expect(Array.from(other.root)).to.not.deep.equal(Array.from(full.root));
    const refused = (p: Promise<unknown>, why: RegExp) => p.then(() => expect.fail("accepted"), (e: Error) => expect(e.message).to.match(why));
    await refused(MerkleCommitment.fromLevel(suite, matrices, 3, d.subarray(8)), /words at level 3, expected 64/);
    await refused(MerkleCommitment.fromLevel(suite, matrices, 7, d), /level 7 outside \[0, 6\]/);
    expect(() => full.dropLowLevels(2).levelDigests(1)).to.throw(/level 1 is not held/);
  });
});
