// End-to-end STARK tests: each accepted proof has negative twins that must be rejected.
import { expect } from "chai";
import { setup, prove, verify, encodeProof, decodeProof, TEST_CONFIG_INSECURE, type StarkConfig } from "../../prover/stark/index.ts";
import { summarizeProof } from "../../prover/stark/summary.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { rangeCheckAir, rangeCheckPreprocessed, rangeCheckTrace } from "../../prover/air/examples/range-check.ts";
import { TAMPERS, cloneProof, bump } from "./tamper.ts";

// No grinding, so that each tamper reaches the check it targets instead of failing PoW.
const NO_POW: StarkConfig = { ...TEST_CONFIG_INSECURE, powBits: 0 };

describe("STARK: Fibonacci, one table", function () {
  let pk: Awaited<ReturnType<typeof setup>>;
  let proof: Awaited<ReturnType<typeof prove>>["proof"];
  before(async () => {
    pk = await setup(NO_POW, [fibonacciAir]);
    ({ proof } = await prove(pk, [fibonacciTrace(8)]));
  });

  it("accepts an honest proof, also after a binary round trip", () => {
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const { bytes } = encodeProof(proof);
    expect(verify(pk.vk, decodeProof(bytes))).to.deep.equal({ ok: true });
  });

  it("summarizes sizes per section and the security level", () => {
    const s = summarizeProof(proof);
    expect(s.sections.total).to.equal(encodeProof(proof).bytes.length);
    expect(s.sections.fri_openings).to.be.greaterThan(0);
    expect(s.security.conjecturedBits).to.be.lessThan(100); // the test preset is insecure and says so
    expect(s.insecure).to.equal(true);
  });

  for (const t of TAMPERS) {
    it(`rejects a tampered ${t.name}`, () => {
      const bad = cloneProof(proof);
      t.apply(bad);
      const r = verify(pk.vk, bad);
      expect(r.ok, t.name).to.equal(false);
      if (!r.ok) expect(r.check).to.match(t.expectCheck);
    });
  }

  it("rejects a proof checked against another program's key", async () => {
    const other = await setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]);
    const r = verify(other.vk, proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("vk");
  });

  it("rejects a proof made with other parameters", async () => {
    const pk2 = await setup({ ...NO_POW, numQueries: NO_POW.numQueries + 1 }, [fibonacciAir]);
    const r = verify(pk2.vk, proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("parameters");
  });

  it("rejects another proof format version, in the object and in the bytes", () => {
    const bad = cloneProof(proof);
    bad.version = 99;
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("version");
    const bytes = encodeProof(proof).bytes.slice();
    bytes[4] = 4;
    expect(() => decodeProof(bytes)).to.throw(/version 4/);
    // version 2 is the lifted format: the same bytes read as a lifted proof, which this key refuses
    bytes[4] = 2;
    const relabelled = verify(pk.vk, decodeProof(bytes));
    expect(relabelled.ok).to.equal(false);
    if (!relabelled.ok) expect(relabelled.check).to.match(/^(version|parameters)$/);
  });

  it("rejects truncated bytes with the section named", () => {
    const bytes = encodeProof(proof).bytes;
    expect(() => decodeProof(bytes.subarray(0, bytes.length - 64))).to.throw(/truncated in section 'queries'/);
    expect(() => decodeProof(bytes.subarray(0, 40))).to.throw(/truncated in section '(statement|commitments)'/);
  });

  it("refuses to prove a trace that breaks a constraint, naming it and the row", async () => {
    const tr = fibonacciTrace(8);
    tr.main[1][100] = (tr.main[1][100] + 1) % 0x78000001;
    let err: Error | undefined;
    try {
      await prove(pk, [tr]);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/fibonacci.*fib step.*row 99/);
  });

  it("rejects a wrong claimed output even when the prover is forced past its own check", async () => {
    const tr = fibonacciTrace(8);
    tr.publicValues[2] = (tr.publicValues[2] + 1) % 0x78000001;
    await prove(pk, [tr]).then(
      () => expect.fail("the prover accepted a false statement"),
      (e: Error) => expect(e.message).to.match(/last b/),
    );
  });
});

