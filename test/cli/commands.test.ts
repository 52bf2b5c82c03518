// Smoke test of every `zkvm` command as a user runs it (the dispatcher in a child
// process): the commands are read from `zkvm --help`, so a new command is covered
// without editing this file. Each prints its usage with --help and exits 0, and refuses
// an unknown option with exit 2 and a message naming the command and the option.
// (What each command does is tested with its feature: test/riscv/cli.test.ts,
// test/wrapper/wrap-cli.test.ts, ...)
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function zkvm(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/zkvm/zkvm.ts"), ...args], { encoding: "utf8", cwd: ROOT });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The command names listed under "commands:" in `zkvm --help`. */
function listedCommands(): string[] {
  const help = zkvm("--help");
  expect(help.status).to.equal(0);
  const after = help.stdout.split(/^commands:$/m)[1] ?? "";
  return [...after.matchAll(/^ {2}([a-z][a-z0-9-]*)\s{2,}\S/gm)].map((m) => m[1]);
}

describe("zkvm CLI: every command answers --help and refuses an unknown option", function () {
  const commands = listedCommands();

  it("zkvm --help lists the commands; an unknown command is named in the error", () => {
    expect(commands).to.include.members(["execute", "prove", "setup", "verify", "wrap"]);
    const r = zkvm("no-such-command");
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(new RegExp(`unknown command 'no-such-command'. Commands: ${commands.join(", ")}`));
  });

  for (const cmd of commands) {
    it(`zkvm ${cmd}`, () => {
      const help = zkvm(cmd, "--help");
      expect(help.status, help.stderr).to.equal(0);
      expect(help.stdout).to.match(new RegExp(`^usage: zkvm ${cmd}\\b`));
      const bad = zkvm(cmd, "--no-such-option");
      expect(bad.status).to.equal(2);
      expect(bad.stderr).to.match(new RegExp(`^zkvm ${cmd}: unknown option '--no-such-option'`, "i"));
    });
  }
});
