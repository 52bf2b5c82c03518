// SPDX-License-Identifier: GPL-3.0
//
// A plugin for ffjavascript's BN254 WebAssembly module: batched affine point addition
// over our own base-field arithmetic (wasm-field.ts), and point format conversions.
//
// Why batched affine: the development ceremony computes millions of fixed-base multiples
// k·G, each a sum of table points. Adding in affine coordinates costs one field inversion
// per addition; Montgomery's trick shares one inversion across a whole batch (3
// multiplications each), so an addition costs 5M + 1S instead of the 7M + 4S of a
// Jacobian+affine ("mixed") addition, and the result is already affine, as the .ptau file
// stores it. Running the loop inside the module avoids a JS-to-wasm call per operation.
//
// The plugin is built with wasmbuilder's code builder (the module builder that
// ffjavascript hands to `buildBn128(singleThread, plugins)`).
//
//   ptau_batchAddAffine_g1(pTriples, n, pScratch) -> i32
//   ptau_batchAddAffine_g2(pTriples, n, pScratch) -> i32
//
// Points here are affine (x, y) in wasm-field.ts's representation ("internal": G1 72
// bytes, G2 144 bytes). pTriples holds n triples of i32 pointers (out, a, b):
// out = a + b. `out` may equal `a`; no `out` may be an input of another triple of the
// same call. Preconditions (the caller guarantees them, see fixed-base.ts): a and b are
// finite and a != ±b. If some a.x == b.x anyway, the shared denominator is zero and the
// function returns 1 without writing anything, so the caller can fail loudly instead of
// writing a wrong point. pScratch must hold n field elements.
//
//   ptau_fromLEM_g1/g2(pIn, n, pOut), ptau_toLEM_g1/g2(pIn, n, pOut): n points between
//   the .ptau encoding (LEM, 64/128 bytes) and the internal one.
import { addFieldFunctions, FQ_BYTES } from "./wasm-field.ts";

/** Bytes of an affine point in the kernel's internal representation. */
export const INTERNAL_POINT_BYTES = { G1: 4 * FQ_BYTES / 2, G2: 4 * FQ_BYTES } as const;

/** Adds the field, batched addition and conversion functions to a module builder. */
export function ptauPlugin(module: any): void {
  addFieldFunctions(module);
  addBatchAffine(module, "ptau_batchAddAffine_g1", "fq", FQ_BYTES);
  addBatchAffine(module, "ptau_batchAddAffine_g2", "fq2", 2 * FQ_BYTES);
  for (const [g, F, el, lem] of [["g1", "fq", FQ_BYTES, 32], ["g2", "fq2", 2 * FQ_BYTES, 64]] as const) {
    addPointLoop(module, `ptau_fromLEM_${g}`, `${F}_fromWords`, lem, el);
    addPointLoop(module, `ptau_toLEM_${g}`, `${F}_toWords`, el, lem);
  }
}

/** for i < n: convert x and y of point i (inSize-byte coordinates) to outSize-byte ones. */
function addPointLoop(module: any, name: string, conv: string, inSize: number, outSize: number): void {
  const f = module.addFunction(name);
  f.addParam("pIn", "i32");
  f.addParam("n", "i32");
  f.addParam("pOut", "i32");
  f.addLocal("i", "i32");
  const c = f.getCodeBuilder();
  const get = (v: string) => c.getLocal(v);
  const call = (o: number[], i: number[]) => c.call(conv, o, i); // both conversions are (out, in)
  f.addCode(
    c.setLocal("i", c.i32_const(0)),
    c.block(c.loop(
      c.br_if(1, c.i32_eq(get("i"), get("n"))),
      call(get("pOut"), get("pIn")),
      call(c.i32_add(get("pOut"), c.i32_const(outSize)), c.i32_add(get("pIn"), c.i32_const(inSize))),
      c.setLocal("pIn", c.i32_add(get("pIn"), c.i32_const(2 * inSize))),
      c.setLocal("pOut", c.i32_add(get("pOut"), c.i32_const(2 * outSize))),
      c.setLocal("i", c.i32_add(get("i"), c.i32_const(1))),
      c.br(0),
    )),
  );
  module.exportFunction(name);
}

