// Segment shares and the run's shared challenge (shared/design.md, "Prove"). Each proof
// of a run (the memory proof and every segment proof) contributes a share: its key's
// digest and its main-trace Merkle root hashed onto the septic curve. The shares add up
// in the curve group, in any order; the LogUp challenges of every proof are drawn from
// that sum together with the program's VK digest and the statement. A proof's root is
// fixed before the challenges exist, and no choice of segments steers the sum (see
// prover/field/septic-curve.ts for the security argument, ~108 bits).
import { getHashSuite } from "../hash/suite.ts";
import { encodePoint, liftX, pointAdd, type CurvePoint } from "../field/septic-curve.ts";
import { f7 } from "../field/septic.ts";

export type Share = CurvePoint;

const SHARE_SUITE = "poseidon2-babybear-16";
/** Domain separation of share hashing. */
export const SHARE_TAG = 0x5348_4152 % 2013265921; // "SHAR"

/** Poseidon2 of (tag, key digest, root, counter) gives x candidates until one lies on the curve. */
export function shareOfRoot(keyDigest: Uint32Array, root: Uint32Array | null): Share {
  return shareAndCounter(keyDigest, root).share;
}

/** The share and the counter that gave it (recursion recomputes the hash with it). */
export function shareAndCounter(keyDigest: Uint32Array, root: Uint32Array | null): { share: NonNullable<Share>; counter: number } {
  if (!root) throw new Error("a proof of the run has no main commitment");
  const suite = getHashSuite(SHARE_SUITE);
  const words = (root: Uint32Array) => Array.from(root, (w) => [w & 0xffff, w >>> 16]).flat();
  for (let counter = 0; counter < 256; counter++) {
    const h1 = suite.hashRow(Uint32Array.from([SHARE_TAG, ...keyDigest, ...words(root), counter, 0]));
    const pt = liftX(f7(...h1.subarray(0, 7)));
    if (pt) return { share: pt, counter };
  }
  throw new Error("shareOfRoot: no curve point after 256 tries"); // probability ~2^-256
}

/** The sum of the shares (order-independent). */
export function sumShares(shares: Share[]): Share {
  return shares.reduce<Share>((acc, s) => pointAdd(acc, s), null);
}

/** gamma and beta (two extension elements, 8 words) from the program, the statement and
 * the shares' sum. */
export function deriveChallenges(programDigest: Uint32Array, statement: Uint32Array, sum: Share, hashSuite = SHARE_SUITE): Uint32Array {
  const ch = getHashSuite(hashSuite).newChallenger();
  ch.observe(programDigest);
  ch.observe(statement);
  ch.observe(encodePoint(sum));
  const out = new Uint32Array(8);
  out.set(ch.sampleExt(), 0);
  out.set(ch.sampleExt(), 4);
  return out;
}
