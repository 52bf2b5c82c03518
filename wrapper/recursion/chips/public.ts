// The public chip: exposes base values as the recursion proof's public values, as plain
// AIR public values, so a recursion proof is verified like any STARK proof (no bus terms
// of the verifier's own: the recorded verifier and the wrap circuit need nothing extra).
// Row k is public value k. Preprocessed: addrA, isReal. Main: a shift register
// s_0..s_{n-1} (n = the program's public count, at least one column):
//   first row:   s_j = p_j                    (p_j: AIR public value j)
//   transition:  s_j' = s_{j+1}               (j < n - 1)
//   receive (addrA, s_0, 0, 0, 0) on the memory bus (isReal)
// so s_0 on row k is s_k on row 0, which is p_k: row k reads exactly public value k. The
// table has at least n rows (tableRows), every constraint has degree 2, and n columns
// cost n·rows cells: a few hundred for the handful of values a program exposes.
// The AIR depends on n, and so does the key, which pins the program anyway.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { CompiledAir } from "../../../prover/air/types.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, readBase, tableRows, type RecursionChip } from "./common.ts";

export const PUBLIC_PREP = ["addrA", "isReal"] as const;
const shiftColumns = (n: number) => Array.from({ length: Math.max(1, n) }, (_, j) => `s${j}`);

const airs = new Map<number, CompiledAir>();

/** The public chip's AIR for a program with `count` public values. */
export function publicAir(count: number): CompiledAir {
  let air = airs.get(count);
  if (!air) {
    const names = shiftColumns(count);
    air = defineAir({
      name: "recursion.public",
      main: names,
      preprocessed: PUBLIC_PREP,
      publicValues: Array.from({ length: count }, (_, k) => `p${k}`),
      build(b) {
        const s = names.map((n) => (b.main as Record<string, { cur: Expr; next: Expr }>)[n]);
        const pub = (k: number) => (b.pub as Record<string, Expr>)[`p${k}`];
        for (let j = 0; j < count; j++) b.whenFirstRow(b.eq(s[j].cur, pub(j)), `public ${j} on the first row`);
        for (let j = 0; j + 1 < count; j++) b.whenTransition(b.eq(s[j].next, s[j + 1].cur), `shift ${j}`);
        readBase(b, b.prep.addrA.cur, s[0].cur, flag(b, b.prep.isReal.cur));
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
      cols[1][r] = 1;
    }
    return cols;
  },
  /** s_j on row r holds the value of public r + j (0 past the end). */
  main(p: RecursionProgram, memory: Uint32Array) {
    const n = p.public.a.length;
    const rows = tableRows(n);
    const cols = columns(Math.max(1, n), rows);
    for (let j = 0; j < n; j++) {
      for (let r = 0; r + j < n; r++) cols[j][r] = memory[4 * p.public.a[r + j]];
    }
    return cols;
  },
};
