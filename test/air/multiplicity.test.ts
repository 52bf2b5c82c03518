// Multiplicity ranges: derived from constants, selectors and declared ranges; an
// interaction without one is refused at defineAir unless it is a lookup table's side.
import { expect } from "chai";
import { defineAir } from "../../prover/air/builder.ts";
import { busMultiplicityTotals, checkBusMultiplicities } from "../../prover/air/multiplicity.ts";
import { permutationAir } from "../../prover/air/examples/permutation.ts";
import { rangeCheckAir } from "../../prover/air/examples/range-check.ts";
import { gatedSelectorsAir } from "../../prover/air/examples/gated-selectors.ts";
import { P } from "../../prover/field/babybear.ts";

const ranges = (air: { interactions: Array<{ multiplicityRange: unknown }> }) => air.interactions.map((it) => it.multiplicityRange);

describe("LogUp multiplicity ranges", () => {
  it("derives ranges from constants, selectors, declared columns and assertBool", () => {
    const air = defineAir({
      name: "ranges",
      main: ["flag", "small", "free"],
      build(b) {
        const { flag, small } = b.main;
        b.assertBool(flag.cur, "flag bool");
        b.declareRange(small.cur, 15); // (an AIR would constrain it, e.g. by a 4-bit lookup)
        b.send("x", [1], 3);
        b.receive("x", [2], P - 2); // the field element p - 2 is the integer -2: receiving it sends 2
        b.send("x", [3], b.add(b.isTransition, b.isLastRow));
        b.send("x", [4], b.mul(flag.cur, small.cur));
        b.receive("x", [5], b.sub(small.cur, flag.cur));
      },
    });
    expect(ranges(air)).to.deep.equal([[3, 3], [2, 2], [0, 2], [0, 15], [-15, 1]]);
    expect(ranges(permutationAir)).to.deep.equal([[1, 1], [-1, -1]]);
    expect(ranges(gatedSelectorsAir)).to.deep.equal([[0, 2], [-1, -1]]);
    expect(rangeCheckAir.interactions.map((it) => it.lookupTable)).to.deep.equal([false, true]);
  });

  it("refuses a multiplicity without a range, naming the AIR, interaction and bus", () => {
    expect(() => defineAir({ name: "free-mult", main: ["x", "m"], build(b) { b.send("bus", [b.main.x.cur], b.main.m.cur); } }))
      .to.throw(Error, /AIR 'free-mult': interaction 0 on bus 'bus': the multiplicity has no known integer range/);
    expect(() => defineAir({ name: "pub-mult", main: ["x"], publicValues: ["k"], build(b) { b.send("bus", [b.main.x.cur], b.pub.k); } }))
      .to.throw(Error, /'pub-mult'.*no known integer range/);
  });

  it("a lookup table's side needs a tuple fixed by the key, or named constraints that pin it", () => {
    expect(() => defineAir({
      name: "fake-table", main: ["x", "m"],
      build(b) { b.receive("bus", [b.main.x.cur], b.main.m.cur, { lookupTable: true }); },
    })).to.throw(Error, /'fake-table'.*lookup table but its tuple is not fixed by the key/);
    expect(() => defineAir({
      name: "bad-fixed-by", main: ["x", "m"],
      build(b) {
        b.whenFirstRow(b.main.x.cur, "x first");
        b.receive("bus", [b.main.x.cur], b.main.m.cur, { lookupTable: { fixedBy: ["x first", "x step"] } });
      },
    })).to.throw(Error, /'bad-fixed-by'.*fixedBy names no constraint of this AIR \(x step\)/);
    const ok = defineAir({
      name: "prep-table", main: ["m"], preprocessed: ["v"],
      build(b) { b.receive("bus", [b.prep.v.cur, 7], b.main.m.cur, { lookupTable: true }); },
    });
    expect(ok.interactions[0].multiplicityRange).to.equal(null);
    expect((ok.toJSON() as any).interactions[0].lookupTable).to.equal(true);
  });

  it("caps each bus's worst-case sends and receives below p, summed over tables", () => {
    const wide = defineAir({
      name: "wide", main: ["x", "m"],
      build(b) { b.declareRange(b.main.m.cur, (1 << 17) - 1); b.send("w", [b.main.x.cur], b.main.m.cur); },
    });
    const totals = busMultiplicityTotals([{ air: wide, logRows: 10 }, { air: permutationAir, logRows: 4 }, { air: wide, logRows: 3 }]);
    expect(totals.get("w")).to.deep.equal({ sends: (2 ** 10 + 2 ** 3) * ((1 << 17) - 1), receives: 0 });
    expect(totals.get("perm")).to.deep.equal({ sends: 16, receives: 16 });
    expect(checkBusMultiplicities([{ air: wide, logRows: 13 }])).to.equal(null); // 2^13 (2^17 - 1) < p
    expect(checkBusMultiplicities([{ air: wide, logRows: 14 }])).to.match(/bus 'w': up to \d+ sends .* reach p = 2013265921/);
    expect(checkBusMultiplicities([{ air: wide, logRows: 13 }, { air: wide, logRows: 13 }])).to.match(/bus 'w'/);
    // lookup tables are left out: the byte table's free count adds nothing
    expect(busMultiplicityTotals([{ air: rangeCheckAir, logRows: 8 }]).get("byte")).to.deep.equal({ sends: 256, receives: 0 });
  });
});
