// Host-side checks of the example guests (guests/examples/*): for a given input and
// hints, the public output each guest must commit, computed independently in
// TypeScript (BigInt is fine here: this is test code, not a hot path).
import { createHash } from "node:crypto";

export function u32le(...values: number[]): Uint8Array {
  const b = new Uint8Array(4 * values.length);
  values.forEach((v, i) => new DataView(b.buffer).setUint32(4 * i, v >>> 0, true));
  return b;
}

export function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
}

const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** fibonacci: input n (u32); output n, fib(n) mod 2^32. */
export function fibonacciOutput(n: number): Uint8Array {
  let a = 0, b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, (a + b) >>> 0];
  return u32le(n, a);
}

/** sha256: output the digest of the input. */
export function sha256Output(input: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(input).digest());
}

/** arith64: input seed (u64), count (u32); output acc (u64) then its decimal text. */
export function arith64Output(seed: bigint, count: number): Uint8Array {
  const M = (v: bigint) => BigInt.asUintN(64, v), S = (v: bigint) => BigInt.asIntN(64, v);
  let x = M(seed), acc = 0n;
  for (let i = 0; i < count; i++) {
    x = M(x * 6364136223846793005n + 1442695040888963407n);
    const q = x / BigInt(i + 3);
    const r = x % 1000000007n;
    const s = S(x) / -BigInt(i + 7); // BigInt division truncates, as C does
    const m = S(x) % BigInt(i + 11);
    const big = x / ((x >> 40n) | 1n);
    acc = M(acc ^ M(q + r + M(s) + M(m) + big));
    acc = M((acc << 7n) | (acc >> 57n));
  }
  return concat(u64le(acc), new TextEncoder().encode(acc.toString()));
}

export function arith64Input(seed: bigint, count: number): Uint8Array {
  return concat(u64le(seed), u32le(count));
}

/** factor: input N (u64); hints count (u32) and the factors (u32 each). */
export function factorInput(n: bigint): Uint8Array {
  return u64le(n);
}
export function factorHints(factors: number[]): Uint8Array {
  return u32le(factors.length, ...factors);
}
export function factorOutput(n: bigint, factors: number[]): Uint8Array {
  return concat(u64le(n), u32le(factors.length, ...factors));
}
