// SPDX-License-Identifier: GPL-3.0
// The INSECURE development powers of tau (wrapper/ceremony/): byte-for-byte agreement
// with snarkjs's own ceremony, snarkjs verify, our pairing checks, a PLONK proof made
// with it, and negative twins (corrupted points, wrong section sizes, unprepared files).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { expect } from "chai";
import * as snarkjs from "snarkjs";
import { cachedDevPtau, cachedPlonkZkey, devPtauPath, resolvePtau } from "../../wrapper/ceremony/cache.ts";
import { checkPtau } from "../../wrapper/ceremony/check.ts";
import { DEFAULT_NAME, writeDevPtau } from "../../wrapper/ceremony/dev-ptau.ts";
import { seedToBeaconHash } from "../../wrapper/ceremony/beacon-key.ts";
import { readPtauInfo } from "../../wrapper/ceremony/ptau-format.ts";

const POWER = 8;

const CIRCUIT = `pragma circom 2.0.0;
template Mul3() {
  signal input a; signal input b; signal input c;
  signal output d;
  signal ab;
  ab <== a * b;
  d <== ab * c;
}
component main {public [a]} = Mul3();
`;

/** A copy of `src` with point `index` of `section` overwritten by its neighbour. */
function corruptPoint(src: string, dst: string, section: number, index: number): void {
  const info = readPtauInfo(src);
  const size = section === 3 || section === 13 ? 128 : 64;
  const b = fs.readFileSync(src);
  const at = info.sections.get(section)!.offset + index * size;
  b.copy(b, at, at + size, at + 2 * size);
  fs.writeFileSync(dst, b);
}

/** snarkjs's verdict; it throws on some malformed inputs, which also counts as a rejection. */
async function snarkjsVerify(file: string): Promise<boolean> {
  try {
    return (await snarkjs.powersOfTau.verify(file)) === true;
  } catch {
    return false;
  }
}

