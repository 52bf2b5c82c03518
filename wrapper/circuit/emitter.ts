// Writes circom code for BabyBear arithmetic emulated in the BN254 scalar field.
//
// A BabyBear value in the circuit is a linear combination of signals whose INTEGER value
// (not just its residue) is known at generation time to lie in [0, bound). Sums and
// products are kept unreduced while the bound stays far below the BN254 modulus r (so no
// value ever wraps around r); a value is reduced mod p only when a product would
// overflow or when two values are compared. Reducing a value below 2^B costs a range
// check of about B bits (a quotient and a 31-bit remainder), so reducing late is cheaper
// than reducing often: the bits of a product are the sum of the bits of its factors.
//
// Subtraction a - b is emitted as a + m·p - b with m·p >= bound(b), so every value stays
// a non-negative integer. Equality mod p of two values is "a - b + m·p = k·p" with a
// range-checked k; a remainder r is range-checked below 2^31 (not below p): values that
// are only used mod p need no canonical form.
//
// The emitter also owns the circuit's inputs: each input is registered with the function
// that reads it from a STARK proof, so the generated circuit and its input file cannot
// disagree about names or order (see generate.ts, input()).
//
// Code between beginTemplate() and endTemplate() becomes a template of its own
// (templates.ts): circom compiles each template to one wasm function, and V8 refuses a
// function over 7.65 MB, which one template holding a whole 100-bit verifier exceeds.
import { extractTemplate, namesIn, type SubTemplate } from "./templates.ts";

export const P = 2013265921n;
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** Values must stay below this, leaving room for the k·p and offset terms of the checks. */
const MAX_BITS = 248;
/** Longest linear combination kept symbolic (see combine). */
const MAX_TERMS = 64;

export type Val = { readonly terms: ReadonlyMap<string, bigint>; readonly k: bigint; readonly bound: bigint };
export type Ext = [Val, Val, Val, Val];

export type InputSpec<S> = { name: string; length: number; read: (src: S) => Array<bigint | number> };

export function bitsOf(bound: bigint): number {
  // smallest B with bound <= 2^B, i.e. every value in [0, bound) fits in B bits
  return bound <= 1n ? 0 : (bound - 1n).toString(2).length;
}

function ceilMultipleOfP(b: bigint): bigint {
  return ((b + P - 1n) / P) * P;
}

export class Emitter<S> {
  /** The main template's body. */
  readonly lines: string[] = [];
  readonly inputs: InputSpec<S>[] = [];
  /** Sub-templates, in order of first use (identical bodies share one). */
  readonly templates: SubTemplate[] = [];
  private counter = 0;
  /** The open sub-template: its label, body and id (fresh names record it, nameScope). */
  private scope: { label: string; lines: string[]; id: number } | null = null;
  private scopeCount = 0;
  /** Which scope (0: main, else a sub-template's id) declared each fresh name. */
  private readonly nameScope = new Map<string, number>();
  /** Counts of what was emitted, for the generator's report. */
  readonly stats = { products: 0, reductions: 0, reducedBits: 0, rangeChecks: 0, rangeBits: 0 };
  /** The part of the verifier being emitted, and range bits / products per part. */
  section = "setup";
  readonly bySection: Record<string, { rangeBits: number; products: number }> = {};

  private tally(rangeBits: number, products: number): void {
    const t = (this.bySection[this.section] ??= { rangeBits: 0, products: 0 });
    t.rangeBits += rangeBits;
    t.products += products;
  }

  line(s: string): void {
    if (this.scope) {
      this.scope.lines.push(s);
      return;
    }
    if (this.scopeCount > 0) {
      // a name made inside a closed sub-template does not exist in main
      const inner = namesIn(s).find((n) => (this.nameScope.get(n) ?? 0) > 0);
      if (inner) throw new Error(`emitter: main reads ${inner}, which a sub-template made`);
    }
    this.lines.push(s);
  }

  comment(s: string): void {
    this.line(`// ${s}`);
  }

  fresh(prefix: string): string {
    const name = `${prefix}_${this.counter++}`;
    this.nameScope.set(name, this.scope?.id ?? 0);
    return name;
  }

  /**
   * Code emitted from here to endTemplate() goes into a sub-template, instantiated in
   * main at endTemplate(). Values made inside must not be used after it: main code or a
   * later template that reads one throws at generation time.
   */
  beginTemplate(label: string): void {
    if (this.scope) throw new Error(`emitter: template '${label}' opened inside '${this.scope.label}'`);
    this.scope = { label, lines: [], id: ++this.scopeCount };
    this.scopeSingles = new WeakMap();
  }

