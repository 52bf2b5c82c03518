// Deterministic random field columns for the NTT tests.
import { P } from "../../prover/field/babybear.ts";

export function randomColumn(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = i % 11 === 3 ? P - 1 : x % P; // p - 1 stresses every reduction
  }
  return out;
}
