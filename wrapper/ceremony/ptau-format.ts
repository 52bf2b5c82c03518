// SPDX-License-Identifier: GPL-3.0
//
// The .ptau binary format (snarkjs / iden3 "binfile"), as `snarkjs plonk setup` reads it.
//
// All integers little-endian. A file is
//     "ptau" | u32 version = 1 | u32 nSections | nSections × (u32 id | u64 size | size bytes)
// Points are affine, x then y; each base-field element 32 bytes little-endian in
// Montgomery form (x·2^256 mod q); G2 coordinates are Fq2 = (c0, c1), so a G1 point is 64
// bytes and a G2 point 128 bytes; all-zero bytes encode the point at infinity.
// With n = 2^power, a *prepared* (phase-2 ready) file holds, in this order:
//
//   1  header         u32 n8 = 32 | q (32 bytes) | u32 power | u32 ceremonyPower
//   2  tauG1          τ^i·G1, i < 2n − 1
//   3  tauG2          τ^i·G2, i < n
//   4  alphaTauG1     α·τ^i·G1, i < n
//   5  betaTauG1      β·τ^i·G1, i < n
//   6  betaG2         β·G2
//   7  contributions  u32 count, then per contribution: τG1, τG2, αG1, βG1, βG2 (points),
//                     the public key (τ, α, β each: g1_s, g1_sx; then the three g2_spx),
//                     216-byte saved BLAKE2b state (`partialHash`), 64-byte next
//                     challenge hash, u32 type (0 contribution, 1 beacon), u32 byte length
//                     of a parameter list: [1, len, name] [2, numIterationsExp]
//                     [3, len, beaconHash] (sorted by tag).
//  12  lagrange τG1    for p = 0 … power+1: L_i^(2^p)(τ)·G1, i < 2^p  (4n − 1 points)
//  13  lagrange τG2    for p = 0 … power:   L_i^(2^p)(τ)·G2           (2n − 1 points)
//  14  lagrange ατG1   for p = 0 … power:   α·L_i^(2^p)(τ)·G1         (2n − 1 points)
//  15  lagrange βτG1   for p = 0 … power:   β·L_i^(2^p)(τ)·G1         (2n − 1 points)
//
// Section 12's last block (p = power+1) is the inverse FFT of τ^j·G1 with the missing
// τ^(2n−1)·G1 taken as zero (see lagrange.ts). Sections 12-15 are what `powersoftau
// prepare phase2` adds; a file without them cannot be used for `plonk setup`.
//
// partialHash: snarkjs saves a BLAKE2b-512 state as the 128-byte block buffer, then u32
// words v0l v0h … v7l v7h, (length − pos), 0, pos, 0, and two zero words (216 bytes).
import fs from "node:fs";

/** The BN254 base field modulus q. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

export const G1_BYTES = 64;
export const G2_BYTES = 128;

export type SectionSpec = { id: number; name: string; points: number; pointBytes: number };

/** The point sections of a prepared ptau of this power, in file order. */
export function pointSections(power: number): SectionSpec[] {
  const n = 2 ** power;
  return [
    { id: 2, name: "tauG1", points: 2 * n - 1, pointBytes: G1_BYTES },
    { id: 3, name: "tauG2", points: n, pointBytes: G2_BYTES },
    { id: 4, name: "alphaTauG1", points: n, pointBytes: G1_BYTES },
    { id: 5, name: "betaTauG1", points: n, pointBytes: G1_BYTES },
    { id: 6, name: "betaG2", points: 1, pointBytes: G2_BYTES },
    { id: 12, name: "lagrange tauG1", points: 4 * n - 1, pointBytes: G1_BYTES },
    { id: 13, name: "lagrange tauG2", points: 2 * n - 1, pointBytes: G2_BYTES },
    { id: 14, name: "lagrange alphaTauG1", points: 2 * n - 1, pointBytes: G1_BYTES },
    { id: 15, name: "lagrange betaTauG1", points: 2 * n - 1, pointBytes: G1_BYTES },
  ];
}

export const HEADER_BYTES = 44; // section 1's data

/** The file preamble and section 1 (the header). */
export function encodeHeader(power: number, nSections: number, ceremonyPower = power): Uint8Array {
  const b = new Uint8Array(12 + 12 + HEADER_BYTES);
  const v = new DataView(b.buffer);
  b.set([0x70, 0x74, 0x61, 0x75]); // "ptau"
  v.setUint32(4, 1, true);
  v.setUint32(8, nSections, true);
  v.setUint32(12, 1, true);
  v.setBigUint64(16, BigInt(HEADER_BYTES), true);
  v.setUint32(24, 32, true);
  b.set(bigToLE(BN254_Q, 32), 28);
  v.setUint32(60, power, true);
  v.setUint32(64, ceremonyPower, true);
  return b;
}

/** A section's 12-byte id/size prefix. */
export function encodeSectionHead(id: number, size: number): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, id, true);
  v.setBigUint64(4, BigInt(size), true);
  return b;
}

export type BeaconContribution = {
  /** LEM encodings of τG1, τG2, αG1, βG1, βG2. */
  tauG1: Uint8Array; tauG2: Uint8Array; alphaG1: Uint8Array; betaG1: Uint8Array; betaG2: Uint8Array;
  /** LEM public key: 6 G1 points then 3 G2 points (see the layout above). */
  pubKey: Uint8Array;
  partialHash: Uint8Array;
  nextChallenge: Uint8Array;
  name: string;
  numIterationsExp: number;
  beaconHash: Uint8Array;
};

