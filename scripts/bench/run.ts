// npm run bench -- <name> [args]: runs scripts/bench/<name>.ts with Node 22 (type
// stripping) and passes the remaining arguments through. No or unknown name: lists them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const names = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.slice(0, -3)).sort();
const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !names.includes(name)) {
  if (name !== undefined) console.error(`unknown benchmark '${name}'`);
  console.error(`usage: npm run bench -- <name> [args]\navailable: ${names.join(", ")}`);
  process.exit(name === undefined ? 0 : 1);
}
const r = spawnSync(process.execPath, [path.join(dir, `${name}.ts`), ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
