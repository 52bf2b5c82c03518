// The recursion kit's name (wrapper/recursion/kit-cache.ts kitId) follows what the kit is
// built from. Building, caching and reloading a kit is tested where a kit is built
// anyway: test/recursion/root-receipt.test.ts.
import { expect } from "chai";
import { DEFAULT_CONFIG, TEST_CONFIG_INSECURE } from "../../prover/stark/index.ts";
import { kitId, standardKitShape } from "../../wrapper/recursion/kit-cache.ts";

describe("recursion: the kit's name", function () {
  it("names a kit by the zkVM parameters and the shape", () => {
    const std = standardKitShape(TEST_CONFIG_INSECURE);
    expect(kitId(TEST_CONFIG_INSECURE, std)).to.equal(kitId(TEST_CONFIG_INSECURE, standardKitShape(TEST_CONFIG_INSECURE)));
    expect(kitId(DEFAULT_CONFIG, standardKitShape(DEFAULT_CONFIG))).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
    expect(kitId(TEST_CONFIG_INSECURE, { ...std, maxInputWords: 9 })).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
    expect(kitId(TEST_CONFIG_INSECURE, { ...std, lifts: std.lifts.slice(1) })).to.not.equal(kitId(TEST_CONFIG_INSECURE, std));
  });
});