describe("INSECURE dev powers of tau (wrapper/ceremony)", function () {
  this.timeout(300_000);
  let dir: string;
  let ptau: string;
  const savedCache = process.env.ZKVM_CACHE_DIR;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-ceremony-"));
    process.env.ZKVM_CACHE_DIR = path.join(dir, "cache");
    ptau = await cachedDevPtau({ power: POWER, log: () => {} });
  });

  after(async () => {
    await (globalThis as any).curve_bn128?.terminate();
    if (savedCache === undefined) delete process.env.ZKVM_CACHE_DIR;
    else process.env.ZKVM_CACHE_DIR = savedCache;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is byte-identical to snarkjs new + beacon + prepare phase2", async () => {
    const curve = await snarkjs.curves.getCurveFromName("bn128");
    const [p0, p1, p2] = ["new", "beacon", "prepared"].map((s) => path.join(dir, `snarkjs-${s}.ptau`));
    await snarkjs.powersOfTau.newAccumulator(curve, POWER, p0);
    const hash = Buffer.from(seedToBeaconHash("zkvm-kit insecure dev ptau")).toString("hex");
    await snarkjs.powersOfTau.beacon(p0, p1, DEFAULT_NAME, hash, 10);
    await snarkjs.powersOfTau.preparePhase2(p1, p2);
    expect(fs.readFileSync(ptau).equals(fs.readFileSync(p2))).to.equal(true);
  });

  it("does not depend on the number of threads", async () => {
    const one = path.join(dir, "one-thread.ptau");
    await writeDevPtau(one, { power: POWER, threads: 1 });
    expect(fs.readFileSync(one).equals(fs.readFileSync(ptau))).to.equal(true);
  });

  it("passes snarkjs powersoftau verify", async () => {
    expect(await snarkjsVerify(ptau)).to.equal(true);
  });

  it("passes the pairing and Lagrange checks", async () => {
    const r = await checkPtau(ptau, { samples: 4 });
    expect(r.failures).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect(r.checks).to.be.greaterThan(100);
  });

  it("is reused from the cache, keyed by power and seed", async () => {
    const before = fs.statSync(ptau).mtimeMs;
    expect(await cachedDevPtau({ power: POWER, log: () => {} })).to.equal(ptau);
    expect(fs.statSync(ptau).mtimeMs).to.equal(before);
    expect(devPtauPath({ power: POWER, seed: "other" })).to.not.equal(ptau);
    expect(devPtauPath({ power: POWER + 1 })).to.not.equal(ptau);
    expect(ptau.startsWith(path.join(dir, "cache", "ptau"))).to.equal(true);
  });

  it("sets up, proves and verifies a circom circuit with snarkjs PLONK", async () => {
    const src = path.join(dir, "mul3.circom");
    fs.writeFileSync(src, CIRCUIT);
    const circom2 = createRequire(import.meta.url).resolve("circom2/cli.js");
    execFileSync(process.execPath, [circom2, src, "--r1cs", "--wasm", "-o", dir], { stdio: ["ignore", "ignore", "inherit"] });
    const { path: chosen, insecure } = await resolvePtau({ minPower: POWER, log: () => {} });
    expect(chosen).to.equal(ptau);
    expect(insecure).to.equal(true);
    const lines: string[] = [];
    const zkey = await cachedPlonkZkey(path.join(dir, "mul3.r1cs"), ptau, (l) => lines.push(l));
    // progress: snarkjs's first line at once, then at most one per 30 s, and the end
    expect(lines[0]).to.match(/^plonk setup: mul3\.r1cs with /);
    expect(lines[1]).to.match(/^plonk setup \[\d+ s\]: Reading r1cs$/);
    expect(lines[lines.length - 1]).to.match(/^plonk setup: done in [\d.]+ s$/);
    const again: string[] = [];
    expect(await cachedPlonkZkey(path.join(dir, "mul3.r1cs"), ptau, (l) => again.push(l))).to.equal(zkey);
    expect(again, "a cached zkey is not set up again").to.deep.equal([]);
    const { proof, publicSignals } = await snarkjs.plonk.fullProve(
      { a: 3, b: 5, c: 7 }, path.join(dir, "mul3_js", "mul3.wasm"), zkey);
    expect(publicSignals).to.deep.equal(["105", "3"]);
    const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.plonk.verify(vkey, publicSignals, proof)).to.equal(true);
    expect(await snarkjs.plonk.verify(vkey, ["106", "3"], proof)).to.equal(false);
  });

  describe("negative twins", () => {
    it("a corrupted tau·G1 point fails the pairing check and snarkjs verify", async () => {
      const bad = path.join(dir, "bad-tau.ptau");
      corruptPoint(ptau, bad, 2, 77);
      const r = await checkPtau(bad, { samples: 0 });
      expect(r.ok).to.equal(false);
      expect(r.failures.join("\n")).to.match(/tauG1: points are not successive powers/);
      expect(await snarkjsVerify(bad)).to.equal(false);
    });

    it("a corrupted Lagrange point fails the Lagrange check and snarkjs verify", async () => {
      const bad = path.join(dir, "bad-lagrange.ptau");
      corruptPoint(ptau, bad, 13, 200); // tauG2 Lagrange, block 2^7
      const r = await checkPtau(bad, { samples: 0 });
      expect(r.ok).to.equal(false);
      expect(r.failures.join("\n")).to.match(/lagrange tauG2 block 2\^7/);
      expect(await snarkjsVerify(bad)).to.equal(false);
    });

    it("a wrong section size is rejected", async () => {
      const info = readPtauInfo(ptau);
      const shrink = (id: number, truncate: boolean): string => {
        const b = fs.readFileSync(ptau);
        const sizeField = info.sections.get(id)!.offset - 8;
        b.writeBigUInt64LE(b.readBigUInt64LE(sizeField) - 64n, sizeField);
        const bad = path.join(dir, `bad-size-${id}.ptau`);
        fs.writeFileSync(bad, truncate ? b.subarray(0, b.length - 64) : b);
        return bad;
      };
      // The last section one point short: the size no longer matches the power.
      const last = shrink(15, true);
      expect(() => readPtauInfo(last)).to.throw(/section 15 \(lagrange betaTauG1\) has 32640 bytes, expected 32704 for power 8/);
      // A middle section's size field off by one point: the section table no longer parses.
      expect(() => readPtauInfo(shrink(14, false))).to.throw(/corrupt section table/);
      let err: Error | undefined;
      await resolvePtau({ ptau: last, minPower: 4 }).catch((e) => (err = e));
      expect(err?.message).to.match(/section 15/);
    });

    it("an unprepared, too small or non-ptau file is rejected by resolvePtau", async () => {
      const unprepared = path.join(dir, "snarkjs-beacon.ptau"); // written by the first test
      const why = async (p: string, minPower: number) =>
        (await resolvePtau({ ptau: p, minPower }).then(() => undefined, (e: Error) => e.message)) ?? "";
      expect(await why(unprepared, 4)).to.match(/not prepared for phase 2/);
      expect(await why(ptau, POWER + 1)).to.match(/power 8 is too small/);
      const notPtau = path.join(dir, "mul3.circom");
      expect(await why(notPtau, 4)).to.match(/not a \.ptau file/);
      expect(await why(path.join(dir, "missing.ptau"), 4)).to.match(/no such file/);
    });
  });
});
