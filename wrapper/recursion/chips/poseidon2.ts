// The Poseidon2 chip of the recursion VM: one row per `poseidon2` operation of the
// program (wrapper/recursion/program.ts), the whole permutation on one row ("wide").
//
// API (what the table set imports):
//   poseidon2Air                                the AIR, name "recursion.poseidon2"
//   poseidon2Preprocessed(program, minLogRows?) preprocessed columns: depend on the program
//                                               only, so they are part of the key
//   poseidon2Main(program, memory, minLogRows?) main columns from the memory's values
//                                               (runProgram's or ProgramBuilder's memory:
//                                               4 words per address)
//   poseidon2Trace(program, memory, minLogRows?) both: { preprocessed, main }
//   poseidon2LogRows(program, minLogRows?)      the table's height, log2 (at least
//                                               MIN_LOG_ROWS and minLogRows)
//   BUS_RECURSION_MEM                           "recursion.mem"
//   POSEIDON2_PREPROCESSED_COLUMNS, POSEIDON2_MAIN_COLUMNS (poseidon2-layout.ts)
//
// Preprocessed columns (49): inAddr0..15, outAddr0..15, outReads0..15 (program.reads of
// each output address: the write's multiplicity, at most READ_CAP), isReal.
// Main columns (298, poseidon2-layout.ts): the 16 inputs, then per external round 16
// cubes x^3 and 16 S-box outputs x^7, per internal round one of each. Constraints: for
// every S-box with input x (an affine expression of earlier columns, the round constants
// literal): cube = x·x·x and sbox = cube·cube·x, so the maximum degree is 3 (the LogUp
// pairs are degree 3 too: blowup 4 and 2 quotient chunks, like the RV32IM chips).
// Storing only the S-box outputs would take 157 columns but degree 7 (blowup 8 and 6
// quotient chunks), which costs more LDE cells than the 141 extra columns.
// The internal rounds enter the constraints as flat affine forms (poseidon2-layout.ts
// internalAffine) rather than 13 nested linear layers: nested, every internal constraint
// drags the whole chain into its own generated function (prover/air/codegen.ts), the
// quotient evaluator was 2.8 MB with functions too large for V8 to optimise (4.8 ms per
// LDE row); flat, it is 0.84 MB and ~32 us per row on one core. V8 still spends seconds
// compiling it, once per thread and process.
//
// Bus `recursion.mem` (wrapper/recursion/README.md): each input is RECEIVED as the base
// read (inAddr_i, in_i, 0, 0, 0) with multiplicity isReal; each output is SENT as the
// write (outAddr_i, out_i, 0, 0, 0) with multiplicity outReads_i. 32 interactions, paired
// into 16 aux columns. Padding rows (isReal = 0, read counts 0, addresses 0) hold the
// permutation of zeros, so every constraint holds on every row.
//
// Bus cap: the 16 writes each declare [0, READ_CAP], so this table alone adds up to
// 16·READ_CAP·rows = 2^14·rows sends: the recursion table set must keep the sum over its
// tables below p (a 2^16-row Poseidon2 table takes 2^30 of it).
import { defineAir } from "../../../prover/air/builder.ts";
import type { Expr } from "../../../prover/air/expr.ts";
import { MIN_LOG_ROWS, logRowsFor } from "../../../prover/chips/layout.ts";
import { POSEIDON2_WIDTH, READ_CAP, type RecursionProgram } from "../program.ts";
import {
  POSEIDON2_MAIN_COLUMNS, POSEIDON2_MAIN_WIDTH, WIDTH, extCubeName, extSboxName, intCubeName, intSboxName, inputName,
  HALF_F, ROUNDS_F, ROUNDS_P, affineForm, externalLayer, externalRound, internalAffine, permutationRow, type LinearOps,
} from "./poseidon2-layout.ts";

export { POSEIDON2_MAIN_COLUMNS, POSEIDON2_MAIN_WIDTH };

/** The recursion memory bus (README.md): tuple (addr, v0, v1, v2, v3). */
export const BUS_RECURSION_MEM = "recursion.mem";

