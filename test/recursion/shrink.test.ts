// The narrow shrink table (wrapper/recursion/shrink/): a program with every operation
// kind, 53 public values (all four public rows) and two Poseidon2 permutations is proved
// under the poseidon-bn254 suite and verified; a tampered proof, a wrong public value, a
// wrong ALU result, a forged Poseidon2 round, a forged Poseidon2 output, a non-canonical
// bit decomposition and another program's key are refused (the first forgeries proved
// and put to the verifier, the others shown caught by a constraint or the bus).
// RECURSION_PROVE_ALL=1 adds the recorded verifier of a Fibonacci proof (a real verifier
// program, ~4.5k operations) proved by the narrow table.
import { expect } from "chai";
import { ProgramBuilder, type BuiltProgram, type Var } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { AluOp, BITS_PER_DECOMPOSITION } from "../../wrapper/recursion/program.ts";
import { recordVerifier } from "../../wrapper/recursion/verifier-program.ts";
import {
  setupShrink, proveShrink, verifyShrink, SHRINK_TEST_CONFIG_INSECURE, SHRINK_CONFIG, type ShrinkProvingKey, type ShrinkVerifyingKey,
} from "../../wrapper/recursion/shrink/prove.ts";
import { shrinkAir, shrinkColumns, shrinkMain, shrinkPlan, shrinkPreprocessed, MAX_PUBLIC, P2_ROWS, S } from "../../wrapper/recursion/shrink/table.ts";
import { prove, setup, verify, TEST_CONFIG_INSECURE, type StarkProof, type TableTrace } from "../../prover/stark/index.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { generateAux } from "../../prover/air/logup.ts";
import { findImbalances } from "../../prover/chips/bus-debug.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { P, add } from "../../prover/field/babybear.ts";

const CONFIG = SHRINK_TEST_CONFIG_INSECURE;

/** Every operation kind and opcode (a base-dot too), base and extension inverses, bits of 0 and p - 1,
 * selects both ways (and select-base lanes), two chained permutations, `pubs` public values. */
function everyOp(pubs: number) {
  const b = new ProgramBuilder();
  const x = b.witness(7), y = b.witness(P - 3), zero = b.witness(0);
  const e = b.witness(Uint32Array.of(1, 2, 3, 4)), f = b.witness(Uint32Array.of(P - 1, 5, 0, 9));
  const outs: Var[] = [];
  for (const op of [AluOp.Add, AluOp.Sub, AluOp.Mul]) outs.push(b.baseAlu(op, x, y), b.extAlu(op, e, f), b.extAlu(op, e, x));
  // fused multiply-adds: laid out as a mul into an address past the program's and an add
  const fma = b.extFma(e, f, x), fmaBase = b.extFma(x, y, y);
  b.assertEq(fma, b.extAlu(AluOp.Add, outs[7], x), "fma = e·f + x");
  b.assertEq(fmaBase, b.baseAlu(AluOp.Add, outs[6], y), "fma = x·y + y");
  // a base-dot: its four terms' fmas, the partial sums at addresses of the table's own
  const dot = b.baseDot(f, [x, y, zero, x], [e, f, e, x]);
  b.assertEq(dot, [[e, x], [f, y], [e, zero], [x, x]].reduce((acc, [c, v]) => b.extFma(c, v, acc), f), "base-dot = fmas");
  b.assertEq(b.extAlu(AluOp.Mul, e, b.inv(e, true, "e")), b.constant(1), "e·e⁻¹");
  b.assertEq(b.baseAlu(AluOp.Mul, y, b.inv(y, false, "y")), b.constant(1), "y·y⁻¹");
  const bits0 = b.bits(zero), bitsMax = b.bits(b.constant(P - 1)), bitsX = b.bits(x);
  const [s0, s1] = b.select(bits0[0], e, f);
  const [t0] = b.select(bitsMax[30], e, f);
  b.assertEq(s0, e, "select 0 keeps a");
  b.assertEq(s1, f, "select 0 keeps b");
  b.assertEq(t0, f, "select 1 swaps");
  // select-base lanes: each a select row of the table under its row's bit
  const [g0, g1] = b.selectBase(bitsMax[30], [x, y, zero, x], [y, x, x, zero]);
  b.assertEq(g0[0], y, "select-base 1 swaps");
  b.assertEq(g1[3], x, "select-base 1 swaps back");
  let h = b.poseidon2(Array.from({ length: 16 }, (_, i) => (i === 0 ? x : i === 1 ? bitsX[2] : b.constant(i))));
  h = b.poseidon2(h);
  const sum = b.baseAlu(AluOp.Add, outs[0], h[0]);
  for (let k = 0; k < pubs; k++) b.publicValue(k === 0 ? sum : k % 2 ? h[k % 16] : outs[3 * (k % 3)]);
  return { built: b.build(), outs, fma };
}

