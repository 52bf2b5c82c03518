// SPDX-License-Identifier: GPL-3.0
//
// The kit's PLONK verifier contract, generated from a snarkjs PLONK zkey. It checks the
// same relation as snarkjs's exported verifier (snarkjs-plonk-verifier.ts, the reference
// the tests compare it with) under the same Fiat-Shamir transcript, so it accepts the
// proofs `snarkjs plonk prove` makes, and costs less gas:
//   - every curve term of the pairing's right-hand side goes into ONE accumulator
//     (ecMul into scratch, ecAdd into the accumulator), so each term costs one ecMul and
//     one ecAdd and nothing is copied around (18 ecMul, 18 ecAdd, 1 pairing of 2 pairs:
//     the same precompile work as snarkjs, the least this proof format allows);
//   - the Lagrange denominators are inverted together with one modexp precompile call
//     (x^(r-2)) instead of an extended Euclid loop in EVM code;
//   - transcript inputs are copied with calldatacopy, and memory is laid out at fixed
//     addresses from 0
//     (the function returns from assembly and never hands memory back to Solidity);
//   - the on-curve checks of the proof's points are left to the precompiles, which
//     reject a point off the curve or a coordinate not below the base field modulus.
// Checks it adds over snarkjs's: the public signals must be canonical (< r), as the
// evaluations already are, so a statement has exactly one accepted encoding.
//
// Entry point (IPlonkVerifier): verifyProof(uint256[24] proof, uint256[N] pubSignals)
// view returns (bool): true for a valid proof, false otherwise (never reverts on a bad
// proof). Proof words in the order of `snarkjs zkey export soliditycalldata`:
// A, B, C, Z, T1, T2, T3, Wxi, Wxiw (x, y each), then eval_a, eval_b, eval_c, eval_s1,
// eval_s2, eval_zw.
//
// The relation (PLONK, Gabizon-Williamson-Ciobotaru, as snarkjs 0.7 proves it):
//   e(-(Wxi + u·Wxiw), [x]_2) · e(B1, [1]_2) = 1, with
//   B1 = Qc + ab·Qm + a·Ql + b·Qr + c·Qo + zs·Z − s3·S3 − zh·(T1 + xi^n·T2 + xi^2n·T3)
//        + v·A + v²·B + v³·C + v⁴·S1 + v⁵·S2 − e·G1 + xi·Wxi + u·xi·ω·Wxiw
// where zs = α(a+βξ+γ)(b+βk1ξ+γ)(c+βk2ξ+γ) + α²L1(ξ) + u,
//       s3 = αβ·zw·(a+βs1+γ)(b+βs2+γ),
//       e  = −r0 + v·a + v²·b + v³·c + v⁴·s1 + v⁵·s2 + u·zw,
//       r0 = PI(ξ) − α²L1(ξ) − α·zw·(a+βs1+γ)(b+βs2+γ)(c+γ).
import * as snarkjs from "snarkjs";
import fs from "node:fs";

/** BN254 scalar field modulus r (the PLONK field). */
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

type G1 = [string, string, string];
/** The fields of `snarkjs zkey export verificationkey` that the verifier needs. */
export type PlonkVerificationKey = {
  protocol: string; curve: string; nPublic: number; power: number;
  k1: string; k2: string; w: string;
  Qm: G1; Ql: G1; Qr: G1; Qo: G1; Qc: G1; S1: G1; S2: G1; S3: G1;
  X_2: [[string, string], [string, string], [string, string]];
};

/** Solidity source of the kit's PLONK verifier for `zkeyPath`. */
export async function generatePlonkVerifier(zkeyPath: string, opts: { contractName?: string } = {}): Promise<string> {
  if (!fs.existsSync(zkeyPath)) throw new Error(`generatePlonkVerifier: zkey file not found: ${zkeyPath}`);
  const vk = (await snarkjs.zKey.exportVerificationKey(zkeyPath)) as PlonkVerificationKey;
  if (vk.protocol !== "plonk") {
    throw new Error(`generatePlonkVerifier: ${zkeyPath} is a ${vk.protocol} zkey; the kit wraps with PLONK`);
  }
  return plonkVerifierSource(vk, opts.contractName ?? "PlonkVerifier");
}

