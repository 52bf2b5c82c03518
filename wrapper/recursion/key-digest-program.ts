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
import type { StarkProof } from "../../prover/stark/proof.ts";
import { verifyWith, type VerifiedValues } from "../../prover/stark/verifier.ts";
import { witnessHeightsWith, type HeightsOption } from "../../prover/stark/verifier-heights.ts";
import type { RecordingBackend } from "./verifier-program.ts";

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

/**
 * The verifier of `proof` recorded with its key's preprocessed root as a program value:
 * the root witnessed, the key's digest hashed from it (and, under
 * `heights.varyingPreprocessed`, from the witnessed preprocessed heights, which binds
 * them), `beforeVerify(digest)` (join checks the digest against the key set there), then
 * the verifier over the same key values. Lift, join and root record their proofs so.
 */
export function verifyUnderKeyValues(
  B: RecordingBackend, key: VerifyingKey, proof: StarkProof, who: string,
  opts: { challenges?: Uint32Array; busBalance?: boolean; heights?: HeightsOption } = {},
  beforeVerify: (digest: Var[]) => void = () => {},
): { digest: Var[]; values: VerifiedValues<Var, Var, Var[]> } {
  const b = B.b;
  if (!key.prepRoot) throw new Error(`${who}: the key has no preprocessed columns`);
  const prepRoot = Array.from(key.prepRoot, (w) => b.witness(w));
  const heights = opts.heights;
  const heightBits = heights ? witnessHeightsWith(B, key, proof, heights) : undefined;
  const digest = vkDigestInProgram(b, key, prepRoot, heights?.varyingPreprocessed !== undefined ? heightBits!.map((h) => h.logRows) : undefined);
  beforeVerify(digest);
  const values = verifyWith(() => B, key, proof, { challenges: opts.challenges, busBalance: opts.busBalance, keyValues: { digest, prepRoot }, heights, heightBits });
  return { digest, values };
}
