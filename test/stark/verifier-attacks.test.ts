// Attacks that reach each named check of the STARK verifier (prover/stark/verifier.ts,
// fri-verifier.ts, proof-shape.ts, prover/merkle/mmcs.ts verifyBatch) and assert WHICH
// check rejected them, with the reason. Lies about committed values are made by the
// test-only prover hooks (prover/stark/test-hooks.ts) BEFORE the value enters the
// transcript, so the transcript and the Merkle openings are consistent and only the
// targeted check can catch the lie. No grinding (powBits 0), so nothing dies at PoW
// first. The mutation runner (scripts/mutants/) disables each check in turn and
// expects one of these tests to fail.
import { expect } from "chai";
import fs from "node:fs";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { withProverTestHooks, type ProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { add, P } from "../../prover/field/babybear.ts";
import { verifyBatch } from "../../prover/merkle/mmcs.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { cloneProof, bump } from "./tamper.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };

/** Adds `c` to coordinate 0 of every extension value (AoS): a low-degree function stays low degree. */
function shiftAll(values: Uint32Array, c = 1): void {
  for (let o = 0; o < values.length; o += 4) values[o] = add(values[o], c);
}

async function proveWith(pk: ProvingKey, traces: Parameters<typeof prove>[1], hooks: ProverTestHooks): Promise<StarkProof> {
  return withProverTestHooks(hooks, async () => (await prove(pk, traces)).proof);
}

function expectRejected(vk: ProvingKey["vk"], proof: StarkProof, check: string, reason: RegExp): void {
  const r = verify(vk, proof);
  expect(r.ok, `expected '${check}' to reject`).to.equal(false);
  if (!r.ok) {
    expect(r.check, r.reason).to.equal(check);
    expect(r.reason).to.match(reason);
  }
}

