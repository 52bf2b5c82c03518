// A Merkle opening checked against its root over a verifier backend (verifier-backend.ts):
// the shape first in plain TypeScript, then the walk up the tree by the row's bits.
import { checkOpeningShape, merkleRootWith, type Dims } from "../merkle/mmcs.ts";
import type { Opening } from "./proof.ts";
import type { Reason, VerifierBackend } from "./verifier-backend.ts";
import { VerificationError, fail } from "./verify-error.ts";

/** The proof's words of an opening as backend values (after checkOpeningShape). */
export function openingWith<F, E, D>(B: VerifierBackend<F, E, D>, o: Opening): { rows: F[][]; path: D[] } {
  return { rows: o.rows.map((r) => Array.from(r, (v) => B.witnessBase(v))), path: o.path.map((p) => B.witnessDigest(p)) };
}

/**
 * One Merkle opening checked against its root under `check`: first its shape
 * (checkOpeningShape), then the walk up the tree by the row's bits. A digest the hash
 * suite refuses fails as a bad path. Returns the opened rows as backend values.
 */
export function checkedOpening<F, E, D>(
  B: VerifierBackend<F, E, D>, check: string, where: Reason, root: D, rootWords: Uint32Array | null,
  dims: Dims[], rowBits: F[], row: number, o: Opening, lifted = false,
): F[][] {
  const bad = checkOpeningShape(B.digestWords, rootWords, dims, row, o);
  if (bad) fail(check, `${where()}: ${bad}`);
  let rows: F[][], node: D;
  try {
    const opened = openingWith(B, o);
    rows = opened.rows;
    node = merkleRootWith(B, dims, rowBits, opened.rows, opened.path, lifted);
  } catch (e) {
    // the suite rejects malformed digests (e.g. non-canonical words) by throwing
    if (e instanceof VerificationError || B.isRejection(e)) throw e;
    fail(check, `${where()}: bad path: ${(e as Error).message}`);
  }
  B.assertEqDigest(node, root, check, () => `${where()}: root mismatch`);
  return rows;
}

