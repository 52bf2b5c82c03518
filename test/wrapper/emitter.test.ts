// Unit tests of the wrap circuit's arithmetic (wrapper/circuit/emitter.ts, bits.ts):
// BabyBear and its degree-4 extension emulated in BN254 with tracked integer bounds.
// Small circuits are built with the Emitter directly, compiled, and their outputs (mod p)
// compared with the prover's field code (prover/field/babybear.ts, extension.ts) on
// random inputs, including non-canonical ones in [p, 2^31), which the circuit accepts
// as values that are only used mod p.
import { expect } from "chai";
import fs from "node:fs";
import { Emitter, bitsOf, P, type Ext, type Val } from "../../wrapper/circuit/emitter.ts";
import { powFromBits, selectByBits } from "../../wrapper/circuit/bits.ts";
import * as bb from "../../prover/field/babybear.ts";
import * as fx from "../../prover/field/extension.ts";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { compile, witnessOk, expectAssertFails, readWitness, symbolIndex } from "./stark-circuit-helpers.ts";
import { failingConstraint } from "./circuit-labels.ts";

type Src = Record<string, bigint[]>;
const TWO31 = 1n << 31n;

/** A circuit under construction: inputs read from a Src record, outputs declared by name. */
class TestCircuit {
  readonly em = new Emitter<Src>();
  private outputs: Array<{ name: string; length: number }> = [];

  /** Base-field inputs, range-checked below 2^31 as generate.ts does. */
  base(name: string, length: number): Val[] {
    return this.em.input(name, length, (s) => s[name]).map((sig) => {
      this.em.rangeCheck(sig, 31);
      return this.em.signal(sig, TWO31);
    });
  }

  ext(name: string): Ext {
    return this.base(name, 4) as Ext;
  }

  /** Boolean input signals. */
  bits(name: string, length: number): string[] {
    const sigs = this.em.input(name, length, (s) => s[name]);
    for (const b of sigs) this.em.line(`${b} * (${b} - 1) === 0;`);
    return sigs;
  }

  /** `signal output name[n]`, each element reduced (below 2^31) and constrained to a value. */
  output(name: string, vals: Val[]): void {
    this.outputs.push({ name, length: vals.length });
    vals.forEach((v, i) => {
      const r = this.em.reduce(v);
      expect(r.bound <= TWO31, `${name}[${i}] reduced`).to.equal(true);
      this.em.line(`${name}[${i}] <== ${this.em.expr(r)};`);
    });
  }

  render(name: string): { name: string; source: string } {
    const source = [
      "pragma circom 2.1.0;",
      "include \"poseidon.circom\";",
      "include \"bitify.circom\";",
      "include \"babybear.circom\";",
      ...this.em.templates.map((t) => t.source),
      `template ${name}() {`,
      ...this.em.inputs.map((i) => `    signal input ${i.name}[${i.length}];`),
      ...this.outputs.map((o) => `    signal output ${o.name}[${o.length}];`),
      ...this.em.lines.map((l) => `    ${l}`),
      "}",
      `component main = ${name}();`,
      "",
    ].join("\n");
    return { name, source };
  }

  /** The input record in the circuit's order, as decimal strings. */
  input(src: Src): Record<string, string[]> {
    return Object.fromEntries(this.em.inputs.map((i) => {
      const v = i.read(src);
      expect(v.length, i.name).to.equal(i.length);
      return [i.name, v.map(String)];
    }));
  }
}

/** Runs the circuit and returns each output array (values as bigints, not reduced). */
async function outputs(c: CompiledCircuit, input: Record<string, unknown>, names: Record<string, number>): Promise<Record<string, bigint[]>> {
  const wtns = await witnessOk(c, input);
  try {
    const w = await readWitness(wtns);
    const sym = symbolIndex(c.sym);
    return Object.fromEntries(Object.entries(names).map(([n, len]) => [n, Array.from({ length: len }, (_, i) => {
      const idx = sym.get(`main.${n}[${i}]`);
      if (idx === undefined) throw new Error(`no signal main.${n}[${i}] in ${c.sym}`);
      return w[idx];
    })]));
  } finally {
    fs.rmSync(wtns, { force: true });
  }
}

/** Deterministic xorshift values below 2^31 (some non-canonical, i.e. in [p, 2^31)). */
function rng(seed: number): () => bigint {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return BigInt(x >>> 1);
  };
}

