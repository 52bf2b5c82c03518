// The public chip: exposes base values as the recursion proof's public values.
// Row k is public value k. Preprocessed: addrA, the index k, isReal. Main: v.
//   receive (addrA, v, 0, 0, 0) on the memory bus            (isReal)
//   send (k, v) on bus `recursion.public`                     (isReal)
// The AIR declares the program's public values as its own (p0, p1, ...), so the STARK
// transcript observes them before any challenge is drawn; the constraints do not use
// them. The verifier (prove.ts verifyRecursion) checks that the proof's public values
// are the claimed ones and receives (k, value_k) on `recursion.public` itself through
// VerifyOptions.publicBusSum: the bus balances only if row k read exactly value_k.
// (A bus sum over values the transcript had not fixed would let a prover pick values
// after seeing the challenges.) So this AIR depends on the number of public values,
// and so does the key, which pins the program anyway.
import { defineAir } from "../../../prover/air/builder.ts";
import type { CompiledAir } from "../../../prover/air/types.ts";
import type { RecursionProgram } from "../program.ts";
import { BUS_PUBLIC, columns, flag, readBase, tableRows, type RecursionChip } from "./common.ts";

export const PUBLIC_PREP = ["addrA", "index", "isReal"] as const;
export const PUBLIC_MAIN = ["v"] as const;

const airs = new Map<number, CompiledAir>();

/** The public chip's AIR for a program with `count` public values. */
export function publicAir(count: number): CompiledAir {
  let air = airs.get(count);
  if (!air) {
    air = defineAir({
      name: `recursion.public`,
      main: PUBLIC_MAIN,
      preprocessed: PUBLIC_PREP,
      publicValues: Array.from({ length: count }, (_, k) => `p${k}`),
      build(b) {
        const p = b.prep, v = b.main.v.cur;
        const real = flag(b, p.isReal.cur);
        readBase(b, p.addrA.cur, v, real);
        b.send(BUS_PUBLIC, [p.index.cur, v], real);
      },
    });
    airs.set(count, air);
  }
  return air;
}

export const publicChip: RecursionChip = {
  name: "public",
  air: (p) => publicAir(p.public.a.length),
  count: (p) => p.public.a.length,
  preprocessed(p: RecursionProgram) {
    const n = p.public.a.length;
    const cols = columns(PUBLIC_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      cols[0][r] = p.public.a[r];
      cols[1][r] = r;
      cols[2][r] = 1;
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const n = p.public.a.length;
    const cols = columns(1, tableRows(n));
    for (let r = 0; r < n; r++) cols[0][r] = memory[4 * p.public.a[r]];
    return cols;
  },
};
