// The committed kernels ntt.wasm and field.wasm are what their .wat sources assemble to
// (the same check as `npx node scripts/build-wasm.ts --check`, for our two kernels).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { assembleWat, WASM_DIR } from "../../prover/wasm/assemble.ts";
import { spawnSync } from "node:child_process";

describe("wasm kernels are up to date", () => {
  for (const name of ["ntt", "field"]) {
    it(`${name}.wasm matches ${name}.wat`, async () => {
      const built = await assembleWat(path.join(WASM_DIR, `${name}.wat`));
      const committed = fs.readFileSync(path.join(WASM_DIR, `${name}.wasm`));
      expect(Buffer.compare(built, committed)).to.equal(0, `run npx node scripts/build-wasm.ts`);
    });
  }

  it("scripts/build-wasm.ts --check exits 0", () => {
    const r = spawnSync(process.execPath, ["scripts/build-wasm.ts", "--check"], { encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
  });
});