  /** Closes the sub-template: main gets a component of it, its inputs wired to main's signals. */
  endTemplate(): void {
    const scope = this.scope;
    if (!scope) throw new Error("emitter: endTemplate without beginTemplate");
    this.scope = null;
    this.scopeSingles = new WeakMap(); // the signals single() made inside are gone with it
    const inputNames = new Set(this.inputs.map((i) => i.name));
    const ownerOf = (name: string): "local" | "main" | "other" | null => {
      if (inputNames.has(name)) return "main";
      const owner = this.nameScope.get(name);
      if (owner === undefined) return null;
      return owner === scope.id ? "local" : owner === 0 ? "main" : "other";
    };
    const { template, externals } = extractTemplate(scope.label, scope.lines, ownerOf, this.templates);
    if (!this.templates.includes(template)) this.templates.push(template);
    const inst = this.fresh(`c${template.name}`);
    this.lines.push(`component ${inst} = ${template.name}();`);
    externals.forEach((ref, k) => this.lines.push(`${inst}.ext[${k}] <== ${ref};`));
  }

  /** Declares `signal input name[length]` filled by `read(proof)`; returns the element names. */
  input(name: string, length: number, read: (src: S) => Array<bigint | number>): string[] {
    if (this.inputs.some((i) => i.name === name)) throw new Error(`circuit input ${name} declared twice`);
    this.inputs.push({ name, length, read });
    return Array.from({ length }, (_, i) => `${name}[${i}]`);
  }

  // ---------------------------------------------------------------- values

  signal(name: string, bound: bigint): Val {
    return { terms: new Map([[name, 1n]]), k: 0n, bound };
  }

  konst(v: bigint | number): Val {
    const x = BigInt(v);
    if (x < 0n) throw new Error(`emitter: negative constant ${x}`);
    return { terms: new Map(), k: x, bound: x + 1n };
  }

  isConst(a: Val): boolean {
    return a.terms.size === 0;
  }

  expr(a: Val): string {
    const parts: string[] = [];
    for (const [s, c] of a.terms) {
      if (c === 1n) parts.push(s);
      else if (c === -1n) parts.push(`-${s}`);
      else parts.push(`${c}*${s}`);
    }
    if (a.k !== 0n || parts.length === 0) parts.push(a.k.toString());
    return parts.join(" + ").replace(/\+ -/g, "- ");
  }

  private combine(a: Val, ca: bigint, b: Val, cb: bigint, k: bigint, bound: bigint): Val {
    const terms = new Map<string, bigint>();
    for (const [s, c] of a.terms) terms.set(s, c * ca);
    for (const [s, c] of b.terms) {
      const v = (terms.get(s) ?? 0n) + c * cb;
      if (v === 0n) terms.delete(s);
      else terms.set(s, v);
    }
    this.checkBound(bound);
    const v = { terms, k, bound };
    // circom evaluates a + b + c + ... as a left-deep tree and its wasm build overflows its
    // stack on a few hundred terms; long sums become a signal (same PLONK cost when used
    // in a product, where snarkjs would split the sum into addition rows anyway).
    return terms.size > MAX_TERMS ? this.signal(this.materialize(v), bound) : v;
  }

  private checkBound(b: bigint): void {
    if (bitsOf(b) > MAX_BITS) throw new Error(`emitter: a value may reach 2^${bitsOf(b)}, above 2^${MAX_BITS}`);
  }

  add(a: Val, b: Val): Val {
    return this.combine(a, 1n, b, 1n, a.k + b.k, a.bound + b.bound - 1n);
  }

  /** a - b as a + m·p - b (non-negative, congruent mod p). */
  sub(a: Val, b: Val): Val {
    const mp = ceilMultipleOfP(b.bound);
    return this.combine(a, 1n, b, -1n, a.k + mp - b.k, a.bound + mp);
  }

  /** c·a for a constant c >= 0. */
  scale(a: Val, c: bigint): Val {
    if (c < 0n) throw new Error("emitter: negative scale");
    if (c === 0n) return this.konst(0);
    return this.combine(a, c, this.konst(0), 0n, a.k * c, (a.bound - 1n) * c + 1n);
  }

