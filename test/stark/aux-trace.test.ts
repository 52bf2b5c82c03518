// The LogUp aux traces built on the worker pool (prover/stark/aux-trace.ts: every table's
// rows split into ranges, all tables at once) are the single-thread generateAux's, word
// for word, whatever the mix of tables; and they still tell a balanced bus from one that
// is not.
import { expect } from "chai";
import { generateAux } from "../../prover/air/logup.ts";
import { generateAuxTraces, type AuxJob } from "../../prover/stark/aux-trace.ts";
import { permutationAir, permutationTrace } from "../../prover/air/examples/permutation.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { getPool } from "../../prover/parallel/pool.ts";
import { extAdd, isZero, type Ext } from "../../prover/field/extension.ts";

const challenges = Uint32Array.of(123456789, 42, 7, 1999, 987654321, 5, 77, 31337);
const job = (air: AuxJob["air"], t: { main: Uint32Array[]; publicValues: Uint32Array }): AuxJob =>
  ({ air, main: t.main, preprocessed: [], publicValues: t.publicValues, challenges: challenges.subarray(0, 4 * air.numChallenges) });
const sumOf = (a: Uint32Array): Ext => a.slice(0, 4);

describe("STARK: LogUp aux traces on the worker pool", () => {
  it("runs on worker threads here", () => {
    expect(getPool().size).to.be.at.least(2);
  });

  it("equal generateAux's columns and sums for tall, short and bus-less tables together", async () => {
    const [send, receive] = twoTableTraces(14, 12); // 2^14 rows: split into ranges; 2^12: one task
    const jobs = [job(permutationAir, permutationTrace(13)), job(fibonacciAir, fibonacciTrace(10)), job(sendTableAir, send), job(receiveTableAir, receive)];
    const parallel = await generateAuxTraces(jobs);
    expect(parallel[1]).to.deep.equal({ aux: [], auxPublic: new Uint32Array(0) });
    for (const [t, j] of jobs.entries()) {
      const one = generateAux(j.air, j.main, j.preprocessed, j.publicValues, j.challenges);
      expect(parallel[t].aux.length, j.air.name).to.equal(one.aux.length);
      parallel[t].aux.forEach((c, i) => expect(Buffer.from(c.buffer).equals(Buffer.from(one.aux[i].buffer)), `${j.air.name} aux column ${i}`).to.equal(true));
      expect([...parallel[t].auxPublic], j.air.name).to.deep.equal([...one.auxPublic]);
    }
    // the two tables' sums cancel; the permutation's own sum is zero
    expect(isZero(extAdd(sumOf(parallel[2].auxPublic), sumOf(parallel[3].auxPublic)))).to.equal(true);
    expect(isZero(sumOf(parallel[0].auxPublic))).to.equal(true);
  });

  it("a value sent but not received leaves the two tables' sums apart", async () => {
    const [send, receive] = twoTableTraces(14, 12);
    send.main[0][9000] = (send.main[0][9000] + 1) % 4096; // the receiver's counts no longer match
    const [a, b] = await generateAuxTraces([job(sendTableAir, send), job(receiveTableAir, receive)]);
    expect(isZero(extAdd(sumOf(a.auxPublic), sumOf(b.auxPublic)))).to.equal(false);
  });

  it("refuses too few challenges, as generateAux does", async () => {
    const [send] = twoTableTraces(13, 12);
    await generateAuxTraces([{ ...job(sendTableAir, send), challenges: challenges.subarray(0, 4) }]).then(
      () => expect.fail("accepted 4 challenge words"),
      (e: Error) => expect(e.message).to.match(/gamma and beta/),
    );
  });
});
