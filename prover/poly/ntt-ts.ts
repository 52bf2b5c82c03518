// Fast scalar TypeScript NTT (no wasm): the fallback kernel and the second opinion in
// tests. Iterative radix-2: bit-reverse, then decimation-in-time stages, natural order
// in and out. Arithmetic uses the float-quotient trick of babybear.ts, inlined and
// branch-free (toolchain-notes: branches make it 3x slower).
import { P, rootOfUnity, inv, mul, powersOf } from "../field/babybear.ts";

const INV_P = 1 / P;
const twiddleCache = new Map<number, Uint32Array>();

/** [w^0 .. w^(n/2 - 1)] for w = rootOfUnity(logN) (inverse root if `inverse`). */
export function twiddles(logN: number, inverse: boolean): Uint32Array {
  const key = inverse ? -logN - 1 : logN;
  let t = twiddleCache.get(key);
  if (!t) {
    const w = rootOfUnity(logN);
    t = powersOf(inverse ? inv(w) : w, Math.max(1, (1 << logN) >>> 1));
    twiddleCache.set(key, t);
  }
  return t;
}

export function bitReverse(a: Uint32Array): void {
  const n = a.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

/** In-place natural-order transform with w or w^-1 (no 1/n scaling). */
export function nttTs(a: Uint32Array, logN: number, inverse: boolean): void {
  const n = a.length;
  if (n <= 1) return;
  bitReverse(a);
  const tw = twiddles(logN, inverse);
  for (let half = 1; half < n; half <<= 1) {
    const step = n / (2 * half);
    for (let start = 0; start < n; start += 2 * half) {
      for (let k = 0; k < half; k++) {
        const w = tw[k * step];
        const i = start + k;
        const j = i + half;
        const b = a[j];
        const q = (w * b * INV_P - 0.5) | 0;
        let x = (Math.imul(w, b) - Math.imul(q, P) - P) | 0;
        x += (x >> 31) & P;
        const u = a[i];
        let s = (u + x - P) | 0;
        s += (s >> 31) & P;
        let d = (u - x) | 0;
        d += (d >> 31) & P;
        a[i] = s;
        a[j] = d;
      }
    }
  }
}

/** a[i] *= c for all i (scalar TS). */
export function scaleTs(a: Uint32Array, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] = mul(a[i], c);
}

/** a[i] *= s^i (coset twist). */
export function mulPowersTs(a: Uint32Array, s: number): void {
  let x = 1;
  for (let i = 0; i < a.length; i++) {
    a[i] = mul(a[i], x);
    x = mul(x, s);
  }
}
