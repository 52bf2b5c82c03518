// Table heights as proof values (VerifyWithOptions.heights, lifted proofs only).
//
// A lifted proof's verifier depends on a table's height in four places only: the
// statement the transcript observes, the table's OOD point phi_k(z) (lifting.ts), and the
// selectors and quotient at that point (its n-th power, 1/n, w_n^-1). Everything else (the
// trees, the query bits, FRI) follows the tallest height. So when the tallest height is
// fixed and each other height is a witnessed choice among the allowed ones, the recorded
// recursion program is the same for every shape: one lift program per segment size
// instead of one per combination of table heights.
//
// A height is chosen by one-hot bits b_j (j = allowed log heights), each checked boolean
// and summing to one; the height's log is sum_j j·b_j. With u = z/s (s the coset shift)
// and L the tallest log height, a table of 2^j rows is opened at phi_(L-j)(z) =
// s·u^(2^(L-j)), and that point's n-th power is s^(2^j)·u^(2^L): both are sums of
// candidates weighted by the bits, so the program pays a few operations per candidate.
import { inv, rootOfUnity, pow, P } from "../field/babybear.ts";
import { checkBusMultiplicities } from "../air/multiplicity.ts";
import { COSET_SHIFT } from "./domain.ts";
import type { VerifyingKey } from "./keys.ts";
import type { CompiledAir } from "../air/types.ts";
import type { StarkProof } from "./proof.ts";
import type { VerifierBackend } from "./verifier-backend.ts";
import { fail } from "./verify-error.ts";

export type HeightsOption = {
  /** log2 rows of the tallest table: fixed by the program (it fixes the trees and FRI). */
  logMaxRows: number;
  /** The shortest a table may be. */
  minLogRows: number;
  /**
   * Set: the preprocessed tables' heights vary too (between the keys of different
   * guests, a program table follows the code size), each in [minLogRows, this]; the
   * preprocessed tree must be 2^this rows tall (so some table always is, e.g. a byte
   * table). The key digest must then be computed from the witnessed heights
   * (HeightBits.logRows), which binds them to the key. Unset: the key fixes them.
   */
  varyingPreprocessed?: number;
  /**
   * The key is one of a fixed set of keys made by a validated setup (a recursion kit's key
   * set, checked in the program): multiplicities computed from preprocessed columns alone
   * are then the key's own, whose sums its setup bounds (a recursion program reads each
   * address at most READ_CAP times, so a bus carries at most its operation count), and
   * they are left out of the worst-case bus bound; prover-chosen ones are still counted.
   */
  keyFromValidatedSet?: boolean;
};

/** A table's height as witnessed one-hot bits over the allowed log heights. */
export type HeightBits<F> = { allowed: number[]; bits: F[]; logRows: F };

/** A table's height-dependent values at z. */
export type HeightValues<F, E> = { logRows: F; point: E; pointPowN: E; nInv: F; wInv: F };

/** The log heights table t may have under `opt`. */
export function allowedLogRows(vk: VerifyingKey, t: number, opt: HeightsOption): number[] {
  const fixed = vk.prepLogRows[t];
  const range = (hi: number) => Array.from({ length: hi - opt.minLogRows + 1 }, (_, i) => opt.minLogRows + i);
  if (fixed === null) return range(opt.logMaxRows);
  return opt.varyingPreprocessed === undefined ? [fixed] : range(opt.varyingPreprocessed);
}

/**
 * Checks (in plain TypeScript) that the proof's heights are allowed, and that the buses
 * cannot wrap even with every table at the tallest height (so no height the program
 * accepts can make a multiplicity sum reach p).
 */
