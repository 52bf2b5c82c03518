// SPDX-License-Identifier: GPL-3.0
//
// Gas benchmark of on-chain verification, with the PLACEHOLDER two-public wrap circuit
// (wrapper/circuits/test/; the real wrap circuit has the same two public signals, so its
// verifier differs only in constants), on the in-process Hardhat chain (cancun, solc
// 0.8.28, optimizer 200).
//   npx node scripts/bench/gas.ts [--sizes 32,1024]
// Figures (gasUsed of mined transactions, 21,000 intrinsic gas and calldata included):
//   verify_gas                   IZkvmVerifier.verify(publicValues, proof) sent as a
//                                transaction to the program verifier, with a 32-byte
//                                public output: sha256 + 253-bit mask + PLONK check
//   deploy_gas                   plonk_verifier_deploy_gas + program_verifier_deploy_gas
//   plonk_verifier_deploy_gas    the snarkjs PLONK verifier (once per wrap circuit)
//   program_verifier_deploy_gas  the per-program verifier pinning the VK digest
//   verify_gas_by_size           verify_gas for each public-output size in --sizes
//   router_verify_gas            verify_gas through ZkvmVerifierRouter
//   plonk_verify_gas             the bare PLONK verifyProof(words, [vk, statement]) as a
//                                transaction: verify_gas minus this is the program
//                                verifier's overhead (length/selector checks, sha256, call)
//   snarkjs_plonk_verify_gas     the same with snarkjs's own exported verifier, the
//                                reference the kit's verifier (plonk-verifier.ts) replaces
//   groth16_verify_gas           verify_gas with a Groth16 zkey of the same circuit (the
//                                INSECURE zkey of ceremony/cache.ts: gas does not depend
//                                on the ceremony), its profile printed too
//   groth16_bare_verify_gas      snarkjs's Groth16 verifyProof as a transaction
//   groth16_verifier_deploy_gas  its deployment
// Before the figures, a table of where verify_gas goes (scripts/bench/lib/gas-profile.ts):
// every unit attributed to the intrinsic price, calldata, each precompile, the call into
// the PLONK verifier and the EVM opcodes of each contract.
// The kit's verifier costs the same on every proof (its gas does not depend on the proof
// words); snarkjs's moves by about +-2k with the proof (an extended Euclid loop).
// Ends with ONE JSON line of the figures.
import { parseArgs } from "node:util";
import { network } from "hardhat";
import { buildPlaceholder } from "../../wrapper/circuits/test/build.ts";
import { provePlaceholder, provePlaceholderGroth16 } from "../../wrapper/circuits/test/prove.ts";
import { cachedInsecureGroth16Zkey } from "../../wrapper/ceremony/cache.ts";
import { compileRepoFiles } from "../../wrapper/solidity/compile.ts";
import { buildVerifierContracts, deployCompiled, deployVerifiers } from "../../wrapper/solidity/deploy.ts";
import { encodeProof, groth16ProofWords, plonkProofWords, publicSignals } from "../../wrapper/solidity/encode.ts";
import { compileSolidity } from "../../wrapper/solidity/compile.ts";
import { exportSnarkjsPlonkVerifier } from "../../wrapper/solidity/snarkjs-plonk-verifier.ts";
import { formatGasProfile, profileTransaction } from "./lib/gas-profile.ts";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "32,1024" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log("usage: npx node scripts/bench/gas.ts [--sizes 32,1024]   (see the header of this file)");
  process.exit(0);
}
const sizes = values.sizes!.split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`--sizes: bad list "${values.sizes}"`);
if (!sizes.includes(32)) sizes.unshift(32);

const VK = 0x0badc0ffee_0ddf00dn;
const build = await buildPlaceholder();
const vb = await buildVerifierContracts({ zkeyPath: build.zkey, vkDigest: VK });
const { ethers } = await network.create();
const [signer] = await ethers.getSigners();
const d = await deployVerifiers(vb, signer);
const verifier = new ethers.Contract(d.programVerifier.address, vb.program.compiled.abi as any[], signer);
const routerC = compileRepoFiles(["contracts/ZkvmVerifierRouter.sol"]).ZkvmVerifierRouter;
const r = await deployCompiled(routerC, signer, [await signer.getAddress()]);
const router = new ethers.Contract(r.address, routerC.abi as any[], signer);
await (await router.addRoute(vb.selector, d.programVerifier.address)).wait();

let profile = "";
async function txGas(contract: any, pv: Uint8Array, proof: string): Promise<number> {
  await contract.verify.staticCall(pv, proof); // reverts here, with its error, if rejected
  const receipt = await (await contract.verify.send(pv, proof)).wait();
  if (!profile) profile = formatGasProfile(await profileTransaction(ethers.provider as any, receipt.hash));
  return Number(receipt.gasUsed);
}

