// SPDX-License-Identifier: GPL-3.0
//
// Independent checks of a prepared .ptau's points, with pairings and multi-scalar sums
// (ffjavascript's bn128, single-threaded). Any ptau can be checked, not only ours.
//
// Powers (sections 2-5), with τG1 = tauG1[1] and τG2 = tauG2[1]:
//   tauG1[0] = G1, tauG2[0] = G2, e(τG1, G2) = e(G1, τG2), e(βG1, G2) = e(G1, βG2);
//   for random r: e(Σ r_i P_i, τG2) = e(Σ r_i P_(i+1), G2) for each G1 section, and the
//   mirror for tauG2 (catches any corrupted point with probability 1 − 2^−64);
//   the same ratio on `samples` random single indices (the textbook pairing check).
// Lagrange (sections 12-15; k = 1, 1, α, β; P = the matching powers section):
//   per block m = 2^p: Σ_i L_i = k·G, and Σ_i ω^(ij)·L_i = k·τ^j·G = P_j for j = 1 and a
//   random j < m (Σ_i ω^(ij)·L_i(x) = x^j for j < m; section 12's last block lacks the
//   τ^(m−1) term, so there j ≤ m − 2). Any single wrong point changes every such sum.
//   On `samples` random (block, i): e(L_i, τG2 − ω^i·G2) = e(ω^i/m·(P_m − P_0), G2),
//   from L_i(τ)·(τ − ω^i) = ω^i·(τ^m − 1)/m, where P_m is in the file.
import crypto from "node:crypto";
import fs from "node:fs";
import { mainCurve } from "./kernel.ts";
import { FR, frInv, frMul, frPow } from "./lagrange.ts";
import { bigToLE, pointSections, readPtauInfo, type PtauInfo } from "./ptau-format.ts";

export type PtauCheckResult = { ok: boolean; power: number; checks: number; failures: string[] };

export type PtauCheckOptions = { samples?: number; onProgress?: (what: string) => void };

