// Bit-reversal permutation of columns: out[i] = col[rev(i)] (an involution, so also
// out[rev(i)] = col[i]). The STARK commits LDE columns in bit-reversed order; this is the
// wasm tiled permutation (about 3x a table-driven TS loop at 2^20), for any caller that
// wants it.
import { checkedLog } from "./ntt.ts";
import { bitReverseWasm } from "./ntt-wasm.ts";
import { sharedU32 } from "../parallel/shared.ts";

/** Bit-reversed copy of col (on SharedArrayBuffer, like the LDE outputs). */
export function bitReversedCopy(col: Uint32Array): Uint32Array {
  const logN = checkedLog(col.length, "bitReversedCopy");
  const out = sharedU32(col.length);
  if (logN < 2) {
    out.set(col); // sizes 1 and 2 are their own bit reversal
    return out;
  }
  bitReverseWasm(col, out, logN);
  return out;
}