describe("verifier attacks: one table (Fibonacci), consistent transcripts", () => {
  let pk: ProvingKey;
  const trace = () => [fibonacciTrace(8)];
  let honest: StarkProof;
  before(async () => {
    pk = await setup(NO_POW, [fibonacciAir]);
    honest = (await prove(pk, trace())).proof;
    expect(verify(pk.vk, honest)).to.deep.equal({ ok: true });
    expect(honest.friRoots.length).to.be.at.least(3); // the layer attacks below need 3 layers
  });

  it("only tests can set the hooks: no source outside test/ names the setter", () => {
    // every release directory, walked (the mutation runner's scratch copy has no .git)
    const sources = ["prover", "wrapper", "scripts"].flatMap((d) => fs.readdirSync(d, { recursive: true, encoding: "utf8" }).map((f) => `${d}/${f}`))
      .filter((f) => f.endsWith(".ts") && !f.includes("node_modules") && f !== "prover/stark/test-hooks.ts");
    expect(sources.length).to.be.greaterThan(50);
    const setters = sources.filter((f) => /\b(set|with)ProverTestHooks\b/.test(fs.readFileSync(f, "utf8")));
    expect(setters).to.deep.equal([]);
  });

  it("the hooks are off by default: a proof made after an attack is honest again", async () => {
    await proveWith(pk, trace(), { finalPoly: (c) => shiftAll(c) });
    const { proof } = await prove(pk, trace());
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
  });

  it("a quotient chunk shifted by a constant (committed, opened consistently) fails 'constraints'", async () => {
    const bad = await proveWith(pk, trace(), {
      quotient: (_t, coeffs, chunksRev) => {
        coeffs[0][0] = add(coeffs[0][0], 1);
        shiftCol(chunksRev[0]);
      },
    });
    expectRejected(pk.vk, bad, "constraints", /table 0 \('fibonacci'\): the constraints do not match the quotient at z/);
  });

  it("a DEEP function shifted by a constant (still low degree) fails 'fri' at layer 0 (the DEEP value)", async () => {
    const bad = await proveWith(pk, trace(), { deep: (_t, d) => shiftAll(d) });
    expectRejected(pk.vk, bad, "fri", /query 0 .*layer 0: leaf does not hold the folded value/);
  });

  it("a folded FRI layer shifted by a constant fails 'fri' at the next layer's fold check", async () => {
    const bad = await proveWith(pk, trace(), { friFolded: (k, v) => void (k === 0 && shiftAll(v)) });
    expectRejected(pk.vk, bad, "fri", /query 0 .*layer 1: leaf does not hold the folded value/);
  });

  it("the last fold shifted by a constant fails 'fri' at the final polynomial", async () => {
    const last = honest.friRoots.length - 1;
    const bad = await proveWith(pk, trace(), { friFolded: (k, v) => void (k === last && shiftAll(v)) });
    expectRejected(pk.vk, bad, "fri", /query 0 .*the final polynomial disagrees with the last layer/);
  });

  it("a final polynomial with one coefficient changed fails 'fri' at the final polynomial", async () => {
    const bad = await proveWith(pk, trace(), { finalPoly: (c) => void (c[4] = add(c[4], 1)) });
    expectRejected(pk.vk, bad, "fri", /query 0 .*the final polynomial disagrees with the last layer/);
  });

  describe("Merkle openings (verifyBatch) of the main trace", () => {
    const cases: Array<[string, (p: StarkProof) => void, RegExp]> = [
      ["a row value", (p) => bump(p.queries[0].main!.rows[0], 0), /query 0 .*root mismatch/],
      ["a path node", (p) => bump(p.queries[1].main!.path[2], 5), /query 1 .*root mismatch/],
      ["a non-canonical row value (v + p)", (p) => void (p.queries[0].main!.rows[0][1] += P), /row 0 value 1 is not a canonical field element/],
      ["a short row", (p) => void (p.queries[0].main!.rows[0] = p.queries[0].main!.rows[0].slice(1)), /row 0 has width 1, expected 2/],
      ["an extra row", (p) => void p.queries[0].main!.rows.push(new Uint32Array(2)), /2 rows, expected 1/],
      ["a short path", (p) => void p.queries[0].main!.path.pop(), /path length 9, expected 10/],
      ["a short path node", (p) => void (p.queries[0].main!.path[3] = p.queries[0].main!.path[3].slice(1)), /path node 3 has 7 words, expected 8/],
      ["a non-canonical path node word", (p) => void (p.queries[0].main!.path[0][0] += P), /bad path: .*not a canonical/],
    ];
    for (const [what, tamper, reason] of cases) {
      it(`${what} fails 'merkle:main'`, () => {
        const bad = cloneProof(honest);
        tamper(bad);
        expectRejected(pk.vk, bad, "merkle:main", reason);
      });
    }
    it("a root of the wrong length is named (verifyBatch called directly: in a proof the transcript moves first)", () => {
      const suite = getHashSuite(NO_POW.hashSuite);
      const q = honest.queries[0];
      const dims = [{ width: 2, height: 1 << (8 + NO_POW.logBlowup) }];
      // the index this opening was made for: the one it verifies at
      const index = Array.from({ length: dims[0].height }, (_, i) => i).find((i) => verifyBatch(suite, honest.mainRoot!, dims, i, q.main!) === null);
      expect(index).to.be.a("number");
      expect(verifyBatch(suite, honest.mainRoot!.slice(1), dims, index!, q.main!)).to.equal("root has 7 words, expected 8");
    });
    it("a quotient row value fails 'merkle:quotient'", () => {
      const bad = cloneProof(honest);
      bump(bad.queries[3].quotient.rows[0], 2);
      expectRejected(pk.vk, bad, "merkle:quotient", /query 3 .*root mismatch/);
    });
  });

  it("a FRI layer's Merkle path node fails 'fri' naming the layer", () => {
    const bad = cloneProof(honest);
    bump(bad.queries[0].fri[1].path[0], 0);
    expectRejected(pk.vk, bad, "fri", /query 0 .*layer 1: root mismatch/);
  });

  it("a FRI leaf entry the query does not select (consistent with nothing) fails 'fri' at the Merkle check", () => {
    const bad = cloneProof(honest);
    bump(bad.queries[0].fri[0].rows[0], 0);
    bump(bad.queries[0].fri[0].rows[0], 4);
    expectRejected(pk.vk, bad, "fri", /query 0 .*layer 0: root mismatch/);
  });
});

