// Generates prover/wasm/poseidon2.wat, the SIMD kernel for Poseidon2-BabyBear-16.
//   npx node prover/hash/poseidon2-wat.ts     rewrite prover/wasm/poseidon2.wat
// then `npx node scripts/build-wasm.ts` assembles it. A test checks the committed .wat
// equals this generator's output, so the round constants in it come from
// poseidon2-constants.ts (the Grain procedure) and nowhere else.
//
// Layout: 4 independent permutations run in the 4 i32 lanes of v128 values; state word
// j of the 4 permutations is local $s<j>, fully unrolled (rounds and constants inline).
// Arithmetic is Montgomery with R = 2^32 (values aR mod p, canonical in [0, p)):
//   t = a·b (64-bit per lane, i64x2.extmul), m = t_lo · p^-1 mod 2^32,
//   r = t_hi - (m·p)_hi in (-p, p), then r += p if negative (min_u(r, r + p)).
// Multiplying by a small integer or halving commutes with the Montgomery factor, so the
// internal diagonal's 1, ±2, ±3, ±4, ±1/2, 1/4, 1/8 entries use adds and shifts.
// Entry points (pointers are byte offsets into the exported memory):
//   permute_rows(ptr, groups)   4·groups canonical states, 16 words each, in place
//   permute1(ptr)               one canonical state, scalar code (no wasted lanes)
//   grind(tmpl, at, word, start, count, mask)   proof-of-work nonce search (challenger)
//   hash_cols(in, cols, stride, rows, out)  Plonky3 PaddingFreeSponge (rate 8) of each
//     row of a column-major block (column c at in + 4·c·stride), rows a multiple of 4;
//     digests (8 canonical words per row) to out.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { P } from "../field/babybear.ts";
import { poseidon2Constants, WIDTH, ROUNDS_F, ROUNDS_P, type Poseidon2Constants } from "./poseidon2-constants.ts";
import { INTERNAL_DIAGONAL } from "./poseidon2-babybear.ts";

const R_MOD_P = Number((1n << 32n) % BigInt(P));
const R2_MOD_P = Number((1n << 64n) % BigInt(P));
const P_INV = Number(modInverse2_32(BigInt(P)));
const HALF = (P + 1) / 2; // 1/2 in the field, also the Montgomery form's "add when odd"

function modInverse2_32(a: bigint): bigint {
  let x = 1n;
  for (let i = 0; i < 5; i++) x = (x * (2n - a * x)) & 0xffffffffn; // Newton: doubles correct bits
  return x;
}

const toMontConst = (x: number) => Number((BigInt(x) * BigInt(R_MOD_P)) % BigInt(P));
// The same generator emits two bodies: 4-lane SIMD (v128 locals) and scalar (i64 locals
// holding canonical 31-bit values), the latter for single permutations (transcript,
// verifier). `scalar` selects the instruction set for the helpers below.
let scalar = false;
const splat = (x: number) => (scalar ? `(i64.const ${x})` : `(v128.const i32x4 ${x} ${x} ${x} ${x})`);
const get = (n: string) => `(local.get $${n})`;
const ODD = "4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31";
const EVEN = "0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27";

