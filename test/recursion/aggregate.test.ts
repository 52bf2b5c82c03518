// Aggregation under a kit's fixed keys (wrapper/recursion/aggregate.ts): the kit is built
// from stand-in proofs of its shapes, before any run; a run's proofs are lifted under the
// kit's lift keys and joined under its one join key; the top summary passes the run's
// final checks. Building a kit and proving a run's aggregation take minutes, so both are
// behind RECURSION_PROVE_ALL=1.
import { expect } from "chai";
import { keysFor } from "../chips/harness.ts";
import { recursionFixtureProgram } from "./run-fixture.ts";
import { proveProgram } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { deriveChallenges, shareOfRoot, sumShares } from "../../prover/zkvm/shares.ts";
import { statementBusSum, statementPublicValues } from "../../prover/chips/statement.ts";
import { extAdd, isZero } from "../../prover/field/extension.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { aggregateRun, proveRoot } from "../../wrapper/recursion/aggregate.ts";
import { buildRecursionKit } from "../../wrapper/recursion/kit.ts";
import { inputHalves, ROOT_PUBLIC as R } from "../../wrapper/recursion/root.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { LIFT_SUMMARY as S } from "../../wrapper/recursion/lift.ts";
import { verifyRecursion } from "../../wrapper/recursion/prove.ts";


describe("recursion: aggregation under a kit's fixed keys", function () {
  this.timeout(3_600_000);

  (process.env.RECURSION_PROVE_ALL === "1" ? it : it.skip)("a kit built from stand-ins aggregates a run into one proof whose summary passes the final check (RECURSION_PROVE_ALL=1)", async () => {
    const program = recursionFixtureProgram("aggregate");
    const keys = await keysFor(program);
    const vk = keys.vk;
    const run = await proveProgram(keys, program, { input: Uint8Array.of(7), segmentCycles: 16 });
    const shares = run.proofs.map((p, i) => shareOfRoot((i === 0 ? vk.memory : vk.segment).digest, p.mainRoot));
    const challenges = deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sumShares(shares));
    const log = (what: string) => console.log(`      [${(performance.now() / 1000).toFixed(0)} s] ${what}`);
    const kit = await buildRecursionKit(vk, {
      config: liftedConfig(TEST_CONFIG_INSECURE), anchorLogRows: Number(process.env.KIT_ANCHOR_LOG_ROWS ?? 17),
      lifts: [{ kind: "memory", logMaxRows: 16 }, { kind: "segment", logMaxRows: 16 }], maxInputWords: 8,
    }, { progress: log });
    expect(kit.lifts.size).to.equal(2);
    const top = await aggregateRun(kit, vk, run, challenges, log);
    // the joins stop at two proofs, which root takes
    expect(top.joins).to.equal(run.proofs.length - 2);
    let total = statementBusSum(run.statement, challenges);
    const topShares = [];
    for (const t of top.tops) {
      expect(verifyRecursion(t.vk, t.proof, t.publicValues)).to.deep.equal({ ok: true });
      const pv = t.publicValues;
      expect(Array.from(pv.subarray(S.programDigest, S.programDigest + 8))).to.deep.equal(Array.from(programVkDigest(vk)));
      expect(Array.from(pv.subarray(S.keySetRoot, S.keySetRoot + 8))).to.deep.equal(Array.from(kit.keySet.root));
      total = extAdd(total, pv.slice(S.busSum, S.busSum + 4));
      topShares.push({ x: pv.slice(S.shareX, S.shareX + 7), y: pv.slice(S.shareY, S.shareY + 7) });
    }
    expect(isZero(total)).to.equal(true);
    expect(Array.from(deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sumShares(topShares)))).to.deep.equal(Array.from(challenges));
    // root under the kit's root key: the statement and the input's Poseidon2 digest
    log("root");
    const root = await proveRoot(kit, top, run.statement);
    expect(verifyRecursion(kit.root.vk, root.proof, root.publicValues)).to.deep.equal({ ok: true });
    expect(Array.from(root.publicValues.subarray(R.statement, R.statement + 37))).to.deep.equal(Array.from(statementPublicValues(run.statement)));
    const digest = getHashSuite("poseidon2-babybear-16").hashRow(Uint32Array.from(inputHalves(run.statement.input, 8)));
    expect(Array.from(root.publicValues.subarray(R.inputDigest, R.length))).to.deep.equal(Array.from(digest));
    const forged = root.publicValues.slice();
    forged[R.statement + 2] ^= 1; // another exit code
    expect(verifyRecursion(kit.root.vk, root.proof, forged).ok).to.equal(false);
  });
});
