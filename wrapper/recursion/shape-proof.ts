// A stand-in proof of a given shape, for recording a kit's programs before any real proof
// of that shape exists (aggregate.ts). A recorded verifier program depends on the key and
// the proof's shape only (verifier-program.ts; with heights as values, on the tallest
// height only), so the program recorded over a stand-in of the right shape, with its
// failed checks let through (lenient recording), is the program every honest proof of
// that shape records. Tests compare the two (test/recursion/aggregate.test.ts).
//
// The values are pseudo-random canonical words: never a valid proof, only a shape.
import { P } from "../../prover/field/babybear.ts";
import type { VerifyingKey } from "../../prover/stark/keys.ts";
import { proofVersionOf, type Opening, type StarkProof } from "../../prover/stark/proof.ts";
import { tableLayout } from "../../prover/stark/proof-shape.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";

/** Deterministic pseudo-random canonical words (a 32-bit LCG reduced mod p). */
function words(seed: { s: number }, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    seed.s = (Math.imul(seed.s, 1664525) + 1013904223) >>> 0;
    out[i] = seed.s % P;
  }
  return out;
}

/** A proof object of key `vk` whose tables have 2^logRows[t] rows (see the head of this file). */
export function shapeProof(vk: VerifyingKey, logRows: number[], seedValue = 0x5eed): StarkProof {
  if (logRows.length !== vk.airs.length) throw new Error(`shapeProof: ${logRows.length} heights for ${vk.airs.length} tables`);
  const seed = { s: seedValue >>> 0 };
  const c = vk.config;
  const layout = tableLayout(vk, logRows);
  const digest = () => words(seed, 8);
  const opening = (dims: Array<{ width: number; height: number }>): Opening | null => {
    if (dims.length === 0) return null;
    const logMax = Math.log2(Math.max(...dims.map((d) => d.height)));
    return { rows: dims.map((d) => words(seed, d.width)), path: Array.from({ length: logMax }, digest) };
  };
  return {
    version: proofVersionOf(c),
    config: { ...c },
    vkDigest: vk.digest,
    tables: vk.airs.map((air, t) => ({
      logRows: logRows[t],
      publicValues: words(seed, air.numPublicValues),
      auxPublic: words(seed, 4 * air.numAuxPublic),
      openings: {
        prepZ: words(seed, 4 * air.preprocessedWidth), prepZNext: words(seed, 4 * air.preprocessedWidth),
        mainZ: words(seed, 4 * air.mainWidth), mainZNext: words(seed, 4 * air.mainWidth),
        auxZ: words(seed, 16 * air.auxWidth), auxZNext: words(seed, 16 * air.auxWidth),
        quotientZ: words(seed, 16 * quotientChunks(air)),
      },
    })),
    mainRoot: layout.dims.main.length ? digest() : null,
    auxRoot: layout.dims.aux.length ? digest() : null,
    quotientRoot: digest(),
    friRoots: layout.schedule.layers.map(digest),
    friFinalPoly: words(seed, 4 << c.friLogFinalDegree),
    powNonce: 0,
    queries: Array.from({ length: c.numQueries }, () => ({
      prep: vk.prepRoot ? opening(layout.dims.prep) : null,
      main: opening(layout.dims.main),
      aux: opening(layout.dims.aux),
      quotient: opening(layout.dims.quotient)!,
      fri: layout.schedule.layers.map((l) => ({
        rows: [words(seed, 4 << l.logArity)],
        path: Array.from({ length: l.logSize - l.logArity }, digest),
      })),
    })),
  };
}

/** A stand-in proof of a recursion key whose every table has a fixed height (its
 * preprocessed columns hold the program), for recording the program that verifies it;
 * `what` names the key in the error when a table has no fixed height. */
export function fixedShapeProof(vk: VerifyingKey, what: string, seedValue = 7): StarkProof {
  const logRows = vk.prepLogRows.map((h, t) => {
    if (h === null) throw new Error(`${what}: table ${t} has no fixed height`);
    return h;
  });
  return shapeProof(vk, logRows, seedValue);
}
