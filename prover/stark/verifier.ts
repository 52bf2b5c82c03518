// The multi-table STARK verifier: the prover's steps (prover.ts) replayed, each check
// named, so a rejected proof says which check failed and why.
//
// It is written once, over a verifier backend (verifier-backend.ts): `verify` runs it on
// the native backend (verifier-native.ts); the recursion program of a key is the same
// run on a recording backend (wrapper/recursion/verifier-program.ts). What depends on the
// key and the proof's shape only (parameters, heights, widths, the FRI schedule, the
// Merkle dimensions) is plain TypeScript here; every proof value goes through the backend,
// the query indices included (as bits), so nothing below branches on a proof value.
import { getHashSuite } from "../hash/suite.ts";
import { indexInTree, type Dims } from "../merkle/mmcs.ts";
import { rootOfUnity } from "../field/babybear.ts";
import type { Ext } from "../field/extension.ts";
import { configsEqual } from "./config.ts";
import { proofVersionOf, type StarkProof, type Opening } from "./proof.ts";
import { liftedPointWith } from "./lifting.ts";
import type { VerifyingKey } from "./keys.ts";
import { observeStatementWith, observeOpeningsWith, gammaCoefficientsWith, drawChallengesWith } from "./transcript.ts";
import { friVerifyQuery, ldePointWith } from "./fri-verifier.ts";
import { friLayerDims } from "./fri.ts";
import { checkedOpening, observeCapWith } from "./verifier-merkle.ts";
import { capDigestWords, capHeightOf } from "./merkle-cap.ts";
import { quotientChunks } from "./quotient.ts";
import { COSET_SHIFT } from "./domain.ts";
import { checkProofShape } from "./proof-shape.ts";
import { extsFromWords, recombineWith, selectorsAtPointWith, selectorsFromPowerWith, quotientAtZWith, quotientFromPowerWith, evalAirAtPointWith, extPow2kWith } from "./verifier-ood.ts";
import { witnessHeightsWith, heightValuesWith, type HeightsOption, type HeightBits } from "./verifier-heights.ts";
import { VerificationError, fail } from "./verify-error.ts";
import type { VerifierBackend } from "./verifier-backend.ts";
import { NativeBackend } from "./verifier-native.ts";

export type VerifyResult = { ok: true } | { ok: false; check: string; reason: string };

export type VerifyOptions = {
  /** LogUp terms that the verifier contributes itself from public data (for the zkVM:
   * the initial state, the input words, the exit statement), as a function of the bus
   * challenges (gamma, beta, ...). The tables' sums plus this must be zero. */
  publicBusSum?: (challenges: Uint32Array) => Ext;
  /** Bus challenges fixed outside the proof (prover.ts ProveOptions.challenges). */
  challenges?: Uint32Array;
  /** false: this proof is one of several whose buses balance only together (the
   * segments of a run); the caller adds the tables' sums across proofs and checks them. */
  busBalance?: boolean;
};

/** VerifyOptions over a backend's values. */
export type VerifyWithOptions<E, D = unknown, F = unknown> = {
  publicBusSum?: (challenges: E[]) => E;
  challenges?: Uint32Array;
  busBalance?: boolean;
  /** The key's digest and preprocessed root as backend values instead of constants: a
   * recursion program serving every guest of a shape takes them from its witness and
   * hashes the digest from the root itself (wrapper/recursion/lift.ts). */
  keyValues?: { digest: D; prepRoot: D | null };
  /** Lifted proofs: the tables' heights as witnessed values, so that one recorded program
   * serves every shape with this tallest height (verifier-heights.ts). */
  heights?: HeightsOption;
  /** The heights' bits, witnessed already (witnessHeightsWith) by a caller that hashes the
   * key digest from them (varyingPreprocessed); else witnessed here. */
  heightBits?: Array<HeightBits<F>>;
};

/** What a verification leaves behind (handles for a recursion program to expose). */
export type VerifiedValues<F, E, D = unknown> = {
  publicValues: F[][];
  /** The main trace's root (a segment's share is hashed from it), or null (also under a Merkle cap). */
  mainRoot: D | null;
  challenges: E[];
  /** Each table's LogUp sum (aux public value `cumulativeSumIndex`), or null. */
  busSums: Array<E | null>;
};

