// SPDX-License-Identifier: GPL-3.0
//
// BN254 base-field arithmetic (Fq, and Fq2 = Fq[u]/(u² + 1)) for the fixed-base kernel,
// generated with wasmbuilder's code builder into ffjavascript's module (wasm-plugin.ts).
//
// Why not ffjavascript's own f1m/f2m: its elements are 8 limbs of 32 bits, so every
// limb product needs its carry split off at once (wasm has no add-with-carry). Here an
// element is 9 limbs of 29 bits (one little-endian u32 per limb, 36 bytes), so a limb
// product is < 2^58 and a whole column of a 9×9 product — even two products summed, as
// in a·b + c·d — adds up in an i64 with no carry handling; reduction is word-by-word
// Montgomery with 29-bit words and R = 2^261. The same technique as the Poseidon kernel
// in prover/hash/bn254-wat.ts (measured there at 74 ns per product on this machine,
// against ~100 ns for f1m_mul). An Fq2 product is two such dot products.
//
// Lazy reduction. R = 2^261 is far above q ≈ 2^253.6 (R/q ≈ 170), so the Montgomery
// product of any a, b with a·b < R·q is < 2q. Invariant: every stored value and every
// function output is < 2q, except `sub` (a + 2q − b, in (0, 4q)) and `addn` (a + b,
// < 4q), whose results only feed products: (4q)² < R·q, and an Fq2 product of inputs
// < 4q is two dot products < 32q². The second operand of sub/subr must be < 2q, as must
// the first operand of subr. Values become canonical only in `toWords`.
//
// Functions (pointers to elements; o may alias the inputs):
//   P_mul(o,a,b) P_sqr(o,a) P_dot2(o,a,b,c,d) = a·b + c·d   (Fq only)
//   P_sub(o,a,b) = a + 2q − b   P_subr(o,a,b) = a − b in [0, 2q)   P_addn(o,a,b) = a + b
//   P_copy(o,a)  P_isZero(a) -> i32   P_inverse(o,a)   (a^(q−2); 0 for 0)
//   P_fromWords(o,w): 8 LE u32 words holding x·2^256 mod q (ffjavascript's LEM) -> ours
//   P_toWords(w,a): ours -> canonical LEM words
// with P = "fq" (36-byte elements) or "fq2" (72 bytes: c0 then c1; products use u² = −1).

const LIMBS = 9;
const BITS = 29;
const MASK = (1n << 29n) - 1n;
export const FQ = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const FQ_BYTES = 36;

const limbs = (x: bigint) => Array.from({ length: LIMBS }, (_, k) => (x >> BigInt(BITS * k)) & MASK);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Adds the fq_* and fq2_* functions to ffjavascript's module builder. */
export function addFieldFunctions(module: any): void {
  const q = FQ;
  const np = (() => { // −q^−1 mod 2^29
    const m = 1n << 29n;
    let inv = 1n;
    for (let i = 0; i < 6; i++) inv = (inv * (2n - q * inv)) % m;
    return (m - (inv % m)) % m;
  })();
  const R = 1n << 261n;
  const data = (x: bigint) => module.alloc(u32bytes(limbs(x)));
  const K = {
    zero: data(0n), one: data(R % q), twoQ: data(2n * q),
    cIn: data((1n << 266n) % q), // ·2^5: LEM (x·2^256) to ours (x·2^261)
    cOut: data((1n << 256n) % q), // ·2^−5: ours to LEM
  };
  const expBits = (q - 2n).toString(2);
  const pExp = module.alloc([...expBits].map(Number));

  fieldFunctions(module, q, np, K, pExp, expBits.length);
  fq2Functions(module, K);
}

function u32bytes(ls: bigint[]): number[] {
  return ls.flatMap((l) => [0, 8, 16, 24].map((s) => Number((l >> BigInt(s)) & 255n)));
}

