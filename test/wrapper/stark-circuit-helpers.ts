// Shared helpers for the generated circom STARK verifier's tests (stark-circuit.test.ts,
// emitter.test.ts): compile with the circuit library on the include path, run the
// witness generator, read witness values by signal name.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";
import { compileCircom, type CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { computeWitness, WitnessError } from "../../wrapper/circuit/witness.ts";
import type { StarkProof } from "../../prover/stark/proof.ts";

/** wrapper/circuit/lib, absolute (circom under WASI cannot follow `..` in include paths). */
export const LIB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../wrapper/circuit/lib");

const quiet = () => {};

/** compileCircom with the circuit library included; progress lines are dropped. */
export function compile(circ: { name: string; source: string }): Promise<CompiledCircuit> {
  return compileCircom({ name: circ.name, source: circ.source, includeDirs: [LIB_DIR], log: quiet });
}

/** Runs the witness generator; the witness must compute. Returns the .wtns path. */
export async function witnessOk(c: CompiledCircuit, input: Record<string, unknown>): Promise<string> {
  const { wtnsPath } = await computeWitness(c.wasm, input);
  return wtnsPath;
}

/** The witness generator must fail on a circuit assertion (not on a malformed input). */
export async function expectAssertFails(c: CompiledCircuit, input: Record<string, unknown>, what = ""): Promise<WitnessError> {
  let wtns: string | null = null;
  try {
    wtns = (await computeWitness(c.wasm, input)).wtnsPath;
  } catch (e) {
    expect(e, what).to.be.instanceOf(WitnessError);
    const we = e as WitnessError;
    expect(we.assertFailed, `${what}: ${we.circomMessage}`).to.equal(true);
    return we;
  } finally {
    if (wtns) fs.rmSync(wtns, { force: true });
  }
  expect.fail(`${what}: the witness computed, the circuit accepted the input`);
}

/** Every witness value (index 0 is the constant 1). */
export async function readWitness(wtnsPath: string): Promise<bigint[]> {
  const w = (await snarkjs.wtns.exportJson(wtnsPath)) as Array<bigint | string>;
  return w.map((x) => BigInt(x));
}

/** Witness index of each main-component signal, from circom's .sym ("main.out[2]" -> index). */
export function symbolIndex(symPath: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of fs.readFileSync(symPath, "utf8").split("\n")) {
    const parts = line.split(",");
    if (parts.length < 4) continue;
    const idx = Number(parts[1]);
    if (idx >= 0) m.set(parts.slice(3).join(","), idx);
  }
  return m;
}

/**
 * A view of `proof` in which query index q means query q mod (number of queries), so the
 * shared tampers (written for >= 3 queries) apply to a 2-query proof. Returns a function
 * that restores the plain array (after the tamper ran).
 */
export function wrapQueries(proof: StarkProof): () => void {
  const real = proof.queries;
  proof.queries = new Proxy(real, {
    get(target, key, recv) {
      if (typeof key === "string" && /^\d+$/.test(key) && target.length > 0) return target[Number(key) % target.length];
      return Reflect.get(target, key, recv);
    },
  });
  return () => {
    proof.queries = real;
  };
}

/** Deep-copies a JSON circuit input. */
export function cloneInput<T>(input: T): T {
  return structuredClone(input);
}
