// Poseidon2 over BabyBear, width 16, S-box x^7: the plain-TS reference permutation.
//
// Specification: Grassi, Khovratovich, Schofnegger, "Poseidon2" (https://eprint.iacr.org/2023/323),
// instantiated exactly as Plonky3's `default_babybear_poseidon2_16` (baby-bear/src/poseidon2.rs,
// poseidon2/src/external.rs): 4 external rounds, 13 internal rounds, 4 external rounds, with
// one external linear layer applied before the first round.
// - External layer: the 16x16 matrix circ(2·M4, M4, M4, M4) with
//   M4 = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]] (Plonky3's MDSMat4), i.e. M4 on each
//   block of 4, then each element gets the sum of its position across the 4 blocks.
// - Internal layer: 1 + Diag(V), V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8,
//   1/2^27, -1/2^8, -1/16, -1/2^27] (Plonky3's BabyBear width-16 diagonal): s_i ← V_i·s_i + Σs.
// - Round constants: poseidon2-constants.ts (Grain LFSR, as HorizenLabs / Plonky3).
// The fast batched kernel is prover/wasm/poseidon2.wat (see poseidon2-wasm.ts); this file
// is what it is tested against. It is scalar and slow (~10 us), fine for verifiers.
import { P, add, mul, inv } from "../field/babybear.ts";
import { poseidon2Constants, WIDTH, ROUNDS_F, ROUNDS_P, type Poseidon2Constants } from "./poseidon2-constants.ts";

export { WIDTH };

function fe(num: number, denPow2 = 0): number {
  const v = num < 0 ? P + num : num;
  return denPow2 === 0 ? v : mul(v, inv(2 ** denPow2));
}

/** The diagonal V of the internal matrix 1 + Diag(V), as field elements. */
export const INTERNAL_DIAGONAL: Uint32Array = Uint32Array.of(
  fe(-2), fe(1), fe(2), fe(1, 1), fe(3), fe(4), fe(-1, 1), fe(-3),
  fe(-4), fe(1, 8), fe(1, 2), fe(1, 3), fe(1, 27), fe(-1, 8), fe(-1, 4), fe(-1, 27),
);

/** x -> M4 x on state[o..o+4) (Plonky3's apply_mat4 addition chain). */
function mat4(s: Uint32Array, o: number): void {
  const x0 = s[o], x1 = s[o + 1], x2 = s[o + 2], x3 = s[o + 3];
  const t01 = add(x0, x1);
  const t23 = add(x2, x3);
  const t0123 = add(t01, t23);
  const t01123 = add(t0123, x1);
  const t01233 = add(t0123, x3);
  s[o + 3] = add(t01233, add(x0, x0));
  s[o + 1] = add(t01123, add(x2, x2));
  s[o] = add(t01123, t01);
  s[o + 2] = add(t01233, t23);
}

export function externalLinearLayer(s: Uint32Array): void {
  for (let o = 0; o < WIDTH; o += 4) mat4(s, o);
  for (let k = 0; k < 4; k++) {
    const sum = add(add(s[k], s[k + 4]), add(s[k + 8], s[k + 12]));
    for (let o = 0; o < WIDTH; o += 4) s[o + k] = add(s[o + k], sum);
  }
}

export function internalLinearLayer(s: Uint32Array): void {
  let sum = 0;
  for (let i = 0; i < WIDTH; i++) sum = add(sum, s[i]);
  for (let i = 0; i < WIDTH; i++) s[i] = add(mul(s[i], INTERNAL_DIAGONAL[i]), sum);
}

function sbox(x: number): number {
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  return mul(mul(x3, x3), x);
}

function externalRounds(s: Uint32Array, rc: Uint32Array): void {
  for (let r = 0; r < ROUNDS_F / 2; r++) {
    for (let i = 0; i < WIDTH; i++) s[i] = sbox(add(s[i], rc[r * WIDTH + i]));
    externalLinearLayer(s);
  }
}

/** The permutation with explicit constants (tests use it to flip one constant). */
export function poseidon2PermuteWith(state: Uint32Array, c: Poseidon2Constants): void {
  if (state.length < WIDTH) throw new RangeError(`poseidon2: state has ${state.length} words, expected ${WIDTH}`);
  externalLinearLayer(state);
  externalRounds(state, c.externalInitial);
  for (let r = 0; r < ROUNDS_P; r++) {
    state[0] = sbox(add(state[0], c.internal[r]));
    internalLinearLayer(state);
  }
  externalRounds(state, c.externalFinal);
}

/** Poseidon2-BabyBear-16 in place on 16 canonical words. */
export function poseidon2Permute(state: Uint32Array): void {
  poseidon2PermuteWith(state, poseidon2Constants());
}

