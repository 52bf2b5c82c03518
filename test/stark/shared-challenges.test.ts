// Proofs whose buses balance only together, under challenges fixed outside them (the
// segments of a zkVM run): each proof observes the given challenges, verifies with them
// alone, and the tables' sums add up to zero across proofs.
import { expect } from "chai";
import { setup, prove, verify, commitMainTraces, TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { extAdd, isZero } from "../../prover/field/extension.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";

describe("stark: challenges shared by several proofs", function () {
  this.timeout(120_000);
  const challenges = Uint32Array.from({ length: 8 }, (_, i) => 12345 + 1000 * i);

  it("two proofs of one bus balance together, each verifies under the given challenges", async () => {
    const [a, b] = twoTableTraces(6, 4);
    const pkA = await setup(TEST_CONFIG_INSECURE, [sendTableAir]);
    const pkB = await setup(TEST_CONFIG_INSECURE, [receiveTableAir]);
    const rootA = await commitMainTraces(pkA, [a]);
    const { proof: pa } = await prove(pkA, [a], { challenges });
    const { proof: pb } = await prove(pkB, [b], { challenges });
    expect(pa.mainRoot).to.deep.equal(rootA);
    expect(verify(pkA.vk, pa, { challenges, busBalance: false })).to.deep.equal({ ok: true });
    expect(verify(pkB.vk, pb, { challenges, busBalance: false })).to.deep.equal({ ok: true });
    expect(isZero(extAdd(pa.tables[0].auxPublic, pb.tables[0].auxPublic))).to.equal(true);
    // Alone, each proof's bus does not balance.
    const alone = verify(pkA.vk, pa, { challenges });
    expect(alone.ok).to.equal(false);
    if (!alone.ok) expect(alone.check).to.equal("bus");
    // Other challenges: the transcript and the constraints no longer match.
    const other = challenges.slice();
    other[0] += 1;
    const r = verify(pkA.vk, pa, { challenges: other, busBalance: false });
    expect(r.ok).to.equal(false);
    // Without the shared challenges the verifier samples its own.
    expect(verify(pkA.vk, pa, { busBalance: false }).ok).to.equal(false);
  });

  it("refuses a wrong number of challenges", async () => {
    const [a] = twoTableTraces(6, 4);
    const pkA = await setup(TEST_CONFIG_INSECURE, [sendTableAir]);
    let err = "";
    await prove(pkA, [a], { challenges: challenges.subarray(0, 4) }).catch((e) => (err = e.message));
    expect(err).to.match(/1 challenges given, the tables use 2/);
  });
});
