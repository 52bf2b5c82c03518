// LogUp with two interactions per aux column: the degree accounting that decides the
// grouping, and buses across tables that balance (or not) with paired, odd and
// degree-2-tuple interactions.
import { expect } from "chai";
import { defineAir } from "../../prover/air/builder.ts";
import { generateAux } from "../../prover/air/logup.ts";
import { groupDegree, groupUnder, chooseGrouping } from "../../prover/air/logup-groups.ts";
import { extAdd, isZero } from "../../prover/field/extension.ts";
import type { CompiledAir } from "../../prover/air/types.ts";

const challenges = Uint32Array.of(123456789, 42, 7, 1999, 987654321, 5, 77, 31337);
const none = new Uint32Array(0);

// Sender: x, y, z in [0, 16) on bus "vals" (three degree-1 tuples: one pair, one single)
// and x·y on bus "prod" with a 0/1 multiplicity f (a degree-2 tuple: stays single).
const senderAir = defineAir({
  name: "pairs/send",
  main: ["x", "y", "z", "f"],
  build(b) {
    const { x, y, z, f } = b.main;
    b.assertBool(f.cur, "f bool");
    b.send("vals", [x.cur]);
    b.send("vals", [y.cur]);
    b.send("vals", [z.cur]);
    b.send("prod", [b.mul(x.cur, y.cur)], f.cur);
  },
});

// Receiver: value = row index (a lookup table), with its count on each bus.
const receiverAir = defineAir({
  name: "pairs/receive",
  main: ["value", "vals", "prods"],
  build(b) {
    const { value, vals, prods } = b.main;
    b.whenFirstRow(value.cur, "value first");
    b.whenTransition(b.eq(value.next, b.add(value.cur, 1)), "value step");
    const fixedBy = ["value first", "value step"];
    b.receive("vals", [value.cur], vals.cur, { lookupTable: { fixedBy } });
    b.receive("prod", [value.cur], prods.cur, { lookupTable: { fixedBy } });
  },
});

function traces(logRows = 6) {
  const n = 1 << logRows;
  const x = new Uint32Array(n), y = new Uint32Array(n), z = new Uint32Array(n), f = new Uint32Array(n);
  for (let i = 0; i < n; i++) { x[i] = (i * 5 + 3) % 16; y[i] = (i * 11) % 16; z[i] = (i * 7 + 1) % 16; f[i] = i % 3 === 0 ? 1 : 0; }
  const value = Uint32Array.from({ length: 256 }, (_, i) => i), vals = new Uint32Array(256), prods = new Uint32Array(256);
  for (let i = 0; i < n; i++) { vals[x[i]]++; vals[y[i]]++; vals[z[i]]++; if (f[i]) prods[x[i] * y[i]]++; }
  return { send: [x, y, z, f], receive: [value, vals, prods] };
}

function sum(air: CompiledAir, main: Uint32Array[]) {
  const { aux, auxPublic } = generateAux(air, main, [], none, challenges);
  expect(aux.length).to.equal(4 * air.auxWidth);
  const trace = { main, preprocessed: [], aux, publicValues: none, challenges, auxPublic };
  expect(air.check(trace), air.name).to.equal(null); // honest aux always satisfies the AIR
  return { auxPublic, trace };
}

