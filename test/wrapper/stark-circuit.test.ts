// The generated circom STARK verifier (wrapper/circuit/generate.ts) against the TS
// verifier (prover/stark/verifier.ts): honest proofs of several AIR shapes (statement,
// two tables with a LogUp bus, preprocessed columns, quotient split in chunks) give a
// witness with the right public signals; every tampered proof the TS verifier rejects,
// the circuit rejects too (a failed assertion in the witness generator); wrong public
// inputs, proofs of another key or shape and non-canonical values are refused.
//
// Circuits use WRAP_TEST_CONFIG_INSECURE without grinding (2 queries, blowup 2) to stay small; compiles
// are cached by content (wrapper/circuit/compile.ts), so reruns skip circom.
import { expect } from "chai";
import fs from "node:fs";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { fibonacciStatementAir, fibonacciStatementTrace, makeFibonacciStatementAir, STATEMENT_OFFSET } from "../../prover/air/examples/fibonacci-statement.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { syntheticAir, syntheticTrace } from "../../prover/air/examples/synthetic.ts";
import { gatedSelectorsAir, gatedSelectorsTrace } from "../../prover/air/examples/gated-selectors.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { shortLookupUserAir, shortLookupTableAir, shortLookupPreprocessed, shortLookupTraces } from "../../prover/air/examples/short-lookup.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";
import { P as P_NUM } from "../../prover/field/babybear.ts";
import { generateStarkVerifierCircuit, type WrapCircuit } from "../../wrapper/circuit/generate.ts";
import { WRAP_TEST_CONFIG_INSECURE } from "../../wrapper/circuit/presets.ts";
import { statementDigest } from "../../wrapper/solidity/statement.ts";
import { plonkPtauPower } from "../../wrapper/circuit/plonk-count.ts";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { TAMPERS, cloneProof, bump, type Tamper } from "../stark/tamper.ts";
import { compile, witnessOk, readWitness, wrapQueries, cloneInput } from "./stark-circuit-helpers.ts";
import { expectFailsAt, labelForCheck } from "./circuit-labels.ts";

const P = BigInt(P_NUM);
// No grinding, so that a tamper reaches the check it targets instead of dying at PoW
// (test/wrapper/circuit-checks.test.ts covers the PoW constraint with 2 bits).
const NO_POW = { ...WRAP_TEST_CONFIG_INSECURE, powBits: 0 };
// 2^3 rows: the circuit for 2^4 rows needs 67763 PLONK rows, above CI's 2^16 ptau
const LOG_ROWS = 3;
/** Tampers that change the proof's shape: the circuit has no input for them. */
const SHAPE_TAMPERS: Record<string, RegExp> = {
  "table height": new RegExp(`table 0 has 2\\^${LOG_ROWS + 1} rows.*2\\^${LOG_ROWS}`),
  "dropped query": /1 quer.*2|2 quer.*1/,
  "missing quotient opening": /query 1: no quotient opening/,
};

type Fixture = { pk: ProvingKey; proof: StarkProof; circ: WrapCircuit; compiled: CompiledCircuit };

async function fixture(pkP: Promise<ProvingKey>, traces: Parameters<typeof prove>[1], opts: Parameters<typeof generateStarkVerifierCircuit>[1]): Promise<Fixture> {
  const pk = await pkP;
  const { proof } = await prove(pk, traces);
  const circ = generateStarkVerifierCircuit(pk.vk, opts);
  const compiled = await compile(circ);
  return { pk, proof, circ, compiled };
}

/**
 * Every tamper is rejected by the TS verifier, and the circuit fails at the constraint of
 * the check that rejected it; a tamper of the proof's shape has no circuit input, and
 * input() says why (`shapeTampers`: the tamper's name and the expected message).
 */
function describeTamperAgreement(fixture: () => Fixture, tampers: Tamper[], shapeTampers: Record<string, RegExp>): void {
  describe("the TS verifier and the circuit agree on tampered proofs", () => {
    for (const t of tampers) {
      it(t.name, async () => {
        const f = fixture();
        const bad = cloneProof(f.proof);
        const restore = wrapQueries(bad);
        t.apply(bad);
        restore();
        const r = verify(f.pk.vk, bad);
        expect(r.ok, "TS verify").to.equal(false);
        if (t.name in shapeTampers) {
          expect(() => f.circ.input(bad)).to.throw(Error, shapeTampers[t.name]);
          return;
        }
        if (!r.ok) await expectFailsAt(f.compiled, f.circ, f.circ.input(bad), labelForCheck(r.check), `${t.name} (TS: ${r.check})`);
      });
    }
  });
}

