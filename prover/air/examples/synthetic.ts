// A wide synthetic AIR for benchmarks: every column c steps as
// c' = c·c_{+1} + c_{+2} (indices mod width) on transitions, degree 3 with the selector,
// and column 0 starts at a public seed.
import { defineAir } from "../builder.ts";
import type { CompiledAir } from "../types.ts";
import { add, mul } from "../../field/babybear.ts";

export function syntheticAir(width = 32): CompiledAir {
  const names = Array.from({ length: width }, (_, c) => `c${c}`);
  return defineAir({
    name: `synthetic-${width}`,
    main: names,
    publicValues: ["seed"],
    build(b) {
      const col = (c: number) => b.main[names[c % width]];
      b.whenFirstRow(b.eq(col(0).cur, b.pub.seed), "seed");
      for (let c = 0; c < width; c++) {
        b.whenTransition(b.eq(col(c).next, b.add(b.mul(col(c).cur, col(c + 1).cur), col(c + 2).cur)), `step ${c}`);
      }
    },
  });
}

export function syntheticTrace(logRows: number, width = 32, seed = 7): { main: Uint32Array[]; publicValues: Uint32Array } {
  const n = 1 << logRows;
  const main = Array.from({ length: width }, () => new Uint32Array(n));
  for (let c = 0; c < width; c++) main[c][0] = c === 0 ? seed : c + 1;
  for (let i = 1; i < n; i++) {
    for (let c = 0; c < width; c++) {
      main[c][i] = add(mul(main[c][i - 1], main[(c + 1) % width][i - 1]), main[(c + 2) % width][i - 1]);
    }
  }
  return { main, publicValues: Uint32Array.of(seed) };
}
