#!/usr/bin/env node
// `npx zkvm <command> ...`: the kit's command line. Each command lives in its own file
// under scripts/zkvm/commands/ and exports `run(argv)` and a one-line `summary`.
import { pathToFileURL } from "node:url";
import path from "node:path";
import fs from "node:fs";

const commandsDir = path.join(path.dirname(new URL(import.meta.url).pathname), "commands");

function listCommands(): string[] {
  if (!fs.existsSync(commandsDir)) return [];
  return fs.readdirSync(commandsDir).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const commands = listCommands();
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log("usage: zkvm <command> [options]   (zkvm <command> --help for details)\n\ncommands:");
    for (const c of commands) {
      const mod = await import(pathToFileURL(path.join(commandsDir, c + ".ts")).href);
      console.log(`  ${c.padEnd(12)} ${mod.summary ?? ""}`);
    }
    return name ? 0 : 1;
  }
  if (!commands.includes(name)) {
    console.error(`zkvm: unknown command '${name}'. Commands: ${commands.join(", ")}`);
    return 2;
  }
  const mod = await import(pathToFileURL(path.join(commandsDir, name + ".ts")).href);
  return (await mod.run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`zkvm: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.ZKVM_DEBUG) console.error(err);
    process.exit(1);
  },
);
