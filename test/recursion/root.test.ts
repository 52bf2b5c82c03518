// root: the run's final checks inside a program, over a child summary. The child here
// publishes the summary of a real run (its proofs' bus sums and shares added natively:
// what the joins compute), so the checks meet real values; the whole aggregation
// (lift, join, root, all proved) is in lift.test.ts behind RECURSION_PROVE_ALL=1.
import { expect } from "chai";
import { asmProgram, li, DATA, type Ins } from "../chips/helpers.ts";
import { keysFor } from "../chips/harness.ts";
import { proveProgram, type ProgramVk, type RunProof } from "../../prover/zkvm/prove.ts";
import { programVkDigest } from "../../prover/zkvm/program-digest.ts";
import { deriveChallenges, shareOfRoot, sumShares } from "../../prover/zkvm/shares.ts";
import { statementPublicValues, type RunStatement } from "../../prover/chips/statement.ts";
import { extAdd, type Ext } from "../../prover/field/extension.ts";
import { ProgramBuilder, RecursionAssertError } from "../../wrapper/recursion/builder.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";
import { setupRecursion, proveRecursion, verifyRecursion } from "../../wrapper/recursion/prove.ts";
import { recordRoot, inputHalves, ROOT_PUBLIC as R } from "../../wrapper/recursion/root.ts";
import { KeySet } from "../../wrapper/recursion/key-set.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { programsEqual } from "../../wrapper/recursion/program.ts";

const code: Ins[] = [
  ...li(5, DATA), ...li(9, 0x20000004),
  ["lbu", 10, 9, 0, 0], ["sw", 0, 5, 10, 0], ["lw", 10, 5, 0, 0],
  ["addi", 11, 0, 0, 0], ["addi", 17, 0, 0, 93], ["ecall", 0, 0, 0, 0],
];
const program = asmProgram(code, undefined, "root");

/** The summary the joins of this run would expose, natively; `part`: of those proofs only
 * (the challenges are the run's either way). */
function runSummary(vk: ProgramVk, run: RunProof, keySetRoot: Uint32Array, part?: number[], challengesOf = challengesOfRun): Uint32Array {
  const keyOf = (i: number) => (i === 0 ? vk.memory : vk.segment);
  const which = part ?? run.proofs.map((_, i) => i);
  const sum = sumShares(which.map((i) => shareOfRoot(keyOf(i).digest, run.proofs[i].mainRoot)))!;
  const challenges = challengesOf(vk, run);
  let bus: Ext = new Uint32Array(4);
  for (const i of which) {
    run.proofs[i].tables.forEach((t, ti) => {
      const k = keyOf(i).airs[ti].cumulativeSumIndex;
      if (k >= 0) bus = extAdd(bus, t.auxPublic.subarray(4 * k, 4 * k + 4));
    });
  }
  return Uint32Array.from([...programVkDigest(vk), ...challenges, ...bus, ...sum.x, ...sum.y, ...keySetRoot]);
}

function challengesOfRun(vk: ProgramVk, run: RunProof): Uint32Array {
  const keyOf = (i: number) => (i === 0 ? vk.memory : vk.segment);
  const sum = sumShares(run.proofs.map((p, i) => shareOfRoot(keyOf(i).digest, p.mainRoot)))!;
  return deriveChallenges(programVkDigest(vk), statementPublicValues(run.statement), sum);
}

function publisher(pv: Uint32Array) {
  const b = new ProgramBuilder();
  for (const w of pv) b.publicValue(b.witness(w));
  return b.build();
}

