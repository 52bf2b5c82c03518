// The guest build: the checked-in ELFs are what the build script produces (when the
// compiler is installed), and the memory map agrees in its three places.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as map from "../../prover/riscv/memory-map.ts";
import { hasGcc, ROOT } from "./helpers.ts";

describe("guest build", () => {
  it("rebuilds every checked-in ELF byte for byte", function () {
    if (!hasGcc) this.skip();
    this.timeout(600_000); // a fresh clone builds the Rust guest's core and alloc too
    const r = spawnSync("bash", [path.join(ROOT, "guests/check-reproducible.sh")], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });

  it("link.ld, zkvm.h and memory-map.ts give the same memory map", () => {
    const ld = fs.readFileSync(path.join(ROOT, "guests/sdk/link.ld"), "utf8");
    const h = fs.readFileSync(path.join(ROOT, "guests/sdk/zkvm.h"), "utf8");
    const sym = (name: string) => Number(new RegExp(`${name}\\s*=\\s*(0x[0-9a-fA-F]+)`).exec(ld)![1]);
    const def = (name: string) => Number(new RegExp(`#define ${name} (0x[0-9a-fA-F]+)u`).exec(h)![1]);
    expect(sym("__input_start")).to.equal(map.INPUT_START);
    expect(sym("__stack_top")).to.equal(map.STACK_TOP);
    expect(sym("__heap_start")).to.equal(map.HEAP_START);
    expect(sym("__heap_end")).to.equal(map.HEAP_END);
    expect(def("ZKVM_INPUT_ADDR")).to.equal(map.INPUT_START);
    expect(def("ZKVM_STACK_TOP")).to.equal(map.STACK_TOP);
    expect(def("ZKVM_HEAP_START")).to.equal(map.HEAP_START);
    expect(def("ZKVM_HEAP_END")).to.equal(map.HEAP_END);
    expect(/ROM \(rx\) : ORIGIN = (0x[0-9a-f]+)/.exec(ld)![1]).to.equal("0x00010000");
    expect(map.IMAGE_START).to.equal(0x10000);
  });
});