const modR = (x: bigint) => ((x % R) + R) % R;
function powR(b: bigint, e: bigint): bigint {
  let acc = 1n;
  for (b = modR(b); e > 0n; e >>= 1n, b = (b * b) % R) if (e & 1n) acc = (acc * b) % R;
  return acc;
}

/** A G1 point of the key as Solidity constants; the point at infinity is (0, 0). */
function g1Constants(name: string, p: G1): string {
  const inf = p[2] === "0";
  return `    uint256 constant ${name}X = ${inf ? "0" : p[0]};\n    uint256 constant ${name}Y = ${inf ? "0" : p[1]};`;
}

/** The generator proper: Solidity source for a verification key (exported for tests). */
export function plonkVerifierSource(vk: PlonkVerificationKey, contractName: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName)) throw new Error(`generatePlonkVerifier: bad contract name "${contractName}"`);
  if (vk.protocol !== "plonk") throw new Error(`generatePlonkVerifier: a ${vk.protocol} key; the kit wraps with PLONK`);
  if (vk.curve !== "bn128") throw new Error(`generatePlonkVerifier: curve ${vk.curve}; only bn128 (BN254) has EVM precompiles`);
  const nPub = Number(vk.nPublic);
  const power = Number(vk.power);
  if (!Number.isInteger(nPub) || nPub < 0 || nPub > 64) throw new Error(`generatePlonkVerifier: nPublic ${vk.nPublic} out of range`);
  if (!Number.isInteger(power) || power < 1 || power > 28) throw new Error(`generatePlonkVerifier: power ${vk.power} out of range`);
  const n = 1n << BigInt(power);
  const omega = BigInt(vk.w);
  if (powR(omega, n) !== 1n || powR(omega, n / 2n) === 1n) throw new Error("generatePlonkVerifier: w is not a primitive 2^power-th root of unity");
  const nL = Math.max(nPub, 1); // snarkjs evaluates L1 even without public signals

  // Calldata: selector, then the 24 proof words, then the public signals.
  const word = (i: number) => 4 + 32 * i;
  const P = { A: word(0), B: word(2), C: word(4), Z: word(6), T1: word(8), T2: word(10), T3: word(12), WXI: word(14), WXIW: word(16) };
  const E = { a: word(18), b: word(19), c: word(20), s1: word(21), s2: word(22), zw: word(23) };
  const PUB = word(24);
  // Memory. 0 .. 704+32·nPub: the transcript buffer; later the pairing input (384 bytes at
  // 0: -A1 | [x]_2 | B1 | [1]_2), B1 accumulated in place at 192 with scratch at 256..352,
  // and the modexp input at 0..192. Named slots follow the buffer.
  const slotBase = 704 + 32 * nPub;
  const slot: Record<string, number> = {};
  ["beta", "gamma", "alpha", "xi", "v1", "u", "xin", "zh"].forEach((k, i) => { slot[k] = slotBase + 32 * i; });
  const lag = (i: number) => slotBase + 32 * (8 + i); // L_{i+1}(xi) (first the denominators)
  const pre = (i: number) => slotBase + 32 * (8 + nL + i); // prefix products of the denominators
  const ACC = 192, TMP = 256, SCALAR = 320;

  const L: string[] = [];
  const emit = (s: string) => L.push(`            ${s}`);
  const ld = (k: string) => `mload(${slot[k]})`;
  const cd = (off: number) => `calldataload(${off})`;
  const mul = (x: string, y: string) => `mulmod(${x}, ${y}, R)`;
  const add = (x: string, y: string) => `addmod(${x}, ${y}, R)`;
  const neg = (x: string) => `sub(R, ${x})`; // x in [0, R): the result is in [1, R], fine as an ecMul scalar

  emit("// A bad proof returns false. A failing precompile call burns the gas it was handed, so");
  emit("// each gets all but what fail() needs (the 63/64 rule keeps 1/64 back): no fixed prices");
  emit("// that a later fork could raise (modexp's was, by EIP-2565 and EIP-7883).");
  emit("function fail() {");
  emit("    mstore(0, 0)");
  emit("    return(0, 32)");
  emit("}");
  emit("let ok := 1");
  emit("// The evaluations and public signals must be canonical scalars (< r).");
  for (const k of Object.keys(E) as (keyof typeof E)[]) emit(`ok := and(ok, lt(${cd(E[k])}, R)) // eval_${k}`);
  for (let i = 0; i < nPub; i++) emit(`ok := and(ok, lt(${cd(PUB + 32 * i)}, R)) // public signal ${i}`);
  emit("if iszero(ok) { fail() }");
  emit("");
  emit("// Fiat-Shamir, exactly as snarkjs's prover hashes (keccak256, reduced mod r).");
  ["QM", "QL", "QR", "QO", "QC", "S1", "S2", "S3"].forEach((k, i) => {
    emit(`mstore(${64 * i}, ${k}X)`);
    emit(`mstore(${64 * i + 32}, ${k}Y)`);
  });
  if (nPub > 0) emit(`calldatacopy(512, ${PUB}, ${32 * nPub})`);
  emit(`calldatacopy(${512 + 32 * nPub}, ${P.A}, 192) // A, B, C`);
  emit(`mstore(${slot.beta}, mod(keccak256(0, ${704 + 32 * nPub}), R))`);
  emit(`mstore(0, ${ld("beta")})`);
  emit(`mstore(${slot.gamma}, mod(keccak256(0, 32), R))`);
  emit(`mstore(32, ${ld("gamma")})`);
  emit(`calldatacopy(64, ${P.Z}, 64)`);
  emit(`mstore(${slot.alpha}, mod(keccak256(0, 128), R))`);
  emit(`mstore(0, ${ld("alpha")})`);
  emit(`calldatacopy(32, ${P.T1}, 192) // T1, T2, T3`);
  emit(`mstore(${slot.xi}, mod(keccak256(0, 224), R))`);
  emit(`mstore(0, ${ld("xi")})`);
  emit(`calldatacopy(32, ${E.a}, 192) // the six evaluations`);
  emit(`mstore(${slot.v1}, mod(keccak256(0, 224), R))`);
  emit(`calldatacopy(0, ${P.WXI}, 128) // Wxi, Wxiw`);
  emit(`mstore(${slot.u}, mod(keccak256(0, 128), R))`);
  emit("");
  emit(`// xi^n (n = 2^${power}) and the vanishing polynomial zh = xi^n - 1.`);
  emit("{");
  emit(`    let x := ${ld("xi")}`);
  for (let i = 0; i < power; i++) emit("    x := mulmod(x, x, R)");
  emit(`    mstore(${slot.xin}, x)`);
  emit(`    mstore(${slot.zh}, addmod(x, ${R - 1n}, R))`);
  emit("}");
  emit("");
  emit(`// Lagrange basis at xi: L_i = w^(i-1)·zh / (n·(xi - w^(i-1))), i = 1..${nL}. One inversion`);
  emit("// for all denominators (Montgomery's trick), as x^(r-2) with the modexp precompile.");
  emit("{");
  emit(`    let xi := ${ld("xi")}`);
  emit("    let acc := 1");
  for (let i = 0; i < nL; i++) {
    const wi = powR(omega, BigInt(i));
    emit(`    mstore(${pre(i)}, acc)`);
    emit(`    let d${i} := mulmod(${n}, addmod(xi, ${modR(-wi)}, R), R)`);
    emit(`    mstore(${lag(i)}, d${i})`);
    emit(`    acc := mulmod(acc, d${i}, R)`);
  }
  emit("    if iszero(acc) { fail() } // xi is a root of unity: no proof at this point");
  emit("    mstore(0, 32)");
  emit("    mstore(32, 32)");
  emit("    mstore(64, 32)");
  emit("    mstore(96, acc)");
  emit(`    mstore(128, ${R - 2n})`);
  emit("    mstore(160, R)");
  emit("    if iszero(staticcall(gas(), 5, 0, 192, 0, 32)) { fail() }");
  emit("    let inv := mload(0)");
  emit(`    let zh := ${ld("zh")}`);
  for (let i = nL - 1; i >= 0; i--) {
    const wi = powR(omega, BigInt(i));
    emit(`    let inv${i} := mulmod(inv, mload(${pre(i)}), R)`);
    if (i > 0) emit(`    inv := mulmod(inv, mload(${lag(i)}), R)`);
    emit(`    mstore(${lag(i)}, mulmod(${wi === 1n ? "zh" : `mulmod(${wi}, zh, R)`}, inv${i}, R))`);
  }
  emit("}");
  emit("");
  emit("// Scalars of the right-hand side B1 (see the header), one block each.");
  emit(`let pi := 0 // PI(xi) = -sum L_i·public_i`);
  for (let i = 0; i < nPub; i++) emit(`pi := addmod(pi, sub(R, mulmod(mload(${lag(i)}), ${cd(PUB + 32 * i)}, R)), R)`);
  emit(`let l1a2 := mulmod(mload(${lag(0)}), mulmod(${ld("alpha")}, ${ld("alpha")}, R), R) // α²·L1(xi)`);
  emit("// (a + β·s1 + γ)(b + β·s2 + γ), shared by r0 and the S3 scalar");
  emit(`let sigmaAB := ${mul(add(add(cd(E.a), mul(ld("beta"), cd(E.s1))), ld("gamma")), add(add(cd(E.b), mul(ld("beta"), cd(E.s2))), ld("gamma")))}`);
  emit(`let e := ${add(add(neg(mul(mul(mul(ld("alpha"), cd(E.zw)), "sigmaAB"), add(cd(E.c), ld("gamma")))), neg("l1a2")), "pi")}`);
  emit("e := sub(R, e) // e = -r0 + ...: here -r0, r0 = PI - α²L1 - α·zw·σAB·(c+γ)");
  emit("{");
  emit(`    let v := ${ld("v1")}`);
  emit(`    let vk := v`);
  emit(`    e := addmod(e, mulmod(${cd(E.a)}, vk, R), R)`);
  emit("    vk := mulmod(vk, v, R)");
  emit(`    e := addmod(e, mulmod(${cd(E.b)}, vk, R), R)`);
  emit("    vk := mulmod(vk, v, R)");
  emit(`    e := addmod(e, mulmod(${cd(E.c)}, vk, R), R)`);
  emit("    vk := mulmod(vk, v, R)");
  emit(`    e := addmod(e, mulmod(${cd(E.s1)}, vk, R), R)`);
  emit("    vk := mulmod(vk, v, R)");
  emit(`    e := addmod(e, mulmod(${cd(E.s2)}, vk, R), R)`);
  emit(`    e := addmod(e, mulmod(${cd(E.zw)}, ${ld("u")}, R), R)`);
  emit("}");
  emit("");
  emit(`// B1, accumulated at ${ACC}: each term is ecMul(point, scalar) at ${TMP}, then ecAdd into it.`);
  emit(`mstore(${ACC}, QCX)`);
  emit(`mstore(${ACC + 32}, QCY)`);
  const termConst = (k: string, s: string) => {
    emit(`mstore(${TMP}, ${k}X)`);
    emit(`mstore(${TMP + 32}, ${k}Y)`);
    termTail(s);
  };
  const termProof = (off: number, s: string) => {
    emit(`calldatacopy(${TMP}, ${off}, 64)`);
    termTail(s);
  };
  const termTail = (s: string) => {
    emit(`mstore(${SCALAR}, ${s})`);
    emit(`if iszero(staticcall(gas(), 7, ${TMP}, 96, ${TMP}, 64)) { fail() }`);
    emit(`if iszero(staticcall(gas(), 6, ${ACC}, 128, ${ACC}, 64)) { fail() }`);
  };
  emit("// selectors: Qm·ab + Ql·a + Qr·b + Qo·c");
  termConst("QM", mul(cd(E.a), cd(E.b)));
  termConst("QL", cd(E.a));
  termConst("QR", cd(E.b));
  termConst("QO", cd(E.c));
  emit("// the permutation: Z·zs - S3·s3");
  emit("{");
  const zsPerm = mul(mul(add(add(cd(E.a), "bx"), "g"), add(add(cd(E.b), mul("bx", vk.k1)), "g")), add(add(cd(E.c), mul("bx", vk.k2)), "g"));
  emit(`    let bx := mulmod(${ld("beta")}, ${ld("xi")}, R)`);
  emit(`    let g := ${ld("gamma")}`);
  emit(`    let zs := addmod(addmod(mulmod(${ld("alpha")}, ${zsPerm}, R), l1a2, R), ${ld("u")}, R)`);
  L.push(...captureTerm(() => termProof(P.Z, "zs")));
  emit("}");
  termConst("S3", neg(mul(mul(mul(ld("alpha"), ld("beta")), cd(E.zw)), "sigmaAB")));
  emit("// the quotient: -zh·(T1 + xi^n·T2 + xi^2n·T3)");
  termProof(P.T1, neg(ld("zh")));
  termProof(P.T2, neg(mul(ld("zh"), ld("xin"))));
  termProof(P.T3, neg(mul(mul(ld("zh"), ld("xin")), ld("xin"))));
  emit("// the batched openings at xi: v·A + v²·B + v³·C + v⁴·S1 + v⁵·S2, and -e·G1");
  emit("{");
  emit(`    let v := ${ld("v1")}`);
  emit("    let vk := v");
  L.push(...captureTerm(() => termProof(P.A, "vk")));
  emit("    vk := mulmod(vk, v, R)");
  L.push(...captureTerm(() => termProof(P.B, "vk")));
  emit("    vk := mulmod(vk, v, R)");
  L.push(...captureTerm(() => termProof(P.C, "vk")));
  emit("    vk := mulmod(vk, v, R)");
  L.push(...captureTerm(() => termConst("S1", "vk")));
  emit("    vk := mulmod(vk, v, R)");
  L.push(...captureTerm(() => termConst("S2", "vk")));
  emit("}");
  termConst("G1", "sub(R, e)");
  emit("// the opening proofs: xi·Wxi + u·xi·w·Wxiw");
  termProof(P.WXI, ld("xi"));
  termProof(P.WXIW, mul(mul(ld("u"), ld("xi")), omega.toString()));
  emit("");
  emit("// A1 = Wxi + u·Wxiw at 0 (scratch at 64), negated; then [x]_2 and [1]_2 (imaginary part first).");
  emit(`calldatacopy(64, ${P.WXIW}, 64)`);
  emit(`mstore(128, ${ld("u")})`);
  emit("if iszero(staticcall(gas(), 7, 64, 96, 64, 64)) { fail() }");
  emit(`calldatacopy(0, ${P.WXI}, 64)`);
  emit("if iszero(staticcall(gas(), 6, 0, 128, 0, 64)) { fail() }");
  emit("mstore(32, mod(sub(QF, mload(32)), QF))");
  emit("mstore(64, X2X2)");
  emit("mstore(96, X2X1)");
  emit("mstore(128, X2Y2)");
  emit("mstore(160, X2Y1)");
  emit("mstore(256, G2X2)");
  emit("mstore(288, G2X1)");
  emit("mstore(320, G2Y2)");
  emit("mstore(352, G2Y1)");
  emit("if iszero(staticcall(gas(), 8, 0, 384, 0, 32)) { fail() }");
  emit("return(0, 32)");

  // Indent the lines that went into a `{ }` block by one level.
  function captureTerm(f: () => void): string[] {
    const start = L.length;
    f();
    return L.splice(start).map((l) => `    ${l}`);
  }

  const consts = [
    g1Constants("QM", vk.Qm), g1Constants("QL", vk.Ql), g1Constants("QR", vk.Qr), g1Constants("QO", vk.Qo),
    g1Constants("QC", vk.Qc), g1Constants("S1", vk.S1), g1Constants("S2", vk.S2), g1Constants("S3", vk.S3),
  ].join("\n");
  return `// SPDX-License-Identifier: GPL-3.0
// GENERATED by wrapper/solidity/plonk-verifier.ts from a snarkjs PLONK zkey. Do not edit;
// regenerate. The comments of that file say what it checks and why it is laid out so.
pragma solidity ^0.8.28;

/// @title PLONK verifier (BN254, snarkjs proof format), ${nPub} public signal(s), domain 2^${power}.
contract ${contractName} {
    /// BN254 scalar field modulus r and base field modulus q.
    uint256 constant R = ${R};
    uint256 constant QF = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    uint256 constant G1X = 1;
    uint256 constant G1Y = 2;
    uint256 constant G2X1 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant G2X2 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant G2Y1 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant G2Y2 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    // The verification key.
${consts}
    uint256 constant X2X1 = ${vk.X_2[0][0]};
    uint256 constant X2X2 = ${vk.X_2[0][1]};
    uint256 constant X2Y1 = ${vk.X_2[1][0]};
    uint256 constant X2Y2 = ${vk.X_2[1][1]};

    function verifyProof(uint256[24] calldata, uint256[${nPub}] calldata) external view returns (bool) {
        assembly {
${L.join("\n")}
        }
    }
}
`;
}