describe("recursion: root (the run's final checks in a program)", function () {
  this.timeout(600_000);
  let vk: ProgramVk;
  let run: RunProof;
  let child: { vk: Awaited<ReturnType<typeof setupRecursion>>["vk"]; proof: Awaited<ReturnType<typeof proveRecursion>>["proof"] };
  let keys: KeySet;
  let publisherKeys: Awaited<ReturnType<typeof setupRecursion>>;

  before(async () => {
    vk = (await keysFor(program)).vk;
    run = await proveProgram(await keysFor(program), program, { input: Uint8Array.of(9, 8, 7, 6, 5), segmentCycles: 8 });
    const setup = await setupRecursion(publisher(runSummary(vk, run, new Uint32Array(8))).program, TEST_CONFIG_INSECURE);
    publisherKeys = setup;
    keys = KeySet.of([setup.vk.stark.digest]);
    child = { vk: setup.vk, proof: (await proveRecursion(setup.pk, publisher(runSummary(vk, run, keys.root)))).proof };
  });

  it("accepts the run's summary and exposes the statement and the input's Poseidon2 digest; proved", async () => {
    const built = recordRoot(child, keys, run.statement);
    const { publicValues } = runProgram(built.program, built.witness);
    expect(Array.from(publicValues.subarray(R.programDigest, R.programDigest + 8))).to.deep.equal(Array.from(programVkDigest(vk)));
    expect(Array.from(publicValues.subarray(R.statement, R.statement + 37))).to.deep.equal(Array.from(statementPublicValues(run.statement)));
    const inputDigest = getHashSuite("poseidon2-babybear-16").hashRow(Uint32Array.from(inputHalves(run.statement.input)));
    expect(Array.from(publicValues.subarray(R.inputDigest, R.length))).to.deep.equal(Array.from(inputDigest));
    const { pk, vk: rvk } = await setupRecursion(built.program, TEST_CONFIG_INSECURE);
    const { proof, publicValues: pv } = await proveRecursion(pk, built);
    expect(verifyRecursion(rvk, proof, pv)).to.deep.equal({ ok: true });
  });

  it("another exit code, cycle count, output digest or input unbalances the bus; another input digest changes the challenges", () => {
    const s = run.statement;
    const variants: Array<[string, RunStatement, RegExp]> = [
      ["exit code", { ...s, exitCode: s.exitCode + 1 }, /^bus|^challenges/],
      ["cycles", { ...s, cycles: s.cycles + 1 }, /^bus|^challenges/],
      ["output digest", { ...s, outputDigestWords: new Uint32Array(8).fill(1) }, /^bus|^challenges/],
      ["input", { ...s, input: Uint8Array.of(9, 8, 7, 6, 4) }, /^bus/],
    ];
    for (const [what, st, check] of variants) {
      expect(() => recordRoot(child, keys, st), what).to.throw(RecursionAssertError, check);
    }
  });

  it("over two proofs that split the run (the kit's root: the top join and root in one step): accepted and proved; a proof left out, one counted twice, or a child under other challenges is refused", async () => {
    expect(run.proofs.length).to.be.greaterThan(2);
    const all = run.proofs.map((_, i) => i);
    const childOf = async (part: number[], challengesOf = challengesOfRun) =>
      ({ vk: child.vk, proof: (await proveRecursion(publisherKeys.pk, publisher(runSummary(vk, run, keys.root, part, challengesOf)))).proof });
    const memory = await childOf([0]), segments = await childOf(all.slice(1));
    const built = recordRoot([memory, segments], keys, run.statement);
    const { publicValues } = runProgram(built.program, built.witness);
    expect(Array.from(publicValues.subarray(R.statement, R.statement + 37))).to.deep.equal(Array.from(statementPublicValues(run.statement)));
    // the children's order does not matter
    expect(Array.from(runProgram(recordRoot([segments, memory], keys, run.statement).program, recordRoot([segments, memory], keys, run.statement).witness).publicValues)).to.deep.equal(Array.from(publicValues));
    const { pk, vk: rvk } = await setupRecursion(built.program, TEST_CONFIG_INSECURE);
    const proved = await proveRecursion(pk, built);
    expect(verifyRecursion(rvk, proved.proof, proved.publicValues)).to.deep.equal({ ok: true });

    const missing = await childOf(all.slice(1, -1)); // the last segment left out
    expect(() => recordRoot([memory, missing], keys, run.statement)).to.throw(RecursionAssertError, /^bus|^challenges/);
    const twice = await childOf(all.slice(0, -1)); // the memory proof in both children
    expect(() => recordRoot([memory, twice], keys, run.statement)).to.throw(RecursionAssertError, /^bus|^challenges/);
    expect(() => recordRoot([memory, memory], keys, run.statement)).to.throw(RecursionAssertError, /^share sum|^bus|^challenges/);
    const otherChallenges = await childOf(all.slice(1), () => Uint32Array.from({ length: 8 }, (_, j) => 77 + j));
    expect(() => recordRoot([memory, otherChallenges], keys, run.statement)).to.throw(RecursionAssertError, "same program and challenges");
  });

  it("a summary under another key set, or a key outside the kit's set, is refused", async () => {
    const other = KeySet.of([child.vk.stark.digest, new Uint32Array(8).fill(3)]);
    expect(() => recordRoot(child, other, run.statement)).to.throw(RecursionAssertError, "the kit's key set");
    expect(() => recordRoot(child, KeySet.of([new Uint32Array(8).fill(3)]), run.statement)).to.throw(/not in the kit's set/);
  });

  it("with an input bound, one program for every input up to it: the digest covers the padded words; a shorter count, a non-zero padding word or an input over the bound is refused", () => {
    const bound = { maxInputWords: 6 };
    const built = recordRoot(child, keys, run.statement, bound);
    const { publicValues } = runProgram(built.program, built.witness);
    const padded = inputHalves(run.statement.input, 6);
    expect(padded.length).to.equal(12);
    const inputDigest = getHashSuite("poseidon2-babybear-16").hashRow(Uint32Array.from(padded));
    expect(Array.from(publicValues.subarray(R.inputDigest, R.length))).to.deep.equal(Array.from(inputDigest));
    // another input length: the bus does not balance for this run, but the program is the same
    const longer = recordRoot(child, keys, { ...run.statement, input: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) }, { ...bound, lenient: true });
    expect(programsEqual(longer.program, built.program)).to.equal(true);
    expect(() => recordRoot(child, keys, { ...run.statement, input: new Uint8Array(40) }, bound)).to.throw(/above the kit's bound/);
    // a witness edit: the prefix bits (found by their pattern 1,1,1,0,0,0) claiming fewer words
    const w = built.witness;
    const n = 3; // inputWords of 5 bytes: the length word and 2 words
    // (base witnesses are one word each in the stream, four to a witness-base row: the 12
    // halves and the 6 bits, witnessed one after the other, are 18 consecutive words)
    const pattern = [1, 1, 1, 0, 0, 0];
    const bitsAt = Array.from(w).findIndex((_, i) => i >= 12 && pattern.every((v, k) => w[i + k] === v));
    expect(bitsAt).to.be.greaterThan(-1);
    const fewer = w.slice();
    fewer[bitsAt + (n - 1)] = 0; // claims 2 words: the length word says 3
    expect(() => runProgram(built.program, fewer)).to.throw();
    // the 12 halves are witnessed just before the bits: a padding word's half made non-zero
    const padding = w.slice();
    padding[bitsAt - 12 + 2 * n] = 5;
    expect(() => runProgram(built.program, padding)).to.throw();
  });
});
