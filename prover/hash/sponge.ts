// Leaf hash and node compression over Poseidon2-BabyBear-16, as Plonky3 builds them:
// - PaddingFreeSponge<perm, 16, 8, 8> (symmetric/src/sponge.rs): state starts at zero;
//   the input is cut into chunks of 8 (the rate) and each chunk OVERWRITES state[0..len)
//   (the capacity words 8..16 are never written), then the state is permuted; the digest
//   is state[0..8). No padding: rows of a given width are all one length, and an empty
//   row hashes to the zero digest.
// - TruncatedPermutation<perm, 2, 8, 16> (symmetric/src/compression.rs): compress(l, r)
//   = the first 8 words of permute(l || r).
// These are the scalar references; the batched wasm kernels must agree with them.
import { poseidon2Permute, WIDTH } from "./poseidon2-babybear.ts";

export const RATE = 8;
export const DIGEST_WORDS = 8;

type Permute = (state: Uint32Array) => void;

/** `permute` defaults to the TS reference; the suite passes the wasm one. */
export function spongeHash(values: ArrayLike<number>, permute: Permute = poseidon2Permute): Uint32Array {
  const state = new Uint32Array(WIDTH);
  for (let i = 0; i < values.length; i += RATE) {
    const end = Math.min(values.length, i + RATE);
    for (let j = i; j < end; j++) state[j - i] = values[j];
    permute(state);
  }
  return state.slice(0, DIGEST_WORDS);
}

export function compressPair(left: Uint32Array, right: Uint32Array, permute: Permute = poseidon2Permute): Uint32Array {
  if (left.length !== DIGEST_WORDS || right.length !== DIGEST_WORDS) {
    throw new RangeError(`compress: digests must be ${DIGEST_WORDS} words, got ${left.length} and ${right.length}`);
  }
  const state = new Uint32Array(WIDTH);
  state.set(left, 0);
  state.set(right, DIGEST_WORDS);
  permute(state);
  return state.slice(0, DIGEST_WORDS);
}
