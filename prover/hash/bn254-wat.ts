// Generates prover/wasm/bn254.wat: BN254 scalar-field Montgomery arithmetic and circomlib's
// Poseidon permutation for width t = 3 (the optimized form of circomlibjs poseidon_opt.js).
//   npx node prover/hash/bn254-wat.ts     rewrite prover/wasm/bn254.wat
// then `npx node scripts/build-wasm.ts` assembles it; a test checks the committed .wat
// equals this generator's output. Round constants are not in the code: the loader
// (poseidon-bn254.ts) writes them into memory at LAYOUT.consts in Montgomery form.
//
// Representation (no BigInt, no 64x64 products): an element is 9 limbs of 29 bits, each
// held in an i64 (72 bytes in memory), value = sum limb_k·2^(29k), in Montgomery form
// x·R mod r with R = 2^261. Limb products are < 2^58, so a whole column of a 9x9 product
// (even of three such products, as in a 3-term dot product) sums in an i64 with no carry
// handling; the reduction is word-by-word Montgomery with 29-bit words.
// Lazy reduction: with R = 2^261 >> r, the Montgomery product of a, b with a·b < R·r is
// < 2r, so values stay in [0, 2r) (at most [0, 3r) right after adding a round constant,
// which is only ever multiplied) and are made canonical only when written back as words.
// See the bound notes at each helper.
//
// Entry points (pointers are byte offsets into the exported memory; words = 8 LE u32 per
// element, canonical):
//   permute(ptr)                       3 elements in place: the Poseidon-BN254 t=3 permutation
//   hash2_many(in, out, count)         out[i] = Poseidon([in[2i], in[2i+1]]) (circomlib Poseidon(2))
//   sponge_many(in, nelem, count, out) out[i] = chained Poseidon of item i's nelem elements
//                                      (see poseidon-bn254.ts, "leaf hash")
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { R_BN254 } from "./bn254-field.ts";
import { ROUNDS_P } from "./poseidon-bn254-constants.ts";

export const LIMBS = 9;
export const LIMB_BITS = 29;
const MASK = (1n << 29n) - 1n;
export const MONT_R = 1n << 261n;
const EL = 72;

/** Byte addresses in the kernel's memory (constants: see poseidon-bn254.ts loadConstants). */
export const LAYOUT = {
  el: EL,
  state: 128, // 3 elements, Montgomery limbs
  tmp: 384, // 2 temporaries
  io: 1024, // permute(): 3 elements as words
  consts: 2048, // C[81], S[285], M[9], PM[9], R2, ONE: 386 elements
  bulk: 32768, // bulk inputs/outputs start here
} as const;
export const N_CONSTS = 81 + 5 * ROUNDS_P + 9 + 9 + 2;

function limbsOf(x: bigint): bigint[] {
  return Array.from({ length: LIMBS }, (_, k) => (x >> BigInt(LIMB_BITS * k)) & MASK);
}
const N = limbsOf(R_BN254);
const TWO_R = limbsOf(2n * R_BN254);
// -r^-1 mod 2^29
const NP = (() => {
  const m = 1n << 29n;
  let inv = 1n;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - R_BN254 * inv)) % m;
  return (m - (((inv % m) + m) % m)) % m;
})();

const L = (n: string) => `(local.get $${n})`;
const c64 = (x: bigint | number) => `(i64.const ${x})`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const locals = (prefix: string, n: number) => range(n).map((i) => `(local $${prefix}${i} i64)`).join(" ");
const loadEl = (prefix: string, ptr: string) =>
  range(LIMBS).map((k) => `(local.set $${prefix}${k} (i64.load offset=${8 * k} (local.get $${ptr})))`);
const sum = (terms: string[]) => terms.reduce((acc, t) => `(i64.add ${acc} ${t})`);

