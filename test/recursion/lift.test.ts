// lift: the recorded verifier of one proof of a run, exposing the proof's summary. Over a
// run of several segments: each proof's lift records and re-runs; the summaries carry
// the program's VK digest, the run's challenges, the proof's bus sum and its share, and
// adding them up is exactly the run's final check (bus sums plus the statement's terms
// are zero; the shares add up to the point the challenges came from); segment proofs of
// one shape record one program; a proof under other challenges or with a forged share
// is refused. One lift is proved with the recursion chips.
import { expect } from "chai";
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";
import { keysFor } from "../chips/harness.ts";
import { recursionFixtureProgram } from "./run-fixture.ts";
import { proveProgram, type ProgramVk, type RunProof } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { deriveChallenges, shareOfRoot, sumShares } from "../../prover/zkvm/shares.ts";
import { statementBusSum, statementPublicValues } from "../../prover/chips/statement.ts";
import { encodePoint } from "../../prover/field/septic-curve.ts";
import { extAdd, isZero, type Ext } from "../../prover/field/extension.ts";
import { recordLift, LIFT_SUMMARY as S, type LiftKind } from "../../wrapper/recursion/lift.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { programsEqual, programStats } from "../../wrapper/recursion/program.ts";
import { RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { setupRecursion, proveRecursion, verifyRecursion } from "../../wrapper/recursion/prove.ts";
import { recordJoin } from "../../wrapper/recursion/join.ts";
import { KeySet } from "../../wrapper/recursion/key-set.ts";
import { recordRoot, ROOT_PUBLIC } from "../../wrapper/recursion/root.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { MIN_LOG_ROWS } from "../../prover/chips/layout.ts";
import { shapeProof } from "../../wrapper/recursion/shape-proof.ts";

const program = recursionFixtureProgram("lift");
/** A lift carries the key-set root it is given (checked only by the joins above). */
const NO_SET = new Uint32Array(8);

describe("recursion: lift (one proof of a run, its summary exposed)", function () {
  this.timeout(600_000);
  let vk: ProgramVk;
  let run: RunProof;
  let challenges: Uint32Array;
  const kindOf = (i: number): LiftKind => (i === 0 ? "memory" : "segment");

  before(async () => {
    const keys = await keysFor(program);
    vk = keys.vk;
    run = await proveProgram(keys, program, { input: Uint8Array.of(7), segmentCycles: 16 });
    const keyOf = (i: number) => (i === 0 ? vk.memory : vk.segment);
    const shares = run.proofs.map((p, i) => shareOfRoot(keyOf(i).digest, p.mainRoot));
    challenges = deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sumShares(shares));
  });

  it("every proof's lift runs; the summaries add up to the run's final check", () => {
    expect(run.proofs.length).to.be.greaterThan(2);
    const summaries = run.proofs.map((p, i) => {
      const built = recordLift(kindOf(i), vk, p, challenges, NO_SET);
      const { publicValues } = runProgram(built.program, built.witness);
      expect(publicValues.length).to.equal(S.length);
      return publicValues;
    });
    for (const pv of summaries) {
      expect(Array.from(pv.subarray(S.programDigest, S.programDigest + 8))).to.deep.equal(Array.from(programVkDigest(vk)));
      expect(Array.from(pv.subarray(S.challenges, S.challenges + 8))).to.deep.equal(Array.from(challenges));
    }
    // root's checks, natively over the summaries: bus sums + the statement's terms = 0 ...
    let total: Ext = statementBusSum(run.statement, challenges);
    for (const pv of summaries) total = extAdd(total, pv.slice(S.busSum, S.busSum + 4));
    expect(isZero(total)).to.equal(true);
    // ... and the shares add up to the point the challenges were drawn from
    const shares = summaries.map((pv) => ({ x: pv.slice(S.shareX, S.shareX + 7), y: pv.slice(S.shareY, S.shareY + 7) }));
    const sum = sumShares(shares);
    expect(Array.from(deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sum))).to.deep.equal(Array.from(challenges));
    expect(Array.from(encodePoint(sum))).to.not.deep.equal(Array.from(encodePoint(null)));
  });

  it("segment proofs of one shape record one lift program", () => {
    const shape = (i: number) => run.proofs[i].tables.map((t) => t.logRows).join(",");
    const same = run.proofs.map((_, i) => i).filter((i) => i > 0 && shape(i) === shape(1));
    expect(same.length).to.be.greaterThan(1);
    const programs = same.map((i) => recordLift("segment", vk, run.proofs[i], challenges, NO_SET).program);
    for (const p of programs) expect(programsEqual(p, programs[0])).to.equal(true);
  });

  it("with the heights as values, the lifts of two guests (other code sizes, other instruction mixes) record one segment program and one memory program", async () => {
    // a second guest: more code (a taller program table), multiplies, xors and shifts
    const code2: Ins[] = [
      ...li(5, DATA), ...li(6, 77), ...li(8, 3), ...li(12, 0x5a5a5a5a),
      ["mul", 6, 6, 8, 0], ["xor", 6, 6, 12, 0], ["sll", 6, 6, 8, 0], ["srl", 13, 12, 8, 0], ["sub", 6, 6, 13, 0],
      ["mulhu", 14, 6, 12, 0], ["divu", 15, 12, 8, 0], ["or", 6, 6, 15, 0], ["and", 6, 6, 14, 0],
      ["sw", 0, 5, 6, 0], ["sh", 0, 5, 8, 4], ["lh", 16, 5, 0, 4], ["add", 6, 6, 16, 0],
      ...li(7, 6), ["addi", 7, 7, 0, -1], ["xor", 6, 6, 7, 0], ["bne", 0, 7, 0, -8],
      ["addi", 10, 0, 0, 0], ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
    ];
    const program2 = asmProgram(code2, undefined, "lift-2");
    const keys2 = await keysFor(program2);
    const run2 = await proveProgram(keys2, program2, { segmentCycles: 16 });
    const shares2 = run2.proofs.map((p, i) => shareOfRoot((i === 0 ? keys2.vk.memory : keys2.vk.segment).digest, p.mainRoot));
    const challenges2 = deriveChallenges(programVkDigest(keys2.vk), statementPublicValues(run2.statement), sumShares(shares2));
    expect(keys2.vk.segment.prepLogRows).to.not.deep.equal(vk.segment.prepLogRows);
    const heights = { logMaxRows: 16, minLogRows: MIN_LOG_ROWS, varyingPreprocessed: 16 };
    const lifts = (v: ProgramVk, r: RunProof, ch: Uint32Array) => r.proofs.slice(0, 3).map((p, i) => {
      const built = recordLift(kindOf(i), v, p, ch, NO_SET, { heights });
      const { publicValues } = runProgram(built.program, built.witness);
      expect(Array.from(publicValues.subarray(S.programDigest, S.programDigest + 8))).to.deep.equal(Array.from(programVkDigest(v)));
      return built.program;
    });
    const [a, b] = [lifts(vk, run, challenges), lifts(keys2.vk, run2, challenges2)];
    const shapes = new Set([...run.proofs.slice(1, 3), ...run2.proofs.slice(1, 3)].map((p) => p.tables.map((t) => t.logRows).join(",")));
    expect(shapes.size, "segments of several shapes").to.be.greaterThan(1);
    for (const p of [...a.slice(1), ...b.slice(1)]) expect(programsEqual(p, a[1])).to.equal(true);
    expect(programsEqual(b[0], a[0])).to.equal(true);
    // a height bit flipped in the witness (the key digest then moves): the interpreter refuses
    const built = recordLift("segment", vk, run.proofs[1], challenges, NO_SET, { heights });
    const bad = built.witness.slice();
    const firstBit = bad.findIndex((w) => w === 1);
    bad[firstBit] = 0;
    expect(() => runProgram(built.program, bad)).to.throw();
  });

  it("a stand-in proof of the shape (shape-proof.ts), recorded leniently, gives the lift program of every real proof of that tallest height", () => {
    const heights = { logMaxRows: 16, minLogRows: MIN_LOG_ROWS, varyingPreprocessed: 16 };
    for (const [i, kind] of [[1, "segment"], [0, "memory"]] as const) {
      const key = kind === "segment" ? vk.segment : vk.memory;
      const logRows = key.airs.map((_, t) => key.prepLogRows[t] ?? (t === 0 ? 16 : MIN_LOG_ROWS));
      const standIn = shapeProof(key, logRows);
      const real = recordLift(kind, vk, run.proofs[i], challenges, NO_SET, { heights });
      expect(() => recordLift(kind, vk, standIn, challenges, NO_SET, { heights })).to.throw(RecursionAssertError);
      const recorded = recordLift(kind, vk, standIn, challenges, NO_SET, { heights, lenient: true });
      expect(programsEqual(recorded.program, real.program), kind).to.equal(true);
    }
  });

  it("a proof under other challenges, or with a forged main root, is refused", () => {
    const other = challenges.slice();
    other[0] = (other[0] + 1) % 2013265921;
    expect(() => recordLift("segment", vk, run.proofs[1], other, NO_SET)).to.throw(RecursionAssertError);
    const forged = { ...run.proofs[1], mainRoot: run.proofs[2].mainRoot };
    // another root changes the transcript: grinding, the constraints at the new z or the first opening fail
    expect(() => recordLift("segment", vk, forged, challenges, NO_SET)).to.throw(RecursionAssertError, /pow|constraints|merkle:main/);
  });

  it("the memory proof's lift is proved and verified by the recursion chips; a changed summary is rejected", async () => {
    const built = recordLift("memory", vk, run.proofs[0], challenges, NO_SET);
    const stats = programStats(built.program);
    const { pk, vk: rvk } = await setupRecursion(built.program, TEST_CONFIG_INSECURE);
    const { proof, publicValues } = await proveRecursion(pk, built);
    expect(verifyRecursion(rvk, proof, publicValues)).to.deep.equal({ ok: true });
    const bad = publicValues.slice();
    bad[S.busSum] = (bad[S.busSum] + 1) % 2013265921;
    expect(verifyRecursion(rvk, proof, bad).ok).to.equal(false);
    expect(stats.poseidon2).to.be.greaterThan(0);
  });

  // RECURSION_PROVE_ALL=1: the whole run aggregated, every proof lifted and proved, the
  // lifts joined in one join proof whose summary passes the run's final check, and root
  // over the join, proved, exposing the statement.
  (process.env.RECURSION_PROVE_ALL === "1" ? it : it.skip)("the whole run: every proof lifted, all joined, root over the join, each proved (RECURSION_PROVE_ALL=1)", async () => {
    const t0 = performance.now();
    // a lift's program does not depend on the key-set root it carries (a witness): record
    // once for the keys, then prove with the set's root
    const recorded = run.proofs.map((p, i) => recordLift(kindOf(i), vk, p, challenges, NO_SET));
    const setups = await Promise.all(recorded.map((r) => setupRecursion(r.program, TEST_CONFIG_INSECURE)));
    // the set holds the lift keys and the join's (whose program does not depend on the root either)
    const liftKeys = [...new Map(setups.map((s) => [s.vk.stark.digest.join(","), s.vk.stark.digest])).values()];
    // a draft set of the final set's size (so of its depth: the join's program depends on
    // that, not on the keys) gives the join's key, which then takes the last slot
    const draftKeys = KeySet.of([...liftKeys, liftKeys[0]]);
    const draftLifts = [];
    for (let i = 0; i < run.proofs.length; i++) {
      draftLifts.push({ vk: setups[i].vk, proof: (await proveRecursion(setups[i].pk, recordLift(kindOf(i), vk, run.proofs[i], challenges, draftKeys.root))).proof });
    }
    const joinSetup = await setupRecursion(recordJoin(draftLifts, draftKeys).program, TEST_CONFIG_INSECURE);
    const keys = KeySet.of([...liftKeys, joinSetup.vk.stark.digest]);
    const lifts = [];
    for (let i = 0; i < run.proofs.length; i++) {
      const built = recordLift(kindOf(i), vk, run.proofs[i], challenges, keys.root);
      const { proof } = await proveRecursion(setups[i].pk, built);
      lifts.push({ vk: setups[i].vk, proof, ops: built.program.order.kind.length });
    }
    const tLift = performance.now();
    const joined = recordJoin(lifts, keys);
    const { pk, vk: jvk } = joinSetup;
    const { proof, publicValues } = await proveRecursion(pk, joined);
    expect(verifyRecursion(jvk, proof, publicValues)).to.deep.equal({ ok: true });
    let total: Ext = statementBusSum(run.statement, challenges);
    total = extAdd(total, publicValues.slice(S.busSum, S.busSum + 4));
    expect(isZero(total)).to.equal(true);
    const sum = { x: publicValues.slice(S.shareX, S.shareX + 7), y: publicValues.slice(S.shareY, S.shareY + 7) };
    expect(Array.from(deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sum))).to.deep.equal(Array.from(challenges));
    expect(Array.from(publicValues.subarray(S.keySetRoot, S.keySetRoot + 8))).to.deep.equal(Array.from(keys.root));
    const tJoin = performance.now();
    const root = recordRoot({ vk: jvk, proof }, keys, run.statement);
    const rootKeys = await setupRecursion(root.program, TEST_CONFIG_INSECURE);
    const rootProof = await proveRecursion(rootKeys.pk, root);
    expect(verifyRecursion(rootKeys.vk, rootProof.proof, rootProof.publicValues)).to.deep.equal({ ok: true });
    expect(Array.from(rootProof.publicValues.subarray(ROOT_PUBLIC.statement, ROOT_PUBLIC.inputDigest))).to.deep.equal(Array.from(statementPublicValues(run.statement)));
    console.log(`      ${lifts.length} lifts (${lifts.map((l) => l.ops).join(", ")} operations) proved in ${((tLift - t0) / 1000).toFixed(1)} s (keys and drafts included); ` +
      `join of ${lifts.length}: ${joined.program.order.kind.length} operations, proved in ${((tJoin - tLift) / 1000).toFixed(1)} s; ` +
      `root: ${root.program.order.kind.length} operations, proved in ${((performance.now() - tJoin) / 1000).toFixed(1)} s`);
  });
});