/** Inline Montgomery product of two cheap expressions into local dst. */
function mm(dst: string, a: string, b: string): string {
  if (scalar) {
    return [
      `(local.set $lo (i64.mul ${a} ${b}))`,
      `(local.set $m (i64.and (i64.mul ${get("lo")} (i64.const ${P_INV})) (i64.const 0xffffffff)))`,
      `(local.set $r (i64.shr_s (i64.sub ${get("lo")} (i64.mul ${get("m")} (i64.const ${P}))) (i64.const 32)))`,
      `(local.set $${dst} (i64.add ${get("r")} (i64.and (i64.shr_s ${get("r")} (i64.const 63)) (i64.const ${P}))))`,
    ].join("\n    ");
  }
  return [
    `(local.set $lo (i64x2.extmul_low_i32x4_u ${a} ${b}))`,
    `(local.set $hi (i64x2.extmul_high_i32x4_u ${a} ${b}))`,
    `(local.set $m (i32x4.mul (i8x16.shuffle ${EVEN} ${get("lo")} ${get("hi")}) ${splat(P_INV)}))`,
    `(local.set $r (i32x4.sub (i8x16.shuffle ${ODD} ${get("lo")} ${get("hi")})` +
      ` (i8x16.shuffle ${ODD} (i64x2.extmul_low_i32x4_u ${get("m")} ${splat(P)}) (i64x2.extmul_high_i32x4_u ${get("m")} ${splat(P)}))))`,
    `(local.set $${dst} (i32x4.min_u ${get("r")} (i32x4.add ${get("r")} ${splat(P)})))`,
  ].join("\n    ");
}
function add(dst: string, a: string, b: string): string {
  if (scalar) return `(local.set $r (i64.sub (i64.add ${a} ${b}) ${splat(P)})) (local.set $${dst} (i64.add ${get("r")} (i64.and (i64.shr_s ${get("r")} (i64.const 63)) ${splat(P)})))`;
  return `(local.set $r (i32x4.add ${a} ${b})) (local.set $${dst} (i32x4.min_u ${get("r")} (i32x4.sub ${get("r")} ${splat(P)})))`;
}
function sub(dst: string, a: string, b: string): string {
  if (scalar) return `(local.set $r (i64.sub ${a} ${b})) (local.set $${dst} (i64.add ${get("r")} (i64.and (i64.shr_s ${get("r")} (i64.const 63)) ${splat(P)})))`;
  return `(local.set $r (i32x4.sub ${a} ${b})) (local.set $${dst} (i32x4.min_u ${get("r")} (i32x4.add ${get("r")} ${splat(P)})))`;
}
/** dst = a / 2: (a >> 1) + (a odd ? (p+1)/2 : 0), canonical in, canonical out. */
function half(dst: string, a: string): string {
  if (scalar) return `(local.set $${dst} (i64.add (i64.shr_u ${a} (i64.const 1)) (i64.mul (i64.and ${a} (i64.const 1)) ${splat(HALF)})))`;
  return `(local.set $${dst} (i32x4.add (i32x4.shr_u ${a} (i32.const 1)) (v128.and (i32x4.neg (v128.and ${a} ${splat(1)})) ${splat(HALF)})))`;
}

function sbox(s: string): string[] {
  return [mm("x2", get(s), get(s)), mm("x3", get("x2"), get(s)), mm("x6", get("x3"), get("x3")), mm(s, get("x6"), get(s))];
}

function externalLayer(): string[] {
  const out: string[] = [];
  for (let b = 0; b < 4; b++) {
    const [x0, x1, x2, x3] = [0, 1, 2, 3].map((k) => `s${4 * b + k}`);
    out.push(add("t0", get(x0), get(x1)), add("t1", get(x2), get(x3)), add("t2", get("t0"), get("t1")),
      add("t3", get("t2"), get(x1)), add("t4", get("t2"), get(x3)), add("t5", get(x0), get(x0)), add("t6", get(x2), get(x2)),
      add(x3, get("t4"), get("t5")), add(x1, get("t3"), get("t6")), add(x0, get("t3"), get("t0")), add(x2, get("t4"), get("t1")));
  }
  for (let k = 0; k < 4; k++) {
    out.push(add("t0", get(`s${k}`), get(`s${k + 4}`)), add("t1", get(`s${k + 8}`), get(`s${k + 12}`)), add("t0", get("t0"), get("t1")));
    for (let b = 0; b < 4; b++) out.push(add(`s${4 * b + k}`, get(`s${4 * b + k}`), get("t0")));
  }
  return out;
}

// V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16, -1/2^27]
function internalLayer(): string[] {
  const out: string[] = [add("t0", get("s0"), get("s1"))];
  for (let i = 2; i < WIDTH; i++) out.push(add("t0", get("t0"), get(`s${i}`)));
  const S = get("t0");
  const dbl = (i: number) => add("t1", get(`s${i}`), get(`s${i}`));
  out.push(dbl(0), sub("s0", S, get("t1")));
  out.push(add("s1", get("s1"), S));
  out.push(dbl(2), add("s2", get("t1"), S));
  out.push(half("t1", get("s3")), add("s3", get("t1"), S));
  out.push(dbl(4), add("t1", get("t1"), get("s4")), add("s4", get("t1"), S));
  out.push(dbl(5), add("t1", get("t1"), get("t1")), add("s5", get("t1"), S));
  out.push(half("t1", get("s6")), sub("s6", S, get("t1")));
  out.push(dbl(7), add("t1", get("t1"), get("s7")), sub("s7", S, get("t1")));
  out.push(dbl(8), add("t1", get("t1"), get("t1")), sub("s8", S, get("t1")));
  out.push(half("t1", get("s10")), half("t1", get("t1")), add("s10", get("t1"), S));
  out.push(half("t1", get("s11")), half("t1", get("t1")), half("t1", get("t1")), add("s11", get("t1"), S));
  for (const i of [9, 12, 13, 14, 15]) out.push(mm("t1", get(`s${i}`), splat(toMontConst(INTERNAL_DIAGONAL[i]))), add(`s${i}`, get("t1"), S));
  return out;
}