const challenges = Uint32Array.from({ length: 8 }, (_, i) => 1000003 * (i + 7));
function firstFailure(pk: ShrinkProvingKey, trace: TableTrace) {
  const air = pk.stark.vk.airs[0];
  const prep = pk.stark.prep[0]!.trace;
  const { aux, auxPublic } = generateAux(air, trace.main, prep, trace.publicValues, challenges);
  return air.check({ main: trace.main, preprocessed: prep, aux, publicValues: trace.publicValues, challenges, auxPublic });
}
function imbalances(pk: ShrinkProvingKey, trace: TableTrace) {
  return findImbalances(pk.stark.vk.airs, [{ ...trace, prep: pk.stark.prep[0]!.trace }]);
}

describe("recursion shrink: the narrow table", function () {
  this.timeout(300_000);
  const { built, outs, fma } = everyOp(53);
  let keys: { pk: ShrinkProvingKey; vk: ShrinkVerifyingKey };
  let good: { proof: StarkProof; publicValues: Uint32Array };

  /** The main trace from a (possibly forged) memory, its public values as claimed. */
  function traceOf(memory: Uint32Array, publicValues: Uint32Array): TableTrace {
    return { main: shrinkMain(built.program, keys.pk.plan, memory), publicValues };
  }
  /** Proves a forged trace anyway (a too-high-degree quotient truncated) and verifies it. */
  async function evil(trace: TableTrace) {
    const { proof } = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => prove(keys.pk.stark, [trace]));
    return verifyShrink(keys.vk, proof, trace.publicValues);
  }

  before(async () => {
    keys = await setupShrink(built.program, CONFIG);
  });

  it("is narrow: 29 main + 24 preprocessed columns, 3 LogUp columns, degree 8 (blowup 8 at least; the wrap preset has 64)", () => {
    const air = shrinkAir(keys.pk.plan.shape);
    const cols = shrinkColumns(air);
    expect(cols).to.deep.equal({ prep: 24, main: 29, aux: 16, quotient: 28, total: 97 });
    expect(air.maxDegree).to.equal(8);
    expect(SHRINK_CONFIG.hashSuite).to.equal("poseidon-bn254");
    expect(1 << SHRINK_CONFIG.logBlowup).to.be.at.least(air.maxDegree - 1);
    expect(CONFIG.hashSuite).to.equal("poseidon-bn254");
    expect(MAX_PUBLIC).to.equal(61);
  });

  it("proves a program with every operation and 53 public values; the proof verifies with the interpreter's public values", async () => {
    const run = runProgram(built.program, built.witness);
    const trace = traceOf(run.memory, run.publicValues);
    expect(firstFailure(keys.pk, trace)).to.equal(null);
    expect(imbalances(keys.pk, trace)).to.deep.equal([]);
    good = await proveShrink(keys.pk, built);
    expect(Array.from(good.publicValues)).to.deep.equal(Array.from(run.publicValues));
    expect(verifyShrink(keys.vk, good.proof, good.publicValues)).to.deep.equal({ ok: true });
  });

  it("refuses a tampered proof and a wrong public value", () => {
    const t = structuredClone(good.proof);
    t.queries[0].main!.rows[0][3] = add(t.queries[0].main!.rows[0][3], 1); // an opened main value
    expect(verifyShrink(keys.vk, t, good.publicValues).ok).to.equal(false);
    const o = structuredClone(good.proof);
    o.tables[0].openings.mainZ[5] = add(o.tables[0].openings.mainZ[5], 1); // a main value at z
    expect(verifyShrink(keys.vk, o, good.publicValues).ok).to.equal(false);
    const wrong = good.publicValues.slice();
    wrong[7] = add(wrong[7], 1);
    const claimed = verifyShrink(keys.vk, good.proof, wrong);
    expect(claimed.ok).to.equal(false);
    // the proof's own public values edited too: the pinning constraint fails
    const edited = structuredClone(good.proof);
    edited.tables[0].publicValues[7] = wrong[7];
    expect(verifyShrink(keys.vk, edited, wrong).ok).to.equal(false);
  });

  it("refuses a proof of a wrong public value (trace lanes hold the memory's, the AIR public value another)", async () => {
    const run = runProgram(built.program, built.witness);
    const pub = run.publicValues.slice();
    pub[50] = add(pub[50], 1); // a last-row public
    const trace = traceOf(run.memory, pub);
    expect(firstFailure(keys.pk, trace)?.constraint).to.equal("public 50");
    expect((await evil(trace)).ok).to.equal(false);
  });

  it("refuses a trace of a wrong ALU result (proved anyway: the verifier rejects it)", async () => {
    const run = runProgram(built.program, built.witness);
    const mem = run.memory.slice();
    mem[4 * outs[4].addr + 2] = add(mem[4 * outs[4].addr + 2], 1); // e - f, limb 2
    const trace = traceOf(mem, run.publicValues);
    expect(firstFailure(keys.pk, trace)?.constraint).to.equal("alu out 2");
    expect((await evil(trace)).ok).to.equal(false);
  });

  it("refuses a forged fused multiply-add: its product row or its sum row (proved anyway)", async () => {
    const run = runProgram(built.program, built.witness);
    const mem = run.memory.slice();
    mem[4 * fma.addr + 1] = add(mem[4 * fma.addr + 1], 1);
    const trace = traceOf(mem, run.publicValues);
    expect(firstFailure(keys.pk, trace)?.constraint).to.equal("alu out 1");
    expect((await evil(trace)).ok).to.equal(false);
    // the product's cells (written at an address past the program's, read once by the add row)
    const honest = traceOf(run.memory, run.publicValues);
    const plan = keys.pk.plan;
    const productRow = honest.main[8].findIndex((_, r) => keys.pk.stark.prep[0]!.trace[S.addrOut][r] === plan.fmaTemp);
    expect(productRow).to.be.greaterThan(0);
    const forged = { ...honest, main: honest.main.map((c) => c.slice()) };
    forged.main[8][productRow] = add(forged.main[8][productRow], 1);
    expect(firstFailure(keys.pk, forged)?.constraint).to.equal("alu out 0");
    expect((await evil(forged)).ok).to.equal(false);
  });

  it("refuses a forged Poseidon2 round (proved anyway) and a forged output", async () => {
    const run = runProgram(built.program, built.witness);
    const trace = traceOf(run.memory, run.publicValues);
    const row = keys.pk.plan.p2Start + 3; // after external round 1 of the first permutation
    trace.main[5][row] = add(trace.main[5][row], 1);
    expect(firstFailure(keys.pk, trace)?.constraint).to.match(/^p2 round/);
    expect((await evil(trace)).ok).to.equal(false);
    // an output word forged in memory (so every reader agrees): the last round breaks
    const mem = run.memory.slice();
    const o = built.program.poseidon2.output[16 + 3]; // second permutation, lane 3
    mem[4 * o] = add(mem[4 * o], 1);
    const claimed = Uint32Array.from(built.program.public.a, (a) => mem[4 * a]); // the forged publics, so only the rounds can object
    const forged = traceOf(mem, claimed);
    // the trace generator recomputes the rounds from the inputs, so write the forged output on the output row
    forged.main[3][keys.pk.plan.p2Start + P2_ROWS + 10] = mem[4 * o];
    const f = firstFailure(keys.pk, forged);
    expect(f?.constraint).to.match(/^p2 round/);
  });

  it("refuses a non-canonical bit decomposition (the bits of x + p) and an unbalanced read", () => {
    const run = runProgram(built.program, built.witness);
    const mem = run.memory.slice();
    const x = 7, alias = x + P; // < 2^31: its bits also sum to x mod p
    const row = built.program.bits.a.length - 1; // the bits of x
    for (let i = 0; i < BITS_PER_DECOMPOSITION; i++) mem[4 * built.program.bits.out[BITS_PER_DECOMPOSITION * row + i]] = Math.floor(alias / 2 ** i) % 2;
    const trace = traceOf(mem, run.publicValues);
    expect(firstFailure(keys.pk, trace)?.constraint).to.match(/canonical/);
    // a value nobody wrote: a select operand, and a witness block riding on a host row, changed in the trace only
    const plan = keys.pk.plan, prep = keys.pk.stark.prep[0]!.trace;
    const selRow = prep[10].findIndex((v, r) => v === 1 && prep[16][r] === 1); // s10 select, isAlu
    const hostRow = prep[6].findIndex((v, r) => v > 0 && prep[16][r] === 1 && prep[10][r] === 0); // a witness on out1
    expect(selRow).to.be.within(plan.aluStart, plan.bitsStart - 1);
    expect(hostRow).to.be.within(plan.aluStart, plan.bitsStart - 1);
    for (const [r, c] of [[selRow, 0], [hostRow, 14]]) {
      const t2 = traceOf(run.memory, run.publicValues);
      t2.main[c][r] = add(t2.main[c][r], 1);
      expect(imbalances(keys.pk, t2).length, `row ${r} column ${c}`).to.be.greaterThan(0);
    }
  });

  it("lays out witnesses beyond the host rows two to a row (an odd count): the trace checks and balances", () => {
    const b = new ProgramBuilder();
    const ws = Array.from({ length: 35 }, (_, i) => b.witness(i * 1000 + 1));
    const h1 = b.poseidon2(ws.slice(0, 16)), h2 = b.poseidon2(ws.slice(16, 32));
    b.publicValue(b.extAlu(AluOp.Add, ws[32], h1[0]));
    b.publicValue(b.baseAlu(AluOp.Mul, ws[33], h2[1]));
    b.publicValue(b.constant(5));
    // two extension witnesses (witness blocks beside the 9 witness-base rows' 36 lanes)
    b.assertEq(b.witness(Uint32Array.of(9, 8, 7, 6)), b.witness(Uint32Array.of(9, 8, 7, 6)), "ew");
    const built2 = b.build();
    const plan = shrinkPlan(built2.program);
    const air = shrinkAir(plan.shape), prep = shrinkPreprocessed(built2.program, plan);
    const run = runProgram(built2.program, built2.witness);
    const main = shrinkMain(built2.program, plan, run.memory);
    const { aux, auxPublic } = generateAux(air, main, prep, run.publicValues, challenges);
    expect(air.check({ main, preprocessed: prep, aux, publicValues: run.publicValues, challenges, auxPublic })).to.equal(null);
    expect(findImbalances([air], [{ main, prep, publicValues: run.publicValues }])).to.deep.equal([]);
    // some rows carry no op: the leftover witnesses
    const bare = prep[16].filter((v, r) => v === 1 && prep.slice(7, 15).every((c) => c[r] === 0)).length;
    expect(bare).to.be.greaterThan(10);
    const q = built2.program;
    const hosts = q.const.out.length + (plan.zeroAddr >= 0 ? 1 : 0) + q.baseAlu.out.length + q.extAlu.out.length + q.inv.out.length + q.assertEq.a.length;
    expect((q.witness.out.length + q.witnessBase.out.length - hosts) % 2, "an odd number of leftover witnesses").to.equal(1);
  });

  it("refuses another program's key", async () => {
    const other = everyOp(5);
    const k2 = await setupShrink(other.built.program, CONFIG);
    expect(verifyShrink(k2.vk, good.proof, good.publicValues).ok).to.equal(false);
    expect(() => shrinkPlan(everyOp(MAX_PUBLIC + 1).built.program)).to.throw(/public values/);
  });

  (process.env.RECURSION_PROVE_ALL ? it : it.skip)("proves the recorded verifier of a Fibonacci proof (RECURSION_PROVE_ALL=1)", async () => {
    const inner = await setup(TEST_CONFIG_INSECURE, [fibonacciAir]);
    const { proof } = await prove(inner, [fibonacciTrace(4, 0, 1)]);
    const rec: BuiltProgram = recordVerifier(inner.vk, proof);
    const k = await setupShrink(rec.program, CONFIG);
    const r = await proveShrink(k.pk, rec);
    expect(verifyShrink(k.vk, r.proof, r.publicValues)).to.deep.equal({ ok: true });
    expect(verify(k.vk.stark, r.proof)).to.deep.equal({ ok: true });
    console.log(`      ${rec.program.order.kind.length} operations in ${k.pk.plan.usedRows} rows (2^${k.pk.plan.logRows})`);
  });
});

