// The verifier's leaf fold (binary folds, fri-verifier.ts) against the prover's (the fold
// matrix, fri.ts): the same value for every arity, and a changed leaf value, beta or
// point changes it.
import { expect } from "chai";
import { P, inv, mul, rootOfUnity } from "../../prover/field/babybear.ts";
import { getHashSuite } from "../../prover/hash/suite.ts";
import { foldLayer, layerShift } from "../../prover/stark/fri.ts";
import { foldLeafWith } from "../../prover/stark/fri-verifier.ts";
import { NativeBackend } from "../../prover/stark/verifier-native.ts";
import { bitReversalTable } from "../../prover/stark/domain.ts";

function words(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % P;
  }
  return out;
}

describe("FRI: the verifier's leaf fold is the prover's", () => {
  const B = new NativeBackend(getHashSuite("poseidon2-babybear-16"));
  for (const logArity of [1, 2, 3, 4]) {
    it(`arity ${1 << logArity}: every leaf of a layer folds to the prover's value`, () => {
      const logSize = logArity + 3, logN = logSize + 2;
      const layer = words(4 << logSize, 7 + logArity);
      const beta = words(4, 99 + logArity);
      const folded = foldLayer(layer, logSize, logArity, beta, logN);
      const outLog = logSize - logArity;
      const rev = bitReversalTable(outLog);
      const wInv = inv(rootOfUnity(logSize));
      for (let m = 0; m < 1 << outLog; m++) {
        // x0(m)^-1 = shift^-1 · (w^-1)^bitrev(m), as fri.ts foldLayer takes it
        let x0Inv = inv(layerShift(logN, logSize));
        for (let i = 0; i < rev[m]; i++) x0Inv = mul(x0Inv, wInv);
        const leaf = Array.from({ length: 1 << logArity }, (_, t) => layer.slice(4 * ((m << logArity) + t), 4 * ((m << logArity) + t) + 4));
        const got = foldLeafWith(B, leaf, logArity, beta, x0Inv);
        expect([...got], `leaf ${m}`).to.deep.equal([...folded.subarray(4 * m, 4 * m + 4)]);
        // every input matters
        const moved = leaf.map((e) => e.slice());
        moved[(m * 5) % leaf.length][m % 4] = (moved[(m * 5) % leaf.length][m % 4] + 1) % P;
        expect([...foldLeafWith(B, moved, logArity, beta, x0Inv)]).to.not.deep.equal([...got]);
        expect([...foldLeafWith(B, leaf, logArity, Uint32Array.of(beta[0], beta[1], beta[2], (beta[3] + 1) % P), x0Inv)]).to.not.deep.equal([...got]);
        expect([...foldLeafWith(B, leaf, logArity, beta, mul(x0Inv, 3))]).to.not.deep.equal([...got]);
      }
    });
  }
});
