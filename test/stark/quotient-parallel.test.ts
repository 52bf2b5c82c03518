// The parallel quotient path (prover/stark/quotient.ts -> quotient-worker.ts on worker
// threads, taken at >= 2^12 LDE points when the pool has >= 2 threads) with the default
// preset: an honest proof verifies, a lie about the quotient is caught by 'constraints',
// and a trace that breaks a constraint is refused by the degree check after the
// workers' evaluation.
import { expect } from "chai";
import { setup, prove, verify, DEFAULT_CONFIG, type ProvingKey } from "../../prover/stark/index.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { add, P } from "../../prover/field/babybear.ts";
import { warmQuotientEvaluators } from "../../prover/stark/quotient.ts";
import { encodeProof } from "../../prover/stark/proof-codec.ts";
import { syntheticAir, syntheticTrace } from "../../prover/air/examples/synthetic.ts";

const LOG_ROWS = 10; // 2^10 rows, blowup 4: 2^12 LDE points, the workers' threshold

describe("STARK: the parallel quotient path, default preset", () => {
  let pk: ProvingKey;
  before(async () => {
    pk = await setup(DEFAULT_CONFIG, [fibonacciAir]);
  });

  it("runs on worker threads here (a pool of >= 2 threads; set ZKVM_THREADS=2 on a one-core machine)", () => {
    expect(getPool().size).to.be.at.least(2);
    expect(fibonacciAir.moduleSource, "the AIR ships its evaluator's source to the workers").to.be.a("string");
    expect(LOG_ROWS + DEFAULT_CONFIG.logBlowup).to.be.at.least(12);
  });

  it("warming the workers' evaluators first (in the background, as the CLI does) leaves the proof the same, byte for byte", async () => {
    const wide = syntheticAir(150); // a multi-group evaluator
    const pkWide = await setup(DEFAULT_CONFIG, [wide]);
    const trace = syntheticTrace(LOG_ROWS, 150);
    const before = encodeProof((await prove(pkWide, [trace])).proof).bytes;
    const warming = warmQuotientEvaluators([wide, fibonacciAir]);
    void warmQuotientEvaluators([wide]); // a second call sends nothing
    expect(await warming, "every thread ran every evaluator over the warm-up's inputs").to.equal(true);
    const after = await prove(pkWide, [trace]);
    expect(verify(pkWide.vk, after.proof)).to.deep.equal({ ok: true });
    expect(Buffer.from(encodeProof(after.proof).bytes).equals(Buffer.from(before))).to.equal(true);
  });

  it("an honest proof verifies; a quotient chunk shifted before commitment fails 'constraints'", async () => {
    const { proof } = await prove(pk, [fibonacciTrace(LOG_ROWS)]);
    expect(proof.tables[0].logRows).to.equal(LOG_ROWS);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const lie = await withProverTestHooks({
      quotient: (_t, coeffs, chunksRev) => {
        coeffs[0][0] = add(coeffs[0][0], 1);
        for (let i = 0; i < chunksRev[0].length; i++) chunksRev[0][i] = add(chunksRev[0][i], 1);
      },
    }, async () => (await prove(pk, [fibonacciTrace(LOG_ROWS)])).proof);
    const r = verify(pk.vk, lie);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("constraints");
  });

  it("refuses a trace that breaks a constraint, naming it and the row", async () => {
    const tr = fibonacciTrace(LOG_ROWS);
    tr.main[1][700] = (tr.main[1][700] + 1) % P;
    await prove(pk, [tr]).then(
      () => expect.fail("the prover accepted a broken trace"),
      (e: Error) => expect(e.message).to.match(/fibonacci.*fib step.*row 699/),
    );
  });
});
