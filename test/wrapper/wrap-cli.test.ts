// `npx zkvm wrap`: its help, and bad options named before any work starts. (The wrap
// itself runs in onchain-wrap.test.ts and the demo.)
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { universalWrapPlan } from "../../wrapper/wrap/universal-preset.ts";
import { SHRINK_CONFIG, SHRINK_GROTH16_CONFIG, SHRINK_TEST_CONFIG_INSECURE } from "../../wrapper/recursion/shrink/prove.ts";
import { COMPRESS_CONFIG, COMPRESS_TEST_CONFIG_INSECURE } from "../../wrapper/recursion/compress.ts";
import { securityOf } from "../../prover/stark/security.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function zkvm(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/zkvm/zkvm.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("zkvm wrap (command line)", () => {
  it("--help names the outputs, the presets and the ptau option", () => {
    const r = zkvm("wrap", "--help");
    expect(r.code).to.equal(0);
    for (const w of ["proof.json", "vk.json", "test-insecure", "--ptau", "deploy-verifier"]) expect(r.out).to.include(w);
  });

  it("is listed by zkvm --help", () => {
    expect(zkvm("--help").out).to.match(/wrap\s+wrap an aggregated receipt/);
  });

  for (const [args, pattern] of [
    [["--example", "nope"], /--example: unknown example 'nope'/],
    [["--preset", "nope"], /--preset: unknown preset 'nope'/],
    [["--ptau", "/no/such.ptau"], /--ptau \/no\/such.ptau: no such file/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["--snark", "nope"], /--snark: unknown SNARK 'nope' \(choose plonk, groth16\)/],
    [["--zkey", "/no/such.zkey"], /--zkey goes with --snark groth16/],
    [["--snark", "groth16", "--zkey", "/no/such.zkey"], /--zkey \/no\/such.zkey: no such file/],
  ] as Array<[string[], RegExp]>) {
    it(`rejects ${args.join(" ")} with a message naming it`, () => {
      const r = zkvm("wrap", ...args);
      expect(r.code).to.equal(2);
      expect(r.err).to.match(pattern);
    });
  }

  for (const [args, pattern] of [
    [["--preset", "test-insecure", "--zkey", "/no/such.zkey"], /--zkey goes with --snark groth16/],
    // at the 100-bit preset a receipt's SNARK is Groth16, so --zkey is taken (and this one is missing)
    [["--zkey", "/no/such.zkey"], /--zkey \/no\/such.zkey: no such file/],
    [["--preset", "nope"], /unknown wrap preset 'nope' \(choose wrap, test-insecure\)/],
    // a file that is not a ceremony file is refused before minutes of compress and shrink
    [["--zkey", "package.json"], /--zkey package.json: not a .zkey file \(it starts "\{\\n  "\)/],
    [["--zkey", "test"], /--zkey test: a directory, not a .zkey file/],
    [["--ptau", "package.json"], /--ptau: package.json: not a .ptau file/],
  ] as Array<[string[], RegExp]>) {
    it(`with a receipt, rejects ${args.join(" ")} with a message naming it`, () => {
      const r = zkvm("wrap", "/no/receipt.bin", "--vk", "/no/vk.bin", ...args);
      expect(r.code).to.equal(2);
      expect(r.err).to.match(pattern);
    });
  }

  it("rejects an out-of-range --log-rows", () => {
    const r = zkvm("wrap", "--log-rows", "99");
    expect(r.code).to.not.equal(0);
    expect(r.err).to.match(/--log-rows must be an integer in \[\d+, 20\], got '99'/);
  });
});

describe("the universal wrap's SNARK and shrink preset (universal-preset.ts)", () => {
  it("100 bits: Groth16 over the blowup-8 shrink by default; PLONK over blowup 64 on request, with a warning", () => {
    expect(universalWrapPlan("wrap")).to.deep.equal({ snark: "groth16", shrinkConfig: SHRINK_GROTH16_CONFIG, compressConfig: COMPRESS_CONFIG, warning: null });
    expect(universalWrapPlan("wrap", "groth16").shrinkConfig).to.equal(SHRINK_GROTH16_CONFIG);
    const plonk = universalWrapPlan("wrap", "plonk");
    expect(plonk.snark).to.equal("plonk");
    expect(plonk.shrinkConfig).to.equal(SHRINK_CONFIG);
    expect(plonk.compressConfig).to.equal(COMPRESS_CONFIG);
    expect(plonk.warning).to.match(/2\^22 domain/);
  });

  it("the 100-bit compress preset is 100 bits conjectured for every recursion table height up to 2^18; the INSECURE one is far below", () => {
    expect(securityOf(COMPRESS_CONFIG, 18).conjecturedBits).to.be.at.least(100);
    expect(securityOf(COMPRESS_TEST_CONFIG_INSECURE, 15).conjecturedBits).to.be.below(20);
  });

  it("test-insecure: PLONK by default, either SNARK over the INSECURE shrink; unknown names refused", () => {
    expect(universalWrapPlan("test-insecure")).to.deep.equal({ snark: "plonk", shrinkConfig: SHRINK_TEST_CONFIG_INSECURE, compressConfig: COMPRESS_TEST_CONFIG_INSECURE, warning: null });
    expect(universalWrapPlan("test-insecure", "groth16").snark).to.equal("groth16");
    expect(() => universalWrapPlan("default")).to.throw(Error, /unknown wrap preset 'default'/);
    expect(() => universalWrapPlan("wrap", "stark")).to.throw(Error, /unknown SNARK 'stark'/);
  });
});