/** Shifts a base column (one quotient coordinate's LDE) by 1. */
function shiftCol(col: Uint32Array): void {
  for (let i = 0; i < col.length; i++) col[i] = add(col[i], 1);
}

describe("verifier attacks: the proof's shape (check 'shape')", () => {
  let pk: ProvingKey;
  let prepPk: ProvingKey;
  let honest: StarkProof;
  let prepProof: StarkProof;
  let busPk: ProvingKey;
  let busProof: StarkProof;
  before(async () => {
    pk = await setup(NO_POW, [fibonacciAir]);
    honest = (await prove(pk, [fibonacciTrace(6)])).proof;
    prepPk = await setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]);
    prepProof = (await prove(prepPk, [rangeCheckTrace()])).proof;
    busPk = await setup(NO_POW, [sendTableAir, receiveTableAir]);
    busProof = (await prove(busPk, twoTableTraces(6, 4))).proof;
  });

  const fib: Array<[string, (p: StarkProof) => void, RegExp]> = [
    ["a missing table", (p) => void p.tables.pop(), /0 tables, the key has 1/],
    ["a table height of 2^0", (p) => void (p.tables[0].logRows = 0), /2\^0 rows is outside/],
    ["a table height above the two-adicity", (p) => void (p.tables[0].logRows = 26), /2\^26 rows is outside/],
    ["a public value too few", (p) => void (p.tables[0].publicValues = p.tables[0].publicValues.slice(1)), /public values has 2 words, expected 3/],
    ["a main opening too few", (p) => void (p.tables[0].openings.mainZ = p.tables[0].openings.mainZ.slice(4)), /main openings has 4 words, expected 8/],
    ["a main next-row opening too few", (p) => void (p.tables[0].openings.mainZNext = p.tables[0].openings.mainZNext.slice(4)), /main next openings has 4 words/],
    ["a quotient opening too few", (p) => void (p.tables[0].openings.quotientZ = p.tables[0].openings.quotientZ.slice(4)), /quotient openings has 12 words, expected 16/],
    ["a preprocessed opening where the key has none", (p) => void (p.tables[0].openings.prepZ = new Uint32Array(4)), /preprocessed openings has 4 words, expected 0/],
    ["a preprocessed next-row opening where the key has none", (p) => void (p.tables[0].openings.prepZNext = new Uint32Array(4)), /preprocessed next openings has 4 words, expected 0/],
    ["an aux opening where the key has none", (p) => void (p.tables[0].openings.auxZ = new Uint32Array(16)), /aux openings has 16 words, expected 0/],
    ["an aux next-row opening where the key has none", (p) => void (p.tables[0].openings.auxZNext = new Uint32Array(16)), /aux next openings has 16 words, expected 0/],
    ["an aux public value where the key has none", (p) => void (p.tables[0].auxPublic = new Uint32Array(4)), /aux public values has 4 words, expected 0/],
    ["no main commitment", (p) => void (p.mainRoot = null), /main commitment presence/],
    ["an aux commitment the key does not have", (p) => void (p.auxRoot = new Uint32Array(8)), /aux commitment presence/],
    ["a FRI layer too few", (p) => void p.friRoots.pop(), /FRI layers, expected/],
    ["a final polynomial too short", (p) => void (p.friFinalPoly = p.friFinalPoly.slice(4)), /final FRI polynomial has 12 words, expected 16/],
    ["a query too few", (p) => void p.queries.pop(), /7 queries, expected 8/],
    ["a query without its main opening", (p) => void (p.queries[2].main = null), /query 2: main opening presence/],
    ["a query with an aux opening the key does not have", (p) => void (p.queries[2].aux = { rows: [], path: [] }), /query 2: aux opening presence/],
    ["a query with a preprocessed opening the key does not have", (p) => void (p.queries[1].prep = { rows: [], path: [] }), /query 1: preprocessed opening presence/],
    ["a query without its quotient opening", (p) => void ((p.queries[3] as { quotient: unknown }).quotient = null), /query 3: no quotient opening/],
    ["a query with a FRI opening too few", (p) => void p.queries[4].fri.pop(), /query 4: .* FRI openings, expected/],
  ];
  for (const [what, tamper, reason] of fib) {
    it(`${what}`, () => {
      const bad = cloneProof(honest);
      tamper(bad);
      expectRejected(pk.vk, bad, "shape", reason);
    });
  }

  it("a preprocessed table's height must match the key's preprocessed columns", () => {
    const bad = cloneProof(prepProof);
    bad.tables[0].logRows -= 1;
    expectRejected(prepPk.vk, bad, "shape", /2\^7 rows, its preprocessed columns fix 2\^8/);
  });

  it("preprocessed openings too few, and a query without its preprocessed opening", () => {
    const bad = cloneProof(prepProof);
    bad.tables[0].openings.prepZ = bad.tables[0].openings.prepZ.slice(4);
    expectRejected(prepPk.vk, bad, "shape", /preprocessed openings has/);
    const bad2 = cloneProof(prepProof);
    bad2.tables[0].openings.prepZNext = bad2.tables[0].openings.prepZNext.slice(4);
    expectRejected(prepPk.vk, bad2, "shape", /preprocessed next openings has/);
    const bad3 = cloneProof(prepProof);
    bad3.queries[0].prep = null;
    expectRejected(prepPk.vk, bad3, "shape", /query 0: preprocessed opening presence/);
  });

  it("aux openings, aux public values, the aux commitment and aux query openings of a bus table", () => {
    const cases: Array<[(p: StarkProof) => void, RegExp]> = [
      [(p) => void (p.tables[1].openings.auxZ = p.tables[1].openings.auxZ.slice(16)), /table 1 .*aux openings has/],
      [(p) => void (p.tables[1].openings.auxZNext = p.tables[1].openings.auxZNext.slice(16)), /table 1 .*aux next openings has/],
      [(p) => void (p.tables[0].auxPublic = p.tables[0].auxPublic.slice(4)), /table 0 .*aux public values has/],
      [(p) => void (p.auxRoot = null), /aux commitment presence/],
      [(p) => void (p.queries[0].aux = null), /query 0: aux opening presence/],
    ];
    for (const [tamper, reason] of cases) {
      const bad = cloneProof(busProof);
      tamper(bad);
      expectRejected(busPk.vk, bad, "shape", reason);
    }
  });
});

