// The kit's set of recursion keys: membership proofs natively and inside a program; a
// key outside the set, a wrong sibling or a wrong position is refused; the recorded
// check depends only on the tree's depth.
import { expect } from "chai";
import { ProgramBuilder, RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { programsEqual } from "../../wrapper/recursion/program.ts";
import { KeySet, assertInKeySet, verifyKeySetProof } from "../../wrapper/recursion/key-set.ts";

const digest = (seed: number) => Uint32Array.from({ length: 8 }, (_, i) => (seed * 7919 + i * 104729) % 2013265921);
const keys = [1, 2, 3, 4, 5].map(digest);

function record(set: KeySet, key: Uint32Array, proof = set.proofOf(key)) {
  const b = new ProgramBuilder();
  assertInKeySet(b, Array.from(key, (w) => b.witness(w)), set.root, proof, "key set");
  return b.build();
}

describe("recursion: the kit's set of recursion keys", () => {
  const set = KeySet.of(keys);

  it("every key has a membership proof, natively and inside a program; the program depends only on the depth", () => {
    expect(set.depth).to.equal(3);
    const programs = keys.map((k) => {
      const proof = set.proofOf(k);
      expect(verifyKeySetProof(set.root, k, proof)).to.equal(true);
      const built = record(set, k, proof);
      expect(() => runProgram(built.program, built.witness)).to.not.throw();
      return built.program;
    });
    for (const p of programs) expect(programsEqual(p, programs[0])).to.equal(true);
  });

  it("a key outside the set has no proof, and borrowing another key's proof is refused", () => {
    expect(() => set.proofOf(digest(9))).to.throw(/not in the kit's set/);
    expect(() => set.proofOf(new Uint32Array(8))).to.throw(/not in the kit's set/); // padding is not a zero digest
    const borrowed = set.proofOf(keys[0]);
    expect(verifyKeySetProof(set.root, digest(9), borrowed)).to.equal(false);
    expect(() => record(set, digest(9), borrowed)).to.throw(RecursionAssertError, "key set");
  });

  it("a wrong sibling or position is refused, by the builder and by the interpreter", () => {
    const proof = set.proofOf(keys[2]);
    const badSibling = { index: proof.index, siblings: proof.siblings.map((s, k) => (k === 1 ? s.map((w) => (w + 1) % 2013265921) : s)) };
    expect(() => record(set, keys[2], badSibling)).to.throw(RecursionAssertError);
    expect(() => record(set, keys[2], { index: proof.index ^ 1, siblings: proof.siblings })).to.throw(RecursionAssertError);
    // the honest program with a flipped position bit in its witness stream (key: 8 blocks, then bit 0)
    const built = record(set, keys[2]);
    const w = built.witness.slice();
    w[4 * 8] ^= 1;
    expect(() => runProgram(built.program, w)).to.throw(/assert-eq/);
  });

  it("the root depends on every key and on their order", () => {
    expect(Array.from(KeySet.of([...keys].reverse()).root)).to.not.deep.equal(Array.from(set.root));
    expect(Array.from(KeySet.of(keys.slice(0, 4)).root)).to.not.deep.equal(Array.from(set.root));
  });
});
