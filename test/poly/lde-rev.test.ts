// Bit-reversed LDE outputs (cosetLdeRev, cosetLdeFromCoeffs(.., rev)) and the prefix
// rule the quotient relies on: the first N/2^k entries of a bit-reversed LDE over
// shift·H_N, reversed again, are the values over the sub-coset shift·H_{N/2^k}.
import { expect } from "chai";
import { cosetLde, cosetLdeRev, cosetLdeFromCoeffs, bitReversedPrefixes } from "../../prover/poly/ntt.ts";
import { bitReversedCopy } from "../../prover/poly/bit-reverse.ts";
import { P } from "../../prover/field/babybear.ts";

const rand = (n: number, seed: number) => Uint32Array.from({ length: n }, (_, i) => (Math.imul(i + 1, 2654435761) ^ seed) % P >>> 0);

describe("bit-reversed LDE outputs", () => {
  for (const logN of [2, 6, 13]) {
    it(`cosetLdeRev is the bit-reversed cosetLde (2^${logN} rows, parallel batch)`, async () => {
      const cols = [1, 2, 3, 4, 5].map((s) => rand(1 << logN, s));
      const nat = await cosetLde(cols, 2, 7);
      const rev = await cosetLdeRev(cols, 2, 7);
      nat.forEach((c, i) => expect(Array.from(rev[i])).to.deep.equal(Array.from(bitReversedCopy(c))));
    });
  }

  it("cosetLdeFromCoeffs(.., rev) is the bit-reversed evaluation", async () => {
    const coeffs = [rand(1 << 10, 9), rand(1 << 9, 3)];
    const nat = await cosetLdeFromCoeffs(coeffs, 12, 31);
    const rev = await cosetLdeFromCoeffs(coeffs, 12, 31, true);
    nat.forEach((c, i) => expect(Array.from(rev[i])).to.deep.equal(Array.from(bitReversedCopy(c))));
  });

  it("a prefix of a bit-reversed LDE, reversed, is the LDE over the sub-coset", async () => {
    const cols = [rand(1 << 10, 4), rand(1 << 10, 5)];
    const rev = await cosetLdeRev(cols, 3, 31);
    for (const k of [0, 1, 2]) {
      const sub = await cosetLde(cols, k, 31);
      const got = await bitReversedPrefixes(rev, 10 + k);
      sub.forEach((c, i) => expect(Array.from(got[i])).to.deep.equal(Array.from(c)));
    }
  });
});
