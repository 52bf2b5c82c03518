// The shrink of a kit's root proof: the program that verifies the compress proof of root
// (compress.ts) under the kit's compress key, proved by the narrow shrink table (shrink/)
// with the poseidon-bn254 suite, so that the universal wrap circuit
// (wrapper/circuit/generate.ts) verifies it.
//
// The compress key and its proof's shape are fixed by the kit and the compress preset, so
// the program is the plain recorded verifier with the key as constants: one shrink key
// per kit and preset. It passes the compress proof's public values (SHRINK_PUBLIC: the
// program VK digest, the output digest's 16-bit limbs, the exit code's limbs added) on
// unchanged; the universal wrap takes them from the shrink proof.
import type { StarkProof } from "../../prover/stark/proof.ts";
import { verifyWith } from "../../prover/stark/verifier.ts";
import { ProgramBuilder, type BuiltProgram } from "./builder.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { PUBLIC_TABLE } from "./tables.ts";
import { fixedShapeProof } from "./shape-proof.ts";
import { SHRINK_PUBLIC } from "./compress.ts";
import type { RecursionVerifyingKey } from "./prove.ts";

export { SHRINK_PUBLIC };

/** The shrink program over one compress proof (lenient: over a stand-in, for the key). */
export function recordShrinkOfCompress(compressVk: RecursionVerifyingKey, compressProof: StarkProof, lenient = false): BuiltProgram {
  const b = new ProgramBuilder({ lenient });
  const B = new RecordingBackend(b, lenient);
  const values = verifyWith(() => B, compressVk.stark, compressProof, {});
  const pv = values.publicValues[PUBLIC_TABLE];
  if (pv.length !== SHRINK_PUBLIC.length) throw new Error(`shrink: the compress proof carries ${pv.length} public values, compress has ${SHRINK_PUBLIC.length}`);
  for (const v of pv) b.publicValue(v);
  return b.build();
}

/** The shrink program from a stand-in compress proof of the compress key's shape: the
 * program every real compress proof of that key records. */
export function recordKitShrink(compressVk: RecursionVerifyingKey): BuiltProgram {
  return recordShrinkOfCompress(compressVk, fixedShapeProof(compressVk.stark, "shrink: the compress key"), true);
}
