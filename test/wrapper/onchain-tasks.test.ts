// The actions behind the Hardhat tasks deploy-verifier and submit-proof
// (wrapper/hardhat/actions.ts), on the in-process chain, with files as a user has them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import { buildPlaceholder, type PlaceholderBuild } from "../../wrapper/circuits/test/build.ts";
import { provePlaceholder } from "../../wrapper/circuits/test/prove.ts";
import { deployVerifierAction, submitProofAction } from "../../wrapper/hardhat/actions.ts";
import { writeOnchainProofFile, readProofBytes } from "../../wrapper/solidity/proof-file.ts";
import { selectorForZkey } from "../../wrapper/solidity/selector.ts";

describe("hardhat task actions: deploy-verifier and submit-proof", function () {
  this.timeout(300_000);
  const VK = 777n;
  const OUTPUT = new TextEncoder().encode("task output");
  let dir: string;
  let build: PlaceholderBuild;
  let signer: any;
  let proofFile: string;
  let pvFile: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-tasks-"));
    build = await buildPlaceholder();
    const { proof, publicSignals } = await provePlaceholder(build, VK, OUTPUT);
    proofFile = path.join(dir, "proof.json");
    writeOnchainProofFile(proofFile, { selector: selectorForZkey(build.zkey), vkDigest: VK, publicValues: OUTPUT, snarkProof: proof, publicSignals });
    pvFile = path.join(dir, "output.bin");
    fs.writeFileSync(pvFile, OUTPUT);
    const { ethers } = await network.create();
    [signer] = await ethers.getSigners();
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    (globalThis as any).curve_bn128?.terminate();
  });

  const base = { out: "", snarkVerifier: "", router: "", proof: "", publicValues: "" };

  it("deploys from a vk.json, registers on a new router, accepts the proof, and submit-proof agrees", async () => {
    const vkFile = path.join(dir, "vk.json");
    fs.writeFileSync(vkFile, JSON.stringify({ vkDigest: "0x309" }));
    const r = await deployVerifierAction({ ...base, vk: vkFile, zkey: build.zkey, out: path.join(dir, "sol"), router: "new",
      proof: proofFile, publicValues: pvFile }, signer, () => {});
    expect(r.submit).to.deep.include({ accepted: true });
    expect(r.snarkVerifierDeployGas).to.be.greaterThan(0);
    const direct = await submitProofAction({ verifier: r.programVerifier as string, proof: proofFile, publicValues: proofFile, send: true }, signer);
    expect(direct).to.deep.include({ accepted: true });
    expect(direct.gasUsed).to.be.greaterThan(0);
    const hexFile = path.join(dir, "proof.hex");
    fs.writeFileSync(hexFile, readProofBytes(proofFile));
    const other = path.join(dir, "other.bin");
    fs.writeFileSync(other, "task outpuT");
    const bad = await submitProofAction({ verifier: r.router as string, proof: hexFile, publicValues: other, send: false }, signer);
    expect(bad).to.deep.equal({ verifier: r.router, accepted: false, error: "InvalidProof()" });
  });

  it("names the missing option or file", async () => {
    await expectError(deployVerifierAction({ ...base, vk: "", zkey: build.zkey }, signer), "--vk");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: path.join(dir, "none.zkey") }, signer), "none.zkey");
    await expectError(deployVerifierAction({ ...base, vk: path.join(dir, "nope.json"), zkey: build.zkey }, signer), "nope.json");
    await expectError(submitProofAction({ verifier: "0x12", proof: proofFile, publicValues: pvFile, send: false }, signer), "--verifier");
    await expectError(submitProofAction({ verifier: "0x" + "11".repeat(20), proof: path.join(dir, "missing"), publicValues: pvFile, send: false }, signer), "missing");
    await expectError(submitProofAction({ verifier: "0x" + "11".repeat(20), proof: proofFile, publicValues: pvFile, send: false }, signer), "no contract");
  });

  it("refuses bad files and addresses before deploying anything: a directory, an empty or short proof, a JSON that is not a proof file, a bad router", async () => {
    const some = "0x" + "11".repeat(20);
    const empty = path.join(dir, "empty.bin");
    fs.writeFileSync(empty, "");
    const short = path.join(dir, "short.hex");
    fs.writeFileSync(short, "0x" + "ab".repeat(100));
    const otherJson = path.join(dir, "pv.json");
    fs.writeFileSync(otherJson, JSON.stringify({ output: "0x01" }));
    await expectError(submitProofAction({ verifier: some, proof: dir, publicValues: pvFile, send: false }, signer), "is a directory");
    await expectError(submitProofAction({ verifier: some, proof: empty, publicValues: pvFile, send: false }, signer), "holds 0 proof bytes");
    await expectError(submitProofAction({ verifier: some, proof: short, publicValues: pvFile, send: false }, signer), "holds 100 proof bytes");
    await expectError(submitProofAction({ verifier: some, proof: proofFile, publicValues: dir, send: false }, signer), "is a directory");
    await expectError(submitProofAction({ verifier: some, proof: proofFile, publicValues: otherJson, send: false }, signer), "other than an on-chain proof file");
    const deployed = async () => (await signer.provider.getTransactionCount(await signer.getAddress()));
    const before = await deployed();
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: build.zkey, router: "nope" }, signer), "--router");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: build.zkey, router: some }, signer), "no contract");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: build.zkey, snarkVerifier: some }, signer), "no contract");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: build.zkey, proof: proofFile }, signer), "go together");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: build.zkey, proof: empty, publicValues: pvFile }, signer), "holds 0 proof bytes");
    await expectError(deployVerifierAction({ ...base, vk: "1", zkey: dir }, signer), "is a directory");
    expect(await deployed()).to.equal(before);
  });
});

async function expectError(p: Promise<unknown>, needle: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect((e as Error).message).to.include(needle);
    return;
  }
  throw new Error(`expected an error mentioning ${needle}`);
}
