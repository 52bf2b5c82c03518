// Build utilities for circom circuits (wrapper/circuit/compile.ts, plonk-count.ts,
// witness.ts): the PLONK row count from the r1cs alone must equal what
// `snarkjs plonk setup` reports; compiles are cached by content; witness failures name
// circom's template and line.
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { cachedDevPtau } from "../../wrapper/ceremony/cache.ts";
import { compileCircom } from "../../wrapper/circuit/compile.ts";
import { unsignedArguments } from "../../wrapper/circuit/circom-wasi.ts";
import { plonkPtauPower, r1csStats } from "../../wrapper/circuit/plonk-count.ts";
import { checkWitnessAgainstR1cs, computeWitness, WitnessError } from "../../wrapper/circuit/witness.ts";
import { checkWitnessGeneratorFits, V8_MAX_WASM_FUNCTION_BYTES, wasmFunctionSizes } from "../../wrapper/circuit/wasm-limits.ts";

const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const quiet = () => {};

/** The "Plonk constraints: N" that snarkjs plonk setup logs for this r1cs. */
async function snarkjsPlonkCount(r1cs: string, ptau: string, zkey: string): Promise<number> {
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(`ERROR ${m}`), warn: quiet, debug: quiet };
  await snarkjs.plonk.setup(r1cs, ptau, zkey, logger);
  const m = lines.map((l) => /^Plonk constraints: (\d+)$/.exec(l)).find((x) => x);
  if (!m) throw new Error(`snarkjs printed no PLONK count: ${lines.join(" | ")}`);
  return Number(m[1]);
}

/** A linear combination for the hand-made r1cs: [signal id, coefficient] pairs. */
type Lc = Array<[number, bigint]>;

/** Writes an r1cs file (iden3 binary format v1, BN254) with the given constraints. */
function writeR1cs(file: string, h: { nVars: number; nOutputs: number; nPubInputs: number; nPrvInputs: number },
  constraints: Array<[Lc, Lc, Lc]>): void {
  const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
  const u64 = (v: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; };
  const le32 = (v: bigint) => { const b = Buffer.alloc(32); for (let i = 0; i < 32; i++) { b[i] = Number(v & 0xffn); v >>= 8n; } return b; };
  const fe = (v: bigint) => le32(((v % BN254_R) + BN254_R) % BN254_R); // coefficients: standard form, little-endian
  const header = Buffer.concat([u32(32), le32(BN254_R), u32(h.nVars), u32(h.nOutputs),
    u32(h.nPubInputs), u32(h.nPrvInputs), u64(h.nVars), u32(constraints.length)]);
  const lc = (l: Lc) => Buffer.concat([u32(l.length), ...l.flatMap(([id, k]) => [u32(id), fe(k)])]);
  const body = Buffer.concat(constraints.flatMap(([a, b, c]) => [lc(a), lc(b), lc(c)]));
  const map = Buffer.concat(Array.from({ length: h.nVars }, (_, i) => u64(i)));
  const section = (type: number, data: Buffer) => Buffer.concat([u32(type), u64(data.length), data]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from("r1cs"), u32(1), u32(3),
    section(1, header), section(2, body), section(3, map)]));
}

const MUL_SOURCE = `pragma circom 2.1.0;
template Mul() {
    signal input a;
    signal input b;
    signal input c;
    signal p;
    p <== a * b;
    p === c;
}
component main {public [c]} = Mul();
`;

// Poseidon(2) and Num2Bits(31) from circomlib, plus linear constraints of 3 and 4 signals
// (extra addition rows) and a product whose C side has several terms.
const POSEIDON_SOURCE = `pragma circom 2.1.0;
include "poseidon.circom";
include "bitify.circom";
template Combine() {
    signal input a;
    signal input b;
    signal input x;
    signal output h;
    component p = Poseidon(2);
    p.inputs[0] <== a;
    p.inputs[1] <== b;
    component bits = Num2Bits(31);
    bits.in <== x;
    signal s;
    s <== 3 * a + 5 * b - x + 7;
    signal t;
    t <== s * bits.out[0] + p.out + a;
    h <== t + a + b + x + bits.out[30];
}
component main {public [a]} = Combine();
`;

