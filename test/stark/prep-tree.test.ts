// Key files (prover/stark/prep-tree.ts): a proving key kept on disk as one level of its
// preprocessed tree. Read back, it is the same key (the same verifying-key digest, the
// same proofs); a file that does not hold this very key is never used: the key is set up
// again and the file rewritten.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { encodeProof } from "../../prover/stark/proof-codec.ts";
import { setupWithKeyFile, decodePrepTree, encodePrepTree, keyFileName } from "../../prover/stark/prep-tree.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";

describe("STARK: key files (a proving key kept as one level of its preprocessed tree)", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), "prep-tree-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const airs = [fibonacciAir, rangeCheckAir];
  const prep = () => [null, rangeCheckPreprocessed()];
  const traces = () => [fibonacciTrace(6), rangeCheckTrace()];
  const configs: Array<[string, StarkConfig]> = [
    ["classic", TEST_CONFIG_INSECURE],
    ["lifted", liftedConfig(TEST_CONFIG_INSECURE)],
    ["capped", { ...TEST_CONFIG_INSECURE, merkleCapHeight: 2 }],
  ];

  for (const [name, config] of configs) {
    it(`${name}: written at setup, read back to the same key; its proofs equal a fresh key's and verify`, async () => {
      const file = path.join(dir, keyFileName(`t-${name}`, config));
      const fresh = await setup(config, airs, prep());
      // keep 2^3 digests of a 2^10-leaf tree: every opening rehashes a 2^7-leaf block
      const first = await setupWithKeyFile(file, config, airs, prep(), { keptLogDigests: 3 });
      expect(first.cached).to.equal(false);
      expect(fs.existsSync(file)).to.equal(true);
      const stored = decodePrepTree(fs.readFileSync(file));
      expect(stored.level).to.equal(7);
      expect(stored.digests.length).to.equal(8 * 8);
      const again = await setupWithKeyFile(file, config, airs, prep(), { keptLogDigests: 3 });
      expect(again.cached).to.equal(true);
      for (const k of [first.pk, again.pk]) {
        expect(Array.from(k.vk.digest)).to.deep.equal(Array.from(fresh.vk.digest));
        expect(k.prepCommitment!.keptFrom).to.equal(7);
      }
      const want = encodeProof((await prove(fresh, traces())).proof).bytes;
      for (const k of [first.pk, again.pk]) {
        const { proof } = await prove(k, traces());
        expect(Buffer.from(encodeProof(proof).bytes).equals(Buffer.from(want)), "the same proof").to.equal(true);
        expect(verify(fresh.vk, proof)).to.deep.equal({ ok: true });
      }
    });
  }

  it("a file that does not hold this key is not used (changed digest, other columns, truncated, not a key file): set up again and rewritten", async () => {
    const config = TEST_CONFIG_INSECURE;
    const file = path.join(dir, "t-stale.prep-tree");
    const fresh = await setup(config, airs, prep());
    await setupWithKeyFile(file, config, airs, prep(), { keptLogDigests: 3 });
    const good = fs.readFileSync(file);
    const f = decodePrepTree(good);
    const changedDigest = { ...f, digests: f.digests.slice() };
    changedDigest.digests[5] ^= 1;
    const otherColumns = prep();
    otherColumns[1]![0][3] = 4; // the same key shape, another preprocessed column
    const cases: Array<[string, Uint8Array, Array<Uint32Array[] | null>]> = [
      ["a changed digest", encodePrepTree(changedDigest), prep()],
      ["a level of the wrong size", encodePrepTree({ ...f, level: 6 }), prep()],
      ["another key's file (other preprocessed columns)", good, otherColumns],
      ["a truncated file", good.subarray(0, good.length - 4), prep()],
      ["not a key file", Buffer.from("hello world!"), prep()],
    ];
    for (const [what, bytes, columns] of cases) {
      fs.writeFileSync(file, bytes);
      const r = await setupWithKeyFile(file, config, airs, columns, { keptLogDigests: 3 });
      expect(r.cached, what).to.equal(false);
      const want = columns === otherColumns ? (await setup(config, airs, columns)).vk.digest : fresh.vk.digest;
      expect(Array.from(r.pk.vk.digest), what).to.deep.equal(Array.from(want));
      expect((await setupWithKeyFile(file, config, airs, columns, { keptLogDigests: 3 })).cached, `${what}: rewritten`).to.equal(true);
    }
  });

  it("a capped key's file that keeps a level above the cap is not used", async () => {
    const config = { ...TEST_CONFIG_INSECURE, merkleCapHeight: 2 };
    const file = path.join(dir, "t-above-cap.prep-tree");
    const fresh = await setup(config, airs, prep());
    await setupWithKeyFile(file, config, airs, prep(), { keptLogDigests: 3 });
    const f = decodePrepTree(fs.readFileSync(file));
    // the root's level: consistent digests and the right key digest, but the cap (2^2 digests) is below it
    fs.writeFileSync(file, encodePrepTree({ ...f, level: 10, digests: fresh.prepCommitment!.levelDigests(10) }));
    const r = await setupWithKeyFile(file, config, airs, prep(), { keptLogDigests: 3 });
    expect(r.cached).to.equal(false);
    expect(Array.from(r.pk.vk.digest)).to.deep.equal(Array.from(fresh.vk.digest));
    expect(decodePrepTree(fs.readFileSync(file)).level, "rewritten at the kept level").to.equal(7);
  });

  it("a key file that cannot be written costs a setup next time, not this key", async () => {
    const blocker = path.join(dir, "not-a-folder");
    fs.writeFileSync(blocker, "x");
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const r = await setupWithKeyFile(path.join(blocker, "k.prep-tree"), TEST_CONFIG_INSECURE, airs, prep());
      expect(r.cached).to.equal(false);
      expect(Array.from(r.pk.vk.digest)).to.deep.equal(Array.from((await setup(TEST_CONFIG_INSECURE, airs, prep())).vk.digest));
      await new Promise((res) => setImmediate(res)); // warnings are emitted on the next tick
      expect(warnings.join("\n")).to.match(/not-a-folder\/k\.prep-tree not written/);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("decoding names what is wrong with a file", () => {
    const f = { inputs: new Uint32Array(8), vkDigest: Uint32Array.of(1, 2, 3, 4, 5, 6, 7, 8), level: 2, digests: new Uint32Array(16) };
    const bytes = encodePrepTree(f);
    expect(decodePrepTree(bytes)).to.deep.equal(f);
    expect(() => decodePrepTree(Buffer.from("ZKPX" + "\0".repeat(40)))).to.throw(/no ZKPT magic/);
    const v2 = Buffer.from(bytes);
    v2.writeUInt32LE(2, 4);
    expect(() => decodePrepTree(v2)).to.throw(/format 2, this code reads 1/);
    expect(() => decodePrepTree(bytes.subarray(0, bytes.length - 4))).to.throw(/16 digest words announced, 15 present/);
    expect(() => decodePrepTree(bytes.subarray(0, 20))).to.throw(/truncated at byte 20/);
  });
});
