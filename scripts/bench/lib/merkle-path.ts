// A piece of the verifier-shaped programs the recursion benchmarks build (recursion-chips,
// shrink): one 4-level Merkle path, per level 8 selects of the node and a witnessed
// sibling by the index bit, then one Poseidon2 permutation (17 operations a level).
import type { ProgramBuilder, Var } from "../../../wrapper/recursion/builder.ts";

/** The root of the path from `digest` up by `bits[0..4)`; siblings are witnessed `rnd()` words. */
export function merklePath(b: ProgramBuilder, bits: Var[], digest: Var[], rnd: () => number): Var[] {
  let node = digest;
  for (let level = 0; level < 4; level++) {
    const sibling = Array.from({ length: 8 }, () => b.witness(rnd()));
    const left: Var[] = [], right: Var[] = [];
    for (let i = 0; i < 8; i++) {
      const [l, r] = b.select(bits[level], node[i], sibling[i]);
      left.push(l);
      right.push(r);
    }
    node = b.poseidon2([...left, ...right]).slice(0, 8);
  }
  return node;
}