describe("STARK: grinding", () => {
  it("accepts a proof with 8 bits of work and rejects a wrong nonce", async () => {
    const pk = await setup({ ...NO_POW, powBits: 8 }, [fibonacciAir]);
    const { proof } = await prove(pk, [fibonacciTrace(6)]);
    expect(verify(pk.vk, proof).ok).to.equal(true);
    const bad = cloneProof(proof);
    bad.powNonce = (bad.powNonce + 1) >>> 0;
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("pow");
  });
});

describe("STARK: LogUp bus across tables of different heights", () => {
  const airs = [sendTableAir, receiveTableAir, fibonacciAir];

  it("accepts a bus that balances only across tables", async () => {
    const pk = await setup(NO_POW, airs);
    const [a, b] = twoTableTraces(9, 6);
    const { proof } = await prove(pk, [a, b, fibonacciTrace(7)]);
    expect(proof.tables.map((t) => t.logRows)).to.deep.equal([9, 6, 7]);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
  });

  it("rejects a bus that does not balance (one multiplicity off)", async () => {
    const pk = await setup(NO_POW, airs);
    const [a, b] = twoTableTraces(9, 6);
    b.main[1][3] += 1;
    const { proof } = await prove(pk, [a, b, fibonacciTrace(7)]);
    const r = verify(pk.vk, proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("bus");
  });

  it("rejects a tampered aux commitment root", async () => {
    const pk = await setup(NO_POW, airs);
    const [a, b] = twoTableTraces(9, 6);
    const { proof } = await prove(pk, [a, b, fibonacciTrace(7)]);
    const bad = cloneProof(proof);
    bump(bad.auxRoot!, 0);
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
    // the root moves alpha and z: the aux values opened at the old z no longer fit
    if (!r.ok) expect(r.check).to.equal("constraints");
  });

  it("rejects a tampered cumulative sum", async () => {
    const pk = await setup(NO_POW, airs);
    const [a, b] = twoTableTraces(9, 6);
    const { proof } = await prove(pk, [a, b, fibonacciTrace(7)]);
    const bad = cloneProof(proof);
    bump(bad.tables[0].auxPublic, 0);
    bump(bad.tables[1].auxPublic, 0, -1);
    const r = verify(pk.vk, bad);
    expect(r.ok).to.equal(false);
    // the sums still balance; each table's last accumulator no longer equals its claimed sum
    if (!r.ok) expect(r.check).to.equal("constraints");
  });
});

describe("STARK: preprocessed columns (range check by lookup)", () => {
  it("accepts bytes and rejects a value outside the table", async () => {
    const pk = await setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]);
    expect(pk.vk.prepRoot).to.not.equal(null);
    const { proof } = await prove(pk, [rangeCheckTrace()]);
    expect(verify(pk.vk, proof)).to.deep.equal({ ok: true });
    const values = Array.from({ length: 256 }, (_, i) => i);
    values[17] = 300;
    const bad = await prove(pk, [rangeCheckTrace(values)]);
    const r = verify(pk.vk, bad.proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("bus");
  });

  it("gives another key for another preprocessed table, which rejects the proof", async () => {
    const pk = await setup(NO_POW, [rangeCheckAir], [rangeCheckPreprocessed()]);
    const table = rangeCheckPreprocessed();
    table[0][5] = 300;
    const pk2 = await setup(NO_POW, [rangeCheckAir], [table]);
    expect(pk2.vk.digest).to.not.deep.equal(pk.vk.digest);
    const { proof } = await prove(pk, [rangeCheckTrace()]);
    const r = verify(pk2.vk, proof);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("vk");
  });
});
