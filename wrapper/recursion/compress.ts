// The compress step: a kit's root proof re-proved by the recursion chips at a higher
// blowup, so that the shrink (shrink-root.ts) verifies a proof with fewer queries.
//
// Why: the shrink's cost is its table's height (the poseidon-bn254 LDE it hashes is 8
// times that), and its program is the verifier of whatever proof it takes. Root is proved
// at the kit's parameters (blowup 4, 41 queries at the default preset); its verifier has
// ~15k Poseidon2 permutations, which the narrow shrink table lays out in 2^19 rows.
// Verifying a proof of the same statement at blowup 16 with 20 queries instead takes a
// 2^18-row shrink table: half the shrink's hashing, for one more recursion proof (the
// compress) of root's program at blowup 16 (wrapper/recursion/README.md, "The compress
// step").
//
// The compress program is the recorded verifier of one root proof under the kit's root
// key (a constant, so one compress key per kit and compress preset), and it exposes what
// the universal wrap takes (SHRINK_PUBLIC): the program VK digest, the output digest as
// 16 big-endian 16-bit limbs (the order wrapper/solidity/statement.ts packs the sha256
// of the public output in; root has each word's low limb first), and the exit code's two
// 16-bit limbs added (zero exactly when the exit code is: the limbs are range-checked
// where the run's exit is proved), which the wrap requires to be 0. The input is not part
// of it: on chain a run's statement is its program and its output (a guest that wants its
// input public writes it, or its hash, to the output).
import path from "node:path";
import type { StarkConfig } from "../../prover/stark/config.ts";
import { DEFAULT_HASH } from "../../prover/stark/config.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";
import { keyFileName } from "../../prover/stark/prep-tree.ts";
import { verifyWith } from "../../prover/stark/verifier.ts";
import { ProgramBuilder, type BuiltProgram } from "./builder.ts";
import { AluOp } from "./program.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { ROOT_PUBLIC } from "./root.ts";
import { PUBLIC_TABLE } from "./tables.ts";
import { fixedShapeProof } from "./shape-proof.ts";
import { setupRecursion, type RecursionProvingKey, type RecursionVerifyingKey } from "./prove.ts";
import type { RecursionKit } from "./kit.ts";

/** The compress proof's public values, which the shrink passes on unchanged. */
export const SHRINK_PUBLIC = { programDigest: 0, outputDigest: 8, exitSum: 24, length: 25 } as const;

/**
 * The compress preset for 100 bits: blowup 16 (four bits a query), 20 queries and 21 bits
 * of grinding: min(123.6 - log2 LDE, 20·4 + 21) - 1 = 100 for tables up to 2^18 rows
 * (root's program is 2^15 at the default preset). Lifted, as every kit proof: its
 * verifier walks one path per tree and query. FRI as the recursion preset (folding by 8
 * down to 8 coefficients). The shrink program over it is 206,169 rows of the narrow
 * table at the default preset (2^18), against 380,258 (2^19) for the verifier of root
 * itself; blowup 8 with 27 queries gives 258,122 (a full 2^18), blowup 32 with 16 queries
 * 176,588 for twice the compress LDE (measured 4 Dec 2026, scratch sweep).
 */
export const COMPRESS_CONFIG: StarkConfig = Object.freeze({
  hashSuite: DEFAULT_HASH,
  logBlowup: 4,
  numQueries: 20,
  powBits: 21,
  friLogArity: 3,
  friLogFinalDegree: 3,
  lifted: true,
});

/** INSECURE, tests and first looks: blowup 4 with 2 queries and 2 bits of grinding. */
export const COMPRESS_TEST_CONFIG_INSECURE: StarkConfig = Object.freeze({
  hashSuite: DEFAULT_HASH,
  logBlowup: 2,
  numQueries: 2,
  powBits: 2,
  friLogArity: 3,
  friLogFinalDegree: 3,
  lifted: true,
});

/** root's statement words (statementPublicValues): entry, cycles, exit lo, exit hi, hasDigest, 16 output limbs (lo, hi per word). */
const EXIT_LO = ROOT_PUBLIC.statement + 2, EXIT_HI = ROOT_PUBLIC.statement + 3, OUTPUT = ROOT_PUBLIC.statement + 5;

/** The compress program over one root proof of the kit (lenient: over a stand-in, for the key). */
export function recordCompressOfRoot(kit: RecursionKit, rootProof: StarkProof, lenient = false): BuiltProgram {
  const b = new ProgramBuilder({ lenient });
  const B = new RecordingBackend(b, lenient);
  const values = verifyWith(() => B, kit.root.vk.stark, rootProof, {});
  const pv = values.publicValues[PUBLIC_TABLE];
  if (pv.length !== ROOT_PUBLIC.length) throw new Error(`compress: the root proof carries ${pv.length} public values, root has ${ROOT_PUBLIC.length}`);
  for (let i = 0; i < 8; i++) b.publicValue(pv[ROOT_PUBLIC.programDigest + i]);
  for (let w = 0; w < 8; w++) b.publicValue(pv[OUTPUT + 2 * w + 1]), b.publicValue(pv[OUTPUT + 2 * w]);
  b.publicValue(b.baseAlu(AluOp.Add, pv[EXIT_LO], pv[EXIT_HI]));
  return b.build();
}

/** The kit's compress program from a stand-in root proof of the root key's shape: the
 * program every real root proof of the kit records. */
export function recordKitCompress(kit: RecursionKit): BuiltProgram {
  return recordCompressOfRoot(kit, fixedShapeProof(kit.root.vk.stark, "compress: the root key"), true);
}

/**
 * The kit's compress keys at `config`: read from the kit's key file when it holds this
 * very key (kit.keyDir), else set up (and kept there). One per kit and compress preset.
 */
export async function compressKeys(kit: RecursionKit, config: StarkConfig = COMPRESS_CONFIG): Promise<{ pk: RecursionProvingKey; vk: RecursionVerifyingKey; cached: boolean; keyFile?: string }> {
  const keyFile = kit.keyDir ? path.join(kit.keyDir, keyFileName("compress", config)) : undefined;
  const keys = await setupRecursion(recordKitCompress(kit).program, config, { keyFile });
  return { ...keys, keyFile };
}
