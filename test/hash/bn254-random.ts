// Deterministic pseudo-random BN254 scalars for the Poseidon-BN254 tests, with the
// edge values (0, 1, 2, r-1, r-2, large powers of two) first.
import { R_BN254 } from "../../prover/hash/bn254-field.ts";

export function randomFr(count: number, seed: number): bigint[] {
  let x = BigInt(seed) | 1n;
  const out: bigint[] = [];
  const edges = [0n, 1n, 2n, R_BN254 - 1n, R_BN254 - 2n, (1n << 253n) - 1n, 1n << 252n, (1n << 248n) - 1n];
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 256n) - 1n);
    const y = (x * 0x9e3779b97f4a7c15n) ^ (x >> 61n);
    out.push(i < edges.length ? edges[i] : (y & ((1n << 256n) - 1n)) % R_BN254);
  }
  return out;
}
