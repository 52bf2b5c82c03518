// Circuit values chosen by index bits (bits are boolean signals, least significant first).
//
// Both helpers write a function of k bits as its multilinear expansion
// f(b) = sum_S c_S · prod_{i in S} b_i, with c_S from the Möbius transform of the table
// of f: the products of bits cost 2^k - k - 1 multiplications, the rest is linear.
import { P, type Emitter, type Ext, type Val } from "./emitter.ts";

/** prod_{i in S} b_i for every subset S (bitmask) of the bits; index 0 is the constant 1. */
function bitProducts<S>(em: Emitter<S>, bits: string[]): Val[] {
  const prods: Val[] = [em.konst(1)];
  bits.forEach((b, i) => {
    const bit = em.signal(b, 2n);
    for (let s = 0; s < 1 << i; s++) prods[s | (1 << i)] = s === 0 ? bit : em.mul(prods[s], bit);
  });
  return prods;
}

/** values[pos] where pos = sum bits_i·2^i (values.length = 2^bits.length). */
export function selectByBits<S>(em: Emitter<S>, bits: string[], values: Ext[]): Ext {
  if (values.length !== 1 << bits.length) throw new Error(`selectByBits: ${values.length} values for ${bits.length} bits`);
  const prods = bitProducts(em, bits);
  const out: Val[] = [];
  for (let coord = 0; coord < 4; coord++) {
    let acc = em.konst(0);
    for (let s = 0; s < values.length; s++) {
      // c_S = sum_{T ⊆ S} (-1)^{|S|-|T|} v_T, kept non-negative as (even part) - (odd part)
      let even = em.konst(0), odd = em.konst(0);
      for (let t = s; ; t = (t - 1) & s) {
        const v = values[t][coord];
        if (popcount(s ^ t) % 2 === 0) even = em.add(even, v);
        else odd = em.add(odd, v);
        if (t === 0) break;
      }
      const cS = em.sub(even, odd);
      acc = em.add(acc, s === 0 ? cS : em.mul(prods[s], cS));
    }
    out.push(acc);
  }
  return out as Ext;
}

/**
 * factor · prod_i consts_i^(bit_i) (a BabyBear value, reduced below 2^31): the points
 * shift·w^bitrev(index) of the LDE and FRI domains, computed from the index bits.
 */
export function powFromBits<S>(em: Emitter<S>, bits: string[], consts: number[], factor: number): Val {
  const GROUP = 3;
  let acc: Val | null = null;
  for (let g = 0; g < bits.length; g += GROUP) {
    const gb = bits.slice(g, g + GROUP);
    const n = 1 << gb.length;
    // table of this group's factor (the constant factor is folded into the first group)
    const table: bigint[] = [];
    for (let m = 0; m < n; m++) {
      let v = g === 0 ? BigInt(factor) : 1n;
      gb.forEach((_, i) => {
        if ((m >> i) & 1) v = (v * BigInt(consts[g + i])) % P;
      });
      table.push(v);
    }
    // Möbius transform over the integers (coefficients may be negative; the value is table[m])
    const coef = table.slice();
    for (let i = 0; i < gb.length; i++) for (let m = 0; m < n; m++) if ((m >> i) & 1) coef[m] -= coef[m ^ (1 << i)];
    const prods = bitProducts(em, gb);
    const terms = new Map<string, bigint>();
    for (let m = 1; m < n; m++) {
      if (coef[m] === 0n) continue;
      const name = em.materialize(prods[m]);
      terms.set(name, (terms.get(name) ?? 0n) + coef[m]);
    }
    const val: Val = { terms, k: coef[0], bound: P };
    acc = acc === null ? val : em.mul(acc, val);
  }
  if (acc === null) return em.konst(factor % Number(P));
  return em.reduce(acc);
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