/** Montgomery reduction of t0..t16 (t17 = 0) and store of the 9 result limbs at $o. */
function reduceStore(): string[] {
  const out: string[] = [`(local.set $t17 ${c64(0)})`];
  for (let i = 0; i < LIMBS; i++) {
    out.push(`(local.set $m (i64.and (i64.mul ${L(`t${i}`)} ${c64(NP)}) ${c64(MASK)}))`);
    for (let j = 0; j < LIMBS; j++) out.push(`(local.set $t${i + j} (i64.add ${L(`t${i + j}`)} (i64.mul ${L("m")} ${c64(N[j])})))`);
    out.push(`(local.set $t${i + 1} (i64.add ${L(`t${i + 1}`)} (i64.shr_u ${L(`t${i}`)} ${c64(LIMB_BITS)})))`);
  }
  for (let k = LIMBS; k < 2 * LIMBS - 1; k++) {
    out.push(`(local.set $t${k + 1} (i64.add ${L(`t${k + 1}`)} (i64.shr_u ${L(`t${k}`)} ${c64(LIMB_BITS)})))`);
    out.push(`(local.set $t${k} (i64.and ${L(`t${k}`)} ${c64(MASK)}))`);
  }
  for (let k = 0; k < LIMBS; k++) out.push(`(i64.store offset=${8 * k} (local.get $o) ${L(`t${k + LIMBS}`)})`);
  return out;
}

/** o = mont(a·b): inputs with normalized limbs and a·b < R·r (e.g. both < 2^257); out < 2r. */
function mulFunc(): string {
  const body = [...loadEl("a", "a"), ...loadEl("b", "b")];
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    const terms = range(LIMBS).filter((i) => k - i >= 0 && k - i < LIMBS).map((i) => `(i64.mul ${L(`a${i}`)} ${L(`b${k - i}`)})`);
    body.push(`(local.set $t${k} ${sum(terms)})`);
  }
  return `(func $mul (param $o i32) (param $a i32) (param $b i32) ${locals("a", LIMBS)} ${locals("b", LIMBS)} ${locals("t", 18)} (local $m i64)
  ${[...body, ...reduceStore()].join("\n  ")})`;
}

/** o = mont(a²), 45 limb products. */
function sqrFunc(): string {
  const body = [...loadEl("a", "a"), ...range(LIMBS).map((i) => `(local.set $b${i} (i64.shl ${L(`a${i}`)} ${c64(1)}))`)];
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    const terms: string[] = [];
    for (let i = 0; i < LIMBS; i++) {
      const j = k - i;
      if (j <= i || j >= LIMBS) continue;
      terms.push(`(i64.mul ${L(`b${i}`)} ${L(`a${j}`)})`);
    }
    if (k % 2 === 0) terms.push(`(i64.mul ${L(`a${k / 2}`)} ${L(`a${k / 2}`)})`);
    body.push(`(local.set $t${k} ${sum(terms)})`);
  }
  return `(func $sqr (param $o i32) (param $a i32) ${locals("a", LIMBS)} ${locals("b", LIMBS)} ${locals("t", 18)} (local $m i64)
  ${[...body, ...reduceStore()].join("\n  ")})`;
}

/** o = mont(a0·b0 + a1·b1 + a2·b2): 27 products per column < 2^62.8, one reduction; out < 2r
 *  when the sum is < R·r (b's are constants < r, a's < 2^257). */
function dot3Func(): string {
  const body: string[] = [];
  for (let p = 0; p < 3; p++) body.push(...loadEl(`a${p}_`, `a${p}`), ...loadEl(`b${p}_`, `b${p}`));
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    const terms: string[] = [];
    for (let p = 0; p < 3; p++) {
      for (let i = 0; i < LIMBS; i++) {
        const j = k - i;
        if (j >= 0 && j < LIMBS) terms.push(`(i64.mul ${L(`a${p}_${i}`)} ${L(`b${p}_${j}`)})`);
      }
    }
    body.push(`(local.set $t${k} ${sum(terms)})`);
  }
  const params = range(3).map((p) => `(param $a${p} i32) (param $b${p} i32)`).join(" ");
  const ls = range(3).map((p) => `${locals(`a${p}_`, LIMBS)} ${locals(`b${p}_`, LIMBS)}`).join(" ");
  return `(func $dot3 (param $o i32) ${params} ${ls} ${locals("t", 18)} (local $m i64)
  ${[...body, ...reduceStore()].join("\n  ")})`;
}

