// The narrow table set for the shrink proof: ONE table that proves any recursion program
// (program.ts) with 29 main and 24 preprocessed columns, taller rather than wider, for a
// proof whose verifier (the wrap circuit) pays per opened column (wrapper/recursion/
// README.md, "What the shrink must look like"). Same memory bus (`recursion.mem`, tuple
// (addr, v0..v3), a write sends with the read count, a read receives with 1), same
// public-value mechanism as chips/public.ts (plain AIR public values pinned by
// constraints, so the STARK verifier alone checks them).
//
// Columns
//   main  x0..x15   the Poseidon2 state, or an ALU row's a = x0..3, b = x4..7, out = x8..11,
//                   the select bit c = x12, out1 = (x13, x14, x15, w0) (a bits row uses
//                   x0, x8, x12..x14)
//         w0..w12   the 13 internal S-box outputs of a Poseidon2 block's internal row
//   prep  s0..s15   16 slots: addresses, read counts, round constants, per-row flags (their
//                   meaning depends on the row kind, below)
//         isAlu, isBits, isIn, isLin, isExt, isInt, isOut, isPubCarry   row kinds
//
// Row kinds (the key fixes every row's kind and slots; the prover fills only main):
// - ALU row (isAlu): s0 addrA, s1 addrB, s2 addrC, s3 addrOut, s4 addrOut1, s5 read count
//   of out (0: no write), s6 read count of out1, then one-hot s7 add, s8 sub, s9 mul,
//   s10 select, s11 assert-eq, s12 inv, s13 base (operands limbs 1..3 zero), s14 const.
//     add/sub/mul: out = a op b in F_p[x]/(x^4 - 11) (base-alu: the same with s13; an
//     ext-fma a·b + c is two rows, a mul into an address of its own past the program's,
//     read once by an add; a base-dot is its four terms' fmas, the partial sums at
//     addresses of their own too);
//     inv: a·b = 1, out = b (b is the prover's, not read); select: c·(c-1) = 0,
//     out = a + c·(b - a), out1 = a + b - out; assert-eq: a = b; const: out = (s0, s1,
//     s2, s15). out1 = (x13, x14, x15, w0) is free but on select rows: every other ALU row
//     writes one witness block there (s4, s6), and the witnesses left over go two to a
//     row (out and out1) with no op flag.
// - bits rows (isBits): 31 consecutive rows k = 0..30 decompose one value. s0 addrA,
//   s3 the address of bit k, s5 its read count, s7 = 2^k, s8 [k = 0], s9 [k = 27], s10
//   [k >= 28], s11 [k = 30]. x8 = bit k (boolean, written), x12 = sum_{i<k} bit_i·2^i
//   (0 at k = 0, stepped row to row), at k = 30 x0 = x12 + x8·2^30 is read as a base value;
//   x13 = the low 27 bits' sum and x14 = the product of bits 27..k from k = 27 on, and at
//   k = 30 x14·x13 = 0: canonical (below p = 15·2^27 + 1), as chips/bits.ts.
// - Poseidon2 block (12 rows from R; a transition's flag and round constants sit on its
//   source row): R isLin, slots = the 16 input addresses, x = the inputs (each read as a
//   base value on its lane), x_{R+1} = M_E(x_R); R+1..R+4 isExt, slots = round r's
//   constants: x' = M_E(sbox(x + s)); R+5 isInt: the 13 internal rounds at once, w on R+6
//   their S-box outputs, each S-box input and the outgoing lanes flat affine forms
//   (chips/poseidon2-layout.ts internalAffine); R+6..R+9 isExt: rounds 4..7; R+10 isOut:
//   x = the outputs, slots = the 16 output addresses, each lane written with the read
//   count in the same slot of R+11 (which holds nothing else). The S-box rounds are one
//   degree-8 constraint per lane (flag · x^7), so the table's quotient has 7 chunks:
//   blowup 8 at least (the wrap preset has 64).
// - public rows: public value k sits on lane j of row 0 (k = j), row 1 (k = 16 + j), row 2
//   (k = 32 + j, j < 13, carried from row 1's w: isPubCarry on row 1) or the last row (k = 45 + j),
//   pinned to AIR public value k by isFirstRow / isLastRow constraints and read from memory
//   on its lane (isIn). Lanes of a public row without a public read a constant 0 at an
//   extra address (numAddrs) that one more const row writes. At most 61 public values.
//
// Bus: 16 lane interactions (slot_j, x_j, 0, 0, 0) with multiplicity isOut·s_j(next) -
// isIn - isLin, and the ALU's readA (s0, a), readB (s1, b), readC (s2, c, 0, 0, 0), writeOut (s3,
// out) with (isAlu + isBits)·s5, writeOut1 (s4, x13, x14, x15, w0) with isAlu·s6. 21
// interactions in 3 LogUp columns (groups of 7 fit the table's degree 8).
// Multiplicity ranges: the write caps are the program's largest read counts (rounded up
// to a power of two), so the AIR depends on them and on the number of public values (both
// are pinned by the key with the program); the bus cap (sends < p) then holds for tables
// of up to 2^31 / (16·capP2 + 2·capW) rows, which setupShrink checks.
import { defineAir, type Expr } from "../../../prover/air/builder.ts";
import type { CompiledAir } from "../../../prover/air/types.ts";
import { add, mul } from "../../../prover/field/babybear.ts";
import { extMul } from "../../../prover/field/extension.ts";
import { poseidon2Constants } from "../../../prover/hash/poseidon2-constants.ts";
import { AluOp, BITS_PER_DECOMPOSITION as NB, POSEIDON2_WIDTH, SELECT_BASE_LANES, BASE_DOT_TERMS, type RecursionProgram } from "../program.ts";
import { BUS_MEM } from "../chips/common.ts";
import {
  HALF_F, ROUNDS_P, WIDTH, affineForm, externalLayer, internalAffine, internalRound, type LinearOps,
} from "../chips/poseidon2-layout.ts";