function checkHeightsOption(vk: VerifyingKey, proof: StarkProof, opt: HeightsOption): void {
  if (!vk.config.lifted) fail("parameters", "table heights as values need a lifted proof (StarkConfig.lifted)");
  const max = Math.max(...proof.tables.map((t) => t.logRows));
  if (max !== opt.logMaxRows) fail("shape", `the tallest table has 2^${max} rows, this verifier takes 2^${opt.logMaxRows}`);
  proof.tables.forEach((t, ti) => {
    if (!allowedLogRows(vk, ti, opt).includes(t.logRows)) fail("shape", `table ${ti} ('${vk.airs[ti].name}'): 2^${t.logRows} rows is not an allowed height`);
  });
  if (opt.varyingPreprocessed !== undefined && vk.prepRoot) {
    const prepMax = Math.max(...vk.prepLogRows.map((h) => h ?? 0));
    if (prepMax !== opt.varyingPreprocessed) fail("shape", `the preprocessed tree is 2^${prepMax} rows tall, this verifier takes 2^${opt.varyingPreprocessed}`);
  }
  const wrap = checkBusMultiplicities(vk.airs.map((air) => ({ air: opt.keyFromValidatedSet ? withoutKeyFixedMultiplicities(air) : air, logRows: opt.logMaxRows })));
  if (wrap) fail("bus-bound", `at the tallest allowed heights: ${wrap}`);
}

/** The AIR as the bus bound sees it with its key-fixed multiplicities left out (keyFromValidatedSet). */
function withoutKeyFixedMultiplicities(air: CompiledAir): CompiledAir {
  const json = air.toJSON() as { nodes: Array<[string, number?, number?]>; interactions: Array<{ multiplicity: number }> };
  const fixed = (id: number): boolean => {
    const [op, a, b] = json.nodes[id];
    if (op === "prep" || op === "const") return true;
    if (op === "neg") return fixed(a!);
    if (op === "add" || op === "sub" || op === "mul") return fixed(a!) && fixed(b!);
    return false;
  };
  const keep = air.interactions.filter((_, i) => !fixed(json.interactions[i].multiplicity));
  return { ...air, interactions: keep } as CompiledAir;
}

/** Each table's height as witnessed one-hot bits (checked), and its log as a value; the
 * proof's heights are checked against `opt` first (checkHeightsOption). */
export function witnessHeightsWith<F, E, D>(B: VerifierBackend<F, E, D>, vk: VerifyingKey, proof: StarkProof, opt: HeightsOption): Array<HeightBits<F>> {
  checkHeightsOption(vk, proof, opt);
  const one = B.constBase(1);
  return proof.tables.map((t, ti) => {
    const allowed = allowedLogRows(vk, ti, opt);
    if (allowed.length === 1) return { allowed, bits: [one], logRows: B.constBase(allowed[0]) };
    const bits = allowed.map((j) => B.witnessBase(j === t.logRows ? 1 : 0));
    let sum = B.constBase(0), log = B.constBase(0);
    const why = () => `table ${ti}: the height is not one of the allowed ones`;
    for (const [i, b] of bits.entries()) {
      B.assertEqExt(B.lift(B.mul(b, b)), B.lift(b), "shape", why);
      sum = B.add(sum, b);
      log = B.add(log, B.mul(b, B.constBase(allowed[i])));
    }
    B.assertEqExt(B.lift(sum), B.lift(one), "shape", why);
    return { allowed, bits, logRows: log };
  });
}

/** The height-dependent values of every table at z (see the head of this file). */
export function heightValuesWith<F, E, D>(B: VerifierBackend<F, E, D>, z: E, logMaxRows: number, heights: Array<HeightBits<F>>): Array<HeightValues<F, E>> {
  // u^(2^k) for k = 0..L, u = z/s
  const uPows: E[] = [B.extMulBase(z, B.constBase(inv(COSET_SHIFT)))];
  for (let k = 1; k <= logMaxRows; k++) uPows.push(B.extMul(uPows[k - 1], uPows[k - 1]));
  const shift = B.constBase(COSET_SHIFT);
  const sum = <T>(terms: T[], add: (a: T, b: T) => T) => terms.reduce((a, b) => add(a, b));
  return heights.map(({ allowed, bits, logRows }) => {
    const point = sum(allowed.map((j, i) => B.extMulBase(B.extMulBase(uPows[logMaxRows - j], shift), bits[i])), (a, b) => B.extAdd(a, b));
    const pick = (f: (j: number) => number) => sum(allowed.map((j, i) => B.mul(bits[i], B.constBase(f(j)))), (a, b) => B.add(a, b));
    const sPowN = pick((j) => pow(COSET_SHIFT, 2 ** j));
    return {
      logRows, point,
      pointPowN: B.extMulBase(uPows[logMaxRows], sPowN),
      nInv: pick((j) => inv(2 ** j % P)),
      wInv: pick((j) => inv(rootOfUnity(j))),
    };
  });
}
