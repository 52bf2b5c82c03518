// V8, Node's engine, refuses a WebAssembly module that has a function body over
// 7,654,321 bytes (kV8MaxWasmFunctionSize, v8 src/wasm/wasm-limits.h). circom's wasm
// witness generator has one function per template, so a circuit with one huge template
// compiles fine and fails only when its witness is computed. For the 100-bit wrap that
// came after a 33-minute Groth16 setup. compileCircom checks every build with this,
// so the failure comes at compile time, with its cause.
// test/wrapper/circuit-utils.test.ts checks that the constant is V8's limit.
import fs from "node:fs";

export const V8_MAX_WASM_FUNCTION_BYTES = 7_654_321;

/** The body size of every function in a wasm module's code section (section 10). */
export function wasmFunctionSizes(bytes: Uint8Array): number[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error("not a WebAssembly module (no \\0asm header)");
  }
  let p = 8;
  const leb = (): number => {
    let r = 0, scale = 1, x: number;
    do {
      if (p >= bytes.length) throw new Error("truncated WebAssembly module");
      x = bytes[p++];
      r += (x & 0x7f) * scale;
      scale *= 128;
    } while (x & 0x80);
    return r;
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 10) {
      const count = leb();
      const sizes: number[] = [];
      for (let i = 0; i < count; i++) {
        const s = leb();
        sizes.push(s);
        p += s;
      }
      return sizes;
    }
    p = end;
  }
  return [];
}

/** Throws when V8 would refuse the witness generator at `wasmPath`. */
export function checkWitnessGeneratorFits(wasmPath: string): void {
  const sizes = wasmFunctionSizes(fs.readFileSync(wasmPath));
  let largest = 0;
  sizes.forEach((s, i) => {
    if (s > sizes[largest]) largest = i;
  });
  if (sizes.length > 0 && sizes[largest] > V8_MAX_WASM_FUNCTION_BYTES) {
    throw new Error(`${wasmPath}: function ${largest} of the witness generator is ${sizes[largest]} bytes, over V8's limit ` +
      `of ${V8_MAX_WASM_FUNCTION_BYTES}, so Node cannot load it. circom makes one function per template: split the ` +
      "largest template (wrapper/circuit/templates.ts)");
  }
}