export const SLOTS = 16;
export const W_COLS = ROUNDS_P; // 13
export const MAIN_COLUMNS: readonly string[] = [
  ...Array.from({ length: WIDTH }, (_, i) => `x${i}`),
  ...Array.from({ length: W_COLS }, (_, i) => `w${i}`),
];
export const FLAGS = ["isAlu", "isBits", "isIn", "isLin", "isExt", "isInt", "isOut", "isPubCarry"] as const;
export const PREP_COLUMNS: readonly string[] = [...Array.from({ length: SLOTS }, (_, i) => `s${i}`), ...FLAGS];
const F = Object.fromEntries(FLAGS.map((f, i) => [f, SLOTS + i])) as Record<(typeof FLAGS)[number], number>;

/** ALU slot meanings. */
export const S = {
  addrA: 0, addrB: 1, addrC: 2, addrOut: 3, addrOut1: 4, readsOut: 5, readsOut1: 6,
  add: 7, sub: 8, mul: 9, sel: 10, aeq: 11, inv: 12, base: 13, konst: 14,
  // bits rows
  weight: 7, first: 8, k27: 9, top: 10, last: 11,
} as const;
const LOW_BITS = 27;
/** The second written block of an ALU row: x13, x14, x15, w0 (select's out1, or a witness block). */
const OUT1 = [13, 14, 15, 16] as const;
/** The row (from a block's first) holding external round rr's constants, whose transition it is. */
const extSource = (rr: number) => (rr < HALF_F ? 1 + rr : 2 + rr);
/** Rows of one Poseidon2 block. */
export const P2_ROWS = 12;
/** Public values a table can pin: rows 0 and 1 (16 lanes each), row 2 (13, via w), the last row (16). */
export const MAX_PUBLIC = 16 + 16 + W_COLS + 16;
const PUB_ROW2 = 32, PUB_LAST = 32 + W_COLS;

if (WIDTH !== POSEIDON2_WIDTH || WIDTH !== SLOTS) throw new Error("shrink table: the Poseidon2 width must be 16");

export type ShrinkShape = { numPublic: number; capW: number; capP2: number };

const airs = new Map<string, CompiledAir>();

/** The table's AIR for a program with `numPublic` public values and these write caps. */
export function shrinkAir(shape: ShrinkShape): CompiledAir {
  const key = `${shape.numPublic}:${shape.capW}:${shape.capP2}`;
  let air = airs.get(key);
  if (!air) {
    air = buildAir(shape);
    airs.set(key, air);
  }
  return air;
}

