// The BN254 scalar field F_r, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
// (the order of the alt_bn128 / BN254 G1 group, EIP-196; circom's and snarkjs's native field),
// and the word encoding of its elements used by the Poseidon-BN254 hash suite.
//
// Encoding: an element is stored as 8 little-endian 32-bit words of its canonical value
// x in [0, r): x = sum_i words[i]·2^(32 i). The hot paths (prover/wasm/bn254.wat) never use
// BigInt; the BigInt helpers here are the reference that tests check the kernels against,
// and the one-time conversion of round constants when the kernel is loaded.

export const R_BN254 = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** Words per encoded element. */
export const FR_WORDS = 8;

export const frAdd = (a: bigint, b: bigint): bigint => (a + b) % R_BN254;
export const frSub = (a: bigint, b: bigint): bigint => (a - b + R_BN254) % R_BN254;
export const frMul = (a: bigint, b: bigint): bigint => (a * b) % R_BN254;
export const frPow5 = (a: bigint): bigint => {
  const a2 = (a * a) % R_BN254;
  return (((a2 * a2) % R_BN254) * a) % R_BN254;
};

/** 8 LE 32-bit words -> bigint (no range check). */
export function wordsToBigint(w: ArrayLike<number>, offset = 0): bigint {
  let x = 0n;
  for (let i = FR_WORDS - 1; i >= 0; i--) x = (x << 32n) | BigInt(w[offset + i] >>> 0);
  return x;
}

/** bigint in [0, 2^256) -> 8 LE 32-bit words. */
export function bigintToWords(x: bigint, out: Uint32Array = new Uint32Array(FR_WORDS), offset = 0): Uint32Array {
  if (x < 0n || x >> 256n !== 0n) throw new RangeError(`bigintToWords: ${x} does not fit 256 bits`);
  for (let i = 0; i < FR_WORDS; i++) {
    out[offset + i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
  return out;
}

// r's words, most significant first, for the canonical check below.
const R_WORDS_MSF = Array.from(bigintToWords(R_BN254)).reverse();

/** Whether the 8 words at `offset` encode a canonical element (value < r). No BigInt. */
export function isCanonicalWords(w: ArrayLike<number>, offset = 0): boolean {
  for (let i = 0; i < FR_WORDS; i++) {
    const a = w[offset + FR_WORDS - 1 - i] >>> 0;
    const b = R_WORDS_MSF[i];
    if (a !== b) return a < b;
  }
  return false; // equal to r
}
