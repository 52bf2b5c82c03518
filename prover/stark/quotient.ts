// The quotient step of DEEP-ALI: Q(x) = sum_k alpha^k C_k(x) / Z_H(x) on the LDE
// domain, then split into chunks of degree < n so each can be committed and opened:
// Q(x) = sum_i x^(i·n) q_i(x).
import type { CompiledAir, LdeInputs } from "../air/types.ts";
import { ldeSelectors, type LdeSelectors } from "../air/selectors.ts";
import { getPool, splitRange } from "../parallel/pool.ts";
import { cosetIntt, cosetLdeFromCoeffs } from "../poly/ntt.ts";
import { extMulAt, type Ext } from "../field/extension.ts";
import { sharedU32, toSharedU32 } from "../parallel/shared.ts";
import { COSET_SHIFT, bitReversedCopies } from "./domain.ts";
import { proverTestHooks } from "./test-hooks.ts";

const selectorCache = new Map<string, LdeSelectors>();

/** The LDE selector columns, on shared memory and cached per (height, blowup). */
function sharedSelectors(logRows: number, logBlowup: number): LdeSelectors {
  const key = `${logRows}/${logBlowup}`;
  let sel = selectorCache.get(key);
  if (!sel) {
    const s = ldeSelectors(logRows, logBlowup, COSET_SHIFT);
    sel = {
      isFirstRow: toSharedU32(s.isFirstRow), isLastRow: toSharedU32(s.isLastRow),
      isTransition: toSharedU32(s.isTransition), invZerofier: s.invZerofier,
    };
    if (selectorCache.size > 8) selectorCache.clear();
    selectorCache.set(key, sel);
  }
  return sel;
}

/** Number of degree-<n chunks the quotient of this AIR splits into. */
export function quotientChunks(air: CompiledAir): number {
  return Math.max(1, air.maxDegree - 1);
}

export function checkBlowupFits(air: CompiledAir, logBlowup: number): void {
  const chunks = quotientChunks(air);
  if (chunks > 1 << logBlowup) {
    throw new Error(
      `AIR '${air.name}' has constraint degree ${air.maxDegree}: its quotient needs ${chunks} chunks, ` +
        `more than the blowup ${1 << logBlowup}; raise logBlowup to ${Math.ceil(Math.log2(chunks))}`,
    );
  }
}

/** alpha^0 .. alpha^(count-1), AoS. */
export function alphaPowers(alpha: Ext, count: number): Uint32Array {
  const out = new Uint32Array(4 * count);
  if (count === 0) return out;
  out[0] = 1;
  for (let k = 1; k < count; k++) extMulAt(out, 4 * k, out, 4 * (k - 1), alpha, 0);
  return out;
}

export type QuotientInputs = Omit<LdeInputs, "isFirstRow" | "isLastRow" | "isTransition" | "invZerofier" | "nextStride">;

/**
 * Evaluates the quotient on the LDE (natural order) and returns its chunks' LDEs,
 * bit-reversed, as 4·chunks base columns (chunk i coordinate j at 4i + j).
 * Throws when the quotient is not a polynomial of the expected degree, i.e. when the
 * trace does not satisfy the constraints.
 */
export async function computeQuotientChunks(
  air: CompiledAir,
  inputs: QuotientInputs,
  logRows: number,
  logBlowup: number,
): Promise<{ chunksRev: Uint32Array[]; coeffs: Uint32Array[] }> {
  const logLde = logRows + logBlowup;
  const N = 1 << logLde;
  const n = 1 << logRows;
  const sel = sharedSelectors(logRows, logBlowup);
  const q = [0, 1, 2, 3].map(() => sharedU32(N));
  const inp: LdeInputs = { ...inputs, ...sel, nextStride: 1 << logBlowup };
  const pool = getPool();
  if (air.moduleSource && pool.size > 1 && N >= 1 << 12) {
    const workerUrl = new URL("./quotient-worker.ts", import.meta.url).href;
    await pool.map(workerUrl, "evalQuotientRange", splitRange(N, pool.size).map(([s, e]) => [air.moduleSource, inp, s, e, q]));
  } else {
    air.evalQuotient(inp, 0, N, q);
  }
  const chunks = quotientChunks(air);
  const coeffs: Uint32Array[] = [];
  for (let j = 0; j < 4; j++) {
    cosetIntt(q[j], COSET_SHIFT);
    for (let i = chunks * n; i < N; i++) {
      if (q[j][i] !== 0 && !proverTestHooks().truncateHighDegreeQuotient) { // the hook: tests only
        throw new Error(`AIR '${air.name}': the quotient has degree above ${chunks}·n; the trace does not satisfy its constraints`);
      }
    }
  }
  // chunk i, coordinate j: coefficients [i·n, (i+1)·n) of coordinate j.
  for (let i = 0; i < chunks; i++) for (let j = 0; j < 4; j++) coeffs.push(q[j].slice(i * n, (i + 1) * n));
  const ldes = await cosetLdeFromCoeffs(coeffs, logLde, COSET_SHIFT);
  return { chunksRev: bitReversedCopies(ldes), coeffs };
}
