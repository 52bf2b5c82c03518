// A Merkle opening checked against its root (or cap) over a verifier backend (verifier-backend.ts):
// the shape first in plain TypeScript, then the walk up the tree by the row's bits.
import { checkOpeningShape, merkleRootWith, type Dims } from "../merkle/mmcs.ts";
import type { Opening } from "./proof.ts";
import type { Reason, VerifierBackend } from "./verifier-backend.ts";
import { VerificationError, fail } from "./verify-error.ts";
import { capDigestWords, selectCapWith } from "./merkle-cap.ts";

/** The proof's words of an opening as backend values (after checkOpeningShape). */
export function openingWith<F, E, D>(B: VerifierBackend<F, E, D>, o: Opening): { rows: F[][]; path: D[] } {
  return { rows: o.rows.map((r) => Array.from(r, (v) => B.witnessBase(v))), path: o.path.map((p) => B.witnessDigest(p)) };
}

/**
 * One Merkle opening checked against its commitment under `check`: first its shape
 * (checkOpeningShape), then the walk up the tree by the row's bits. The commitment is a
 * cap of 2^c digests (merkle-cap.ts; c = 0: the root): the walk stops c levels below the
 * root, at the digest the row's top c bits pick. A digest the hash suite refuses fails as
 * a bad path. Returns the opened rows as backend values.
 */
export function checkedOpening<F, E, D>(
  B: VerifierBackend<F, E, D>, check: string, where: Reason, cap: D[],
  dims: Dims[], rowBits: F[], row: number, o: Opening, lifted = false,
): F[][] {
  const capHeight = Math.log2(cap.length);
  const bad = checkOpeningShape(B.digestWords, null, dims, row, o, capHeight);
  if (bad) fail(check, `${where()}: ${bad}`);
  let rows: F[][], node: D;
  try {
    const opened = openingWith(B, o);
    rows = opened.rows;
    node = merkleRootWith(B, dims, rowBits, opened.rows, opened.path, lifted, capHeight);
  } catch (e) {
    // the suite rejects malformed digests (e.g. non-canonical words) by throwing
    if (e instanceof VerificationError || B.isRejection(e)) throw e;
    fail(check, `${where()}: bad path: ${(e as Error).message}`);
  }
  const top = selectCapWith(B, cap, rowBits.slice(rowBits.length - capHeight));
  B.assertEqDigest(node, top, check, () => `${where()}: ${capHeight ? "cap" : "root"} mismatch`);
  return rows;
}

/**
 * A commitment (root or cap) from the proof: its length checked against the tree's cap
 * height, each digest witnessed and observed by the transcript, in order.
 */
export function observeCapWith<F, E, D>(
  B: VerifierBackend<F, E, D>, ch: { observeDigest(d: D): void }, words: Uint32Array, capHeight: number, what: string,
): D[] {
  const expected = B.digestWords << capHeight;
  if (words.length !== expected) fail("shape", `${what} has ${words.length} words, expected ${expected} (${1 << capHeight} digests)`);
  return capDigestWords(words, B.digestWords).map((w) => {
    const d = B.witnessDigest(w);
    ch.observeDigest(d);
    return d;
  });
}
