// A recursion program: the straight-line verifier program that the recursion chips
// execute (README.md). It is data, not code: one typed-array column set per kind of
// operation, plus the order in which the operations run. The chips turn each kind into
// preprocessed columns, so the program's commitment is the recursion key.
//
// Memory is write-once: every address holds one block of 4 base-field words (an
// extension element; a base value is (v, 0, 0, 0)) and is written by exactly one
// operation, then read any number of times up to READ_CAP. The chips tie writes and
// reads on one LogUp bus with the tuple (addr, v0, v1, v2, v3); a write's multiplicity is
// its read count (preprocessed), so a read of a value nobody wrote cannot balance.
import { createHash } from "node:crypto";

/** The most reads of one address. The builder copies a value before it is read more
 * often, so a write's multiplicity (a preprocessed column) stays small enough that the
 * bus cap (prover/air/README.md, "Multiplicities") holds for recursion tables of up to
 * 2^20 rows in all. */
export const READ_CAP = 1024;

/** Words per bits decomposition: a canonical BabyBear value has 31 bits. */
export const BITS_PER_DECOMPOSITION = 31;
export const POSEIDON2_WIDTH = 16;
/** Base values one witness-base operation writes. */
export const WITNESS_BASE_LANES = 4;
/** Base pairs one select-base operation swaps under its one bit (half a digest). */
export const SELECT_BASE_LANES = 4;
/** Terms of one base-dot operation. */
export const BASE_DOT_TERMS = 4;

/** Operation kinds, in the `order` column. */
export const OpKind = {
  Const: 0,
  Witness: 1,
  BaseAlu: 2,
  ExtAlu: 3,
  Inv: 4,
  AssertEq: 5,
  Select: 6,
  Bits: 7,
  Poseidon2: 8,
  Public: 9,
  ExtFma: 10,
  WitnessBase: 11,
  SelectBase: 12,
  BaseDot: 13,
} as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];
export const OP_KIND_NAMES = ["const", "witness", "base-alu", "ext-alu", "inv", "assert-eq", "select", "bits", "poseidon2", "public", "ext-fma", "witness-base", "select-base", "base-dot"];

/** ALU opcodes (base and extension alike). */
export const AluOp = { Add: 0, Sub: 1, Mul: 2 } as const;
export type AluOp = (typeof AluOp)[keyof typeof AluOp];
export const ALU_OP_NAMES = ["add", "sub", "mul"];

/**
 * The program. For every kind, row i of its columns is that kind's i-th operation.
 * Semantics (what the chips must enforce, and `runProgram` checks):
 * - const:     mem[out] = value (4 words).
 * - witness:   mem[out] = the next block of the witness stream (supplied by the prover:
 *              proof data, inverses' and bits' values are NOT witness, they are outputs).
 * - witness-base: mem[out_i] = (w_i, 0, 0, 0) for the next block (w_0..w_3) of the stream:
 *              four base values the prover supplies, each at its own address.
 * - base-alu:  a, b are base values (limbs 1..3 zero); mem[out] = (a op b, 0, 0, 0).
 * - ext-alu:   mem[out] = a op b in F_p[x]/(x^4 - 11); base values are valid operands.
 * - ext-fma:   mem[out] = a·b + c in F_p[x]/(x^4 - 11) (the verifier's linear combinations:
 *              one operation per term instead of a product and a sum).
 * - base-dot:  mem[out] = mem[acc] + sum_k mem[c_k]·mem[v_k], k < 4: v_k base values,
 *              acc and c_k extension (the DEEP sums: four opened values per operation).
 * - inv:       mem[out] = 1 / mem[a] (a ≠ 0); `ext` 0: a is base, 1: extension.
 * - assert-eq: mem[a] = mem[b] (all 4 words).
 * - select:    bit is base 0 or 1; mem[out0] = bit ? mem[b] : mem[a],
 *              mem[out1] = bit ? mem[a] : mem[b] (a conditional swap).
 * - select-base: the same swap of four base pairs (a_i, b_i) under one bit: half of a
 *              Merkle path's digest pair per row.
 * - bits:      a is base; mem[out_i] = bit i of a's canonical value, i < 31.
 * - poseidon2: 16 base inputs -> the 16 base outputs of Poseidon2-BabyBear-16.
 * - public:    mem[a] (base) is public value number i of the recursion proof.
 */