export function verify(vk: VerifyingKey, proof: StarkProof, opts: VerifyOptions = {}): VerifyResult {
  try {
    verifyWith(() => new NativeBackend(getHashSuite(vk.config.hashSuite)), vk, proof, {
      challenges: opts.challenges,
      busBalance: opts.busBalance,
      publicBusSum: opts.publicBusSum ? (cs) => opts.publicBusSum!(packExts(cs)) : undefined,
    });
    return { ok: true };
  } catch (e) {
    if (e instanceof VerificationError) return { ok: false, check: e.check, reason: e.message };
    return { ok: false, check: "malformed", reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The verifier over a backend, made by `backend` once the proof is known to be for this
 * key. Throws on rejection (VerificationError, or the backend's own failure).
 */
export function verifyWith<F, E, D>(backend: () => VerifierBackend<F, E, D>, vk: VerifyingKey, proof: StarkProof, opts: VerifyWithOptions<E, D, F> = {}): VerifiedValues<F, E, D> {
  // 0 ----- the proof must be for this key, with these parameters, in this shape
  const version = proofVersionOf(vk.config);
  if (proof.version !== version) fail("version", `proof version ${proof.version}, expected ${version}`);
  if (!configsEqual(proof.config, vk.config)) {
    fail("parameters", `proof parameters ${JSON.stringify(proof.config)} differ from the key's ${JSON.stringify(vk.config)}`);
  }
  if (!equals8(proof.vkDigest, vk.digest)) fail("vk", "the proof was made for another verifying key");
  const B = backend();
  const shape = checkProofShape(vk, proof);
  const { logLdes, logMaxLde, schedule, dims } = shape;
  // each commitment is a cap of 2^c digests (merkle-cap.ts; c = 0 unless merkleCapHeight: the root),
  // the key's preprocessed one too: its length is the key's to get right
  const capHeight = (d: Dims[]) => capHeightOf(vk.config, d);
  const prepCap = vk.prepRoot
    ? (opts.keyValues?.prepRoot ? [opts.keyValues.prepRoot] : capDigestWords(vk.prepRoot, B.digestWords).map((d) => B.constDigest(d)))
    : null;
  if (prepCap && (vk.prepRoot!.length % B.digestWords !== 0 || prepCap.length !== 1 << capHeight(dims.prep))) {
    fail("parameters", `the key's preprocessed commitment has ${vk.prepRoot!.length} words (${prepCap.length} digests), its cap height wants ${1 << capHeight(dims.prep)} digests`);
  }
  const k = (values: number[]) => values.map((v) => B.constBase(v));
  const w = (values: ArrayLike<number>) => Array.from(values, (v) => B.witnessBase(v));
  /** Runs one transcript step over proof values: a value the challenger (or the backend)
   * refuses as not canonical (a BabyBear word >= p, a BN254 digest >= r) fails `canonical:<section>`. */
  const observed = <T>(section: string, step: () => T): T => {
    try {
      return step();
    } catch (e) {
      if (e instanceof VerificationError || B.isRejection(e)) throw e;
      fail(`canonical:${section}`, e instanceof Error ? e.message : String(e));
    }
  };

  // 1 ----- replay the transcript (a value the challenger refuses fails canonical:<section>);
  // heights as values are witnessed first (their check names a height the option refuses)
  const heightBits = opts.heights ? (opts.heightBits ?? witnessHeightsWith(B, vk, proof, opts.heights)) : null;
  const ch = B.newChallenger();
  const publicValues = observed("public-values", () => {
    const pub = proof.tables.map((t) => w(t.publicValues));
    observeStatementWith(ch, k, opts.keyValues?.digest ?? B.constDigest(vk.digest), vk,
      proof.tables.map((t, ti) => ({ logRows: t.logRows, publicValues: pub[ti] })), heightBits?.map((h) => h.logRows));
    return pub;
  });
  const mainCap = proof.mainRoot ? observed("main-root", () => observeCapWith(B, ch, proof.mainRoot!, capHeight(dims.main), "the main root")) : null;
  const numChallenges = Math.max(0, ...vk.airs.map((a) => a.numChallenges));
  if (opts.challenges && opts.challenges.length !== 4 * numChallenges) {
    fail("parameters", `${opts.challenges.length / 4} challenges given, the tables use ${numChallenges}`);
  }
  const challenges = drawChallengesWith(ch, numChallenges, opts.challenges ? w(opts.challenges) : undefined, (c) => B.extFromCoords(c));
  const auxPublic = proof.tables.map((t) => observed("aux-public-values", () => {
    const words = w(t.auxPublic);
    ch.observe(words);
    return extsFromWords(B, words);
  }));
  const auxCap = proof.auxRoot ? observed("aux-root", () => observeCapWith(B, ch, proof.auxRoot!, capHeight(dims.aux), "the aux root")) : null;
  const alpha = ch.sampleExt();
  const quotientCap = observed("quotient-root", () => observeCapWith(B, ch, proof.quotientRoot, capHeight(dims.quotient), "the quotient root"));
  const z = ch.sampleExt();
  const ood = observed("ood", () => {
    const words = proof.tables.map(({ openings: o }) => ({
      prepZ: w(o.prepZ), prepZNext: w(o.prepZNext), mainZ: w(o.mainZ), mainZNext: w(o.mainZNext),
      auxZ: w(o.auxZ), auxZNext: w(o.auxZNext), quotientZ: w(o.quotientZ),
    }));
    observeOpeningsWith(ch, words);
    return words.map((o) => ({
      prepZ: extsFromWords(B, o.prepZ), prepZNext: extsFromWords(B, o.prepZNext), mainZ: extsFromWords(B, o.mainZ),
      mainZNext: extsFromWords(B, o.mainZNext), auxZ: extsFromWords(B, o.auxZ), auxZNext: extsFromWords(B, o.auxZNext),
      quotientZ: extsFromWords(B, o.quotientZ),
    }));
  });
  const gamma = ch.sampleExt();
  const friCaps: D[][] = [];
  const betas: E[] = proof.friRoots.map((root, kk) => {
    friCaps.push(observed("fri-roots", () => observeCapWith(B, ch, root, capHeight(friLayerDims(schedule.layers[kk])), `FRI root ${kk}`)));
    return ch.sampleExt();
  });
  const finalPoly = observed("fri-final-poly", () => {
    const words = w(proof.friFinalPoly);
    ch.observe(words);
    return extsFromWords(B, words);
  });
  observed("pow-nonce", () => ch.checkWitness(vk.config.powBits, B.witnessBase(proof.powNonce), "pow",
    () => `nonce ${proof.powNonce} does not meet ${vk.config.powBits} bits of work`));
  const indices = proof.queries.map(() => ch.sampleBits(logMaxLde));

  // 2 ----- the buses balance across tables
  const zeroExt = B.constExt([0, 0, 0, 0]);
  const busSums = proof.tables.map((_, ti) => {
    const ci = vk.airs[ti].cumulativeSumIndex;
    return ci >= 0 ? auxPublic[ti][ci] : null;
  });
  if (opts.busBalance !== false) {
    let total = opts.publicBusSum ? opts.publicBusSum(challenges) : zeroExt;
    for (const s of busSums) if (s !== null) total = B.extAdd(total, s);
    B.assertEqExt(total, zeroExt, "bus", () => "the LogUp sums of the tables do not add up to zero: some bus does not balance");
  }

  // 3 ----- the constraints hold at z: sum_k alpha^k C_k(z) = Z_H(z) · Q(z); lifted: each
  // table at its own point phi_k(z) (lifting.ts)
  const lifted = !!vk.config.lifted;
  const logMaxRows = Math.max(...proof.tables.map((t) => t.logRows));
  const heightValues = heightBits ? heightValuesWith(B, z, logMaxRows, heightBits) : null;
  const points = proof.tables.map((t, ti) => (heightValues ? heightValues[ti].point : lifted ? liftedPointWith(B, z, logMaxRows - t.logRows) : z));
  proof.tables.forEach((t, ti) => {
    const air = vk.airs[ti];
    const o = ood[ti];
    const zt = points[ti];
    const hv = heightValues?.[ti];
    const sel = hv ? selectorsFromPowerWith(B, zt, hv.pointPowN, hv.nInv, hv.wInv) : selectorsAtPointWith(B, zt, t.logRows);
    const auxCols = (coords: E[]) => Array.from({ length: air.auxWidth }, (_, c) => recombineWith(B, coords, c));
    const lhs = evalAirAtPointWith(B, air, {
      mainCur: o.mainZ, mainNext: o.mainZNext, prepCur: o.prepZ, prepNext: o.prepZNext,
      auxCur: auxCols(o.auxZ), auxNext: auxCols(o.auxZNext),
      isFirstRow: sel.isFirstRow, isLastRow: sel.isLastRow, isTransition: sel.isTransition,
      publicValues: publicValues[ti], challenges: challenges.slice(0, air.numChallenges), auxPublic: auxPublic[ti],
    }, alpha);
    const q = hv ? quotientFromPowerWith(B, o.quotientZ, hv.pointPowN, quotientChunks(air)) : quotientAtZWith(B, o.quotientZ, zt, t.logRows, quotientChunks(air));
    B.assertEqExt(lhs, B.extMul(sel.zerofier, q), "constraints",
      () => `table ${ti} ('${air.name}'): the constraints do not match the quotient at z`);
  });

  // 4 ----- every query: Merkle openings, DEEP values, FRI folding down to the final polynomial
  const one = B.constExt([1, 0, 0, 0]);
  const coefs = gammaCoefficientsWith((a, b) => B.extMul(a, b), one, gamma, vk.airs.map((air) => ({
    trace: air.preprocessedWidth + air.mainWidth + 4 * air.auxWidth, quotient: 4 * quotientChunks(air) })));
  // the combined values at z and z·w, and z·w itself, are the same for every query
  // (lifted: every table divides by x - z and x - z·w_N, N the tallest trace height)
  const nextOf = (logRows: number) => B.extMulBase(z, B.constBase(rootOfUnity(logRows)));
  const liftedNext = lifted ? nextOf(logMaxRows) : null;
  const atZ = proof.tables.map((t, ti) => {
    const o = ood[ti];
    const { coefZ, coefNext } = coefs[ti];
    return {
      aZ: combineExt(B, [...o.prepZ, ...o.mainZ, ...o.auxZ, ...o.quotientZ], coefZ),
      bZ: combineExt(B, [...o.prepZNext, ...o.mainZNext, ...o.auxZNext], coefNext),
      zNext: liftedNext ?? nextOf(t.logRows),
    };
  });
  const liftedAt = liftedNext ? {
    aZ: atZ.reduce((acc, a) => B.extAdd(acc, a.aZ), zeroExt), bZ: atZ.reduce((acc, a) => B.extAdd(acc, a.bZ), zeroExt), zNext: liftedNext,
  } : null;
  /** D(x) = (a - a(z)) / (x - z) + (b - b(z·w)) / (x - z·w) for one query (deep.ts). */
  const deepValue = (x: E, a: E, b: E, at: { aZ: E; bZ: E; zNext: E }, qi: number): E => {
    const why = () => `query ${qi}: x lies on z or z·w`;
    return B.extAdd(B.extMul(B.extSub(a, at.aZ), B.extInv(B.extSub(x, z), "ood", why)),
      B.extMul(B.extSub(b, at.bZ), B.extInv(B.extSub(x, at.zNext), "ood", why)));
  };
  const rollWeights = schedule.layers.map((l, kk) => extPow2kWith(B, betas[kk], l.logArity));
  // gamma^(T+Q) per table, T + Q its columns at z: coefNext is coefZ's trace part times it
  const nextFactors = coefs.map(({ coefZ }) => {
    let acc = one, sq = gamma;
    for (let n = coefZ.length; n > 0; n >>= 1) {
      if (n & 1) acc = B.extMul(acc, sq);
      if (n > 1) sq = B.extMul(sq, sq);
    }
    return acc;
  });
  proof.queries.forEach((q, qi) => {
    const bits = indices[qi];
    const index = bits.reduce((s, b, i) => s + B.peekBase(b) * 2 ** i, 0); // messages only
    const open = (name: string, cap: D[] | null, o: Opening | null, d: Dims[]): F[][] | null => {
      if (!cap) return null;
      if (!o) fail("shape", `query ${qi}: no ${name} opening`);
      // a tree shorter than the tallest LDE is opened at the index scaled to its height
      const height = Math.max(...d.map((m) => m.height));
      const row = indexInTree(index, logMaxLde, height);
      const where = `query ${qi} (index ${index}, row ${row})`;
      return checkedOpening(B, `merkle:${name}`, () => where, cap, d, bits.slice(logMaxLde - Math.log2(height)), row, o, lifted);
    };
    const rows = {
      prep: open("preprocessed", prepCap, q.prep, dims.prep),
      main: open("main", mainCap, q.main, dims.main),
      aux: open("aux", auxCap, q.aux, dims.aux),
      quotient: open("quotient", quotientCap, q.quotient, dims.quotient),
    };
    const deepAt = new Map<number, E>();
    let liftedA = zeroExt, liftedB = zeroExt;
    proof.tables.forEach((t, ti) => {
      const row = (r: F[][] | null, slot: number) => (slot < 0 || !r ? [] : r[slot]);
      const vals = [...row(rows.prep, shape.slots.prep[ti]), ...row(rows.main, shape.slots.main[ti]),
        ...row(rows.aux, shape.slots.aux[ti]), ...row(rows.quotient, shape.slots.quotient[ti])];
      // coefNext[k] = gamma^(T+Q)·coefZ[k] (gammaCoefficientsWith): the sum at z·w is the
      // trace columns' share of the sum at z times one factor, not a second sum
      const { coefZ, coefNext } = coefs[ti];
      const numTrace = coefNext.length;
      const traceSum = B.combineBase(vals.slice(0, numTrace), coefZ.slice(0, numTrace));
      const a = B.extAdd(traceSum, B.combineBase(vals.slice(numTrace), coefZ.slice(numTrace)));
      const b = B.extMul(traceSum, nextFactors[ti]);
      if (lifted) {
        liftedA = B.extAdd(liftedA, a);
        liftedB = B.extAdd(liftedB, b);
        return;
      }
      // the point of the table's LDE at index >> (logMaxLde - logLde): the top logLde bits
      const x = B.lift(ldePointWith(B, bits.slice(logMaxLde - logLdes[ti]), COSET_SHIFT));
      const d = deepValue(x, a, b, atZ[ti], qi);
      const prev = deepAt.get(logLdes[ti]);
      deepAt.set(logLdes[ti], prev ? B.extAdd(prev, d) : d);
    });
    if (liftedAt) {
      // one DEEP value at the tallest LDE's point x for all tables (lifting.ts)
      deepAt.set(logMaxLde, deepValue(B.lift(ldePointWith(B, bits, COSET_SHIFT)), liftedA, liftedB, liftedAt, qi));
    }
    friVerifyQuery(B, {
      schedule, caps: friCaps, betas, rollWeights, finalPoly, indexBits: bits, openings: q.fri, inputs: deepAt,
      logN: logMaxLde, where: () => `query ${qi} (index ${index})`,
    });
  });
  // a recursion program hashes a segment's share from its main root (never capped there)
  const mainRoot = mainCap && mainCap.length === 1 ? mainCap[0] : null;
  return { publicValues, mainRoot, challenges, busSums };
}

/** sum_k coefs[k]·vals[k] for extension values (deep.ts combineExt). */
function combineExt<F, E, D>(B: VerifierBackend<F, E, D>, vals: E[], coefs: E[]): E {
  let acc = B.constExt([0, 0, 0, 0]);
  vals.forEach((v, i) => (acc = B.extAdd(acc, B.extMul(v, coefs[i]))));
  return acc;
}

function packExts(es: Ext[]): Uint32Array {
  const out = new Uint32Array(4 * es.length);
  es.forEach((e, i) => out.set(e, 4 * i));
  return out;
}

function equals8(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
