// The aggregated receipt (wrapper/recursion/root-receipt.ts, receipt format 2): a run's
// receipt aggregated under a kit into one root proof, encoded and decoded, verified;
// then every way the receipt can lie is rejected: the statement (exit code, cycles,
// input, output digest), the public output, the program, the kit, the root proof
// itself, an input above the kit's bound, and a receipt whose proofs do not verify
// cannot be aggregated. One run (a memory proof and one segment: two lifts, one join,
// root) is aggregated once for all of them.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keysFor, proveOk } from "../chips/harness.ts";
import { asmProgram, exitWith } from "../chips/helpers.ts";
import { recursionFixtureProgram } from "./run-fixture.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { digestHex, programVkDigest } from "../../prover/zkvm/program-key.ts";
import { proveProgram } from "../../prover/zkvm/prove.ts";
import { decodeReceipt, encodeReceipt, outputDigestWordsOf, type RootReceipt, type SegmentsReceipt } from "../../prover/zkvm/receipt.ts";
import { loadOrBuildKit } from "../../wrapper/recursion/kit-cache.ts";
import type { RecursionKit } from "../../wrapper/recursion/kit.ts";
import { aggregateReceipt, verifyRootReceipt } from "../../wrapper/recursion/root-receipt.ts";
import { cloneProof, TAMPERS } from "../stark/tamper.ts";
import { recordKitShrink, recordShrinkOfCompress, SHRINK_PUBLIC } from "../../wrapper/recursion/shrink-root.ts";
import { compressKeys, recordCompressOfRoot, recordKitCompress, COMPRESS_TEST_CONFIG_INSECURE } from "../../wrapper/recursion/compress.ts";
import { proveRecursion, verifyRecursion } from "../../wrapper/recursion/prove.ts";
import { unwrappable } from "../../wrapper/wrap/receipt-wrap.ts";
import { programsEqual } from "../../wrapper/recursion/program.ts";
import { runProgram } from "../../wrapper/recursion/run.ts";

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("recursion: the aggregated receipt", function () {
  this.timeout(1_800_000);
  let dir: string;
  let kit: RecursionKit;
  let vk: Awaited<ReturnType<typeof keysFor>>["vk"];
  let segments: SegmentsReceipt;
  let root: RootReceipt;
  let kitFile: string;
  const shape = { config: liftedConfig(TEST_CONFIG_INSECURE), lifts: [{ kind: "memory" as const, logMaxRows: 16 }, { kind: "segment" as const, logMaxRows: 16 }], maxInputWords: 4 };
  const log = (what: string) => process.env.RECURSION_LOG && console.log(`      [${(performance.now() / 1000).toFixed(0)} s] ${what}`);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "root-receipt-"));
    const program = recursionFixtureProgram("root-receipt");
    const keys = await keysFor(program);
    vk = keys.vk;
    // one segment: the memory proof and the segment proof
    const run = await proveProgram(keys, program, { input: Uint8Array.of(7, 8, 9) });
    segments = { kind: "segments", programDigest: programVkDigest(vk), statement: run.statement, publicOutput: new Uint8Array(0), proofs: run.proofs };
    const built = await loadOrBuildKit(vk, { dir, shape, progress: log });
    expect(built.built).to.equal(true);
    kit = built.kit;
    kitFile = built.file;
    root = await aggregateReceipt(vk, segments, kit, log);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rejectsAs = (r: RootReceipt, check: RegExp) => {
    const v = verifyRootReceipt(vk, r, kit);
    expect(v.ok, "accepted").to.equal(false);
    if (!v.ok) expect(v.check).to.match(check);
  };

  it("the kit's anchor is the tallest of its recursion children (lifts and join); root, nobody's child, keeps its own heights", () => {
    const tallest = (k: { vk: { stark: { prepLogRows: (number | null)[] } } }) => Math.max(...k.vk.stark.prepLogRows.map((h) => h ?? 0));
    const anchor = kit.shape.anchorLogRows;
    const children = [...kit.lifts.values(), kit.join];
    for (const k of children) expect(tallest(k)).to.equal(anchor); // the anchor table itself is that tall
    const rootTables = kit.root.vk.stark.prepLogRows;
    expect(rootTables[rootTables.length - 1], "root's anchor table is at its minimum").to.be.lessThan(anchor);
  });

  it("the kit is cached: read back without setup to the same keys; a stored key that does not match its fields or its program is set up again; the proving keys are read from their key files", async () => {
    const json = JSON.parse(fs.readFileSync(kitFile, "utf8"));
    expect(json.kitDigest).to.equal(digestHex(kit.root.vk.stark.digest));
    // each proving key was kept as a key file when the kit was built (prover/stark/prep-tree.ts)
    const keyFiles = fs.readdirSync(path.dirname(kitFile)).filter((f) => f.endsWith(".prep-tree")).sort();
    expect(keyFiles.map((f) => f.replace(/-[0-9a-f]{12}\.prep-tree$/, ""))).to.deep.equal(["join", "lift-memory-16", "lift-segment-16", "root"]);
    const joinFile = path.join(path.dirname(kitFile), keyFiles[0]);
    const joinWritten = fs.statSync(joinFile).mtimeMs;
    expect(Object.keys(json.keys)).to.deep.equal(["lift-memory-16", "lift-segment-16", "join", "root"]);
    const again = await loadOrBuildKit(vk, { dir, shape });
    expect(again.built).to.equal(false);
    expect(digestHex(again.kit.root.vk.stark.digest)).to.equal(json.kitDigest);
    expect(digestHex(again.kit.keySet.root)).to.equal(json.keySetRoot);
    // a changed preprocessed root no longer hashes to the stored digest
    const tampered = structuredClone(json);
    tampered.keys.join.prepRoot[0] ^= 1;
    fs.writeFileSync(kitFile, JSON.stringify(tampered));
    const healed = await loadOrBuildKit(vk, { dir, shape });
    expect(healed.built).to.equal(true);
    expect(digestHex(healed.kit.root.vk.stark.digest)).to.equal(json.kitDigest);
    // a stored key for another program (an older kit's) is not reused either
    const stale = structuredClone(json);
    stale.keys.root.programSha256 = "00".repeat(32);
    fs.writeFileSync(kitFile, JSON.stringify(stale));
    expect((await loadOrBuildKit(vk, { dir, shape })).built).to.equal(true);
    // a proving key set up on demand is the stored verifying key's
    const pk = await again.kit.join.provingKey();
    expect(digestHex(pk.stark.vk.digest)).to.equal(json.keys.join.digest);
    expect(fs.statSync(joinFile).mtimeMs, "read from its key file, not set up and written again").to.equal(joinWritten);
  });

  it("is one root proof under the kit; it round-trips through the codec and verifies", () => {
    expect(root.kind).to.equal("root");
    const bytes = encodeReceipt(root);
    const back = decodeReceipt(bytes);
    expect(back.kind).to.equal("root");
    expect(encodeReceipt(back)).to.deep.equal(bytes);
    expect(verifyRootReceipt(vk, back as RootReceipt, kit)).to.deep.equal({ ok: true });
    // far smaller than the run's proofs
    expect(bytes.length).to.be.below(encodeReceipt(segments).length);
  });

  it("rejects another statement: exit code, cycles, input (same length or not), output digest", () => {
    const st = root.statement;
    rejectsAs({ ...root, statement: { ...st, exitCode: 1 } }, /statement/);
    rejectsAs({ ...root, statement: { ...st, cycles: st.cycles + 1 } }, /statement/);
    rejectsAs({ ...root, statement: { ...st, input: Uint8Array.of(7, 8, 10) } }, /statement/);
    rejectsAs({ ...root, statement: { ...st, input: Uint8Array.of(7, 8) } }, /statement/);
    const out = new TextEncoder().encode("forged");
    rejectsAs({ ...root, statement: { ...st, outputDigestWords: outputDigestWordsOf(out) }, publicOutput: out }, /statement/);
    rejectsAs({ ...root, publicOutput: Uint8Array.of(1) }, /output/);
    rejectsAs({ ...root, statement: { ...st, input: new Uint8Array(13) } }, /input/); // above the bound
  });

  it("rejects it for another program, under another kit, or with a tampered root proof", async () => {
    const other = await proveOk(asmProgram(exitWith(0), undefined, "root-receipt-other"));
    expect(verifyRootReceipt(other.keys.vk, root, kit).ok).to.equal(false);
    rejectsAs({ ...root, programDigest: programVkDigest(other.keys.vk) }, /program/);
    const kitDigest = root.kitDigest.slice();
    kitDigest[0] ^= 1;
    rejectsAs({ ...root, kitDigest }, /kit/);
    // (a tamper aimed at a cell this proof lacks, such as a second main column of a
    // one-column table, changes nothing: only the tampers that change the proof count)
    const honest = encodeReceipt(root);
    let tampered = 0;
    for (const t of TAMPERS) {
      const proof = cloneProof(root.proof);
      t.apply(proof);
      const forged = { ...root, proof };
      if (t.name.startsWith("missing") || !sameBytes(encodeReceipt(forged), honest)) {
        tampered++;
        expect(verifyRootReceipt(vk, forged, kit).ok, t.name).to.equal(false);
      }
    }
    expect(tampered).to.be.at.least(TAMPERS.length - 4);
  });

  it("the kit's compress program, recorded from a stand-in, is the one this root proof records; it exposes the program, the output digest and the exit code's limbs", () => {
    const real = recordCompressOfRoot(kit, root.proof);
    expect(programsEqual(recordKitCompress(kit).program, real.program)).to.equal(true);
    const { publicValues } = runProgram(real.program, real.witness);
    expect(Array.from(publicValues.subarray(SHRINK_PUBLIC.programDigest, SHRINK_PUBLIC.programDigest + 8))).to.deep.equal(Array.from(programVkDigest(vk)));
    const code = root.statement.exitCode >>> 0;
    expect(code).to.not.equal(0);
    expect(publicValues[SHRINK_PUBLIC.exitSum]).to.equal((code & 0xffff) + (code >>> 16));
    expect(publicValues.length).to.equal(SHRINK_PUBLIC.length);
    // this run exits with a non-zero code and no output digest: it is not wrapped
    expect(unwrappable(root)).to.match(/exited with code/);
    expect(unwrappable({ ...root, statement: { ...root.statement, exitCode: 0 } })).to.match(/no output/);
    // a tampered root proof does not record the compress program's checks
    const bad = cloneProof(root.proof);
    TAMPERS[0].apply(bad);
    expect(() => recordCompressOfRoot(kit, bad)).to.throw();
  });

  it("the compress proof verifies under the kit's compress key; the shrink program over it, recorded from a stand-in, is the real one and passes its public values on; a tampered compress proof does not record", async () => {
    const ck = await compressKeys(kit, COMPRESS_TEST_CONFIG_INSECURE);
    const { proof, publicValues } = await proveRecursion(ck.pk, recordCompressOfRoot(kit, root.proof));
    expect(verifyRecursion(ck.vk, proof, publicValues)).to.deep.equal({ ok: true });
    const changed = Uint32Array.from(publicValues);
    changed[SHRINK_PUBLIC.exitSum] ^= 1;
    expect(verifyRecursion(ck.vk, proof, changed).ok).to.equal(false);
    const shrink = recordShrinkOfCompress(ck.vk, proof);
    expect(programsEqual(recordKitShrink(ck.vk).program, shrink.program)).to.equal(true);
    expect(Array.from(runProgram(shrink.program, shrink.witness).publicValues)).to.deep.equal(Array.from(publicValues));
    const bad = cloneProof(proof);
    TAMPERS[0].apply(bad);
    expect(() => recordShrinkOfCompress(ck.vk, bad)).to.throw();
    // a root proof is not a compress proof: another key
    expect(() => recordShrinkOfCompress(ck.vk, root.proof)).to.throw(/key|parameters|version/);
  });

  it("refuses to aggregate a receipt whose proofs do not verify", async () => {
    const proofs = segments.proofs.map(cloneProof);
    TAMPERS[0].apply(proofs[1]);
    let error = "";
    await aggregateReceipt(vk, { ...segments, proofs }, kit).catch((e) => (error = (e as Error).message));
    expect(error).to.match(/does not verify/);
  });
});
