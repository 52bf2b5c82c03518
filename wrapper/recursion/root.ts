// root: the recursion program at the top of a run's aggregation. It verifies the last
// recursion proofs of the aggregation (a kit's root takes two: joins or lifts that
// together cover every proof of the run, so the top join and root are one step), each
// under a key of the kit's set, adds their summaries as a join does (join.ts
// addSummaries), and makes the run's final checks that verifyRun makes natively
// (prover/zkvm/prove.ts):
//   - the bus sums of all proofs plus the statement's own terms are zero
//     (prover/chips/statement.ts statementTokens: the initial state, the input words,
//     the exit tuple), so no bus is left unbalanced;
//   - the challenges every proof used are deriveChallenges(program VK digest, statement,
//     sum of the shares) (prover/zkvm/shares.ts), so they were drawn after every main
//     trace was fixed;
//   - the key set the joins checked is the kit's.
// It exposes the statement (ROOT_PUBLIC).
//
// The input. The statement binds the input by its SHA-256, which the challenges observe;
// checking SHA-256 here would cost thousands of operations per 64 bytes. So the input
// words enter as witnessed 16-bit halves (the memory tokens' form), and root exposes a
// Poseidon2 digest of those halves beside the SHA-256 limbs: whoever holds the input
// (the receipt does) checks both digests against it, which binds the halves the bus
// terms used to the input the statement names.
import { busIdOf } from "../../prover/air/logup.ts";
import { BUS_EXEC, BUS_EXIT, BUS_MEMORY } from "../../prover/chips/buses.ts";
import { KIND_RO } from "../../prover/chips/events.ts";
import { inputWords } from "../../prover/chips/memory-dynamic.ts";
import { statementPublicValues, type RunStatement } from "../../prover/chips/statement.ts";
import { INPUT_START } from "../../prover/riscv/memory-map.ts";
import { ProgramBuilder, type BuiltProgram, type Var } from "./builder.ts";
import { AluOp, BASE_DOT_TERMS } from "./program.ts";
import { RecordingBackend } from "./verifier-program.ts";
import { hashRow } from "./hash-program.ts";
import type { KeySet } from "./key-set.ts";
import { LIFT_SUMMARY as S } from "./lift.ts";
import { addSummaries, verifyChildSummary, type JoinChild } from "./join.ts";

/**
 * The prefix bits of a bounded input: bit j is 1 for the input's own words, 0 for the
 * padding (which must be zero). Their count n is tied to the length word L (halves 0, 1)
 * by 0 <= 4(n - 1) - L < 4, i.e. n = 1 + ceil(L / 4).
 */
function inputPrefix(b: ProgramBuilder, input: Uint8Array, halves: Var[]): Var[] {
  const n = inputWords(input).length;
  const bits = Array.from({ length: halves.length / 2 }, (_, j) => b.witness(j < n ? 1 : 0));
  const one = b.constant(1), zero = b.constant(0);
  let count = zero;
  bits.forEach((bit, j) => {
    b.assertEq(b.baseAlu(AluOp.Mul, bit, bit), bit, "input prefix");
    if (j > 0) b.assertEq(b.baseAlu(AluOp.Mul, bit, b.baseAlu(AluOp.Sub, one, bits[j - 1])), zero, "input prefix");
    // a padding word is zero
    for (const h of [halves[2 * j], halves[2 * j + 1]]) b.assertEq(b.baseAlu(AluOp.Mul, b.baseAlu(AluOp.Sub, one, bit), h), zero, "input padding");
    count = b.baseAlu(AluOp.Add, count, bit);
  });
  const length = b.baseAlu(AluOp.Add, halves[0], b.baseAlu(AluOp.Mul, halves[1], b.constant(65536)));
  const slack = b.baseAlu(AluOp.Sub, b.baseAlu(AluOp.Mul, b.baseAlu(AluOp.Sub, count, one), b.constant(4)), length);
  b.bits(slack).slice(2).forEach((bit) => b.assertEq(bit, zero, "input length"));
  return bits;
}

/** Statement words (statementPublicValues): entry, cycles, exit lo/hi, hasDigest, 16 output digest limbs, 16 input SHA-256 limbs. */
const STATEMENT_WORDS = 37;
export const ROOT_PUBLIC = { programDigest: 0, statement: 8, inputDigest: 8 + STATEMENT_WORDS, length: 8 + STATEMENT_WORDS + 8 } as const;

/**
 * The Poseidon2 digest root exposes of the input is hashRow over these: the 16-bit halves
 * of inputWords(input) (its length word, then its bytes), padded with zero words to
 * `maxInputWords` when root has that bound (a kit's root: one program for every input up
 * to the bound).
 */
export function inputHalves(input: Uint8Array, maxInputWords?: number): number[] {
  const words = Array.from(inputWords(input));
  if (maxInputWords !== undefined) {
    if (words.length > maxInputWords) throw new Error(`root: the input is ${words.length} words with its length word, above the kit's bound of ${maxInputWords}`);
    while (words.length < maxInputWords) words.push(0);
  }
  return words.flatMap((w) => [w & 0xffff, w >>> 16]);
}

