// The multi-table STARK verifier: the prover's steps (prover.ts) replayed, each check
// named, so a rejected proof says which check failed and why.
import { getHashSuite } from "../hash/suite.ts";
import { verifyBatch, indexInTree } from "../merkle/mmcs.ts";
import { selectorsAtPoint } from "../air/selectors.ts";
import { extAdd, extMul, extPow, extSub, equals, isZero, type Ext } from "../field/extension.ts";
import { configsEqual } from "./config.ts";
import { PROOF_VERSION, type StarkProof, type Opening } from "./proof.ts";
import type { VerifyingKey } from "./keys.ts";
import { observeStatement, observeOpenings, gammaCoefficients, drawChallenges } from "./transcript.ts";
import { nextPoint } from "./ood.ts";
import { combineBase, combineExt, deepValue } from "./deep.ts";
import { friVerifyQuery } from "./fri-verifier.ts";
import { quotientChunks } from "./quotient.ts";
import { ldePointAt } from "./domain.ts";
import { checkProofShape } from "./proof-shape.ts";
import { pointInputs, quotientAtZ } from "./verifier-ood.ts";
import { VerificationError, fail } from "./verify-error.ts";
import { concatU32 } from "../util/arrays.ts";

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


export function verify(vk: VerifyingKey, proof: StarkProof, opts: VerifyOptions = {}): VerifyResult {
  try {
    verifyOrThrow(vk, proof, opts);
    return { ok: true };
  } catch (e) {
    if (e instanceof VerificationError) return { ok: false, check: e.check, reason: e.message };
    return { ok: false, check: "malformed", reason: e instanceof Error ? e.message : String(e) };
  }
}

