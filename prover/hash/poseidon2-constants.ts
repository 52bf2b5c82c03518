// Round constants of Poseidon2 over BabyBear, width 16, by the procedure that produced
// them: the Grain LFSR of the Poseidon paper (https://eprint.iacr.org/2019/458, App. F)
// as run by HorizenLabs' `poseidon2_rust_params.sage`
// (https://github.com/HorizenLabs/poseidon2, poseidon2_instance_babybear.rs), whose
// output Plonky3 ships as BABYBEAR_RC16_EXTERNAL_INITIAL / _INTERNAL / _EXTERNAL_FINAL
// (Plonky3 baby-bear/src/poseidon2.rs). test/hash/poseidon2-constants.test.ts checks
// every value against those published tables.
//
// The LFSR is seeded with 80 bits: field type (2 bits, 1 = prime field), S-box type
// (4 bits, 0 = x^alpha), field size n (12), width t (12), R_F (10), R_P (10), then 30
// ones; 160 outputs are discarded. Output bits are "self-shrunk": take bits in pairs
// (b1, b2) and emit b2 only when b1 = 1. An element is n bits, most significant first,
// rejected and redrawn when >= p. Poseidon2 draws R_F*t + R_P constants in round order:
// t per external round, one per internal round. Runs once at load (a few ms).
import { P } from "../field/babybear.ts";

export const WIDTH = 16;
export const ROUNDS_F = 8; // external (full) rounds, 4 before and 4 after
export const ROUNDS_P = 13; // internal (partial) rounds
export const FIELD_BITS = 31;

export type Poseidon2Constants = {
  /** 4 rounds x 16 words, round-major. */
  externalInitial: Uint32Array;
  /** 13 words, added to state[0] of each internal round. */
  internal: Uint32Array;
  /** 4 rounds x 16 words, round-major. */
  externalFinal: Uint32Array;
};

function grainBitSource(n: number, t: number, rf: number, rp: number): () => number {
  const seed: number[] = [];
  const push = (value: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--) seed.push((value >>> i) & 1);
  };
  push(1, 2); // prime field
  push(0, 4); // S-box x^alpha
  push(n, 12);
  push(t, 12);
  push(rf, 10);
  push(rp, 10);
  for (let i = 0; i < 30; i++) seed.push(1);
  // 80-bit register as a ring buffer; head is the oldest bit (index 0 of the sage list).
  const reg = Uint8Array.from(seed);
  let head = 0;
  const step = (): number => {
    const at = (i: number) => reg[(head + i) % 80];
    const bit = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
    reg[head] = bit;
    head = (head + 1) % 80;
    return bit;
  };
  for (let i = 0; i < 160; i++) step();
  return () => {
    for (;;) {
      const b1 = step();
      const b2 = step();
      if (b1 === 1) return b2;
    }
  };
}

/** The Grain LFSR's field elements, in order (exposed for tests). */
export function grainFieldElements(count: number, n = FIELD_BITS, t = WIDTH, rf = ROUNDS_F, rp = ROUNDS_P): Uint32Array {
  const next = grainBitSource(n, t, rf, rp);
  const out = new Uint32Array(count);
  for (let k = 0; k < count; k++) {
    let v: number;
    do {
      v = 0;
      for (let i = 0; i < n; i++) v = v * 2 + next();
    } while (v >= P);
    out[k] = v;
  }
  return out;
}

/** Splits the Grain output into the three tables, in round order. */
export function generateConstants(): Poseidon2Constants {
  const half = ROUNDS_F / 2;
  const all = grainFieldElements(ROUNDS_F * WIDTH + ROUNDS_P);
  return {
    externalInitial: all.slice(0, half * WIDTH),
    internal: all.slice(half * WIDTH, half * WIDTH + ROUNDS_P),
    externalFinal: all.slice(half * WIDTH + ROUNDS_P),
  };
}

let cached: Poseidon2Constants | undefined;
export function poseidon2Constants(): Poseidon2Constants {
  if (!cached) cached = generateConstants();
  return cached;
}