function buildAir({ numPublic, capW, capP2 }: ShrinkShape): CompiledAir {
  if (numPublic > MAX_PUBLIC) throw new Error(`shrink table: ${numPublic} public values, at most ${MAX_PUBLIC}`);
  return defineAir({
    name: "recursion.shrink",
    main: MAIN_COLUMNS,
    preprocessed: PREP_COLUMNS,
    publicValues: Array.from({ length: numPublic }, (_, k) => `p${k}`),
    logupDegreeCap: 8,
    build(b) {
      const main = b.main as Record<string, { cur: Expr; next: Expr }>;
      const prep = b.prep as Record<string, { cur: Expr; next: Expr }>;
      const x = Array.from({ length: WIDTH }, (_, i) => main[`x${i}`].cur);
      const xn = Array.from({ length: WIDTH }, (_, i) => main[`x${i}`].next);
      const w = Array.from({ length: W_COLS }, (_, i) => main[`w${i}`].cur);
      const wn = Array.from({ length: W_COLS }, (_, i) => main[`w${i}`].next);
      const s = Array.from({ length: SLOTS }, (_, i) => prep[`s${i}`].cur);
      const sn = Array.from({ length: SLOTS }, (_, i) => prep[`s${i}`].next);
      const fl = (f: (typeof FLAGS)[number]) => prep[f];
      const isAlu = fl("isAlu").cur, isBits = fl("isBits").cur;
      const isIn = b.add(fl("isIn").cur, fl("isLin").cur), isOut = fl("isOut").cur;
      const pub = (k: number) => (b.pub as Record<string, Expr>)[`p${k}`];

      // ---- ALU rows. The op flags are one-hot (the key sets at most one per row), so the
      // constraints of different ops on the same limb add up into one (fewer constraints:
      // each costs the wrap circuit an extension product at z).
      const a = x.slice(0, 4), bb = x.slice(4, 8), out = x.slice(8, 12), c = x[12];
      const g = (slot: number) => b.mul(isAlu, s[slot]);
      const prod = extProduct(b, a, bb);
      const konst = [s[0], s[1], s[2], s[15]];
      for (let i = 0; i < 4; i++) {
        b.assertZero(b.sum(
          b.mul(g(S.add), b.sub(out[i], b.add(a[i], bb[i]))),
          b.mul(g(S.sub), b.sub(out[i], b.sub(a[i], bb[i]))),
          b.mul(g(S.mul), b.sub(out[i], prod[i])),
          b.mul(g(S.inv), b.sub(out[i], bb[i])),
          b.mul(g(S.sel), b.sub(out[i], b.add(a[i], b.mul(c, b.sub(bb[i], a[i]))))),
          b.mul(g(S.konst), b.sub(out[i], konst[i])),
        ), `alu out ${i}`);
        b.assertZero(b.add(b.mul(g(S.inv), b.sub(prod[i], i === 0 ? 1 : 0)), b.mul(g(S.aeq), b.sub(a[i], bb[i]))), `alu inv a·b = 1 / assert-eq, ${i}`);
        if (i > 0) {
          b.assertZero(b.mul(g(S.base), a[i]), `alu base a${i}`);
          b.assertZero(b.mul(g(S.base), bb[i]), `alu base b${i}`);
        }
      }
      const o1 = OUT1.map((k) => (k < WIDTH ? x[k] : w[k - WIDTH]));
      for (let i = 0; i < 4; i++) b.assertZero(b.mul(g(S.sel), b.sub(o1[i], b.sub(b.add(a[i], bb[i]), out[i]))), `alu select out1 ${i}`);
      b.assertZero(b.mul(g(S.sel), b.mul(c, b.sub(c, 1))), "alu select bit is 0/1");

      // ---- bits rows
      const h = isBits;
      const hs = (slot: number) => b.mul(h, s[slot]);
      const bit = x[8], acc = x[12], low = x[13], top = x[14];
      b.assertZero(b.mul(h, b.mul(bit, b.sub(bit, 1))), "bits: bit is 0/1");
      for (let i = 9; i < 12; i++) b.assertZero(b.mul(h, x[i]), `bits: written limb ${i - 8} is 0`);
      b.assertZero(b.mul(hs(S.first), acc), "bits: the sum starts at 0");
      b.assertZero(b.mul(b.mul(h, b.sub(1, s[S.last])), b.sub(xn[12], b.add(acc, b.mul(bit, s[S.weight])))), "bits: sum step");
      b.assertZero(b.mul(hs(S.last), b.sub(a[0], b.add(acc, b.mul(bit, s[S.weight])))), "bits: the value read is the sum");
      for (let i = 1; i < 4; i++) b.assertZero(b.mul(hs(S.last), a[i]), `bits: the value read is base (limb ${i})`);
      b.assertZero(b.add(b.mul(hs(S.k27), b.sub(low, acc)), b.mul(hs(S.last), b.mul(top, low))), "bits: the low 27 bits' sum; canonical (below p)");
      b.assertZero(b.mul(hs(S.k27), b.sub(top, bit)), "bits: top product starts at bit 27");
      const topNext = b.mul(fl("isBits").next, sn[S.top]);
      b.assertZero(b.mul(topNext, b.sub(main.x13.next, low)), "bits: low sum carried");
      b.assertZero(b.mul(topNext, b.sub(main.x14.next, b.mul(top, xn[8]))), "bits: top product step");

      // ---- Poseidon2 (flags and round constants on the source row of each transition):
      // isLin: x' = M_E(x); isExt: x' = M_E(sbox(x + s)); isInt: the 13 internal rounds
      // (w' their S-box outputs); isPubCarry: x'_j = w_j (j < 13). One constraint per lane
      // for all four (the flags are exclusive).
      const lin: LinearOps<Expr> = { add: (u, v) => b.add(u, v), scale: (u, k) => b.mul(u, k), addConst: (u, k) => b.add(u, k) };
      const sbox = (u: Expr) => {
        const u2 = b.mul(u, u), u3 = b.mul(u2, u);
        return b.mul(b.mul(u3, u3), u);
      };
      const me = externalLayer(lin, x);
      const er = externalLayer(lin, x.map((u, i) => sbox(b.add(u, s[i]))));
      const basis = [...x, ...wn];
      const flat = (f: Uint32Array) => affineForm(lin, (c) => b.const(c), basis, f);
      const aff = internalAffine();
      const isInt = fl("isInt").cur, isPubCarry = fl("isPubCarry").cur;
      aff.x.forEach((f, k) => {
        if (f.subarray(WIDTH + k, basis.length).some((v) => v !== 0)) throw new Error(`shrink table: internal round ${k} depends on a later S-box`);
        b.assertZero(b.mul(isInt, b.sub(wn[k], sbox(flat(f)))), `p2 internal S-box ${k}`);
      });
      for (let i = 0; i < WIDTH; i++) {
        const terms = [
          b.mul(fl("isLin").cur, b.sub(xn[i], me[i])),
          b.mul(fl("isExt").cur, b.sub(xn[i], er[i])),
          b.mul(isInt, b.sub(xn[i], flat(aff.out[i]))),
        ];
        if (i < W_COLS) terms.push(b.mul(isPubCarry, b.sub(xn[i], w[i])));
        b.assertZero(b.sum(...terms), `p2 round / public carry, lane ${i}`);
      }

      // ---- public values
      for (let j = 0; j < WIDTH; j++) {
        if (j < numPublic) b.whenFirstRow(b.sub(x[j], pub(j)), `public ${j}`);
        if (16 + j < numPublic) b.whenFirstRow(b.sub(xn[j], pub(16 + j)), `public ${16 + j}`);
        if (PUB_LAST + j < numPublic) b.whenLastRow(b.sub(x[j], pub(PUB_LAST + j)), `public ${PUB_LAST + j}`);
      }
      for (let j = 0; j < W_COLS; j++) {
        if (PUB_ROW2 + j < numPublic) b.whenFirstRow(b.sub(wn[j], pub(PUB_ROW2 + j)), `public ${PUB_ROW2 + j}`);
      }

      // ---- the memory bus
      const range = (e: Expr, max: number) => {
        b.declareRange(e, max);
        return e;
      };
      for (const f of FLAGS) b.declareRange(fl(f).cur, 1);
      for (let j = 0; j < WIDTH; j++) {
        const writes = range(b.mul(isOut, sn[j]), capP2);
        b.send(BUS_MEM, [s[j], x[j], 0, 0, 0], b.sub(writes, isIn));
      }
      const readA = range(b.add(b.mul(isAlu, b.sum(s[S.add], s[S.sub], s[S.mul], s[S.sel], s[S.aeq], s[S.inv])), hs(S.last)), 1);
      const readB = range(b.mul(isAlu, b.sum(s[S.add], s[S.sub], s[S.mul], s[S.sel], s[S.aeq])), 1);
      const readC = range(g(S.sel), 1);
      b.receive(BUS_MEM, [s[S.addrA], ...a], readA);
      b.receive(BUS_MEM, [s[S.addrB], ...bb], readB);
      b.receive(BUS_MEM, [s[S.addrC], c, 0, 0, 0], readC);
      b.send(BUS_MEM, [s[S.addrOut], ...out], range(b.mul(b.add(isAlu, isBits), s[S.readsOut]), capW));
      b.send(BUS_MEM, [s[S.addrOut1], ...OUT1.map((k) => (k < WIDTH ? x[k] : w[k - WIDTH]))], range(g(S.readsOut1), capW));
    },
  });
}

