// On-chain verification of REAL PLONK proofs of the placeholder two-public circuit
// (wrapper/circuits/test/), on the in-process Hardhat chain: the generated PLONK
// verifier, two program verifiers pinning different VK digests, the router and the
// example dApp. Every rejection is its own test.
import { expect } from "chai";
import { network } from "hardhat";
import * as snarkjs from "snarkjs";
import { buildPlaceholder, compareWithManifest, type PlaceholderBuild } from "../../wrapper/circuits/test/build.ts";
import { provePlaceholder, type PlaceholderProof } from "../../wrapper/circuits/test/prove.ts";
import { checkExampleContracts } from "../../wrapper/circuits/test/example-contracts.ts";
import { buildVerifierContracts, deployCompiled, deployVerifiers, type VerifierBuild } from "../../wrapper/solidity/deploy.ts";
import { compileRepoFiles } from "../../wrapper/solidity/compile.ts";
import { decodeProof, encodeProof, plonkProofWords, statementDigest, toSolidityCalldata } from "../../wrapper/solidity/encode.ts";
import { selectorForZkey } from "../../wrapper/solidity/selector.ts";

const VK_A = 0x1234_5678_9abc_def0_1122_3344_5566_7788n;
const VK_B = 0xfeed_beef_cafe_f00dn;
const OUTPUT = new TextEncoder().encode("fib(20) = 6765\n");

