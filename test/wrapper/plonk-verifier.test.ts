// The kit's PLONK verifier contract (wrapper/solidity/plonk-verifier.ts) against
// snarkjs's own exported verifier, on real proofs of the placeholder two-public circuit
// on the in-process Hardhat chain: both accept what snarkjs proves; every tamper that
// snarkjs's verifier rejects, the kit's rejects too, with false rather than a revert;
// and it costs less gas, the same on every proof.
import assert from "node:assert/strict";
import { expect } from "chai";
import { network } from "hardhat";
import * as snarkjs from "snarkjs";
import { buildPlaceholder, type PlaceholderBuild } from "../../wrapper/circuits/test/build.ts";
import { provePlaceholder } from "../../wrapper/circuits/test/prove.ts";
import { compileSolidity } from "../../wrapper/solidity/compile.ts";
import { deployCompiled } from "../../wrapper/solidity/deploy.ts";
import { plonkProofWords, publicSignals } from "../../wrapper/solidity/encode.ts";
import { generatePlonkVerifier, plonkVerifierSource, type PlonkVerificationKey } from "../../wrapper/solidity/plonk-verifier.ts";
import { exportSnarkjsPlonkVerifier } from "../../wrapper/solidity/snarkjs-plonk-verifier.ts";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const QF = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const VK = 0x5eed_0123_4567_89abn;
// Word indices: points A, B, C, Z, T1, T2, T3, Wxi, Wxiw at 0, 2, .., 16 (x, then y);
// evaluations a, b, c, s1, s2, zw at 18..23.
const POINT_NAMES = ["A", "B", "C", "Z", "T1", "T2", "T3", "Wxi", "Wxiw"];

type Proof = { words: bigint[]; pubs: bigint[] };

