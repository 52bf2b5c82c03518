// Elementwise BabyBear vector helpers for the prover's hot loops. Inputs and outputs
// are canonical Uint32Arrays; `out` may alias an input. Large vectors go to the wasm
// SIMD kernel (field-wasm.ts); short ones stay in inlined TypeScript, where the call
// and copy overhead of wasm would not pay.
import { P, inv } from "./babybear.ts";
import { binaryWasm, scaleWasm, powersWasm, batchInverseWasm } from "./field-wasm.ts";

const INV_P = 1 / P;
// Lengths from which the wasm kernel beats inlined TS, copies included (measured with
// scripts/bench/field.ts style loops: mul 1.6 vs 4.7 ns, add 0.6 vs 2.5 ns at 2^16).
const WASM_MIN_MUL = 256;
const WASM_MIN_ADD = 1024;
const WASM_MIN_INV = 512;

function checkLengths(what: string, out: Uint32Array, a: Uint32Array, b?: Uint32Array): number {
  const n = out.length;
  if (a.length !== n || (b !== undefined && b.length !== n)) {
    throw new RangeError(`${what}: lengths differ (out ${n}, a ${a.length}${b ? `, b ${b.length}` : ""})`);
  }
  return n;
}

/** out[i] = a[i] * b[i]. */
export function mulVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("mulVec", out, a, b);
  if (n >= WASM_MIN_MUL) {
    binaryWasm("vmul", out, a, b);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const q = (x * y * INV_P - 0.5) | 0;
    let r = (Math.imul(x, y) - Math.imul(q, P) - P) | 0;
    out[i] = r + ((r >> 31) & P);
  }
  return out;
}

/** out[i] = a[i] + b[i]. */
export function addVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("addVec", out, a, b);
  if (n >= WASM_MIN_ADD) {
    binaryWasm("vadd", out, a, b);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const s = (a[i] + b[i] - P) | 0;
    out[i] = s + ((s >> 31) & P);
  }
  return out;
}

/** out[i] = a[i] - b[i]. */
export function subVec(out: Uint32Array, a: Uint32Array, b: Uint32Array): Uint32Array {
  const n = checkLengths("subVec", out, a, b);
  if (n >= WASM_MIN_ADD) {
    binaryWasm("vsub", out, a, b);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const s = (a[i] - b[i]) | 0;
    out[i] = s + ((s >> 31) & P);
  }
  return out;
}

/** out[i] = a[i] * s. */
export function scaleVec(out: Uint32Array, a: Uint32Array, s: number): Uint32Array {
  const n = checkLengths("scaleVec", out, a);
  if (!Number.isInteger(s) || s < 0 || s >= P) throw new RangeError(`scaleVec: scalar ${s} is not a canonical field element`);
  if (n >= WASM_MIN_MUL) {
    scaleWasm(out, a, s);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const q = (x * s * INV_P - 0.5) | 0;
    let r = (Math.imul(x, s) - Math.imul(q, P) - P) | 0;
    out[i] = r + ((r >> 31) & P);
  }
  return out;
}

/** [1, base, base^2, ..., base^(n-1)]. */
export function powersVec(base: number, n: number): Uint32Array {
  if (!Number.isInteger(base) || base < 0 || base >= P) throw new RangeError(`powersVec: base ${base} is not a canonical field element`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`powersVec: count ${n} must be a non-negative integer`);
  if (n >= WASM_MIN_MUL) return powersWasm(base, n);
  const out = new Uint32Array(n);
  let x = 1;
  for (let i = 0; i < n; i++) {
    out[i] = x;
    const q = (x * base * INV_P - 0.5) | 0;
    let r = (Math.imul(x, base) - Math.imul(q, P) - P) | 0;
    x = r + ((r >> 31) & P);
  }
  return out;
}

/**
 * Montgomery's trick with one field inversion; zeros are rejected with their index.
 * Writes into `out` (fresh by default; may alias `values`).
 */
export function batchInverse(values: Uint32Array, out: Uint32Array = new Uint32Array(values.length)): Uint32Array {
  const n = values.length;
  if (out.length !== n) throw new RangeError(`batchInverse: out has ${out.length} slots for ${n} values`);
  if (n === 0) return out;
  // prefix products go into out; values is still needed for the backward pass, so an
  // aliased call keeps a copy
  const src = out === values ? values.slice() : values;
  if (n >= WASM_MIN_INV) {
    batchInverseWasm(src, out);
    return out;
  }
  let acc = 1;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (v === 0) throw new RangeError(`batchInverse: element ${i} is zero`);
    out[i] = acc;
    const q = (acc * v * INV_P - 0.5) | 0;
    let r = (Math.imul(acc, v) - Math.imul(q, P) - P) | 0;
    acc = r + ((r >> 31) & P);
  }
  let t = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const o = out[i];
    let q = (o * t * INV_P - 0.5) | 0;
    let r = (Math.imul(o, t) - Math.imul(q, P) - P) | 0;
    out[i] = r + ((r >> 31) & P);
    const v = src[i];
    q = (t * v * INV_P - 0.5) | 0;
    r = (Math.imul(t, v) - Math.imul(q, P) - P) | 0;
    t = r + ((r >> 31) & P);
  }
  return out;
}
