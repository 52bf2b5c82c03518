// End to end: the STARK verifier of a Fibonacci proof, recorded as a recursion program
// (verifier-program.ts), proved with the recursion chips' table set and verified. The
// recursion key depends on the inner key and the proof's shape only: a second Fibonacci
// proof records the same program and proves under the same key. A tampered recursion
// proof is rejected, and so is a recursion proof forced through for a bad inner proof.
// RECURSION_TWO_LAYERS=1 adds the second layer: the verifier of the recursion proof
// itself (ten tables, preprocessed columns), recorded and proved by the same chips
// (~84k operations at the test preset, ~30 s on the shared machine).
import { expect } from "chai";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkProof } from "../../prover/stark/index.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { P } from "../../prover/field/babybear.ts";
import { recordVerifier } from "../../wrapper/recursion/verifier-program.ts";
import { programStats, programsEqual } from "../../wrapper/recursion/program.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { setupRecursion, proveRecursion, verifyRecursion } from "../../wrapper/recursion/prove.ts";
import { recursionShape, recursionTraces } from "../../wrapper/recursion/tables.ts";

describe("recursion chips end to end: a Fibonacci proof's verifier, proved", function () {
  this.timeout(600_000);
  const inner = { pk: null as Awaited<ReturnType<typeof setup>> | null };
  let recursion: Awaited<ReturnType<typeof setupRecursion>>;
  let rec: ReturnType<typeof recordVerifier>;
  let outer: Awaited<ReturnType<typeof proveRecursion>>;

  before(async () => {
    inner.pk = await setup(TEST_CONFIG_INSECURE, [fibonacciAir]);
  });

  async function innerProof(a0: number, b0: number): Promise<StarkProof> {
    const { proof } = await prove(inner.pk!, [fibonacciTrace(4, a0, b0)]);
    expect(verify(inner.pk!.vk, proof)).to.deep.equal({ ok: true });
    return proof;
  }

  it("records the verifier, proves the recorded program with the chips and verifies the recursion proof", async () => {
    const proof = await innerProof(0, 1);
    const t0 = performance.now();
    rec = recordVerifier(inner.pk!.vk, proof);
    const t1 = performance.now();
    recursion = await setupRecursion(rec.program, TEST_CONFIG_INSECURE);
    const t2 = performance.now();
    outer = await proveRecursion(recursion.pk, rec);
    const t3 = performance.now();
    expect(verifyRecursion(recursion.vk, outer.proof, outer.publicValues)).to.deep.equal({ ok: true });
    // figures for the report (never asserted on)
    const rows = recursionShape(rec.program).map((s) => `${s.chip} ${s.ops}/${s.rows}`).join(", ");
    console.log(`      ${rec.program.order.kind.length} operations ${JSON.stringify(programStats(rec.program))}; ` +
      `ops/rows: ${rows}; record ${(t1 - t0).toFixed(0)} ms, setup ${(t2 - t1).toFixed(0)} ms, prove ${(t3 - t2).toFixed(0)} ms`);
  });

  it("another Fibonacci proof records the same program: the same recursion key proves it", async () => {
    const proof = await innerProof(2, 3);
    const rec2 = recordVerifier(inner.pk!.vk, proof);
    expect(programsEqual(rec2.program, rec.program)).to.equal(true);
    const r = await proveRecursion(recursion.pk, rec2);
    expect(verifyRecursion(recursion.vk, r.proof, r.publicValues)).to.deep.equal({ ok: true });
  });

  it("a tampered recursion proof is rejected", () => {
    const bad = structuredClone(outer.proof);
    const t = bad.tables.findIndex((x) => x.openings.mainZ.length > 0);
    bad.tables[t].openings.mainZ[0] = (bad.tables[t].openings.mainZ[0] + 1) % P;
    expect(verifyRecursion(recursion.vk, bad, outer.publicValues).ok).to.equal(false);
    const bad2 = structuredClone(outer.proof);
    bad2.friFinalPoly[0] = (bad2.friFinalPoly[0] + 1) % P;
    expect(verifyRecursion(recursion.vk, bad2, outer.publicValues).ok).to.equal(false);
  });

  it("a bad inner proof: the interpreter refuses its witness, and a recursion proof forced through is rejected", async () => {
    const proof = await innerProof(0, 1);
    const bad = structuredClone(proof);
    bad.tables[0].publicValues[2] = (bad.tables[0].publicValues[2] + 1) % P; // another 'out'
    expect(verify(inner.pk!.vk, bad).ok).to.equal(false);
    expect(() => recordVerifier(inner.pk!.vk, bad)).to.throw();
    const lenient = recordVerifier(inner.pk!.vk, bad, { lenient: true });
    expect(lenient.failures.length).to.be.greaterThan(0);
    expect(programsEqual(lenient.program, rec.program)).to.equal(true);
    expect(() => runProgram(lenient.program, lenient.witness)).to.throw();
    // the evil prover: traces from the lenient memory, the proof forced through
    const traces = recursionTraces(lenient.program, lenient.memory, new Uint32Array(0));
    const { proof: forced } = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => prove(recursion.pk.stark, traces));
    expect(verifyRecursion(recursion.vk, forced, new Uint32Array(0)).ok).to.equal(false);
  });

  (process.env.RECURSION_TWO_LAYERS === "1" ? it : it.skip)("two layers: the recursion proof's own verifier, recorded, is proved by the same chips", async () => {
    const rec2 = recordVerifier(recursion.vk.stark, outer.proof);
    const keys2 = await setupRecursion(rec2.program, TEST_CONFIG_INSECURE);
    const t0 = performance.now();
    const r = await proveRecursion(keys2.pk, rec2);
    expect(verifyRecursion(keys2.vk, r.proof, r.publicValues)).to.deep.equal({ ok: true });
    const rows = recursionShape(rec2.program).map((s) => `${s.chip} ${s.ops}/${s.rows}`).join(", ");
    console.log(`      layer 2: ${rec2.program.order.kind.length} operations; ops/rows: ${rows}; prove ${(performance.now() - t0).toFixed(0)} ms`);
  });
});
