// Key digests recomputed inside a recursion program, from the parts that differ between
// guests. A lift program must serve every guest of a shape, so a segment key's
// preprocessed root (the program table: the guest's code) is a value of the program,
// not a constant; its digest (prover/stark/keys.ts vkDigestOf) and the program's VK
// digest (prover/zkvm/program-digest.ts) are hashed here from it, with everything else
// (parameters, AIR digests, heights) constants of the shape.
import { vkDigestPrefix, vkDigestHeightPositions, type VerifyingKey } from "../../prover/stark/keys.ts";
import { CHIP_SET_VERSION } from "../../prover/chips/rv32.ts";
import type { ProgramBuilder, Var } from "./builder.ts";
import { hashRow, wordHalves } from "./hash-program.ts";

/**
 * vkDigestOf(key) with the key's preprocessed root taken from `prepRoot` and, when given,
 * each preprocessed table's height (log rows) from `prepLogRows` (a lift serving guests of
 * every code size: prover/stark/verifier-heights.ts varyingPreprocessed).
 */
export function vkDigestInProgram(b: ProgramBuilder, key: Omit<VerifyingKey, "digest">, prepRoot: Var[], prepLogRows?: Var[]): Var[] {
  if (!key.prepRoot) throw new Error("vkDigestInProgram: the key has no preprocessed columns");
  if (prepRoot.length !== key.prepRoot.length) throw new Error(`vkDigestInProgram: ${prepRoot.length} root words, the key has ${key.prepRoot.length}`);
  const prefix = vkDigestPrefix(key).map((w) => b.constant(w));
  if (prepLogRows) {
    vkDigestHeightPositions(key).forEach((pos, t) => {
      if (pos !== null) prefix[pos] = prepLogRows[t];
    });
  }
  return hashRow(b, [...prefix, ...prepRoot.flatMap((w) => wordHalves(b, w))]);
}

/** programVkDigest({ segment, memory, entry }) from the two key digests and the entry. */
export function programVkDigestInProgram(b: ProgramBuilder, segmentDigest: Var[], memoryDigest: Var[], entry: { lo: Var; hi: Var }): Var[] {
  return hashRow(b, [...segmentDigest, ...memoryDigest, entry.lo, entry.hi, b.constant(CHIP_SET_VERSION)]);
}
