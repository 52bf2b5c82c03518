// join: two recursion proofs carrying summaries (lift.ts layout) verified inside one
// program: their bus sums and shares add up, their program digest and challenges must
// agree, and only keys of the given set are accepted. The children here are small
// programs that publish a summary (join looks at nothing else of them); a whole run's
// lifts joined is behind RECURSION_PROVE_ALL=1.
import { expect } from "chai";
import { ProgramBuilder } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { setupRecursion, proveRecursion, verifyRecursion, type RecursionVerifyingKey } from "../../wrapper/recursion/prove.ts";
import { recordJoin, type JoinChild } from "../../wrapper/recursion/join.ts";
import { LIFT_SUMMARY as S } from "../../wrapper/recursion/lift.ts";
import { KeySet } from "../../wrapper/recursion/key-set.ts";
import { RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { shareAndCounter, sumShares } from "../../prover/zkvm/shares.ts";
import { extAdd } from "../../prover/field/extension.ts";
import { TEST_CONFIG_INSECURE, type StarkProof } from "../../prover/stark/index.ts";

const P = 2013265921;
const words = (seed: number, n = 8) => Uint32Array.from({ length: n }, (_, i) => (seed * 1000003 + i * 7919) % P);

/** A summary: program digest, challenges, bus sum, and a share hashed from `seed`. */
function summary(programSeed: number, busSum: number[], seed: number): Uint32Array {
  const { share } = shareAndCounter(words(1), words(seed));
  return Uint32Array.from([...words(programSeed), ...words(programSeed + 1), ...busSum, ...share.x, ...share.y]);
}

/** A recursion proof publishing `pv` (its witness), under its own key. The extra
 * operations give each child another program, so another key. */
async function child(pv: Uint32Array, extra: number): Promise<JoinChild & { publicValues: Uint32Array }> {
  const b = new ProgramBuilder();
  for (const w of pv) b.publicValue(b.witness(w));
  for (let i = 0; i < extra; i++) b.witness(i);
  const built = b.build();
  const { pk, vk } = await setupRecursion(built.program, TEST_CONFIG_INSECURE);
  const { proof, publicValues } = await proveRecursion(pk, built);
  return { vk, proof, publicValues };
}

describe("recursion: join (two summaries verified and added)", function () {
  this.timeout(600_000);
  let a: Awaited<ReturnType<typeof child>>, c: Awaited<ReturnType<typeof child>>, stranger: Awaited<ReturnType<typeof child>>;
  let keys: KeySet;

  before(async () => {
    a = await child(summary(10, [1, 2, 3, 4], 100), 0);
    c = await child(summary(10, [P - 1, 5, 0, 7], 200), 1);
    stranger = await child(summary(10, [0, 0, 0, 0], 300), 2);
    keys = KeySet.of([a.vk.stark.digest, c.vk.stark.digest]);
  });

  it("the joined summary is the children's: same digest and challenges, bus sums and shares added; it runs and is proved", async () => {
    const built = recordJoin([a, c], keys);
    const { publicValues } = runProgram(built.program, built.witness);
    expect(Array.from(publicValues.subarray(0, 16))).to.deep.equal(Array.from(a.publicValues.subarray(0, 16)));
    const sum = extAdd(a.publicValues.slice(S.busSum, S.busSum + 4), c.publicValues.slice(S.busSum, S.busSum + 4));
    expect(Array.from(publicValues.subarray(S.busSum, S.busSum + 4))).to.deep.equal(Array.from(sum));
    const pt = (pv: Uint32Array) => ({ x: pv.slice(S.shareX, S.shareX + 7), y: pv.slice(S.shareY, S.shareY + 7) });
    const total = sumShares([pt(a.publicValues), pt(c.publicValues)])!;
    expect(Array.from(publicValues.subarray(S.shareX, S.shareX + 14))).to.deep.equal([...total.x, ...total.y]);
    // the order of the children does not change the summary
    const swapped = runProgram(recordJoin([c, a], keys).program, recordJoin([c, a], keys).witness).publicValues;
    expect(Array.from(swapped)).to.deep.equal(Array.from(publicValues));

    const { pk, vk } = await setupRecursion(built.program, TEST_CONFIG_INSECURE);
    const { proof, publicValues: pv } = await proveRecursion(pk, built);
    expect(verifyRecursion(vk, proof, pv)).to.deep.equal({ ok: true });
  });

  it("a child under a key outside the set is refused", () => {
    expect(() => recordJoin([a, stranger], keys)).to.throw(/not in the kit's set/);
    // its key borrowing a member's membership proof fails inside the program
    const lying = { ...keys, root: keys.root, proofOf: () => keys.proofOf(a.vk.stark.digest) } as unknown as KeySet;
    expect(() => recordJoin([a, stranger], lying)).to.throw(RecursionAssertError, "recursion key");
  });

  it("children of other programs or challenges, or a tampered child proof, are refused", async () => {
    const other = await child(summary(11, [0, 0, 0, 0], 400), 0); // same key as a: same program shape
    expect(Array.from(other.vk.stark.digest)).to.deep.equal(Array.from(a.vk.stark.digest));
    expect(() => recordJoin([a, other], keys)).to.throw(RecursionAssertError, "same program and challenges");
    const bad: StarkProof = structuredClone(c.proof);
    bad.tables[1].openings.mainZ[0] = (bad.tables[1].openings.mainZ[0] + 1) % P; // the witness table's first column at z
    expect(() => recordJoin([a, { vk: c.vk as RecursionVerifyingKey, proof: bad }], keys)).to.throw(RecursionAssertError);
  });
});
