// SPDX-License-Identifier: GPL-3.0
//
// Witness generation for a compiled circom circuit (compile.ts), through snarkjs.
//
//   const { wtnsPath } = await computeWitness(c.wasm, { a: 3, b: 5n, c: "15" });
//   await checkWitnessAgainstR1cs(c.r1cs, wtnsPath);   // true when every A·B = C holds
//
// When the circuit rejects the input (a failing `===` or `assert`, a missing or extra
// input signal) computeWitness throws a WitnessError carrying circom's own message, e.g.
// "Assert Failed. Error in template Mul_0 line: 7", which names the template and line of
// the source that failed.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";

/** The circuit rejected the input; `circomMessage` is what circom's witness code said. */
export class WitnessError extends Error {
  readonly circomMessage: string;
  /** True for a failed `===` / assert (rather than a malformed input). */
  readonly assertFailed: boolean;
  readonly wasmPath: string;

  constructor(circomMessage: string, wasmPath: string, cause?: unknown) {
    super(`witness generation failed for ${wasmPath}: ${circomMessage}`, { cause });
    this.name = "WitnessError";
    this.circomMessage = circomMessage;
    this.assertFailed = circomMessage.includes("Assert Failed");
    this.wasmPath = wasmPath;
  }
}

/** circom_runtime rethrows as `new Error(err)`, so messages can start with "Error: ". */
function circomText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^(Error: )+/, "").trim();
}

/**
 * Runs the circuit's witness generator on `input` (signal name -> number, bigint, decimal
 * string or nested arrays of them) and writes the .wtns file. Without `wtnsPath` it goes
 * to a fresh file under the OS temp directory, which the caller may delete.
 */
export async function computeWitness(
  wasmPath: string, input: Record<string, unknown>, wtnsPath?: string,
): Promise<{ wtnsPath: string; seconds: number }> {
  if (!fs.existsSync(wasmPath)) throw new Error(`computeWitness: no such file ${wasmPath}`);
  const out = wtnsPath ?? path.join(os.tmpdir(), `witness-${process.pid}-${crypto.randomBytes(6).toString("hex")}.wtns`);
  // snarkjs parses strings as decimal bigints; bigints pass through. Numbers beyond 2^53
  // would already have lost precision, so refuse them rather than prove a wrong value.
  JSON.stringify(input, (k, v) => {
    if (typeof v === "number" && !Number.isSafeInteger(v)) {
      throw new Error(`computeWitness: input ${k} = ${v} is not a safe integer; pass a bigint or a decimal string`);
    }
    return typeof v === "bigint" ? v.toString() : v;
  });
  const t0 = performance.now();
  try {
    await snarkjs.wtns.calculate(input, wasmPath, out);
  } catch (e) {
    fs.rmSync(out, { force: true }); // no half-written witness
    // The generator did not load: not a verdict on the input. V8 refuses a wasm function
    // over 7,654,321 bytes, which circom emits for a template with a very long body.
    const text = circomText(e);
    if (/WebAssembly\.(compile|instantiate)|CompileError/.test(text) || (e as Error)?.name === "CompileError") {
      throw new Error(`computeWitness: the witness generator ${wasmPath} cannot be loaded (${text}); ` +
        "a function over V8's size limit means a circuit template too long for circom's wasm witness generator", { cause: e });
    }
    throw new WitnessError(text, wasmPath, e);
  }
  return { wtnsPath: out, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Checks every R1CS constraint A·B = C of `r1csPath` on the witness (snarkjs `wtns check`).
 * Returns false at the first failing constraint (snarkjs logs its index as a warning).
 * Uses snarkjs's BN254 curve, which starts worker threads: call
 * `globalThis.curve_bn128?.terminate()` before a script that must exit on its own ends.
 */
export async function checkWitnessAgainstR1cs(
  r1csPath: string, wtnsPath: string, log: (line: string) => void = () => {},
): Promise<boolean> {
  const logger = { info: log, warn: log, error: log, debug: () => {} };
  return Boolean(await snarkjs.wtns.check(r1csPath, wtnsPath, logger));
}