describe("logup pairs", () => {
  it("degree accounting: t·fp_a·fp_b - (m_a·fp_b + m_b·fp_a)", () => {
    const d1 = { fp: 1, m: 1 }, dm2 = { fp: 1, m: 2 }, fp2 = { fp: 2, m: 1 }, c = { fp: 0, m: 0 };
    expect(groupDegree([d1])).to.equal(2);
    expect(groupDegree([fp2])).to.equal(3);
    expect(groupDegree([d1, d1])).to.equal(3);
    expect(groupDegree([dm2, d1])).to.equal(3); // m_a·fp_b: 2 + 1
    expect(groupDegree([fp2, d1])).to.equal(4); // t·fp_a·fp_b: 1 + 2 + 1
    expect(groupDegree([d1, d1, d1])).to.equal(4);
    expect(groupDegree([c, c])).to.equal(1);
    expect(groupUnder([d1, fp2, d1, d1, fp2], 3)).to.deep.equal([[0, 2], [1], [3], [4]]);
    expect(groupUnder([d1, d1, d1, d1, d1], 4)).to.deep.equal([[0, 1, 2], [3, 4]]);
  });
  it("raises the degree only when the saved aux cells exceed the added quotient cells", () => {
    const d1 = { fp: 1, m: 1 };
    // Two terms at degree 2: 3 columns + 1 chunk = pairs 2 columns + 2 chunks: keep degree 2.
    expect(chooseGrouping([d1, d1], 2, 3)).to.deep.equal({ groups: [[0], [1]], maxDegree: 2 });
    // Three terms: 4 columns + 1 chunk = 3 + 2 (a tie, so degree 2); four terms pay.
    expect(chooseGrouping([d1, d1, d1], 2, 3).maxDegree).to.equal(2);
    expect(chooseGrouping([d1, d1, d1, d1], 2, 3)).to.deep.equal({ groups: [[0, 1], [2, 3]], maxDegree: 3 });
    expect(chooseGrouping([d1, d1, d1, d1], 2, 2)).to.deep.equal({ groups: [[0], [1], [2], [3]], maxDegree: 2 });
    // Already degree 3: pairs are free.
    expect(chooseGrouping([d1, d1], 3, 3)).to.deep.equal({ groups: [[0, 1]], maxDegree: 3 });
    // A degree-4 AIR groups three at a time under its own budget, even with cap 3.
    expect(chooseGrouping([d1, d1, d1], 4, 3)).to.deep.equal({ groups: [[0, 1, 2]], maxDegree: 4 });
  });
  it("lays out one column per pair; an odd or degree-2 tuple keeps its own", () => {
    expect(senderAir.maxDegree).to.equal(3);
    expect(senderAir.auxWidth).to.equal(4); // {0,1}, {2}, {3}, running sum
    expect(senderAir.constraintNames).to.deep.equal([
      "f bool", "logup terms 0+1 (vals, vals)", "logup term 2 (vals)", "logup term 3 (prod)",
      "logup sum first", "logup sum step", "logup sum last",
    ]);
    expect(senderAir.interactions.map((it) => it.termColumn)).to.deep.equal([0, 0, 1, 2]);
    const j = senderAir.toJSON() as { aux: string[]; interactions: { termColumn: number }[] };
    expect(j.aux).to.deep.equal(["logup terms 0+1 (vals, vals)", "logup term 2 (vals)", "logup term 3 (prod)", "logup sum"]);
    expect(j.interactions.map((it) => it.termColumn)).to.deep.equal([0, 0, 1, 2]);
    expect(receiverAir.maxDegree).to.equal(2);
    expect(receiverAir.auxWidth).to.equal(3);
    const wide = (cap?: number) => defineAir({
      name: "pairs/wide", main: ["a", "b", "c", "d"], logupDegreeCap: cap,
      build(b) { for (const col of ["a", "b", "c", "d"] as const) b.send("w", [b.main[col].cur]); },
    });
    expect([wide().auxWidth, wide().maxDegree]).to.deep.equal([3, 3]);
    expect([wide(2).auxWidth, wide(2).maxDegree]).to.deep.equal([5, 2]);
    expect(() => wide(0)).to.throw(/logupDegreeCap 0/);
  });
  it("honest tables balance across tables; each alone does not", () => {
    const t = traces();
    const a = sum(senderAir, t.send).auxPublic, b = sum(receiverAir, t.receive).auxPublic;
    expect(isZero(a)).to.equal(false);
    expect(isZero(extAdd(a, b))).to.equal(true);
  });
  it("a wrong multiplicity or tuple, in a paired or single term, unbalances the bus", () => {
    const cases: Array<[col: number, row: number, v: number]> = [
      [0, 5, 9],  // x: paired term, and the prod tuple
      [1, 6, 3],  // y: paired term
      [2, 7, 0],  // z: the odd single
      [3, 1, 1],  // f: the prod multiplicity
    ];
    for (const [col, row, v] of cases) {
      const t = traces();
      expect(t.send[col][row]).to.not.equal(v);
      t.send[col][row] = v;
      const a = sum(senderAir, t.send).auxPublic, b = sum(receiverAir, t.receive).auxPublic;
      expect(isZero(extAdd(a, b)), `column ${col} row ${row}`).to.equal(false);
    }
  });
  it("a paired column holding anything but m_a/fp_a + m_b/fp_b is caught by name", () => {
    const t = traces();
    const { trace } = sum(senderAir, t.send);
    trace.aux[2][0] ^= 1; // column 0 (pair 0+1), coordinate 2, row 0
    expect(senderAir.check(trace)).to.deep.equal({ constraint: "logup terms 0+1 (vals, vals)", row: 0 });
    trace.aux[2][0] ^= 1;
    trace.aux[4][3] ^= 1; // column 1 (single term 2)
    expect(senderAir.check(trace)).to.deep.equal({ constraint: "logup sum step", row: 2 });
  });
});