  /** A signal holding a (free when a already is one signal). */
  materialize(a: Val): string {
    if (a.k === 0n && a.terms.size === 1) {
      const [[s, c]] = [...a.terms];
      if (c === 1n) return s;
    }
    const s = this.fresh("t");
    this.line(`signal ${s} <== ${this.expr(a)};`);
    return s;
  }

  /**
   * a as one signal (cached per value). snarkjs turns each extra term of a product's
   * operand into an addition row, every time the operand is used: a sum used in the 4
   * products of an extension multiply costs its terms once instead of 4 times.
   */
  private single(a: Val): Val {
    if (a.terms.size <= 1) return a; // a constant term is free in a product row
    // Inside a sub-template, a sum of main's signals is made a signal in main, once for
    // every template that uses it (a signal per template would repeat its constraint).
    const ofMain = this.scope !== null && [...a.terms.keys()].every((t) => (this.nameScope.get(namesIn(t)[0]) ?? 0) === 0);
    const cache = this.scope === null || ofMain ? this.mainSingles : this.scopeSingles;
    let s = cache.get(a);
    if (!s) {
      if (ofMain) {
        const name = this.fresh("t");
        this.nameScope.set(name, 0); // declared in main, before the template's instance
        this.lines.push(`signal ${name} <== ${this.expr(a)};`);
        s = this.signal(name, a.bound);
      } else {
        s = this.signal(this.materialize(a), a.bound);
      }
      cache.set(a, s);
    }
    return s;
  }
  private readonly mainSingles = new WeakMap<Val, Val>();
  private scopeSingles = new WeakMap<Val, Val>();

  mul(a: Val, b: Val): Val {
    if (this.isConst(a)) return this.scale(b, a.k);
    if (this.isConst(b)) return this.scale(a, b.k);
    while (bitsOf((a.bound - 1n) * (b.bound - 1n) + 1n) > MAX_BITS) {
      if (a.bound >= b.bound) a = this.reduce(a);
      else b = this.reduce(b);
    }
    const s = this.fresh("m");
    this.line(`signal ${s} <== (${this.expr(a)}) * (${this.expr(b)});`);
    this.stats.products++;
    this.tally(0, 1);
    return this.signal(s, (a.bound - 1n) * (b.bound - 1n) + 1n);
  }

  /** a value below 2^bits. */
  rangeCheck(signalExpr: string, bits: number): void {
    if (bits <= 0) {
      this.line(`${signalExpr} === 0;`);
      return;
    }
    const c = this.fresh("rc");
    this.line(`component ${c} = RangeCheck(${bits}); ${c}.in <== ${signalExpr};`);
    this.stats.rangeChecks++;
    this.stats.rangeBits += bits;
    this.tally(bits, 0);
  }

  /** A value congruent to a mod p, below 2^31. */
  reduce(a: Val): Val {
    if (a.bound <= 1n << 31n) return a;
    if (this.isConst(a)) return this.konst(a.k % P);
    const x = this.expr(a);
    const q = this.fresh("q");
    const r = this.fresh("r");
    const qBits = bitsOf((a.bound - 1n) / P + 1n);
    this.line(`signal ${q}; signal ${r}; ${q} <-- (${x}) \\ ${P}; ${r} <-- (${x}) % ${P};`);
    this.line(`${q} * ${P} + ${r} === ${x};`);
    this.rangeCheck(r, 31);
    this.rangeCheck(q, qBits);
    this.stats.reductions++;
    this.stats.reducedBits += qBits + 31;
    return this.signal(r, 1n << 31n);
  }

  /** a ≡ 0 (mod p). */
  assertZeroMod(a: Val, what: string): void {
    if (this.isConst(a)) {
      if (a.k % P !== 0n) throw new Error(`emitter: constant check '${what}' fails at generation time`);
      return;
    }
    const x = this.expr(a);
    const k = this.fresh("k");
    this.comment(what);
    this.line(`signal ${k}; ${k} <-- (${x}) \\ ${P};`);
    this.line(`${k} * ${P} === ${x};`);
    this.rangeCheck(k, bitsOf((a.bound - 1n) / P + 1n));
  }

  assertEqMod(a: Val, b: Val, what: string): void {
    this.assertZeroMod(this.sub(a, b), what);
  }

  /** A fresh witness signal computed by `hint` (circom expression), range-checked below 2^31. */
  witness31(hint: string): Val {
    const s = this.fresh("w");
    this.line(`signal ${s}; ${s} <-- ${hint};`);
    this.rangeCheck(s, 31);
    return this.signal(s, 1n << 31n);
  }