/** TS verify rejects with `check` and the circuit fails at the constraint of that check, for a tampered copy of f.proof. */
async function expectBothReject(f: Fixture, tamper: (p: StarkProof) => void, what: string, check: string): Promise<void> {
  const bad = cloneProof(f.proof);
  tamper(bad);
  const r = verify(f.pk.vk, bad);
  expect(r.ok, `${what}: TS verify`).to.equal(false);
  if (!r.ok) expect(r.check, `${what}: ${r.reason}`).to.equal(check);
  await expectFailsAt(f.compiled, f.circ, f.circ.input(bad), labelForCheck(check), `${what}: circuit`);
}

describe("wrap circuit: fibonacci-statement (one table, statement digest)", () => {
  let f: Fixture;
  let statement: Uint8Array;

  before(async () => {
    const tr = fibonacciStatementTrace(LOG_ROWS, 3, 5);
    statement = tr.statement;
    f = await fixture(setup(NO_POW, [fibonacciStatementAir]), [{ main: tr.main, publicValues: tr.publicValues }],
      { tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET } });
  });

  it("an honest proof verifies in TS and in the circuit; public signals are [vkDigest, statementDigest]", async () => {
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    const wtns = await witnessOk(f.compiled, f.circ.input(f.proof));
    try {
      const w = await readWitness(wtns);
      expect(w[0]).to.equal(1n);
      expect([w[1], w[2]]).to.deep.equal([f.circ.vkDigest, f.circ.statementDigest(f.proof)]);
    } finally {
      fs.rmSync(wtns, { force: true });
    }
    // the on-chain definition (wrapper/solidity/statement.ts) of the same statement bytes
    expect(f.circ.statementDigest(f.proof)).to.equal(statementDigest(statement));
    expect(f.circ.statementDigest(f.proof)).to.not.equal(0n);
    // the top limb has bits above 13 set, so the truncation to 253 bits is exercised
    expect(f.proof.tables[0].publicValues[STATEMENT_OFFSET]).to.be.at.least(1 << 13);
    expect(f.compiled.publicInputs).to.equal(2);
  });

  describeTamperAgreement(() => f, TAMPERS, SHAPE_TAMPERS);

  it("input() names the query count for a proof with a dropped query", () => {
    const bad = cloneProof(f.proof);
    bad.queries.pop();
    expect(() => f.circ.input(bad)).to.throw(Error, /1 quer.*2|2 quer.*1/);
  });

  it("rejects wrong public inputs (vkDigest + 1, statementDigest + 1)", async () => {
    const input = f.circ.input(f.proof);
    for (const key of ["vkDigest", "statementDigest"]) {
      const bad = cloneInput(input);
      bad[key] = (BigInt(bad[key] as string) + 1n).toString();
      const at = await expectFailsAt(f.compiled, f.circ, bad, /./, key);
      expect(at.line, key).to.match(new RegExp(`^${key} === `));
    }
  });

  it("rejects a statement limb that disagrees with the statementDigest public input", async () => {
    // change a digest limb in the proof but keep the honest statementDigest signal
    const bad = cloneProof(f.proof);
    bad.tables[0].publicValues[STATEMENT_OFFSET + 7] ^= 1;
    const input = { ...f.circ.input(bad), statementDigest: f.circ.statementDigest(f.proof).toString() };
    const at = await expectFailsAt(f.compiled, f.circ, input, /./, "limb");
    expect(at.line).to.match(/^statementDigest === /);
  });

  it("rejects a proof made with another key (other parameters; another AIR of the same shape)", async () => {
    const pk3 = await setup({ ...NO_POW, numQueries: 3 }, [fibonacciStatementAir]);
    const tr = fibonacciStatementTrace(LOG_ROWS, 3, 5);
    const { proof: p3 } = await prove(pk3, [{ main: tr.main, publicValues: tr.publicValues }]);
    expect(verify(pk3.vk, p3).ok).to.equal(true);
    const r3 = verify(f.pk.vk, p3);
    expect(r3.ok ? "" : r3.check).to.equal("parameters");
    expect(() => f.circ.input(p3)).to.throw(Error, /wrap input: the proof does not have this key's shape: .*3 queries, expected 2/);

    // the same constraints under another name: another key, identical proof shape
    const twin = makeFibonacciStatementAir("fibonacci-statement-twin");
    const pkT = await setup(NO_POW, [twin]);
    expect([...pkT.vk.digest]).to.not.deep.equal([...f.pk.vk.digest]);
    const { proof: pT } = await prove(pkT, [{ main: tr.main, publicValues: tr.publicValues }]);
    expect(verify(pkT.vk, pT).ok).to.equal(true);
    const rT = verify(f.pk.vk, pT);
    expect(rT.ok ? "" : rT.check).to.equal("vk");
    // the circuit has this key's digest built into its transcript: other challenges, so the twin's OOD values fail at z
    await expectFailsAt(f.compiled, f.circ, f.circ.input(pT), labelForCheck("constraints"), "twin key");
  });

  it("rejects non-canonical row values (2^31 + v, v + p; a public value 3 + p)", async () => {
    const input = f.circ.input(f.proof);
    const row = input.q0_main_row0 as string[];
    expect(row, "input q0_main_row0").to.be.an("array").with.length(2);
    const v = BigInt(row[0]);
    for (const nv of [(1n << 31n) + v, v + P]) {
      const bad = cloneInput(input);
      (bad.q0_main_row0 as string[])[0] = nv.toString();
      // both are above 2^31 here: the range check of that very input fails
      const at = await expectFailsAt(f.compiled, f.circ, bad, /^==== query 0$/, `row value ${nv}`);
      expect(at.template).to.equal("RangeCheck");
      expect(at.line).to.match(/RangeCheck\(31\); rc_\d+\.in <== q0_main_row0\[0\];$/);
    }
    // a public value replaced by a congruent, non-canonical one below 2^31 (a0 = 3 -> 3 + p):
    // it passes the 31-bit range check but is observed by the transcript as another value
    const pv = input.publicValues_0 as string[];
    expect(pv[0]).to.equal("3");
    const bad = cloneInput(input);
    (bad.publicValues_0 as string[])[0] = (3n + P).toString();
    await expectFailsAt(f.compiled, f.circ, bad, labelForCheck("constraints"), "non-canonical public value");
  });

  it("generator errors: hash suite, statement location, proof height", async () => {
    const pkDefault = await setup(TEST_CONFIG_INSECURE, [fibonacciStatementAir]);
    expect(() => generateStarkVerifierCircuit(pkDefault.vk, { tableLogRows: [LOG_ROWS], statement: null }))
      .to.throw(Error, new RegExp(`poseidon-bn254.*${TEST_CONFIG_INSECURE.hashSuite}`));
    for (const statement of [{ table: 0, offset: 4 }, { table: 0, offset: -1 }, { table: 1, offset: 0 }]) {
      expect(() => generateStarkVerifierCircuit(f.pk.vk, { tableLogRows: [LOG_ROWS], statement }), JSON.stringify(statement))
        .to.throw(Error, /statement needs public values/);
    }
    expect(() => generateStarkVerifierCircuit(f.pk.vk, { tableLogRows: [LOG_ROWS, LOG_ROWS], statement: null }))
      .to.throw(Error, /2 table heights for 1 tables/);
    // a statement limb that is not a 16-bit value cannot be packed
    const wide = cloneProof(f.proof);
    wide.tables[0].publicValues[STATEMENT_OFFSET + 2] = 65536;
    expect(() => f.circ.statementDigest(wide)).to.throw(Error, /limb 2.*16-bit/);

    const tr = fibonacciStatementTrace(LOG_ROWS + 1, 3, 5);
    const { proof: tall } = await prove(f.pk, [{ main: tr.main, publicValues: tr.publicValues }]);
    expect(verify(f.pk.vk, tall).ok).to.equal(true); // a valid proof, of another height
    expect(() => f.circ.input(tall)).to.throw(Error, new RegExp(`table 0 has 2\\^${LOG_ROWS + 1} rows.*generated for 2\\^${LOG_ROWS}`));
  });

  it("fits CI's 2^16 development ptau (prints the R1CS / PLONK counts)", () => {
    const c = f.compiled;
    console.log(`      fibonacci-statement 2^${LOG_ROWS}, WRAP_TEST_CONFIG_INSECURE: r1cs ${c.r1csConstraints}, PLONK ${c.plonkConstraints} (ptau 2^${plonkPtauPower(c.plonkConstraints)}), wires ${c.wires}, public ${c.publicInputs}, private ${c.privateInputs}`);
    const r = f.circ.report;
    console.log(`      report: products ${r.products}, reductions ${r.reductions}, range checks ${r.rangeChecks} (${r.rangeBits} bits), transcript perms ${r.transcriptPermutations}, leaf perms ${r.leafPermutations}, compressions ${r.compressions}`);
    expect(c.plonkConstraints).to.be.greaterThan(0);
    expect(c.plonkConstraints).to.be.below(1 << 16);
    expect(plonkPtauPower(c.plonkConstraints)).to.be.at.most(16);
    expect(r.queries).to.equal(WRAP_TEST_CONFIG_INSECURE.numQueries);
    // every query's checks in one shared sub-template (V8's wasm function limit; templates.ts)
    expect(f.circ.source.match(/^template WrapQuery\w*\(/gm), "query templates").to.have.length(1);
    expect(f.circ.source.match(/^\s*component \w+ = WrapQuery\(\);$/gm), "query instances").to.have.length(r.queries);
    expect(r.tables).to.deep.equal([{ air: fibonacciStatementAir.name, logRows: LOG_ROWS, columns: 2, constraints: fibonacciStatementAir.constraintNames.length }]);
  });
});

describe("wrap circuit: two tables (two heights, LogUp bus, challenges)", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(NO_POW, [sendTableAir, receiveTableAir]), twoTableTraces(5, 3),
      { tableLogRows: [5, 3], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit (statementDigest 0)", async () => {
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    expect(f.proof.tables.map((t) => t.logRows)).to.deep.equal([5, 3]);
    expect(f.circ.statementDigest(f.proof)).to.equal(0n);
    const wtns = await witnessOk(f.compiled, f.circ.input(f.proof));
    try {
      const w = await readWitness(wtns);
      expect([w[1], w[2]]).to.deep.equal([f.circ.vkDigest, 0n]);
    } finally {
      fs.rmSync(wtns, { force: true });
    }
  });

  it("a tampered cumulative sum (table 0, +1) is rejected by both", async () => {
    const idx = f.pk.vk.airs[0].cumulativeSumIndex;
    expect(idx).to.be.at.least(0);
    await expectBothReject(f, (p) => bump(p.tables[0].auxPublic, 4 * idx), "cumulative sum", "bus");
    // both sums moved by +-1 still add to zero: the bus balances, the transcript does not
    await expectBothReject(f, (p) => {
      bump(p.tables[0].auxPublic, 4 * idx, 1);
      bump(p.tables[1].auxPublic, 4 * f.pk.vk.airs[1].cumulativeSumIndex, -1);
    }, "balanced cumulative sums", "constraints");
  });

  it("the circuit's statementDigest input must be 0 without a statement", async () => {
    const input = { ...f.circ.input(f.proof), statementDigest: "1" };
    const at = await expectFailsAt(f.compiled, f.circ, input, /./, "statementDigest 1");
    expect(at.line).to.equal("statementDigest === 0;");
  });

  it("a tampered aux opening or aux row is rejected by both", async () => {
    await expectBothReject(f, (p) => bump(p.tables[1].openings.auxZ, 0), "auxZ of table 1", "constraints");
    await expectBothReject(f, (p) => bump(p.queries[1].aux!.rows[1], 0), "aux row of table 1", "merkle:aux");
  });
});

