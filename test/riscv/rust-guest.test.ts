// The Rust guest (guests/rust/examples/fibonacci, checked in as fibonacci-rs.elf):
// built with the Rust SDK crate, it must commit exactly what the C fibonacci commits,
// with the SDK's output digest, on both emulators and (when installed) under
// qemu-riscv32; a short input is its negative twin.
import { expect } from "chai";
import { createHash } from "node:crypto";
import { fibonacciOutput, u32le } from "./guest-examples.ts";
import path from "node:path";
import { guestProgram, hasQemu, ROOT, runBoth } from "./helpers.ts";
import { runWithFds } from "./native-run.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("Rust guest (fibonacci-rs)", () => {
  for (const n of [0, 1, 2, 47, 1000, 100_000]) {
    it(`fib(${n}) equals the C guest's public output, with the output digest`, () => {
      const r = runBoth(guestProgram("fibonacci-rs"), { input: u32le(n) });
      expect(r.exitCode).to.equal(0);
      expect(Buffer.from(r.publicOutput)).to.deep.equal(Buffer.from(fibonacciOutput(n)));
      expect(Buffer.from(r.outputDigest!)).to.deep.equal(createHash("sha256").update(r.publicOutput).digest());
      const want = new DataView(fibonacciOutput(n).buffer).getUint32(4, true);
      expect(text(r.stdout)).to.equal(`fib(${n}) mod 2^32 = ${want}\n`);
      if (hasQemu) {
        const q = runWithFds("qemu-riscv32", [path.join(ROOT, "guests/bin/fibonacci-rs.elf")], u32le(n));
        expect(q.status).to.equal(0);
        expect(q.stdout.toString()).to.equal(text(r.stdout));
        expect(q.publicOutput.toString("hex")).to.equal(Buffer.from(r.publicOutput).toString("hex"));
      }
    });
  }
  it("a short input makes it panic through the SDK (negative twin)", () => {
    const r = runBoth(guestProgram("fibonacci-rs"), { input: new Uint8Array([1, 2]) });
    expect(r.exitCode).to.equal(1);
    expect(text(r.stderr)).to.equal("panic: input too short\n");
    expect(r.publicOutput.length).to.equal(0);
    expect(Buffer.from(r.outputDigest!)).to.deep.equal(createHash("sha256").update(new Uint8Array(0)).digest());
    if (hasQemu) {
      const q = runWithFds("qemu-riscv32", [path.join(ROOT, "guests/bin/fibonacci-rs.elf")], new Uint8Array([1, 2]));
      expect(q.status).to.equal(1);
      expect(q.stderr.toString()).to.equal("panic: input too short\n");
    }
  });
});