const modp = (v: bigint) => ((v % P) + P) % P;
const toExt = (v: bigint[]) => fx.ext(...v.map((x) => Number(modp(x))));
const fromExt = (e: Uint32Array) => Array.from(e, (x) => BigInt(x));

describe("wrap circuit emitter: arithmetic against prover/field", () => {
  const tc = new TestCircuit();
  const em = tc.em;
  let compiled: CompiledCircuit;
  const OUT: Record<string, number> = {};
  // powFromBits constants: arbitrary field elements, and a factor
  const CONSTS = [7, 1234567, Number(P) - 2, 99991, 31];
  const FACTOR = 1000003;

  before(async () => {
    const a = tc.ext("a"), b = tc.ext("b"), c = tc.ext("c"), d = tc.ext("d");
    const [x, y] = tc.base("xy", 2);
    const bits = tc.bits("bits", CONSTS.length);
    const out = (name: string, vals: Val[]) => { tc.output(name, vals); OUT[name] = vals.length; };
    out("mul", em.extMul(a, b));
    out("add", em.extAdd(a, b));
    out("sub", em.extSub(a, b));
    out("div", em.extDiv(a, b, "a / b"));
    out("pow8", em.extPow2k(a, 3));
    // unreduced chains: (a·b)·(c - a) + 3·d, and a·b·c·d without reductions in between
    out("chain", em.extAdd(em.extMul(em.extMul(a, b), em.extSub(c, a)), em.extScale(d, 3n)));
    out("mul4", em.extMul(em.extMul(a, b), em.extMul(c, d)));
    out("mulBase", em.extMulBase(a, x));
    out("bmul", [em.mul(x, y)]);
    out("bsub", [em.sub(x, em.scale(y, 12345n))]);
    // (xy)^8 by repeated unreduced squaring: the emitter must reduce before 2^248
    let s = em.mul(x, y);
    for (let i = 0; i < 3; i++) s = em.mul(s, s);
    out("bpow8", [s]);
    out("pfb", [powFromBits(em, bits, CONSTS, FACTOR)]);
    out("sel", selectByBits(em, bits.slice(0, 2), [a, b, c, d]));
    compiled = await compile(tc.render("EmitterArith"));
  });

  const cases: Array<[string, () => Src]> = [
    ["random values", () => {
      const r = rng(12345);
      const v = () => Array.from({ length: 4 }, r);
      return { a: v(), b: v(), c: v(), d: v(), xy: [r(), r()], bits: [1n, 0n, 1n, 1n, 0n] };
    }],
    ["other random values", () => {
      const r = rng(987654321);
      const v = () => Array.from({ length: 4 }, r);
      return { a: v(), b: v(), c: v(), d: v(), xy: [r(), r()], bits: [0n, 1n, 0n, 1n, 1n] };
    }],
    ["extremes: 2^31 - 1 (non-canonical), p - 1, p, 0", () => {
      const m = TWO31 - 1n;
      return { a: [m, m, m, m], b: [P - 1n, P, 1n, P - 1n], c: [0n, 0n, 0n, 0n], d: [m, P - 1n, m, P - 1n], xy: [m, P - 1n], bits: [1n, 1n, 1n, 1n, 1n] };
    }],
    ["zeros and all bits clear", () => ({ a: [0n, 0n, 0n, 0n], b: [1n, 0n, 0n, 5n], c: [3n, 0n, 0n, 0n], d: [0n, 0n, 0n, 1n], xy: [0n, P], bits: [0n, 0n, 0n, 0n, 0n] })],
  ];

  for (const [label, make] of cases) {
    it(`matches babybear.ts / extension.ts on ${label}`, async () => {
      const src = make();
      const o = await outputs(compiled, tc.input(src), OUT);
      for (const [n, vals] of Object.entries(o)) for (const v of vals) expect(v < TWO31, `${n} output below 2^31`).to.equal(true);
      const got = (n: string) => o[n].map(modp);
      const [A, B, C, D] = [src.a, src.b, src.c, src.d].map(toExt);
      const [x, y] = src.xy.map((v) => Number(modp(v)));
      expect(got("mul"), "extMul").to.deep.equal(fromExt(fx.extMul(A, B)));
      expect(got("add"), "extAdd").to.deep.equal(fromExt(fx.extAdd(A, B)));
      expect(got("sub"), "extSub").to.deep.equal(fromExt(fx.extSub(A, B)));
      expect(got("div"), "extDiv").to.deep.equal(fromExt(fx.extDiv(A, B)));
      expect(got("pow8"), "extPow2k").to.deep.equal(fromExt(fx.extPow(A, 8)));
      expect(got("chain"), "chain").to.deep.equal(fromExt(fx.extAdd(fx.extMul(fx.extMul(A, B), fx.extSub(C, A)), fx.extScale(D, 3))));
      expect(got("mul4"), "mul4").to.deep.equal(fromExt(fx.extMul(fx.extMul(A, B), fx.extMul(C, D))));
      expect(got("mulBase"), "extMulBase").to.deep.equal(fromExt(fx.extMulBase(A, x)));
      expect(got("bmul"), "mul").to.deep.equal([BigInt(bb.mul(x, y))]);
      expect(got("bsub"), "sub").to.deep.equal([BigInt(bb.sub(x, bb.mul(y, 12345)))]);
      expect(got("bpow8"), "pow").to.deep.equal([BigInt(bb.pow(bb.mul(x, y), 8))]);
      const e = src.bits.reduce((acc, bit, i) => (bit ? bb.mul(acc, CONSTS[i]) : acc), FACTOR);
      expect(got("pfb"), "powFromBits").to.deep.equal([BigInt(e)]);
      const pos = Number(src.bits[0]) + 2 * Number(src.bits[1]);
      expect(got("sel"), "selectByBits").to.deep.equal(fromExt([A, B, C, D][pos]));
    });
  }

  it("extDiv by zero has no witness", async () => {
    const r = rng(5);
    const src: Src = { a: [1n, 2n, 3n, 4n], b: [0n, P, 0n, 0n], c: [r(), r(), r(), r()], d: [r(), r(), r(), r()], xy: [1n, 2n], bits: [0n, 0n, 0n, 0n, 0n] };
    await expectAssertFails(compiled, tc.input(src), "division by 0");
  });
});

