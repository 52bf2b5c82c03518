// The recursion chips and their table set: programs built with ProgramBuilder are proved
// and verified; the debug checker, the bus debugger and the verifier each reject a forged
// trace (a wrong ALU output, a non-canonical bit decomposition, a non-boolean select bit,
// a read of a value nobody wrote), a wrong public value and another program's key.
import { expect } from "chai";
import { ProgramBuilder, type BuiltProgram, type Var } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { AluOp, READ_CAP, BITS_PER_DECOMPOSITION, type RecursionProgram } from "../../wrapper/recursion/program.ts";
import {
  setupRecursion, proveRecursion, verifyRecursion, RECURSION_CONFIG, type RecursionProvingKey,
} from "../../wrapper/recursion/prove.ts";
import {
  recursionChips, recursionTraces, recursionShape, validateProgram, PUBLIC_TABLE, RecursionProgramError,
} from "../../wrapper/recursion/tables.ts";
import { prove, verify, TEST_CONFIG_INSECURE, type TableTrace } from "../../prover/stark/index.ts";
import { securityOf } from "../../prover/stark/security.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { generateAux } from "../../prover/air/logup.ts";
import { findImbalances } from "../../prover/chips/bus-debug.ts";
import { P, add, sub, mul } from "../../prover/field/babybear.ts";
import { extMul, extInv } from "../../prover/field/extension.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";

import { withAnchor } from "../../wrapper/recursion/lift.ts";

const CONFIG = TEST_CONFIG_INSECURE;

/** The debug checker over every table: the first failing constraint, or null. */
function checkTraces(pk: RecursionProvingKey, traces: TableTrace[], only?: number) {
  const challenges = Uint32Array.from({ length: 8 }, (_, i) => 1000003 * (i + 7));
  for (let t = 0; t < traces.length; t++) {
    if (only !== undefined && t !== only) continue;
    const air = pk.stark.vk.airs[t];
    const prep = pk.stark.prep[t]?.trace ?? [];
    const { main, publicValues } = traces[t];
    const { aux, auxPublic } = generateAux(air, main, prep, publicValues, challenges);
    const f = air.check({ main, preprocessed: prep, aux, publicValues, challenges, auxPublic });
    if (f) return { table: air.name, ...f };
  }
  return null;
}

/** Tuples that do not balance. */
function imbalances(pk: RecursionProvingKey, traces: TableTrace[]) {
  const tables = traces.map((tr, t) => ({ ...tr, prep: pk.stark.prep[t]?.trace ?? [] }));
  return findImbalances(pk.stark.vk.airs, tables);
}

const keyCache = new Map<RecursionProgram, Promise<Awaited<ReturnType<typeof setupRecursion>>>>();
function keysFor(p: RecursionProgram, config = CONFIG) {
  if (config !== CONFIG) return setupRecursion(p, config);
  if (!keyCache.has(p)) keyCache.set(p, setupRecursion(p, config));
  return keyCache.get(p)!;
}

async function proveOk(built: BuiltProgram, config = CONFIG) {
  const keys = await keysFor(built.program, config);
  const run = runProgram(built.program, built.witness);
  const traces = recursionTraces(built.program, run.memory, run.publicValues);
  expect(checkTraces(keys.pk, traces)).to.equal(null);
  expect(imbalances(keys.pk, traces)).to.deep.equal([]);
  const { proof, publicValues } = await proveRecursion(keys.pk, built);
  expect(Array.from(publicValues)).to.deep.equal(Array.from(run.publicValues));
  expect(verifyRecursion(keys.vk, proof, publicValues)).to.deep.equal({ ok: true });
  return { ...keys, proof, publicValues, run };
}

/**
 * An evil prover: `forge` edits the memory the reference interpreter computed (and may
 * return other public values), the traces are generated from the forged memory, and the
 * proof is forced through (a quotient of too high a degree truncated rather than
 * refused). `editTraces` may change the traces afterwards.
 */