function fieldFunctions(module: any, q: bigint, np: bigint, K: Record<string, number>, pExp: number, nExp: number): void {
  const Q = limbs(q);
  const Q2 = limbs(2n * q);
  const fn = (name: string, params: string[], locals: string[], ret?: string) => {
    const f = module.addFunction(name);
    for (const p of params) f.addParam(p, "i32");
    for (const l of locals) f.addLocal(l, "i64");
    if (ret) f.setReturnType(ret);
    module.exportFunction(name);
    return f;
  };
  const names = (p: string, n: number) => range(n).map((i) => p + i);

  // --- products: column sums, then Montgomery reduction and store --------------------
  const product = (name: string, pairs: Array<[string, string]>, square: boolean) => {
    const ptrs = [...new Set(pairs.flat())];
    const f = fn(name, ["o", ...ptrs], [...ptrs.flatMap((p) => names(p + "_", LIMBS)), ...names("t", 18), "m"]);
    const c = f.getCodeBuilder();
    const L = (v: string) => c.getLocal(v);
    const k64 = (x: bigint) => c.i64_const(x);
    const code: number[][] = [];
    for (const p of ptrs) for (let i = 0; i < LIMBS; i++) code.push(c.setLocal(`${p}_${i}`, c.i64_load32_u(L(p), 4 * i)));
    for (let k = 0; k < 2 * LIMBS - 1; k++) {
      const terms: number[][] = [];
      for (const [x, y] of pairs) {
        for (let i = 0; i < LIMBS; i++) {
          const j = k - i;
          if (j < 0 || j >= LIMBS) continue;
          if (square && j < i) continue; // a_i·a_j for i < j counted twice below
          const prod = c.i64_mul(L(`${x}_${i}`), L(`${y}_${j}`));
          terms.push(square && j > i ? c.i64_shl(prod, k64(1n)) : prod);
        }
      }
      code.push(c.setLocal(`t${k}`, terms.reduce((a, b) => c.i64_add(a, b))));
    }
    code.push(c.setLocal("t17", k64(0n)));
    for (let i = 0; i < LIMBS; i++) {
      code.push(c.setLocal("m", c.i64_and(c.i64_mul(L(`t${i}`), k64(np)), k64(MASK))));
      for (let j = 0; j < LIMBS; j++) {
        code.push(c.setLocal(`t${i + j}`, c.i64_add(L(`t${i + j}`), c.i64_mul(L("m"), k64(Q[j])))));
      }
      code.push(c.setLocal(`t${i + 1}`, c.i64_add(L(`t${i + 1}`), c.i64_shr_u(L(`t${i}`), k64(BigInt(BITS))))));
    }
    for (let k = LIMBS; k < 2 * LIMBS - 1; k++) {
      code.push(c.setLocal(`t${k + 1}`, c.i64_add(L(`t${k + 1}`), c.i64_shr_u(L(`t${k}`), k64(BigInt(BITS))))));
      code.push(c.setLocal(`t${k}`, c.i64_and(L(`t${k}`), k64(MASK))));
    }
    for (let k = 0; k < LIMBS; k++) code.push(c.i64_store32(L("o"), 4 * k, L(`t${k + LIMBS}`)));
    f.addCode(...code);
  };
  product("fq_mul", [["a", "b"]], false);
  product("fq_sqr", [["a", "a"]], true);
  product("fq_dot2", [["a", "b"], ["c", "d"]], false);

  // --- additive: carry/borrow chains over the 9 limbs ---------------------------------
  // s = a + sign·b + add (limb constants), normalized with arithmetic carries.
  const chain = (c: any, s: string, a: (k: number) => number[] | null, b: (k: number) => number[] | null,
    sign: 1 | -1, add: bigint[] | null) => {
    const out: number[][] = [];
    for (let k = 0; k < LIMBS; k++) {
      let e: number[] | null = a(k);
      const bk = b(k);
      if (bk) e = e ? (sign > 0 ? c.i64_add(e, bk) : c.i64_sub(e, bk)) : (sign > 0 ? bk : c.i64_sub(c.i64_const(0n), bk));
      if (add) e = e ? c.i64_add(e, c.i64_const(add[k])) : c.i64_const(add[k]);
      if (k > 0) e = c.i64_add(e!, c.i64_shr_s(c.getLocal(`${s}${k - 1}`), c.i64_const(BigInt(BITS))));
      out.push(c.setLocal(`${s}${k}`, e!));
      if (k > 0) out.push(c.setLocal(`${s}${k - 1}`, c.i64_and(c.getLocal(`${s}${k - 1}`), c.i64_const(MASK))));
    }
    return out;
  };
  const ld = (c: any, p: string) => (k: number) => c.i64_load32_u(c.getLocal(p), 4 * k);
  const lv = (c: any, s: string) => (k: number) => c.getLocal(`${s}${k}`);
  const store = (c: any, s: string) => range(LIMBS).map((k) => c.i64_store32(c.getLocal("o"), 4 * k, c.getLocal(`${s}${k}`)));
  const select = (c: any, a: number[], b: number[], cond: number[]) => [...a, ...b, ...cond, 0x1b]; // cond ? a : b
  const neg = (c: any, s: string) => c.i64_lt_s(c.getLocal(`${s}${LIMBS - 1}`), c.i64_const(0n));
  const negQ2 = Q2.map((x) => -x);
  const negQ = Q.map((x) => -x);

  let f = fn("fq_sub", ["o", "a", "b"], names("s", LIMBS));
  let c = f.getCodeBuilder();
  f.addCode(...chain(c, "s", ld(c, "a"), ld(c, "b"), -1, Q2), ...store(c, "s"));

  f = fn("fq_addn", ["o", "a", "b"], names("s", LIMBS));
  c = f.getCodeBuilder();
  f.addCode(...chain(c, "s", ld(c, "a"), ld(c, "b"), 1, null), ...store(c, "s"));

  f = fn("fq_subr", ["o", "a", "b"], [...names("s", LIMBS), ...names("d", LIMBS)]);
  c = f.getCodeBuilder();
  f.addCode(
    ...chain(c, "s", ld(c, "a"), ld(c, "b"), -1, Q2), // (0, 4q)
    ...chain(c, "d", lv(c, "s"), () => null, 1, negQ2), // s − 2q
    ...range(LIMBS).map((k) => c.i64_store32(c.getLocal("o"), 4 * k,
      select(c, c.getLocal(`s${k}`), c.getLocal(`d${k}`), neg(c, "d")))),
  );

  f = fn("fq_copy", ["o", "a"], []);
  c = f.getCodeBuilder();
  f.addCode(...range(LIMBS).map((k) => c.i32_store(c.getLocal("o"), 4 * k, c.i32_load(c.getLocal("a"), 4 * k))));

  // isZero for a < 2q: a is 0 or q.
  f = fn("fq_isZero", ["a"], names("d", LIMBS), "i32");
  c = f.getCodeBuilder();
  const orAll = (e: (k: number) => number[]) => range(LIMBS).map(e).reduce((x, y) => c.i64_or(x, y));
  f.addCode(
    ...chain(c, "d", ld(c, "a"), () => null, 1, negQ),
    c.i32_or(c.i64_eqz(orAll(ld(c, "a"))), c.i64_eqz(orAll(lv(c, "d")))),
  );

  // toWords: t = a·cOut (< 2q), canonical t mod q, then 9×29 bits packed into 8×32.
  f = fn("fq_toWords", ["w", "a"], [...names("s", LIMBS), ...names("d", LIMBS)]);
  c = f.getCodeBuilder();
  const tmp = module.alloc(FQ_BYTES);
  const words: number[][] = [];
  for (let w = 0; w < 8; w++) {
    const parts: number[][] = [];
    for (let k = 0; k < LIMBS; k++) {
      const lo = BITS * k;
      if (lo + BITS <= 32 * w || lo >= 32 * w + 32) continue;
      const sh = lo - 32 * w;
      parts.push(sh >= 0 ? c.i64_shl(c.getLocal(`s${k}`), c.i64_const(BigInt(sh))) : c.i64_shr_u(c.getLocal(`s${k}`), c.i64_const(BigInt(-sh))));
    }
    words.push(c.i64_store32(c.getLocal("w"), 4 * w, parts.reduce((x, y) => c.i64_or(x, y))));
  }
  f.addCode(
    c.call("fq_mul", c.i32_const(tmp), c.getLocal("a"), c.i32_const(K.cOut)),
    ...chain(c, "s", (k) => c.i64_load32_u(c.i32_const(tmp), 4 * k), () => null, 1, null),
    ...chain(c, "d", lv(c, "s"), () => null, 1, negQ),
    ...range(LIMBS).map((k) => c.setLocal(`s${k}`, select(c, c.getLocal(`s${k}`), c.getLocal(`d${k}`), neg(c, "d")))),
    ...words,
  );

  // fromWords: unpack 8×32 into 9×29 bits, then ·cIn.
  f = fn("fq_fromWords", ["o", "w"], []);
  c = f.getCodeBuilder();
  const unpack: number[][] = [];
  for (let k = 0; k < LIMBS; k++) {
    const bit = BITS * k;
    const w = bit >> 5;
    const sh = bit & 31;
    let e = c.i64_shr_u(c.i64_load32_u(c.getLocal("w"), 4 * w), c.i64_const(BigInt(sh)));
    if (sh + BITS > 32 && w + 1 < 8) e = c.i64_or(e, c.i64_shl(c.i64_load32_u(c.getLocal("w"), 4 * (w + 1)), c.i64_const(BigInt(32 - sh))));
    unpack.push(c.i64_store32(c.i32_const(tmp), 4 * k, c.i64_and(e, c.i64_const(MASK))));
  }
  f.addCode(...unpack, c.call("fq_mul", c.getLocal("o"), c.i32_const(tmp), c.i32_const(K.cIn)));

  // inverse: square-and-multiply over the bits of q − 2 (stored one per byte, MSB first).
  f = module.addFunction("fq_inverse");
  f.addParam("o", "i32");
  f.addParam("a", "i32");
  f.addLocal("i", "i32");
  module.exportFunction("fq_inverse");
  c = f.getCodeBuilder();
  const base = c.i32_const(module.alloc(FQ_BYTES));
  const acc = c.i32_const(module.alloc(FQ_BYTES));
  f.addCode(
    c.call("fq_copy", base, c.getLocal("a")),
    c.call("fq_copy", acc, c.i32_const(K.one)),
    c.setLocal("i", c.i32_const(0)),
    c.block(c.loop(
      c.br_if(1, c.i32_eq(c.getLocal("i"), c.i32_const(nExp))),
      c.call("fq_sqr", acc, acc),
      c.if(c.i32_load8_u(c.i32_add(c.i32_const(pExp), c.getLocal("i"))), c.call("fq_mul", acc, acc, base)),
      c.setLocal("i", c.i32_add(c.getLocal("i"), c.i32_const(1))),
      c.br(0),
    )),
    c.call("fq_copy", c.getLocal("o"), acc),
  );
}