describe("wrap circuit emitter: checks", () => {
  const tc = new TestCircuit();
  const em = tc.em;
  let compiled: CompiledCircuit;
  before(async () => {
    const [x, y, u, v] = tc.base("xyuv", 4);
    em.assertEqMod(x, y, "x = y mod p");
    // an unreduced product against a sum: u·v ≡ x + y
    em.assertEqMod(em.mul(u, v), em.add(x, y), "u·v = x + y mod p");
    const [r7, r8] = em.input("small", 2, (s) => s.small);
    em.rangeCheck(r7, 7);
    em.rangeCheck(r8, 8);
    const [z] = em.input("zero", 1, (s) => s.zero);
    em.rangeCheck(z, 0);
    compiled = await compile(tc.render("EmitterChecks"));
  });
  // x = y mod p, u·v = 2x mod p, small = [< 2^7, < 2^8], zero = 0
  const good = (): Src => ({ xyuv: [5n, 5n, 2n, 5n], small: [127n, 255n], zero: [0n] });

  it("accepts equal values, and congruent ones (y + p below 2^31)", async () => {
    fs.rmSync(await witnessOk(compiled, tc.input(good())), { force: true });
    const s = good();
    s.xyuv = [5n + P, 5n, 2n, 5n];
    fs.rmSync(await witnessOk(compiled, tc.input(s)), { force: true });
    // u·v = (p - 1)·(p - 1) ≡ 1 ≡ x + y with x = (p + 1) / 2 (inverse of 2 doubled)
    s.xyuv = [(P + 1n) / 2n, (P + 1n) / 2n, P - 1n, P - 1n];
    fs.rmSync(await witnessOk(compiled, tc.input(s)), { force: true });
  });

  it("assertEqMod of unequal values makes the witness fail", async () => {
    for (const xyuv of [[5n, 6n, 2n, 5n], [5n, 5n, 2n, 6n], [P, 1n, 1n, 1n], [0n, 0n, TWO31 - 1n, 1n]]) {
      await expectAssertFails(compiled, tc.input({ ...good(), xyuv }), `xyuv ${xyuv}`);
    }
  });

  it("RangeCheck(n) takes values below 2^n only (odd and even n, n = 0)", async () => {
    for (const small of [[128n, 0n], [0n, 256n], [(1n << 200n) + 3n, 0n]]) {
      await expectAssertFails(compiled, tc.input({ ...good(), small }), `small ${small}`);
    }
    await expectAssertFails(compiled, tc.input({ ...good(), zero: [1n] }), "zero 1");
    // 31-bit inputs: 2^31 is out
    await expectAssertFails(compiled, tc.input({ ...good(), xyuv: [TWO31, TWO31 - P, 1n, 1n] }), "x = 2^31");
  });
});

