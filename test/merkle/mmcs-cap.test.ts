// A capped Merkle commitment (dropLowLevels / attach / prepareOpenings): what the zkVM
// prover keeps of a segment's main tree between committing and proving. Its openings
// equal the full tree's; matrices that differ from the committed ones are refused.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { MerkleCommitment, verifyBatch, type Matrix } from "../../prover/merkle/mmcs.ts";
import { P } from "../../prover/field/babybear.ts";

import { randomMatrix } from "./helpers.ts";

const suite = getHashSuite("poseidon2-babybear-16");

describe("MerkleCommitment capped (low levels dropped, rehashed per opened block)", () => {
  // heights 64, 64, 32, 8, 2: injections below, at and above the kept level
  const matrices = [randomMatrix(11, 64, 1), randomMatrix(3, 32, 2), randomMatrix(9, 64, 3), randomMatrix(2, 8, 4), randomMatrix(4, 2, 5)];

  for (const drop of [1, 3, 4, 6, 9]) {
    it(`drop ${drop} levels: same root, same openings as the full tree`, async () => {
      const full = await MerkleCommitment.commit(suite, matrices);
      const cap = full.dropLowLevels(drop);
      expect(Array.from(cap.root)).to.deep.equal(Array.from(full.root));
      expect(cap.keptFrom).to.equal(Math.min(drop, 6));
      expect(() => cap.openBatch(0)).to.throw(/needs its matrices/);
      const again = cap.attach(matrices.map((m) => ({ ...m, columns: m.columns.map((c) => c.slice()) })));
      const indices = [0, 5, 17, 63, 40, 41];
      expect(() => again.openBatch(5)).to.throw(/not prepared/);
      await again.prepareOpenings(indices);
      for (const i of indices) {
        const o = again.openBatch(i);
        expect(o).to.deep.equal(full.openBatch(i));
        expect(verifyBatch(suite, cap.root, cap.dims, i, o)).to.equal(null);
      }
    });
  }

  it("refuses matrices of other dimensions, and values that differ from the committed ones", async () => {
    const cap = (await MerkleCommitment.commit(suite, matrices)).dropLowLevels(3);
    expect(() => cap.attach(matrices.slice(1))).to.throw(/5 matrices|4 matrices/);
    expect(() => cap.attach([randomMatrix(10, 64, 1), ...matrices.slice(1)])).to.throw(/matrix 0 is 10x64, committed 11x64/);
    const changed = matrices.map((m) => ({ ...m, columns: m.columns.map((c) => c.slice()) }));
    changed[1].columns[2][13] = (changed[1].columns[2][13] + 1) % P; // height 32: row 13 sits under leaves 26, 27
    const bad = cap.attach(changed);
    await bad.prepareOpenings([0, 8, 16]);
    await bad.prepareOpenings([26]).then(
      () => expect.fail("a changed matrix was accepted"),
      (e: Error) => expect(e.message).to.match(/does not hash to the committed digest/),
    );
  });
});

describe("MerkleCommitment lifted, one matrix at a time (commitLiftedStream, prepareOpeningsStreamed)", () => {
  // commit order as the prover's tables: heights 64, 32, 64, 8, 2 (lifted: any order)
  const matrices = [randomMatrix(11, 64, 1), randomMatrix(3, 32, 2), randomMatrix(9, 64, 3), randomMatrix(2, 8, 4), randomMatrix(4, 2, 5)];
  const dims = matrices.map((m) => ({ width: m.width, height: m.height }));
  const copy = (m: Matrix): Matrix => ({ ...m, columns: m.columns.map((c) => c.slice()) });

  it("commits the same tree as commit(lifted), asking for each matrix once, in order", async () => {
    const full = await MerkleCommitment.commit(suite, matrices, { lifted: true });
    const asked: number[] = [];
    const streamed = await MerkleCommitment.commitLiftedStream(suite, dims, async (k) => (asked.push(k), copy(matrices[k])));
    expect(asked).to.deep.equal([0, 1, 2, 3, 4]);
    expect(Array.from(streamed.root)).to.deep.equal(Array.from(full.root));
    expect(streamed.lifted).to.equal(true);
  });

  for (const drop of [0, 3, 6]) {
    it(`drop ${drop} levels: openings from the opened rows alone equal the full tree's`, async () => {
      const full = await MerkleCommitment.commit(suite, matrices, { lifted: true });
      const cap = (await MerkleCommitment.commitLiftedStream(suite, dims, async (k) => copy(matrices[k]))).dropLowLevels(drop);
      const indices = [0, 5, 17, 63, 40, 41];
      const asked: number[] = [];
      await cap.prepareOpeningsStreamed(indices, async (k) => (asked.push(k), copy(matrices[k])));
      expect(asked).to.deep.equal([0, 1, 2, 3, 4]);
      for (const i of indices) {
        const o = cap.openBatch(i);
        expect(o).to.deep.equal(full.openBatch(i));
        expect(verifyBatch(suite, cap.root, cap.dims, i, o, true)).to.equal(null);
      }
      if (drop < 6) expect(() => cap.openBatch(30)).to.throw(/prepared/); // its block holds no opened index
    });
  }

  it("refuses a matrix of other dimensions or other values, and a classic tree", async () => {
    await MerkleCommitment.commitLiftedStream(suite, dims, async (k) => (k === 2 ? randomMatrix(8, 64, 3) : matrices[k])).then(
      () => expect.fail("a matrix of other dimensions was accepted"),
      (e: Error) => expect(e.message).to.match(/matrix 2 is 8x64, committed 9x64/),
    );
    const cap = (await MerkleCommitment.commitLiftedStream(suite, dims, async (k) => matrices[k])).dropLowLevels(3);
    const changed = matrices.map(copy);
    changed[1].columns[2][13] = (changed[1].columns[2][13] + 1) % P; // height 32: row 13 sits under leaves 26, 27
    await cap.prepareOpeningsStreamed([0, 8, 16], async (k) => changed[k]);
    await cap.prepareOpeningsStreamed([26], async (k) => changed[k]).then(
      () => expect.fail("a changed matrix was accepted"),
      (e: Error) => expect(e.message).to.match(/does not hash to the committed digest/),
    );
    const classic = (await MerkleCommitment.commit(suite, matrices)).dropLowLevels(3);
    await classic.prepareOpeningsStreamed([0], async (k) => matrices[k]).then(
      () => expect.fail("a classic tree was streamed"),
      (e: Error) => expect(e.message).to.match(/classic tree/),
    );
  });
});