/** Fq2 on top of fq_*: component-wise additive ops; products as dot products (u² = −1). */
function fq2Functions(module: any, K: Record<string, number>): void {
  const E = FQ_BYTES;
  const fn = (name: string, params: string[], ret?: string) => {
    const f = module.addFunction(name);
    for (const p of params) f.addParam(p, "i32");
    if (ret) f.setReturnType(ret);
    module.exportFunction(name);
    return [f, f.getCodeBuilder()];
  };
  const at = (c: any, p: string, i: number) => (i === 0 ? c.getLocal(p) : c.i32_add(c.getLocal(p), c.i32_const(E * i)));
  const T = range(4).map(() => module.alloc(E));

  for (const op of ["sub", "subr", "addn"]) {
    const [f, c] = fn(`fq2_${op}`, ["o", "a", "b"]);
    f.addCode(...[0, 1].map((i) => c.call(`fq_${op}`, at(c, "o", i), at(c, "a", i), at(c, "b", i))));
  }
  for (const op of ["copy", "fromWords"]) {
    const [f, c] = fn(`fq2_${op}`, ["o", "a"]);
    const step = op === "fromWords" ? 32 : E; // LEM Fq elements are 32 bytes
    f.addCode(...[0, 1].map((i) => c.call(`fq_${op}`, at(c, "o", i),
      i === 0 ? c.getLocal("a") : c.i32_add(c.getLocal("a"), c.i32_const(step)))));
  }
  {
    const [f, c] = fn("fq2_toWords", ["w", "a"]);
    f.addCode(...[0, 1].map((i) => c.call("fq_toWords", i === 0 ? c.getLocal("w") : c.i32_add(c.getLocal("w"), c.i32_const(32)), at(c, "a", i))));
  }
  {
    const [f, c] = fn("fq2_isZero", ["a"], "i32");
    f.addCode(c.i32_and(c.call("fq_isZero", at(c, "a", 0)), c.call("fq_isZero", at(c, "a", 1))));
  }
  const t = (c: any, i: number) => c.i32_const(T[i]);
  {
    // (a0 + a1·u)(b0 + b1·u) = (a0·b0 + (4q − a1)·b1) + (a0·b1 + a1·b0)·u; inputs < 4q,
    // so each dot product is < 32q² < R·q.
    const [f, c] = fn("fq2_mul", ["o", "a", "b"]);
    f.addCode(
      c.call("fq_sub", t(c, 2), c.i32_const(K.twoQ), at(c, "a", 1)),
      c.call("fq_dot2", t(c, 0), at(c, "a", 0), at(c, "b", 0), t(c, 2), at(c, "b", 1)),
      c.call("fq_dot2", t(c, 1), at(c, "a", 0), at(c, "b", 1), at(c, "a", 1), at(c, "b", 0)),
      c.call("fq_copy", at(c, "o", 0), t(c, 0)),
      c.call("fq_copy", at(c, "o", 1), t(c, 1)),
    );
  }
  {
    // (a0 + a1·u)² = (a0 + a1)(a0 − a1) + 2·a0·a1·u
    const [f, c] = fn("fq2_sqr", ["o", "a"]);
    f.addCode(
      c.call("fq_addn", t(c, 2), at(c, "a", 0), at(c, "a", 1)),
      c.call("fq_sub", t(c, 3), at(c, "a", 0), at(c, "a", 1)),
      c.call("fq_mul", t(c, 0), t(c, 2), t(c, 3)),
      c.call("fq_addn", t(c, 2), at(c, "a", 0), at(c, "a", 0)),
      c.call("fq_mul", t(c, 1), t(c, 2), at(c, "a", 1)),
      c.call("fq_copy", at(c, "o", 0), t(c, 0)),
      c.call("fq_copy", at(c, "o", 1), t(c, 1)),
    );
  }
  {
    // 1/(a0 + a1·u) = (a0 − a1·u)/(a0² + a1²)
    const [f, c] = fn("fq2_inverse", ["o", "a"]);
    f.addCode(
      c.call("fq_dot2", t(c, 2), at(c, "a", 0), at(c, "a", 0), at(c, "a", 1), at(c, "a", 1)),
      c.call("fq_inverse", t(c, 2), t(c, 2)),
      c.call("fq_sub", t(c, 3), c.i32_const(K.twoQ), at(c, "a", 1)),
      c.call("fq_mul", at(c, "o", 0), at(c, "a", 0), t(c, 2)),
      c.call("fq_mul", at(c, "o", 1), t(c, 3), t(c, 2)),
    );
  }
  {
    const [f, c] = fn("fq2_one", ["o"]);
    f.addCode(c.call("fq_copy", at(c, "o", 0), c.i32_const(K.one)), c.call("fq_copy", at(c, "o", 1), c.i32_const(K.zero)));
  }
  {
    const [f, c] = fn("fq_one", ["o"]);
    f.addCode(c.call("fq_copy", c.getLocal("o"), c.i32_const(K.one)));
  }
}
