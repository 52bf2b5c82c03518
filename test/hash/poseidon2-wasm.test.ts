// The wasm SIMD kernel against the TS reference, and the generated .wat/.wasm up to date.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import { generateConstants } from "../../prover/hash/poseidon2-constants.ts";
import { permuteBatch, permuteOne } from "../../prover/hash/poseidon2-batch.ts";
import { poseidon2Wat, WAT_PATH } from "../../prover/hash/poseidon2-wat.ts";
import { assembleWat } from "../../prover/wasm/assemble.ts";
import { P } from "../../prover/field/babybear.ts";
import { VECTOR_IN, VECTOR_OUT } from "./poseidon2-vectors.ts";

function randomStates(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count * 16);
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = i % 7 === 0 ? P - 1 - (x & 3) : x % P; // include values next to p
  }
  return out;
}

describe("Poseidon2 wasm kernel", () => {
  it("matches Plonky3's test vector", () => {
    const s = Uint32Array.from(VECTOR_IN);
    permuteBatch(s, 1);
    expect([...s]).to.deep.equal(VECTOR_OUT);
    const t = Uint32Array.from(VECTOR_IN);
    permuteOne(t);
    expect([...t]).to.deep.equal(VECTOR_OUT);
  });

  it("scalar permute1 matches the TS reference on random states", () => {
    const states = randomStates(50, 77);
    for (let k = 0; k < 50; k++) {
      const a = states.slice(16 * k, 16 * k + 16);
      const b = a.slice();
      poseidon2Permute(a);
      permuteOne(b);
      expect([...b], `state ${k}`).to.deep.equal([...a]);
    }
  });

  it("matches the TS reference on random states (batch sizes 1..9, 64)", () => {
    for (const count of [1, 2, 3, 4, 5, 7, 9, 64]) {
      const states = randomStates(count, count);
      const expected = states.slice();
      for (let k = 0; k < count; k++) poseidon2Permute(expected.subarray(16 * k, 16 * k + 16));
      permuteBatch(states, count);
      expect([...states], `count ${count}`).to.deep.equal([...expected]);
    }
  });

  it("the committed .wat is the generator's output and the .wasm is assembled from it", async () => {
    expect(fs.readFileSync(WAT_PATH, "utf8") === poseidon2Wat(), "run npx node prover/hash/poseidon2-wat.ts").to.equal(true);
    const binary = await assembleWat(WAT_PATH);
    const committed = fs.readFileSync(WAT_PATH.replace(/\.wat$/, ".wasm"));
    expect(Buffer.compare(binary, committed), "run npx node scripts/build-wasm.ts").to.equal(0);
  });

  it("negative twin: a kernel built with one flipped constant disagrees with the reference", async () => {
    const c = generateConstants();
    c.internal[6] ^= 1;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "p2-")), "poseidon2-bad.wat");
    fs.writeFileSync(file, poseidon2Wat(c));
    const bad = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(await assembleWat(file)))).exports as {
      memory: WebAssembly.Memory; permute_rows(ptr: number, groups: number): void; permute1(ptr: number): void;
    };
    const mem = new Uint32Array(bad.memory.buffer, 4096, 64);
    mem.set(VECTOR_IN);
    bad.permute_rows(4096, 1);
    expect([...mem.subarray(0, 16)]).to.not.deep.equal(VECTOR_OUT);
    mem.set(VECTOR_IN);
    bad.permute1(4096);
    expect([...mem.subarray(0, 16)]).to.not.deep.equal(VECTOR_OUT);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
