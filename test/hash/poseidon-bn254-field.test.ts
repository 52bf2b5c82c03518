// BN254 scalar-field kernel (prover/wasm/bn254.wat) against the BigInt reference, the
// generated .wat/.wasm up to date, and the Poseidon t=3 constants equal to circomlibjs's.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { R_BN254, frMul, frAdd, bigintToWords, wordsToBigint, isCanonicalWords } from "../../prover/hash/bn254-field.ts";
import { createPoseidonBn254 } from "../../prover/hash/poseidon-bn254.ts";
import { bn254Wat, WAT_PATH, LAYOUT } from "../../prover/hash/bn254-wat.ts";
import * as K from "../../prover/hash/poseidon-bn254-constants.ts";
import { assembleWat } from "../../prover/wasm/assemble.ts";
import { randomFr } from "./bn254-random.ts";

const require = createRequire(import.meta.url);
const circomlibjsDir = path.resolve(path.dirname(require.resolve("circomlibjs")), "..");


describe("BN254 field kernel (29-bit limbs, Montgomery R = 2^261)", () => {
  const k = createPoseidonBn254();
  const ex = k.exports;
  const EL = LAYOUT.el;
  const W = LAYOUT.bulk; // words scratch
  const A = W + 1024; // Montgomery slots, EL apart
  k.scratch(4096);
  const put = (slot: number, x: bigint) => {
    new Uint32Array(ex.memory.buffer, W, 8).set(bigintToWords(x));
    ex.fr_from_words(A + slot * EL, W);
  };
  const get = (slot: number) => {
    ex.fr_to_words(W, A + slot * EL);
    return wordsToBigint(new Uint32Array(ex.memory.buffer, W, 8));
  };
  const xs = randomFr(300, 7);

  it("round-trips words through Montgomery form", () => {
    for (const x of xs) {
      put(0, x);
      expect(get(0)).to.equal(x);
    }
  });

  it("mul, sqr, addr and dot3 agree with BigInt", () => {
    for (let i = 0; i + 5 < xs.length; i++) {
      const [a, b, c, d, e, f] = xs.slice(i, i + 6);
      [a, b, c, d, e, f].forEach((x, s) => put(s, x));
      ex.fr_mul(A + 6 * EL, A, A + EL);
      expect(get(6)).to.equal(frMul(a, b));
      ex.fr_sqr(A + 6 * EL, A + 2 * EL);
      expect(get(6)).to.equal(frMul(c, c));
      ex.fr_addr(A + 6 * EL, A + 3 * EL, A + 4 * EL);
      expect(get(6)).to.equal(frAdd(d, e));
      ex.fr_dot3(A + 6 * EL, A, A + EL, A + 2 * EL, A + 3 * EL, A + 4 * EL, A + 5 * EL);
      expect(get(6)).to.equal((a * b + c * d + e * f) % R_BN254);
    }
  });

  it("stays exact over long chains of lazily reduced values (no canonicalisation between steps)", () => {
    put(0, R_BN254 - 1n);
    put(1, xs[20]);
    let ref = R_BN254 - 1n;
    for (let i = 0; i < 2000; i++) {
      ex.fr_mul(A, A, A + EL);
      ex.fr_sqr(A + 2 * EL, A);
      ex.fr_addr(A, A, A + 2 * EL);
      ref = frAdd(frMul(ref, xs[20]), frMul(frMul(ref, xs[20]), frMul(ref, xs[20])));
    }
    expect(get(0)).to.equal(ref);
  });

  it("checks canonical words without BigInt", () => {
    expect(isCanonicalWords(bigintToWords(R_BN254 - 1n))).to.equal(true);
    expect(isCanonicalWords(bigintToWords(R_BN254))).to.equal(false);
    expect(isCanonicalWords(bigintToWords(R_BN254 + 5n))).to.equal(false);
    expect(isCanonicalWords(bigintToWords(0n))).to.equal(true);
    expect(isCanonicalWords(bigintToWords((1n << 256n) - 1n))).to.equal(false);
  });
});

describe("Poseidon-BN254 constants and generated kernel", () => {
  it("the t = 3 constants equal circomlibjs's poseidon_constants_opt.js", async () => {
    const opt = (await import(path.join(circomlibjsDir, "src", "poseidon_constants_opt.js"))).default;
    expect(K.C).to.deep.equal(opt.C[1]);
    expect(K.S).to.deep.equal(opt.S[1]);
    expect(K.M).to.deep.equal(opt.M[1]);
    expect(K.PM).to.deep.equal(opt.P[1]);
    expect(K.C.length).to.equal(K.T * K.ROUNDS_F + K.ROUNDS_P);
    expect(K.S.length).to.equal((2 * K.T - 1) * K.ROUNDS_P);
  });

  it("the committed bn254.wat is the generator's output and bn254.wasm is assembled from it", async () => {
    expect(fs.readFileSync(WAT_PATH, "utf8") === bn254Wat(), "run npx node prover/hash/bn254-wat.ts").to.equal(true);
    const wasm = fs.readFileSync(WAT_PATH.replace(/\.wat$/, ".wasm"));
    expect(Buffer.compare(await assembleWat(WAT_PATH), wasm), "run npx node scripts/build-wasm.ts").to.equal(0);
  });
});