describe("wrap circuit emitter: generation-time behaviour", () => {
  it("bitsOf is the smallest B with bound <= 2^B", () => {
    const table: Array<[bigint, number]> = [[0n, 0], [1n, 0], [2n, 1], [3n, 2], [4n, 2], [5n, 3],
      [TWO31, 31], [TWO31 + 1n, 32], [P, 31], [1n << 248n, 248], [(1n << 248n) + 1n, 249]];
    for (const [b, n] of table) expect(bitsOf(b), `bitsOf(${b})`).to.equal(n);
    for (let i = 1; i < 300; i++) {
      const b = BigInt(i);
      let n = 0;
      while (1n << BigInt(n) < b) n++;
      expect(bitsOf(b), `bitsOf(${i})`).to.equal(n);
    }
  });

  it("a bound above 2^248 throws at generation time", () => {
    const em = new Emitter<unknown>();
    const x = em.signal("x", TWO31);
    expect(() => em.scale(x, 1n << 218n)).to.throw(Error, /2\^249, above 2\^248/);
    const big = em.signal("big", 1n << 247n);
    const s = em.add(big, big); // bound 2^248 - 1: fits
    expect(bitsOf(s.bound)).to.equal(248);
    expect(() => em.add(s, big)).to.throw(Error, /above 2\^248/);
    expect(() => em.sub(s, x)).to.throw(Error, /above 2\^248/); // + m·p pushes it over
    expect(() => em.konst(-1)).to.throw(Error, /negative/);
    expect(() => em.scale(x, -2n)).to.throw(Error, /negative/);
  });

  it("mul and extMul reduce their operands instead of overflowing", () => {
    const em = new Emitter<unknown>();
    const a = em.signal("a", 1n << 200n), b = em.signal("b", 1n << 200n);
    const before = em.stats.reductions;
    const m = em.mul(a, b);
    expect(em.stats.reductions).to.be.greaterThan(before);
    expect(bitsOf(m.bound)).to.be.at.most(248);
    const e = [a, b, a, b] as Ext;
    const r = em.extMul(e, e);
    for (const v of r) expect(bitsOf(v.bound)).to.be.at.most(248);
  });

  it("constant checks are decided at generation time; inputs are declared once", () => {
    const em = new Emitter<unknown>();
    expect(() => em.assertEqMod(em.konst(3), em.konst(4), "3 = 4")).to.throw(Error, /'3 = 4' fails at generation time/);
    const n = em.lines.length;
    em.assertEqMod(em.konst(3), em.konst(3n + P), "3 = 3 + p");
    expect(em.lines.length, "nothing emitted for a true constant check").to.equal(n);
    expect(em.reduce(em.konst(5n * P + 7n)).k).to.equal(7n);
    em.input("in", 2, () => [0, 0]);
    expect(() => em.input("in", 3, () => [0, 0, 0])).to.throw(Error, /declared twice/);
    expect(() => selectByBits(em, ["b0"], [em.extConst([1, 0, 0, 0])])).to.throw(Error, /1 values for 1 bits/);
  });
});

describe("wrap circuit emitter: long sums", () => {
  // circom's wasm build overflows its stack on linear combinations of a few hundred terms
  // (seen with a 128-column AIR); the emitter turns long sums into signals.
  it("a sum of 600 products compiles and equals the TypeScript sum mod p", async () => {
    const tc = new TestCircuit();
    const n = 600;
    const xs = tc.base("xs", n);
    const ys = tc.base("ys", n);
    let acc = tc.em.konst(0);
    xs.forEach((x, i) => {
      acc = tc.em.add(acc, tc.em.mul(x, ys[i]));
      expect(acc.terms.size).to.be.at.most(65);
    });
    tc.output("sum", [acc]);
    const c = await compile(tc.render("EmitterLongSum"));
    const next = rng(11);
    const src: Src = { xs: Array.from({ length: n }, next), ys: Array.from({ length: n }, next) };
    let want = 0n;
    for (let i = 0; i < n; i++) want += (src.xs[i] as bigint) * (src.ys[i] as bigint);
    const out = await outputs(c, tc.input(src), { sum: 1 });
    expect(modp(out.sum[0])).to.equal(modp(want));
  });
});

