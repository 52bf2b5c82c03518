// The round layout of the recursion Poseidon2 chip (poseidon2.ts): which main column holds
// what, and the round functions that both the AIR (over symbolic expressions) and the
// trace generator (over field elements) run, so the constraints and the trace cannot
// disagree about the rounds. The generator runs walkPermutation; the AIR runs the same
// externalRound, and the internal rounds through internalAffine (internalRound itself run
// over affine forms). test/recursion/poseidon2-chip.test.ts holds the rows to the
// reference permutation (prover/hash/poseidon2-babybear.ts).
//
// The permutation (Plonky3's Poseidon2-BabyBear-16): the external linear layer M_E, 4
// external rounds (add 16 constants, S-box x^7 on every lane, M_E), 13 internal rounds (add
// a constant to lane 0, S-box on lane 0, the internal layer 1 + Diag(V)), 4 external rounds.
//
// Main columns of one row (one permutation), degree 3 throughout:
//   in0..in15                 the 16 inputs (read from memory)
//   ext<r>.cube<i>            x^3 of the S-box input x of external round r, lane i
//   ext<r>.sbox<i>            x^7 = (x^3)^2·x, which the next linear layer takes
//   int<r>.cube, int<r>.sbox  the same for lane 0 of internal round r
// Every S-box input is a linear expression of earlier columns (an affine layer of stored
// S-box outputs), so x^3 and (x^3)^2·x are degree-3 constraints; the outputs are
// M_E(ext7.sbox*), linear, so they need no columns of their own.
// Columns: 16 + 8·32 + 13·2 = 298 per permutation.
import { P, add, mul } from "../../../prover/field/babybear.ts";
import { poseidon2Constants, WIDTH, ROUNDS_F, ROUNDS_P } from "../../../prover/hash/poseidon2-constants.ts";
import { INTERNAL_DIAGONAL } from "../../../prover/hash/poseidon2-babybear.ts";

export { WIDTH, ROUNDS_F, ROUNDS_P };
/** External rounds before (and after) the internal ones. */
export const HALF_F = ROUNDS_F / 2;

/** External round r (0..7; 0-3 before the internal rounds, 4-7 after), lane i. */
export const extCubeName = (r: number, i: number) => `ext${r}.cube${i}`;
export const extSboxName = (r: number, i: number) => `ext${r}.sbox${i}`;
export const intCubeName = (r: number) => `int${r}.cube`;
export const intSboxName = (r: number) => `int${r}.sbox`;
export const inputName = (i: number) => `in${i}`;

function layout(): string[] {
  const names: string[] = [];
  for (let i = 0; i < WIDTH; i++) names.push(inputName(i));
  const ext = (r: number) => {
    for (let i = 0; i < WIDTH; i++) names.push(extCubeName(r, i));
    for (let i = 0; i < WIDTH; i++) names.push(extSboxName(r, i));
  };
  for (let r = 0; r < HALF_F; r++) ext(r);
  for (let r = 0; r < ROUNDS_P; r++) names.push(intCubeName(r), intSboxName(r));
  for (let r = HALF_F; r < ROUNDS_F; r++) ext(r);
  return names;
}

/** The main columns, in order. */
export const POSEIDON2_MAIN_COLUMNS: readonly string[] = layout();
export const POSEIDON2_MAIN_WIDTH = POSEIDON2_MAIN_COLUMNS.length;
const INDEX = new Map(POSEIDON2_MAIN_COLUMNS.map((n, i) => [n, i]));

/** Index of a main column by name. */
export function mainColumn(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`poseidon2 chip: no main column '${name}'`);
  return i;
}

/** What a linear layer needs of a value type: field elements or symbolic expressions. */
export type LinearOps<T> = {
  add(a: T, b: T): T;
  /** a·c for a field constant c */
  scale(a: T, c: number): T;
  /** a + c for a field constant c */
  addConst(a: T, c: number): T;
};

/**
 * f[0]·basis[0] + ... + f[n-1]·basis[n-1] + f[n] (one of internalAffine's forms), its
 * zero terms left out and its unit ones unscaled: the internal rounds as flat sums.
 */
