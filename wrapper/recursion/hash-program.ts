// Hashing of key material inside a recursion program, as prover/hash/sponge.ts does it
// natively: the padding-free Poseidon2 sponge (rate 8, digest 8), and the 16-bit halves
// that key digests and shares split 32-bit words into (prover/stark/keys.ts vkDigestOf,
// prover/zkvm/shares.ts).
import { AluOp, POSEIDON2_WIDTH } from "./program.ts";
import type { ProgramBuilder, Var } from "./builder.ts";
import { RATE, DIGEST_WORDS } from "../../prover/hash/sponge.ts";

/** Each chunk of 8 overwrites the front of the state, then the state is permuted; the
 * capacity starts at zero and the digest is the first 8 words. */
export function hashRow(b: ProgramBuilder, values: Var[]): Var[] {
  let state: Var[] = Array.from({ length: POSEIDON2_WIDTH }, () => b.constant(0));
  for (let i = 0; i < values.length; i += RATE) {
    const chunk = values.slice(i, i + RATE);
    state = b.poseidon2([...chunk, ...state.slice(chunk.length)]);
  }
  return state.slice(0, DIGEST_WORDS);
}

/** TruncatedPermutation (sponge.ts compressPair): the first 8 words of permute(l || r). */
export function compress(b: ProgramBuilder, left: Var[], right: Var[]): Var[] {
  return b.poseidon2([...left, ...right]).slice(0, DIGEST_WORDS);
}

/** A base value's halves (w & 0xffff, w >>> 16), from its canonical 31 bits. */
export function wordHalves(b: ProgramBuilder, w: Var): [Var, Var] {
  const bits = b.bits(w);
  const sum = (from: number, to: number) => {
    let acc = bits[from];
    for (let i = from + 1; i < to; i++) acc = b.baseAlu(AluOp.Add, acc, b.baseAlu(AluOp.Mul, bits[i], b.constant(2 ** (i - from))));
    return acc;
  };
  return [sum(0, 16), sum(16, 31)];
}
