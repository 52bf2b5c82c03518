// The verifying key's digest binds every part of the key, through a prefix-free encoding
// (lengths and a presence word), so no two different keys share a digest's preimage.
import { expect } from "chai";
import { setup, validateConfig, TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { vkDigestOf, type VerifyingKey } from "../../prover/stark/keys.ts";
import { rangeCheckAir, rangeCheckPreprocessed } from "../../prover/air/examples/range-check.ts";
import { fibonacciAir } from "../../prover/air/examples/fibonacci.ts";

type KeyBody = Omit<VerifyingKey, "digest">;

describe("STARK: verifying-key digest", () => {
  let base: KeyBody;
  before(async () => {
    const { vk } = await setup(TEST_CONFIG_INSECURE, [fibonacciAir, rangeCheckAir], [null, rangeCheckPreprocessed()]);
    const { digest, ...body } = vk;
    expect(vkDigestOf(body)).to.deep.equal(digest);
    base = body;
  });

  const variants: Array<[string, (k: KeyBody) => void]> = [
    ["logBlowup", (k) => void (k.config = { ...k.config, logBlowup: k.config.logBlowup + 1 })],
    ["numQueries", (k) => void (k.config = { ...k.config, numQueries: k.config.numQueries + 1 })],
    ["powBits", (k) => void (k.config = { ...k.config, powBits: k.config.powBits + 1 })],
    ["friLogArity", (k) => void (k.config = { ...k.config, friLogArity: k.config.friLogArity + 1 })],
    ["friLogFinalDegree", (k) => void (k.config = { ...k.config, friLogFinalDegree: k.config.friLogFinalDegree + 1 })],
    ["an AIR digest word", (k) => void (k.airDigests[1][7] ^= 1)],
    ["the order of the tables", (k) => void (k.airDigests.reverse(), k.prepLogRows.reverse(), k.airs.reverse())],
    ["a preprocessed height", (k) => void (k.prepLogRows[1] = 9)],
    ["a preprocessed height given to the other table", (k) => void (k.prepLogRows = [8, null])],
    ["a preprocessed root word", (k) => void (k.prepRoot![0] ^= 1 << 20)],
    ["no preprocessed root instead of an all-zero one", (k) => void (k.prepRoot = null)],
  ];

  for (const [what, change] of variants) {
    it(`changes with ${what}`, () => {
      const k: KeyBody = structuredClone({ ...base, airs: [] }) as KeyBody;
      k.airs = base.airs.slice();
      k.prepRoot = what.startsWith("no preprocessed") ? new Uint32Array(base.prepRoot!.length) : k.prepRoot;
      const before = vkDigestOf(k);
      change(k);
      expect(vkDigestOf(k)).to.not.deep.equal(before);
    });
  }
});

describe("STARK: parameter validation", () => {
  it("accepts the presets and rejects each out-of-range parameter, naming it", () => {
    expect(() => validateConfig(TEST_CONFIG_INSECURE)).to.not.throw();
    expect(() => validateConfig({ ...TEST_CONFIG_INSECURE, powBits: 27 })).to.not.throw();
    const bad: Array<[Partial<StarkConfig>, RegExp]> = [
      [{ powBits: 28 }, /powBits must be an integer in \[0, 27\], got 28/], // the challenger cannot grind 28-30 bits
      [{ powBits: 30 }, /powBits .* got 30/],
      [{ logBlowup: 0 }, /logBlowup/],
      [{ numQueries: 0 }, /numQueries/],
      [{ friLogArity: 5 }, /friLogArity/],
      [{ friLogFinalDegree: -1 }, /friLogFinalDegree/],
      [{ hashSuite: "" }, /hashSuite/],
    ];
    for (const [change, msg] of bad) expect(() => validateConfig({ ...TEST_CONFIG_INSECURE, ...change }), JSON.stringify(change)).to.throw(Error, msg);
  });
});
