// The native verifier backend (verifier-backend.ts): base values are numbers, extension
// values and digests Uint32Arrays, hashing and the transcript are the hash suite's own
// (so the poseidon-bn254 suite verifies here as well), and a failed check throws
// VerificationError with its name.
import { P, add, sub, mul } from "../field/babybear.ts";
import { extAdd, extSub, extMul, extScale, extInv, isZero, type Ext } from "../field/extension.ts";
import type { HashSuite } from "../hash/suite.ts";
import type { Challenger } from "../transcript/challenger.ts";
import type { BackendChallenger, Reason, VerifierBackend } from "./verifier-backend.ts";
import { VerificationError, fail } from "./verify-error.ts";

class NativeChallenger implements BackendChallenger<number, Ext, Uint32Array> {
  private readonly ch: Challenger;
  constructor(ch: Challenger) {
    this.ch = ch;
  }
  observe(values: ArrayLike<number>): void {
    this.ch.observe(values);
  }
  observeDigest(d: Uint32Array): void {
    this.ch.observeDigest(d);
  }
  sampleExt(): Ext {
    return this.ch.sampleExt();
  }
  sampleBits(bits: number): number[] {
    const v = this.ch.sampleBits(bits);
    return Array.from({ length: bits }, (_, i) => (v >>> i) & 1);
  }
  checkWitness(bits: number, nonce: number, check: string, reason: Reason): void {
    if (!this.ch.checkWitness(bits, nonce)) fail(check, reason());
  }
}

export class NativeBackend implements VerifierBackend<number, Ext, Uint32Array> {
  readonly digestWords: number;
  private readonly suite: HashSuite;
  constructor(suite: HashSuite) {
    this.suite = suite;
    this.digestWords = suite.digestWords;
  }

  constBase(v: number): number {
    return v;
  }
  constExt(e: ArrayLike<number>): Ext {
    return Uint32Array.from(e);
  }
  constDigest(d: Uint32Array): Uint32Array {
    return d;
  }
  witnessBase(v: number): number {
    return v;
  }
  witnessDigest(d: Uint32Array): Uint32Array {
    return d;
  }

  add(a: number, b: number): number {
    return add(a, b);
  }
  sub(a: number, b: number): number {
    return sub(a, b);
  }
  mul(a: number, b: number): number {
    return mul(a, b);
  }

  lift(a: number): Ext {
    return Uint32Array.of(a, 0, 0, 0);
  }
  extFromCoords(c: number[]): Ext {
    return Uint32Array.of(c[0], c[1], c[2], c[3]);
  }
  extAdd(a: Ext, b: Ext): Ext {
    return extAdd(a, b);
  }
  extSub(a: Ext, b: Ext): Ext {
    return extSub(a, b);
  }
  extMul(a: Ext, b: Ext): Ext {
    return extMul(a, b);
  }
  extMulBase(a: Ext, b: number): Ext {
    return extScale(a, b);
  }
  extFma(a: Ext, b: Ext, c: Ext): Ext {
    return extAdd(extMul(a, b), c);
  }
  extInv(a: Ext, check: string, reason: Reason): Ext {
    if (isZero(a)) fail(check, reason());
    return extInv(a);
  }
  combineBase(vals: number[], coefs: Ext[]): Ext {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < vals.length; k++) {
      const v = vals[k], c = coefs[k];
      a0 += mul(v, c[0]);
      a1 += mul(v, c[1]);
      a2 += mul(v, c[2]);
      a3 += mul(v, c[3]);
    }
    return Uint32Array.of(a0 % P, a1 % P, a2 % P, a3 % P);
  }
  linearCombination(consts: ArrayLike<number>, vals: Ext[]): Ext {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < vals.length; k++) {
      const s = consts[k], v = vals[k];
      a0 += mul(v[0], s);
      a1 += mul(v[1], s);
      a2 += mul(v[2], s);
      a3 += mul(v[3], s);
    }
    return Uint32Array.of(a0 % P, a1 % P, a2 % P, a3 % P);
  }

  assertEqExt(a: Ext, b: Ext, check: string, reason: Reason): void {
    if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]) fail(check, reason());
  }
  assertEqDigest(a: Uint32Array, b: Uint32Array, check: string, reason: Reason): void {
    if (a.length !== b.length || a.some((w, i) => w !== b[i])) fail(check, reason());
  }

  select(bit: number, a: number, b: number): [number, number] {
    return bit ? [b, a] : [a, b];
  }
  selectExt(bit: number, a: Ext, b: Ext): [Ext, Ext] {
    return bit ? [b, a] : [a, b];
  }
  selectDigest(bit: number, a: Uint32Array, b: Uint32Array): [Uint32Array, Uint32Array] {
    return bit ? [b, a] : [a, b];
  }

  hashRow(values: number[]): Uint32Array {
    return this.suite.hashRow(Uint32Array.from(values));
  }
  compress(left: Uint32Array, right: Uint32Array): Uint32Array {
    return this.suite.compress(left, right);
  }
  newChallenger(): BackendChallenger<number, Ext, Uint32Array> {
    return new NativeChallenger(this.suite.newChallenger());
  }

  peekBase(a: number): number {
    return a;
  }
  isRejection(e: unknown): boolean {
    return e instanceof VerificationError;
  }
}