describe("circuit build utilities (compile, PLONK count, witness)", function () {
  let tmp: string;
  let ptau: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "circuit-utils-"));
    ptau = await cachedDevPtau({ power: 12, log: quiet });
  });

  after(() => {
    (globalThis as any).curve_bn128?.terminate();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("r1csStats: PLONK rows without a ptau", () => {
    it("the placeholder two-public circuit: 2 public rows + 2 constraints, as snarkjs counts", async () => {
      const source = fs.readFileSync(path.join(import.meta.dirname, "../../wrapper/circuits/test/two-public.circom"), "utf8");
      const c = await compileCircom({ name: "two-public", source, outDir: path.join(tmp, "two-public"), log: quiet });
      expect(c).to.include({ r1csConstraints: 2, plonkConstraints: 4, publicInputs: 2, outputs: 0, privateInputs: 1, wires: 5 });
      expect(await snarkjsPlonkCount(c.r1cs, ptau, path.join(tmp, "two-public.zkey"))).to.equal(c.plonkConstraints);
    });

    it("Poseidon(2) + Num2Bits(31) + linear constraints: equal to snarkjs's count", async () => {
      const c = await compileCircom({ name: "mix", source: POSEIDON_SOURCE, outDir: path.join(tmp, "mix"), log: quiet });
      const want = await snarkjsPlonkCount(c.r1cs, ptau, path.join(tmp, "mix.zkey"));
      console.log(`      Poseidon(2)+Num2Bits(31) circuit: ${c.r1csConstraints} r1cs constraints, ` +
        `${c.plonkConstraints} PLONK rows (snarkjs: ${want}), compiled in ${c.compileSeconds.toFixed(2)} s`);
      expect(c.plonkConstraints).to.equal(want);
      expect(c.plonkConstraints).to.be.greaterThan(c.r1csConstraints); // the linear sums cost addition rows
      expect(c).to.include({ publicInputs: 1, outputs: 1, privateInputs: 2 });
    });

    it("hand-made r1cs: constant A or B, cancelling terms, zero coefficients, long products", async () => {
      const file = path.join(tmp, "hand.r1cs");
      // wires: 0 = constant 1, 1 = output, 2 = public input, 3..7 private
      const constraints: Array<[Lc, Lc, Lc]> = [
        [[[2, 1n]], [[3, 1n]], [[4, 1n]]], // plain product: 1 row
        [[], [], [[2, 1n], [3, 2n], [4, 3n], [5, 4n], [6, 5n]]], // sum of 5 signals: 2 addition rows + 1
        [[[0, 2n]], [[3, 1n], [4, 1n], [5, 1n]], [[3, 2n], [4, 2n], [5, 2n], [6, 1n]]], // 2·B − C cancels 3, 4, 5
        [[[3, 1n], [4, 1n]], [[0, 5n]], [[7, 1n]]], // B constant: A·5 − C, 3 terms
        [[[0, 1n], [2, 1n], [3, 1n]], [[4, 2n], [5, 1n], [0, 3n]], [[0, 7n], [1, 1n], [2, 1n], [6, 1n]]], // long product
        [[], [], [[3, 0n], [4, 1n], [5, 1n], [6, 1n]]], // a stored zero coefficient
        [[[0, 2n]], [[0, 3n]], [[0, 6n]]], // constants only
        [[[1, 1n]], [[1, 1n]], [[1, 1n]]], // x·x = x
      ];
      writeR1cs(file, { nVars: 8, nOutputs: 1, nPubInputs: 1, nPrvInputs: 5 }, constraints);
      const stats = await r1csStats(file);
      const want = await snarkjsPlonkCount(file, ptau, path.join(tmp, "hand.zkey"));
      expect(stats.plonkConstraints).to.equal(want);
      // 2 public rows, then 1 + 3 + 2 + 1 + (1+1+2+1) + 2 + 1 + 1 (see plonk-count.ts: terms
      // count by presence, so the cancelled and zero terms still cost rows)
      expect(stats.plonkConstraints).to.equal(2 + 1 + 3 + 2 + 1 + 5 + 2 + 1 + 1);
      expect(stats).to.include({ r1csConstraints: constraints.length, wires: 8, outputs: 1, publicInputs: 1, privateInputs: 5, labels: 8 });
    });

    it("plonkPtauPower: the next power of two, at least 2^3", () => {
      expect([1, 8, 9, 16, 17, 1 << 20, (1 << 20) + 1].map(plonkPtauPower)).to.deep.equal([3, 3, 4, 4, 5, 20, 21]);
    });
  });

  describe("compileCircom", () => {
    it("compiles, then reuses the finished build", async () => {
      const outDir = path.join(tmp, "mul");
      const logged: string[] = [];
      const first = await compileCircom({ name: "mul", source: MUL_SOURCE, outDir, log: (l) => logged.push(l) });
      expect(first.cached).to.equal(false);
      expect(fs.readFileSync(first.sourcePath, "utf8")).to.equal(MUL_SOURCE);
      for (const f of [first.r1cs, first.wasm, first.sym]) expect(fs.existsSync(f), f).to.equal(true);
      expect(logged.some((l) => /non-linear constraints: 1/.test(l)), logged.join("\n")).to.equal(true);
      const second = await compileCircom({ name: "mul", source: MUL_SOURCE, outDir, log: quiet });
      expect(second).to.deep.equal({ ...first, cached: true });
      // a changed source in the same outDir is rebuilt, not reused
      const third = await compileCircom({ name: "mul", source: MUL_SOURCE + "\n", outDir, log: quiet });
      expect(third.cached).to.equal(false);
      expect(third.sourceSha256).to.not.equal(first.sourceSha256);
    });

    it("caches under <cacheRoot>/circuits/<name>-<key16>, keyed by the include dirs' files too", async () => {
      const saved = process.env.ZKVM_CACHE_DIR;
      process.env.ZKVM_CACHE_DIR = path.join(tmp, "cache");
      try {
        const lib = path.join(tmp, "lib");
        fs.mkdirSync(lib);
        fs.writeFileSync(path.join(lib, "square.circom"), "pragma circom 2.1.0;\ntemplate Sq() { signal input x; signal output y; y <== x * x; }\n");
        const source = 'pragma circom 2.1.0;\ninclude "square.circom";\ncomponent main = Sq();\n';
        const a = await compileCircom({ name: "sq", source, includeDirs: [lib], log: quiet });
        expect(path.dirname(a.dir)).to.equal(path.join(tmp, "cache", "circuits"));
        expect(path.basename(a.dir)).to.match(/^sq-[0-9a-f]{16}$/);
        expect((await compileCircom({ name: "sq", source, includeDirs: [lib], log: quiet })).cached).to.equal(true);
        fs.appendFileSync(path.join(lib, "square.circom"), "// changed\n");
        const b = await compileCircom({ name: "sq", source, includeDirs: [lib], log: quiet });
        expect(b.cached).to.equal(false);
        expect(b.dir).to.not.equal(a.dir);
        expect(fs.readdirSync(path.dirname(a.dir)).filter((n) => n.includes(".tmp-"))).to.deep.equal([]);
      } finally {
        if (saved === undefined) delete process.env.ZKVM_CACHE_DIR;
        else process.env.ZKVM_CACHE_DIR = saved;
      }
    });

    it("a syntax error: the Error carries circom's message and the source path", async () => {
      const source = MUL_SOURCE.replace("signal p;", "signal p");
      const outDir = path.join(tmp, "bad");
      let err: Error | undefined;
      try {
        await compileCircom({ name: "bad", source, outDir, log: quiet });
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message).to.match(/Missing semicolon/);
      expect(err?.message).to.include(path.join(`${outDir}.failed`, "bad.circom"));
      expect(fs.existsSync(path.join(outDir, "bad.r1cs"))).to.equal(false);
      expect(fs.readFileSync(path.join(`${outDir}.failed`, "bad.circom"), "utf8")).to.equal(source);
    });
  });

  describe("wasm-limits: V8's largest function", () => {
    /** A module with one function `() -> ()` whose body is `bodyBytes` bytes: no locals, nops, end. */
    const moduleWithBody = (bodyBytes: number): Uint8Array<ArrayBuffer> => {
      const leb = (n: number) => {
        const out: number[] = [];
        do {
          const b = n % 128;
          n = Math.floor(n / 128);
          out.push(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        return out;
      };
      const body = new Uint8Array(bodyBytes).fill(0x01); // nop
      body[0] = 0x00; // no local declarations
      body[bodyBytes - 1] = 0x0b; // end
      const code = [...leb(1), ...leb(bodyBytes)];
      const head = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, ...leb(code.length + bodyBytes), ...code];
      const m = new Uint8Array(head.length + bodyBytes);
      m.set(head);
      m.set(body, head.length);
      return m;
    };

    it("the constant is V8's: a function of that size loads, one byte more is refused, and the check agrees", async () => {
      const at = moduleWithBody(V8_MAX_WASM_FUNCTION_BYTES), over = moduleWithBody(V8_MAX_WASM_FUNCTION_BYTES + 1);
      expect(wasmFunctionSizes(at)).to.deep.equal([V8_MAX_WASM_FUNCTION_BYTES]);
      await WebAssembly.compile(at);
      let refused: Error | undefined;
      await WebAssembly.compile(over).catch((e: Error) => { refused = e; });
      expect(refused?.message).to.match(new RegExp(`size ${V8_MAX_WASM_FUNCTION_BYTES + 1} > maximum function size ${V8_MAX_WASM_FUNCTION_BYTES}`));
      const file = path.join(tmp, "big.wasm");
      fs.writeFileSync(file, at);
      checkWitnessGeneratorFits(file);
      fs.writeFileSync(file, over);
      expect(() => checkWitnessGeneratorFits(file)).to.throw(Error, /function 0 of the witness generator is 7654322 bytes, over V8's limit of 7654321/);
      fs.writeFileSync(file, "not wasm");
      expect(() => checkWitnessGeneratorFits(file)).to.throw(Error, /not a WebAssembly module/);
    });

    it("circom's witness generator is parsed: one function per template and helpers", async () => {
      const c = await compileCircom({ name: "mul", source: MUL_SOURCE, outDir: path.join(tmp, "mul-sizes"), log: quiet });
      const sizes = wasmFunctionSizes(fs.readFileSync(c.wasm));
      expect(sizes.length).to.be.greaterThan(1);
      for (const s of sizes) expect(s).to.be.within(1, V8_MAX_WASM_FUNCTION_BYTES);
    });
  });

  describe("computeWitness", () => {
    let mul: Awaited<ReturnType<typeof compileCircom>>;
    before(async () => {
      mul = await compileCircom({ name: "mul", source: MUL_SOURCE, outDir: path.join(tmp, "mul-w"), log: quiet });
    });

    it("a valid input: writes a witness that satisfies the r1cs", async () => {
      const w = await computeWitness(mul.wasm, { a: 3, b: 5n, c: "15" }, path.join(tmp, "ok.wtns"));
      expect(w.wtnsPath).to.equal(path.join(tmp, "ok.wtns"));
      expect(await checkWitnessAgainstR1cs(mul.r1cs, w.wtnsPath)).to.equal(true);
    });

    it("a tampered witness fails checkWitnessAgainstR1cs", async () => {
      const w = await computeWitness(mul.wasm, { a: 3, b: 5, c: 15 });
      const bytes = fs.readFileSync(w.wtnsPath);
      bytes[bytes.length - 32] ^= 1; // the last wire's value
      fs.writeFileSync(w.wtnsPath, bytes);
      expect(await checkWitnessAgainstR1cs(mul.r1cs, w.wtnsPath)).to.equal(false);
      fs.rmSync(w.wtnsPath);
    });

    it("a violated === throws WitnessError naming the template and line", async () => {
      let err: unknown;
      try {
        await computeWitness(mul.wasm, { a: 3, b: 5, c: 16 }, path.join(tmp, "bad.wtns"));
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(WitnessError);
      const we = err as WitnessError;
      expect(we.assertFailed).to.equal(true);
      expect(we.circomMessage).to.match(/^Assert Failed\. Error in template Mul_\d+ line: 8/);
      expect(we.message).to.include(we.circomMessage);
      expect(fs.existsSync(path.join(tmp, "bad.wtns"))).to.equal(false);
    });

    it("a generator that does not load (here: not wasm) is a plain Error naming it, not a WitnessError (no verdict on the input)", async () => {
      const bad = path.join(tmp, "not-wasm.wasm");
      fs.writeFileSync(bad, "this is not a wasm module");
      const err = await computeWitness(bad, { a: 3, b: 5, c: 15 }).catch((e) => e);
      expect(err).to.be.instanceOf(Error);
      expect(err).to.not.be.instanceOf(WitnessError);
      expect(err.message).to.match(/the witness generator .*not-wasm\.wasm cannot be loaded/);
    });

    it("an unknown input signal is a WitnessError too, not an assert failure", async () => {
      const err = await computeWitness(mul.wasm, { a: 1, b: 1, c: 1, d: 1 }).catch((e) => e);
      expect(err).to.be.instanceOf(WitnessError);
      expect(err.assertFailed).to.equal(false);
      expect(err.circomMessage).to.match(/signal d\b/i);
    });
  });
});

describe("circom under WASI (wrapper/circuit/circom-wasi.ts)", () => {
  it("passes every 32-bit argument of a WASI call on as unsigned (a pointer past 2 GiB), 64-bit ones and other imports as they are", () => {
    const seen: unknown[][] = [];
    const wrapped = unsignedArguments({
      wasi_snapshot_preview1: { path_open: (...a: unknown[]) => { seen.push(a); return 0; }, memoryLimit: 7 },
    });
    const big = 0x8000_0000 + 12345;
    expect((wrapped.wasi_snapshot_preview1.path_open as (...a: unknown[]) => number)(3, big | 0, -1, 5n)).to.equal(0);
    expect(seen).to.deep.equal([[3, big, 0xffff_ffff, 5n]]);
    expect(wrapped.wasi_snapshot_preview1.memoryLimit).to.equal(7);
  });
});