function verifyOrThrow(vk: VerifyingKey, proof: StarkProof, opts: VerifyOptions): void {
  // 0 ----- the proof must be for this key, with these parameters, in this shape
  if (proof.version !== PROOF_VERSION) fail("version", `proof version ${proof.version}, expected ${PROOF_VERSION}`);
  if (!configsEqual(proof.config, vk.config)) {
    fail("parameters", `proof parameters ${JSON.stringify(proof.config)} differ from the key's ${JSON.stringify(vk.config)}`);
  }
  if (!equals8(proof.vkDigest, vk.digest)) fail("vk", "the proof was made for another verifying key");
  const suite = getHashSuite(vk.config.hashSuite);
  const shape = checkProofShape(vk, proof);
  const { logLdes, logMaxLde, schedule } = shape;

  // 1 ----- replay the transcript (a value the challenger refuses fails canonical:<section>)
  const ch = suite.newChallenger();
  observed("public-values", () => observeStatement(ch, vk, proof.tables));
  if (proof.mainRoot) observed("main-root", () => ch.observeDigest(proof.mainRoot!));
  const numChallenges = Math.max(0, ...vk.airs.map((a) => a.numChallenges));
  if (opts.challenges && opts.challenges.length !== 4 * numChallenges) {
    fail("parameters", `${opts.challenges.length / 4} challenges given, the tables use ${numChallenges}`);
  }
  const challenges = drawChallenges(ch, numChallenges, opts.challenges);
  for (const t of proof.tables) observed("aux-public-values", () => ch.observe(t.auxPublic));
  if (proof.auxRoot) observed("aux-root", () => ch.observeDigest(proof.auxRoot!));
  const alpha = ch.sampleExt();
  observed("quotient-root", () => ch.observeDigest(proof.quotientRoot));
  const z = ch.sampleExt();
  observed("ood", () => observeOpenings(ch, proof.tables.map((t) => t.openings)));
  const gamma = ch.sampleExt();
  const betas: Ext[] = proof.friRoots.map((root) => {
    observed("fri-roots", () => ch.observeDigest(root));
    return ch.sampleExt();
  });
  observed("fri-final-poly", () => ch.observe(proof.friFinalPoly));
  const work = observed("pow-nonce", () => ch.checkWitness(vk.config.powBits, proof.powNonce));
  if (!work) fail("pow", `nonce ${proof.powNonce} does not meet ${vk.config.powBits} bits of work`);
  const indices = proof.queries.map(() => ch.sampleBits(logMaxLde));

  // 2 ----- the buses balance across tables
  if (opts.busBalance !== false) checkBusBalance(vk, proof, opts.publicBusSum ? opts.publicBusSum(challenges) : new Uint32Array(4));

  // 3 ----- the constraints hold at z: sum_k alpha^k C_k(z) = Z_H(z) · Q(z)
  proof.tables.forEach((t, ti) => {
    const air = vk.airs[ti];
    if (isZero(extSub(extPow(z, 1 << t.logRows), Uint32Array.of(1, 0, 0, 0)))) fail("ood", "z lies in the trace domain");
    const sel = selectorsAtPoint(z, t.logRows);
    const inputs = pointInputs(air, t, challenges.subarray(0, 4 * air.numChallenges), sel);
    const lhs = air.evalAtPoint(inputs, alpha);
    const q = quotientAtZ(t.openings.quotientZ, z, t.logRows, quotientChunks(air));
    if (!equals(lhs, extMul(sel.zerofier, q))) {
      fail("constraints", `table ${ti} ('${air.name}'): the constraints do not match the quotient at z`);
    }
  });

  // 4 ----- every query: Merkle openings, DEEP values, FRI folding down to the final polynomial
  const coefs = gammaCoefficients(gamma, vk.airs.map((air) => ({
    trace: air.preprocessedWidth + air.mainWidth + 4 * air.auxWidth, quotient: 4 * quotientChunks(air) })));
  const dims = shape.dims;
  proof.queries.forEach((q, qi) => {
    const index = indices[qi];
    const open = (name: string, root: Uint32Array | null, o: Opening | null, d: typeof dims.main) => {
      if (!root) return;
      if (!o) fail("shape", `query ${qi}: no ${name} opening`);
      // a tree shorter than the tallest LDE is opened at the index scaled to its height
      const row = indexInTree(index, logMaxLde, Math.max(...d.map((m) => m.height)));
      const why = verifyBatch(suite, root, d, row, o);
      if (why) fail(`merkle:${name}`, `query ${qi} (index ${index}, row ${row}): ${why}`);
    };
    open("preprocessed", vk.prepRoot, q.prep, dims.prep);
    open("main", proof.mainRoot, q.main, dims.main);
    open("aux", proof.auxRoot, q.aux, dims.aux);
    open("quotient", proof.quotientRoot, q.quotient, dims.quotient);
    const deepAt = new Map<number, Ext>();
    proof.tables.forEach((t, ti) => {
      const row = (o: Opening | null, slot: number) => (slot < 0 || !o ? new Uint32Array(0) : o.rows[slot]);
      const vals = concatU32([row(q.prep, shape.slots.prep[ti]), row(q.main, shape.slots.main[ti]), row(q.aux, shape.slots.aux[ti]), row(q.quotient, shape.slots.quotient[ti])]);
      const o = t.openings;
      const { coefZ, coefNext } = coefs[ti];
      const nTrace = coefNext.length / 4;
      const a = combineBase(vals, coefZ);
      const b = combineBase(vals, coefNext, 0, nTrace);
      const aZ = combineExt(concatU32([o.prepZ, o.mainZ, o.auxZ, o.quotientZ]), coefZ);
      const bZ = combineExt(concatU32([o.prepZNext, o.mainZNext, o.auxZNext]), coefNext);
      const pos = index >>> (logMaxLde - logLdes[ti]);
      const x = ldePointAt(pos, logLdes[ti]);
      const d = deepValue(x, a, b, aZ, bZ, z, nextPoint(z, t.logRows));
      const prev = deepAt.get(logLdes[ti]);
      deepAt.set(logLdes[ti], prev ? extAdd(prev, d) : d);
    });
    const why = friVerifyQuery(suite, schedule, proof.friRoots, betas, proof.friFinalPoly, index, q.fri, deepAt, logMaxLde);
    if (why) fail("fri", `query ${qi} (index ${index}): ${why}`);
  });
}

/**
 * Runs one transcript step over proof values. The challenger throws on a value that is not
 * canonical (a BabyBear word >= p, a BN254 digest >= r): that fails `canonical:<section>`.
 */
function observed<T>(section: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    fail(`canonical:${section}`, e instanceof Error ? e.message : String(e));
  }
}

function checkBusBalance(vk: VerifyingKey, proof: StarkProof, publicSum: Ext): void {
  let total: Ext = publicSum;
  proof.tables.forEach((t, ti) => {
    const k = vk.airs[ti].cumulativeSumIndex;
    if (k >= 0) total = extAdd(total, t.auxPublic.subarray(4 * k, 4 * k + 4));
  });
  if (!isZero(total)) fail("bus", "the LogUp sums of the tables do not add up to zero: some bus does not balance");
}

function equals8(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