describe("wrap circuit: range-check (preprocessed columns)", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]), [rangeCheckTrace()],
      { tableLogRows: [8], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit", async () => {
    expect(f.pk.vk.prepRoot).to.not.equal(null);
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(f.proof)), { force: true });
  });

  it("a tampered preprocessed opening row is rejected by both", async () => {
    await expectBothReject(f, (p) => bump(p.queries[0].prep!.rows[0], 0), "prep row", "merkle:preprocessed");
    await expectBothReject(f, (p) => bump(p.tables[0].openings.prepZ, 0), "prep OOD value", "constraints");
  });

  it("the key's preprocessed height is checked at generation", () => {
    expect(() => generateStarkVerifierCircuit(f.pk.vk, { tableLogRows: [7], statement: null })).to.throw(Error, /preprocessed columns of height 2\^8/);
  });
});

describe("wrap circuit: a preprocessed tree shorter than the query domain", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(NO_POW, [shortLookupUserAir, shortLookupTableAir], [null, shortLookupPreprocessed(3)]),
      shortLookupTraces(5, 3), { tableLogRows: [5, 3], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit (the short tree opened at the scaled index)", async () => {
    const logBlowup = WRAP_TEST_CONFIG_INSECURE.logBlowup;
    expect(f.proof.queries[0].prep!.path.length).to.equal(3 + logBlowup);
    expect(f.proof.queries[0].main!.path.length).to.equal(5 + logBlowup);
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(f.proof)), { force: true });
  });

  it("a tampered row or path node of the short tree is rejected by both", async () => {
    await expectBothReject(f, (p) => bump(p.queries[1].prep!.rows[0], 0), "prep row", "merkle:preprocessed");
    await expectBothReject(f, (p) => bump(p.queries[0].prep!.path[1], 0), "prep path node", "merkle:preprocessed");
  });
});

