// circomlib Poseidon, t = 3, on the wasm kernel against circomlibjs buildPoseidon() (and a
// plain BigInt implementation from circomlibjs's unoptimized constants), its bulk entry
// points, the packing, and a negative twin with one flipped round constant.
import { expect } from "chai";
import path from "node:path";
import { createRequire } from "node:module";
import { R_BN254, frPow5, frMul, frAdd, bigintToWords, wordsToBigint } from "../../prover/hash/bn254-field.ts";
import { createPoseidonBn254, poseidonBn254, packValues, hashRowBn254, CIRCOMLIB_T3 } from "../../prover/hash/poseidon-bn254.ts";
import { P } from "../../prover/field/babybear.ts";
import { randomFr } from "./bn254-random.ts";

// circomlibjs ships no types: import it through a variable specifier (typed as any).
const CIRCOMLIBJS = "circomlibjs";
type PoseidonRef = ((inputs: bigint[], init?: bigint, nOut?: number) => unknown) & { F: { toObject(x: unknown): bigint } };
const buildPoseidon = async (): Promise<PoseidonRef> => (await import(CIRCOMLIBJS)).buildPoseidon();


const require = createRequire(import.meta.url);
const circomlibjsDir = path.resolve(path.dirname(require.resolve("circomlibjs")), "..");


type Ref = PoseidonRef;

/** The textbook permutation (dense MDS in every round) from circomlibjs's poseidon_constants.js. */
async function plainPermutation(): Promise<(s: bigint[]) => bigint[]> {
  const { C, M } = (await import(path.join(circomlibjsDir, "src", "poseidon_constants.js"))).default;
  const c: bigint[] = C[1].map(BigInt);
  const m: bigint[][] = M[1].map((r: string[]) => r.map(BigInt));
  return (s0) => {
    let s = s0.slice();
    for (let r = 0; r < 8 + 57; r++) {
      s = s.map((x, i) => frAdd(x, c[3 * r + i]));
      s = s.map((x, i) => (r < 4 || r >= 4 + 57 || i === 0 ? frPow5(x) : x));
      s = s.map((_, i) => s.reduce((acc, x, j) => frAdd(acc, frMul(m[i][j], x)), 0n));
    }
    return s;
  };
}

const toWords = (xs: bigint[]) => {
  const out = new Uint32Array(8 * xs.length);
  xs.forEach((x, i) => bigintToWords(x, out, 8 * i));
  return out;
};
const fromWords = (w: Uint32Array) => Array.from({ length: w.length / 8 }, (_, i) => wordsToBigint(w, 8 * i));

describe("Poseidon-BN254 (circomlib, t = 3)", () => {
  let ref: Ref;
  const k = poseidonBn254();
  before(async () => {
    ref = (await buildPoseidon()) as Ref;
  });
  const refEx = (s: bigint[]) => (ref([s[1], s[2]], s[0], 3) as unknown[]).map((x) => ref.F.toObject(x));

  it("Poseidon([1, 2]) is the known circomlib vector", () => {
    const h = k.hash2(bigintToWords(1n), bigintToWords(2n));
    expect(wordsToBigint(h)).to.equal(7853200120776062878684798364095072458815029376092732009249414926327459813530n);
  });

  it("the permutation equals circomlibjs PoseidonEx(2, 3) on 300 random states", () => {
    const xs = randomFr(900, 11);
    for (let i = 0; i < 300; i++) {
      const s = xs.slice(3 * i, 3 * i + 3);
      const w = toWords(s);
      k.permute(w);
      expect(fromWords(w), `state ${i}`).to.deep.equal(refEx(s));
    }
  });

  it("the optimized form equals the plain (dense-matrix) definition", async () => {
    const plain = await plainPermutation();
    for (const s of [[0n, 1n, 2n], randomFr(3, 5), [R_BN254 - 1n, R_BN254 - 1n, R_BN254 - 1n]]) {
      const w = toWords(s);
      k.permute(w);
      expect(fromWords(w)).to.deep.equal(plain(s));
    }
  });

  it("hash2Many equals circomlibjs Poseidon(2) pair by pair", () => {
    const xs = randomFr(2 * 150, 3);
    const out = new Uint32Array(8 * 150);
    k.hash2Many(toWords(xs), 150, out);
    const got = fromWords(out);
    for (let i = 0; i < 150; i++) expect(got[i]).to.equal(ref.F.toObject(ref([xs[2 * i], xs[2 * i + 1]])));
  });

  it("spongeMany chains PoseidonEx(2, 1) with the chain value as initial state, for every length 0..7", () => {
    for (let n = 0; n <= 7; n++) {
      const count = 5;
      const xs = randomFr(n * count, 100 + n);
      const out = new Uint32Array(8 * count);
      k.spongeMany(toWords(xs), n, count, out);
      const got = fromWords(out);
      for (let i = 0; i < count; i++) {
        const e = xs.slice(n * i, n * i + n);
        let c = 0n;
        for (let j = 0; j < n; j += 2) c = ref.F.toObject(ref([e[j], e[j + 1] ?? 0n], c, 1));
        expect(got[i], `n=${n} item ${i}`).to.equal(c);
      }
    }
  });

  it("packs 8 BabyBear values per element at bit offsets 31·j", () => {
    const vals = Array.from({ length: 19 }, (_, i) => (i * 104729 + 7) % P);
    vals[3] = P - 1;
    const out = new Uint32Array(8 * 3);
    packValues(vals, 0, vals.length, out);
    const got = fromWords(out);
    for (let g = 0; g < 3; g++) {
      let e = 0n;
      for (let j = 0; j < 8 && 8 * g + j < vals.length; j++) e += BigInt(vals[8 * g + j]) << BigInt(31 * j);
      expect(got[g]).to.equal(e);
    }
  });

  it("a row of at most 16 values hashes to Poseidon(2) of its two packed elements", () => {
    const vals = Array.from({ length: 16 }, (_, i) => (P - 1 - i * 999331) % P);
    const e = [0, 1].map((g) => vals.slice(8 * g, 8 * g + 8).reduce((acc, v, j) => acc + (BigInt(v) << BigInt(31 * j)), 0n));
    expect(wordsToBigint(hashRowBn254(vals))).to.equal(ref.F.toObject(ref(e)));
  });

  it("negative twin: one flipped round constant changes the output", () => {
    const C = CIRCOMLIB_T3.C.slice();
    C[40] = "0x" + (BigInt(C[40]) ^ 1n).toString(16);
    const bad = createPoseidonBn254({ ...CIRCOMLIB_T3, C });
    const h = bad.hash2(bigintToWords(1n), bigintToWords(2n));
    expect(wordsToBigint(h)).to.not.equal(7853200120776062878684798364095072458815029376092732009249414926327459813530n);
    const S = CIRCOMLIB_T3.S.slice();
    S[100] = "0x" + (BigInt(S[100]) + 1n).toString(16);
    const bad2 = createPoseidonBn254({ ...CIRCOMLIB_T3, S });
    expect(wordsToBigint(bad2.hash2(bigintToWords(1n), bigintToWords(2n)))).to.not.equal(wordsToBigint(k.hash2(bigintToWords(1n), bigintToWords(2n))));
  });
});
