// SPDX-License-Identifier: GPL-3.0
//
// A plugin for ffjavascript's BN254 WebAssembly module: batched affine point addition.
//
// Why: the development ceremony computes millions of fixed-base multiples k·G, each a sum
// of table points. Adding in affine coordinates costs one field inversion per addition;
// Montgomery's trick shares one inversion across a whole batch (3 multiplications each),
// so an addition costs 5M + 1S instead of the 7M + 4S of a Jacobian+affine ("mixed")
// addition, and the result is already affine, as the .ptau file stores it. Running the
// loop inside the module avoids one JS-to-wasm call per field operation.
//
// The plugin is built with wasmbuilder's code builder (the module builder that
// ffjavascript hands to `buildBn128(singleThread, plugins)`); it calls the module's own
// field functions (f1m_* for G1 over Fq, f2m_* for G2 over Fq2, Montgomery form).
//
//   ptau_batchAddAffine_g1(pTriples, n, pScratch) -> i32
//   ptau_batchAddAffine_g2(pTriples, n, pScratch) -> i32
//
// pTriples holds n triples of i32 pointers (out, a, b): out = a + b for affine points.
// `out` may equal `a`; no `out` may be an input of another triple of the same call.
// Preconditions (the caller guarantees them, see fixed-base.ts): a and b are finite and
// a != ±b. If some a.x == b.x anyway, the shared denominator is zero and the function
// returns 1 without writing anything, so the caller can fail loudly instead of writing a
// wrong point. pScratch must hold n field elements.

/** Adds the batched affine addition functions to an ffjavascript module builder. */
export function ptauPlugin(module: any): void {
  addBatchAffine(module, "ptau_batchAddAffine_g1", "f1m", 32);
  addBatchAffine(module, "ptau_batchAddAffine_g2", "f2m", 64);
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
      c.call(F + "_copy", PROD, get("pS")),
      c.call(F + "_sub", get("pB"), get("pA"), D),
      c.call(F + "_mul", PROD, D, PROD),
      set("pT", add(get("pT"), k(12))),
      set("pS", add(get("pS"), k(n8))),
      set("i", add(get("i"), k(1))),
      c.br(0),
    )),
    c.if(c.call(F + "_isZero", PROD), c.ret(k(1))),
    c.call(F + "_inverse", PROD, INV),

    // Pass 2, backwards: INV holds 1/(d_0 · … · d_i); peel off one d_i per step.
    c.block(c.loop(
      c.br_if(1, c.i32_eqz(get("i"))),
      set("i", c.i32_sub(get("i"), k(1))),
      set("pT", c.i32_sub(get("pT"), k(12))),
      set("pS", c.i32_sub(get("pS"), k(n8))),
      ...loadTriple,
      c.call(F + "_sub", get("pB"), get("pA"), D),
      c.call(F + "_mul", INV, get("pS"), DINV), // 1/d_i
      c.call(F + "_mul", INV, D, INV), // 1/(d_0 · … · d_{i-1})
      c.call(F + "_sub", yOf("pB"), yOf("pA"), T),
      c.call(F + "_mul", T, DINV, LAMBDA), // slope
      c.call(F + "_square", LAMBDA, X3),
      c.call(F + "_sub", X3, get("pA"), X3),
      c.call(F + "_sub", X3, get("pB"), X3), // x3 = λ² − a.x − b.x
      c.call(F + "_sub", get("pA"), X3, T),
      c.call(F + "_mul", LAMBDA, T, Y3),
      c.call(F + "_sub", Y3, yOf("pA"), Y3), // y3 = λ(a.x − x3) − a.y
      c.call(F + "_copy", X3, get("pOut")),
      c.call(F + "_copy", Y3, yOf("pOut")),
      c.br(0),
    )),
    k(0),
  );
  module.exportFunction(name);
}