/** o = a + b with normalized limbs, no modular reduction (callers track the bound). */
function addnFunc(): string {
  const body: string[] = [];
  for (let k = 0; k < LIMBS; k++) {
    const s = `(i64.add (i64.load offset=${8 * k} (local.get $a)) (i64.load offset=${8 * k} (local.get $b)))`;
    body.push(`(local.set $s${k} ${k === 0 ? s : `(i64.add ${s} (i64.shr_u ${L(`s${k - 1}`)} ${c64(LIMB_BITS)}))`})`);
  }
  for (let k = 0; k < LIMBS; k++) body.push(`(i64.store offset=${8 * k} (local.get $o) ${k < LIMBS - 1 ? `(i64.and ${L(`s${k}`)} ${c64(MASK)})` : L(`s${k}`)})`);
  return `(func $addn (param $o i32) (param $a i32) (param $b i32) ${locals("s", LIMBS)}
  ${body.join("\n  ")})`;
}

/** o = a + b, minus 2r when that is >= 2r: inputs < 2r give an output < 2r. */
function addrFunc(): string {
  const body: string[] = [];
  for (let k = 0; k < LIMBS; k++) {
    const s = `(i64.add (i64.load offset=${8 * k} (local.get $a)) (i64.load offset=${8 * k} (local.get $b)))`;
    body.push(`(local.set $s${k} ${k === 0 ? s : `(i64.add ${s} (i64.shr_u ${L(`s${k - 1}`)} ${c64(LIMB_BITS)}))`})`);
    if (k > 0) body.push(`(local.set $s${k - 1} (i64.and ${L(`s${k - 1}`)} ${c64(MASK)}))`);
  }
  // d = s - 2r with arithmetic borrows; keep s when d < 0
  for (let k = 0; k < LIMBS; k++) {
    const d = `(i64.sub ${L(`s${k}`)} ${c64(TWO_R[k])})`;
    body.push(`(local.set $d${k} ${k === 0 ? d : `(i64.add ${d} (i64.shr_s ${L(`d${k - 1}`)} ${c64(LIMB_BITS)}))`})`);
    if (k > 0) body.push(`(local.set $d${k - 1} (i64.and ${L(`d${k - 1}`)} ${c64(MASK)}))`);
  }
  body.push(`(local.set $neg (i64.lt_s ${L(`d${LIMBS - 1}`)} ${c64(0)}))`);
  for (let k = 0; k < LIMBS; k++) body.push(`(i64.store offset=${8 * k} (local.get $o) (select ${L(`s${k}`)} ${L(`d${k}`)} (local.get $neg)))`);
  return `(func $addr (param $o i32) (param $a i32) (param $b i32) ${locals("s", LIMBS)} ${locals("d", LIMBS)} (local $neg i32)
  ${body.join("\n  ")})`;
}

/** words (8 LE u32 at $w, canonical) -> Montgomery limbs at $o. */
function fromWordsFunc(): string {
  const body: string[] = [];
  for (let k = 0; k < LIMBS; k++) {
    const bit = LIMB_BITS * k;
    const w = bit >> 5;
    const sh = bit & 31;
    let e = `(i64.shr_u (i64.load32_u offset=${4 * w} (local.get $w)) ${c64(sh)})`;
    if (sh + LIMB_BITS > 32 && w + 1 < 8) e = `(i64.or ${e} (i64.shl (i64.load32_u offset=${4 * (w + 1)} (local.get $w)) ${c64(32 - sh)}))`;
    body.push(`(i64.store offset=${8 * k} (local.get $o) (i64.and ${e} ${c64(MASK)}))`);
  }
  const r2 = LAYOUT.consts + (N_CONSTS - 2) * EL;
  body.push(`(call $mul (local.get $o) (local.get $o) (i32.const ${r2}))`);
  return `(func $from_words (param $o i32) (param $w i32)
  ${body.join("\n  ")})`;
}

