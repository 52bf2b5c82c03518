// SPDX-License-Identifier: GPL-3.0
//
// Programs the wrap command can prove from scratch, until the zkVM's own STARK exists:
// each gives its AIRs, traces and where its statement digest sits. The wrap itself is
// generic (pipeline.ts takes any key of the poseidon-bn254 suite).
import type { CompiledAir } from "../../prover/air/types.ts";
import type { TableTrace } from "../../prover/stark/prover.ts";
import type { StatementLocation } from "../circuit/generate.ts";
import { fibonacciStatementAir, fibonacciStatementTrace, STATEMENT_OFFSET } from "../../prover/air/examples/fibonacci-statement.ts";

export type WrapExampleRun = {
  airs: CompiledAir[];
  traces: TableTrace[];
  preprocessed?: Array<Uint32Array[] | null>;
  statement: StatementLocation | null;
  /** The public values a dApp submits: sha256 of them is the statement digest. */
  publicValues: Uint8Array | null;
  description: string;
};

export type WrapExample = { name: string; summary: string; make(o: { logRows: number; a0: number; b0: number }): WrapExampleRun };

export const WRAP_EXAMPLES: WrapExample[] = [
  {
    name: "fibonacci-statement",
    summary: "Fibonacci from (a0, b0) over 2^rows steps; public values: a0, b0, the last b as big-endian u32s",
    make({ logRows, a0, b0 }) {
      const t = fibonacciStatementTrace(logRows, a0, b0);
      return {
        airs: [fibonacciStatementAir],
        traces: [{ main: t.main, publicValues: t.publicValues }],
        statement: { table: 0, offset: STATEMENT_OFFSET },
        publicValues: t.statement,
        description: `fib over 2^${logRows} steps from (${a0}, ${b0}) ends at ${t.publicValues[2]}`,
      };
    },
  },
];
