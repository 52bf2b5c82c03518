// Turns a hand-written .wat kernel into its binary with the `wabt` package (SIMD on).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WASM_DIR = path.dirname(fileURLToPath(import.meta.url));

export async function assembleWat(watPath: string): Promise<Buffer> {
  const wabt = await (await import("wabt")).default();
  const source = fs.readFileSync(watPath, "utf8");
  const module = wabt.parseWat(path.basename(watPath), source, { simd: true, mutable_globals: true });
  try {
    module.resolveNames();
    module.validate();
    return Buffer.from(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}
