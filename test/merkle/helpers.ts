// Shared by the Merkle tests: a deterministic pseudo-random matrix of BabyBear values.
import type { Matrix } from "../../prover/merkle/mmcs.ts";
import { P } from "../../prover/field/babybear.ts";

export function randomMatrix(width: number, height: number, seed: number): Matrix {
  let x = seed * 2654435761 + 1;
  const columns = Array.from({ length: width }, () => {
    const col = new Uint32Array(height);
    for (let i = 0; i < height; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      col[i] = x % P;
    }
    return col;
  });
  return { width, height, columns };
}
