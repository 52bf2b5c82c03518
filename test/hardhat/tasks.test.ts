// Smoke test of the Hardhat tasks (wrapper/hardhat/tasks.ts) as a user runs them, through
// the hardhat CLI in a child process: both are listed, each --help names its options,
// and a run without the required option exits 1 with a message naming it. (The
// actions themselves are tested on chain in test/wrapper/onchain-tasks.test.ts.)
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function hardhat(...args: string[]): { status: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/hardhat/dist/src/cli.js"), ...args], { encoding: "utf8", cwd: ROOT });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const TASKS: Record<string, { options: string[]; missing: RegExp }> = {
  "deploy-verifier": {
    options: ["--vk", "--zkey", "--router", "--out", "--snark-verifier", "--proof", "--public-values"],
    missing: /^deploy-verifier: --vk <digest \| vk\.json \| vk\.bin> is required$/m,
  },
  "submit-proof": {
    options: ["--verifier", "--proof", "--public-values", "--send"],
    missing: /^submit-proof: --verifier must be an address, got ""$/m,
  },
};

describe("hardhat tasks (CLI smoke test)", function () {
  it("hardhat --help lists deploy-verifier and submit-proof with their descriptions", () => {
    const r = hardhat("--help");
    expect(r.status, r.err).to.equal(0);
    expect(r.out).to.match(/^\s+deploy-verifier\s+Generate the SNARK verifier/m);
    expect(r.out).to.match(/^\s+submit-proof\s+Submit a proof/m);
  });

  for (const [task, { options, missing }] of Object.entries(TASKS)) {
    it(`${task}: --help names every option; a run without the required one exits 1 naming it`, () => {
      const help = hardhat(task, "--help");
      expect(help.status, help.err).to.equal(0);
      for (const o of options) expect(help.out).to.match(new RegExp(`^\\s+${o}\\s+\\S`, "m"));
      const run = hardhat(task);
      expect(run.status).to.equal(1);
      expect(run.err + run.out).to.match(missing);
    });
  }
});