async function evilProve(
  built: BuiltProgram, forge: (mem: Uint32Array, pub: Uint32Array) => Uint32Array | void,
  editTraces?: (traces: TableTrace[]) => void,
) {
  const { pk, vk } = await keysFor(built.program);
  const run = runProgram(built.program, built.witness);
  const mem = run.memory.slice();
  const pub = forge(mem, run.publicValues.slice()) ?? run.publicValues;
  const traces = recursionTraces(built.program, mem, pub);
  editTraces?.(traces);
  const failure = checkTraces(pk, traces);
  const unbalanced = imbalances(pk, traces);
  const { proof } = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => prove(pk.stark, traces));
  return { verdict: verifyRecursion(vk, proof, pub), failure, unbalanced };
}

const table = (name: string) => recursionChips().findIndex((c) => c.name === name);
const bitsOf = (x: number) => Array.from({ length: BITS_PER_DECOMPOSITION }, (_, i) => (x >>> i) & 1);

/** A program with every operation kind, every opcode and the edge cases. */
function everyOp() {
  const b = new ProgramBuilder();
  // four base witnesses fill one witness-base row; the extension ones are witness blocks
  const x = b.witness(7), y = b.witness(P - 3), zero = b.witness(0), eleven = b.witness(11);
  const e = b.witness(Uint32Array.of(1, 2, 3, 4)), f = b.witness(Uint32Array.of(P - 1, 5, 0, 9));
  b.assertEq(eleven, b.constant(11), "eleven");
  const outs: Var[] = [];
  for (const op of [AluOp.Add, AluOp.Sub, AluOp.Mul]) {
    outs.push(b.baseAlu(op, x, y), b.extAlu(op, e, f), b.extAlu(op, e, x), b.extAlu(op, x, y));
  }
  b.assertEq(b.extAlu(AluOp.Mul, e, b.inv(e, true, "e")), b.constant(1), "e·e⁻¹");
  b.assertEq(b.extAlu(AluOp.Mul, f, b.inv(f, true, "f")), b.constant(1), "f·f⁻¹");
  b.assertEq(b.baseAlu(AluOp.Mul, y, b.inv(y, false, "y")), b.constant(1), "y·y⁻¹");
  const xe = b.inv(x, true, "x as an extension value"); // a base value through the extension inverse
  b.assertEq(xe, b.inv(x, false, "x"), "both inverses of x");
  const ePow = b.extAlu(AluOp.Mul, b.extAlu(AluOp.Mul, e, e), f);
  // fused multiply-add: extension and base operands in every position
  const fma = [b.extFma(e, f, e), b.extFma(x, e, f), b.extFma(e, y, x), b.extFma(x, y, zero)];
  b.assertEq(fma[0], b.extAlu(AluOp.Add, b.extAlu(AluOp.Mul, e, f), e), "fma = mul + add");
  b.assertEq(fma[3], b.baseAlu(AluOp.Mul, x, y), "base fma");
  // base-dot: acc + e·x + f·y + e·0 + x·11 (a base coefficient too), two rows chained
  const dot = b.baseDot(b.baseDot(f, [x, y, zero, eleven], [e, f, e, x]), [y, y, x, zero], [e, e, f, f]);
  const dotByHand = [[e, x], [f, y], [e, zero], [x, eleven], [e, y], [e, y], [f, x], [f, zero]].reduce((acc, [c, v]) => b.extFma(c, v, acc), f);
  b.assertEq(dot, dotByHand, "base-dot = fmas");
  const bits0 = b.bits(zero), bitsMax = b.bits(b.constant(P - 1)), bitsY = b.bits(y);
  const [s0, s1] = b.select(bits0[0], e, f); // bit 0: (e, f)
  const [t0, t1] = b.select(bitsMax[30], e, f); // bit 1: (f, e)
  const [u0] = b.select(bitsY[1], x, y);
  b.assertEq(s0, e, "select 0 keeps a");
  b.assertEq(t0, f, "select 1 swaps");
  b.assertEq(s1, f, "select 0 keeps b");
  b.assertEq(t1, e, "select 1 swaps back");
  // select-base: a digest-sized pair (two rows) under bit 1, then half of it under bit 0
  const da = [x, y, zero, eleven, y, x, eleven, zero], db = [y, zero, x, x, eleven, y, y, x];
  const [d0, d1] = b.selectBase(bitsMax[30], da, db);
  const [k0] = b.selectBase(bits0[0], da.slice(0, 4), db.slice(0, 4));
  d0.forEach((v, i) => b.assertEq(v, db[i], "select-base 1 swaps"));
  d1.forEach((v, i) => b.assertEq(v, da[i], "select-base 1 swaps back"));
  k0.forEach((v, i) => b.assertEq(v, da[i], "select-base 0 keeps a"));
  b.publicValue(outs[0]); // x + y
  b.publicValue(outs[8]); // x · y
  b.publicValue(u0);
  b.publicValue(bitsMax[27]);
  b.publicValue(zero);
  const hash = b.poseidon2(Array.from({ length: 16 }, (_, i) => (i === 0 ? x : i === 1 ? u0 : b.constant(i))));
  b.publicValue(hash[0]);
  b.publicValue(fma[3]); // x·y + 0
  b.publicValue(b.baseDot(zero, [x, y, x, y], [x, x, y, y])); // (x + y)^2 as a base value
  return { b, built: b.build(), ePow, bitsY, x, y, e, f };
}

