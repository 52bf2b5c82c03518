// The run's statement as the verifier accounts for it on the buses. The proof's tables
// leave exactly these tokens unmatched, and the verifier supplies them itself from
// public data (stark/verifier.ts publicBusSum):
//   exec    produced: (entry pc, clk 0), the initial state
//   exit    consumed: (exit code lo, hi, clk of the exit = cycles - 1, hasDigest, the 8
//           digest words as 16 limbs, zero without a digest)
//   memory  produced: (RO, INPUT_START + 4j, word j, ts 0) for every input word
//           (memory-dynamic.ts inputWords: the u32 length, then the bytes)
// So a changed input, exit code, cycle count or output digest leaves a bus unbalanced.
import { createHash } from "node:crypto";
import { P } from "../field/babybear.ts";
import { extAdd, extBatchInverse, extMul, extSub, fromBase, ZERO, type Ext } from "../field/extension.ts";
import { busIdOf } from "../air/logup.ts";
import { INPUT_START } from "../riscv/memory-map.ts";
import { BUS_EXEC, BUS_EXIT, BUS_MEMORY } from "./buses.ts";
import { KIND_RO } from "./events.ts";
import { inputWords } from "./memory-dynamic.ts";

export interface RunStatement {
  entry: number;
  cycles: number;
  exitCode: number;
  /** The 8 digest words the guest handed over at exit, or null (a1 = 0). */
  outputDigestWords: Uint32Array | null;
  input: Uint8Array;
}

/** gamma + v_0 + beta·v_1 + ... + beta^k·busId (prover/air/logup.ts). */
function fingerprint(gamma: Ext, beta: Ext, bus: string, tuple: number[]): Ext {
  let fp = gamma;
  let pw = fromBase(1);
  for (const v of tuple) {
    fp = extAdd(fp, extMul(pw, fromBase(((v % P) + P) % P)));
    pw = extMul(pw, beta);
  }
  return extAdd(fp, extMul(pw, fromBase(busIdOf(bus))));
}

export function exitTuple(s: RunStatement): number[] {
  const d = s.outputDigestWords;
  const limbs = d ? [...d].flatMap((w) => [w & 0xffff, w >>> 16]) : new Array(16).fill(0);
  const code = s.exitCode >>> 0;
  return [code & 0xffff, code >>> 16, s.cycles - 1, d ? 1 : 0, ...limbs];
}

/** The statement as public values of the dynamic-memory table (memory-dynamic.ts STATEMENT_FIELDS);
 * the input enters as its SHA-256 in 16-bit limbs. */
export function statementPublicValues(s: RunStatement): Uint32Array {
  const digest = createHash("sha256").update(s.input).digest();
  const inputLimbs = Array.from({ length: 16 }, (_, i) => digest.readUInt16BE(2 * i));
  const [exitLo, exitHi, , hasDigest, ...digestLimbs] = exitTuple(s);
  return Uint32Array.from([s.entry, s.cycles, exitLo, exitHi, hasDigest, ...digestLimbs, ...inputLimbs]);
}

/** The tokens the verifier supplies: net +1 produced, -1 consumed. */
export function statementTokens(s: RunStatement): Array<{ bus: string; tuple: number[]; net: number }> {
  const tokens = [{ bus: BUS_EXEC, tuple: [s.entry, 0], net: 1 }];
  inputWords(s.input).forEach((w, j) => {
    tokens.push({ bus: BUS_MEMORY, tuple: [KIND_RO, INPUT_START + 4 * j, w & 0xffff, w >>> 16, 0], net: 1 });
  });
  tokens.push({ bus: BUS_EXIT, tuple: exitTuple(s), net: -1 });
  return tokens;
}

/** Sum of the LogUp terms of the statement's tokens, for challenges (gamma, beta, ...). */
export function statementBusSum(s: RunStatement, challenges: Uint32Array): Ext {
  const gamma = challenges.subarray(0, 4), beta = challenges.subarray(4, 8);
  const tokens = statementTokens(s);
  const fps = new Uint32Array(4 * tokens.length);
  tokens.forEach((t, i) => fps.set(fingerprint(gamma, beta, t.bus, t.tuple), 4 * i));
  const inv = extBatchInverse(fps);
  let sum: Ext = ZERO;
  tokens.forEach((t, i) => {
    const term = inv.subarray(4 * i, 4 * i + 4);
    sum = t.net > 0 ? extAdd(sum, term) : extSub(sum, term);
  });
  return sum;
}