function permutationBody(c: Poseidon2Constants): string[] {
  const code: string[] = [];
  for (let i = 0; i < WIDTH; i++) {
    if (scalar) code.push(mm(`s${i}`, `(i64.load32_u offset=${4 * i} (local.get $ptr))`, splat(R2_MOD_P)));
    else code.push(`(local.set $s${i} (v128.load offset=${16 * i} (local.get $ptr)))`);
  }
  code.push(";; initial external linear layer", ...externalLayer());
  const full = (rc: Uint32Array, r: number) => {
    code.push(`;; external round`);
    for (let i = 0; i < WIDTH; i++) code.push(add(`s${i}`, get(`s${i}`), splat(toMontConst(rc[r * WIDTH + i]))), ...sbox(`s${i}`));
    code.push(...externalLayer());
  };
  for (let r = 0; r < ROUNDS_F / 2; r++) full(c.externalInitial, r);
  for (let r = 0; r < ROUNDS_P; r++) {
    code.push(`;; internal round ${r}`, add("s0", get("s0"), splat(toMontConst(c.internal[r]))), ...sbox("s0"), ...internalLayer());
  }
  for (let r = 0; r < ROUNDS_F / 2; r++) full(c.externalFinal, r);
  for (let i = 0; i < WIDTH; i++) {
    if (scalar) code.push(mm(`s${i}`, get(`s${i}`), splat(1)), `(i64.store32 offset=${4 * i} (local.get $ptr) (local.get $s${i}))`);
    else code.push(`(v128.store offset=${16 * i} (local.get $ptr) (local.get $s${i}))`);
  }
  return code;
}

function locals(): string {
  const names = [...Array.from({ length: WIDTH }, (_, i) => `s${i}`), "lo", "hi", "m", "r", "x2", "x3", "x6", "t0", "t1", "t2", "t3", "t4", "t5", "t6"];
  return names.map((n) => `(local $${n} ${scalar ? "i64" : "v128"})`).join(" ");
}

/** Gathers word j of 4 row-major states at $base into lanes, to Montgomery form. */
function gather(j: number): string {
  let e = `(i32x4.splat (i32.load offset=${4 * j} (local.get $base)))`;
  for (let k = 1; k < 4; k++) e = `(i32x4.replace_lane ${k} ${e} (i32.load offset=${64 * k + 4 * j} (local.get $base)))`;
  return `(v128.store offset=${16 * j} (i32.const 0) (call $to_mont ${e}))`;
}
function scatter(j: number): string {
  const lines = [`(local.set $v (call $from_mont (v128.load offset=${16 * j} (i32.const 0))))`];
  for (let k = 0; k < 4; k++) lines.push(`(i32.store offset=${64 * k + 4 * j} (local.get $base) (i32x4.extract_lane ${k} (local.get $v)))`);
  return lines.join("\n    ");
}

