// Loads a committed WebAssembly kernel (prover/wasm/<name>.wasm) synchronously.
// Each kernel module is compiled once per thread; callers instantiate it with their own
// memory so that every worker thread has private scratch space.
import fs from "node:fs";
import path from "node:path";
import { WASM_DIR } from "./assemble.ts";

const modules = new Map<string, WebAssembly.Module>();

export function wasmModule(name: string): WebAssembly.Module {
  let m = modules.get(name);
  if (!m) {
    const file = path.join(WASM_DIR, `${name}.wasm`);
    if (!fs.existsSync(file)) {
      throw new Error(`missing WebAssembly kernel ${file}: run npx node scripts/build-wasm.ts`);
    }
    m = new WebAssembly.Module(fs.readFileSync(file));
    modules.set(name, m);
  }
  return m;
}

export function instantiate(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  return new WebAssembly.Instance(wasmModule(name), imports);
}