const inAddrName = (i: number) => `inAddr${i}`;
const outAddrName = (i: number) => `outAddr${i}`;
const outReadsName = (i: number) => `outReads${i}`;

export const POSEIDON2_PREPROCESSED_COLUMNS: readonly string[] = [
  ...Array.from({ length: WIDTH }, (_, i) => inAddrName(i)),
  ...Array.from({ length: WIDTH }, (_, i) => outAddrName(i)),
  ...Array.from({ length: WIDTH }, (_, i) => outReadsName(i)),
  "isReal",
];

if (WIDTH !== POSEIDON2_WIDTH) throw new Error("poseidon2 chip: the program's width differs from the permutation's");

export const poseidon2Air = defineAir({
  name: "recursion.poseidon2",
  main: POSEIDON2_MAIN_COLUMNS,
  preprocessed: POSEIDON2_PREPROCESSED_COLUMNS,
  build(b) {
    const m = (name: string) => b.main[name].cur;
    const pp = (name: string) => b.prep[name].cur;
    const lin: LinearOps<Expr> = {
      add: (x, y) => b.add(x, y),
      scale: (x, c) => b.mul(x, c),
      addConst: (x, c) => b.add(x, c),
    };
    const cubeOf = (x: Expr) => b.mul(b.mul(x, x), x);
    const sbox = (cube: Expr, x: Expr) => b.mul(b.mul(cube, cube), x);
    const inputs = Array.from({ length: WIDTH }, (_, i) => m(inputName(i)));
    const hooks = {
      external(r: number, i: number, x: Expr) {
        const cube = m(extCubeName(r, i)), out = m(extSboxName(r, i));
        b.assertEq(cube, cubeOf(x), `ext${r} cube ${i}`);
        b.assertEq(out, sbox(cube, x), `ext${r} sbox ${i}`);
        return out;
      },
      internal(r: number, x: Expr) {
        const cube = m(intCubeName(r)), out = m(intSboxName(r));
        b.assertEq(cube, cubeOf(x), `int${r} cube`);
        b.assertEq(out, sbox(cube, x), `int${r} sbox`);
        return out;
      },
    };
    // The same rounds as walkPermutation, with the internal ones flattened into affine
    // forms over (the 16 lanes entering them, the internal S-box outputs): each internal
    // S-box input, and each lane leaving them, is one flat sum instead of 13 nested layers.
    let s = externalLayer(lin, inputs);
    for (let r = 0; r < HALF_F; r++) s = externalRound(lin, s, r, hooks);
    const basis = [...s, ...Array.from({ length: ROUNDS_P }, (_, r) => m(intSboxName(r)))];
    const flat = (f: Uint32Array) => affineForm(lin, (c) => b.const(c), basis, f);
    const aff = internalAffine();
    aff.x.forEach((f, r) => {
      if (f.subarray(WIDTH + r, basis.length).some((c) => c !== 0)) throw new Error(`poseidon2 chip: internal round ${r} depends on a later S-box`);
      hooks.internal(r, flat(f));
    });
    s = aff.out.map(flat);
    for (let r = HALF_F; r < ROUNDS_F; r++) s = externalRound(lin, s, r, hooks);
    const outputs = s;
    const isReal = pp("isReal");
    b.assertBool(isReal, "isReal is 0/1");
    for (let i = 0; i < WIDTH; i++) {
      b.receive(BUS_RECURSION_MEM, [pp(inAddrName(i)), inputs[i], 0, 0, 0], isReal);
    }
    for (let i = 0; i < WIDTH; i++) {
      // fixed by the key: poseidon2Preprocessed writes program.reads, refused above READ_CAP
      const reads = pp(outReadsName(i));
      b.declareRange(reads, READ_CAP);
      b.send(BUS_RECURSION_MEM, [pp(outAddrName(i)), outputs[i], 0, 0, 0], reads);
    }
  },
});

function operations(program: RecursionProgram): number {
  return program.poseidon2.input.length / WIDTH;
}

