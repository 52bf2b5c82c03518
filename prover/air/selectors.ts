// Row selectors as functions of x, for the LDE coset x_i = shift·w_N^i (natural order)
// and for an extension point z. With H = <w>, |H| = n:
//   isFirstRow   = L_0(x)         = (x^n - 1) / (n (x - 1))
//   isLastRow    = L_{n-1}(x)     = (x^n - 1) · w^-1 / (n (x - w^-1))   (1 at w^(n-1) = w^-1)
//   isTransition = 1 - L_{n-1}(x)
//   zerofier     = x^n - 1        (on the coset it takes B values, so its inverse is periodic)
// Every selector is exactly 0 or 1 on H, so the debug checker and the LogUp aux generation
// (which use the 0/1 values of traceSelectors) enforce the same relation as the quotient
// and the verifier. Each is a polynomial of degree n - 1, like a trace column: the degree
// accounting (a selector counts 1) is exact.
import { P, mul, sub, inv, pow, rootOfUnity, batchInverse, GENERATOR } from "../field/babybear.ts";
import { ext, extSub, extMul, extPow, extInv, extScale, type Ext } from "../field/extension.ts";

export type LdeSelectors = { isFirstRow: Uint32Array; isLastRow: Uint32Array; isTransition: Uint32Array; invZerofier: Uint32Array };

export function ldeSelectors(logRows: number, logBlowup: number, shift = GENERATOR): LdeSelectors {
  const n = 1 << logRows, B = 1 << logBlowup, N = n * B;
  const wN = rootOfUnity(logRows + logBlowup);
  const wInv = inv(rootOfUnity(logRows));
  // x_i^n = shift^n · w_B^i repeats with period B.
  const zer = new Uint32Array(B);
  const shiftN = pow(shift, n), wB = rootOfUnity(logBlowup);
  for (let i = 0, x = shiftN; i < B; i++, x = mul(x, wB)) zer[i] = sub(x, 1);
  const invZerofier = batchInverse(zer);
  const dFirst = new Uint32Array(N), dLast = new Uint32Array(N);
  for (let i = 0, x = shift; i < N; i++, x = mul(x, wN)) {
    dFirst[i] = mul(sub(x, 1), n % P);
    dLast[i] = mul(sub(x, wInv), n % P);
  }
  const iF = batchInverse(dFirst), iL = batchInverse(dLast);
  const isFirstRow = new Uint32Array(N), isLastRow = new Uint32Array(N), isTransition = new Uint32Array(N);
  for (let i = 0; i < N; i++) {
    const z = zer[i & (B - 1)];
    isFirstRow[i] = mul(z, iF[i]);
    isLastRow[i] = mul(mul(z, wInv), iL[i]);
    isTransition[i] = sub(1, isLastRow[i]);
  }
  return { isFirstRow, isLastRow, isTransition, invZerofier };
}

export function selectorsAtPoint(z: Ext, logRows: number): { isFirstRow: Ext; isLastRow: Ext; isTransition: Ext; zerofier: Ext } {
  const n = 1 << logRows;
  const wInv = inv(rootOfUnity(logRows));
  const zerofier = extSub(extPow(z, n), ext(1));
  const nInv = inv(n % P);
  const isFirstRow = extMul(extScale(zerofier, nInv), extInv(extSub(z, ext(1))));
  const isLastRow = extMul(extScale(zerofier, mul(nInv, wInv)), extInv(extSub(z, ext(wInv))));
  const isTransition = extSub(ext(1), isLastRow);
  return { isFirstRow, isLastRow, isTransition, zerofier };
}

/** The same selectors on the trace itself (row i is x = w^i): 0/1 columns of length n. */
export function traceSelectors(n: number): { isFirstRow: Uint32Array; isLastRow: Uint32Array; isTransition: Uint32Array } {
  const isFirstRow = new Uint32Array(n), isLastRow = new Uint32Array(n), isTransition = new Uint32Array(n).fill(1);
  isFirstRow[0] = 1;
  isLastRow[n - 1] = 1;
  isTransition[n - 1] = 0;
  return { isFirstRow, isLastRow, isTransition };
}
