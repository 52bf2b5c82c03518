// A Groth16 zkey from a phase-2 ceremony is checked against the circuit's r1cs and the
// phase-1 ptau before the wrap uses it (wrapper/ceremony/groth16-zkey.ts): a contributed
// zkey passes with its contribution count, the kit's own uncontributed zkey passes with 0
// (INSECURE), and a zkey over another ptau, or a PLONK zkey, is refused.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { buildPlaceholder, PTAU_POWER, type PlaceholderBuild } from "../../wrapper/circuits/test/build.ts";
import { cachedDevPtau, cachedInsecureGroth16Zkey } from "../../wrapper/ceremony/cache.ts";
import { checkGroth16Zkey } from "../../wrapper/ceremony/groth16-zkey.ts";

describe("Groth16 phase-2 zkeys (ceremony/groth16-zkey.ts)", function () {
  this.timeout(300_000);
  let build: PlaceholderBuild;
  let dir: string;
  let insecure: string;
  const quiet = () => {};
  const prevCache = process.env.ZKVM_CACHE_DIR;

  before(async () => {
    build = await buildPlaceholder();
    insecure = await cachedInsecureGroth16Zkey(build.r1cs, build.ptau, quiet);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "groth16-zkey-"));
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (prevCache === undefined) delete process.env.ZKVM_CACHE_DIR;
    else process.env.ZKVM_CACHE_DIR = prevCache;
    (globalThis as any).curve_bn128?.terminate();
  });

  it("a zkey with two contributions passes with its count, and the check is then remembered", async () => {
    const one = path.join(dir, "one.zkey"), two = path.join(dir, "two.zkey");
    await snarkjs.zKey.contribute(insecure, one, "alice", "entropy of alice");
    await snarkjs.zKey.contribute(one, two, "bob", "entropy of bob");
    process.env.ZKVM_CACHE_DIR = path.join(dir, "cache"); // a fresh record of checks
    expect(await checkGroth16Zkey(build.r1cs, build.ptau, two, quiet)).to.deep.equal({ contributions: 2, cached: false });
    expect(await checkGroth16Zkey(build.r1cs, build.ptau, two, quiet)).to.deep.equal({ contributions: 2, cached: true });
  });

  it("the kit's own Groth16 zkey has no contribution: 0 (INSECURE)", async () => {
    process.env.ZKVM_CACHE_DIR = path.join(dir, "cache");
    expect((await checkGroth16Zkey(build.r1cs, build.ptau, insecure, quiet)).contributions).to.equal(0);
  });

  it("refuses a zkey made over another ptau, a PLONK zkey and a file that is no zkey", async () => {
    process.env.ZKVM_CACHE_DIR = path.join(dir, "cache");
    const otherPtau = await cachedDevPtau({ power: PTAU_POWER, seed: "another phase 1", log: quiet });
    const other = path.join(dir, "other.zkey");
    await snarkjs.zKey.newZKey(build.r1cs, otherPtau, other);
    await snarkjs.zKey.contribute(other, path.join(dir, "other1.zkey"), "carol", "entropy of carol");
    await expectRejects(checkGroth16Zkey(build.r1cs, build.ptau, path.join(dir, "other1.zkey"), quiet), /not a phase-2 zkey of this circuit and ptau/);
    await expectRejects(checkGroth16Zkey(build.r1cs, build.ptau, build.zkey, quiet), /a plonk zkey/);
    fs.writeFileSync(path.join(dir, "junk.zkey"), "not a zkey");
    await expectRejects(checkGroth16Zkey(build.r1cs, build.ptau, path.join(dir, "junk.zkey"), quiet), /not a zkey/);
    await expectRejects(checkGroth16Zkey(build.r1cs, build.ptau, path.join(dir, "missing.zkey"), quiet), /no such file/);
  });
});

async function expectRejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  let err: Error | null = null;
  try {
    await p;
  } catch (e) {
    err = e as Error;
  }
  expect(err, "expected a rejection").to.not.equal(null);
  expect(err!.message).to.match(re);
}
