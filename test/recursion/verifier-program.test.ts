// The recursion program of a STARK key, recorded from the one verifier
// (prover/stark/verifier.ts) over the recording backend: it accepts what the native
// verifier accepts (the interpreter re-runs it to the builder's memory), it depends on
// the key and the proof's shape only, and it rejects a tampered proof under the check
// name the native verifier gives, as does the interpreter given the tampered witness.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, DEFAULT_CONFIG, type StarkProof, type StarkConfig } from "../../prover/stark/index.ts";
import type { ProvingKey } from "../../prover/stark/keys.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { fibonacciStatementAir, fibonacciStatementTrace } from "../../prover/air/examples/fibonacci-statement.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { recordVerifier, type RecordOptions } from "../../wrapper/recursion/verifier-program.ts";
import { RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { programStats, programsEqual } from "../../wrapper/recursion/program.ts";
import { POSEIDON_BN254_SUITE_ID } from "../../prover/hash/poseidon-bn254-suite.ts";
import { cloneProof, bump } from "../stark/tamper.ts";
import { withProverTestHooks, type ProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { keysFor } from "../chips/harness.ts";
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";
import { proveProgram, verifyRun } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { statementPublicValues } from "../../prover/chips/statement.ts";
import { deriveChallenges, shareOfRoot, sumShares } from "../../prover/zkvm/shares.ts";

const FAST: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 4 };
const challenges = Uint32Array.from({ length: 8 }, (_, i) => 12345 + 1000 * i);

/** Records, re-runs under the interpreter, and checks the memory agrees. */
function recordAndRun(pk: ProvingKey, proof: StarkProof, opts: RecordOptions = {}) {
  const rec = recordVerifier(pk.vk, proof, opts);
  const run = runProgram(rec.program, rec.witness);
  expect(run.memory.length).to.equal(rec.memory.length);
  expect(run.memory.every((v, i) => v === rec.memory[i]), "interpreter memory = builder memory").to.equal(true);
  return rec;
}

describe("recursion: the verifier program recorded from verifier.ts", function () {
  this.timeout(600_000);

  describe("honest proofs of the example AIRs are accepted, and the program depends on key and shape only", () => {
    it("fibonacci (public values): two proofs with other inputs record the same program", async () => {
      const pk = await setup(FAST, [fibonacciAir]);
      const a = (await prove(pk, [fibonacciTrace(6)])).proof;
      const b = (await prove(pk, [fibonacciTrace(6, 3, 7)])).proof;
      const ra = recordAndRun(pk, a), rb = recordAndRun(pk, b);
      expect(programsEqual(ra.program, rb.program)).to.equal(true);
      expect(ra.witness.length).to.equal(rb.witness.length);
      expect(Array.from(ra.witness)).to.not.deep.equal(Array.from(rb.witness));
      // another height is another shape, so another program
      const c = (await prove(pk, [fibonacciTrace(7)])).proof;
      expect(programsEqual(ra.program, recordAndRun(pk, c).program)).to.equal(false);
    });

    it("fibonacci with a statement (19 public values)", async () => {
      const pk = await setup(FAST, [fibonacciStatementAir]);
      const a = (await prove(pk, [fibonacciStatementTrace(5)])).proof;
      const b = (await prove(pk, [fibonacciStatementTrace(5, 2, 9)])).proof;
      expect(programsEqual(recordAndRun(pk, a).program, recordAndRun(pk, b).program)).to.equal(true);
    });

    it("two tables on a LogUp bus (heights 2^7 and 2^4: a shorter table rolled into FRI)", async () => {
      const pk = await setup(FAST, [sendTableAir, receiveTableAir]);
      const a = (await prove(pk, twoTableTraces(7, 4))).proof;
      const [ta, tb] = twoTableTraces(7, 4);
      ta.main[0].reverse(); // the same multiset of values, another trace
      const b = (await prove(pk, [ta, tb])).proof;
      expect(programsEqual(recordAndRun(pk, a).program, recordAndRun(pk, b).program)).to.equal(true);
    });

    it("a lifted proof (format 2) of two tables of 2^7 and 2^4 rows; a tampered short-table row is refused as the native verifier refuses it", async () => {
      const pk = await setup(liftedConfig(FAST), [sendTableAir, receiveTableAir]);
      const { proof } = await prove(pk, twoTableTraces(7, 4));
      const rec = recordAndRun(pk, proof);
      expect(rec.program.poseidon2.input.length).to.be.greaterThan(0);
      const bad = cloneProof(proof);
      bump(bad.queries[1].main!.rows[1], 0);
      const r = verify(pk.vk, bad);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.check).to.equal("merkle:main");
      expect(() => recordVerifier(pk.vk, bad)).to.throw(RecursionAssertError).with.property("label", "merkle:main");
    });

    it("lifted proofs with heights as values: tables of 2^7 and 2^4, 2^6 and 2^7, 2^7 and 2^7 rows record ONE program; a forged height is refused", async () => {
      const pk = await setup(liftedConfig(FAST), [sendTableAir, receiveTableAir]);
      const heights = { logMaxRows: 7, minLogRows: 2 };
      const shapes: Array<[number, number]> = [[7, 4], [6, 7], [7, 7]];
      const recs = [];
      for (const [a, b] of shapes) {
        const { proof } = await prove(pk, twoTableTraces(a, b));
        recs.push(recordAndRun(pk, proof, { heights }));
      }
      expect(programsEqual(recs[0].program, recs[1].program)).to.equal(true);
      expect(programsEqual(recs[0].program, recs[2].program)).to.equal(true);
      // a shape whose tallest table is shorter is another program's (the trees and FRI follow the tallest)
      const { proof: short } = await prove(pk, twoTableTraces(6, 4));
      expect(() => recordVerifier(pk.vk, short, { heights })).to.throw(/shape|2\^6 rows/);
      // the proof of (7, 4) claiming (7, 5): the statement moves, so its openings fail
      const { proof } = await prove(pk, twoTableTraces(7, 4));
      const forged = cloneProof(proof);
      forged.tables[1].logRows = 5;
      const r = verify(pk.vk, forged);
      expect(r.ok).to.equal(false);
      expect(() => recordVerifier(pk.vk, forged, { heights })).to.throw();
      // the witnessed height bits of an honest recording, swapped for another height: the interpreter refuses
      const rec = recordVerifier(pk.vk, proof, { heights });
      const lenient = recordVerifier(pk.vk, forged, { heights, lenient: true });
      expect(programsEqual(lenient.program, rec.program)).to.equal(true);
      expect(lenient.failures.length).to.be.greaterThan(0);
      expect(() => runProgram(rec.program, lenient.witness)).to.throw();
    });

    it("preprocessed columns (a byte range check by lookup)", async () => {
      const pk = await setup(FAST, [rangeCheckAir], [rangeCheckPreprocessed()]);
      const a = (await prove(pk, [rangeCheckTrace()])).proof;
      const b = (await prove(pk, [rangeCheckTrace(Array.from({ length: 256 }, (_, i) => (i * 7) & 255))])).proof;
      expect(programsEqual(recordAndRun(pk, a).program, recordAndRun(pk, b).program)).to.equal(true);
    });

    it("a zkVM-style segment: challenges given from outside (witnesses), the bus left to the caller", async () => {
      const pk = await setup(FAST, [sendTableAir]);
      const [a] = twoTableTraces(6, 4);
      const { proof } = await prove(pk, [a], { challenges });
      expect(verify(pk.vk, proof, { challenges, busBalance: false })).to.deep.equal({ ok: true });
      const rec = recordAndRun(pk, proof, { challenges, busBalance: false });
      expect(rec.values.challenges.length).to.equal(2);
      const sum = rec.values.busSums[0]!.addr;
      expect(Array.from(rec.memory.subarray(4 * sum, 4 * sum + 4))).to.deep.equal(Array.from(proof.tables[0].auxPublic.subarray(0, 4)));
      // alone, its bus does not balance: the recorder says 'bus' as the native verifier does
      expect(verify(pk.vk, proof, { challenges }).ok).to.equal(false);
      expect(() => recordVerifier(pk.vk, proof, { challenges })).to.throw(RecursionAssertError).with.property("label", "bus");
      // other challenges: another witness stream for the same program, refused
      const other = challenges.slice();
      other[0] += 1;
      const lenient = recordVerifier(pk.vk, proof, { challenges: other, busBalance: false, lenient: true });
      expect(lenient.failures.length).to.be.greaterThan(0);
      expect(programsEqual(lenient.program, rec.program)).to.equal(true);
      expect(() => runProgram(rec.program, lenient.witness)).to.throw();
    });

    it("zkVM segment proofs (the RV32IM chips, challenges shared by the run): every segment records one program", async () => {
      const code: Ins[] = [
        ...li(5, DATA), ...li(6, 0x1234), ["sw", 0, 5, 6, 0], ["addi", 7, 0, 0, 10],
        ["addi", 7, 7, 0, -1], ["bne", 0, 7, 0, -4], ["lw", 10, 5, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
      ];
      const program = asmProgram(code, undefined, "verifier-program");
      const keys = await keysFor(program);
      const run = await proveProgram(keys, program, { segmentCycles: 16 });
      expect(verifyRun(keys.vk, run.proofs, run.statement)).to.deep.equal({ ok: true });
      const vks = [keys.vk.memory, ...run.proofs.slice(1).map(() => keys.vk.segment)];
      // the run's challenges, as verifyRun derives them
      const shared = deriveChallenges(programVkDigest(keys.vk), statementPublicValues(run.statement),
        sumShares(run.proofs.map((p, i) => shareOfRoot(vks[i].digest, p.mainRoot))));
      const segments = run.proofs.slice(1).map((p) => recordAndRun(keys.segment, p, { challenges: shared, busBalance: false }));
      expect(segments.length).to.be.at.least(2);
      for (const s of segments.slice(1)) expect(programsEqual(s.program, segments[0].program)).to.equal(true);
      recordAndRun(keys.memory, run.proofs[0], { challenges: shared, busBalance: false });
    });

    it("another hash suite is refused with a clear error", async () => {
      const pk = await setup({ ...FAST, hashSuite: POSEIDON_BN254_SUITE_ID }, [fibonacciAir]);
      const { proof } = await prove(pk, [fibonacciTrace(5)]);
      expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
      expect(() => recordVerifier(pk.vk, proof)).to.throw(/Poseidon2-BabyBear-16/);
    });
  });

  describe("tampered proofs: the recorder names the native verifier's check, the interpreter refuses the witness", () => {
    // no grinding, so a changed transcript fails at the check it reaches, not at 'pow'
    const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };
    let pk: ProvingKey;
    let honest: StarkProof;
    let program: ReturnType<typeof recordVerifier>;
    before(async () => {
      pk = await setup(NO_POW, [fibonacciAir]);
      honest = (await prove(pk, [fibonacciTrace(6)])).proof;
      program = recordVerifier(pk.vk, honest);
    });
    const edit = (f: (p: StarkProof) => void) => async () => {
      const bad = cloneProof(honest);
      f(bad);
      return { vk: pk.vk, bad, program };
    };
    /** A lie the prover commits to (test hooks), so the transcript is consistent. */
    const lie = (hooks: ProverTestHooks) => async () => ({
      vk: pk.vk, bad: await withProverTestHooks(hooks, async () => (await prove(pk, [fibonacciTrace(6)])).proof), program,
    });
    const cases: Array<[string, string, () => Promise<{ vk: ProvingKey["vk"]; bad: StarkProof; program: ReturnType<typeof recordVerifier> }>]> = [
      ["an opened main row value", "merkle:main", edit((p) => bump(p.queries[0].main!.rows[0], 1))],
      ["a Merkle sibling of the quotient tree", "merkle:quotient", edit((p) => bump(p.queries[2].quotient.path[1], 4))],
      ["an OOD value", "constraints", edit((p) => bump(p.tables[0].openings.mainZ, 0))],
      ["an OOD quotient value", "constraints", edit((p) => bump(p.tables[0].openings.quotientZ, 5))],
      ["a public value", "constraints", edit((p) => bump(p.tables[0].publicValues, 2))],
      ["a FRI leaf", "fri", edit((p) => bump(p.queries[1].fri[1].rows[0], 0))],
      ["a FRI final-polynomial coefficient (the queries move: a Merkle check)", "merkle:main", edit((p) => bump(p.friFinalPoly, 4))],
      ["a FRI final-polynomial coefficient the prover committed to", "fri", lie({ finalPoly: (c) => void (c[4] = (c[4] + 1) % 2013265921) })],
      ["a DEEP function shifted by a constant", "fri", lie({ deep: (_t, d) => {
        for (let o = 0; o < d.length; o += 4) d[o] = (d[o] + 1) % 2013265921; // still low degree
      } })],
      ["the PoW nonce (8 bits of work)", "pow", async () => {
        const pk8 = await setup({ ...NO_POW, powBits: 8 }, [fibonacciAir]);
        const good = (await prove(pk8, [fibonacciTrace(6)])).proof;
        const bad = cloneProof(good);
        // the next nonce that lacks the work (almost always the very next one)
        for (let n = 1; n < 64; n++) {
          bad.powNonce = good.powNonce + n;
          const r = verify(pk8.vk, bad);
          if (!r.ok && r.check === "pow") break;
        }
        return { vk: pk8.vk, bad, program: recordVerifier(pk8.vk, good) };
      }],
    ];
    for (const [what, expected, make] of cases) {
      it(`${what}: '${expected}'`, async () => {
        const { vk, bad, program } = await make();
        const r = verify(vk, bad);
        expect(r.ok ? "ok" : r.check).to.equal(expected);
        let label = "";
        try {
          recordVerifier(vk, bad);
        } catch (e) {
          expect(e).to.be.instanceOf(RecursionAssertError);
          label = (e as RecursionAssertError).label;
        }
        expect(label).to.equal(expected);
        // the same program, fed the bad proof's witness stream, is refused
        const lenient = recordVerifier(vk, bad, { lenient: true });
        expect(lenient.failures[0].label).to.equal(expected);
        expect(programsEqual(lenient.program, program.program)).to.equal(true);
        expect(lenient.witness.length).to.equal(program.witness.length);
        expect(() => runProgram(program.program, lenient.witness)).to.throw(/assert-eq|inverse/);
        expect(() => runProgram(program.program, program.witness)).to.not.throw();
      });
    }
  });

  it("program size of a Fibonacci 2^10-row proof at the fast and the default preset", async () => {
    for (const [name, config] of [["test-insecure", TEST_CONFIG_INSECURE], ["default", DEFAULT_CONFIG]] as const) {
      const pk = await setup(config, [fibonacciAir]);
      const { proof } = await prove(pk, [fibonacciTrace(10)]);
      const t0 = performance.now();
      const rec = recordVerifier(pk.vk, proof);
      const t1 = performance.now();
      runProgram(rec.program, rec.witness);
      const t2 = performance.now();
      const s = programStats(rec.program);
      console.log(`      ${name}: ${JSON.stringify(s)} (record ${((t1 - t0) / 1000).toFixed(1)} s, interpret ${((t2 - t1) / 1000).toFixed(1)} s)`);
      expect(s.poseidon2).to.be.greaterThan(0);
    }
  });
});