describe("verifier attacks: several tables (LogUp bus, preprocessed columns)", () => {
  it("aux rows fail 'merkle:aux'; a DEEP lie of a shorter table fails 'fri' where it is rolled in", async () => {
    const pk = await setup(NO_POW, [sendTableAir, receiveTableAir]);
    const traces = () => twoTableTraces(7, 4);
    const { proof } = await prove(pk, traces());
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const bad = cloneProof(proof);
    bump(bad.queries[0].aux!.rows[1], 3);
    expectRejected(pk.vk, bad, "merkle:aux", /query 0 .*root mismatch/);
    // table 1 (2^4 rows) enters FRI at its height, after 3 folds of table 0's 2^9 LDE
    const lie = await proveWith(pk, traces(), { deep: (t, d) => void (t === 1 && shiftAll(d)) });
    expectRejected(pk.vk, lie, "fri", /query 0 .*layer 3: leaf does not hold the folded value/);
  });

  it("bus challenges fixed outside the proof must be as many as the tables use ('parameters')", async () => {
    const pk = await setup(NO_POW, [sendTableAir, receiveTableAir]);
    const { proof } = await prove(pk, twoTableTraces(6, 4));
    const used = Math.max(...pk.vk.airs.map((a) => a.numChallenges));
    expect(used).to.be.at.least(2);
    const r = verify(pk.vk, proof, { challenges: new Uint32Array(4 * (used - 1)) });
    expect(r.ok ? "" : `${r.check}: ${r.reason}`).to.match(new RegExp(`^parameters: .*${used - 1} challenges given, the tables use ${used}`));
  });

  it("bus sums that do not add to zero fail 'bus' even when each table is honest about its own sum", async () => {
    const pk = await setup(NO_POW, [sendTableAir, receiveTableAir]);
    const [a, b] = twoTableTraces(6, 4);
    b.main[1][2] += 1;
    const { proof } = await prove(pk, [a, b]);
    expectRejected(pk.vk, proof, "bus", /do not add up to zero/);
  });

  it("preprocessed rows fail 'merkle:preprocessed'", async () => {
    const pk = await setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]);
    const { proof } = await prove(pk, [rangeCheckTrace()]);
    const bad = cloneProof(proof);
    bump(bad.queries[2].prep!.rows[0], 0);
    expectRejected(pk.vk, bad, "merkle:preprocessed", /query 2 .*root mismatch/);
  });
});

