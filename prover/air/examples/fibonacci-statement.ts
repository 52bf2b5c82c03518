// Fibonacci that also carries a statement: 16 public values holding the sha256 digest of
// the statement bytes as 16-bit big-endian limbs, the form the on-chain wrap expects
// (wrapper/circuit/generate.ts). The statement bytes are a0, b0 and out as big-endian
// u32s. The AIR does not recompute the digest (a STARK over BabyBear has no cheap
// sha256); binding the digest to the output is the job of the program that produces it
// (for guests, the executor's output digest), here it only travels with the proof.
import { createHash } from "node:crypto";
import { defineAir } from "../builder.ts";
import { fibonacciConstraints, fibonacciTrace } from "./fibonacci.ts";

export const STATEMENT_OFFSET = 3;

/** The AIR under a given name (another name is another key with the same proof shape). */
export function makeFibonacciStatementAir(name = "fibonacci-statement") {
  return defineAir({
    name,
    main: ["a", "b"],
    publicValues: ["a0", "b0", "out", ...Array.from({ length: 16 }, (_, i) => `digest${i}`)],
    build: fibonacciConstraints,
  });
}

export const fibonacciStatementAir = makeFibonacciStatementAir();

/** The statement bytes: a0, b0, out as big-endian u32s. */
export function fibonacciStatementBytes(a0: number, b0: number, out: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  [a0, b0, out].forEach((v, i) => view.setUint32(4 * i, v));
  return bytes;
}

/** sha256 of the bytes as 16 big-endian 16-bit limbs. */
export function digestLimbs(bytes: Uint8Array): number[] {
  const d = createHash("sha256").update(bytes).digest();
  return Array.from({ length: 16 }, (_, i) => d.readUInt16BE(2 * i));
}

export function fibonacciStatementTrace(logRows: number, a0 = 0, b0 = 1): { main: Uint32Array[]; publicValues: Uint32Array; statement: Uint8Array } {
  const { main, publicValues } = fibonacciTrace(logRows, a0, b0);
  const statement = fibonacciStatementBytes(a0, b0, publicValues[2]);
  return { main, publicValues: Uint32Array.from([...publicValues, ...digestLimbs(statement)]), statement };
}
