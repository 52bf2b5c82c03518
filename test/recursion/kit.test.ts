// The recursion kit built once and cached (wrapper/recursion/kit.ts, kit-cache.ts): a
// second load sets nothing up and gives the same keys; a stored key that does not match
// its program or its fields is set up again rather than trusted; the kit id follows
// what the kit is built from. A small shape (one lift key) keeps the build short.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keysFor } from "../chips/harness.ts";
import { recursionFixtureProgram } from "./run-fixture.ts";
import { liftedConfig } from "../../prover/stark/config.ts";
import { DEFAULT_CONFIG, TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { kitId, loadOrBuildKit, standardKitShape } from "../../wrapper/recursion/kit-cache.ts";
import type { KitShape } from "../../wrapper/recursion/kit.ts";
import { digestHex } from "../../prover/zkvm/program-key.ts";

describe("recursion: the kit, built once and cached", function () {
  this.timeout(600_000);
  const shape: KitShape = { config: liftedConfig(TEST_CONFIG_INSECURE), lifts: [{ kind: "memory", logMaxRows: 16 }], maxInputWords: 8 };
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kit-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is built on first use, then read back without setup to the same keys; a tampered entry is set up again", async () => {
    const { vk } = await keysFor(recursionFixtureProgram("kit"));
    const first = await loadOrBuildKit(vk, { dir, shape });
    expect(first.built).to.equal(true);
    expect(first.kit.shape.anchorLogRows).to.be.within(16, 18);
    const rootDigest = digestHex(first.kit.root.vk.stark.digest);
    const json = JSON.parse(fs.readFileSync(first.file, "utf8"));
    expect(json.kitDigest).to.equal(rootDigest);
    expect(Object.keys(json.keys)).to.deep.equal(["lift-memory-16", "join", "root"]);

    const again = await loadOrBuildKit(vk, { dir, shape });
    expect(again.built).to.equal(false);
    expect(digestHex(again.kit.root.vk.stark.digest)).to.equal(rootDigest);
    expect(digestHex(again.kit.keySet.root)).to.equal(json.keySetRoot);

    // a changed preprocessed root no longer hashes to the stored digest: set up again
    const tampered = structuredClone(json);
    tampered.keys.join.prepRoot[0] ^= 1;
    fs.writeFileSync(first.file, JSON.stringify(tampered));
    const healed = await loadOrBuildKit(vk, { dir, shape });
    expect(healed.built).to.equal(true);
    expect(digestHex(healed.kit.root.vk.stark.digest)).to.equal(rootDigest);
    // a stored key for another program (an older kit's) is not reused either
    const stale = structuredClone(json);
    stale.keys.root.programSha256 = "00".repeat(32);
    fs.writeFileSync(first.file, JSON.stringify(stale));
    expect((await loadOrBuildKit(vk, { dir, shape })).built).to.equal(true);
    // and a proving key set up on demand is the stored verifying key's
    const pk = await again.kit.join.provingKey();
    expect(digestHex(pk.stark.vk.digest)).to.equal(digestHex(again.kit.join.vk.stark.digest));
  });

  it("names a kit by the zkVM parameters and the shape", () => {
    const std = standardKitShape(TEST_CONFIG_INSECURE);
    expect(kitId(TEST_CONFIG_INSECURE, std)).to.equal(kitId(TEST_CONFIG_INSECURE, standardKitShape(TEST_CONFIG_INSECURE)));
    expect(kitId(DEFAULT_CONFIG, standardKitShape(DEFAULT_CONFIG))).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
    expect(kitId(TEST_CONFIG_INSECURE, { ...std, maxInputWords: 9 })).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
    expect(kitId(TEST_CONFIG_INSECURE, { ...std, lifts: std.lifts.slice(1) })).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
  });
});