/** Montgomery limbs at $a (< 2r) -> canonical words at $w (uses tmp slot 1). */
function toWordsFunc(): string {
  const one = LAYOUT.consts + (N_CONSTS - 1) * EL;
  const t = LAYOUT.tmp + EL;
  const body: string[] = [`(call $mul (i32.const ${t}) (local.get $a) (i32.const ${one}))`];
  for (let k = 0; k < LIMBS; k++) body.push(`(local.set $s${k} (i64.load offset=${8 * k} (i32.const ${t})))`);
  // value <= r: subtract r when the difference is non-negative
  for (let k = 0; k < LIMBS; k++) {
    const d = `(i64.sub ${L(`s${k}`)} ${c64(N[k])})`;
    body.push(`(local.set $d${k} ${k === 0 ? d : `(i64.add ${d} (i64.shr_s ${L(`d${k - 1}`)} ${c64(LIMB_BITS)}))`})`);
    if (k > 0) body.push(`(local.set $d${k - 1} (i64.and ${L(`d${k - 1}`)} ${c64(MASK)}))`);
  }
  body.push(`(local.set $neg (i64.lt_s ${L(`d${LIMBS - 1}`)} ${c64(0)}))`);
  for (let k = 0; k < LIMBS; k++) body.push(`(local.set $s${k} (select ${L(`s${k}`)} ${L(`d${k}`)} (local.get $neg)))`);
  for (let w = 0; w < 8; w++) {
    const parts: string[] = [];
    for (let k = 0; k < LIMBS; k++) {
      const lo = LIMB_BITS * k;
      if (lo + LIMB_BITS <= 32 * w || lo >= 32 * w + 32) continue;
      parts.push(lo >= 32 * w ? `(i64.shl ${L(`s${k}`)} ${c64(lo - 32 * w)})` : `(i64.shr_u ${L(`s${k}`)} ${c64(32 * w - lo)})`);
    }
    body.push(`(i64.store32 offset=${4 * w} (local.get $w) ${parts.reduce((a, b) => `(i64.or ${a} ${b})`)})`);
  }
  return `(func $to_words (param $w i32) (param $a i32) ${locals("s", LIMBS)} ${locals("d", LIMBS)} (local $neg i32)
  ${body.join("\n  ")})`;
}

