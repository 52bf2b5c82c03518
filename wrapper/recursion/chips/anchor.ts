// The anchor chip: a table with no operations whose height the program sets
// (RecursionProgram.anchorLogRows), so that every recursion proof of a kit has the same
// tallest table. Recursion proofs are lifted (prover/stark/lifting.ts): their Merkle trees
// and FRI follow the tallest table and nothing else, so with the anchor the tallest the
// verifier of a recursion proof needs no more than that one height, whatever the program's
// other tables hold (prover/stark/verifier-heights.ts): one join program verifies lifts and
// joins alike.
//
// One preprocessed and one main column, both zero: it receives (0, 0, 0, 0, 0) on the
// memory bus with multiplicity 0 (so it has an aux column, and a place in every tree) and
// requires its main column to be zero. A program without anchorLogRows gets the minimum
// height (2^4 rows), a few cells.
import { defineAir } from "../../../prover/air/builder.ts";
import type { RecursionProgram } from "../program.ts";
import { columns, flag, readBase, tableRows, type RecursionChip } from "./common.ts";

export const ANCHOR_PREP = ["zero"] as const;

export const anchorAir = defineAir({
  name: "recursion.anchor",
  main: ["zero"],
  preprocessed: ANCHOR_PREP,
  build(b) {
    b.assertZero(b.main.zero.cur, "the anchor holds zeros");
    readBase(b, b.prep.zero.cur, b.main.zero.cur, flag(b, b.prep.zero.cur));
  },
});

const anchorRows = (p: RecursionProgram) => tableRows(2 ** (p.anchorLogRows ?? 0));

export const anchorChip: RecursionChip = {
  name: "anchor",
  air: () => anchorAir,
  count: () => 0,
  preprocessed: (p) => columns(ANCHOR_PREP.length, anchorRows(p)),
  main: (p) => columns(1, anchorRows(p)),
};
