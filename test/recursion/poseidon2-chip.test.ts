// The recursion VM's Poseidon2 chip (wrapper/recursion/chips/poseidon2.ts): its rows are
// the reference permutation, the debug checker accepts the traces of real programs and
// names a flipped cell, and a STARK of the table alone (the memory side supplied by the
// verifier as LogUp terms) verifies, while a forged output, a forged intermediate state
// or a forged memory value is rejected, and another program gives another key.
import { expect } from "chai";
import { ProgramBuilder } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { AluOp, READ_CAP, type RecursionProgram } from "../../wrapper/recursion/program.ts";
import {
  poseidon2Air, poseidon2Trace, poseidon2Preprocessed, poseidon2Main, poseidon2LogRows, BUS_RECURSION_MEM,
  POSEIDON2_MAIN_COLUMNS, POSEIDON2_PREPROCESSED_COLUMNS,
} from "../../wrapper/recursion/chips/poseidon2.ts";
import {
  mainColumn, extCubeName, extSboxName, intCubeName, intSboxName, inputName, outputsOfRow, walkPermutation,
  externalLayer, permutationRow, POSEIDON2_MAIN_WIDTH, type LinearOps,
} from "../../wrapper/recursion/chips/poseidon2-layout.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { P, add, sub, mul, inv } from "../../prover/field/babybear.ts";
import { extAdd, extMul, extBatchInverse, fromBase, isZero, ZERO, type Ext } from "../../prover/field/extension.ts";
import { busIdOf, generateAux } from "../../prover/air/logup.ts";
import { checkBusMultiplicities } from "../../prover/air/multiplicity.ts";
import { setup, prove, verify, TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { rng } from "../air/helpers.ts";

const W = 16;
const FIELD: LinearOps<number> = { add, scale: mul, addConst: add };

// ---- programs

/** Several permutations: chained (outputs feed inputs), repeated inputs, an output read
 * twice, outputs read by other operations, and a non-power-of-two count (padding rows). */
function sampleProgram(seed = 1) {
  const r = rng(seed);
  const b = new ProgramBuilder();
  const xs = Array.from({ length: W }, () => b.witness(r()));
  const one = b.constant(1);
  const p1 = b.poseidon2(xs);
  const p2 = b.poseidon2(p1); // chained
  const rep = b.poseidon2(Array.from({ length: W }, (_, i) => (i % 2 ? p2[0] : one))); // repeated inputs
  const mixed = b.poseidon2([...p1.slice(0, 8), ...rep.slice(8)]); // p1[0..7] read twice now
  b.baseAlu(AluOp.Add, mixed[3], p2[5]); // outputs read by another chip
  b.publicValue(rep[0]);
  return b.build();
}

function singleProgram(input: number[]) {
  const b = new ProgramBuilder();
  b.poseidon2(input.map((v) => b.witness(v)));
  return b.build();
}

// ---- the memory side, supplied by the verifier

/** gamma + v_0 + beta·v_1 + ... + beta^k·busId (prover/air/logup.ts). */
function fingerprint(challenges: Uint32Array, tuple: number[]): Ext {
  const gamma = challenges.subarray(0, 4), beta = challenges.subarray(4, 8);
  let fp: Ext = gamma.slice();
  let pw: Ext = fromBase(1);
  for (const v of [...tuple, busIdOf(BUS_RECURSION_MEM)]) {
    fp = extAdd(fp, extMul(pw, fromBase(v)));
    pw = extMul(pw, beta);
  }
  return fp;
}

/** What the rest of the recursion machine contributes on the memory bus, as seen by this
 * table: it writes every address the chip reads (one send per read) and reads every
 * output as often as the program does. Per address: + (chip reads) - (reads of a chip
 * output). `memory` is the values the rest of the machine holds. */
function memorySideSum(program: RecursionProgram, memory: Uint32Array) {
  const net = new Map<number, number>();
  for (const a of program.poseidon2.input) net.set(a, (net.get(a) ?? 0) + 1);
  for (const o of program.poseidon2.output) net.set(o, (net.get(o) ?? 0) - program.reads[o]);
  const entries = [...net].filter(([, n]) => n !== 0);
  return (challenges: Uint32Array): Ext => {
    const fps = new Uint32Array(4 * entries.length);
    entries.forEach(([a], k) => fps.set(fingerprint(challenges, [a, ...memory.subarray(4 * a, 4 * a + 4)]), 4 * k));
    const invs = extBatchInverse(fps);
    let sum: Ext = ZERO;
    entries.forEach(([, n], k) => {
      sum = extAdd(sum, extMul(invs.subarray(4 * k, 4 * k + 4), fromBase(n < 0 ? P + n : n)));
    });
    return sum;
  };
}

const CHALLENGES = Uint32Array.from({ length: 8 }, (_, i) => 1000003 * (i + 7));

/** The debug checker (aux built with fixed challenges), and whether the bus balances
 * against the memory side. */
function debugCheck(prep: Uint32Array[], main: Uint32Array[], side: (c: Uint32Array) => Ext) {
  const publicValues = new Uint32Array(0);
  const { aux, auxPublic } = generateAux(poseidon2Air, main, prep, publicValues, CHALLENGES);
  const failure = poseidon2Air.check({ main, preprocessed: prep, aux, publicValues, challenges: CHALLENGES, auxPublic });
  const k = poseidon2Air.cumulativeSumIndex;
  const balanced = isZero(extAdd(auxPublic.subarray(4 * k, 4 * k + 4), side(CHALLENGES)));
  return { failure, balanced };
}

// ---- forging helpers

/** One row's main values, with the S-box output of one round replaced by `forge(x7)` and
 * every later column computed honestly from it. */
function forgedRow(input: number[], at: { ext?: [number, number]; int?: number }, forge: (v: number) => number): Uint32Array {
  const row = new Uint32Array(POSEIDON2_MAIN_WIDTH);
  input.forEach((v, i) => (row[mainColumn(inputName(i))] = v));
  const s = (x: number, forged: boolean, cube: number, out: number) => {
    const x3 = mul(mul(x, x), x);
    let x7 = mul(mul(x3, x3), x);
    if (forged) x7 = forge(x7);
    row[cube] = x3;
    row[out] = x7;
    return x7;
  };
  walkPermutation(FIELD, input, {
    external: (r, i, x) => s(x, at.ext?.[0] === r && at.ext?.[1] === i, mainColumn(extCubeName(r, i)), mainColumn(extSboxName(r, i))),
    internal: (r, x) => s(x, at.int === r, mainColumn(intCubeName(r)), mainColumn(intSboxName(r))),
  });
  return row;
}

/** The 16x16 matrix of the external layer and the solution y of M_E·y = v (Gauss-Jordan). */
function solveExternal(v: number[]): number[] {
  const cols = Array.from({ length: W }, (_, j) => externalLayer(FIELD, Array.from({ length: W }, (_, k) => (k === j ? 1 : 0))));
  const a = Array.from({ length: W }, (_, i) => [...cols.map((c) => c[i]), v[i]]);
  for (let c = 0; c < W; c++) {
    const piv = a.findIndex((row, i) => i >= c && row[c] !== 0);
    [a[c], a[piv]] = [a[piv], a[c]];
    const f = inv(a[c][c]);
    a[c] = a[c].map((x) => mul(x, f));
    for (let i = 0; i < W; i++) {
      if (i !== c && a[i][c] !== 0) {
        const g = a[i][c];
        a[i] = a[i].map((x, k) => sub(x, mul(g, a[c][k])));
      }
    }
  }
  return a.map((row) => row[W]);
}

function setRow(main: Uint32Array[], r: number, row: Uint32Array): Uint32Array[] {
  const out = main.map((c) => c.slice());
  out.forEach((c, k) => (c[r] = row[k]));
  return out;
}

function rowOf(main: Uint32Array[], r: number): Uint32Array {
  return Uint32Array.from(main, (c) => c[r]);
}

async function proveTable(prep: Uint32Array[], main: Uint32Array[], forced = false) {
  const pk = await setup(TEST_CONFIG_INSECURE, [poseidon2Air], [prep]);
  const run = () => prove(pk, [{ main, publicValues: new Uint32Array(0) }]);
  const { proof } = forced ? await withProverTestHooks({ truncateHighDegreeQuotient: true }, run) : await run();
  return { pk, proof };
}

describe("recursion poseidon2 chip", function () {
  it("has the documented shape: 298 main and 49 preprocessed columns, degree 3, 32 bounded memory interactions", () => {
    expect(poseidon2Air.name).to.equal("recursion.poseidon2");
    expect(poseidon2Air.mainWidth).to.equal(16 + 8 * 32 + 13 * 2);
    expect(POSEIDON2_MAIN_COLUMNS.length).to.equal(poseidon2Air.mainWidth);
    expect(poseidon2Air.preprocessedWidth).to.equal(49);
    expect(POSEIDON2_PREPROCESSED_COLUMNS.length).to.equal(49);
    expect(poseidon2Air.maxDegree).to.equal(3);
    expect(poseidon2Air.auxWidth).to.equal(17); // 16 pairs + the running sum
    const its = poseidon2Air.interactions;
    expect(its).to.have.length(32);
    expect(its.every((it) => it.bus === BUS_RECURSION_MEM && it.lookupTable === false)).to.equal(true);
    const range = (i: number) => its[i].multiplicityRange!.map((x) => x + 0); // -0 -> 0
    for (let i = 0; i < 16; i++) expect(range(i)).to.deep.equal([-1, 0]); // receive: isReal
    for (let i = 16; i < 32; i++) expect(range(i)).to.deep.equal([0, READ_CAP]); // send: read count
  });

  it("the bus cap: 16 writes of up to READ_CAP per row allow a table of 2^16 rows alone, not 2^17", () => {
    expect(checkBusMultiplicities([{ air: poseidon2Air, logRows: 16 }])).to.equal(null);
    expect(checkBusMultiplicities([{ air: poseidon2Air, logRows: 17 }])).to.match(/recursion\.mem.*sends/);
  });

  it("a row's columns are the reference permutation's rounds (random inputs and zeros)", () => {
    const r = rng(7);
    for (const input of [new Array(16).fill(0), Array.from({ length: 16 }, r), new Array(16).fill(P - 1)]) {
      const row = new Uint32Array(POSEIDON2_MAIN_WIDTH);
      const out = permutationRow(input, row);
      const ref = Uint32Array.from(input);
      poseidon2Permute(ref);
      expect(out).to.deep.equal(Array.from(ref));
      expect(outputsOfRow(row)).to.deep.equal(Array.from(ref));
      expect(Array.from(row.subarray(0, W))).to.deep.equal(input);
    }
  });

  it("the trace of a program: inputs and outputs are the memory's, the checker passes, the bus balances", () => {
    const built = sampleProgram();
    const { program, memory } = built;
    expect(Array.from(runProgram(program, built.witness).memory)).to.deep.equal(Array.from(memory));
    const { preprocessed, main } = poseidon2Trace(program, memory);
    const ops = program.poseidon2.input.length / W;
    expect(ops).to.equal(4);
    expect(main[0].length).to.equal(16); // 2^MIN_LOG_ROWS
    expect(poseidon2LogRows(program)).to.equal(4);
    for (let r = 0; r < ops; r++) {
      const outs = outputsOfRow(rowOf(main, r));
      for (let i = 0; i < W; i++) {
        expect(main[mainColumn(inputName(i))][r]).to.equal(memory[4 * program.poseidon2.input[W * r + i]]);
        expect(outs[i]).to.equal(memory[4 * program.poseidon2.output[W * r + i]]);
        expect(preprocessed[2 * W + i][r]).to.equal(program.reads[program.poseidon2.output[W * r + i]]);
      }
    }
    // preprocessed: real rows flagged, padding rows all zero
    expect(Array.from(preprocessed[3 * W])).to.deep.equal([1, 1, 1, 1, ...new Array(12).fill(0)]);
    expect(preprocessed.every((c) => c.subarray(ops).every((v) => v === 0))).to.equal(true);
    // the p1 outputs 0..7 feed p2 and `mixed`: read twice
    expect(program.reads[program.poseidon2.output[0]]).to.equal(2);
    const { failure, balanced } = debugCheck(preprocessed, main, memorySideSum(program, memory));
    expect(failure).to.equal(null);
    expect(balanced).to.equal(true);
    // larger tables than needed work too (the table set may fix a height)
    const t5 = poseidon2Trace(program, memory, 5);
    expect(t5.main[0].length).to.equal(32);
    expect(debugCheck(t5.preprocessed, t5.main, memorySideSum(program, memory))).to.deep.equal({ failure: null, balanced: true });
  });

  it("the main columns depend on memory values, the preprocessed ones on the program only", () => {
    const a = singleProgram(Array.from({ length: 16 }, (_, i) => i));
    const b = singleProgram(Array.from({ length: 16 }, (_, i) => 100 + i));
    expect(poseidon2Preprocessed(a.program)).to.deep.equal(poseidon2Preprocessed(b.program));
    expect(poseidon2Main(a.program, a.memory)).to.not.deep.equal(poseidon2Main(b.program, b.memory));
  });

  it("refuses an extension value as an input", () => {
    const b = new ProgramBuilder();
    const xs = Array.from({ length: W }, (_, i) => b.witness(i));
    b.poseidon2(xs);
    const built = b.build();
    const mem = built.memory.slice();
    mem[4 * built.program.poseidon2.input[3] + 2] = 5;
    expect(() => poseidon2Main(built.program, mem)).to.throw(TypeError, "extension value");
  });

  it("the checker names one flipped cell", () => {
    const { program, memory } = sampleProgram(3);
    const { preprocessed, main } = poseidon2Trace(program, memory);
    const flip = (name: string, r: number) => {
      const m = main.map((c) => c.slice());
      const c = mainColumn(name);
      m[c][r] = (m[c][r] + 1) % P;
      return debugCheck(preprocessed, m, memorySideSum(program, memory)).failure;
    };
    expect(flip(extCubeName(2, 5), 1)).to.deep.equal({ constraint: "ext2 cube 5", row: 1 });
    expect(flip(extSboxName(6, 9), 3)).to.deep.equal({ constraint: "ext6 sbox 9", row: 3 });
    expect(flip(intCubeName(4), 0)).to.deep.equal({ constraint: "int4 cube", row: 0 });
    expect(flip(intSboxName(12), 2)).to.deep.equal({ constraint: "int12 sbox", row: 2 });
    expect(flip(extSboxName(7, 0), 9)).to.deep.equal({ constraint: "ext7 sbox 0", row: 9 }); // a padding row
    expect(flip(inputName(6), 0)).to.deep.equal({ constraint: "ext0 cube 0", row: 0 }); // M_E mixes every lane
  });

  describe("a STARK of the table, the memory side supplied by the verifier", () => {
    const built = sampleProgram(5);
    const { program, memory } = built;
    const side = memorySideSum(program, memory);

    it("an honest trace proves and verifies; without the memory side the bus does not balance", async () => {
      const { preprocessed, main } = poseidon2Trace(program, memory);
      const { pk, proof } = await proveTable(preprocessed, main);
      expect(verify(pk.vk, proof, { publicBusSum: side })).to.deep.equal({ ok: true });
      expect(verify(pk.vk, proof)).to.include({ ok: false, check: "bus" });
    });

    it("a wrong output value (one word, the trace made to spell it, the bus balanced) is rejected", async () => {
      const { preprocessed, main } = poseidon2Trace(program, memory);
      const r = 1, lane = 5; // p2[5], read by the base ALU
      const honest = rowOf(main, r);
      const claimed = outputsOfRow(honest);
      claimed[lane] = add(claimed[lane], 1);
      // the prover's last-round S-box outputs chosen so that M_E of them is the claimed output
      const y = solveExternal(claimed);
      const row = honest.slice();
      y.forEach((v, i) => (row[mainColumn(extSboxName(7, i))] = v));
      expect(outputsOfRow(row)).to.deep.equal(claimed);
      const forgedMain = setRow(main, r, row);
      const forgedMem = memory.slice();
      forgedMem[4 * program.poseidon2.output[W * r + lane]] = claimed[lane]; // what later reads see
      const forgedSide = memorySideSum(program, forgedMem);
      const dbg = debugCheck(preprocessed, forgedMain, forgedSide);
      expect(dbg.balanced).to.equal(true);
      expect(dbg.failure).to.deep.equal({ constraint: "ext7 sbox 0", row: r });
      const { pk, proof } = await proveTable(preprocessed, forgedMain, true);
      expect(verify(pk.vk, proof, { publicBusSum: forgedSide })).to.include({ ok: false, check: "constraints" });
    });

    it("a wrong intermediate state (one S-box output forged, every later column honest from it) is rejected", async () => {
      const { preprocessed, main } = poseidon2Trace(program, memory);
      const r = 3; // \`mixed\`: its outputs feed no later permutation
      const input = Array.from({ length: W }, (_, i) => main[mainColumn(inputName(i))][r]);
      const row = forgedRow(input, { int: 6 }, (v) => add(v, 12345));
      const forgedMain = setRow(main, r, row);
      const outs = outputsOfRow(row);
      const forgedMem = memory.slice();
      outs.forEach((v, i) => (forgedMem[4 * program.poseidon2.output[W * r + i]] = v));
      const forgedSide = memorySideSum(program, forgedMem);
      const dbg = debugCheck(preprocessed, forgedMain, forgedSide);
      expect(dbg).to.deep.equal({ failure: { constraint: "int6 sbox", row: r }, balanced: true });
      const { pk, proof } = await proveTable(preprocessed, forgedMain, true);
      expect(verify(pk.vk, proof, { publicBusSum: forgedSide })).to.include({ ok: false, check: "constraints" });
    });

    it("an honest trace against a memory that holds another output value is rejected (bus)", async () => {
      const { preprocessed, main } = poseidon2Trace(program, memory);
      const forgedMem = memory.slice();
      forgedMem[4 * program.poseidon2.output[W * 2 + 0]] += 1; // rep[0]: the public value
      const { pk, proof } = await proveTable(preprocessed, main);
      expect(verify(pk.vk, proof, { publicBusSum: memorySideSum(program, forgedMem) })).to.include({ ok: false, check: "bus" });
    });

    it("a changed preprocessed address gives another key, and a proof under one fails under the other", async () => {
      const { preprocessed, main } = poseidon2Trace(program, memory);
      const other: RecursionProgram = { ...program, poseidon2: { ...program.poseidon2, input: program.poseidon2.input.slice() } };
      other.poseidon2.input[W + 2] = program.poseidon2.input[W + 3];
      const prepOther = poseidon2Preprocessed(other);
      expect(prepOther[2][1]).to.not.equal(preprocessed[2][1]);
      const { pk, proof } = await proveTable(preprocessed, main);
      const pkOther = await setup(TEST_CONFIG_INSECURE, [poseidon2Air], [prepOther]);
      expect(Array.from(pkOther.vk.digest)).to.not.deep.equal(Array.from(pk.vk.digest));
      expect(verify(pkOther.vk, proof, { publicBusSum: side })).to.include({ ok: false, check: "vk" });
    });
  });

  it("refuses a read count over READ_CAP in the key", () => {
    const { program } = singleProgram(new Array(16).fill(1));
    const reads = program.reads.slice();
    reads[program.poseidon2.output[0]] = READ_CAP + 1;
    expect(() => poseidon2Preprocessed({ ...program, reads })).to.throw(RangeError, "READ_CAP");
  });
});