export interface RecursionProgram {
  numAddrs: number;
  /** kind of the k-th operation to run, and its row in that kind's columns */
  order: { kind: Uint8Array; row: Int32Array };
  const: { out: Int32Array; value: Uint32Array /* 4 per row */ };
  witness: { out: Int32Array };
  witnessBase: { out: Int32Array /* 4 per row */ };
  baseAlu: { opcode: Uint8Array; a: Int32Array; b: Int32Array; out: Int32Array };
  extAlu: { opcode: Uint8Array; a: Int32Array; b: Int32Array; out: Int32Array };
  extFma: { a: Int32Array; b: Int32Array; c: Int32Array; out: Int32Array };
  baseDot: { acc: Int32Array; v: Int32Array /* 4 per row */; c: Int32Array /* 4 per row */; out: Int32Array };
  inv: { ext: Uint8Array; a: Int32Array; out: Int32Array };
  assertEq: { a: Int32Array; b: Int32Array };
  select: { bit: Int32Array; a: Int32Array; b: Int32Array; out0: Int32Array; out1: Int32Array };
  selectBase: { bit: Int32Array; a: Int32Array; b: Int32Array; out0: Int32Array; out1: Int32Array /* a..out1: 4 per row */ };
  bits: { a: Int32Array; out: Int32Array /* 31 per row, bit 0 first */ };
  poseidon2: { input: Int32Array /* 16 per row */; output: Int32Array /* 16 per row */ };
  public: { a: Int32Array };
  /** reads[addr]: how many times the program reads addr (the write's multiplicity). */
  reads: Uint32Array;
  /** log2 rows of the anchor table (chips/anchor.ts): the tallest table of every proof of
   * a kit's programs; absent: the minimum height. */
  anchorLogRows?: number;
}

/** Operation counts by kind, for reports and benchmarks. */
export function programStats(p: RecursionProgram): Record<string, number> {
  return {
    addresses: p.numAddrs,
    const: p.const.out.length,
    witness: p.witness.out.length,
    "witness-base": p.witnessBase.out.length / WITNESS_BASE_LANES,
    "base-alu": p.baseAlu.out.length,
    "ext-alu": p.extAlu.out.length,
    "ext-fma": p.extFma.out.length,
    "base-dot": p.baseDot.out.length,
    inv: p.inv.out.length,
    "assert-eq": p.assertEq.a.length,
    select: p.select.bit.length,
    "select-base": p.selectBase.bit.length,
    bits: p.bits.a.length,
    poseidon2: p.poseidon2.input.length / POSEIDON2_WIDTH,
    public: p.public.a.length,
  };
}

/** The addresses operation `row` of `kind` reads, in order. */
export function readsOf(p: RecursionProgram, kind: OpKind, row: number): number[] {
  switch (kind) {
    case OpKind.Const:
    case OpKind.Witness:
    case OpKind.WitnessBase:
      return [];
    case OpKind.BaseAlu:
      return [p.baseAlu.a[row], p.baseAlu.b[row]];
    case OpKind.ExtAlu:
      return [p.extAlu.a[row], p.extAlu.b[row]];
    case OpKind.ExtFma:
      return [p.extFma.a[row], p.extFma.b[row], p.extFma.c[row]];
    case OpKind.BaseDot:
      return [p.baseDot.acc[row], ...rowOf(p.baseDot.v, BASE_DOT_TERMS, row), ...rowOf(p.baseDot.c, BASE_DOT_TERMS, row)];
    case OpKind.Inv:
      return [p.inv.a[row]];
    case OpKind.AssertEq:
      return [p.assertEq.a[row], p.assertEq.b[row]];
    case OpKind.Select:
      return [p.select.bit[row], p.select.a[row], p.select.b[row]];
    case OpKind.SelectBase:
      return [p.selectBase.bit[row], ...rowOf(p.selectBase.a, SELECT_BASE_LANES, row), ...rowOf(p.selectBase.b, SELECT_BASE_LANES, row)];
    case OpKind.Bits:
      return [p.bits.a[row]];
    case OpKind.Poseidon2:
      return rowOf(p.poseidon2.input, POSEIDON2_WIDTH, row);
    case OpKind.Public:
      return [p.public.a[row]];
  }
}

