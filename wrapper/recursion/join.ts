// join: the recursion program that verifies two or more recursion proofs of one run (lift
// or join proofs, in any order) and exposes their combined summary in the lift's layout
// (lift.ts LIFT_SUMMARY): the same program VK digest and challenges (asserted equal),
// the sum of their bus sums, and the sum of their shares on the septic curve.
//
// Each child is verified by the recorded STARK verifier under its own recursion key,
// whose preprocessed root (the child's program) is a value of this program: the key's
// digest is hashed from it and must be a member of `keys`, the set of recursion keys
// join accepts, never a key the prover picks. The set's root is a value of the program,
// exposed in the summary and asserted equal to every child's (so a join's own key can
// be a member; the top of the aggregation pins the root to the kit's). The child's
// summary is its public table's AIR public values, which the verifier observes and the
// child's AIR pins.
//
// A recorded program depends on the children's shapes (their keys' table heights) unless
// the kit fixes the recursion shape: with `anchorLogRows` every recursion proof's tallest
// table is the anchor (chips/anchor.ts) and the children's other heights are values
// (prover/stark/verifier-heights.ts), so one join program verifies any two of the kit's
// proofs, lifts or joins.
import type { StarkProof } from "../../prover/stark/proof.ts";
import { ProgramBuilder, type BuiltProgram, type Var } from "./builder.ts";
import { AluOp } from "./program.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { verifyUnderKeyValues } from "./key-digest-program.ts";
import { SepticProgram, type PointVar } from "./septic-program.ts";
import { assertInKeySet, type KeySet } from "./key-set.ts";
import { LIFT_SUMMARY as S, exposeExt, withAnchor } from "./lift.ts";
import type { HeightsOption } from "../../prover/stark/verifier-heights.ts";
import { MIN_LOG_ROWS } from "../../prover/chips/layout.ts";
import { PUBLIC_TABLE } from "./tables.ts";
import type { RecursionVerifyingKey } from "./prove.ts";

/** A recursion proof to join: its key, the proof, and the summary it carries. */
export type JoinChild = { vk: RecursionVerifyingKey; proof: StarkProof };

/**
 * Records the verifier of a child recursion proof whose key's digest is hashed from its
 * preprocessed root and checked against the key set with root `root` (constants or
 * program values); returns the child's summary (its public table's public values).
 * Join and root both verify their children so.
 */
export function verifyChildSummary(B: RecordingBackend, child: JoinChild, keys: KeySet, root: Uint32Array | Var[], who: string, childLogRows?: number): Var[] {
  const b = B.b;
  // a kit's children all have the anchor's height (chips/anchor.ts): their other tables'
  // heights are values, so one program verifies any child of the kit
  const heights = childLogRows === undefined ? undefined : childHeights(childLogRows);
  const key = child.vk.stark;
  const { values } = verifyUnderKeyValues(B, key, child.proof, who, { heights },
    (digest) => assertInKeySet(b, digest, root, keys.proofOf(key.digest), "recursion key"));
  const pv = values.publicValues[PUBLIC_TABLE];
  if (pv.length !== S.length) throw new Error(`${who} carries ${pv.length} public values, a summary has ${S.length}`);
  return pv;
}

/** The heights of a kit's recursion proof as values: the anchor's is the tallest, every
 * table (preprocessed ones included: the program lives there) between 2^4 and it. Every
 * multiplicity of a recursion table is preprocessed, and the child's key is checked in the
 * kit's set (validated programs), so the bus bound counts none of them. */
export function childHeights(anchorLogRows: number): HeightsOption {
  return { logMaxRows: anchorLogRows, minLogRows: MIN_LOG_ROWS, varyingPreprocessed: anchorLogRows, keyFromValidatedSet: true };
}

/**
 * The summaries of several proofs of one run as one (join and root make these checks):
 * the same program VK digest and challenges (asserted equal; the first's returned), the
 * sum of their bus sums (an extension value) and the sum of their shares on the septic
 * curve (chord addition: septic-program.ts says why distinct points suffice).
 */
export function addSummaries(B: RecordingBackend, summaries: Var[][]): { programAndChallenges: Var[]; busSum: Var; share: PointVar } {
  const b = B.b;
  const [first, ...rest] = summaries;
  for (const pv of rest) {
    for (let i = 0; i < 16; i++) b.assertEq(pv[S.programDigest + i], first[S.programDigest + i], "same program and challenges");
  }
  const ext = (pv: Var[], at: number) => B.extFromCoords(pv.slice(at, at + 4));
  let busSum = ext(first, S.busSum);
  for (const pv of rest) busSum = b.extAlu(AluOp.Add, busSum, ext(pv, S.busSum));
  const point = (pv: Var[]): PointVar => ({ x: pv.slice(S.shareX, S.shareX + 7), y: pv.slice(S.shareY, S.shareY + 7) });
  let share = point(first);
  if (rest.length > 0) {
    const septic = new SepticProgram(b);
    for (const pv of rest) share = septic.pointAdd(share, point(pv), "share sum");
  }
  return { programAndChallenges: first.slice(S.programDigest, S.programDigest + 16), busSum, share };
}

/** `shape.anchorLogRows`: the kit's anchor height, both of the children and of the join. */
export function recordJoin(children: JoinChild[], keys: KeySet, shape: { anchorLogRows?: number; lenient?: boolean } = {}): BuiltProgram {
  if (children.length < 2) throw new Error(`join: ${children.length} proof(s), at least 2 are joined`);
  const b = new ProgramBuilder({ lenient: shape.lenient });
  const B = new RecordingBackend(b);
  const root = Array.from(keys.root, (w) => b.witness(w));
  const summaries = children.map((c, i) => {
    const pv = verifyChildSummary(B, c, keys, root, `join: child ${i}`, shape.anchorLogRows);
    for (let j = 0; j < 8; j++) b.assertEq(pv[S.keySetRoot + j], root[j], "same key set");
    return pv;
  });
  const { programAndChallenges, busSum, share } = addSummaries(B, summaries);
  for (const v of programAndChallenges) b.publicValue(v);
  exposeExt(B, busSum);
  for (const v of [...share.x, ...share.y]) b.publicValue(v);
  for (const v of root) b.publicValue(v);
  return withAnchor(b.build(), shape.anchorLogRows);
}
