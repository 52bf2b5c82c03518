// A scratch copy of the repository for the mutation runner: every tracked or untracked
// (not ignored) file of the working tree, copied as it is now, with node_modules
// symlinked. Mutants edit the copy only; the shared working tree is never touched.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Scratch = { root: string; remove(): void };

// Copies still on disk, removed when the runner is interrupted (Ctrl-C, a CI timeout).
const live = new Set<string>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const root of live) fs.rmSync(root, { recursive: true, force: true });
    process.exit(130);
  });
}

export function makeScratchCopy(repoRoot: string): Scratch {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-mutants-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot })
    .toString("utf8").split("\0").filter((f) => f.length > 0);
  for (const f of files) {
    const from = path.join(repoRoot, f);
    if (!fs.existsSync(from) || fs.lstatSync(from).isDirectory()) continue; // deleted in the tree, or a submodule
    const to = path.join(root, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  live.add(root);
  return { root, remove: () => (live.delete(root), fs.rmSync(root, { recursive: true, force: true })) };
}