describe("verifier attacks: grinding, version, parameters, key", () => {
  it("a nonce without the work fails 'pow'", async () => {
    const pk = await setup({ ...NO_POW, powBits: 8 }, [fibonacciAir]);
    const { proof } = await prove(pk, [fibonacciTrace(6)]);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    // nonces 0.. in turn: the first that lacks 8 bits of work (almost always the first)
    const bad = cloneProof(proof);
    for (let n = 0; n < 16; n++) {
      bad.powNonce = (proof.powNonce + 1 + n) >>> 0;
      const r = verify(pk.vk, bad);
      if (!r.ok && r.check === "pow") break;
    }
    expectRejected(pk.vk, bad, "pow", new RegExp(`nonce ${bad.powNonce} does not meet 8 bits of work`));
  });

  it("version, parameters and key mismatches are named", async () => {
    const pk = await setup(NO_POW, [fibonacciAir]);
    const { proof } = await prove(pk, [fibonacciTrace(6)]);
    const v = cloneProof(proof);
    v.version += 1;
    expectRejected(pk.vk, v, "version", /proof version 2, expected 1/);
    const c = cloneProof(proof);
    c.config = { ...c.config, numQueries: c.config.numQueries + 1 };
    expectRejected(pk.vk, c, "parameters", /proof parameters .* differ from the key's/);
    const k = cloneProof(proof);
    bump(k.vkDigest, 3);
    expectRejected(pk.vk, k, "vk", /another verifying key/);
  });

  it("each parameter is compared on its own (one changed at a time fails 'parameters')", async () => {
    const pk = await setup(NO_POW, [fibonacciAir]);
    const { proof } = await prove(pk, [fibonacciTrace(6)]);
    const changes: Partial<StarkConfig>[] = [
      { hashSuite: "poseidon-bn254" }, { logBlowup: 3 }, { numQueries: 9 }, { powBits: 1 }, { friLogArity: 2 }, { friLogFinalDegree: 1 },
    ];
    for (const change of changes) {
      const bad = cloneProof(proof);
      bad.config = { ...bad.config, ...change };
      expectRejected(pk.vk, bad, "parameters", new RegExp(`"${Object.keys(change)[0]}":${JSON.stringify(Object.values(change)[0])}`));
    }
  });
});
