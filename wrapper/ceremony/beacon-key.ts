// SPDX-License-Identifier: GPL-3.0
//
// The development ceremony's secret, derived from a public seed by snarkjs's *beacon*
// rule, so that the file we write is, byte for byte, what
//
//     snarkjs powersoftau new bn128 <power> a.ptau
//     snarkjs powersoftau beacon a.ptau b.ptau "<name>" <sha256(seed)> <numIterationsExp>
//     snarkjs powersoftau prepare phase2 b.ptau final.ptau
//
// would write, only much faster, and so that `snarkjs powersoftau verify` accepts it:
// a beacon contribution is checked by recomputing its key from the beacon hash.
// INSECURE by construction: anyone who knows the seed knows τ, α and β and can forge
// proofs for any circuit set up with this file.
//
// The beacon rule (snarkjs 0.7): h = beaconHash, then h = sha256(h) 2^numIterationsExp
// times; the eight big-endian u32 words of h seed a ChaCha stream (ffjavascript's
// ChaCha). From it, in order: τ, α, β (Fr.fromRng), then for each of τ, α, β (tags
// 0, 1, 2): s·G1 = G1.fromRng, its multiple by the secret, and the proof-of-knowledge
// point sp·G2 = hashToG2(blake2b(tag ‖ challenge ‖ U(s·G1) ‖ U(s·x·G1))) times the secret.
// hashToG2(h) seeds another ChaCha with h's first eight big-endian words and takes
// G2.fromRng. The challenge is the "first challenge hash" of an empty accumulator.
import crypto from "node:crypto";
import { ChaCha } from "ffjavascript";
import { blake2b } from "@noble/hashes/blake2.js";
import { G1_BYTES, G2_BYTES } from "./ptau-format.ts";

export const DEFAULT_NUM_ITERATIONS_EXP = 10; // the smallest snarkjs accepts

export type BeaconKey = {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
  /** Public key, LEM (file) encoding: τ, α, β g1_s and g1_sx, then τ, α, β g2_spx. */
  pubKeyLEM: Uint8Array;
  /** The same points uncompressed (what the response hash covers). */
  pubKeyU: Uint8Array;
};

/** The dev ceremony's beacon hash: sha256 of the UTF-8 seed. */
export function seedToBeaconHash(seed: string): Uint8Array {
  return new Uint8Array(crypto.createHash("sha256").update(seed, "utf8").digest());
}

/** The ChaCha stream a beacon hash expands to. */
export function beaconRng(beaconHash: Uint8Array, numIterationsExp: number): any {
  if (!Number.isInteger(numIterationsExp) || numIterationsExp < 10 || numIterationsExp > 40) {
    throw new Error(`beacon: numIterationsExp must be in 10..40, got ${numIterationsExp}`);
  }
  let h: Uint8Array = beaconHash;
  for (let i = 0; i < 2 ** numIterationsExp; i++) h = crypto.createHash("sha256").update(h).digest();
  return new ChaCha(seedWords(h));
}

function seedWords(h: Uint8Array): number[] {
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  return Array.from({ length: 8 }, (_, i) => v.getUint32(i * 4, false));
}

/** τ, α, β of a beacon (they do not depend on the challenge). */
export function beaconSecrets(curve: any, beaconHash: Uint8Array, numIterationsExp: number): { tau: bigint; alpha: bigint; beta: bigint } {
  const rng = beaconRng(beaconHash, numIterationsExp);
  const [tau, alpha, beta] = [0, 1, 2].map(() => BigInt(curve.Fr.toObject(curve.Fr.fromRng(rng))));
  return { tau, alpha, beta };
}

/** The key a beacon contribution on top of `challenge` uses (curve: ffjavascript bn128). */
export function beaconKey(curve: any, challenge: Uint8Array, beaconHash: Uint8Array, numIterationsExp: number): BeaconKey {
  const rng = beaconRng(beaconHash, numIterationsExp);
  const { G1, G2, Fr } = curve;
  const secrets = [Fr.fromRng(rng), Fr.fromRng(rng), Fr.fromRng(rng)];
  const g1 = new Uint8Array(6 * G1_BYTES);
  const g2 = new Uint8Array(3 * G2_BYTES);
  const g1U = new Uint8Array(6 * G1_BYTES);
  const g2U = new Uint8Array(3 * G2_BYTES);
  secrets.forEach((x, tag) => {
    const s = G1.toAffine(G1.fromRng(rng));
    const sx = G1.toAffine(G1.timesFr(s, x));
    const h = blake2b.create({ dkLen: 64 });
    h.update(Uint8Array.of(tag)).update(challenge).update(G1.toUncompressed(s)).update(G1.toUncompressed(sx));
    const sp = G2.fromRng(new ChaCha(seedWords(h.digest())));
    const spx = G2.toAffine(G2.timesFr(G2.toAffine(sp), x));
    G1.toRprLEM(g1, 2 * tag * G1_BYTES, s);
    G1.toRprLEM(g1, (2 * tag + 1) * G1_BYTES, sx);
    G2.toRprLEM(g2, tag * G2_BYTES, spx);
    G1.toRprUncompressed(g1U, 2 * tag * G1_BYTES, s);
    G1.toRprUncompressed(g1U, (2 * tag + 1) * G1_BYTES, sx);
    G2.toRprUncompressed(g2U, tag * G2_BYTES, spx);
  });
  const [tau, alpha, beta] = secrets.map((x) => BigInt(Fr.toObject(x)));
  const join = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);
  return { tau, alpha, beta, pubKeyLEM: join(g1, g2), pubKeyU: join(g1U, g2U) };
}

/**
 * blake2b-512 of an empty accumulator of this power: blake2b("") then the uncompressed
 * generators, 2n−1 + n G1, n G2, n + n G1... in section order 2, 3, 4, 5, 6.
 */
export function firstChallengeHash(curve: any, power: number): Uint8Array {
  const n = 2 ** power;
  const h = crypto.createHash("blake2b512");
  h.update(crypto.createHash("blake2b512").digest());
  const g1 = curve.G1.toUncompressed(curve.G1.g) as Uint8Array;
  const g2 = curve.G2.toUncompressed(curve.G2.g) as Uint8Array;
  const repeat = (p: Uint8Array, count: number) => {
    const per = 1 << 14;
    const block = new Uint8Array(per * p.length);
    for (let i = 0; i < per; i++) block.set(p, i * p.length);
    for (let left = count; left > 0; left -= per) h.update(block.subarray(0, Math.min(left, per) * p.length));
  };
  repeat(g1, 2 * n - 1);
  repeat(g2, n);
  repeat(g1, n);
  repeat(g1, n);
  repeat(g2, 1);
  return new Uint8Array(h.digest());
}
