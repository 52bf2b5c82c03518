// Selectors are 0/1 on the trace: an AIR that adds differently gated terms in one
// constraint (and uses selectors as bus multiplicities) is accepted by the checker, the
// prover and the verifier alike, and a trace breaking any gated term is rejected by each.
import { expect } from "chai";
import { setup, prove, verify, TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { withProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { generateAux } from "../../prover/air/logup.ts";
import { gatedSelectorsAir, gatedSelectorsTrace } from "../../prover/air/examples/gated-selectors.ts";
import { P } from "../../prover/field/babybear.ts";

const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };
const LOG_ROWS = 6;
const n = 1 << LOG_ROWS;

type Trace = ReturnType<typeof gatedSelectorsTrace>;

/** Runs the debug checker with the trace's LogUp columns under fixed challenges. */
function check(t: Trace) {
  const challenges = Uint32Array.of(3, 1, 4, 1, 5, 9, 2, 6);
  const { aux, auxPublic } = generateAux(gatedSelectorsAir, t.main, [], t.publicValues, challenges);
  return gatedSelectorsAir.check({ main: t.main, preprocessed: [], aux, publicValues: t.publicValues, challenges, auxPublic });
}

/** Wrong traces, one per gated term (row 0 carries two terms at once). */
const WRONG: Array<{ name: string; row: number; apply(t: Trace): void }> = [
  { name: "first-row term", row: 0, apply: (t) => void (t.publicValues[0] = (t.publicValues[0] + 1) % P) },
  { name: "transition term on row 0", row: 0, apply: (t) => void (t.main[1][1] = (t.main[1][1] + 1) % P) },
  { name: "transition term mid-trace", row: 29, apply: (t) => void (t.main[1][30] = (t.main[1][30] + 1) % P) },
  { name: "last-row term", row: n - 1, apply: (t) => void (t.publicValues[1] = (t.publicValues[1] + 1) % P) },
];

describe("STARK: selectors are 0/1 on the trace (gated terms in one constraint)", () => {
  it("the checker, the prover and the verifier accept the honest trace", async () => {
    const t = gatedSelectorsTrace(LOG_ROWS);
    expect(check(t)).to.equal(null);
    const pk = await setup(NO_POW, [gatedSelectorsAir]);
    const { proof } = await prove(pk, [t]);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
  });

  for (const w of WRONG) {
    it(`the checker names the ${w.name}, the prover refuses it`, async () => {
      const t = gatedSelectorsTrace(LOG_ROWS);
      w.apply(t);
      expect(check(t)).to.deep.equal({ constraint: "gated sum", row: w.row });
      const pk = await setup(NO_POW, [gatedSelectorsAir]);
      await prove(pk, [t]).then(
        () => expect.fail("the prover accepted a broken trace"),
        (e: Error) => expect(e.message).to.match(new RegExp(`'gated sum' fails at row ${w.row}`)),
      );
    });

    it(`the verifier rejects the ${w.name} when the prover is forced past its own check`, async () => {
      const t = gatedSelectorsTrace(LOG_ROWS);
      w.apply(t);
      const pk = await setup(NO_POW, [gatedSelectorsAir]);
      const { proof } = await withProverTestHooks({ truncateHighDegreeQuotient: true }, () => prove(pk, [t]));
      const r = verify(pk.vk, proof);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.check).to.equal("constraints");
    });
  }
});
