// The syscall ABI end to end (fixtures/asm/syscalls.S): the committed input in memory,
// debug writes, hint reads (partial reads, end of stream, odd addresses), the public
// output and the exit digest.
import { expect } from "chai";
import { execute } from "../../prover/zkvm/execute.ts";
import { fixtureProgram, runBoth } from "./helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("syscalls", () => {
  it("input, debug output, hints, public output and the exit digest", () => {
    const r = runBoth(fixtureProgram("syscalls"), { input: enc("zkvm!"), hints: enc("HINTDATAZ") });
    expect(r.exitCode, "failing check").to.equal(0);
    expect(new TextDecoder().decode(r.stdout)).to.equal("out\n");
    expect(new TextDecoder().decode(r.stderr)).to.equal("err\n");
    expect(new TextDecoder().decode(r.publicOutput)).to.equal("abc");
    expect(Buffer.from(r.outputDigest!).toString("hex")).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(r.plan.totals.syscall).to.equal(9); // 3 debug writes, 4 reads, 1 public write, exit
    expect(Buffer.concat(r.trace.segments.map((s) => s.hints)).toString()).to.equal("HINTDATAZ");
  });

  it("other input or hints make its checks fail (negative twins)", () => {
    const p = fixtureProgram("syscalls");
    expect(execute(p, { input: enc("zkvm?"), hints: enc("HINTDATAZ") }).exitCode).to.equal(4);
    expect(execute(p, { input: enc("zkvm!!"), hints: enc("HINTDATAZ") }).exitCode).to.equal(1);
    expect(execute(p, { input: enc("zkvm!"), hints: enc("HINTDAT") }).exitCode).to.equal(21);
    expect(execute(p, { input: enc("zkvm!"), hints: enc("HINTDATA") }).exitCode).to.equal(22);
    expect(execute(p, { input: enc("zkvm!"), hints: enc("HINTDATAZZ") }).exitCode).to.equal(22);
    expect(execute(p, { input: enc("zkvm!"), hints: enc("HINTDATAY") }).exitCode).to.equal(27);
  });

  it("the input is placed as a length word and the bytes, zero-padded", () => {
    let checked = false;
    execute(fixtureProgram("syscalls"), {
      input: enc("zkvm!"),
      hints: enc("HINTDATAZ"),
      onSegment: (_s, { mem }) => {
        expect(mem.w32[0x2000_0000 >>> 2]).to.equal(5);
        expect([...mem.u8.subarray(0x2000_0004, 0x2000_000c)]).to.deep.equal([...enc("zkvm!"), 0, 0, 0]);
        checked = true;
      },
    });
    expect(checked).to.equal(true);
  });

  it("refuses an input larger than the input region", () => {
    expect(() => execute(fixtureProgram("syscalls"), { input: new Uint8Array(0x0800_0000) })).to.throw(/input is 134217728 bytes; the input region holds at most 134217724/);
  });
});