/** The extension product's 4 coordinates (W = 11). */
function extProduct(b: { mul(x: Expr | number, y: Expr | number): Expr; sum(...xs: Expr[]): Expr }, a: Expr[], x: Expr[]): Expr[] {
  return [0, 1, 2, 3].map((i) => {
    const terms: Expr[] = [];
    for (let j = 0; j < 4; j++) {
      const k = i - j;
      terms.push(k >= 0 ? b.mul(a[j], x[k]) : b.mul(11, b.mul(a[j], x[k + 4])));
    }
    return b.sum(...terms);
  });
}

// ------------------------------------------------------------------------------------
// Layout: where every operation sits. prep and main walk the same plan.

export type ShrinkPlan = {
  rows: number;
  logRows: number;
  shape: ShrinkShape;
  /** First row of the ALU section, the bits section and the Poseidon2 blocks. */
  aluStart: number;
  bitsStart: number;
  p2Start: number;
  /** Lanes of public rows left without a public value (they read the extra zero). */
  pads: number;
  /** The extra address (numAddrs) written 0 by one more const row, or -1. */
  zeroAddr: number;
  /** fma i's product a·b (allFmas order) is written at fmaTemp + i (after the zero
   * address) and read by its add row; the base-dots' partial sums follow them. */
  fmaTemp: number;
  usedRows: number;
};

const pow2AtLeast = (n: number) => {
  let v = 1;
  while (v < n) v <<= 1;
  return v;
};