  // ---------------------------------------------------------------- extension F_p[x]/(x^4 - 11)

  extConst(c: ArrayLike<number | bigint>): Ext {
    return [0, 1, 2, 3].map((i) => this.konst(BigInt(c[i]) % P)) as Ext;
  }

  extFromBase(a: Val): Ext {
    return [a, this.konst(0), this.konst(0), this.konst(0)];
  }

  extAdd(a: Ext, b: Ext): Ext {
    return [0, 1, 2, 3].map((i) => this.add(a[i], b[i])) as Ext;
  }

  extSub(a: Ext, b: Ext): Ext {
    return [0, 1, 2, 3].map((i) => this.sub(a[i], b[i])) as Ext;
  }

  extScale(a: Ext, c: bigint): Ext {
    return [0, 1, 2, 3].map((i) => this.scale(a[i], c)) as Ext;
  }

  extMulBase(a: Ext, b: Val): Ext {
    const nonzero = a.filter((v) => !(this.isConst(v) && v.k === 0n)).length;
    const bb = nonzero > 1 && !this.isConst(b) ? this.single(b) : b;
    return [0, 1, 2, 3].map((i) => this.mul(a[i], bb)) as Ext;
  }

  extReduce(a: Ext): Ext {
    return [0, 1, 2, 3].map((i) => this.reduce(a[i])) as Ext;
  }

  private extMaxBound(a: Ext): bigint {
    return a.reduce((m, v) => (v.bound > m ? v.bound : m), 0n);
  }

  /** Schoolbook product: 16 products (fewer with constant or zero coordinates), x^4 = 11. */
  extMul(a: Ext, b: Ext): Ext {
    // 34 = the largest coefficient sum (1 + 3·11) of one output coordinate
    while (bitsOf(34n * this.extMaxBound(a) * this.extMaxBound(b)) > MAX_BITS) {
      if (this.extMaxBound(a) >= this.extMaxBound(b)) a = this.extReduce(a);
      else b = this.extReduce(b);
    }
    const zero = (v: Val) => this.isConst(v) && v.k === 0n;
    // a coordinate used in several products is made one signal first (see single)
    const uses = (x: Ext) => x.filter((v) => !zero(v) && !this.isConst(v)).length;
    const [ua, ub] = [uses(b), uses(a)];
    if (ua > 1) a = a.map((v) => (this.isConst(v) ? v : this.single(v))) as Ext;
    if (ub > 1) b = b.map((v) => (this.isConst(v) ? v : this.single(v))) as Ext;
    const out: Val[] = [this.konst(0), this.konst(0), this.konst(0), this.konst(0)];
    for (let i = 0; i < 4; i++) {
      if (zero(a[i])) continue;
      for (let j = 0; j < 4; j++) {
        if (zero(b[j])) continue;
        const t = this.mul(a[i], b[j]);
        const d = i + j;
        out[d & 3] = this.add(out[d & 3], d >= 4 ? this.scale(t, 11n) : t);
      }
    }
    return out as Ext;
  }

  extAssertEq(a: Ext, b: Ext, what: string): void {
    for (let i = 0; i < 4; i++) this.assertEqMod(a[i], b[i], `${what} [${i}]`);
  }

  /** Witness u = num / den (range-checked), constrained by u·den ≡ num. */
  extDiv(num: Ext, den: Ext, what: string): Ext {
    const n = this.fresh("dn");
    const d = this.fresh("dd");
    const u = this.fresh("du");
    this.line(`var ${n}[4]; var ${d}[4];`);
    for (let i = 0; i < 4; i++) this.line(`${n}[${i}] = (${this.expr(num[i])}) % ${P}; ${d}[${i}] = (${this.expr(den[i])}) % ${P};`);
    this.line(`var ${u}[4] = bb_ext_div(${n}, ${d});`);
    const out = [0, 1, 2, 3].map((i) => this.witness31(`${u}[${i}]`)) as Ext;
    this.extAssertEq(this.extMul(out, den), num, `${what}: quotient times divisor`);
    return out;
  }

  /** a^(2^k) by k squarings. */
  extPow2k(a: Ext, k: number): Ext {
    let x = a;
    for (let i = 0; i < k; i++) x = this.extMul(x, x);
    return x;
  }
}
