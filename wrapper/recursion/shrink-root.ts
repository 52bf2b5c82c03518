// The shrink of a kit's root proof: the one program that verifies root under the kit's
// root key, proved by the narrow shrink table (shrink/) with the poseidon-bn254 suite, so
// that the universal wrap circuit (wrapper/circuit/generate.ts) verifies it.
//
// The root key and its proof's shape are fixed by the kit (root's program, hence its
// table heights, is one per kit), so the program is the plain recorded verifier with the
// key as constants: one shrink key per kit. It exposes what the universal wrap takes
// (SHRINK_PUBLIC): the program VK digest, the output digest as 16 big-endian 16-bit
// limbs (the order wrapper/solidity/statement.ts packs the sha256 of the public output
// in; root has each word's low limb first), and the exit code's two 16-bit limbs added
// (zero exactly when the exit code is: the limbs are range-checked where the run's exit
// is proved), which the wrap requires to be 0. The input is not part of it: on chain a
// run's statement is its program and its output (a guest that wants its input public
// writes it, or its hash, to the output).
import type { StarkProof } from "../../prover/stark/proof.ts";
import { verifyWith } from "../../prover/stark/verifier.ts";
import { ProgramBuilder, type BuiltProgram } from "./builder.ts";
import { AluOp } from "./program.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { ROOT_PUBLIC } from "./root.ts";
import { PUBLIC_TABLE } from "./tables.ts";
import { shapeProof } from "./shape-proof.ts";
import type { RecursionKit } from "./kit.ts";

/** The shrink proof's public values. */
export const SHRINK_PUBLIC = { programDigest: 0, outputDigest: 8, exitSum: 24, length: 25 } as const;

/** root's statement words (statementPublicValues): entry, cycles, exit lo, exit hi, hasDigest, 16 output limbs (lo, hi per word). */
const EXIT_LO = ROOT_PUBLIC.statement + 2, EXIT_HI = ROOT_PUBLIC.statement + 3, OUTPUT = ROOT_PUBLIC.statement + 5;

/** The shrink program over one root proof of the kit (lenient: over a stand-in, for the key). */
export function recordShrinkOfRoot(kit: RecursionKit, rootProof: StarkProof, lenient = false): BuiltProgram {
  const b = new ProgramBuilder({ lenient });
  const B = new RecordingBackend(b, lenient);
  const values = verifyWith(() => B, kit.root.vk.stark, rootProof, {});
  const pv = values.publicValues[PUBLIC_TABLE];
  if (pv.length !== ROOT_PUBLIC.length) throw new Error(`shrink: the root proof carries ${pv.length} public values, root has ${ROOT_PUBLIC.length}`);
  for (let i = 0; i < 8; i++) b.publicValue(pv[ROOT_PUBLIC.programDigest + i]);
  for (let w = 0; w < 8; w++) b.publicValue(pv[OUTPUT + 2 * w + 1]), b.publicValue(pv[OUTPUT + 2 * w]);
  b.publicValue(b.baseAlu(AluOp.Add, pv[EXIT_LO], pv[EXIT_HI]));
  return b.build();
}

/** The kit's shrink program from a stand-in root proof of the root key's shape: the
 * program every real root proof of the kit records. */
export function recordKitShrink(kit: RecursionKit): BuiltProgram {
  const key = kit.root.vk.stark;
  // every recursion table has preprocessed columns (the program): its height is the key's
  const logRows = key.prepLogRows.map((h, t) => {
    if (h === null) throw new Error(`shrink: the root key's table ${t} has no fixed height`);
    return h;
  });
  return recordShrinkOfRoot(kit, shapeProof(key, logRows, 7), true);
}