/** Runs every check; never throws for bad points, only for an unreadable file. */
export async function checkPtau(path: string, opts: PtauCheckOptions = {}): Promise<PtauCheckResult> {
  const info = readPtauInfo(path);
  if (!info.prepared) throw new Error(`${path}: no Lagrange sections 12-15 (not prepared for phase 2)`);
  const { curve } = await mainCurve();
  const { G1, G2 } = curve;
  const samples = opts.samples ?? 8;
  const failures: string[] = [];
  let checks = 0;
  const expect = (ok: boolean, what: string) => {
    checks++;
    if (!ok) failures.push(what);
  };
  const fd = fs.openSync(path, "r");
  try {
    const raw = (id: number, start: number, count: number): Uint8Array => {
      const spec = pointSections(info.power).find((s) => s.id === id)!;
      const b = new Uint8Array(count * spec.pointBytes);
      fs.readSync(fd, b, 0, b.length, info.sections.get(id)!.offset + start * spec.pointBytes);
      return b;
    };
    const pt = (id: number, i: number) => (id === 3 || id === 6 || id === 13 ? G2 : G1).fromRprLEM(raw(id, i, 1), 0);
    const sameRatio = (a1: any, a2: any, b1: any, b2: any) => curve.pairingEq(a1, b2, G1.neg(a2), b1); // e(a1,b2)=e(a2,b1)
    const tauG1 = pt(2, 1), tauG2 = pt(3, 1), betaG1 = pt(5, 0);

    opts.onProgress?.("generators");
    expect(G1.eq(pt(2, 0), G1.g), "tauG1[0] is not the G1 generator");
    expect(G2.eq(pt(3, 0), G2.g), "tauG2[0] is not the G2 generator");
    expect(await sameRatio(G1.g, tauG1, G2.g, tauG2), "τ·G1 and τ·G2 disagree");
    expect(await sameRatio(G1.g, betaG1, G2.g, pt(6, 0)), "β·G1 and β·G2 disagree");

    for (const s of pointSections(info.power).filter((s) => s.id >= 2 && s.id <= 5)) {
      opts.onProgress?.("powers " + s.name);
      const G = s.id === 3 ? G2 : G1;
      const all = raw(s.id, 0, s.points);
      const r = crypto.randomBytes(8 * (s.points - 1));
      const R1 = await G.multiExpAffine(all.subarray(0, all.length - s.pointBytes), r);
      const R2 = await G.multiExpAffine(all.subarray(s.pointBytes), r);
      const ok = s.id === 3 ? await sameRatio(G1.g, tauG1, R1, R2) : await sameRatio(R1, R2, G2.g, tauG2);
      expect(ok, `${s.name}: points are not successive powers (random combination)`);
      for (let t = 0; t < samples; t++) {
        const i = 1 + crypto.randomInt(s.points - 1);
        const a = pt(s.id, i - 1), b = pt(s.id, i);
        const okI = s.id === 3 ? await sameRatio(G1.g, tauG1, a, b) : await sameRatio(a, b, G2.g, tauG2);
        expect(okI, `${s.name}[${i}] is not τ times ${s.name}[${i - 1}]`);
      }
    }

    const omegas = Array.from({ length: info.power + 2 }, (_, p) => BigInt(curve.Fr.toObject(curve.Fr.w[p])));
    const lag: Array<[number, number]> = [[12, 2], [13, 3], [14, 4], [15, 5]];
    for (const [id, pid] of lag) {
      const spec = pointSections(info.power).find((s) => s.id === id)!;
      const G = id === 13 ? G2 : G1;
      const powers = pointSections(info.power).find((s) => s.id === pid)!.points;
      const lastP = id === 12 ? info.power + 1 : info.power;
      opts.onProgress?.(spec.name);
      let start = 0;
      for (let p = 0; p <= lastP; p++) {
        const m = 2 ** p;
        const block = raw(id, start, m);
        start += m;
        const sum = await G.multiExpAffine(block, new Uint8Array(m).fill(1));
        expect(G.eq(sum, pt(pid, 0)), `${spec.name} block 2^${p}: Σ L_i ≠ ${pid === 3 ? "G2" : "k·G1"}`);
        const maxJ = p === info.power + 1 ? m - 2 : m - 1;
        for (const j of maxJ >= 1 ? new Set([1, 1 + crypto.randomInt(maxJ)]) : []) {
          const scalars = new Uint8Array(32 * m);
          const wj = frPow(omegas[p], BigInt(j));
          for (let i = 0, x = 1n; i < m; i++, x = frMul(x, wj)) scalars.set(bigToLE(x, 32), 32 * i);
          const got = await G.multiExpAffine(block, scalars);
          expect(G.eq(got, pt(pid, j)), `${spec.name} block 2^${p}: Σ ω^(ij)·L_i ≠ τ^${j}·k·G for j = ${j}`);
        }
      }
      for (let t = 0; t < samples; t++) {
        const p = crypto.randomInt(info.power + 1); // blocks whose τ^m point is in the file
        const m = 2 ** p;
        if (m >= powers) continue;
        const i = crypto.randomInt(m);
        const wi = frPow(omegas[p], BigInt(i));
        const c = curve.Fr.e(frMul(wi, frInv(BigInt(m))).toString());
        const L = G.fromRprLEM(raw(id, m - 1 + i, 1), 0); // block 2^p starts at index 2^p − 1
        const rhs = G.timesFr(G.sub(pt(pid, m), pt(pid, 0)), c);
        const wiNeg = curve.Fr.e(((FR - wi) % FR).toString());
        const ok = id === 13
          ? await sameRatio(G1.add(tauG1, G1.timesFr(G1.g, wiNeg)), G1.g, rhs, L)
          : await sameRatio(L, rhs, G2.g, G2.add(tauG2, G2.timesFr(G2.g, wiNeg)));
        expect(ok, `${spec.name} block 2^${p} point ${i}: L_i·(τ − ω^i) ≠ ω^i(τ^m − 1)/m`);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { ok: failures.length === 0, power: info.power, checks, failures };
}

export type { PtauInfo };
