// bitReversedCopy against a direct bit-reversal, below and above the tiled threshold.
import { expect } from "chai";
import { bitReversedCopy } from "../../prover/poly/bit-reverse.ts";
import { randomColumn } from "./helpers.ts";

function rev(i: number, log: number): number {
  let r = 0;
  for (let b = 0; b < log; b++) r |= ((i >> b) & 1) << (log - 1 - b);
  return r;
}

describe("bit-reversal permutation", () => {
  for (const log of [0, 1, 2, 5, 9, 10, 11, 15]) {
    it(`matches a direct permutation at 2^${log}`, () => {
      const c = randomColumn(1 << log, 17 + log);
      const out = bitReversedCopy(c);
      const want = new Uint32Array(c.length);
      for (let i = 0; i < c.length; i++) want[i] = c[rev(i, log)];
      expect(out).to.deep.equal(want);
      expect(out.buffer).to.be.instanceOf(SharedArrayBuffer);
    });
  }
  it("rejects a length that is not a power of two", () => {
    expect(() => bitReversedCopy(new Uint32Array(12))).to.throw(/bitReversedCopy: length 12 is not a power of two/);
  });
});
