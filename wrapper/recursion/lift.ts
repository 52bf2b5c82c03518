// lift: the recursion program that verifies one proof of a run (the memory proof or a
// segment proof) and exposes its summary, the only thing join and root see of it
// (design.md stage 4: "a segment's public summary is small and documented").
//
// The program is the one STARK verifier recorded (verifier-program.ts) with the run's
// challenges given and `busBalance: false`, and with the key's preprocessed root as a
// value of the program: the key's digest and the program's VK digest are hashed from it
// inside (key-digest-program.ts), so one lift program serves every guest whose proof has
// this shape. The other key's digest and the entry point are witnessed: they only enter
// the program VK digest, whose collision resistance makes join's equality of digests an
// equality of (segment key, memory key, entry).
//
// The summary, public values of the lift proof (LIFT_SUMMARY):
//   [0, 8)    the program's VK digest (prover/zkvm/program-digest.ts)
//   [8, 16)   the bus challenges used (gamma, beta: extension coordinates)
//   [16, 20)  the proof's LogUp sum over its tables (extension coordinates)
//   [20, 34)  its share: the main root hashed to the septic curve (x, then y; 7 each)
//   [34, 42)  the root of the recursion key set the joins above check keys against: a
//             lift checks no key and carries the value it is given; each join asserts
//             its children carry its own, and the top pins it to the kit's set
import type { StarkProof } from "../../prover/stark/proof.ts";
import type { HeightsOption } from "../../prover/stark/verifier-heights.ts";
import type { ProgramVk } from "../../prover/zkvm/prove.ts";
import { shareAndCounter } from "../../prover/zkvm/shares.ts";
import { ProgramBuilder, type BuiltProgram, type Var } from "./builder.ts";
import { AluOp } from "./program.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { programVkDigestInProgram, verifyUnderKeyValues } from "./key-digest-program.ts";
import { SepticProgram } from "./septic-program.ts";

export const LIFT_SUMMARY = { programDigest: 0, challenges: 8, busSum: 16, shareX: 20, shareY: 27, keySetRoot: 34, length: 42 } as const;

/** Which proof of the run: the memory proof (the run's first) or a segment proof. */
export type LiftKind = "memory" | "segment";

/**
 * Records the lift of one proof of a run: throws (as the verifier does) when the proof
 * is not valid under the key with these challenges.
 */
/** How a kit records its programs (aggregate.ts): the proof's table heights as values, and
 * the anchor height every recursion proof of the kit has (chips/anchor.ts). */
export type RecordShape = {
  heights?: HeightsOption;
  anchorLogRows?: number;
  /** Record past failed assertions: a kit's key from a stand-in proof (shape-proof.ts). */
  lenient?: boolean;
};

export function recordLift(kind: LiftKind, vk: ProgramVk, proof: StarkProof, challenges: Uint32Array, keySetRoot: Uint32Array, shape: RecordShape = {}): BuiltProgram {
  const key = kind === "segment" ? vk.segment : vk.memory;
  const other = kind === "segment" ? vk.memory : vk.segment;
  const b = new ProgramBuilder({ lenient: shape.lenient });
  const B = new RecordingBackend(b);
  const { digest, values } = verifyUnderKeyValues(B, key, proof, `lift (${kind})`, { challenges, busBalance: false, heights: shape.heights });
  if (!values.mainRoot) throw new Error(`lift: the ${kind} proof has no main commitment`);

  const { share, counter } = shareAndCounter(key.digest, proof.mainRoot);
  const point = new SepticProgram(b).share(digest, values.mainRoot, counter, share, "share");
  let busSum: Var | null = null;
  for (const s of values.busSums) if (s) busSum = busSum ? b.extAlu(AluOp.Add, busSum, s) : s;
  const otherDigest = Array.from(other.digest, (w) => b.witness(w));
  const entry = { lo: b.witness(vk.entry & 0xffff), hi: b.witness(vk.entry >>> 16) };
  const programDigest = kind === "segment"
    ? programVkDigestInProgram(b, digest, otherDigest, entry)
    : programVkDigestInProgram(b, otherDigest, digest, entry);

  for (const v of programDigest) b.publicValue(v);
  for (const c of values.challenges) exposeExt(B, c);
  exposeExt(B, busSum ?? b.constant(0));
  for (const v of [...point.x, ...point.y]) b.publicValue(v);
  for (const w of keySetRoot) b.publicValue(b.witness(w));
  return withAnchor(b.build(), shape.anchorLogRows);
}

/** The built program with the kit's anchor height (chips/anchor.ts), if any. */
export function withAnchor(built: BuiltProgram, anchorLogRows: number | undefined): BuiltProgram {
  if (anchorLogRows !== undefined) built.program.anchorLogRows = anchorLogRows;
  return built;
}

/** Exposes an extension value as 4 public base values: its coordinates are witnessed,
 * recombined and asserted equal to it (a public value must be a base value). */
export function exposeExt(B: RecordingBackend, e: Var): void {
  const b = B.b;
  const coords = Array.from(b.value(e), (w) => b.witness(w));
  b.assertEq(B.extFromCoords(coords), e, "summary coordinates");
  for (const c of coords) b.publicValue(c);
}