/** The addresses operation `row` of `kind` writes. */
export function writesOf(p: RecursionProgram, kind: OpKind, row: number): number[] {
  switch (kind) {
    case OpKind.Const:
      return [p.const.out[row]];
    case OpKind.Witness:
      return [p.witness.out[row]];
    case OpKind.WitnessBase:
      return rowOf(p.witnessBase.out, WITNESS_BASE_LANES, row);
    case OpKind.BaseAlu:
      return [p.baseAlu.out[row]];
    case OpKind.ExtAlu:
      return [p.extAlu.out[row]];
    case OpKind.ExtFma:
      return [p.extFma.out[row]];
    case OpKind.BaseDot:
      return [p.baseDot.out[row]];
    case OpKind.Inv:
      return [p.inv.out[row]];
    case OpKind.Select:
      return [p.select.out0[row], p.select.out1[row]];
    case OpKind.SelectBase:
      return [...rowOf(p.selectBase.out0, SELECT_BASE_LANES, row), ...rowOf(p.selectBase.out1, SELECT_BASE_LANES, row)];
    case OpKind.Bits:
      return rowOf(p.bits.out, BITS_PER_DECOMPOSITION, row);
    case OpKind.Poseidon2:
      return rowOf(p.poseidon2.output, POSEIDON2_WIDTH, row);
    case OpKind.AssertEq:
    case OpKind.Public:
      return [];
  }
}

/** Row `row`'s `width` addresses of a column that holds `width` per row (lanes, terms, bits, permutation words). */
function rowOf(col: Int32Array, width: number, row: number): number[] {
  return Array.from(col.subarray(width * row, width * (row + 1)));
}

/** Where the witness stream holds the value written at `addr` (a word index), or -1:
 * witness and witness-base operations each take the next 4 words, in program order. */
export function witnessStreamIndex(p: RecursionProgram, addr: number): number {
  let at = 0;
  for (let s = 0; s < p.order.kind.length; s++) {
    const kind = p.order.kind[s], row = p.order.row[s];
    if (kind === OpKind.Witness) {
      if (p.witness.out[row] === addr) return at;
    } else if (kind === OpKind.WitnessBase) {
      const lane = p.witnessBase.out.subarray(WITNESS_BASE_LANES * row, WITNESS_BASE_LANES * (row + 1)).indexOf(addr);
      if (lane >= 0) return at + lane;
    } else continue;
    at += 4;
  }
  return -1;
}

/** Every column of a program, in one fixed order (programsEqual, programHash). */
function programColumns(p: RecursionProgram): ArrayLike<number>[] {
  return [
    p.order.kind, p.order.row, p.const.out, p.const.value, p.witness.out,
    p.baseAlu.opcode, p.baseAlu.a, p.baseAlu.b, p.baseAlu.out,
    p.extAlu.opcode, p.extAlu.a, p.extAlu.b, p.extAlu.out,
    p.extFma.a, p.extFma.b, p.extFma.c, p.extFma.out, p.witnessBase.out,
    p.baseDot.acc, p.baseDot.v, p.baseDot.c, p.baseDot.out,
    p.inv.ext, p.inv.a, p.inv.out, p.assertEq.a, p.assertEq.b,
    p.select.bit, p.select.a, p.select.b, p.select.out0, p.select.out1,
    p.selectBase.bit, p.selectBase.a, p.selectBase.b, p.selectBase.out0, p.selectBase.out1,
    p.bits.a, p.bits.out, p.poseidon2.input, p.poseidon2.output, p.public.a, p.reads,
  ];
}

/**
 * Two programs are the same program (same recursion key) when every column agrees:
 * a recursion proof of one shape must be made by the very program its key commits to.
 */
export function programsEqual(x: RecursionProgram, y: RecursionProgram): boolean {
  if (x.numAddrs !== y.numAddrs || (x.anchorLogRows ?? 0) !== (y.anchorLogRows ?? 0)) return false;
  const cx = programColumns(x), cy = programColumns(y);
  return cx.every((a, i) => a.length === cy[i].length && Array.prototype.every.call(a, (v: number, j: number) => v === cy[i][j]));
}

/**
 * SHA-256 of every column (each with its length) and the sizes: equal for two programs
 * exactly when programsEqual (up to SHA-256), so a stored key can name its program
 * (wrapper/recursion/kit-cache.ts) without storing it.
 */
export function programHash(p: RecursionProgram): string {
  const h = createHash("sha256");
  h.update(Uint32Array.of(p.numAddrs, p.anchorLogRows ?? 0));
  for (const col of programColumns(p)) {
    const words = Uint32Array.from(col as ArrayLike<number>, (v) => v >>> 0);
    h.update(Uint32Array.of(words.length)).update(words);
  }
  return h.digest("hex");
}
