// The whole on-chain path with the REAL wrap circuit: a STARK (poseidon-bn254 suite,
// INSECURE test preset) is verified by its generated circom circuit, proved with snarkjs
// PLONK (INSECURE 2^16 dev ptau), and checked by the generated Solidity verifiers on the
// in-process Hardhat chain. A second key (same AIR, other parameters) gives "another
// program", plain Fibonacci "another AIR": their proofs must not pass program A's
// verifier, with their own selector or A's.
// (Solidity plumbing cases — router, dApp, malformed bytes — are in onchain.test.ts with
// the fast placeholder circuit; the circuit itself is tested in stark-circuit.test.ts.)
import { expect } from "chai";
import { network } from "hardhat";
import { setup, prove, type ProvingKey, type StarkProof } from "../../prover/stark/index.ts";
import { fibonacciStatementAir, fibonacciStatementTrace, STATEMENT_OFFSET } from "../../prover/air/examples/fibonacci-statement.ts";
import { fibonacciAir, fibonacciTrace } from "../../prover/air/examples/fibonacci.ts";
import { WRAP_TEST_CONFIG_INSECURE } from "../../wrapper/circuit/presets.ts";
import { buildWrap, proveWrap, type WrapBuild, type WrapProof } from "../../wrapper/wrap/pipeline.ts";
import { buildVerifierContracts, deployVerifiers, type VerifierBuild } from "../../wrapper/solidity/deploy.ts";
import { encodeProof } from "../../wrapper/solidity/encode.ts";
import { compareWithWrapManifest, wrapArtifactHashes, TEST_WRAP_LOG_ROWS } from "../../wrapper/wrap/manifest.ts";

const LOG_ROWS = TEST_WRAP_LOG_ROWS;
const quiet = () => {};

type Program = { pk: ProvingKey; proof: StarkProof; statement: Uint8Array; build: WrapBuild; wrapped: WrapProof; contracts: VerifierBuild; bytes: string };

async function program(config: typeof WRAP_TEST_CONFIG_INSECURE, a0: number, b0: number): Promise<Program> {
  const pk = await setup(config, [fibonacciStatementAir]);
  const t = fibonacciStatementTrace(LOG_ROWS, a0, b0);
  const { proof } = await prove(pk, [{ main: t.main, publicValues: t.publicValues }]);
  const build = await buildWrap({ vk: pk.vk, tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET }, log: quiet });
  const wrapped = await proveWrap(build, { vk: pk.vk, proof, publicValues: t.statement, log: quiet });
  const contracts = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: wrapped.vkDigest });
  return { pk, proof, statement: t.statement, build, wrapped, contracts, bytes: encodeProof({ selector: build.selector, snarkProof: wrapped.snarkProof }) };
}

/** Another AIR: plain Fibonacci, whose STARK carries no statement (statement digest 0). */
async function otherAirProof(): Promise<{ selector: string; bytes: string; publicSignals: string[] }> {
  const pk = await setup(WRAP_TEST_CONFIG_INSECURE, [fibonacciAir]);
  const { proof } = await prove(pk, [fibonacciTrace(LOG_ROWS)]);
  const build = await buildWrap({ vk: pk.vk, tableLogRows: [LOG_ROWS], statement: null, log: quiet });
  const wrapped = await proveWrap(build, { vk: pk.vk, proof, publicValues: null, log: quiet });
  return { selector: build.selector, bytes: encodeProof({ selector: build.selector, snarkProof: wrapped.snarkProof }), publicSignals: wrapped.publicSignals };
}