export function affineForm<T>(k: LinearOps<T>, constant: (c: number) => T, basis: readonly T[], f: Uint32Array): T {
  let e = constant(f[basis.length]);
  basis.forEach((v, j) => {
    if (f[j] !== 0) e = k.add(e, f[j] === 1 ? v : k.scale(v, f[j]));
  });
  return e;
}

/** The S-boxes: given the S-box input x (a linear expression), return what stands for
 * x^7 from now on (a column), recording or constraining x^3 and x^7 on the way. */
export type SboxHooks<T> = {
  external(round: number, lane: number, x: T): T;
  internal(round: number, x: T): T;
};

/** M4 on s[o..o+4): Plonky3's apply_mat4 addition chain. */
function mat4<T>(k: LinearOps<T>, s: T[], o: number): void {
  const [x0, x1, x2, x3] = [s[o], s[o + 1], s[o + 2], s[o + 3]];
  const t01 = k.add(x0, x1);
  const t23 = k.add(x2, x3);
  const t0123 = k.add(t01, t23);
  const t01123 = k.add(t0123, x1);
  const t01233 = k.add(t0123, x3);
  s[o + 3] = k.add(t01233, k.add(x0, x0));
  s[o + 1] = k.add(t01123, k.add(x2, x2));
  s[o] = k.add(t01123, t01);
  s[o + 2] = k.add(t01233, t23);
}

/** M_E = circ(2·M4, M4, M4, M4): M4 per block, then each lane adds its position's sum. */
export function externalLayer<T>(k: LinearOps<T>, input: readonly T[]): T[] {
  const s = input.slice();
  for (let o = 0; o < WIDTH; o += 4) mat4(k, s, o);
  for (let j = 0; j < 4; j++) {
    const sum = k.add(k.add(s[j], s[j + 4]), k.add(s[j + 8], s[j + 12]));
    for (let o = 0; o < WIDTH; o += 4) s[o + j] = k.add(s[o + j], sum);
  }
  return s;
}

/** 1 + Diag(V): s_i <- V_i·s_i + Σ s. */
export function internalLayer<T>(k: LinearOps<T>, s: readonly T[]): T[] {
  let sum = s[0];
  for (let i = 1; i < WIDTH; i++) sum = k.add(sum, s[i]);
  return s.map((x, i) => k.add(k.scale(x, INTERNAL_DIAGONAL[i]), sum));
}

/** External round r: add its 16 constants, the S-boxes, then M_E. */
export function externalRound<T>(k: LinearOps<T>, s: readonly T[], r: number, sbox: SboxHooks<T>): T[] {
  const c = poseidon2Constants();
  const rc = r < HALF_F ? c.externalInitial : c.externalFinal;
  const base = (r % HALF_F) * WIDTH;
  return externalLayer(k, s.map((x, i) => sbox.external(r, i, k.addConst(x, rc[base + i]))));
}

/** Internal round r: add its constant to lane 0, the S-box on lane 0, then 1 + Diag(V). */
export function internalRound<T>(k: LinearOps<T>, s: readonly T[], r: number, sbox: SboxHooks<T>): T[] {
  const t = s.slice();
  t[0] = sbox.internal(r, k.addConst(t[0], poseidon2Constants().internal[r]));
  return internalLayer(k, t);
}

/** The permutation over any value type; returns the 16 outputs. */
export function walkPermutation<T>(k: LinearOps<T>, input: readonly T[], sbox: SboxHooks<T>): T[] {
  if (input.length !== WIDTH) throw new RangeError(`poseidon2: ${input.length} inputs, expected ${WIDTH}`);
  let s = externalLayer(k, input);
  for (let r = 0; r < HALF_F; r++) s = externalRound(k, s, r, sbox);
  for (let r = 0; r < ROUNDS_P; r++) s = internalRound(k, s, r, sbox);
  for (let r = HALF_F; r < ROUNDS_F; r++) s = externalRound(k, s, r, sbox);
  return s;
}

