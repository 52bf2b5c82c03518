// Mixed-height Merkle commitment: commit / open / verify, and every mutation rejected.
import { expect } from "chai";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { MerkleCommitment, verifyBatch, proofSize, indexInTree, type BatchOpening } from "../../prover/merkle/mmcs.ts";
import { P } from "../../prover/field/babybear.ts";

import { randomMatrix } from "./helpers.ts";

const suite = getHashSuite("poseidon2-babybear-16");

function cloneOpening(o: BatchOpening): BatchOpening {
  return { rows: o.rows.map((r) => r.slice()), path: o.path.map((p) => p.slice()) };
}

describe("MerkleCommitment (mixed heights)", () => {
  // heights 16, 16, 8, 2 in a deliberately unsorted order
  const matrices = [randomMatrix(5, 16, 1), randomMatrix(3, 8, 2), randomMatrix(9, 16, 3), randomMatrix(2, 2, 4)];
  let tree: MerkleCommitment;
  before(async () => {
    tree = await MerkleCommitment.commit(suite, matrices);
  });

  it("opens and verifies every index, rows as described", () => {
    for (let index = 0; index < 16; index++) {
      const o = tree.openBatch(index);
      expect(o.path.length).to.equal(4);
      expect(o.rows.map((r) => r.length)).to.deep.equal([5, 3, 9, 2]);
      expect(o.rows[1][0]).to.equal(matrices[1].columns[0][index >> 1]);
      expect(o.rows[3][1]).to.equal(matrices[3].columns[1][index >> 3]);
      expect(verifyBatch(suite, tree.root, tree.dims, index, o)).to.equal(null);
      expect(proofSize(o)).to.equal(4 * (19 + 4 * 8));
    }
  });

  it("a query index of a taller domain opens the tree at that index scaled to its height", () => {
    // tree height 16 inside a query domain of 2^7: index i opens row i >> 3, the same row a
    // matrix of height 16 has inside a tree of height 128
    for (const index of [0, 7, 8, 77, 127]) {
      const o = tree.openQuery(index, 7);
      expect(o.rows[0][0]).to.equal(matrices[0].columns[0][index >> 3]);
      expect(o.rows[3][0]).to.equal(matrices[3].columns[0][index >> 6]);
      expect(verifyBatch(suite, tree.root, tree.dims, indexInTree(index, 7, 16), o)).to.equal(null);
    }
    expect(indexInTree(5, 4, 16)).to.equal(5);
    expect(() => indexInTree(0, 3, 16)).to.throw(RangeError, /height 2\^4 above the query domain 2\^3/);
    expect(() => indexInTree(128, 7, 16)).to.throw(RangeError, /index 128 outside/);
    expect(() => tree.openQuery(16, 4)).to.throw(RangeError, /index 16 outside/);
  });

  it("root depends on commit order and on the injected shorter matrices", async () => {
    const swapped = await MerkleCommitment.commit(suite, [matrices[2], matrices[1], matrices[0], matrices[3]]);
    expect([...swapped.root]).to.not.deep.equal([...tree.root]);
    const fewer = await MerkleCommitment.commit(suite, matrices.slice(0, 3));
    expect([...fewer.root]).to.not.deep.equal([...tree.root]);
  });

  it("rejects a changed row value in each matrix", () => {
    for (let k = 0; k < 4; k++) {
      const o = cloneOpening(tree.openBatch(6));
      o.rows[k][0] = (o.rows[k][0] + 1) % P;
      expect(verifyBatch(suite, tree.root, tree.dims, 6, o)).to.equal("root mismatch");
    }
  });

  it("rejects a changed path node at each level", () => {
    for (let level = 0; level < 4; level++) {
      const o = cloneOpening(tree.openBatch(11));
      o.path[level][3] ^= 1;
      expect(verifyBatch(suite, tree.root, tree.dims, 11, o)).to.equal("root mismatch");
    }
  });

  it("rejects non-canonical encodings of the same values (x + p)", () => {
    const o = cloneOpening(tree.openBatch(3));
    o.rows[0][1] += P;
    expect(verifyBatch(suite, tree.root, tree.dims, 3, o)).to.equal("row 0 value 1 is not a canonical field element");
    const q = cloneOpening(tree.openBatch(3));
    q.path[2][0] += P;
    expect(verifyBatch(suite, tree.root, tree.dims, 3, q)).to.match(/^bad path: compress: digest word 0 .* not a canonical/);
  });

  it("rejects the wrong index, root, dims and shapes with a reason", () => {
    const o = tree.openBatch(5);
    expect(verifyBatch(suite, tree.root, tree.dims, 4, o)).to.equal("root mismatch");
    expect(verifyBatch(suite, tree.root, tree.dims, 16, o)).to.equal("index 16 outside [0, 16)");
    const badRoot = tree.root.slice();
    badRoot[0] ^= 1;
    expect(verifyBatch(suite, badRoot, tree.dims, 5, o)).to.equal("root mismatch");
    const dims = tree.dims.map((d) => ({ ...d }));
    dims[2].width = 6;
    expect(verifyBatch(suite, tree.root, dims, 5, o)).to.equal("row 2 has width 9, expected 6");
    const dims2 = tree.dims.map((d) => ({ ...d }));
    dims2[1].height = 4; // claims matrix 1 enters one level higher
    expect(verifyBatch(suite, tree.root, dims2, 5, o)).to.equal("root mismatch");
    const dims3 = tree.dims.map((d) => ({ ...d }));
    dims3[0].height = 32;
    expect(verifyBatch(suite, tree.root, dims3, 5, o)).to.equal("path length 4, expected 5");
    const short = cloneOpening(o);
    short.path.pop();
    expect(verifyBatch(suite, tree.root, tree.dims, 5, short)).to.equal("path length 3, expected 4");
    const missing = cloneOpening(o);
    missing.rows.pop();
    expect(verifyBatch(suite, tree.root, tree.dims, 5, missing)).to.equal("3 rows, expected 4");
  });

  it("single matrix of height 1: root is the row hash, empty path", async () => {
    const m = randomMatrix(7, 1, 9);
    const t = await MerkleCommitment.commit(suite, [m]);
    const row = Uint32Array.from(m.columns, (c) => c[0]);
    expect([...t.root]).to.deep.equal([...suite.hashRow(row)]);
    const o = t.openBatch(0);
    expect(o.path.length).to.equal(0);
    expect(verifyBatch(suite, t.root, t.dims, 0, o)).to.equal(null);
    o.rows[0][6] ^= 1;
    expect(verifyBatch(suite, t.root, t.dims, 0, o)).to.equal("root mismatch");
  });

  it("heights 4, 1, 2 with a width-0 matrix: the height-1 row is folded in at the root", async () => {
    const ms = [randomMatrix(3, 4, 11), randomMatrix(2, 1, 12), randomMatrix(0, 2, 13), randomMatrix(1, 2, 14)];
    const t = await MerkleCommitment.commit(suite, ms);
    for (let index = 0; index < 4; index++) {
      const o = t.openBatch(index);
      expect(o.rows.map((r) => r.length)).to.deep.equal([3, 2, 0, 1]);
      expect(verifyBatch(suite, t.root, t.dims, index, o)).to.equal(null);
      o.rows[1][0] = (o.rows[1][0] + 1) % P;
      expect(verifyBatch(suite, t.root, t.dims, index, o)).to.equal("root mismatch");
    }
  });

  it("rejects bad matrices at commit time with a clear error", async () => {
    let err: Error | undefined;
    try { await MerkleCommitment.commit(suite, [randomMatrix(2, 12, 1)]); } catch (e) { err = e as Error; }
    expect(err?.message).to.match(/matrix 0: height 12 is not a power of two/);
    expect(() => tree.openBatch(16)).to.throw(/outside/);
  });

  it("a big tree (parallel leaf hashing) verifies", async () => {
    const big = [randomMatrix(20, 1 << 12, 5), randomMatrix(4, 1 << 10, 6)];
    const t = await MerkleCommitment.commit(suite, big);
    for (const index of [0, 1, 2047, 4095]) expect(verifyBatch(suite, t.root, t.dims, index, t.openBatch(index))).to.equal(null);
  });
});
