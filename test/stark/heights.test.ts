// Commitments shorter than the query domain: a 2^8-row preprocessed lookup table beside a
// 2^12-row main table (the preprocessed tree is 16x shorter than the main one), and an
// aux tree shorter than the main tree. Queries open each tree at the index scaled to its
// height; every opening has its tampered twin, rejected by the check of that tree.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { shortLookupUserAir, shortLookupTableAir, shortLookupPreprocessed, shortLookupTraces } from "../../prover/air/examples/short-lookup.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { cloneProof, bump } from "./tamper.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };

function rejectedBy(vk: ProvingKey["vk"], proof: StarkProof, check: string): void {
  const r = verify(vk, proof);
  expect(r.ok, `expected '${check}' to reject`).to.equal(false);
  if (!r.ok) expect(r.check, r.reason).to.equal(check);
}

describe("STARK: trees shorter than the tallest LDE", function () {
  this.timeout(60_000);

  describe("a 2^8-row preprocessed lookup table beside a 2^12-row main table", () => {
    let pk: ProvingKey;
    let proof: StarkProof;
    before(async () => {
      pk = await setup(NO_POW, [shortLookupUserAir, shortLookupTableAir], [null, shortLookupPreprocessed()]);
      ({ proof } = await prove(pk, shortLookupTraces(12)));
    });

    it("proves and verifies; the preprocessed openings are rows of the short tree", () => {
      expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
      const logLde = 8 + NO_POW.logBlowup;
      expect(proof.queries[0].prep!.path.length).to.equal(logLde);
      expect(proof.queries[0].main!.path.length).to.equal(12 + NO_POW.logBlowup);
    });

    it("rejects a tampered preprocessed row, path node and the other trees' rows by their own check", () => {
      for (const [key, check] of [["prep", "merkle:preprocessed"], ["main", "merkle:main"], ["aux", "merkle:aux"], ["quotient", "merkle:quotient"]] as const) {
        const rowBad = cloneProof(proof);
        bump(rowBad.queries[3][key]!.rows[rowBad.queries[3][key]!.rows.length - 1], 0);
        rejectedBy(pk.vk, rowBad, check);
        const pathBad = cloneProof(proof);
        bump(pathBad.queries[5][key]!.path[2], 0);
        rejectedBy(pk.vk, pathBad, check);
      }
    });

    it("rejects a proof whose short tree is opened at the unscaled index", async () => {
      // the honest opening of another row: a valid path, but not the one the query asks for
      const bad = cloneProof(proof);
      const q = bad.queries.findIndex((qq, i) => i > 0 && qq.prep!.rows[0][0] !== bad.queries[0].prep!.rows[0][0]);
      bad.queries[0].prep = structuredClone(proof.queries[q].prep);
      rejectedBy(pk.vk, bad, "merkle:preprocessed");
    });

    it("rejects a value outside the table (bus)", async () => {
      const values = Array.from({ length: 1 << 12 }, (_, i) => i & 255);
      values[1000] = 256;
      const { proof: bad } = await prove(pk, shortLookupTraces(12, 8, values));
      rejectedBy(pk.vk, bad, "bus");
    });
  });

  it("an aux tree (2^8 rows) and a preprocessed tree shorter than the main tree (2^11-row Fibonacci)", async () => {
    const pk = await setup(NO_POW, [fibonacciAir, shortLookupUserAir, shortLookupTableAir], [null, null, shortLookupPreprocessed()]);
    const { proof } = await prove(pk, [fibonacciTrace(11), ...shortLookupTraces(8)]);
    expect(proof.queries[0].aux!.path.length).to.equal(8 + NO_POW.logBlowup);
    expect(proof.queries[0].main!.path.length).to.equal(11 + NO_POW.logBlowup);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const bad = cloneProof(proof);
    bump(bad.queries[1].aux!.rows[0], 2);
    rejectedBy(pk.vk, bad, "merkle:aux");
  });
});