describe("on-chain verification of a real PLONK proof (placeholder circuit)", function () {
  this.timeout(300_000);
  let build: PlaceholderBuild;
  let vA: VerifierBuild;
  let vB: VerifierBuild;
  let proofA: PlaceholderProof;
  let proofB: PlaceholderProof;
  let bytesA: string;
  let verifierA: any;
  let verifierB: any;
  let router: any;
  let dapp: any;
  let ethers: any;
  const gas: Record<string, bigint> = {};

  before(async () => {
    build = await buildPlaceholder();
    vA = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: VK_A });
    vB = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: VK_B });
    proofA = await provePlaceholder(build, VK_A, OUTPUT);
    proofB = await provePlaceholder(build, VK_B, OUTPUT);
    bytesA = encodeProof({ selector: vA.selector, snarkProof: proofA.proof });
    ({ ethers } = await network.create());
    const [signer] = await ethers.getSigners();
    const dA = await deployVerifiers(vA, signer);
    const dB = await deployVerifiers(vB, signer, { snarkVerifierAddress: dA.snarkVerifier.address });
    gas.plonkVerifierDeploy = dA.snarkVerifier.gasUsed;
    gas.programVerifierDeploy = dA.programVerifier.gasUsed;
    verifierA = new ethers.Contract(dA.programVerifier.address, vA.program.compiled.abi, signer);
    verifierB = new ethers.Contract(dB.programVerifier.address, vB.program.compiled.abi, signer);
    const c = compileRepoFiles(["contracts/ZkvmVerifierRouter.sol", "contracts/examples/ExampleDapp.sol"]);
    const r = await deployCompiled(c.ZkvmVerifierRouter, signer, [await signer.getAddress()]);
    router = new ethers.Contract(r.address, c.ZkvmVerifierRouter.abi, signer);
    await (await router.addRoute(vA.selector, dA.programVerifier.address)).wait();
    const d = await deployCompiled(c.ExampleDapp, signer, [r.address]);
    dapp = new ethers.Contract(d.address, c.ExampleDapp.abi, signer);
  });

  after(() => {
    console.log(`      gas: ${JSON.stringify(Object.fromEntries(Object.entries(gas).map(([k, v]) => [k, Number(v)])))}`);
    (globalThis as any).curve_bn128?.terminate();
  });

  it("rebuilds the placeholder artifacts with the hashes pinned in the manifest", () => {
    expect(compareWithManifest(build)).to.deep.equal([]);
  });

  it("the committed example verifiers in contracts/generated/ are what the generator emits", async () => {
    expect(await checkExampleContracts()).to.deep.equal([]);
  });

  it("off chain: snarkjs accepts the proof, whose public signals are [vkDigest, statementDigest]", async () => {
    const vkey = await snarkjs.zKey.exportVerificationKey(build.zkey);
    expect(await snarkjs.plonk.verify(vkey, proofA.publicSignals, proofA.proof)).to.equal(true);
    expect(proofA.publicSignals.map(BigInt)).to.deep.equal([VK_A, statementDigest(OUTPUT)]);
  });

  it("encodes the proof words in snarkjs's soliditycalldata order", async () => {
    const s: string = await snarkjs.plonk.exportSolidityCallData(proofA.proof, proofA.publicSignals);
    const [words] = JSON.parse("[" + s.replace("][", "],[") + "]");
    expect(plonkProofWords(proofA.proof)).to.deep.equal(words.map(BigInt));
    expect(decodeProof(bytesA)).to.deep.equal({ selector: vA.selector, words: words.map(BigInt) });
  });

  it("pins the selector and VK digest; computes the same statement digest as TypeScript", async () => {
    expect(await verifierA.SELECTOR()).to.equal(selectorForZkey(build.zkey));
    expect(await verifierA.vkDigest()).to.equal(VK_A);
    expect(await verifierB.vkDigest()).to.equal(VK_B);
    const top = new Uint8Array(1).fill(0); // sha256 of [0] starts 0x6e: top bits set
    for (const pv of [new Uint8Array(0), OUTPUT, top, new Uint8Array(1000).fill(0xab)]) {
      expect(await verifierA.statementDigest(pv)).to.equal(statementDigest(pv));
    }
  });

  it("accepts a valid proof (direct, through the router, and in the example dApp)", async () => {
    await verifierA.verify(OUTPUT, bytesA);
    await router.verify(OUTPUT, bytesA);
    gas.verify = await verifierA.verify.estimateGas(OUTPUT, bytesA);
    gas.verifyViaRouter = await router.verify.estimateGas(OUTPUT, bytesA);
    const receipt = await (await dapp.submit(OUTPUT, bytesA)).wait();
    gas.exampleDappSubmit = receipt.gasUsed;
    expect(await dapp.acceptedCount()).to.equal(1n);
    const cd = toSolidityCalldata({ selector: vA.selector, snarkProof: proofA.proof, publicValues: OUTPUT });
    expect(cd.proof).to.equal(bytesA);
    await ethers.provider.call({ to: await verifierA.getAddress(), data: cd.calldata });
  });

  it("rejects a tampered proof word", async () => {
    const b = Buffer.from(bytesA.slice(2), "hex");
    b[4 + 32 * 18 + 31] ^= 1; // eval_a
    await expect(verifierA.verify(OUTPUT, "0x" + b.toString("hex"))).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects tampered public values", async () => {
    const pv = Uint8Array.from(OUTPUT);
    pv[0] ^= 1;
    await expect(verifierA.verify(pv, bytesA)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects another program's proof (verifier A, proof for VK B)", async () => {
    const bytesB = encodeProof({ selector: vB.selector, snarkProof: proofB.proof });
    await verifierB.verify(OUTPUT, bytesB); // valid for B
    await expect(verifierA.verify(OUTPUT, bytesB)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects program A's proof at a verifier pinning another VK digest", async () => {
    await expect(verifierB.verify(OUTPUT, bytesA)).to.be.revertedWithCustomError(verifierB, "InvalidProof");
  });

  it("rejects a wrong selector", async () => {
    const bad = "0xdeadbeef" + bytesA.slice(10);
    await expect(verifierA.verify(OUTPUT, bad)).to.be.revertedWithCustomError(verifierA, "WrongSelector").withArgs("0xdeadbeef");
    await expect(router.verify(OUTPUT, bad)).to.be.revertedWithCustomError(router, "UnknownSelector").withArgs("0xdeadbeef");
  });

  it("rejects truncated proof bytes", async () => {
    await expect(verifierA.verify(OUTPUT, bytesA.slice(0, -2))).to.be.revertedWithCustomError(verifierA, "MalformedProof").withArgs(771n);
    await expect(verifierA.verify(OUTPUT, "0x")).to.be.revertedWithCustomError(verifierA, "MalformedProof").withArgs(0n);
  });

  it("rejects a proof word at or above the field modulus (PLONK verifier returns false)", async () => {
    const b = Buffer.from(bytesA.slice(2), "hex");
    b.fill(0xff, 4 + 32 * 18, 4 + 32 * 19);
    await expect(verifierA.verify(OUTPUT, "0x" + b.toString("hex"))).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });
});
