// `zkvm build` as a user runs it, and the C library under the SDK: stdout flushed at
// exit, exit(code), abort and assert as panics, thread-local variables, a user's own
// names that the SDK used to take, C++, and the make template. Building needs the
// guest toolchain (as the reproducible-build test does); the argument checks do not.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadProgram } from "../../prover/riscv/program.ts";
import type { ExecutionResult } from "../../prover/zkvm/execute.ts";
import { hasGcc, ROOT, runBoth } from "./helpers.ts";

function zkvm(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/zkvm/zkvm.ts"), ...args], { encoding: "utf8", cwd, env });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("zkvm build (CLI)", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-build-test-")); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes the source, builds it with `zkvm build`, runs it on both emulators. */
  function buildAndRun(file: string, source: string, input?: Uint8Array): ExecutionResult {
    const src = path.join(dir, file), elf = src + ".elf";
    fs.writeFileSync(src, source);
    const r = zkvm(["build", src, "-o", elf]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^${elf.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ bytes\\)\\n$`));
    return runBoth(loadProgram(new Uint8Array(fs.readFileSync(elf)), file), { input });
  }

  describe("arguments", () => {
    it("--help prints the usage", () => {
      const r = zkvm(["build", "--help"]);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^usage: zkvm build/);
      expect(r.stdout).to.include("picolibc-riscv64-unknown-elf");
    });
    it("a missing source is a usage error that names it", () => {
      const r = zkvm(["build", "no/such/guest.c"]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include("no such file or directory: 'no/such/guest.c'");
    });
    it("an unknown option is a usage error", () => {
      const r = zkvm(["build", "guests/template/main.c", "--frobnicate"]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include("unknown option '--frobnicate'");
    });
    it("a file that is not C, C++ or assembly is refused", () => {
      const r = zkvm(["build", "guests/README.md"]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include("is not a C, C++ or assembly source");
    });
    it("without picolibc it names the Debian package to install", () => {
      const r = zkvm(["build", "guests/template/main.c", "-o", path.join(dir, "x.elf")], { ...process.env, ZKVM_PICOLIBC: "/nonexistent/picolibc" });
      if (!hasGcc) return expect(r.stderr).to.include("riscv64-unknown-elf-gcc not found");
      expect(r.status).to.equal(1);
      expect(r.stderr).to.include("picolibc for rv32im not found under /nonexistent/picolibc: install the Debian package picolibc-riscv64-unknown-elf");
    });
    it("a Cargo workspace root (no [package]) is refused", () => {
      fs.mkdirSync(path.join(dir, "ws"), { recursive: true });
      fs.writeFileSync(path.join(dir, "ws/Cargo.toml"), "[workspace]\nmembers = []\n");
      const r = zkvm(["build", path.join(dir, "ws")]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include("has no [package] name (a workspace root is not a guest)");
    });
    it("a Cargo project without the Rust toolchain names the packages to install", () => {
      const r = zkvm(["build", "guests/rust/examples/fibonacci", "-o", path.join(dir, "x.elf")], { ...process.env, ZKVM_CARGO: "/nonexistent/cargo" });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.include("sudo apt-get install rustc-web cargo-web rust-web-src lld-22");
    });
    it("without the compiler on PATH it names the Debian packages to install", () => {
      const r = zkvm(["build", "guests/template/main.c", "-o", path.join(dir, "x.elf")], { ...process.env, PATH: "/nonexistent" });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.include("riscv64-unknown-elf-gcc not found: install the Debian packages gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf");
    });
  });

  describe("guests using the C library", function () {
    before(function () { if (!hasGcc) this.skip(); });

    it("a compile error fails the build and names the source", () => {
      fs.writeFileSync(path.join(dir, "broken.c"), "int main(void) { return nope; }\n");
      const r = zkvm(["build", path.join(dir, "broken.c"), "-o", path.join(dir, "broken.elf")]);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.include(`compiling ${path.join(dir, "broken.c")} failed`);
      expect(r.stderr).to.include("'nope' undeclared");
    });

    it("a directory of sources with -I and -D, written to <dir name>.elf in the working directory", () => {
      const proj = path.join(dir, "proj");
      fs.mkdirSync(path.join(proj, "include"), { recursive: true });
      fs.writeFileSync(path.join(proj, "include/greet.h"), "const char *greeting(void);\n");
      fs.writeFileSync(path.join(proj, "greet.c"), `#include "greet.h"\nconst char *greeting(void) { return GREETING; }\n`);
      fs.writeFileSync(path.join(proj, "main.c"), `#include <stdio.h>\n#include "greet.h"\nint main(void) { printf("%s %d\\n", greeting(), TIMES); return 0; }\n`);
      const r = zkvm(["build", "proj", "-I", "proj/include", "-DGREETING=\"hello\"", "-D", "TIMES=3", "-O1"], process.env, dir);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^proj\.elf \(\d+ bytes\)\n$/);
      expect(r.stderr).to.include("compiling 2 sources with the SDK");
      const run = runBoth(loadProgram(new Uint8Array(fs.readFileSync(path.join(dir, "proj.elf"))), "proj"));
      expect(text(run.stdout)).to.equal("hello 3\n");
      const noDefine = zkvm(["build", "proj", "-I", "proj/include", "-o", "other.elf"], process.env, dir);
      expect(noDefine.status, "without -D the source does not compile (twin)").to.equal(1);
      expect(noDefine.stderr).to.include("'GREETING' undeclared");
    });

    it("exit(code) from deep inside flushes unterminated stdout and hands over the digest", () => {
      const r = buildAndRun("exit.c", `#include <stdio.h>\n#include <stdlib.h>\n#include "zkvm.h"\n
        static void done(void) { printf("atexit ran"); }
        static void leave(int c) { zkvm_commit_u32(7); exit(c); }
        int main(void) { atexit(done); printf("no newline; "); leave(3); return 0; }\n`);
      expect(r.exitCode).to.equal(3);
      expect(text(r.stdout)).to.equal("no newline; atexit ran");
      expect(r.outputDigest).to.not.equal(null);
      expect(Buffer.from(r.publicOutput).toString("hex")).to.equal("07000000");
    });

    it("a failed assert is a panic naming the expression, file and line; a passing one is not (twin)", () => {
      const src = `#include <assert.h>\n#include "zkvm.h"\nint main(void) {\n  assert(zkvm_input_len() == 0);\n  return 0;\n}\n`;
      const fail = buildAndRun("assert.c", src, new Uint8Array([1]));
      expect(fail.exitCode).to.equal(1);
      expect(text(fail.stderr)).to.equal(`panic: assertion failed: zkvm_input_len() == 0 (${path.join(dir, "assert.c")}:4, in main)\n`);
      const pass = buildAndRun("assert.c", src);
      expect(pass.exitCode).to.equal(0);
      expect(text(pass.stderr)).to.equal("");
    });

    it("printf and zkvm_print on stdout keep their order (the buffer is drained first)", () => {
      const r = buildAndRun("order.c", `#include <stdio.h>\n#include "zkvm.h"\n
        int main(void) { printf("a"); zkvm_print("b"); printf("c\\n"); fprintf(stderr, "x"); zkvm_write(2, "y", 1); return 0; }\n`);
      expect(text(r.stdout)).to.equal("abc\n");
      expect(text(r.stderr)).to.equal("xy");
    });

    it("abort() is a panic", () => {
      const r = buildAndRun("abort.c", `#include <stdio.h>\n#include <stdlib.h>\nint main(void) { puts("before"); abort(); }\n`);
      expect(r.exitCode).to.equal(1);
      expect(text(r.stdout)).to.equal("before\n");
      expect(text(r.stderr)).to.equal("panic: abort() called\n");
    });

    it("thread-local variables (initialised and zeroed) and errno live in the TLS block", () => {
      const r = buildAndRun("tls.c", `#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n
        static _Thread_local int seeded = 1234; static _Thread_local long zeroed[4];
        int main(void) { errno = 0; long v = strtol("99999999999999999999", NULL, 10);
          zeroed[3] += 5; seeded++;
          printf("%d %ld %d %d\\n", errno == ERANGE, v, seeded, (int)zeroed[3]); return 0; }\n`);
      expect(text(r.stdout)).to.equal("1 2147483647 1235 5\n");
    });

    it("a user's own sha256_init, sha256_update and input_pos link (the SDK's names are prefixed)", () => {
      const r = buildAndRun("names.c", `#include <stdio.h>\n#include "zkvm.h"\n
        int input_pos = 5; void sha256_init(int *x) { *x = 1; } void sha256_update(int *x) { *x += input_pos; }
        int main(void) { int x; sha256_init(&x); sha256_update(&x); zkvm_commit_u32((uint32_t)x); printf("%d\\n", x); return 0; }\n`);
      expect(text(r.stdout)).to.equal("6\n");
    });

    it("malloc, realloc and zkvm_alloc share the heap without overlapping", () => {
      const r = buildAndRun("heap.c", `#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include "zkvm.h"\n
        int main(void) { char *a = malloc(100); memset(a, 'a', 100); char *z = zkvm_alloc(64); memset(z, 'z', 64);
          a = realloc(a, 100000); char *b = malloc(50); memset(b, 'b', 50);
          int ok = a[99] == 'a' && z[63] == 'z' && ((uintptr_t)z & 7) == 0 && (z + 64 <= a || z >= a + 100000);
          printf("%d\\n", ok); return !ok; }\n`);
      expect(text(r.stdout)).to.equal("1\n");
      expect(r.exitCode).to.equal(0);
    });

    it("a C++ guest (no exceptions, RTTI or C++ library) runs its constructors and destructors", () => {
      const r = buildAndRun("guest.cpp", `#include <stdio.h>\n#include "zkvm.h"\n
        template <typename T> T square(T x) { return x * x; }
        struct Noisy { Noisy() { printf("up\\n"); } ~Noisy() { printf("down\\n"); } } noisy;
        int main() { zkvm_commit_u32(square<uint32_t>(12)); printf("%u\\n", square(3u)); return 0; }\n`);
      expect(text(r.stdout)).to.equal("up\n9\ndown\n");
      expect(Buffer.from(r.publicOutput).toString("hex")).to.equal("90000000");
    });

    it("a Cargo project builds the Rust guest, byte for byte the checked-in one", function () {
      if (!fs.existsSync("/usr/bin/cargo")) this.skip();
      const out = path.join(dir, "fib-rs.elf");
      const r = zkvm(["build", "guests/rust/examples/fibonacci", "-o", out]);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(`${out} (${fs.statSync(out).size} bytes)\n`);
      expect(Buffer.compare(fs.readFileSync(out), fs.readFileSync(path.join(ROOT, "guests/bin/fibonacci-rs.elf")))).to.equal(0);
    });

    it("the make template builds a guest that runs", function () {
      if (spawnSync("make", ["--version"]).status !== 0) this.skip();
      const tpl = path.join(dir, "template");
      fs.mkdirSync(tpl);
      for (const f of ["Makefile", "main.c"]) fs.copyFileSync(path.join(ROOT, "guests/template", f), path.join(tpl, f));
      const m = spawnSync("make", ["-s", `ZKVM_SDK=${path.join(ROOT, "guests/sdk")}`], { cwd: tpl, encoding: "utf8" });
      expect(m.status, m.stderr).to.equal(0);
      const p = loadProgram(new Uint8Array(fs.readFileSync(path.join(tpl, "guest.elf"))), "template");
      const r = runBoth(p, { input: new Uint8Array([100, 0, 0, 0]) });
      expect(text(r.stdout)).to.equal("sum of 1..100 = 5050\n");
      expect(Buffer.from(r.publicOutput).toString("hex")).to.equal("64000000" + "ba13000000000000");
    });
  });
});