/** The public rows' lanes: [row (-1: the last row), lane] of public value k. */
export function publicLane(k: number): [number, number] {
  if (k < 16) return [0, k];
  if (k < PUB_ROW2) return [1, k - 16];
  if (k < PUB_LAST) return [2, k - PUB_ROW2];
  return [-1, k - PUB_LAST];
}

/** Which public rows are used: row 0, 1, 2, last. */
function publicRowsUsed(n: number): [boolean, boolean, boolean, boolean] {
  return [n > 0, n > 16, n > PUB_ROW2, n > PUB_LAST];
}

/** Every witness write, blocks first, then the base witnesses' lanes (each (v, 0, 0, 0)):
 * the table hosts them all alike on ALU rows' second output. */
function witnessAddrs(p: RecursionProgram): Int32Array {
  const all = new Int32Array(p.witness.out.length + p.witnessBase.out.length);
  all.set(p.witness.out);
  all.set(p.witnessBase.out, p.witness.out.length);
  return all;
}

/** Every conditional swap, select rows first, then the select-base lanes (each a select
 * of two base blocks under its row's bit): the table hosts them alike, one ALU row each. */
function allSelects(p: RecursionProgram): RecursionProgram["select"] {
  const s = p.select, sb = p.selectBase, n = s.bit.length, m = sb.a.length;
  const cat = (x: Int32Array, y: Int32Array) => {
    const all = new Int32Array(n + m);
    all.set(x);
    all.set(y, n);
    return all;
  };
  const laneBits = Int32Array.from({ length: m }, (_, k) => sb.bit[Math.floor(k / SELECT_BASE_LANES)]);
  return { bit: cat(s.bit, laneBits), a: cat(s.a, sb.a), b: cat(s.b, sb.b), out0: cat(s.out0, sb.out0), out1: cat(s.out1, sb.out1) };
}

/**
 * Every fused multiply-add the table hosts: the ext-fma rows, then each base-dot row as
 * its four terms, acc + c_0·v_0, then + c_1·v_1, ..., the three partial sums written at
 * addresses of their own after the products' (each read once, by the next term).
 */
function allFmas(p: RecursionProgram, fmaTemp: number): RecursionProgram["extFma"] & { addrEnd: number } {
  const f = p.extFma, d = p.baseDot, K = BASE_DOT_TERMS, n = f.out.length, m = d.out.length;
  const total = n + K * m;
  const partial = (i: number, k: number) => fmaTemp + total + (K - 1) * i + k;
  // addrEnd: the first address past the table's own (the products, then the partial sums)
  const all = { a: new Int32Array(total), b: new Int32Array(total), c: new Int32Array(total), out: new Int32Array(total), addrEnd: partial(m, 0) };
  all.a.set(f.a);
  all.b.set(f.b);
  all.c.set(f.c);
  all.out.set(f.out);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) {
      const j = n + K * i + k;
      all.a[j] = d.c[K * i + k];
      all.b[j] = d.v[K * i + k];
      all.c[j] = k === 0 ? d.acc[i] : partial(i, k - 1);
      all.out[j] = k === K - 1 ? d.out[i] : partial(i, k);
    }
  }
  return all;
}

/** Read counts as the table reads: a select-base row reads its bit once, the table's
 * select rows it becomes read it once per lane. */
function shrinkReads(p: RecursionProgram): Uint32Array {
  const reads = p.reads.slice();
  for (const bit of p.selectBase.bit) reads[bit] += SELECT_BASE_LANES - 1;
  return reads;
}

export function shrinkPlan(p: RecursionProgram, minLogRows = 4): ShrinkPlan {
  const n = p.public.a.length;
  if (n > MAX_PUBLIC) throw new Error(`shrink: ${n} public values, the table pins at most ${MAX_PUBLIC}`);
  const used = publicRowsUsed(n);
  const pads = used.filter(Boolean).length * WIDTH - n;
  const zeroAddr = pads > 0 ? p.numAddrs : -1;
  const fmaTemp = p.numAddrs + (pads > 0 ? 1 : 0);
  const fmas = p.extFma.out.length + BASE_DOT_TERMS * p.baseDot.out.length;
  const hosts = p.const.out.length + (pads > 0 ? 1 : 0) + p.baseAlu.out.length + p.extAlu.out.length + 2 * fmas + p.inv.out.length + p.assertEq.a.length;
  const witnessRows = Math.ceil(Math.max(0, p.witness.out.length + p.witnessBase.out.length - hosts) / 2);
  const aluOps = hosts + p.select.bit.length + p.selectBase.a.length + witnessRows;
  const aluStart = 3;
  const bitsStart = aluStart + aluOps;
  const p2Start = bitsStart + NB * p.bits.a.length;
  const perms = p.poseidon2.input.length / WIDTH;
  const usedRows = p2Start + P2_ROWS * perms + 1; // + the last row (public)
  let logRows = minLogRows;
  while (1 << logRows < usedRows) logRows++;
  // caps: the largest read count of an ALU/bits write and of a Poseidon2 output
  let maxW = Math.max(pads, fmas > 0 ? 1 : 0), maxP2 = 0;
  const r = shrinkReads(p);
  for (const t of [p.const.out, p.witness.out, p.witnessBase.out, p.baseAlu.out, p.extAlu.out, p.extFma.out, p.baseDot.out, p.inv.out, p.select.out0, p.select.out1, p.selectBase.out0, p.selectBase.out1, p.bits.out]) {
    for (let i = 0; i < t.length; i++) if (r[t[i]] > maxW) maxW = r[t[i]];
  }
  for (let i = 0; i < p.poseidon2.output.length; i++) if (r[p.poseidon2.output[i]] > maxP2) maxP2 = r[p.poseidon2.output[i]];
  return {
    rows: 1 << logRows, logRows, aluStart, bitsStart, p2Start, pads, zeroAddr, fmaTemp, usedRows,
    shape: { numPublic: n, capW: pow2AtLeast(Math.max(1, maxW)), capP2: pow2AtLeast(Math.max(1, maxP2)) },
  };
}