describe("wrap circuit emitter: sub-templates (templates.ts)", () => {
  // Three "queries", each checking c_i = a · (b · x_i) with a main-made sum s folded in;
  // emitted flat, or each in a sub-template (as generate.ts emits a query).
  const STEPS = 3;
  const build = (split: boolean) => {
    const tc = new TestCircuit();
    const a = tc.ext("a"), b = tc.ext("b");
    const s = tc.em.add(a[0], a[1]); // a two-term sum: extMulBase makes it one signal, per template
    for (let i = 0; i < STEPS; i++) {
      tc.em.comment(`==== query ${i}`);
      if (split) tc.em.beginTemplate("Step");
      tc.em.comment(`==== query ${i}`);
      const [x] = tc.base(`x${i}`, 1);
      const c = tc.ext(`c${i}`);
      const prod = tc.em.extMul(a, tc.em.extMulBase(tc.em.extMulBase(b, x), s));
      tc.em.extAssertEq(prod, c, `query ${i}: the product`);
      if (split) tc.em.endTemplate();
    }
    return tc;
  };
  const r = rng(7);
  const src: Src = { a: [r(), r(), r(), r()], b: [r(), r(), r(), r()] };
  const sVal = modp(src.a[0] + src.a[1]);
  for (let i = 0; i < STEPS; i++) {
    src[`x${i}`] = [r()];
    const bx = fx.extMulBase(toExt(src.b), Number(modp(src[`x${i}`][0])));
    src[`c${i}`] = fromExt(fx.extMul(toExt(src.a), fx.extMulBase(bx, Number(sVal))));
  }

  it("the same code in three scopes is one template; constraints, PLONK rows and the verdict equal the flat circuit's", async () => {
    const flat = build(false), split = build(true);
    expect(split.em.templates.map((t) => t.name)).to.deep.equal(["Step"]);
    const fc = flat.render("FlatSteps"), sc = split.render("SplitSteps");
    expect(sc.source.match(/^template /gm)).to.have.length(2);
    const [cf, cs] = [await compile(fc), await compile(sc)];
    expect(cs.r1csConstraints, "r1cs").to.equal(cf.r1csConstraints);
    expect(cs.plonkConstraints, "PLONK rows").to.equal(cf.plonkConstraints);
    await witnessOk(cf, flat.input(src));
    await witnessOk(cs, split.input(src));
    // the negative twin: a wrong c_1 fails in both, and the label names query 1 with its main input
    const bad = { ...src, c1: [modp(src.c1[0] + 1n), ...src.c1.slice(1)] };
    await expectAssertFails(cf, flat.input(bad), "flat");
    const we = await expectAssertFails(cs, split.input(bad), "split");
    const f = failingConstraint(sc.source, "SplitSteps", we.circomMessage);
    expect(f.label).to.equal("query 1: the product [0]");
    const badX = { ...src, x2: [TWO31 + 5n] };
    const wx = await expectAssertFails(cs, split.input(badX), "x2 above 2^31");
    const fx2 = failingConstraint(sc.source, "SplitSteps", wx.circomMessage);
    expect(fx2.line).to.match(/RangeCheck\(31\); rc_\d+\.in <== x2\[0\];$/);
    expect(fx2.label).to.equal("==== query 2");
  });

  it("different code makes a second template; names made in a template cannot leak out", () => {
    const em = new Emitter<unknown>();
    const [x] = em.input("x", 1, () => [1]);
    const xv = em.signal(x, TWO31);
    em.beginTemplate("T");
    const inner = em.mul(xv, xv);
    em.endTemplate();
    em.beginTemplate("T");
    em.mul(em.mul(xv, xv), xv);
    em.endTemplate();
    expect(em.templates.map((t) => t.name)).to.deep.equal(["T", "T_1"]);
    expect(em.lines.filter((l) => l.includes(".ext[0] <== x[0];"))).to.have.length(2);
    expect(() => em.mul(inner, xv)).to.throw(Error, /main reads m_\d+, which a sub-template made/);
    em.beginTemplate("U");
    em.mul(inner, xv);
    expect(() => em.endTemplate()).to.throw(Error, /template 'U' reads m_\d+, which another template made/);
    expect(() => em.endTemplate()).to.throw(Error, /without beginTemplate/);
    em.beginTemplate("V");
    expect(() => em.beginTemplate("W")).to.throw(Error, /'W' opened inside 'V'/);
  });
});