describe("on-chain verification of a wrapped STARK (real wrap circuit)", function () {
  this.timeout(600_000);
  let A: Program;
  let B: Program;
  let C: Awaited<ReturnType<typeof otherAirProof>>;
  let verifierA: any;
  let verifierB: any;

  before(async () => {
    A = await program(WRAP_TEST_CONFIG_INSECURE, 0, 1);
    B = await program({ ...WRAP_TEST_CONFIG_INSECURE, powBits: 3 }, 0, 1);
    C = await otherAirProof();
    const { ethers } = await network.create();
    const [signer] = await ethers.getSigners();
    const dA = await deployVerifiers(A.contracts, signer);
    const dB = await deployVerifiers(B.contracts, signer);
    verifierA = new ethers.Contract(dA.programVerifier.address, A.contracts.program.compiled.abi as any[], signer);
    verifierB = new ethers.Contract(dB.programVerifier.address, B.contracts.program.compiled.abi as any[], signer);
  });

  after(() => (globalThis as any).curve_bn128?.terminate());

  it("Groth16: the same STARK wrapped by the pipeline (--O2 circuit, INSECURE zkey) is accepted on chain; its output changed is not", async () => {
    const build = await buildWrap({ vk: A.pk.vk, tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET }, snark: "groth16", log: quiet });
    expect(build.snark).to.equal("groth16");
    expect(build.insecure).to.equal(true);
    // --O2 substitutes the linear constraints away; the PLONK build (--O1) keeps them
    expect(build.compiled.r1csConstraints).to.be.lessThan(A.build.compiled.r1csConstraints);
    const wrapped = await proveWrap(build, { vk: A.pk.vk, proof: A.proof, publicValues: A.statement, log: quiet });
    expect(wrapped.publicSignals).to.deep.equal(A.wrapped.publicSignals);
    const contracts = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: wrapped.vkDigest });
    const { ethers } = await network.create();
    const [signer] = await ethers.getSigners();
    const d = await deployVerifiers(contracts, signer);
    const v = new ethers.Contract(d.programVerifier.address, contracts.program.compiled.abi as any[], signer);
    const bytes = encodeProof({ selector: build.selector, snarkProof: wrapped.snarkProof });
    await v.verify(A.statement, bytes);
    const pv = Uint8Array.from(A.statement);
    pv[0] ^= 1;
    await expect(v.verify(pv, bytes)).to.be.revertedWithCustomError(v, "InvalidProof");
    // and the PLONK proof of the same statement is not a Groth16 proof
    await expect(v.verify(A.statement, A.bytes)).to.be.revertedWithCustomError(v, "MalformedProof");
  });

  it("the test key's wrap artifacts (circuit, r1cs, witness wasm, zkey, verifiers) match the pinned hashes", async () => {
    // a mismatch after an intended change: npx node wrapper/wrap/manifest.ts --write
    expect(compareWithWrapManifest(await wrapArtifactHashes(A.build, A.contracts))).to.deep.equal([]);
  });

  it("the PLONK proof's public signals are the STARK key's digest and the statement's sha256", () => {
    expect(A.wrapped.publicSignals.map(BigInt)).to.deep.equal([A.build.circuit.vkDigest, A.wrapped.statementDigest]);
    expect(A.build.circuit.vkDigest).to.not.equal(B.build.circuit.vkDigest);
    expect(A.build.selector).to.not.equal(B.build.selector);
  });

  it("accepts the valid proof with its public values", async () => {
    // verify is a view that reverts on rejection: returning is acceptance
    await verifierA.verify(A.statement, A.bytes);
    await verifierB.verify(B.statement, B.bytes);
  });

  it("rejects a tampered proof", async () => {
    const b = Buffer.from(A.bytes.slice(2), "hex");
    b[4 + 32 * 5 + 31] ^= 1; // a G1 coordinate of the commitment to the wire polynomials
    await expect(verifierA.verify(A.statement, "0x" + b.toString("hex"))).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects tampered public values", async () => {
    const pv = Uint8Array.from(A.statement);
    pv[11] ^= 1; // the claimed Fibonacci output
    await expect(verifierA.verify(pv, A.bytes)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects another program's proof (another VK), with its own selector", async () => {
    await expect(verifierA.verify(B.statement, B.bytes)).to.be.revertedWithCustomError(verifierA, "WrongSelector");
  });

  it("rejects another program's proof relabelled with this program's selector", async () => {
    const relabelled = A.build.selector + B.bytes.slice(10);
    await expect(verifierA.verify(B.statement, relabelled)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });

  it("rejects a proof of another AIR, with its own selector and relabelled", async () => {
    expect(BigInt(C.publicSignals[1])).to.equal(0n); // that STARK carries no statement
    await expect(verifierA.verify(A.statement, C.bytes)).to.be.revertedWithCustomError(verifierA, "WrongSelector");
    const relabelled = A.build.selector + C.bytes.slice(10);
    await expect(verifierA.verify(A.statement, relabelled)).to.be.revertedWithCustomError(verifierA, "InvalidProof");
  });
});