/**
 * `shape.anchorLogRows`: the kit's anchor height, the children's. Root's own proof is not
 * a recursion child (only the shrink verifies it, under root's one key), so it keeps the
 * heights of its own tables: the kit's lifts and joins are not made as tall as root.
 * `shape.maxInputWords`: a bound on the input (in words with its length word): the
 * program is then the same for every input up to it. The words past the input's own
 * count n (a witness, tied to the length word L by 0 <= 4(n - 1) - L < 4) are zero and
 * weigh nothing on the bus (prefix bits: boolean, non-increasing, summing to n).
 */
export function recordRoot(children: JoinChild | JoinChild[], keys: KeySet, statement: RunStatement, shape: { anchorLogRows?: number; maxInputWords?: number; lenient?: boolean } = {}): BuiltProgram {
  const list = Array.isArray(children) ? children : [children];
  if (list.length === 0) throw new Error("root: no proof to verify");
  const b = new ProgramBuilder({ lenient: shape.lenient });
  const B = new RecordingBackend(b);
  const summaries = list.map((child, i) => {
    const pv = verifyChildSummary(B, child, keys, keys.root, list.length === 1 ? "root: the child" : `root: child ${i}`, shape.anchorLogRows);
    keys.root.forEach((w, j) => b.assertEq(pv[S.keySetRoot + j], b.constant(w), "the kit's key set"));
    return pv;
  });
  const { programAndChallenges, busSum, share } = addSummaries(B, summaries);

  const programDigest = programAndChallenges.slice(0, 8);
  const gamma = B.extFromCoords(programAndChallenges.slice(8, 12));
  const beta = B.extFromCoords(programAndChallenges.slice(12, 16));
  const st = Array.from(statementPublicValues(statement), (w) => b.witness(w));
  const [entry, cycles, exitLo, exitHi, hasDigest] = st;
  const outputLimbs = st.slice(5, 21);
  const halves = inputHalves(statement.input, shape.maxInputWords).map((h) => b.witness(h));
  const isReal = shape.maxInputWords === undefined ? null : inputPrefix(b, statement.input, halves);

  // ---- the bus: the child's sum plus the statement's terms is zero
  const fingerprint = (bus: string, tuple: Var[]): Var => {
    let fp = gamma;
    let pw: Var = b.constant(1);
    for (const v of tuple) {
      fp = b.extAlu(AluOp.Add, fp, b.extAlu(AluOp.Mul, pw, v));
      pw = b.extAlu(AluOp.Mul, pw, beta);
    }
    return b.extAlu(AluOp.Add, fp, b.extAlu(AluOp.Mul, pw, b.constant(busIdOf(bus))));
  };
  const term = (bus: string, tuple: Var[]) => b.inv(fingerprint(bus, tuple), true, "bus");
  let total = busSum;
  total = b.extAlu(AluOp.Add, total, term(BUS_EXEC, [entry, b.constant(0)]));
  // The input words' memory terms: fingerprint(KIND_RO, address, lo, hi, 0) as above,
  // built incrementally (an add and two fmas a word): the part without the halves,
  // gamma + KIND_RO + beta·address + beta^5·busId, moves by 4·beta from word to word.
  // The terms are summed four to a base-dot row, each weighed by its word's prefix bit.
  // (Root's ext-alu table stays below 2^16 rows: 7 ext-alu operations a word made it 2^17.)
  const mul = (x: Var, y: Var) => b.extAlu(AluOp.Mul, x, y), add = (x: Var, y: Var) => b.extAlu(AluOp.Add, x, y);
  const beta2 = mul(beta, beta), beta3 = mul(beta2, beta);
  const beta5 = mul(mul(beta3, beta), beta);
  let fixed = add(add(add(gamma, b.constant(KIND_RO)), mul(beta, b.constant(INPUT_START))), mul(beta5, b.constant(busIdOf(BUS_MEMORY))));
  const step = mul(beta, b.constant(4));
  const terms: Var[] = [];
  for (let j = 0; j < halves.length / 2; j++) {
    if (j > 0) fixed = add(fixed, step);
    const fp = b.extFma(beta3, halves[2 * j + 1], b.extFma(beta2, halves[2 * j], fixed));
    terms.push(b.inv(fp, true, "bus"));
  }
  if (isReal) {
    const zero = b.constant(0);
    for (let j = 0; j < terms.length; j += BASE_DOT_TERMS) {
      const k = Array.from({ length: BASE_DOT_TERMS }, (_, i) => j + i);
      total = b.baseDot(total, k.map((i) => (i < terms.length ? isReal[i] : zero)), k.map((i) => terms[Math.min(i, terms.length - 1)]));
    }
  } else {
    for (const t of terms) total = add(total, t);
  }
  const lastClk = b.baseAlu(AluOp.Sub, cycles, b.constant(1));
  total = b.extAlu(AluOp.Sub, total, term(BUS_EXIT, [exitLo, exitHi, lastClk, hasDigest, ...outputLimbs]));
  b.assertEq(total, b.constant(0), "bus");

  // ---- the challenges came from the program, the statement and the sum of the shares
  const ch = B.newChallenger();
  ch.observe(programDigest);
  ch.observe(st);
  ch.observe([...share.x, ...share.y, b.constant(1)]);
  b.assertEq(ch.sampleExt(), gamma, "challenges");
  b.assertEq(ch.sampleExt(), beta, "challenges");

  for (const v of programDigest) b.publicValue(v);
  for (const v of st) b.publicValue(v);
  for (const v of hashRow(b, halves)) b.publicValue(v);
  return b.build();
}