describe("wrap circuit: Merkle caps (format 3: each tree committed by 2^c digests, paths c nodes short)", () => {
  const CAPPED = { ...NO_POW, merkleCapHeight: 2 };
  const airs = [shortLookupUserAir, shortLookupTableAir];
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(CAPPED, airs, [null, shortLookupPreprocessed(3)]), shortLookupTraces(5, 3), { tableLogRows: [5, 3], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit, with fewer compressions than the uncapped circuit", async () => {
    expect(f.proof.version).to.equal(3);
    expect(f.proof.quotientRoot.length).to.equal(8 * 4);
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(f.proof)), { force: true });
    const plain = await setup(NO_POW, airs, [null, shortLookupPreprocessed(3)]);
    const uncapped = generateStarkVerifierCircuit(plain.vk, { tableLogRows: [5, 3], statement: null });
    expect(f.circ.report.compressions).to.be.below(uncapped.report.compressions);
  });

  // these tables have no public values: that tamper has nothing to change
  describeTamperAgreement(() => f, TAMPERS.filter((t) => t.name !== "public value"),
    Object.fromEntries(Object.keys(SHAPE_TAMPERS).map((k) => [k, /./])));

  it("a changed digest anywhere in a cap, and an opening of another row, are rejected by both", async () => {
    for (const j of [1, 3]) {
      const bad = cloneProof(f.proof);
      bump(bad.quotientRoot, 8 * j);
      const r = verify(f.pk.vk, bad);
      expect(r.ok, `cap digest ${j}: TS verify`).to.equal(false);
      if (!r.ok) await expectFailsAt(f.compiled, f.circ, f.circ.input(bad), labelForCheck(r.check), `cap digest ${j} (TS: ${r.check})`);
    }
    await expectBothReject(f, (p) => void (p.queries[0].quotient = p.queries[1].quotient), "another row's quotient opening", "merkle:quotient");
    await expectBothReject(f, (p) => bump(p.queries[1].prep!.path[0], 0), "prep path node", "merkle:preprocessed");
  });

  it("a cap of the wrong length has no circuit input", () => {
    const bad = cloneProof(f.proof);
    bad.mainRoot = bad.mainRoot!.slice(8);
    expect(() => f.circ.input(bad)).to.throw(Error);
  });
});