/** The t = 3 permutation on the Montgomery state at LAYOUT.state (circomlibjs poseidon_opt.js order). */
function permFunc(): string {
  const { state: st, tmp, consts } = LAYOUT;
  const S = [st, st + EL, st + 2 * EL];
  const T = [tmp, tmp + EL];
  const sBase = consts + 81 * EL;
  const mBase = sBase + 5 * ROUNDS_P * EL;
  const pBase = mBase + 9 * EL;
  const i32 = (x: number) => `(i32.const ${x})`;
  const pow5 = (x: number) => `(call $sqr ${i32(T[0])} ${i32(x)}) (call $sqr ${i32(T[0])} ${i32(T[0])}) (call $mul ${i32(x)} ${i32(x)} ${i32(T[0])})`;
  const copy = (dst: number, src: number) => range(LIMBS).map((k) => `(i64.store offset=${dst + 8 * k} (i32.const 0) (i64.load offset=${src + 8 * k} (i32.const 0)))`).join(" ");
  // new[i] = sum_j mat[j][i]·s[j]; outputs 0 and 1 go through temporaries, 2 is written last
  const mds = (mat: number) => {
    const dot = (i: number, o: number) => `(call $dot3 ${i32(o)} ${range(3).map((j) => `${i32(S[j])} ${i32(mat + (3 * j + i) * EL)}`).join(" ")})`;
    const t2 = LAYOUT.io + 512; // third temporary, inside the io scratch area
    return [dot(0, T[0]), dot(1, T[1]), dot(2, t2), copy(S[0], T[0]), copy(S[1], T[1]), copy(S[2], t2)].join("\n    ");
  };
  const full = (mat: number, withC: boolean) => {
    const out: string[] = [];
    for (let i = 0; i < 3; i++) {
      out.push(pow5(S[i]));
      if (withC) out.push(`(call $addn ${i32(S[i])} ${i32(S[i])} (i32.add (local.get $c) ${i32(i * EL)}))`);
    }
    if (withC) out.push(`(local.set $c (i32.add (local.get $c) ${i32(3 * EL)}))`);
    out.push(mds(mat));
    return out.join("\n    ");
  };
  return `(func $perm (local $c i32) (local $s i32) (local $r i32)
  ;; initial round constants (values < 2r + r)
  ${range(3).map((i) => `(call $addn ${i32(S[i])} ${i32(S[i])} ${i32(consts + i * EL)})`).join(" ")}
  (local.set $c ${i32(consts + 3 * EL)})
  ;; first half: 3 full rounds with M, then one with P (the pre-sparse matrix)
  (local.set $r (i32.const 0))
  (loop $f1
    ${full(mBase, true)}
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br_if $f1 (i32.lt_u (local.get $r) (i32.const 3))))
  ${full(pBase, true)}
  ;; partial rounds: s0 = pow5(s0) + c; s0' = <S_row, s>; s_k += s0·S_(t+k-1)
  (local.set $s ${i32(sBase)})
  (local.set $r (i32.const 0))
  (loop $p
    ${pow5(S[0])}
    (call $addn ${i32(S[0])} ${i32(S[0])} (local.get $c))
    (local.set $c (i32.add (local.get $c) ${i32(EL)}))
    (call $dot3 ${i32(T[1])} ${i32(S[0])} (local.get $s) ${i32(S[1])} (i32.add (local.get $s) ${i32(EL)}) ${i32(S[2])} (i32.add (local.get $s) ${i32(2 * EL)}))
    (call $mul ${i32(T[0])} ${i32(S[0])} (i32.add (local.get $s) ${i32(3 * EL)}))
    (call $addr ${i32(S[1])} ${i32(S[1])} ${i32(T[0])})
    (call $mul ${i32(T[0])} ${i32(S[0])} (i32.add (local.get $s) ${i32(4 * EL)}))
    (call $addr ${i32(S[2])} ${i32(S[2])} ${i32(T[0])})
    ${copy(S[0], T[1])}
    (local.set $s (i32.add (local.get $s) ${i32(5 * EL)}))
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br_if $p (i32.lt_u (local.get $r) ${i32(ROUNDS_P)})))
  ;; second half: 3 full rounds with constants, then a last one without
  (local.set $r (i32.const 0))
  (loop $f2
    ${full(mBase, true)}
    (local.set $r (i32.add (local.get $r) (i32.const 1)))
    (br_if $f2 (i32.lt_u (local.get $r) (i32.const 3))))
  ${full(mBase, false)})`;
}