function addBatchAffine(module: any, name: string, F: string, n8: number): void {
  const f = module.addFunction(name);
  f.addParam("pTriples", "i32");
  f.addParam("n", "i32");
  f.addParam("pScratch", "i32");
  f.setReturnType("i32");
  f.addLocal("i", "i32");
  f.addLocal("pT", "i32");
  f.addLocal("pA", "i32");
  f.addLocal("pB", "i32");
  f.addLocal("pOut", "i32");
  f.addLocal("pS", "i32");
  const c = f.getCodeBuilder();

  // Static temporaries inside the module's data area.
  const tmp = (): number[] => c.i32_const(module.alloc(n8));
  const PROD = tmp(), INV = tmp(), D = tmp(), DINV = tmp(), LAMBDA = tmp();
  const X3 = tmp(), Y3 = tmp(), T = tmp();

  const get = (v: string) => c.getLocal(v);
  const set = (v: string, e: number[]) => c.setLocal(v, e);
  const add = (a: number[], b: number[]) => c.i32_add(a, b);
  const k = (x: number) => c.i32_const(x);
  const yOf = (p: string) => add(get(p), k(n8));
  const loadTriple = [
    set("pOut", c.i32_load(get("pT"))),
    set("pA", c.i32_load(get("pT"), 4)),
    set("pB", c.i32_load(get("pT"), 8)),
  ];

  f.addCode(
    // Pass 1: scratch[i] = d_0 · … · d_{i-1}, where d_i = b.x − a.x.
    c.call(F + "_one", PROD),
    set("pT", get("pTriples")),
    set("pS", get("pScratch")),
    set("i", k(0)),
    c.block(c.loop(
      c.br_if(1, c.i32_eq(get("i"), get("n"))),
      ...loadTriple,
      c.call(F + "_copy", get("pS"), PROD),
      c.call(F + "_sub", D, get("pB"), get("pA")),
      c.call(F + "_mul", PROD, PROD, D),
      set("pT", add(get("pT"), k(12))),
      set("pS", add(get("pS"), k(n8))),
      set("i", add(get("i"), k(1))),
      c.br(0),
    )),
    c.if(c.call(F + "_isZero", PROD), c.ret(k(1))),
    c.call(F + "_inverse", INV, PROD),

    // Pass 2, backwards: INV holds 1/(d_0 · … · d_i); peel off one d_i per step.
    c.block(c.loop(
      c.br_if(1, c.i32_eqz(get("i"))),
      set("i", c.i32_sub(get("i"), k(1))),
      set("pT", c.i32_sub(get("pT"), k(12))),
      set("pS", c.i32_sub(get("pS"), k(n8))),
      ...loadTriple,
      c.call(F + "_sub", D, get("pB"), get("pA")),
      c.call(F + "_mul", DINV, INV, get("pS")), // 1/d_i
      c.call(F + "_mul", INV, INV, D), // 1/(d_0 · … · d_{i-1})
      c.call(F + "_sub", T, yOf("pB"), yOf("pA")),
      c.call(F + "_mul", LAMBDA, DINV, T), // slope (first operand reduced: see wasm-field.ts)
      c.call(F + "_sqr", X3, LAMBDA),
      c.call(F + "_subr", X3, X3, get("pA")),
      c.call(F + "_subr", X3, X3, get("pB")), // x3 = λ² − a.x − b.x
      c.call(F + "_sub", T, get("pA"), X3),
      c.call(F + "_mul", Y3, LAMBDA, T),
      c.call(F + "_subr", Y3, Y3, yOf("pA")), // y3 = λ(a.x − x3) − a.y
      c.call(F + "_copy", get("pOut"), X3),
      c.call(F + "_copy", yOf("pOut"), Y3),
      c.br(0),
    )),
    k(0),
  );
  module.exportFunction(name);
}
