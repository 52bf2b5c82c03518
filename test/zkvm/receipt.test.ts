// Receipts and key files: round trips, strict decoding, and every tamper rejected.
import { expect } from "chai";
import { asmProgram, exitWith } from "../chips/helpers.ts";
import { proveOk } from "../chips/harness.ts";
import { decodeReceipt, encodeReceipt, verifyReceipt, outputDigestWordsOf, type SegmentsReceipt } from "../../prover/zkvm/receipt.ts";
import { decodeVk, encodeVk, programVkDigest } from "../../prover/zkvm/program-key.ts";

describe("zkvm receipts and keys", function () {
  this.timeout(300_000);
  let receipt: SegmentsReceipt;
  let bytes: Uint8Array;
  let vkBytes: Uint8Array;
  let vk: Awaited<ReturnType<typeof proveOk>>["keys"]["vk"];

  before(async () => {
    const { keys, proof } = await proveOk(asmProgram(exitWith(5), undefined, "exit5"), { input: Uint8Array.of(1, 2, 3) });
    vk = keys.vk;
    receipt = { kind: "segments", programDigest: programVkDigest(vk), statement: proof.statement, publicOutput: new Uint8Array(0), proofs: proof.proofs };
    bytes = encodeReceipt(receipt);
    vkBytes = encodeVk(vk, new Uint8Array(32));
  });

  it("round-trips and verifies", () => {
    const back = decodeReceipt(bytes);
    expect(encodeReceipt(back)).to.deep.equal(bytes);
    expect(verifyReceipt(decodeVk(vkBytes).vk, back)).to.deep.equal({ ok: true });
    expect(back.statement.exitCode).to.equal(5);
    // as fs.readFileSync gives it: a Node Buffer, whose slices are views, not copies
    const fromFile = Buffer.concat([Buffer.from("x"), Buffer.from(bytes)]).subarray(1);
    expect(verifyReceipt(decodeVk(vkBytes).vk, decodeReceipt(fromFile))).to.deep.equal({ ok: true });
  });

  it("rejects every bit flip of the header and statement, by decoding or by verification", () => {
    const n = findProofOffset(bytes);
    let rejected = 0;
    for (let i = 0; i < n * 8; i++) {
      const b = bytes.slice();
      b[i >> 3] ^= 1 << (i & 7);
      let ok = false;
      try {
        ok = verifyReceipt(vk, decodeReceipt(b)).ok;
      } catch {
        ok = false;
      }
      expect(ok, `bit ${i} flipped was accepted`).to.equal(false);
      rejected++;
    }
    expect(rejected).to.equal(n * 8);
  });

  it("names what is wrong with a foreign, truncated or trailing file", () => {
    expect(() => decodeReceipt(new TextEncoder().encode("NOTARECEIPT!"))).to.throw(/not a zkVM receipt/);
    expect(() => decodeReceipt(bytes.subarray(0, 40))).to.throw(/truncated/);
    expect(() => decodeReceipt(new Uint8Array([...bytes, 0, 0, 0, 0]))).to.throw(/unexpected bytes/);
    const v = bytes.slice();
    v[8] = 9; // format version
    expect(() => decodeReceipt(v)).to.throw(/receipt format 9/);
  });

  it("rejects an output that is not the proven digest, and output without a digest", () => {
    const withOut = { ...receipt, publicOutput: Uint8Array.of(1) };
    const r = verifyReceipt(vk, withOut);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("output");
    const fake = { ...receipt, statement: { ...receipt.statement, outputDigestWords: outputDigestWordsOf(new Uint8Array(0)) } };
    const r2 = verifyReceipt(vk, fake);
    expect(r2.ok).to.equal(false);
    if (!r2.ok) expect(r2.check).to.equal("statement");
  });

  it("a VK file: round trip, another chip set or a corrupt field is named", () => {
    const back = decodeVk(vkBytes);
    expect(back.vk.entry).to.equal(vk.entry);
    expect(back.vk.segment.digest).to.deep.equal(vk.segment.digest);
    expect(back.vk.memory.digest).to.deep.equal(vk.memory.digest);
    const v = vkBytes.slice();
    v[12] = 99; // chip-set version
    expect(() => decodeVk(v)).to.throw(/chip set 99/);
    const w = vkBytes.slice();
    w[w.length - 40] ^= 1; // inside the program VK digest
    expect(() => decodeVk(w)).to.throw(/digest/);
  });

  it("another program's receipt is rejected as 'program'", async () => {
    const other = await proveOk(asmProgram(exitWith(6), undefined, "exit6"));
    const r = verifyReceipt(vk, { ...receipt, programDigest: programVkDigest(other.keys.vk), proofs: other.proof.proofs, statement: other.proof.statement });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.check).to.equal("program");
  });
});

/** Byte offset where the first proof's bytes start (after its length word). */
function findProofOffset(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset);
  let o = 8 + 4 + 4 + 32 + 4 * 4 + 32; // magic, version, chips, digest, entry/cycles/exit/hasDigest, output digest
  for (let k = 0; k < 2; k++) o += 4 + ((dv.getUint32(o, true) + 3) & ~3); // input, output
  return o + 4 + 4; // proof count, proof length
}
