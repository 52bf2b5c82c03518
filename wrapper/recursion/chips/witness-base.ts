// The base-witness chip: one row writes four base values the prover supplies (proof
// words: opened rows, Merkle siblings, query bits' sources), each to its own address, as
// (addr_i, v_i, 0, 0, 0) with its read count. A verifier's witness stream is almost all
// base words; one per row in the witness chip (a block each) made that table the tallest
// of a join. The builder gathers base witnesses four to a row (builder.ts witness), and
// fills a row it must close early with zeros at addresses nobody reads.
// Preprocessed: addr0..addr3, reads0..reads3. Main: v0..v3. Nothing constrains the
// values: they are whatever the prover claims, and the program's checks judge them.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import { WITNESS_BASE_LANES, type RecursionProgram } from "../program.ts";
import { columns, readCount, tableRows, writeBlock, type RecursionChip } from "./common.ts";

const lanes = Array.from({ length: WITNESS_BASE_LANES }, (_, i) => i);
export const WITNESS_BASE_PREP = [...lanes.map((i) => `addr${i}`), ...lanes.map((i) => `reads${i}`)];
export const WITNESS_BASE_MAIN = lanes.map((i) => `v${i}`);

export const witnessBaseAir = defineAir({
  name: "recursion.witness-base",
  main: WITNESS_BASE_MAIN,
  preprocessed: WITNESS_BASE_PREP,
  build(b) {
    const m = b.main as Record<string, { cur: Expr }>, p = b.prep as Record<string, { cur: Expr }>;
    for (const i of lanes) writeBlock(b, p[`addr${i}`].cur, [m[`v${i}`].cur, 0, 0, 0], readCount(b, p[`reads${i}`].cur));
  },
});

export const witnessBaseChip: RecursionChip = {
  name: "witness-base",
  air: () => witnessBaseAir,
  count: (p) => p.witnessBase.out.length / WITNESS_BASE_LANES,
  preprocessed(p: RecursionProgram) {
    const out = p.witnessBase.out, n = out.length / WITNESS_BASE_LANES;
    const cols = columns(WITNESS_BASE_PREP.length, tableRows(n));
    for (let r = 0; r < n; r++) {
      for (const i of lanes) {
        const addr = out[WITNESS_BASE_LANES * r + i];
        cols[i][r] = addr;
        cols[WITNESS_BASE_LANES + i][r] = p.reads[addr];
      }
    }
    return cols;
  },
  main(p: RecursionProgram, memory: Uint32Array) {
    const out = p.witnessBase.out, n = out.length / WITNESS_BASE_LANES;
    const cols = columns(WITNESS_BASE_LANES, tableRows(n));
    for (let r = 0; r < n; r++) for (const i of lanes) cols[i][r] = memory[4 * out[WITNESS_BASE_LANES * r + i]];
    return cols;
  },
};