function exportsText(): string {
  const { state: st, io } = LAYOUT;
  const S = [st, st + EL, st + 2 * EL];
  const zero = (x: number) => range(LIMBS).map((k) => `(i64.store offset=${x + 8 * k} (i32.const 0) (i64.const 0))`).join(" ");
  return `(func (export "permute") (param $p i32)
  (call $from_words (i32.const ${S[0]}) (local.get $p))
  (call $from_words (i32.const ${S[1]}) (i32.add (local.get $p) (i32.const 32)))
  (call $from_words (i32.const ${S[2]}) (i32.add (local.get $p) (i32.const 64)))
  (call $perm)
  (call $to_words (local.get $p) (i32.const ${S[0]}))
  (call $to_words (i32.add (local.get $p) (i32.const 32)) (i32.const ${S[1]}))
  (call $to_words (i32.add (local.get $p) (i32.const 64)) (i32.const ${S[2]})))
(func (export "hash2_many") (param $in i32) (param $out i32) (param $count i32) (local $i i32)
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
    ${zero(S[0])}
    (call $from_words (i32.const ${S[1]}) (local.get $in))
    (call $from_words (i32.const ${S[2]}) (i32.add (local.get $in) (i32.const 32)))
    (call $perm)
    (call $to_words (local.get $out) (i32.const ${S[0]}))
    (local.set $in (i32.add (local.get $in) (i32.const 64)))
    (local.set $out (i32.add (local.get $out) (i32.const 32)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next))))
(func (export "sponge_many") (param $in i32) (param $nelem i32) (param $count i32) (param $out i32) (local $i i32) (local $e i32)
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
    ${zero(S[0])}
    (local.set $e (i32.const 0))
    (block $absorbed (loop $chunk
      (br_if $absorbed (i32.ge_u (local.get $e) (local.get $nelem)))
      (call $from_words (i32.const ${S[1]}) (local.get $in))
      (if (i32.lt_u (i32.add (local.get $e) (i32.const 1)) (local.get $nelem))
        (then (call $from_words (i32.const ${S[2]}) (i32.add (local.get $in) (i32.const 32))))
        (else ${zero(S[2])}))
      (call $perm)
      (local.set $in (i32.add (local.get $in) (i32.const 64)))
      (local.set $e (i32.add (local.get $e) (i32.const 2)))
      (br $chunk)))
    ;; an odd count read one element past the item: step back
    (if (i32.and (local.get $nelem) (i32.const 1)) (then (local.set $in (i32.sub (local.get $in) (i32.const 32)))))
    (call $to_words (local.get $out) (i32.const ${S[0]}))
    (local.set $out (i32.add (local.get $out) (i32.const 32)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next))))
;; test hooks: field ops on Montgomery limbs at arbitrary addresses
(func (export "fr_mul") (param $o i32) (param $a i32) (param $b i32) (call $mul (local.get $o) (local.get $a) (local.get $b)))
(func (export "fr_sqr") (param $o i32) (param $a i32) (call $sqr (local.get $o) (local.get $a)))
(func (export "fr_addr") (param $o i32) (param $a i32) (param $b i32) (call $addr (local.get $o) (local.get $a) (local.get $b)))
(func (export "fr_dot3") (param $o i32) (param $a0 i32) (param $b0 i32) (param $a1 i32) (param $b1 i32) (param $a2 i32) (param $b2 i32)
  (call $dot3 (local.get $o) (local.get $a0) (local.get $b0) (local.get $a1) (local.get $b1) (local.get $a2) (local.get $b2)))
(func (export "fr_from_words") (param $o i32) (param $w i32) (call $from_words (local.get $o) (local.get $w)))
(func (export "fr_to_words") (param $w i32) (param $a i32) (call $to_words (local.get $w) (local.get $a)))`;
}

export function bn254Wat(): string {
  return `;; GENERATED by prover/hash/bn254-wat.ts — do not edit. BN254 scalar field (29-bit limbs,
;; Montgomery R = 2^261) and circomlib's Poseidon permutation, t = 3.
(module
(memory (export "memory") 2)
${[mulFunc(), sqrFunc(), dot3Func(), addnFunc(), addrFunc(), fromWordsFunc(), toWordsFunc(), permFunc(), exportsText()].join("\n")}
)
`;
}

export const WAT_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "wasm", "bn254.wat");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(WAT_PATH, bn254Wat());
  console.log(`wrote ${path.relative(process.cwd(), WAT_PATH)}`);
}
