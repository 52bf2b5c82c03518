// The proof encoding is canonical: exactly one byte string decodes to each proof, so a
// proof's hash is its identity. Flipping any single bit of a valid proof's bytes is
// rejected by the decoder or by the verifier; non-canonical values in an in-memory proof
// fail a check that names their section.
import { expect } from "chai";
import { setup, prove, verify, encodeProof, decodeProof, TEST_CONFIG_INSECURE, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { P } from "../../prover/field/babybear.ts";
import { cloneProof } from "./tamper.ts";

/** Word offset of the hash-suite string's length (after magic, version). */
const SUITE_LEN_WORD = 2;

describe("STARK proof encoding: canonical", function () {
  this.timeout(300_000);
  let pk: ProvingKey;
  let proof: StarkProof;
  let bytes: Uint8Array;
  before(async () => {
    pk = await setup(TEST_CONFIG_INSECURE, [fibonacciAir]); // the test preset, 2^2 rows: a small proof
    ({ proof } = await prove(pk, [fibonacciTrace(2)]));
    bytes = encodeProof(proof).bytes;
    expect(verify(pk.vk, decodeProof(bytes))).to.deep.equal({ ok: true });
  });

  const words = (b: Uint8Array) => new Uint32Array(b.buffer, b.byteOffset, b.length / 4);

  it("rejects non-zero padding after the hash-suite name", () => {
    const n = words(bytes)[SUITE_LEN_WORD];
    expect(n % 4, "the suite name must leave padding for this test").to.not.equal(0);
    const bad = bytes.slice();
    bad[4 * (SUITE_LEN_WORD + 1) + n] = 0x20;
    expect(() => decodeProof(bad)).to.throw(Error, /non-zero padding after a string in section 'statement'/);
  });

  it("keeps a byte-order mark in the suite name (a different proof, rejected as 'parameters')", () => {
    const w = words(bytes);
    const n = w[SUITE_LEN_WORD], start = 4 * (SUITE_LEN_WORD + 1);
    const name = bytes.subarray(start, start + n);
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...name]);
    const padded = new Uint8Array(Math.ceil(withBom.length / 4) * 4);
    padded.set(withBom);
    const head = bytes.subarray(0, 4 * SUITE_LEN_WORD), tail = bytes.subarray(start + Math.ceil(n / 4) * 4);
    const bad = new Uint8Array(head.length + 4 + padded.length + tail.length);
    bad.set(head);
    new DataView(bad.buffer).setUint32(head.length, withBom.length, true);
    bad.set(padded, head.length + 4);
    bad.set(tail, head.length + 4 + padded.length);
    const decoded = decodeProof(bad);
    expect(decoded.config.hashSuite).to.equal("\uFEFF" + proof.config.hashSuite);
    const r = verify(pk.vk, decoded);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("parameters");
  });

  it("rejects invalid UTF-8 in the suite name", () => {
    const bad = bytes.slice();
    bad[4 * (SUITE_LEN_WORD + 1)] = 0xff;
    expect(() => decodeProof(bad)).to.throw(Error, /not valid UTF-8/);
  });

  it("rejects presence tags other than 0 and 1 for the main root and for openings", () => {
    const enc = encodeProof(proof).bytes;
    const w = words(enc);
    // the main root's tag is the first word of the 'commitments' section
    const tagAt = encodeProof(proof).sections.statement / 4;
    expect(w[tagAt]).to.equal(1);
    const bad = enc.slice();
    words(bad)[tagAt] = 3;
    expect(() => decodeProof(bad)).to.throw(Error, /presence tag 3 of the main root in section 'commitments'/);
    // query 0's first opening (preprocessed: absent, tag 0) follows the query count
    const sec = encodeProof(proof).sections;
    const openAt = (sec.statement + sec.commitments + sec.ood + sec.fri) / 4 + 1;
    expect(w[openAt]).to.equal(0);
    const bad2 = enc.slice();
    words(bad2)[openAt] = 2;
    expect(() => decodeProof(bad2)).to.throw(Error, /presence tag 2 of an opening in section 'queries'/);
  });

  it("a flip of any single bit of the proof is rejected by decode or verify", () => {
    expect(bytes.length).to.be.below(8_000); // ~50k flips, each decoded and verified
    let byDecode = 0, byVerify = 0;
    const checks = new Map<string, number>();
    for (let bit = 0; bit < 8 * bytes.length; bit++) {
      const bad = bytes.slice();
      bad[bit >> 3] ^= 1 << (bit & 7);
      let decoded: StarkProof;
      try {
        decoded = decodeProof(bad);
      } catch {
        byDecode++;
        continue;
      }
      const r = verify(pk.vk, decoded);
      if (r.ok) expect.fail(`flipping bit ${bit} (byte ${bit >> 3}) gave an accepted proof`);
      byVerify++;
      checks.set(r.check, (checks.get(r.check) ?? 0) + 1);
    }
    expect(byDecode + byVerify).to.equal(8 * bytes.length);
    expect(byDecode).to.be.greaterThan(0);
    // the flips reach the statement, transcript, Merkle and FRI checks
    for (const c of ["parameters", "vk", "merkle:main", "merkle:quotient"]) expect(checks.get(c) ?? 0, c).to.be.greaterThan(0);
  });
});

describe("STARK verifier: non-canonical values name their section", () => {
  let pk: ProvingKey;
  let proof: StarkProof;
  before(async () => {
    pk = await setup({ ...TEST_CONFIG_INSECURE, powBits: 0 }, [fibonacciAir]);
    ({ proof } = await prove(pk, [fibonacciTrace(4)]));
  });

  const cases: Array<[string, (p: StarkProof) => void]> = [
    ["public-values", (p) => void (p.tables[0].publicValues[0] += P)],
    ["main-root", (p) => void (p.mainRoot![0] += P)],
    ["quotient-root", (p) => void (p.quotientRoot[3] += P)],
    ["ood", (p) => void (p.tables[0].openings.mainZNext[2] += P)],
    ["fri-roots", (p) => void (p.friRoots[0][0] += P)],
    ["fri-final-poly", (p) => void (p.friFinalPoly[1] += P)],
    ["pow-nonce", (p) => void (p.powNonce = P + 5)],
  ];
  for (const [section, apply] of cases) {
    it(`a value >= p in ${section} fails 'canonical:${section}'`, () => {
      const bad = cloneProof(proof);
      apply(bad);
      const r = verify(pk.vk, bad);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.check).to.equal(`canonical:${section}`);
        expect(r.reason).to.match(/not a canonical/);
      }
    });
  }
});