/** The preprocessed columns (PREP_COLUMNS order): the program's part of the key. */
export function shrinkPreprocessed(p: RecursionProgram, plan: ShrinkPlan): Uint32Array[] {
  const N = plan.rows;
  const cols = PREP_COLUMNS.map(() => new Uint32Array(N));
  const reads = shrinkReads(p);
  const readsOf = (addr: number) => (addr === plan.zeroAddr ? plan.pads : reads[addr]);
  // public rows
  const n = p.public.a.length;
  const used = publicRowsUsed(n);
  const pubRow = [0, 1, 2, N - 1];
  used.forEach((u, i) => {
    if (!u) return;
    const row = pubRow[i];
    cols[F.isIn][row] = 1;
    for (let j = 0; j < WIDTH; j++) cols[j][row] = plan.zeroAddr;
  });
  if (used[2]) cols[F.isPubCarry][1] = 1;
  for (let k = 0; k < n; k++) {
    const [row, lane] = publicLane(k);
    cols[lane][row < 0 ? N - 1 : row] = p.public.a[k];
  }
  // ALU rows
  let row = plan.aluStart;
  // witness k rides on host row k (every ALU row but select's writes nothing on out1);
  // the rest go two to a row after the selects
  const wit = witnessAddrs(p);
  let k = 0;
  // each ALU row: set its slots (put), then end it (done), which attaches the next witness to a host row
  const put = (slot: number, v: number) => {
    cols[slot][row] = v;
  };
  const done = (host: boolean) => {
    cols[F.isAlu][row] = 1;
    if (host && k < wit.length) {
      cols[S.addrOut1][row] = wit[k];
      cols[S.readsOut1][row] = reads[wit[k++]];
    }
    row++;
  };
  const write = (out: number, count: number) => {
    put(S.addrOut, out);
    put(S.readsOut, count);
  };
  const konst = (out: number, v0: number, v1: number, v2: number, v3: number) => {
    put(S.konst, 1);
    write(out, readsOf(out));
    put(0, v0);
    put(1, v1);
    put(2, v2);
    put(15, v3);
    done(true);
  };
  const cv = p.const.value;
  for (let i = 0; i < p.const.out.length; i++) konst(p.const.out[i], cv[4 * i], cv[4 * i + 1], cv[4 * i + 2], cv[4 * i + 3]);
  if (plan.zeroAddr >= 0) konst(plan.zeroAddr, 0, 0, 0, 0);
  const opFlag = (op: number) => {
    if (op === AluOp.Add) return S.add;
    if (op === AluOp.Sub) return S.sub;
    if (op === AluOp.Mul) return S.mul;
    throw new Error(`shrink: alu opcode ${op}`);
  };
  for (const [t, base] of [[p.baseAlu, 1], [p.extAlu, 0]] as const) {
    for (let i = 0; i < t.out.length; i++) {
      put(opFlag(t.opcode[i]), 1);
      put(S.base, base);
      put(S.addrA, t.a[i]);
      put(S.addrB, t.b[i]);
      write(t.out[i], reads[t.out[i]]);
      done(true);
    }
  }
  const fma = allFmas(p, plan.fmaTemp);
  for (let i = 0; i < fma.out.length; i++) {
    put(S.mul, 1);
    put(S.addrA, fma.a[i]);
    put(S.addrB, fma.b[i]);
    write(plan.fmaTemp + i, 1);
    done(true);
    put(S.add, 1);
    put(S.addrA, plan.fmaTemp + i);
    put(S.addrB, fma.c[i]);
    write(fma.out[i], fma.out[i] >= plan.fmaTemp ? 1 : reads[fma.out[i]]); // a partial sum: read by the next term
    done(true);
  }
  for (let i = 0; i < p.inv.out.length; i++) {
    put(S.inv, 1);
    put(S.base, p.inv.ext[i] === 0 ? 1 : 0);
    put(S.addrA, p.inv.a[i]);
    write(p.inv.out[i], reads[p.inv.out[i]]);
    done(true);
  }
  for (let i = 0; i < p.assertEq.a.length; i++) {
    put(S.aeq, 1);
    put(S.addrA, p.assertEq.a[i]);
    put(S.addrB, p.assertEq.b[i]);
    done(true);
  }
  const sel = allSelects(p);
  for (let i = 0; i < sel.bit.length; i++) {
    put(S.sel, 1);
    put(S.addrA, sel.a[i]);
    put(S.addrB, sel.b[i]);
    put(S.addrC, sel.bit[i]);
    write(sel.out0[i], reads[sel.out0[i]]);
    put(S.addrOut1, sel.out1[i]);
    put(S.readsOut1, reads[sel.out1[i]]);
    done(false);
  }
  for (; k < wit.length; k += 2) {
    write(wit[k], reads[wit[k]]);
    if (k + 1 < wit.length) {
      put(S.addrOut1, wit[k + 1]);
      put(S.readsOut1, reads[wit[k + 1]]);
    }
    done(false);
  }
  if (row !== plan.bitsStart) throw new Error("shrink: ALU layout mismatch");
  // bits rows
  for (let i = 0; i < p.bits.a.length; i++) {
    for (let k = 0; k < NB; k++, row++) {
      const out = p.bits.out[NB * i + k];
      cols[F.isBits][row] = 1;
      cols[S.addrA][row] = p.bits.a[i];
      cols[S.addrOut][row] = out;
      cols[S.readsOut][row] = reads[out];
      cols[S.weight][row] = 2 ** k;
      cols[S.first][row] = k === 0 ? 1 : 0;
      cols[S.k27][row] = k === LOW_BITS ? 1 : 0;
      cols[S.top][row] = k > LOW_BITS ? 1 : 0;
      cols[S.last][row] = k === NB - 1 ? 1 : 0;
    }
  }
  // Poseidon2 blocks
  const c = poseidon2Constants();
  const perms = p.poseidon2.input.length / WIDTH;
  for (let q = 0; q < perms; q++, row += P2_ROWS) {
    cols[F.isLin][row] = 1;
    for (let j = 0; j < WIDTH; j++) cols[j][row] = p.poseidon2.input[WIDTH * q + j];
    for (let rr = 0; rr < 8; rr++) {
      const src = row + extSource(rr);
      cols[F.isExt][src] = 1;
      const rc = rr < HALF_F ? c.externalInitial : c.externalFinal;
      for (let j = 0; j < WIDTH; j++) cols[j][src] = rc[(rr % HALF_F) * WIDTH + j];
    }
    cols[F.isInt][row + 5] = 1;
    cols[F.isOut][row + 10] = 1;
    for (let j = 0; j < WIDTH; j++) {
      const o = p.poseidon2.output[WIDTH * q + j];
      cols[j][row + 10] = o;
      cols[j][row + 11] = reads[o];
    }
  }
  if (row + 1 !== plan.usedRows) throw new Error("shrink: layout mismatch");
  return cols;
}

