// The kit's fixed set of recursion keys (issue 9): a proof of a recursion program is
// accepted only under a key of this set, never under a key the prover picks. The set is
// a Merkle tree over the keys' digests (8 BabyBear words each) with Poseidon2
// compression, as prover/hash/sponge.ts compressPair defines it; its root is a constant
// of the programs that check membership (join, root) and of the wrap.
//
// A membership proof is the leaf's position bits and the sibling digests. Inside a
// program the bits select the order of each compression (select operations prove them
// boolean), so the program depends only on the tree's depth, not on which key it checks.
import { compressPair, DIGEST_WORDS } from "../../prover/hash/sponge.ts";
import type { ProgramBuilder, Var } from "./builder.ts";
import { compress } from "./hash-program.ts";

export type KeySetProof = { index: number; siblings: Uint32Array[] };

export class KeySet {
  readonly depth: number;
  /** levels[0]: the leaves (padded to a power of two); last: [root]. */
  private readonly levels: Uint32Array[][];

  private constructor(levels: Uint32Array[][]) {
    this.levels = levels;
    this.depth = levels.length - 1;
  }

  /** The set of these key digests, in this order (the order is part of the root). */
  static of(digests: Uint32Array[]): KeySet {
    if (digests.length === 0) throw new Error("KeySet: no keys");
    digests.forEach((d, i) => {
      if (d.length !== DIGEST_WORDS) throw new Error(`KeySet: key ${i} has ${d.length} words, expected ${DIGEST_WORDS}`);
    });
    let size = 1;
    while (size < digests.length) size *= 2;
    // padded with copies of the last key: every leaf is a real key, so no filler value
    // (such as a zero digest) becomes an accepted key
    const leaves = Array.from({ length: size }, (_, i) => digests[Math.min(i, digests.length - 1)].slice());
    const levels: Uint32Array[][] = [leaves];
    while (levels[levels.length - 1].length > 1) {
      const prev = levels[levels.length - 1];
      levels.push(Array.from({ length: prev.length / 2 }, (_, i) => compressPair(prev[2 * i], prev[2 * i + 1])));
    }
    return new KeySet(levels);
  }

  get root(): Uint32Array {
    return this.levels[this.depth][0].slice();
  }

  /** The membership proof of a key digest; throws if the key is not in the set. */
  proofOf(digest: Uint32Array): KeySetProof {
    const index = this.levels[0].findIndex((d) => d.every((w, i) => w === digest[i]));
    if (index < 0) throw new Error("KeySet: this key is not in the kit's set of recursion keys");
    const siblings = this.levels.slice(0, this.depth).map((level, k) => level[(index >>> k) ^ 1].slice());
    return { index, siblings };
  }
}

/** Native check of a membership proof against a root. */
export function verifyKeySetProof(root: Uint32Array, digest: Uint32Array, proof: KeySetProof): boolean {
  let node = digest;
  proof.siblings.forEach((sib, k) => {
    node = (proof.index >>> k) & 1 ? compressPair(sib, node) : compressPair(node, sib);
  });
  return node.every((w, i) => w === root[i]);
}

/**
 * Records the check that `digest` (8 values of the program) is a key of the set with
 * this root: the position bits and siblings are witnessed, each level is a select of
 * the order and a Poseidon2 compression, and the top must equal the root: a constant,
 * or values of the program (join exposes the root it checked against, so that a join's
 * own key can be in the set; the top of the aggregation pins it to the kit's).
 */
export function assertInKeySet(b: ProgramBuilder, digest: Var[], root: Uint32Array | Var[], proof: KeySetProof, label: string): void {
  if (digest.length !== DIGEST_WORDS) throw new Error(`assertInKeySet: ${digest.length} digest values, expected ${DIGEST_WORDS}`);
  let node = digest;
  proof.siblings.forEach((sib, k) => {
    const bit = b.witness((proof.index >>> k) & 1);
    const sibling = Array.from(sib, (w) => b.witness(w));
    const left: Var[] = [], right: Var[] = [];
    node.forEach((v, i) => {
      const [l, r] = b.select(bit, v, sibling[i]);
      left.push(l);
      right.push(r);
    });
    node = compress(b, left, right);
  });
  root.forEach((w, i) => b.assertEq(node[i], typeof w === "number" ? b.constant(w) : w, label));
}