/** The kernel's text; other constants only for the tests' negative twin. */
export function poseidon2Wat(c: Poseidon2Constants = poseidon2Constants()): string {
  const mont = (name: string, k: number) =>
    `  (func $${name} (param $a v128) (result v128) (local $lo v128) (local $hi v128) (local $m v128) (local $r v128) (local $out v128)\n    ` +
    mm("out", get("a"), splat(k)) + `\n    (local.get $out))`;
  return `;; GENERATED by prover/hash/poseidon2-wat.ts from poseidon2-constants.ts: do not edit.
;; Poseidon2-BabyBear-16 (Plonky3 parameters), 4 permutations per call in SIMD lanes.
;; Memory: bytes [0, 256) hold the lane-interleaved Montgomery state, [256, 512) grind's
;; template; callers use bytes >= 1024.
(module
  (memory (export "memory") 1)
  ${mont("to_mont", R2_MOD_P)}
  ${mont("from_mont", 1)}
  ;; permutes the 16 v128 words at $ptr (Montgomery form) in place
  (func $perm (export "perm4") (param $ptr i32) ${locals()}
    ${permutationBody(c).join("\n    ")})
  ;; one permutation of 16 canonical words at $ptr, scalar (i64 lanes)
  (func (export "permute1") (param $ptr i32) ${(scalar = true, locals())}
    ${permutationBody(c).join("\n    ")}${(scalar = false, "")})
  (func (export "permute_rows") (param $ptr i32) (param $groups i32) (local $base i32) (local $v v128)
    (local.set $base (local.get $ptr))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $groups)))
      ${Array.from({ length: WIDTH }, (_, j) => gather(j)).join("\n      ")}
      (call $perm (i32.const 0))
      ${Array.from({ length: WIDTH }, (_, j) => scatter(j)).join("\n      ")}
      (local.set $base (i32.add (local.get $base) (i32.const 256)))
      (local.set $groups (i32.sub (local.get $groups) (i32.const 1)))
      (br $next))))
  ;; grinding: the first i in [0, count) such that permuting the template (16 canonical
  ;; words at $tmpl) with word $at set to nonce $start + i gives word $word & $mask == 0;
  ;; -1 if none. Candidates run 4 to a call of $perm; Montgomery template kept at 256.
  (func (export "grind") (param $tmpl i32) (param $at i32) (param $word i32) (param $start i32) (param $count i32) (param $mask i32) (result i32)
    (local $g i32) (local $n v128) (local $bits i32)
    ${Array.from({ length: WIDTH }, (_, j) => `(v128.store offset=${256 + 16 * j} (i32.const 0) (call $to_mont (i32x4.splat (i32.load offset=${4 * j} (local.get $tmpl)))))`).join("\n    ")}
    (local.set $n (i32x4.add (i32x4.splat (local.get $start)) (v128.const i32x4 0 1 2 3)))
    (block $none (loop $next
      (br_if $none (i32.ge_u (local.get $g) (local.get $count)))
      ${Array.from({ length: WIDTH }, (_, j) => `(v128.store offset=${16 * j} (i32.const 0) (v128.load offset=${256 + 16 * j} (i32.const 0)))`).join("\n      ")}
      (v128.store (i32.shl (local.get $at) (i32.const 4)) (call $to_mont (local.get $n)))
      (call $perm (i32.const 0))
      (local.set $bits (i32x4.bitmask (i32x4.eq (v128.const i64x2 0 0)
        (v128.and (call $from_mont (v128.load (i32.shl (local.get $word) (i32.const 4)))) (i32x4.splat (local.get $mask))))))
      (if (local.get $bits) (then
        (local.set $g (i32.add (local.get $g) (i32.ctz (local.get $bits))))
        (return (select (local.get $g) (i32.const -1) (i32.lt_u (local.get $g) (local.get $count))))))
      (local.set $n (i32x4.add (local.get $n) (v128.const i32x4 4 4 4 4)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $next)))
    (i32.const -1))
  (func (export "hash_cols") (param $in i32) (param $cols i32) (param $stride i32) (param $rows i32) (param $out i32)
    (local $r i32) (local $c i32) (local $j i32) (local $k i32) (local $v v128) (local $base i32)
    (block $rows_done (loop $row
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
      ${Array.from({ length: WIDTH }, (_, j) => `(v128.store offset=${16 * j} (i32.const 0) (v128.const i64x2 0 0))`).join("\n      ")}
      (local.set $c (i32.const 0))
      (block $cols_done (loop $chunk
        (br_if $cols_done (i32.ge_u (local.get $c) (local.get $cols)))
        ;; overwrite state[0..k) with the next k <= 8 columns at rows r..r+3
        (local.set $k (i32.sub (local.get $cols) (local.get $c)))
        (if (i32.gt_u (local.get $k) (i32.const 8)) (then (local.set $k (i32.const 8))))
        (local.set $j (i32.const 0))
        (loop $word
          (v128.store (i32.shl (local.get $j) (i32.const 4))
            (call $to_mont (v128.load (i32.add (local.get $in)
              (i32.shl (i32.add (i32.mul (i32.add (local.get $c) (local.get $j)) (local.get $stride)) (local.get $r)) (i32.const 2))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $word (i32.lt_u (local.get $j) (local.get $k))))
        (call $perm (i32.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $chunk)))
      ;; digest = state[0..8) of each lane -> 8 words per row
      (local.set $base (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 5))))
      ${Array.from({ length: 8 }, (_, j) => {
        const lines = [`(local.set $v (call $from_mont (v128.load offset=${16 * j} (i32.const 0))))`];
        for (let k = 0; k < 4; k++) lines.push(`(i32.store offset=${32 * k + 4 * j} (local.get $base) (i32x4.extract_lane ${k} (local.get $v)))`);
        return lines.join("\n      ");
      }).join("\n      ")}
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $row)))))
`;
}

export const WAT_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "wasm", "poseidon2.wat");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(WAT_PATH, poseidon2Wat());
  console.log(`wrote ${path.relative(process.cwd(), WAT_PATH)}`);
}