/** The main columns (MAIN_COLUMNS order) from the program and its memory (runProgram's). */
export function shrinkMain(p: RecursionProgram, plan: ShrinkPlan, programMemory: Uint32Array): Uint32Array[] {
  const N = plan.rows;
  // the program's memory, and room for the table's own addresses (products, partial sums)
  const fma = allFmas(p, plan.fmaTemp);
  const memory = new Uint32Array(4 * fma.addrEnd);
  memory.set(programMemory.subarray(0, 4 * p.numAddrs));
  const cols = MAIN_COLUMNS.map(() => new Uint32Array(N));
  const word = (addr: number, j = 0) => memory[4 * addr + j];
  const block = (first: number, row: number, addr: number) => {
    for (let j = 0; j < 4; j++) cols[first + j][row] = memory[4 * addr + j];
  };
  const n = p.public.a.length;
  for (let k = 0; k < n; k++) {
    const [row, lane] = publicLane(k);
    const v = word(p.public.a[k]);
    cols[lane][row < 0 ? N - 1 : row] = v;
    if (row === 2) cols[WIDTH + lane][1] = v; // w on row 1, carried to row 2
  }
  let row = plan.aluStart;
  const wit = witnessAddrs(p);
  let k = 0;
  const out1 = (r: number, addr: number) => OUT1.forEach((c, j) => (cols[c][r] = memory[4 * addr + j]));
  const host = () => {
    if (k < wit.length) out1(row, wit[k++]);
    row++;
  };
  for (let i = 0; i < p.const.out.length; i++) {
    block(8, row, p.const.out[i]);
    host();
  }
  if (plan.zeroAddr >= 0) host(); // out = 0
  for (const t of [p.baseAlu, p.extAlu]) {
    for (let i = 0; i < t.out.length; i++) {
      block(0, row, t.a[i]);
      block(4, row, t.b[i]);
      block(8, row, t.out[i]);
      host();
    }
  }
  for (let i = 0; i < fma.out.length; i++) {
    const blockAt = (addr: number) => memory.subarray(4 * addr, 4 * addr + 4);
    const product = extMul(blockAt(fma.a[i]), blockAt(fma.b[i]));
    const sum = blockAt(fma.c[i]).map((c, j) => add(product[j], c));
    if (fma.out[i] >= plan.fmaTemp) memory.set(sum, 4 * fma.out[i]); // a partial sum of a base-dot
    block(0, row, fma.a[i]);
    block(4, row, fma.b[i]);
    product.forEach((v, j) => (cols[8 + j][row] = v));
    host();
    product.forEach((v, j) => (cols[j][row] = v));
    block(4, row, fma.c[i]);
    block(8, row, fma.out[i]);
    host();
  }
  for (let i = 0; i < p.inv.out.length; i++) {
    block(0, row, p.inv.a[i]);
    block(4, row, p.inv.out[i]);
    block(8, row, p.inv.out[i]);
    host();
  }
  for (let i = 0; i < p.assertEq.a.length; i++) {
    block(0, row, p.assertEq.a[i]);
    block(4, row, p.assertEq.b[i]);
    host();
  }
  const sel = allSelects(p);
  for (let i = 0; i < sel.bit.length; i++, row++) {
    block(0, row, sel.a[i]);
    block(4, row, sel.b[i]);
    block(8, row, sel.out0[i]);
    out1(row, sel.out1[i]);
    cols[12][row] = word(sel.bit[i]);
  }
  for (; k < wit.length; k += 2, row++) {
    block(8, row, wit[k]);
    if (k + 1 < wit.length) out1(row, wit[k + 1]);
  }
  for (let i = 0; i < p.bits.a.length; i++) {
    let acc = 0, low = 0, top = 0;
    for (let k = 0; k < NB; k++, row++) {
      const bit = word(p.bits.out[NB * i + k]);
      cols[8][row] = bit;
      cols[12][row] = acc;
      if (k === LOW_BITS) {
        low = acc;
        top = bit;
      } else if (k > LOW_BITS) top = mul(top, bit);
      if (k >= LOW_BITS) {
        cols[13][row] = low;
        cols[14][row] = top;
      }
      if (k === NB - 1) block(0, row, p.bits.a[i]);
      acc = add(acc, mul(bit, 2 ** k));
    }
  }
  const perms = p.poseidon2.input.length / WIDTH;
  const state = new Array<number>(WIDTH);
  const FIELD: LinearOps<number> = { add, scale: mul, addConst: add };
  const sbox = (u: number) => {
    const u3 = mul(mul(u, u), u);
    return mul(mul(u3, u3), u);
  };
  const c = poseidon2Constants();
  const put = (r: number, st: number[]) => st.forEach((v, j) => (cols[j][r] = v));
  for (let q = 0; q < perms; q++, row += P2_ROWS) {
    for (let j = 0; j < WIDTH; j++) {
      const addr = p.poseidon2.input[WIDTH * q + j];
      if (word(addr, 1) !== 0 || word(addr, 2) !== 0 || word(addr, 3) !== 0) {
        throw new TypeError(`shrink: poseidon2 #${q} input ${j} at address ${addr} is an extension value`);
      }
      state[j] = word(addr);
    }
    let st = state.slice();
    put(row, st);
    st = externalLayer(FIELD, st);
    put(row + 1, st);
    for (let rr = 0; rr < 8; rr++) {
      if (rr === HALF_F) {
        // the internal rounds (source row + 5), their S-box outputs in w on row + 6
        for (let k = 0; k < ROUNDS_P; k++) {
          st = internalRound(FIELD, st, k, {
            external: () => {
              throw new Error("unreachable");
            },
            internal: (_r, u) => {
              const y = sbox(u);
              cols[WIDTH + k][row + 6] = y;
              return y;
            },
          });
        }
        put(row + 6, st);
      }
      const rc = rr < HALF_F ? c.externalInitial : c.externalFinal;
      st = externalLayer(FIELD, st.map((u, j) => sbox(add(u, rc[(rr % HALF_F) * WIDTH + j]))));
      put(row + extSource(rr) + 1, st);
    }
  }
  return cols;
}

/** Every committed column of the table, for reports: prep + main + 4·aux + 4·quotient chunks. */
export function shrinkColumns(air: CompiledAir): { prep: number; main: number; aux: number; quotient: number; total: number } {
  const quotient = 4 * Math.max(1, air.maxDegree - 1);
  const prep = air.preprocessedWidth, main = air.mainWidth, aux = 4 * air.auxWidth;
  return { prep, main, aux, quotient, total: prep + main + aux + quotient };
}

