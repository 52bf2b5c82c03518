// Assembles every prover/wasm/*.wat into prover/wasm/*.wasm with the `wabt` package.
// The .wasm files are committed so that loading a kernel needs no assembler; a test
// re-assembles each .wat and fails if the committed binary differs.
//   npx node scripts/build-wasm.ts          write the .wasm files
//   npx node scripts/build-wasm.ts --check  exit 1 if any .wasm is stale
import fs from "node:fs";
import path from "node:path";
import { assembleWat, WASM_DIR } from "../prover/wasm/assemble.ts";

const check = process.argv.includes("--check");
let stale = 0;
for (const file of fs.readdirSync(WASM_DIR).filter((f) => f.endsWith(".wat")).sort()) {
  const watPath = path.join(WASM_DIR, file);
  const wasmPath = watPath.replace(/\.wat$/, ".wasm");
  const binary = await assembleWat(watPath);
  const current = fs.existsSync(wasmPath) ? fs.readFileSync(wasmPath) : undefined;
  const same = current !== undefined && Buffer.compare(current, binary) === 0;
  if (check) {
    if (!same) {
      console.error(`stale: ${path.relative(process.cwd(), wasmPath)} (run npx node scripts/build-wasm.ts)`);
      stale++;
    }
  } else if (!same) {
    fs.writeFileSync(wasmPath, binary);
    console.log(`wrote ${path.relative(process.cwd(), wasmPath)} (${binary.length} bytes)`);
  }
}
process.exit(stale > 0 ? 1 : 0);