const bySize: Record<string, number> = {};
let routerGas = 0;
let plonkGas = 0;
let snarkjsGas = 0;
const ref = compileSolidity({ "SnarkjsPlonkVerifier.sol": await exportSnarkjsPlonkVerifier(build.zkey, { contractName: "SnarkjsPlonkVerifier" }) }).SnarkjsPlonkVerifier;
const snarkjsPlonk = new ethers.Contract((await deployCompiled(ref, signer)).address, ref.abi as any[], signer);
const plonk = new ethers.Contract(d.snarkVerifier.address, vb.snarkVerifier.compiled.abi as any[], signer);
for (const n of sizes) {
  const pv = new Uint8Array(n).map((_, i) => (i * 7 + 1) & 0xff);
  const { proof } = await provePlaceholder(build, VK, pv);
  const bytes = encodeProof({ selector: vb.selector, snarkProof: proof });
  bySize[n] = await txGas(verifier, pv, bytes);
  if (n === 32) {
    routerGas = await txGas(router, pv, bytes);
    const args = [plonkProofWords(proof), publicSignals(VK, pv)];
    if ((await plonk.verifyProof.staticCall(...args)) !== true) throw new Error("bench: PLONK verifier rejected the proof");
    plonkGas = Number((await (await plonk.verifyProof.send(...args)).wait())!.gasUsed);
    if ((await snarkjsPlonk.verifyProof.staticCall(...args)) !== true) throw new Error("bench: snarkjs's PLONK verifier rejected the proof");
    snarkjsGas = Number((await (await snarkjsPlonk.verifyProof.send(...args)).wait())!.gasUsed);
    console.log(`where the ${n}-byte verify's gas goes: ${profile}`);
  }
  console.log(`verify, ${n}-byte public output: ${bySize[n]} gas (via router: ${n === 32 ? routerGas : "-"}, bare PLONK verifyProof: ${n === 32 ? plonkGas : "-"}, snarkjs's: ${n === 32 ? snarkjsGas : "-"})`);
}
const plonkDeploy = Number(d.snarkVerifier.gasUsed);
const programDeploy = Number(d.programVerifier.gasUsed);
console.log(`deploy: PLONK verifier ${plonkDeploy} gas, program verifier ${programDeploy} gas`);

// The same statement with Groth16 (wrapper/solidity/README.md "Groth16").
const g16zkey = await cachedInsecureGroth16Zkey(build.r1cs, build.ptau, () => {});
const gb = await buildVerifierContracts({ zkeyPath: g16zkey, vkDigest: VK });
const gd = await deployVerifiers(gb, signer);
const g16verifier = new ethers.Contract(gd.programVerifier.address, gb.program.compiled.abi as any[], signer);
const g16 = new ethers.Contract(gd.snarkVerifier.address, gb.snarkVerifier.compiled.abi as any[], signer);
const pv32 = new Uint8Array(32).map((_, i) => (i * 7 + 1) & 0xff);
const g16proof = (await provePlaceholderGroth16(build, g16zkey, VK, pv32)).proof;
profile = "";
const g16Gas = await txGas(g16verifier, pv32, encodeProof({ selector: gb.selector, snarkProof: g16proof }));
console.log(`where the Groth16 verify's gas goes: ${profile}`);
const w = groth16ProofWords(g16proof);
const g16args = [[w[0], w[1]], [[w[2], w[3]], [w[4], w[5]]], [w[6], w[7]], publicSignals(VK, pv32)];
if ((await g16.verifyProof.staticCall(...g16args)) !== true) throw new Error("bench: the Groth16 verifier rejected the proof");
const g16Bare = Number((await (await g16.verifyProof.send(...g16args)).wait())!.gasUsed);
console.log(`Groth16: verify ${g16Gas} gas (bare verifyProof ${g16Bare}); deploy Groth16 verifier ${gd.snarkVerifier.gasUsed} gas`);
(globalThis as any).curve_bn128?.terminate();
console.log(JSON.stringify({
  verify_gas: bySize[32],
  deploy_gas: plonkDeploy + programDeploy,
  plonk_verifier_deploy_gas: plonkDeploy,
  program_verifier_deploy_gas: programDeploy,
  router_verify_gas: routerGas,
  plonk_verify_gas: plonkGas,
  snarkjs_plonk_verify_gas: snarkjsGas,
  groth16_verify_gas: g16Gas,
  groth16_bare_verify_gas: g16Bare,
  groth16_verifier_deploy_gas: Number(gd.snarkVerifier.gasUsed),
  verify_gas_by_size: bySize,
  circuit: "placeholder two-public (INSECURE dev ptau)",
}));