describe("wrap circuit: selectors 0/1 (first-, transition- and last-gated terms in one constraint)", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(NO_POW, [gatedSelectorsAir]), [gatedSelectorsTrace(LOG_ROWS)], { tableLogRows: [LOG_ROWS], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit", async () => {
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(f.proof)), { force: true });
  });

  it("a trace breaking the transition term, proved past the prover's own check, is rejected by both", async () => {
    const t = gatedSelectorsTrace(LOG_ROWS);
    t.main[1][1] = (t.main[1][1] + 1) % P_NUM; // b' = b + a fails on row 0, where first and transition add
    const { proof } = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => prove(f.pk, [t]));
    const r = verify(f.pk.vk, proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("constraints");
    await expectFailsAt(f.compiled, f.circ, f.circ.input(proof), labelForCheck("constraints"), "gated sum broken on row 0: circuit");
  });
});

describe("wrap circuit: synthetic (degree 3, two quotient chunks)", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(setup(NO_POW, [syntheticAir(4)]), [syntheticTrace(4, 4)], { tableLogRows: [4], statement: null });
  });

  it("an honest proof verifies in TS and in the circuit", async () => {
    // 2 chunks, each an extension element split into 4 base columns, opened as 4 words each
    expect(quotientChunks(f.pk.vk.airs[0])).to.equal(2);
    expect(f.proof.tables[0].openings.quotientZ.length).to.equal(2 * 4 * 4);
    expect(verify(f.pk.vk, f.proof)).to.deep.equal({ ok: true });
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(f.proof)), { force: true });
  });

  it("a tampered quotient OOD value (either chunk) is rejected by both", async () => {
    await expectBothReject(f, (p) => bump(p.tables[0].openings.quotientZ, 1), "quotient chunk 0", "constraints");
    await expectBothReject(f, (p) => bump(p.tables[0].openings.quotientZ, 16 + 6), "quotient chunk 1", "constraints");
  });
});
