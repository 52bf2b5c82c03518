// The LogUp bus: generated aux columns satisfy the lowered constraints, and the
// cumulative sum is zero exactly when sends and receives balance.
import { expect } from "chai";
import { generateAux, busIdOf } from "../../prover/air/logup.ts";
import { AIR_JSON_VERSION } from "../../prover/air/compile.ts";
import { rangeCheckAir, rangeCheckTrace, rangeCheckPreprocessed } from "../../prover/air/examples/range-check.ts";
import { permutationAir, permutationTrace } from "../../prover/air/examples/permutation.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { extAdd, isZero } from "../../prover/field/extension.ts";
import type { CompiledAir } from "../../prover/air/types.ts";

const challenges = Uint32Array.of(123456789, 42, 7, 1999, 987654321, 5, 77, 31337);

function prove(air: CompiledAir, main: Uint32Array[], prep: Uint32Array[] = [], publicValues = new Uint32Array(0)) {
  const { aux, auxPublic } = generateAux(air, main, prep, publicValues, challenges);
  expect(aux.length).to.equal(4 * air.auxWidth);
  expect(auxPublic.length).to.equal(4 * air.numAuxPublic);
  const trace = { main, preprocessed: prep, aux, publicValues, challenges, auxPublic };
  expect(air.check(trace)).to.equal(null);
  return { aux, auxPublic, trace };
}

describe("logup bus", () => {
  it("range check: the bus balances within the table", () => {
    const t = rangeCheckTrace();
    const { auxPublic } = prove(rangeCheckAir, t.main, rangeCheckPreprocessed());
    expect(rangeCheckAir.numChallenges).to.equal(2);
    expect(rangeCheckAir.auxWidth).to.equal(3); // two terms at degree 2 stay single (pairing would add a quotient chunk)
    expect(isZero(auxPublic)).to.equal(true);
  });
  it("range check: a value outside the table leaves a non-zero sum", () => {
    const values = Array.from({ length: 256 }, (_, i) => i);
    values[77] = 300;
    const t = rangeCheckTrace(values);
    const { auxPublic } = prove(rangeCheckAir, t.main, rangeCheckPreprocessed());
    expect(isZero(auxPublic)).to.equal(false);
  });
  it("a tampered aux cell or cumulative sum is caught by name", () => {
    const t = rangeCheckTrace();
    const { trace } = prove(rangeCheckAir, t.main, rangeCheckPreprocessed());
    trace.aux[4 * 2 + 1][100] ^= 1; // running sum, coordinate 1, row 100
    expect(rangeCheckAir.check(trace)).to.deep.equal({ constraint: "logup sum step", row: 99 });
    trace.aux[4 * 2 + 1][100] ^= 1;
    trace.aux[0][10] ^= 1; // term of interaction 0: the running sum's step into row 10 breaks first
    expect(rangeCheckAir.check(trace)).to.deep.equal({ constraint: "logup sum step", row: 9 });
    trace.aux[0][10] ^= 1;
    trace.aux[0][0] ^= 1;
    expect(rangeCheckAir.check(trace)).to.deep.equal({ constraint: "logup term 0 (byte)", row: 0 });
    trace.aux[0][0] ^= 1;
    trace.auxPublic[0] ^= 1;
    expect(rangeCheckAir.check(trace)).to.deep.equal({ constraint: "logup sum last", row: 255 });
  });
  it("permutation: a column and its sorted copy balance; a changed copy does not", () => {
    const t = permutationTrace(6);
    expect(isZero(prove(permutationAir, t.main).auxPublic)).to.equal(true);
    t.main[1][3] += 1;
    expect(isZero(prove(permutationAir, t.main).auxPublic)).to.equal(false);
  });
  it("two tables balance only together", () => {
    const [a, b] = twoTableTraces(6, 4);
    const sa = prove(sendTableAir, a.main).auxPublic, sb = prove(receiveTableAir, b.main).auxPublic;
    expect(isZero(sa)).to.equal(false);
    expect(isZero(sb)).to.equal(false);
    expect(isZero(extAdd(sa, sb))).to.equal(true);
    b.main[1][0] += 1;
    expect(isZero(extAdd(sa, prove(receiveTableAir, b.main).auxPublic))).to.equal(false);
  });
  it("bus ids are distinct non-zero constants per name", () => {
    expect(busIdOf("byte")).to.not.equal(busIdOf("values"));
    expect(busIdOf("")).to.be.greaterThan(0);
  });
  it("exports a versioned JSON graph", () => {
    const j = rangeCheckAir.toJSON() as any;
    expect(j.version).to.equal(AIR_JSON_VERSION);
    expect(j.version).to.equal(3); // 2: "trans" is 1 - L_{n-1}; 3: paired LogUp terms
    expect(j.constraints.map((c: any) => c.name)).to.deep.equal(rangeCheckAir.constraintNames);
    expect(j.interactions).to.have.length(2);
    for (const [k, node] of j.nodes.entries()) for (const arg of node.slice(1)) if (["add", "sub", "mul", "neg"].includes(node[0])) expect(arg).to.be.lessThan(k);
    expect(JSON.stringify(j)).to.equal(JSON.stringify(rangeCheckAir.toJSON()));
  });
});