/** Section 7's data for a file whose only contribution is a beacon. */
export function encodeContributions(c: BeaconContribution): Uint8Array {
  const name = new TextEncoder().encode(c.name.substring(0, 64));
  if (name.length > 255 || c.beaconHash.length > 255) throw new Error("ptau: name or beacon hash too long");
  const params = [1, name.length, ...name, 2, c.numIterationsExp, 3, c.beaconHash.length, ...c.beaconHash];
  const parts: Uint8Array[] = [
    u32(1), c.tauG1, c.tauG2, c.alphaG1, c.betaG1, c.betaG2, c.pubKey,
    c.partialHash, c.nextChallenge, u32(1), u32(params.length), Uint8Array.from(params),
  ];
  return concat(parts);
}

/** Saves a @noble/hashes BLAKE2b state in snarkjs's 216-byte partialHash layout. */
export function savePartialHash(h: any): Uint8Array {
  const out = new Uint8Array(216);
  out.set(h.buffer, 0);
  const w = new Uint32Array(out.buffer, 128, 22);
  const names = ["v0l", "v0h", "v1l", "v1h", "v2l", "v2h", "v3l", "v3h",
    "v4l", "v4h", "v5l", "v5h", "v6l", "v6h", "v7l", "v7h"];
  names.forEach((k, i) => {
    if (typeof h[k] !== "number") throw new Error("ptau: unexpected BLAKE2b object (no " + k + ")");
    w[i] = h[k] >>> 0;
  });
  w[16] = h.length - h.pos;
  w[18] = h.pos;
  return out;
}

export type PtauInfo = {
  path: string;
  power: number;
  ceremonyPower: number;
  /** Byte offset and size of each section's data. */
  sections: Map<number, { offset: number; size: number }>;
  /** Has sections 12-15, so `plonk setup` can use it. */
  prepared: boolean;
};

/**
 * Reads and checks a .ptau's structure (not its points): magic, version, curve, power,
 * and that every point section has exactly the size its power implies.
 */
export function readPtauInfo(path: string): PtauInfo {
  const fd = fs.openSync(path, "r");
  try {
    const fileSize = fs.fstatSync(fd).size;
    const read = (pos: number, len: number): Uint8Array => {
      if (pos + len > fileSize) throw new Error(`${path}: truncated at byte ${pos} (file has ${fileSize})`);
      const b = new Uint8Array(len);
      fs.readSync(fd, b, 0, len, pos);
      return b;
    };
    const pre = new DataView(read(0, 12).buffer);
    const magic = String.fromCharCode(...new Uint8Array(pre.buffer, 0, 4));
    if (magic !== "ptau") throw new Error(`${path}: not a .ptau file (magic '${magic}')`);
    if (pre.getUint32(4, true) !== 1) throw new Error(`${path}: unsupported ptau version ${pre.getUint32(4, true)}`);
    const sections = new Map<number, { offset: number; size: number }>();
    let pos = 12;
    for (let i = 0, n = pre.getUint32(8, true); i < n; i++) {
      const h = new DataView(read(pos, 12).buffer);
      const id = h.getUint32(0, true);
      const size = Number(h.getBigUint64(4, true));
      if (sections.has(id)) throw new Error(`${path}: section ${id} appears twice`);
      if (pos + 12 + size > fileSize) {
        throw new Error(`${path}: corrupt section table at byte ${pos}: section ${id} of ${size} bytes runs past the end of the file (${fileSize} bytes)`);
      }
      sections.set(id, { offset: pos + 12, size });
      pos += 12 + size;
    }
    const hs = sections.get(1);
    if (!hs || hs.size !== HEADER_BYTES) throw new Error(`${path}: missing or malformed header section`);
    const hv = new DataView(read(hs.offset, HEADER_BYTES).buffer);
    if (hv.getUint32(0, true) !== 32 || leToBig(new Uint8Array(hv.buffer, 4, 32)) !== BN254_Q) {
      throw new Error(`${path}: not a BN254 (bn128) ptau`);
    }
    const power = hv.getUint32(36, true);
    const ceremonyPower = hv.getUint32(40, true);
    if (power < 1 || power > 28 || ceremonyPower < power) {
      throw new Error(`${path}: invalid power ${power} (ceremony power ${ceremonyPower})`);
    }
    for (const s of pointSections(power)) {
      const got = sections.get(s.id);
      if (!got) {
        if (s.id >= 12) continue; // unprepared: reported through `prepared`
        throw new Error(`${path}: missing section ${s.id} (${s.name})`);
      }
      const want = s.points * s.pointBytes;
      if (got.size !== want) {
        throw new Error(`${path}: section ${s.id} (${s.name}) has ${got.size} bytes, expected ${want} for power ${power}`);
      }
    }
    if (!sections.has(7)) throw new Error(`${path}: missing section 7 (contributions)`);
    const prepared = [12, 13, 14, 15].every((id) => sections.has(id));
    return { path, power, ceremonyPower, sections, prepared };
  } finally {
    fs.closeSync(fd);
  }
}

export function bigToLE(v: bigint, bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++, v >>= 8n) b[i] = Number(v & 255n);
  return b;
}

export function leToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function u32(x: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, x, true);
  return b;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}
