// join: two recursion proofs carrying summaries (lift.ts layout) verified inside one
// program: their bus sums and shares add up, their program digest and challenges must
// agree, and only keys of the given set are accepted. The children here are small
// programs that publish a summary (join looks at nothing else of them); a whole run's
// lifts joined is behind RECURSION_PROVE_ALL=1.
import { expect } from "chai";
import { ProgramBuilder } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { setupRecursion, proveRecursion, verifyRecursion, type RecursionVerifyingKey } from "../../wrapper/recursion/prove.ts";
import { recordJoin, childHeights, type JoinChild } from "../../wrapper/recursion/join.ts";
import { witnessHeightsWith } from "../../prover/stark/verifier-heights.ts";
import { NativeBackend } from "../../prover/stark/verifier-native.ts";
import { VerificationError } from "../../prover/stark/verify-error.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { LIFT_SUMMARY as S, withAnchor } from "../../wrapper/recursion/lift.ts";
import { programsEqual } from "../../wrapper/recursion/program.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { KeySet } from "../../wrapper/recursion/key-set.ts";
import { RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { shareAndCounter, sumShares } from "../../prover/zkvm/shares.ts";
import { extAdd } from "../../prover/field/extension.ts";
import { TEST_CONFIG_INSECURE, type StarkProof } from "../../prover/stark/index.ts";

const P = 2013265921;
const words = (seed: number, n = 8) => Uint32Array.from({ length: n }, (_, i) => (seed * 1000003 + i * 7919) % P);

/** A summary: program digest, challenges, bus sum, a share hashed from `seed`, the key-set root. */
function summary(programSeed: number, busSum: number[], seed: number, keySetRoot: Uint32Array): Uint32Array {
  const { share } = shareAndCounter(words(1), words(seed));
  return Uint32Array.from([...words(programSeed), ...words(programSeed + 1), ...busSum, ...share.x, ...share.y, ...keySetRoot]);
}

/** A program publishing 42 witnessed values (a summary); `extra` operations make it
 * another program, so another key. Its key does not depend on the values. */
function publisher(pv: Uint32Array, extra: number, anchorLogRows?: number) {
  const b = new ProgramBuilder();
  for (const w of pv) b.publicValue(b.witness(w));
  // four base witnesses fill a witness-base row: `extra` more rows
  for (let i = 0; i < 4 * extra; i++) b.witness(i);
  return withAnchor(b.build(), anchorLogRows);
}

type Child = JoinChild & { publicValues: Uint32Array };
/** Recursion proofs publishing these summaries, their keys in one set whose root the
 * summaries carry (a publisher's key does not depend on what it publishes). */
async function children(specs: Array<{ program: number; busSum: number[]; seed: number; extra: number }>, members: number[], config = TEST_CONFIG_INSECURE, anchorLogRows?: number) {
  const zero = new Uint32Array(8);
  const setups = await Promise.all(specs.map((c) => setupRecursion(publisher(summary(c.program, c.busSum, c.seed, zero), c.extra, anchorLogRows).program, config)));
  const keys = KeySet.of(members.map((i) => setups[i].vk.stark.digest));
  const out: Child[] = [];
  for (const [i, c] of specs.entries()) {
    const { proof, publicValues } = await proveRecursion(setups[i].pk, publisher(summary(c.program, c.busSum, c.seed, keys.root), c.extra, anchorLogRows));
    out.push({ vk: setups[i].vk, proof, publicValues });
  }
  return { keys, out };
}

describe("recursion: join (two summaries verified and added)", function () {
  this.timeout(600_000);
  let a: Child, c: Child, stranger: Child, other: Child;
  let keys: KeySet;

  before(async () => {
    ({ keys, out: [a, c, stranger, other] } = await children([
      { program: 10, busSum: [1, 2, 3, 4], seed: 100, extra: 0 },
      { program: 10, busSum: [P - 1, 5, 0, 7], seed: 200, extra: 1 },
      { program: 10, busSum: [0, 0, 0, 0], seed: 300, extra: 2 },
      { program: 11, busSum: [0, 0, 0, 0], seed: 400, extra: 0 }, // another program's summary, under a's key
    ], [0, 1]));
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
    expect(Array.from(publicValues.subarray(S.keySetRoot, S.keySetRoot + 8))).to.deep.equal(Array.from(keys.root));
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

  it("children of other programs or challenges, of another key set, or a tampered child proof, are refused", async () => {
    expect(Array.from(other.vk.stark.digest)).to.deep.equal(Array.from(a.vk.stark.digest));
    expect(() => recordJoin([a, other], keys)).to.throw(RecursionAssertError, "same program and challenges");
    const elsewhere = KeySet.of([a.vk.stark.digest, c.vk.stark.digest, stranger.vk.stark.digest]);
    expect(() => recordJoin([a, c], elsewhere)).to.throw(RecursionAssertError, "same key set");
    const bad: StarkProof = structuredClone(c.proof);
    bad.tables[1].openings.mainZ[0] = (bad.tables[1].openings.mainZ[0] + 1) % P; // the witness table's first column at z
    expect(() => recordJoin([a, { vk: c.vk as RecursionVerifyingKey, proof: bad }], keys)).to.throw(RecursionAssertError);
  });

  describe("a kit's recursion shape (lifted proofs, every tallest table the anchor's)", () => {
    const ANCHOR = 11;
    let small: Child, big: Child, bigger: Child, kitKeys: KeySet;
    before(async () => {
      // programs of other sizes: their tables other than the anchor have other heights
      ({ keys: kitKeys, out: [small, big, bigger] } = await children([
        { program: 20, busSum: [1, 0, 0, 0], seed: 500, extra: 0 },
        { program: 20, busSum: [2, 0, 0, 0], seed: 600, extra: 300 },
        { program: 20, busSum: [3, 0, 0, 0], seed: 700, extra: 1500 },
      ], [0, 1, 2], liftedConfig(TEST_CONFIG_INSECURE), ANCHOR));
    });

    it("one join program joins any two of the kit's proofs; each recording runs", () => {
      const shapes = new Set([small, big, bigger].map((c) => c.proof.tables.map((t) => t.logRows).join(",")));
      expect(shapes.size).to.equal(3);
      const pairs: Array<[Child, Child]> = [[small, big], [big, small], [bigger, small], [big, bigger]];
      const joins = pairs.map(([x, y]) => recordJoin([x, y], kitKeys, { anchorLogRows: ANCHOR }));
      for (const j of joins) {
        expect(programsEqual(j.program, joins[0].program)).to.equal(true);
        runProgram(j.program, j.witness);
      }
      // without the kit's shape each pair of child shapes is its own program
      expect(programsEqual(recordJoin([small, big], kitKeys).program, recordJoin([bigger, big], kitKeys).program)).to.equal(false);
    });

    it("the heights' checks: a bus that could wrap at the tallest allowed heights, unless the key is of a validated set; a preprocessed tree of another height", () => {
      // a stand-in of the kit's shape at 2^18 rows: the recursion tables' read counts (up to
      // READ_CAP) over eleven 2^18-row tables could reach p, were they prover-chosen
      const airs = big.vk.stark.airs;
      const anchor = airs.length - 1;
      const vk = { ...big.vk.stark, prepLogRows: airs.map((_, t) => (t === anchor ? 18 : 10)) };
      const proof = { ...big.proof, tables: airs.map((_, t) => ({ ...big.proof.tables[t], logRows: t === anchor ? 18 : 10 })) };
      const checkOf = (opt: Parameters<typeof witnessHeightsWith>[3]) => {
        try {
          witnessHeightsWith(new NativeBackend(getHashSuite("poseidon2-babybear-16")), vk, proof, opt);
          return "ok";
        } catch (e) {
          if (e instanceof VerificationError) return e.check;
          throw e;
        }
      };
      const kit = childHeights(18);
      expect(checkOf({ ...kit, keyFromValidatedSet: false })).to.equal("bus-bound");
      expect(checkOf(kit)).to.equal("ok");
      expect(checkOf({ ...kit, varyingPreprocessed: 17 })).to.equal("shape");
      expect(checkOf({ ...kit, logMaxRows: 17 })).to.equal("shape");
    });

    it("a child that claims another height for one of its tables is refused", () => {
      const bad: StarkProof = structuredClone(big.proof);
      const t = bad.tables.findIndex((tt) => tt.logRows > 4 && tt.logRows < ANCHOR);
      bad.tables[t].logRows -= 1;
      expect(() => recordJoin([small, { vk: big.vk, proof: bad }], kitKeys, { anchorLogRows: ANCHOR })).to.throw(RecursionAssertError);
    });
  });
});