describe("the kit's PLONK verifier contract (vs snarkjs's exported verifier)", function () {
  this.timeout(300_000);
  let build: PlaceholderBuild;
  let kit: any;
  let ref: any;
  const proofs: Proof[] = [];

  before(async () => {
    build = await buildPlaceholder();
    const sources = {
      "KitPlonkVerifier.sol": await generatePlonkVerifier(build.zkey, { contractName: "KitPlonkVerifier" }),
      "SnarkjsPlonkVerifier.sol": await exportSnarkjsPlonkVerifier(build.zkey, { contractName: "SnarkjsPlonkVerifier" }),
    };
    const c = compileSolidity(sources);
    const { ethers } = await network.create();
    const [signer] = await ethers.getSigners();
    kit = new ethers.Contract((await deployCompiled(c.KitPlonkVerifier, signer)).address, c.KitPlonkVerifier.abi as any[], signer);
    ref = new ethers.Contract((await deployCompiled(c.SnarkjsPlonkVerifier, signer)).address, c.SnarkjsPlonkVerifier.abi as any[], signer);
    for (const text of ["first output", "second output", ""]) {
      const pv = new TextEncoder().encode(text);
      const { proof } = await provePlaceholder(build, VK, pv);
      proofs.push({ words: plonkProofWords(proof).map(BigInt), pubs: publicSignals(VK, pv).map(BigInt) });
    }
  });

  after(() => (globalThis as any).curve_bn128?.terminate());

  /** Both verifiers' answers; the kit's must never revert. */
  async function answers(words: bigint[], pubs: bigint[]): Promise<{ kit: boolean; ref: boolean | "revert" }> {
    const k = await kit.verifyProof.staticCall(words, pubs);
    const r = await ref.verifyProof.staticCall(words, pubs).catch(() => "revert" as const);
    return { kit: k, ref: r };
  }

  it("accepts snarkjs's proofs of several statements, as snarkjs's verifier does", async () => {
    for (const p of proofs) expect(await answers(p.words, p.pubs)).to.deep.equal({ kit: true, ref: true });
  });

  it("rejects each of the 24 proof words plus one, with false", async () => {
    const p = proofs[0];
    for (let i = 0; i < 24; i++) {
      const words = p.words.slice();
      words[i] += 1n;
      expect(await answers(words, p.pubs), `word ${i}`).to.deep.equal({ kit: false, ref: false });
    }
  });

  it("rejects a proof with any one commitment or evaluation taken from another valid proof", async () => {
    const [p, q] = proofs;
    for (let i = 0; i < 9; i++) {
      const words = p.words.slice();
      words[2 * i] = q.words[2 * i];
      words[2 * i + 1] = q.words[2 * i + 1];
      expect((await answers(words, p.pubs)).kit, `point ${POINT_NAMES[i]}`).to.equal(false);
    }
    for (let i = 18; i < 24; i++) {
      const words = p.words.slice();
      words[i] = q.words[i];
      expect((await answers(words, p.pubs)).kit, `evaluation word ${i}`).to.equal(false);
    }
    const swapped = p.words.slice();
    [swapped[0], swapped[1], swapped[2], swapped[3]] = [p.words[2], p.words[3], p.words[0], p.words[1]];
    expect(await answers(swapped, p.pubs), "A and B swapped").to.deep.equal({ kit: false, ref: false });
  });

  it("rejects another statement's public signals, and a non-canonical signal (x + r)", async () => {
    const [p, q] = proofs;
    expect(await answers(p.words, q.pubs)).to.deep.equal({ kit: false, ref: false });
    expect((await answers(p.words, [p.pubs[0], p.pubs[1] + 1n])).kit).to.equal(false);
    expect((await answers(p.words, [p.pubs[0] + R, p.pubs[1]])).kit).to.equal(false);
    expect((await answers(p.words, [p.pubs[0], p.pubs[1] + R])).kit).to.equal(false);
  });

  it("rejects a non-canonical evaluation (x + r)", async () => {
    const p = proofs[0];
    for (let i = 18; i < 24; i++) {
      const words = p.words.slice();
      words[i] += R;
      expect((await answers(words, p.pubs)).kit, `word ${i}`).to.equal(false);
    }
  });

  it("rejects off-curve points, coordinates not below the base field and the point at infinity with false, not a revert", async () => {
    const p = proofs[0];
    for (let i = 0; i < 9; i++) {
      const offCurve = p.words.slice();
      offCurve[2 * i + 1] = (offCurve[2 * i + 1] + 1n) % QF;
      expect((await answers(offCurve, p.pubs)).kit, `${POINT_NAMES[i]} off the curve`).to.equal(false);
      const big = p.words.slice();
      big[2 * i] += QF; // the same point, x not reduced
      expect((await answers(big, p.pubs)).kit, `${POINT_NAMES[i]}.x + q`).to.equal(false);
      const infinity = p.words.slice();
      infinity[2 * i] = 0n;
      infinity[2 * i + 1] = 0n;
      expect(await answers(infinity, p.pubs), `${POINT_NAMES[i]} at infinity`).to.deep.equal({ kit: false, ref: false });
    }
  });

  it("agrees with snarkjs's JavaScript verifier on a valid and a tampered proof", async () => {
    const vk = await snarkjs.zKey.exportVerificationKey(build.zkey);
    const { proof, publicSignals: pubs } = await provePlaceholder(build, VK, new TextEncoder().encode("js"));
    expect(await snarkjs.plonk.verify(vk, pubs, proof)).to.equal(true);
    expect(await kit.verifyProof.staticCall(plonkProofWords(proof).map(BigInt), pubs.map(BigInt))).to.equal(true);
    const bad = { ...proof, eval_a: (BigInt(proof.eval_a as string) + 1n).toString() };
    expect(await snarkjs.plonk.verify(vk, pubs, bad)).to.equal(false);
    expect(await kit.verifyProof.staticCall(plonkProofWords(bad).map(BigInt), pubs.map(BigInt))).to.equal(false);
  });

  it("costs less gas than snarkjs's verifier, and the same execution gas on every proof", async () => {
    const kitGas: number[] = [];
    const kitExecution: number[] = [];
    const refGas: number[] = [];
    for (const p of proofs) {
      const g = Number((await (await kit.verifyProof.send(p.words, p.pubs)).wait()).gasUsed);
      kitGas.push(g);
      // What the proof's bytes change is calldata's price (zero bytes are cheaper): take it out.
      const data = kit.interface.encodeFunctionData("verifyProof", [p.words, p.pubs]).slice(2);
      let calldata = 0;
      for (let i = 0; i < data.length; i += 2) calldata += data.slice(i, i + 2) === "00" ? 4 : 16;
      kitExecution.push(g - 21000 - calldata);
      refGas.push(Number((await (await ref.verifyProof.send(p.words, p.pubs)).wait()).gasUsed));
    }
    console.log(`      verifyProof gas as a transaction: kit ${kitGas.join(", ")} (execution ${kitExecution[0]}); snarkjs ${refGas.join(", ")}`);
    expect(new Set(kitExecution).size).to.equal(1);
    expect(Math.max(...kitGas)).to.be.lessThan(Math.min(...refGas));
  });

  it("the generator refuses keys it cannot serve, with the reason", async () => {
    const vk = (await snarkjs.zKey.exportVerificationKey(build.zkey)) as PlonkVerificationKey;
    expect(() => plonkVerifierSource({ ...vk, protocol: "groth16" } as PlonkVerificationKey, "V")).to.throw(/groth16 key; the kit wraps with PLONK/);
    expect(() => plonkVerifierSource({ ...vk, curve: "bls12381" }, "V")).to.throw(/bls12381/);
    expect(() => plonkVerifierSource({ ...vk, w: "1" }, "V")).to.throw(/root of unity/);
    expect(() => plonkVerifierSource(vk, "1nvalid name")).to.throw(/bad contract name/);
    await assert.rejects(generatePlonkVerifier("out/no-such.zkey"), /zkey file not found/);
  });
});