/** The table's height (log2): room for every operation, at least 2^max(MIN_LOG_ROWS, minLogRows). */
export function poseidon2LogRows(program: RecursionProgram, minLogRows = MIN_LOG_ROWS): number {
  return logRowsFor(operations(program), Math.max(MIN_LOG_ROWS, minLogRows));
}

/** The preprocessed columns (POSEIDON2_PREPROCESSED_COLUMNS order): the program's part of the key. */
export function poseidon2Preprocessed(program: RecursionProgram, minLogRows = MIN_LOG_ROWS): Uint32Array[] {
  const n = 1 << poseidon2LogRows(program, minLogRows);
  const ops = operations(program);
  const { input, output } = program.poseidon2;
  if (output.length !== input.length) throw new Error(`poseidon2 chip: ${input.length} input and ${output.length} output addresses`);
  const cols = POSEIDON2_PREPROCESSED_COLUMNS.map(() => new Uint32Array(n));
  const isReal = cols[3 * WIDTH];
  for (let r = 0; r < ops; r++) {
    for (let i = 0; i < WIDTH; i++) {
      const a = input[WIDTH * r + i], o = output[WIDTH * r + i];
      if (!(a >= 0 && a < program.numAddrs) || !(o >= 0 && o < program.numAddrs)) {
        throw new RangeError(`poseidon2 #${r}: address ${a} or ${o} is outside memory (${program.numAddrs} addresses)`);
      }
      const reads = program.reads[o];
      if (reads > READ_CAP) throw new RangeError(`poseidon2 #${r}: output address ${o} is read ${reads} times, over READ_CAP = ${READ_CAP}`);
      cols[i][r] = a;
      cols[WIDTH + i][r] = o;
      cols[2 * WIDTH + i][r] = reads;
    }
    isReal[r] = 1;
  }
  return cols;
}

let zeroRow: Uint32Array | null = null;

/** The main columns (POSEIDON2_MAIN_COLUMNS order): each operation's inputs read from
 * `memory` (4 words per address; an input must be a base value, limbs 1..3 zero), and
 * the round values computed from them. Padding rows: the permutation of zeros. */
export function poseidon2Main(program: RecursionProgram, memory: Uint32Array, minLogRows = MIN_LOG_ROWS): Uint32Array[] {
  const n = 1 << poseidon2LogRows(program, minLogRows);
  const ops = operations(program);
  const { input } = program.poseidon2;
  const cols = POSEIDON2_MAIN_COLUMNS.map(() => new Uint32Array(n));
  const row = new Uint32Array(POSEIDON2_MAIN_WIDTH);
  const state = new Uint32Array(WIDTH);
  for (let r = 0; r < ops; r++) {
    for (let i = 0; i < WIDTH; i++) {
      const a = input[WIDTH * r + i];
      if (!(a >= 0 && 4 * a + 4 <= memory.length)) throw new RangeError(`poseidon2 #${r}: input address ${a} is outside memory`);
      if (memory[4 * a + 1] !== 0 || memory[4 * a + 2] !== 0 || memory[4 * a + 3] !== 0) {
        throw new TypeError(`poseidon2 #${r}: input ${i} at address ${a} is an extension value, not a base one`);
      }
      state[i] = memory[4 * a];
    }
    permutationRow(state, row);
    for (let c = 0; c < POSEIDON2_MAIN_WIDTH; c++) cols[c][r] = row[c];
  }
  if (ops < n) {
    if (!zeroRow) {
      zeroRow = new Uint32Array(POSEIDON2_MAIN_WIDTH);
      permutationRow(new Uint32Array(WIDTH), zeroRow);
    }
    for (let c = 0; c < POSEIDON2_MAIN_WIDTH; c++) cols[c].fill(zeroRow[c], ops);
  }
  return cols;
}

/** Both parts of the table's trace. */
export function poseidon2Trace(program: RecursionProgram, memory: Uint32Array, minLogRows = MIN_LOG_ROWS): { preprocessed: Uint32Array[]; main: Uint32Array[] } {
  return { preprocessed: poseidon2Preprocessed(program, minLogRows), main: poseidon2Main(program, memory, minLogRows) };
}