/** An affine form over the internal rounds' basis: coefficients of the 16 lanes entering
 * the internal rounds (0..15), of the 13 internal S-box outputs (16..28), and a constant (29). */
export type InternalForm = Uint32Array;
const FORM_LEN = WIDTH + ROUNDS_P + 1;

/**
 * The internal rounds flattened into affine forms (see InternalForm): `x[r]` is lane 0's
 * S-box input of internal round r, `out[i]` lane i of the state leaving the internal
 * rounds. Derived by running internalRound itself over forms, so it is the same walk. The
 * AIR uses them so that no constraint's expression nests 13 rounds of linear layers (the
 * generated quotient evaluator then keeps every function small enough for V8 to optimise).
 */
export const internalAffine: () => { x: InternalForm[]; out: InternalForm[] } = (() => {
  let cached: { x: InternalForm[]; out: InternalForm[] } | null = null;
  return () => {
    if (cached) return cached;
    const unit = (j: number) => {
      const f = new Uint32Array(FORM_LEN);
      f[j] = 1;
      return f;
    };
    const ops: LinearOps<InternalForm> = {
      add: (a, b) => a.map((v, j) => add(v, b[j])),
      scale: (a, c) => a.map((v) => mul(v, c)),
      addConst: (a, c) => {
        const f = a.slice();
        f[FORM_LEN - 1] = add(f[FORM_LEN - 1], c);
        return f;
      },
    };
    const x: InternalForm[] = [];
    let s: InternalForm[] = Array.from({ length: WIDTH }, (_, j) => unit(j));
    for (let r = 0; r < ROUNDS_P; r++) {
      s = internalRound(ops, s, r, {
        external: () => {
          throw new Error("unreachable");
        },
        internal: (round, xf) => {
          x.push(xf);
          return unit(WIDTH + round);
        },
      });
    }
    cached = { x, out: s };
    return cached;
  };
})();

const FIELD_OPS: LinearOps<number> = { add, scale: mul, addConst: add };

// Column offsets of each S-box's pair (cube, sbox), precomputed for the generator.
const EXT_CUBE = Array.from({ length: ROUNDS_F }, (_, r) => mainColumn(extCubeName(r, 0)));
const INT_CUBE = Array.from({ length: ROUNDS_P }, (_, r) => mainColumn(intCubeName(r)));

/**
 * One row of main values for `input` (16 canonical words): writes every column of the
 * layout into `row` (length POSEIDON2_MAIN_WIDTH) and returns the 16 outputs.
 */
export function permutationRow(input: ArrayLike<number>, row: Uint32Array): number[] {
  for (let i = 0; i < WIDTH; i++) {
    const v = input[i];
    if (!(Number.isInteger(v) && v >= 0 && v < P)) throw new RangeError(`poseidon2: input ${i} = ${v} is not a canonical BabyBear word`);
    row[i] = v;
  }
  const sbox = (at: number, x: number) => {
    const x3 = mul(mul(x, x), x);
    const x7 = mul(mul(x3, x3), x);
    row[at] = x3;
    row[at + 1] = x7;
    return x7;
  };
  return walkPermutation(FIELD_OPS, Array.from(row.subarray(0, WIDTH)), {
    // ext round r: 16 cubes then 16 S-box outputs
    external: (r, i, x) => {
      const x3 = mul(mul(x, x), x);
      const x7 = mul(mul(x3, x3), x);
      row[EXT_CUBE[r] + i] = x3;
      row[EXT_CUBE[r] + WIDTH + i] = x7;
      return x7;
    },
    internal: (r, x) => sbox(INT_CUBE[r], x),
  });
}

/** The 16 outputs of a row of main values (M_E of the last round's S-box outputs). */
export function outputsOfRow(row: ArrayLike<number>): number[] {
  const last = EXT_CUBE[ROUNDS_F - 1] + WIDTH;
  return externalLayer(FIELD_OPS, Array.from({ length: WIDTH }, (_, i) => row[last + i]));
}
