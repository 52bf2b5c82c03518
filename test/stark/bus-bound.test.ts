// The bus cap (prover/air/multiplicity.ts) in the STARK: a shape whose worst-case
// multiplicity sums reach p is refused by the prover, by the verifier (check
// 'bus-bound', also when a proof claims taller tables than it was made for) and by the
// wrap circuit generator.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { defineAir } from "../../prover/air/builder.ts";
import { generateStarkVerifierCircuit } from "../../wrapper/circuit/generate.ts";
import { POSEIDON_BN254_SUITE_ID } from "../../prover/hash/poseidon-bn254-suite.ts";
import { cloneProof } from "./tamper.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };
const MAX_M = (1 << 19) - 1;

/** Sends and receives x with a multiplicity declared (and, here, pinned by a constraint) below 2^19. */
const wideAir = defineAir({
  name: "wide-multiplicity",
  main: ["x", "m"],
  build(b) {
    const { x, m } = b.main;
    b.assertEq(m.cur, MAX_M, "m is the maximum"); // stands in for a 19-bit range check
    b.declareRange(m.cur, MAX_M);
    b.send("wide", [x.cur], m.cur);
    b.receive("wide", [x.cur], m.cur);
  },
});

function trace(logRows: number) {
  const n = 1 << logRows;
  return { main: [Uint32Array.from({ length: n }, (_, i) => i), new Uint32Array(n).fill(MAX_M)], publicValues: new Uint32Array(0) };
}

describe("STARK: the bus multiplicity cap", () => {
  it("2^11 rows x 2^19 stays below p: proved and verified", async () => {
    const pk = await setup(NO_POW, [wideAir]);
    const { proof } = await prove(pk, [trace(11)]);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
  });

  it("2^12 rows x 2^19 reaches p: the prover refuses, naming the bus", async () => {
    const pk = await setup(NO_POW, [wideAir]);
    await prove(pk, [trace(12)]).then(
      () => expect.fail("the prover accepted a bus that can wrap"),
      (e: Error) => expect(e.message).to.match(/prove: bus 'wide': up to \d+ sends .* reach p/),
    );
  });

  it("the verifier rejects a proof claiming 2^12 rows with 'bus-bound'", async () => {
    const pk = await setup(NO_POW, [wideAir]);
    const { proof } = await prove(pk, [trace(11)]);
    const bad = cloneProof(proof);
    bad.tables[0].logRows = 12;
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
    if (!r.ok) {
      expect(r.check).to.equal("bus-bound");
      expect(r.reason).to.match(/bus 'wide'/);
    }
  });

  it("the wrap circuit generator refuses that shape", async () => {
    const pk = await setup({ ...NO_POW, hashSuite: POSEIDON_BN254_SUITE_ID }, [wideAir]);
    expect(() => generateStarkVerifierCircuit(pk.vk, { tableLogRows: [12], statement: null })).to.throw(Error, /wrap circuit: bus 'wide'/);
  });
});
