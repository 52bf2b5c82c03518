// Merkle caps (StarkConfig.merkleCapHeight, proof format 3): a tree is committed by the
// 2^c digests of its level c below the root instead of the root itself, and an opening's
// path stops there; the verifier checks the walk's last node against the cap digest that
// the row index's top c bits pick. The cap costs 2^c digests once per proof (sent and
// observed by the transcript) and saves c nodes per opening: worth it where a path node is
// dear, as in the wrap circuit (wrapper/circuit/merkle.ts), where each is a Poseidon
// permutation. c = 0 is a plain root, so the functions below serve every tree.
import type { MerkleCommitment, BatchOpening, Dims } from "../merkle/mmcs.ts";
import { merkleCapOf, type StarkConfig } from "./config.ts";
import type { VerifierBackend } from "./verifier-backend.ts";
import { selectTree } from "./select-tree.ts";

/** The cap height of a tree of these matrices: the config's, but never above the
 * shortest matrix (which would join the tree above the cap). */
export function capHeightOf(config: StarkConfig, dims: Dims[]): number {
  const minHeight = Math.min(...dims.map((d) => d.height));
  return merkleCapOf(config, 31 - Math.clz32(minHeight));
}

/** What the proof carries for a commitment: its cap (its root when c = 0). */
export function commitmentCap(config: StarkConfig, commit: MerkleCommitment): Uint32Array {
  return commit.cap(capHeightOf(config, commit.dims));
}

/** dropLowLevels(levels) that still holds the cap's level (a small tree keeps more). */
export function dropBelowCap(config: StarkConfig, commit: MerkleCommitment, levels: number, keepMatrices = false): MerkleCommitment {
  const logMax = 31 - Math.clz32(commit.maxHeight);
  return commit.dropLowLevels(Math.min(levels, logMax - capHeightOf(config, commit.dims)), keepMatrices);
}

/** Observes a commitment's cap digest by digest and returns it (what the proof carries). */
export function observeCommitment(config: StarkConfig, commit: MerkleCommitment, ch: { observeDigest(d: Uint32Array): void }, digestWords: number): Uint32Array {
  const cap = commitmentCap(config, commit);
  for (const d of capDigestWords(cap, digestWords)) ch.observeDigest(d);
  return cap;
}

/** An opening as a capped proof sends it: the path without its top c nodes. */
export function openingUnderCap(opening: BatchOpening, capHeight: number): BatchOpening {
  return capHeight === 0 ? opening : { rows: opening.rows, path: opening.path.slice(0, opening.path.length - capHeight) };
}

/** The cap's words split into digests (the length is checked by the caller). */
export function capDigestWords(cap: Uint32Array, digestWords: number): Uint32Array[] {
  return Array.from({ length: cap.length / digestWords }, (_, i) => cap.subarray(i * digestWords, (i + 1) * digestWords));
}

/** cap[j] for j = sum bits[i]·2^i (one digest: no select at all). */
export function selectCapWith<F, E, D>(B: VerifierBackend<F, E, D>, cap: D[], bits: F[]): D {
  return selectTree(bits, cap, (bit, a, b) => B.selectDigest(bit, a, b)[0]);
}
