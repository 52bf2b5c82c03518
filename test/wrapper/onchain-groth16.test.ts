// On-chain verification of REAL Groth16 proofs of the placeholder two-public circuit, on
// the in-process Hardhat chain: the same program verifier template and router as the
// PLONK path (onchain.test.ts), over snarkjs's Groth16 verifier of a Groth16 zkey of the
// same r1cs (INSECURE: no phase-2 contribution, ceremony/cache.ts). Every rejection is
// its own test; the gas of an accepted proof is printed.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { network } from "hardhat";
import * as snarkjs from "snarkjs";
import { buildPlaceholder, PTAU_POWER, type PlaceholderBuild } from "../../wrapper/circuits/test/build.ts";
import { provePlaceholderGroth16 } from "../../wrapper/circuits/test/prove.ts";
import { cachedInsecureGroth16Zkey } from "../../wrapper/ceremony/cache.ts";
import { groth16PtauPower, r1csStats } from "../../wrapper/circuit/plonk-count.ts";
import { buildVerifierContracts, deployCompiled, deployVerifiers, type VerifierBuild } from "../../wrapper/solidity/deploy.ts";
import { compileRepoFiles } from "../../wrapper/solidity/compile.ts";
import {
  decodeProof, encodeProof, GROTH16_PROOF_BYTES, groth16ProofWords, PROOF_BYTES, snarkKindOf, statementDigest, type SnarkjsGroth16Proof,
} from "../../wrapper/solidity/encode.ts";
import { readProofBytes, writeOnchainProofFile } from "../../wrapper/solidity/proof-file.ts";

const VK_A = 0x1234_5678_9abc_def0_1122_3344_5566_7788n;
const VK_B = 0xfeed_beef_cafe_f00dn;
const OUTPUT = new TextEncoder().encode("fib(20) = 6765\n");