describe("recursion chips", function () {
  this.timeout(300_000);

  it("every chip's AIR: degree at most 3 (two quotient chunks at the recursion preset's blowup 4), the memory bus everywhere", () => {
    const { built } = everyOp();
    for (const c of recursionChips()) {
      const air = c.air(built.program);
      expect(air.maxDegree, c.name).to.be.at.most(3);
      expect(air.interactions.some((it) => it.bus === "recursion.mem"), c.name).to.equal(true);
    }
    expect(RECURSION_CONFIG.logBlowup).to.equal(2);
    expect(securityOf(RECURSION_CONFIG, 20).conjecturedBits).to.be.at.least(100);
  });

  it("a program with every operation is proved and verified; its public values are the interpreter's", async () => {
    const { built, b, x, y } = everyOp();
    const { publicValues } = await proveOk(built);
    const u0 = bitsOf(P - 3)[1] ? P - 3 : 7;
    const state = Uint32Array.from({ length: 16 }, (_, i) => (i === 0 ? 7 : i === 1 ? u0 : i));
    poseidon2Permute(state);
    expect(Array.from(publicValues)).to.deep.equal([add(7, P - 3), mul(7, P - 3), u0, 1, 0, state[0], mul(7, P - 3), mul(add(7, P - 3), add(7, P - 3))]);
    expect(b.baseValue(x)).to.equal(7);
    expect(b.baseValue(y)).to.equal(P - 3);
    const shape = recursionShape(built.program);
    for (const s of shape) if (s.chip !== "const" && s.chip !== "anchor") expect(s.ops, s.chip).to.be.greaterThan(0);
  });

  it("edge values: bits of 0 and of p - 1, inverses of extension values, both select bits", () => {
    const { b, built, bitsY, e, f, ePow } = everyOp();
    expect(bitsY.map((v) => b.baseValue(v))).to.deep.equal(bitsOf(P - 3));
    const bitsOfMax = Array.from(built.program.bits.out.subarray(31, 62), (a) => built.memory[4 * a]);
    expect(bitsOfMax).to.deep.equal(bitsOf(P - 1)); // 15·2^27: the top four bits, nothing below
    const bitsOfZero = Array.from(built.program.bits.out.subarray(0, 31), (a) => built.memory[4 * a]);
    expect(bitsOfZero.every((v) => v === 0)).to.equal(true);
    expect(Array.from(b.value(ePow))).to.deep.equal(Array.from(extMul(extMul(b.value(e), b.value(e)), b.value(f))));
    expect(Array.from(extMul(b.value(f), extInv(b.value(f))))).to.deep.equal([1, 0, 0, 0]);
  });

  it("the recursion preset: a program proved and verified at 100 bits", async () => {
    const b = new ProgramBuilder();
    const x = b.witness(12345);
    b.publicValue(b.baseAlu(AluOp.Mul, x, b.inv(b.baseAlu(AluOp.Add, x, b.constant(1)), false, "x+1")));
    const { proof, vk } = await proveOk(b.build(), RECURSION_CONFIG);
    expect(proof.config).to.deep.equal(RECURSION_CONFIG);
    expect(vk.stark.config).to.deep.equal({ ...RECURSION_CONFIG });
  });

  it("reads up to READ_CAP, with copies beyond, balance the bus", async () => {
    const b = new ProgramBuilder();
    const x = b.witness(5);
    const c = b.constant(9);
    let acc = b.constant(0);
    for (let i = 0; i < READ_CAP + 40; i++) acc = b.baseAlu(AluOp.Add, acc, b.baseAlu(AluOp.Mul, x, c));
    b.publicValue(acc);
    const built = b.build();
    expect(Math.max(...built.program.reads)).to.equal(READ_CAP);
    const { publicValues } = await proveOk(built);
    expect(publicValues[0]).to.equal(((READ_CAP + 40) * 45) % P);
  });

  it("a program with no operation of some kinds, and one with no public value, is proved", async () => {
    const b = new ProgramBuilder();
    b.assertEq(b.witness(3), b.constant(3), "three");
    await proveOk(b.build());
  });

  it("a program with poseidon2 operations (chained, an input repeated) is proved with the poseidon2 chip in the set", async () => {
    const b = new ProgramBuilder();
    const x = b.witness(3);
    const first = b.poseidon2(Array.from({ length: 16 }, (_, i) => (i < 2 ? x : b.constant(i))));
    const second = b.poseidon2(first.map((v, i) => (i === 15 ? x : v)));
    b.publicValue(second[0]);
    b.publicValue(b.bits(first[1])[30]);
    const built = b.build();
    const state = Uint32Array.from({ length: 16 }, (_, i) => (i < 2 ? 3 : i));
    poseidon2Permute(state);
    state[15] = 3;
    poseidon2Permute(state);
    const { publicValues } = await proveOk(built);
    expect(publicValues[0]).to.equal(state[0]);
    expect(recursionShape(built.program).find((s) => s.chip === "poseidon2")).to.deep.equal({ chip: "poseidon2", ops: 2, rows: 16 });
  });

  it("a forged poseidon2 output (the chip computes its outputs from its inputs) leaves the bus unbalanced", async () => {
    const b = new ProgramBuilder();
    const out = b.poseidon2(Array.from({ length: 16 }, (_, i) => b.witness(i)));
    b.publicValue(out[5]);
    const built = b.build();
    const { verdict, unbalanced } = await evilProve(built, (mem, pub) => {
      mem[4 * out[5].addr] = add(mem[4 * out[5].addr], 1);
      pub[0] = mem[4 * out[5].addr];
      return pub;
    });
    expect(unbalanced.length).to.be.greaterThan(0);
    expect(verdict.ok).to.equal(false);
  });

  it("setup refuses a malformed program: a wrong read count, a read before the write, a double write, short columns, an unknown opcode", () => {
    const { built } = everyOp();
    const p1 = structuredClone(built.program);
    p1.reads[0]++;
    expect(() => validateProgram(p1)).to.throw(RecursionProgramError, /read 4 times, the program says 5|the program says/);
    const p2 = structuredClone(built.program);
    p2.baseAlu.a[0] = p2.numAddrs - 1;
    expect(() => validateProgram(p2)).to.throw(RecursionProgramError, /before it is written/);
    const p3 = structuredClone(built.program);
    p3.baseAlu.out[1] = p3.baseAlu.out[0];
    expect(() => validateProgram(p3)).to.throw(RecursionProgramError, /second time/);
    const p4 = structuredClone(built.program);
    p4.bits.out = p4.bits.out.slice(0, 30);
    expect(() => validateProgram(p4)).to.throw(RecursionProgramError, /bits columns differ/);
    const p5 = structuredClone(built.program);
    p5.extAlu.opcode[0] = 3;
    expect(() => validateProgram(p5)).to.throw(RecursionProgramError, /opcode 3/);
    const p6 = structuredClone(built.program);
    p6.extFma.c = p6.extFma.c.slice(1);
    expect(() => validateProgram(p6)).to.throw(RecursionProgramError, /ext-fma columns differ/);
    const p7 = structuredClone(built.program);
    p7.extFma.c[0] = p7.numAddrs - 1;
    expect(() => validateProgram(p7)).to.throw(RecursionProgramError, /ext-fma #0\): reads address .* before it is written/);
  });

  describe("negative twins", () => {
    it("a forged base-ALU output (read by a public value, claimed as such) is rejected", async () => {
      const b = new ProgramBuilder();
      const r = b.baseAlu(AluOp.Mul, b.witness(6), b.witness(7));
      b.publicValue(r);
      const built = b.build();
      await proveOk(built);
      const { verdict, failure, unbalanced } = await evilProve(built, (mem, pub) => {
        mem[4 * r.addr] = 43;
        pub[0] = 43;
        return pub;
      });
      expect(failure).to.include({ table: "recursion.base-alu", constraint: "base alu result", row: 0 });
      expect(unbalanced).to.deep.equal([]);
      expect(verdict.ok).to.equal(false);
    });

    it("a forged extension product and a forged extension inverse are rejected", async () => {
      const b = new ProgramBuilder();
      const e = b.witness(Uint32Array.of(1, 2, 3, 4)), f = b.witness(Uint32Array.of(5, 6, 7, 8));
      const prod = b.extAlu(AluOp.Mul, e, f);
      const ei = b.inv(e, true, "e");
      const built = b.build();
      await proveOk(built);
      const r1 = await evilProve(built, (mem) => {
        mem[4 * prod.addr + 2] = add(mem[4 * prod.addr + 2], 1);
      });
      expect(r1.failure).to.include({ table: "recursion.ext-alu", constraint: "ext alu result 2" });
      expect(r1.verdict.ok).to.equal(false);
      const r2 = await evilProve(built, (mem) => {
        mem[4 * ei.addr + 3] = sub(mem[4 * ei.addr + 3], 1);
      });
      expect(r2.failure?.table).to.equal("recursion.inv");
      expect(r2.failure?.constraint).to.match(/^a·out = 1/);
      expect(r2.verdict.ok).to.equal(false);
    });

    it("a forged fused multiply-add (each coordinate; the addend left out) is rejected", async () => {
      const b = new ProgramBuilder();
      const e = b.witness(Uint32Array.of(1, 2, 3, 4)), f = b.witness(Uint32Array.of(5, 6, 7, 8)), g = b.witness(Uint32Array.of(9, 10, 11, 12));
      const out = b.extFma(e, f, g); // read by nobody: only its own row can object
      const prod = b.extAlu(AluOp.Mul, e, f);
      const built = b.build();
      await proveOk(built);
      for (const i of [0, 3]) {
        const r = await evilProve(built, (mem) => {
          mem[4 * out.addr + i] = add(mem[4 * out.addr + i], 1);
        });
        expect(r.failure).to.include({ table: "recursion.ext-fma", constraint: `ext fma result ${i}` });
        expect(r.verdict.ok).to.equal(false);
      }
      // out = a·b (the addend dropped), every reader regenerated from that memory
      const r = await evilProve(built, (mem) => {
        for (let j = 0; j < 4; j++) mem[4 * out.addr + j] = mem[4 * prod.addr + j];
      });
      expect(r.failure?.table).to.equal("recursion.ext-fma");
      expect(r.verdict.ok).to.equal(false);
    });

    it("a forged dot product (each coordinate; a term left out) is rejected", async () => {
      const b = new ProgramBuilder();
      const e = b.witness(Uint32Array.of(1, 2, 3, 4)), f = b.witness(Uint32Array.of(5, 6, 7, 8)), g = b.witness(Uint32Array.of(9, 10, 11, 12));
      const v = [b.witness(3), b.witness(5), b.witness(7), b.witness(P - 2)];
      const out = b.baseDot(g, v, [e, f, e, f]); // read by nobody: only its own row can object
      const short = b.baseDot(g, [v[0], v[1], v[2], b.constant(0)], [e, f, e, f]);
      const built = b.build();
      await proveOk(built);
      for (const i of [0, 3]) {
        const r = await evilProve(built, (mem) => {
          mem[4 * out.addr + i] = add(mem[4 * out.addr + i], 1);
        });
        expect(r.failure).to.include({ table: "recursion.base-dot", constraint: `dot result ${i}` });
        expect(r.verdict.ok).to.equal(false);
      }
      // the last term dropped, every reader regenerated from that memory
      const r = await evilProve(built, (mem) => {
        for (let j = 0; j < 4; j++) mem[4 * out.addr + j] = mem[4 * short.addr + j];
      });
      expect(r.failure?.table).to.equal("recursion.base-dot");
      expect(r.verdict.ok).to.equal(false);
    });

    it("a forged base inverse of 0 (any out: a·out = 0 ≠ 1) is rejected", async () => {
      const b = new ProgramBuilder();
      const w = b.witness(5);
      b.inv(w, false, "w");
      const built = b.build();
      const { verdict, failure } = await evilProve(built, (mem) => {
        mem[4 * w.addr] = 0; // the witness is 0: the interpreter would refuse; its "inverse" stays 1/5
      });
      expect(failure).to.include({ table: "recursion.inv", constraint: "a·out = 1 (0)" });
      expect(verdict.ok).to.equal(false);
    });

    it("the 31-bit pattern of x + p as the bits of x is rejected by the canonical check alone", async () => {
      const b = new ProgramBuilder();
      const x = b.witness(5);
      const bits = b.bits(x);
      b.publicValue(bits[0]);
      const built = b.build();
      await proveOk(built);
      const forged = bitsOf(5 + P); // < 2^31: top four bits set, low bits 6
      expect(forged.slice(27)).to.deep.equal([1, 1, 1, 1]);
      const { verdict, failure, unbalanced } = await evilProve(built, (mem, pub) => {
        bits.forEach((v, i) => (mem[4 * v.addr] = forged[i]));
        pub[0] = forged[0];
        return pub;
      });
      expect(failure).to.include({ table: "recursion.bits", constraint: "canonical: below p", row: 0 });
      expect(unbalanced).to.deep.equal([]); // the bits do sum to x in the field
      expect(verdict.ok).to.equal(false);
    });

    it("a non-boolean select bit (2, with the outputs a + 2(b - a) and b + 2(a - b)) is rejected", async () => {
      const b = new ProgramBuilder();
      const bit = b.witness(1), x = b.witness(10), y = b.witness(20);
      const [o0, o1] = b.select(bit, x, y);
      b.publicValue(o0);
      b.publicValue(o1);
      const built = b.build();
      await proveOk(built);
      const { verdict, failure, unbalanced } = await evilProve(built, (mem) => {
        mem[4 * bit.addr] = 2;
        mem[4 * o0.addr] = 30; // 10 + 2·(20 - 10)
        mem[4 * o1.addr] = 0; // 10 + 20 - 30
        return Uint32Array.of(30, 0);
      });
      expect(failure).to.include({ table: "recursion.select", constraint: "bit is 0/1", row: 0 });
      expect(unbalanced).to.deep.equal([]);
      expect(verdict.ok).to.equal(false);
    });

    it("select-base: a non-boolean bit, and a swap left undone under bit 1, are rejected", async () => {
      const b = new ProgramBuilder();
      const bit = b.witness(1), xs = [10, 11, 12, 13].map((v) => b.witness(v)), ys = [20, 21, 22, 23].map((v) => b.witness(v));
      const [o0, o1] = b.selectBase(bit, xs, ys);
      b.publicValue(o0[2]);
      b.publicValue(o1[2]);
      const built = b.build();
      await proveOk(built);
      const nonBoolean = await evilProve(built, (mem) => {
        mem[4 * bit.addr] = 2;
        // each lane consistent with bit 2: o0 = a + 2(b - a), o1 = a + b - o0
        o0.forEach((v, i) => (mem[4 * v.addr] = 10 + i + 2 * 10));
        o1.forEach((v, i) => (mem[4 * v.addr] = sub(30 + 2 * i, 30 + i)));
        return Uint32Array.of(32, sub(34, 32));
      });
      expect(nonBoolean.failure).to.include({ table: "recursion.select-base", constraint: "bit is 0/1", row: 0 });
      expect(nonBoolean.unbalanced).to.deep.equal([]);
      expect(nonBoolean.verdict.ok).to.equal(false);
      const unswapped = await evilProve(built, (mem) => {
        o0.forEach((v, i) => (mem[4 * v.addr] = 10 + i));
        o1.forEach((v, i) => (mem[4 * v.addr] = 20 + i));
        return Uint32Array.of(12, 22);
      });
      expect(unswapped.failure).to.include({ table: "recursion.select-base", constraint: "out0 0", row: 0 });
      expect(unswapped.verdict.ok).to.equal(false);
    });

    it("a read of a value nobody wrote leaves the memory bus unbalanced", async () => {
      const b = new ProgramBuilder();
      b.baseAlu(AluOp.Add, b.witness(1), b.witness(2)); // the output is never read
      const built = b.build();
      const t = table("base-alu");
      const { verdict, failure, unbalanced } = await evilProve(built, () => {}, (traces) => {
        const [a, , out] = traces[t].main;
        a[0] = 5; // reads (addr of the first witness, 5): written as 1
        out[0] = 7; // 5 + 2: the row's own constraint holds
      });
      expect(failure).to.equal(null);
      expect(unbalanced.map((u) => [u.bus, u.tuple[1], u.net])).to.have.deep.members([["recursion.mem", 5, -1], ["recursion.mem", 1, 1]]);
      expect(verdict).to.include({ ok: false, check: "bus" });
    });

    it("the anchor holds zeros: a non-zero cell is named by the checker, and forced through the prover it is rejected", async () => {
      const b = new ProgramBuilder();
      b.publicValue(b.baseAlu(AluOp.Add, b.witness(1), b.witness(2)));
      const built = withAnchor(b.build(), 6);
      const t = table("anchor");
      const { verdict, failure } = await evilProve(built, () => {}, (traces) => {
        expect(traces[t].main[0].length).to.equal(64);
        traces[t].main[0][37] = 1;
      });
      expect(failure).to.include({ table: "recursion.anchor", constraint: "the anchor holds zeros", row: 37 });
      expect(verdict.ok).to.equal(false);
    });

    it("a wrong public value is rejected, claimed beside the proof or carried in it", async () => {
      const { built } = everyOp();
      const { vk, proof, publicValues } = await proveOk(built);
      const wrong = publicValues.slice();
      wrong[2] = add(wrong[2], 1);
      expect(verifyRecursion(vk, proof, wrong)).to.include({ ok: false, check: "public-values" });
      expect(verifyRecursion(vk, proof, publicValues.slice(1))).to.include({ ok: false, check: "public-values" });
      // a prover that carries the wrong value in the proof, its shift register honest: the first row disagrees
      const r = await evilProve(built, (_mem, pub) => {
        pub[2] = add(pub[2], 1);
        return pub;
      });
      expect(r.failure).to.include({ table: "recursion.public", constraint: "public 2 on the first row", row: 0 });
      expect(r.unbalanced).to.deep.equal([]);
      expect(r.verdict.ok).to.equal(false);
      // ... and with the register shifting the wrong value in: row 2 reads a value nobody wrote
      const r2 = await evilProve(built, (_mem, pub) => {
        pub[2] = add(pub[2], 1);
        return pub;
      }, (traces) => {
        const s = traces[PUBLIC_TABLE].main;
        for (let j = 0; j <= 2; j++) s[j][2 - j] = add(s[j][2 - j], 1);
      });
      expect(r2.failure).to.equal(null);
      expect(r2.unbalanced.map((u) => [u.bus, u.net])).to.have.deep.members([["recursion.mem", -1], ["recursion.mem", 1]]);
      expect(r2.verdict).to.include({ ok: false, check: "bus" });
    });

    it("another program (one constant changed) has another key: neither proof verifies under the other's key", async () => {
      const make = (c: number) => {
        const b = new ProgramBuilder();
        b.publicValue(b.baseAlu(AluOp.Add, b.witness(1), b.constant(c)));
        return b.build();
      };
      const A = make(10), B = make(11);
      const a = await proveOk(A);
      const bb = await proveOk(B);
      expect(Array.from(a.vk.stark.digest)).to.not.deep.equal(Array.from(bb.vk.stark.digest));
      expect(verifyRecursion(bb.vk, a.proof, a.publicValues)).to.include({ ok: false, check: "vk" });
      expect(verifyRecursion(a.vk, bb.proof, bb.publicValues)).to.include({ ok: false, check: "vk" });
      // a proof made under A's key with B's tables' digest swapped in still fails
      const forged = { ...a.proof, vkDigest: bb.vk.stark.digest };
      expect(verifyRecursion(bb.vk, forged, a.publicValues).ok).to.equal(false);
      await expectRejects(proveRecursion(a.pk, B), /not the one the key was made for/);
    });

    it("one flipped main cell in any chip's real row is named by the checker or the bus debugger", async () => {
      const { built } = everyOp();
      const { pk } = await keysFor(built.program);
      const run = runProgram(built.program, built.witness);
      const traces = recursionTraces(built.program, run.memory, run.publicValues);
      recursionChips().forEach((c, t) => {
        const width = traces[t].main.length; // const: none, nothing but the key
        const step = width > 40 ? 23 : 1; // poseidon2: every 23rd of its 298 columns
        for (let k = 0; k < width; k += step) {
          const copy = traces.map((tr, i) => (i === t ? { ...tr, main: tr.main.map((col, j) => (j === k ? col.slice() : col)) } : tr));
          copy[t].main[k][0] = add(copy[t].main[k][0], 1);
          const named = checkTraces(pk, copy, t) !== null || imbalances(pk, copy).length > 0;
          expect(named, `${c.name} column ${k}`).to.equal(true);
        }
      });
    });
  });

  it("the public values are plain AIR public values: the STARK verifier alone accepts the proof", async () => {
    const { built } = everyOp();
    const { vk, proof, publicValues } = await proveOk(built);
    expect(verify(vk.stark, proof)).to.deep.equal({ ok: true });
    expect(Array.from(proof.tables[PUBLIC_TABLE].publicValues)).to.deep.equal(Array.from(publicValues));
  });
});

async function expectRejects(p: Promise<unknown>, re: RegExp) {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(String(err)).to.match(re);
}