describe("on-chain verification of a real Groth16 proof (placeholder circuit)", function () {
  this.timeout(300_000);
  let build: PlaceholderBuild;
  let zkey: string;
  let vA: VerifierBuild;
  let vB: VerifierBuild;
  let plonkA: VerifierBuild;
  let proofA: { proof: SnarkjsGroth16Proof; publicSignals: string[] };
  let proofB: { proof: SnarkjsGroth16Proof; publicSignals: string[] };
  let bytesA: string;
  let verifierA: any;
  let verifierB: any;
  let router: any;
  const gas: Record<string, bigint> = {};

  before(async () => {
    build = await buildPlaceholder();
    zkey = await cachedInsecureGroth16Zkey(build.r1cs, build.ptau, () => {});
    vA = await buildVerifierContracts({ zkeyPath: zkey, vkDigest: VK_A });
    vB = await buildVerifierContracts({ zkeyPath: zkey, vkDigest: VK_B });
    plonkA = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: VK_A });
    proofA = await provePlaceholderGroth16(build, zkey, VK_A, OUTPUT);
    proofB = await provePlaceholderGroth16(build, zkey, VK_B, OUTPUT);
    bytesA = encodeProof({ selector: vA.selector, snarkProof: proofA.proof });
    const { ethers } = await network.create();
    const [signer] = await ethers.getSigners();
    const dA = await deployVerifiers(vA, signer);
    const dB = await deployVerifiers(vB, signer, { snarkVerifierAddress: dA.snarkVerifier.address });
    const dPlonk = await deployVerifiers(plonkA, signer);
    gas.groth16VerifierDeploy = dA.snarkVerifier.gasUsed;
    gas.programVerifierDeploy = dA.programVerifier.gasUsed;
    verifierA = new ethers.Contract(dA.programVerifier.address, vA.program.compiled.abi as any[], signer);
    verifierB = new ethers.Contract(dB.programVerifier.address, vB.program.compiled.abi as any[], signer);
    const c = compileRepoFiles(["contracts/ZkvmVerifierRouter.sol"]);
    const r = await deployCompiled(c.ZkvmVerifierRouter, signer, [await signer.getAddress()]);
    router = new ethers.Contract(r.address, c.ZkvmVerifierRouter.abi as any[], signer);
    await (await router.addRoute(vA.selector, dA.programVerifier.address)).wait();
    await (await router.addRoute(plonkA.selector, dPlonk.programVerifier.address)).wait();
  });

  after(() => {
    console.log(`      gas: ${JSON.stringify(Object.fromEntries(Object.entries(gas).map(([k, v]) => [k, Number(v)])))}`);
    (globalThis as any).curve_bn128?.terminate();
  });

  it("the zkey is Groth16 and fits the placeholder's ptau; its selector differs from the PLONK zkey's", async () => {
    const s = await r1csStats(build.r1cs);
    expect(groth16PtauPower(s.r1csConstraints, s.publicInputs, s.outputs)).to.be.at.most(PTAU_POWER);
    expect((await snarkjs.zKey.exportVerificationKey(zkey)).protocol).to.equal("groth16");
    expect(vA.snark).to.equal("groth16");
    expect(plonkA.snark).to.equal("plonk");
    expect(vA.selector).to.not.equal(plonkA.selector);
    expect(vA.snarkVerifier.name).to.match(/^Groth16Verifier_[0-9a-f]{8}$/);
  });

  it("off chain: snarkjs accepts the proof, whose public signals are [vkDigest, statementDigest]", async () => {
    const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vkey, proofA.publicSignals, proofA.proof)).to.equal(true);
    expect(proofA.publicSignals.map(BigInt)).to.deep.equal([VK_A, statementDigest(OUTPUT)]);
  });

  it("encodes 8 proof words in snarkjs's soliditycalldata order (B imaginary part first)", async () => {
    const s: string = await snarkjs.groth16.exportSolidityCallData(proofA.proof, proofA.publicSignals);
    const [a, b, c] = JSON.parse("[" + s + "]") as [string[], string[][], string[]];
    const words = [...a, ...b.flat(), ...c].map(BigInt);
    expect(snarkKindOf(proofA.proof)).to.equal("groth16");
    expect(groth16ProofWords(proofA.proof)).to.deep.equal(words);
    expect((bytesA.length - 2) / 2).to.equal(GROTH16_PROOF_BYTES);
    expect(decodeProof(bytesA)).to.deep.equal({ selector: vA.selector, words });
  });

  it("an on-chain proof file round-trips (groth16Proof field, raw 260-byte file)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "groth16-proof-"));
    try {
      const json = path.join(dir, "proof.json");
      writeOnchainProofFile(json, { selector: vA.selector, vkDigest: VK_A, publicValues: OUTPUT, snarkProof: proofA.proof, publicSignals: proofA.publicSignals });
      expect(JSON.parse(fs.readFileSync(json, "utf8")).groth16Proof).to.deep.equal(proofA.proof);
      expect(readProofBytes(json)).to.equal(bytesA);
      const raw = path.join(dir, "proof.bin");
      fs.writeFileSync(raw, Buffer.from(bytesA.slice(2), "hex"));
      expect(readProofBytes(raw)).to.equal(bytesA);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts a valid proof (direct and through a router that also routes a PLONK verifier)", async () => {
    await verifierA.verify(OUTPUT, bytesA);
    await router.verify(OUTPUT, bytesA);
    gas.verify = await verifierA.verify.estimateGas(OUTPUT, bytesA);
    gas.verifyViaRouter = await router.verify.estimateGas(OUTPUT, bytesA);
    expect(await verifierA.PROOF_LENGTH()).to.equal(BigInt(GROTH16_PROOF_BYTES));
  });

  it("rejects a tampered proof word (each of A, B and C)", async () => {
    for (const w of [1, 3, 6]) {
      const b = Buffer.from(bytesA.slice(2), "hex");
      b[4 + 32 * w + 31] ^= 1;
      await expect(verifierA.verify(OUTPUT, "0x" + b.toString("hex"))).to.be.revertedWithCustomError(verifierA, "InvalidProof");
    }
  });

  it("rejects B's coordinates in snarkjs's JSON order (real part first)", async () => {
    const b = Buffer.from(bytesA.slice(2), "hex");
    const word = (i: number) => b.subarray(4 + 32 * i, 36 + 32 * i);
    const [x1, x0] = [Buffer.from(word(2)), Buffer.from(word(3))];
    word(2).set(x0), word(3).set(x1);
    await expect(verifierA.verify(OUTPUT, "0x" + b.toString("hex"))).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects tampered public values", async () => {
    const pv = Uint8Array.from(OUTPUT);
    pv[0] ^= 1;
    await expect(verifierA.verify(pv, bytesA)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects another program's proof (verifier A, proof for VK B), and A's proof at B's verifier", async () => {
    const bytesB = encodeProof({ selector: vB.selector, snarkProof: proofB.proof });
    await verifierB.verify(OUTPUT, bytesB); // valid for B
    await expect(verifierA.verify(OUTPUT, bytesB)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
    await expect(verifierB.verify(OUTPUT, bytesA)).to.be.revertedWithCustomError(verifierB, "InvalidProof");
  });

  it("rejects a wrong selector, and a proof of PLONK's length", async () => {
    const bad = plonkA.selector + bytesA.slice(10);
    await expect(verifierA.verify(OUTPUT, bad)).to.be.revertedWithCustomError(verifierA, "WrongSelector").withArgs(plonkA.selector);
    const long = bytesA + "00".repeat(PROOF_BYTES - GROTH16_PROOF_BYTES);
    await expect(verifierA.verify(OUTPUT, long)).to.be.revertedWithCustomError(verifierA, "MalformedProof").withArgs(BigInt(PROOF_BYTES));
    // the router sends a Groth16 proof under the PLONK selector to the PLONK program verifier, which refuses its length
    await expect(router.verify(OUTPUT, bad)).to.be.revertedWithCustomError(verifierA, "MalformedProof").withArgs(BigInt(GROTH16_PROOF_BYTES));
  });
});
