// The multi-table STARK prover (RISC Zero / ethSTARK protocol, see
// shared/seeds/004_*.txt). The verifier (verifier.ts) mirrors these steps one for one;
// the transcript calls must stay in the same order on both sides (transcript.ts).
import type { CompiledAir } from "../air/types.ts";
import { generateAuxTraces } from "./aux-trace.ts";
import { checkBusMultiplicities } from "../air/multiplicity.ts";
import { cosetLde, cosetLdeRev, cosetLdeFromCoeffs, bitReversedPrefixes } from "../poly/ntt.ts";
import { MerkleCommitment, indexInTree, type Matrix } from "../merkle/mmcs.ts";
import { capHeightOf, commitmentCap, dropBelowCap, observeCommitment, openingUnderCap } from "./merkle-cap.ts";
import { getHashSuite } from "../hash/suite.ts";
import { add } from "../field/babybear.ts";
import { concatU32 } from "../util/arrays.ts";
import { log2Exact, COSET_SHIFT } from "./domain.ts";
import { computeQuotientChunks, alphaPowers, checkBlowupFits, quotientChunks, quotientLogBlowup, quotientIdentityHolds, recombineExt } from "./quotient.ts";
import { barycentricWeights, evalColumnsAt, evalCoeffsAt, nextPoint } from "./ood.ts";
import { deepComposition, deepNumerators, combineExt } from "./deep.ts";
import { liftedPoint, addLifted } from "./lifting.ts";
import { sharedU32 } from "../parallel/shared.ts";
import { getPool } from "../parallel/pool.ts";
import { friProve } from "./fri-prover.ts";
import { proofVersionOf, type StarkProof, type TableOpenings, type QueryProof } from "./proof.ts";
import { observeStatement, gammaCoefficients, observeOpenings, drawChallenges, type TableShape } from "./transcript.ts";
import type { ProvingKey } from "./keys.ts";
import type { StarkConfig } from "./config.ts";
import { proverTestHooks } from "./test-hooks.ts";

export type TableTrace = { main: Uint32Array[]; publicValues: Uint32Array };

export type ProverStats = Record<string, number>;

/**
 * One table's part of the proof. The prover holds its traces (main, aux: n rows each),
 * the quotient's coefficients and the key's preprocessed LDE, but an LDE of its own
 * columns (4 x the trace at blowup 4) only while one step needs it: all tables' main LDEs
 * to commit them, all aux LDEs to commit those, all quotient LDEs likewise, one table's
 * three at a time for DEEP, one tree's at a time for the openings (ldeOf recomputes
 * them, byte-identical). Holding every LDE to the end doubled the peak memory.
 */
type TableWork = {
  air: CompiledAir;
  logRows: number;
  logLde: number;
  main: Uint32Array[];
  prep: Uint32Array[];
  prepRev: Uint32Array[];
  aux: Uint32Array[];
  auxPublic: Uint32Array;
  quotCoeffs: Uint32Array[];
};

type Part = "main" | "aux" | "quotient";

/** A table's bit-reversed LDE of one part, computed again from its trace or coefficients. */
function ldeOf(w: TableWork, part: Part, logBlowup: number): Promise<Uint32Array[]> {
  if (part === "quotient") return cosetLdeFromCoeffs(w.quotCoeffs, w.logLde, COSET_SHIFT, true);
  return cosetLdeRev(part === "main" ? w.main : w.aux, logBlowup, COSET_SHIFT);
}

function timer(stats: ProverStats) {
  return async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    stats[name] = (stats[name] ?? 0) + (performance.now() - t0);
    return r;
  };
}

function matricesOf(ldes: Uint32Array[][]): Matrix[] {
  return ldes.filter((cols) => cols.length > 0).map((cols) => ({ width: cols.length, height: cols[0].length, columns: cols }));
}

function checkTrace(pk: ProvingKey, t: number, trace: TableTrace): number {
  const air = pk.vk.airs[t];
  const where = `table ${t} ('${air.name}')`;
  if (trace.main.length !== air.mainWidth) throw new Error(`${where}: expected ${air.mainWidth} main columns, got ${trace.main.length}`);
  if (trace.publicValues.length !== air.numPublicValues) {
    throw new Error(`${where}: expected ${air.numPublicValues} public values, got ${trace.publicValues.length}`);
  }
  const prep = pk.prep[t];
  const rows = air.mainWidth > 0 ? trace.main[0].length : prep ? 1 << prep.logRows : 0;
  const logRows = log2Exact(rows, `${where} row count`);
  if (trace.main.some((c) => c.length !== rows)) throw new Error(`${where}: main columns differ in length`);
  if (prep && prep.logRows !== logRows) throw new Error(`${where}: has 2^${logRows} rows, its preprocessed columns fix 2^${prep.logRows}`);
  const minLog = pk.vk.config.friLogFinalDegree;
  if (logRows < Math.max(1, minLog)) throw new Error(`${where}: 2^${logRows} rows is below the minimum 2^${Math.max(1, minLog)} for these parameters`);
  return logRows;
}

export type ProveOptions = {
  /**
   * Bus challenges fixed outside this proof (4 words each; the segments of one zkVM run
   * share them, drawn from all segments' main commitments). The transcript observes them
   * where it would otherwise sample them; the verifier must be given the same ones.
   */
  challenges?: Uint32Array;
  /**
   * The main commitment of these same traces, made earlier by `commitMainCap` (the zkVM
   * commits every segment before any challenge exists, then proves them one by one): the
   * main trees are not hashed again, only the blocks under the opened rows, which must
   * lead to the kept digests (a trace regenerated differently makes the prover throw).
   */
  mainCommit?: MerkleCommitment | null;
};

/** The Merkle root the prover would commit the main traces under (step 1 alone): what a
 * segment contributes to the shared challenge before its proof is finished. */
export async function commitMainTraces(pk: ProvingKey, traces: TableTrace[]): Promise<Uint32Array | null> {
  const shapes = checkTraces(pk, traces);
  const { mainCommit } = await commitMain(pk, traces, shapes, {});
  return mainCommit ? commitmentCap(pk.vk.config, mainCommit) : null;
}

/** Blocks of 2^8 leaves are rehashed per opened row of a capped tree (main, aux, quotient): 2^-8 of its digests are kept. */
export const MAIN_CAP_DROP_LEVELS = 8;

/** Step 1 alone, keeping only the main tree's upper levels (MerkleCommitment.dropLowLevels):
 * pass it to `prove` as `mainCommit` with the same traces. Its root is the commitment. */
export async function commitMainCap(pk: ProvingKey, traces: TableTrace[], stats: ProverStats = {}): Promise<MerkleCommitment | null> {
  const shapes = checkTraces(pk, traces);
  const { mainCommit } = await commitMain(pk, traces, shapes, stats);
  return mainCommit;
}

function checkTraces(pk: ProvingKey, traces: TableTrace[]): TableShape[] {
  const { vk } = pk;
  if (traces.length !== vk.airs.length) throw new Error(`prove: ${vk.airs.length} tables in the key, ${traces.length} traces given`);
  const shapes: TableShape[] = traces.map((tr, t) => ({ logRows: checkTrace(pk, t, tr), publicValues: tr.publicValues }));
  vk.airs.forEach((air) => checkBlowupFits(air, vk.config.logBlowup));
  const wrap = checkBusMultiplicities(vk.airs.map((air, t) => ({ air, logRows: shapes[t].logRows })));
  if (wrap) throw new Error(`prove: ${wrap}`);
  return shapes;
}

export async function prove(pk: ProvingKey, traces: TableTrace[], opts: ProveOptions = {}): Promise<{ proof: StarkProof; stats: ProverStats }> {
  const { vk } = pk;
  const config = vk.config;
  const suite = getHashSuite(config.hashSuite);
  const stats: ProverStats = {};
  const time = timer(stats);
  const t0 = performance.now();
  const shapes = checkTraces(pk, traces);
  const challenger = suite.newChallenger();
  observeStatement(challenger, vk, shapes);

  // 1 ----- commit the main traces (one Merkle tree over every table)
  const { tables, mainCommit } = await commitMain(pk, traces, shapes, stats, opts.mainCommit);
  // a tree is observed as its cap, which the proof carries (merkle-cap.ts; its root unless merkleCapHeight is set)
  const observeCap = (c: MerkleCommitment) => observeCommitment(config, c, challenger, suite.digestWords);
  const mainRoot = mainCommit ? observeCap(mainCommit) : null;

  // 2 ----- draw the challenges, build and commit the auxiliary traces (LogUp sums)
  const numChallenges = Math.max(0, ...vk.airs.map((a) => a.numChallenges));
  const challenges = drawChallenges(challenger, numChallenges, opts.challenges);
  const withBus = tables.flatMap((w, t) => (w.air.auxWidth > 0 ? [{ w, publicValues: traces[t].publicValues }] : []));
  const auxTraces = await time("aux", () => generateAuxTraces(withBus.map(({ w, publicValues }) => ({
    air: w.air, main: w.main, preprocessed: w.prep, publicValues, challenges: challenges.subarray(0, 4 * w.air.numChallenges),
  }))));
  withBus.forEach(({ w }, i) => { w.aux = auxTraces[i].aux; w.auxPublic = auxTraces[i].auxPublic; });
  for (const w of tables) challenger.observe(w.auxPublic);
  const auxCommit = await commitTables(config, tables, "aux", (w) => time("lde", () => ldeOf(w, "aux", config.logBlowup)), stats);
  const auxRoot = auxCommit ? observeCap(auxCommit) : null;

  // 3 ----- draw alpha, commit the quotient chunks of every table
  const alpha = challenger.sampleExt();
  // Each table's quotient chunks on the LDE, made when the commitment asks for them.
  const quotientOf = async (w: TableWork, t: number): Promise<Uint32Array[]> => {
    // The quotient domain is a sub-coset of the LDE's: the prefix of each bit-reversed LDE,
    // reversed again (natural order), so no natural-order LDE is held.
    const logDomain = w.logRows + quotientLogBlowup(w.air);
    const logQuotientBlowup = logDomain - w.logRows;
    const { chunksRev, coeffs } = await time("quotient", async () =>
      computeQuotientChunks(w.air, {
        main: await cosetLde(w.main, logQuotientBlowup, COSET_SHIFT), preprocessed: await bitReversedPrefixes(w.prepRev, logDomain),
        aux: await cosetLde(w.aux, logQuotientBlowup, COSET_SHIFT), publicValues: traces[t].publicValues,
        challenges: challenges.subarray(0, 4 * w.air.numChallenges), auxPublic: w.auxPublic,
        alphaPowers: alphaPowers(alpha, w.air.constraintNames.length),
      }, w.logRows, config.logBlowup),
    ).catch((err) => {
      throw nameFailure(w, t, traces[t].publicValues, challenges) ?? err;
    });
    proverTestHooks().quotient?.(t, coeffs, chunksRev); // tests only (test-hooks.ts); a change keeps both consistent
    w.quotCoeffs = coeffs;
    // the table's main, aux and preprocessed columns on the quotient domain, dropped now
    await freeDropped((w.main.length + w.aux.length + w.prep.length) * 4 * 2 ** logDomain);
    return chunksRev;
  };
  const quotCommit = (await commitTables(config, tables, "quotient", quotientOf, stats))!;
  const quotientRoot = observeCap(quotCommit);

  // 4 ----- draw z, open every column at z (and trace columns at z·w); lifted: each table
  // at its own point phi_k(z) (and phi_k(z)·w_n), lifting.ts
  const z = challenger.sampleExt();
  const logMaxRows = Math.max(...tables.map((w) => w.logRows));
  const pointOf = (w: TableWork) => (config.lifted ? liftedPoint(z, logMaxRows - w.logRows) : z);
  const openings: TableOpenings[] = await time("ood", () =>
    tables.map((w) => {
      const zt = pointOf(w);
      const weights = barycentricWeights(zt, w.logRows);
      const at = (cols: Uint32Array[], s: 0 | 1) => evalColumnsAt(cols, weights, s);
      const quotientZ = new Uint32Array(4 * w.quotCoeffs.length);
      w.quotCoeffs.forEach((c, i) => quotientZ.set(evalCoeffsAt(c, zt), 4 * i));
      return {
        prepZ: at(w.prep, 0), prepZNext: at(w.prep, 1), mainZ: at(w.main, 0), mainZNext: at(w.main, 1),
        auxZ: at(w.aux, 0), auxZNext: at(w.aux, 1), quotientZ,
      };
    }),
  );
  observeOpenings(challenger, openings);
  // The quotient's degree cannot tell a broken trace when it was interpolated on exactly
  // chunks·n points: check the verifier's identity at z (tests forcing a lie skip it).
  const hooks = proverTestHooks();
  if (!hooks.quotient && !hooks.truncateHighDegreeQuotient) {
    await time("ood", () => {
      tables.forEach((w, t) => {
        const o = openings[t];
        const ch = challenges.subarray(0, 4 * w.air.numChallenges);
        const auxCols = (v: Uint32Array) => Array.from({ length: w.air.auxWidth }, (_, c) => recombineExt(v, c));
        const inp = {
          mainCur: splitExt(o.mainZ), mainNext: splitExt(o.mainZNext), prepCur: splitExt(o.prepZ), prepNext: splitExt(o.prepZNext),
          auxCur: auxCols(o.auxZ), auxNext: auxCols(o.auxZNext), publicValues: traces[t].publicValues, challenges: ch, auxPublic: w.auxPublic,
        };
        if (!quotientIdentityHolds(w.air, inp, alpha, o.quotientZ, pointOf(w), w.logRows)) {
          throw nameFailure(w, t, traces[t].publicValues, challenges) ??
            new Error(`table ${t} ('${w.air.name}'): the constraints do not hold at z, but the debug checker finds no failing row`);
        }
      });
    });
  }

  // 5 ----- DEEP composition per table, summed per LDE height, then FRI
  const gamma = challenger.sampleExt();
  const coefs = gammaCoefficients(gamma, tables.map((w) => ({
    trace: w.prep.length + w.main.length + w.aux.length, quotient: w.quotCoeffs.length })));
  // One table's columns on its LDE, in DEEP's order: preprocessed, main, aux, quotient.
  const allLdes = async (w: TableWork) => [...w.prepRev, ...(await time("lde", async () =>
    [...await ldeOf(w, "main", config.logBlowup), ...await ldeOf(w, "aux", config.logBlowup), ...await ldeOf(w, "quotient", config.logBlowup)]))];
  const friInputs = new Map<number, Uint32Array>();
  await time("deep", async () => {
    if (config.lifted) {
      friInputs.set(Math.max(...tables.map((w) => w.logLde)), await liftedDeep(tables, allLdes, openings, coefs, z, logMaxRows));
      return;
    }
    for (let t = 0; t < tables.length; t++) {
      const w = tables[t];
      const o = openings[t];
      const { coefZ, coefNext } = coefs[t];
      const valsZ = concatU32([o.prepZ, o.mainZ, o.auxZ, o.quotientZ]);
      const valsNext = concatU32([o.prepZNext, o.mainZNext, o.auxZNext]);
      const d = await deepComposition({
        cols: await allLdes(w),
        numTraceCols: w.prep.length + w.main.length + w.aux.length,
        coefZ, coefNext, aZ: combineExt(valsZ, coefZ), bZNext: combineExt(valsNext, coefNext),
        z, zNext: nextPoint(z, w.logRows), logLde: w.logLde, shift: COSET_SHIFT,
      });
      proverTestHooks().deep?.(t, d); // tests only (test-hooks.ts)
      await freeDropped(ownLdeBytes(w));
      const prev = friInputs.get(w.logLde);
      if (prev) addInPlace(prev, d);
      else friInputs.set(w.logLde, d);
    }
  });
  const fri = await time("fri", () => friProve(suite, challenger, friInputs, config));
  stats.fri -= fri.commitMs;
  stats.hash += fri.commitMs;

  // 6 ----- grinding, then the queries
  const powNonce = await time("pow", () => challenger.grind(config.powBits));
  const logMaxLde = Math.max(...tables.map((w) => w.logLde));
  const indices = Array.from({ length: config.numQueries }, () => challenger.sampleBits(logMaxLde));
  // a tree shorter than the tallest LDE opens at the index scaled to its height; a path stops at the cap
  const open = (c: MerkleCommitment | null, index: number) => (c ? openingUnderCap(c.openQuery(index, logMaxLde), capHeightOf(config, c.dims)) : null);
  // One tree at a time: its LDEs again, the blocks under the opened rows rehashed (and
  // checked against the kept digests), its openings taken, the LDEs dropped.
  // A lifted tree takes the tables one at a time (only the opened rows are kept).
  const openTree = async (c: MerkleCommitment | null, part: Part) => {
    if (!c) return indices.map(() => null);
    const treeIndices = indices.map((i) => indexInTree(i, logMaxLde, c.maxHeight));
    if (config.lifted) {
      const present = tables.filter((w) => widthOf(w, part) > 0);
      let dropped = 0;
      await c.prepareOpeningsStreamed(treeIndices, async (k) => {
        await freeDropped(dropped);
        const cols = await time("lde", () => ldeOf(present[k], part, config.logBlowup));
        dropped = bytesOfLdes([cols]);
        return { width: cols.length, height: cols[0].length, columns: cols };
      });
      await freeDropped(dropped);
      return indices.map((index) => open(c, index));
    }
    const ldes = await time("lde", () => Promise.all(tables.map((w) => ldeOf(w, part, config.logBlowup))));
    const full = c.attach(matricesOf(ldes));
    await time("hash", () => full.prepareOpenings(treeIndices));
    const opened = indices.map((index) => open(full, index));
    const bytes = bytesOfLdes(ldes);
    ldes.length = 0;
    await freeDropped(bytes);
    return opened;
  };
  const mainOpenings = await openTree(mainCommit, "main");
  const auxOpenings = await openTree(auxCommit, "aux");
  const quotOpenings = await openTree(quotCommit, "quotient");
  // a key read from a key file keeps its tree from some level up (prep-tree.ts): the blocks
  // under the opened rows are rehashed from the preprocessed LDE, for this proof only
  const prepTree = pk.prepCommitment?.withoutPrepared() ?? null;
  if (prepTree) await time("hash", () => prepTree.prepareOpenings(indices.map((i) => indexInTree(i, logMaxLde, prepTree.maxHeight))));
  const queries: QueryProof[] = indices.map((index, q) => ({
    prep: open(prepTree, index),
    main: mainOpenings[q],
    aux: auxOpenings[q],
    quotient: quotOpenings[q]!,
    fri: fri.openQueries(index),
  }));

  const proof: StarkProof = {
    version: proofVersionOf(config), config: { ...config }, vkDigest: vk.digest,
    tables: tables.map((w, t) => ({ logRows: w.logRows, publicValues: traces[t].publicValues, auxPublic: w.auxPublic, openings: openings[t] })),
    mainRoot, auxRoot, quotientRoot,
    friRoots: fri.roots, friFinalPoly: fri.finalPoly, powNonce, queries,
  };
  stats.total = performance.now() - t0;
  return { proof, stats };
}

/**
 * The DEEP function of a lifted proof (lifting.ts): every table's numerators A, B summed
 * on the tallest LDE (row i reads row i >> k of a table 2^k times shorter), divided once
 * by (x - z) and (x - z·w_N), N the tallest trace height. The division reuses the
 * per-table kernel on the 8 columns of the sums (A's coordinates weighted by 1, X, X^2,
 * X^3 at z; B's at z·w_N).
 */
async function liftedDeep(tables: TableWork[], allLdes: (w: TableWork) => Promise<Uint32Array[]>, openings: TableOpenings[], coefs: ReturnType<typeof gammaCoefficients>, z: Uint32Array, logMaxRows: number): Promise<Uint32Array> {
  const logMaxLde = Math.max(...tables.map((w) => w.logLde));
  const sums = Array.from({ length: 8 }, () => sharedU32(1 << logMaxLde));
  const scratch = Array.from({ length: 8 }, () => sharedU32(1 << logMaxLde)); // each table's numerators in turn
  const aZ = new Uint32Array(4), bZ = new Uint32Array(4);
  for (let t = 0; t < tables.length; t++) {
    const w = tables[t];
    const o = openings[t];
    const { coefZ, coefNext } = coefs[t];
    const num = await deepNumerators({
      cols: await allLdes(w), numTraceCols: w.prep.length + w.main.length + w.aux.length,
      coefZ, coefNext, logLde: w.logLde,
    }, scratch);
    addLifted(sums, num);
    await freeDropped(ownLdeBytes(w));
    const a = combineExt(concatU32([o.prepZ, o.mainZ, o.auxZ, o.quotientZ]), coefZ);
    const b = combineExt(concatU32([o.prepZNext, o.mainZNext, o.auxZNext]), coefNext);
    for (let j = 0; j < 4; j++) {
      aZ[j] = add(aZ[j], a[j]);
      bZ[j] = add(bZ[j], b[j]);
    }
  }
  const basis = (first: boolean) => Uint32Array.from({ length: 32 }, (_, i) => (first === i < 16 && (i % 16) % 5 === 0 ? 1 : 0));
  const d = await deepComposition({
    cols: sums, numTraceCols: 8, coefZ: basis(true), coefNext: basis(false), aZ, bZNext: bZ,
    z, zNext: nextPoint(z, logMaxRows), logLde: logMaxLde, shift: COSET_SHIFT,
  });
  proverTestHooks().deep?.(0, d); // tests only (test-hooks.ts)
  return d;
}

const widthOf = (w: TableWork, part: Part) => (part === "main" ? w.main.length : part === "aux" ? w.aux.length : 4 * quotientChunks(w.air));

/**
 * One Merkle tree over one part (main, aux or quotient) of every table that has it,
 * `lde(w, t)` giving a table's bit-reversed LDE columns. A lifted tree is hashed one
 * table at a time (MerkleCommitment.commitLiftedStream), each LDE dropped once hashed;
 * a classic tree needs them all at once. Either way the tree keeps only its levels from
 * 2^8-leaf blocks up (the blocks under the opened rows are rehashed at the end from
 * LDEs computed again) and no LDE.
 */
async function commitTables(config: StarkConfig, tables: TableWork[], part: Part,
  lde: (w: TableWork, t: number) => Promise<Uint32Array[]>, stats: ProverStats): Promise<MerkleCommitment | null> {
  const present = tables.map((w, t) => ({ w, t })).filter(({ w }) => widthOf(w, part) > 0);
  if (present.length === 0) return null;
  const suite = getHashSuite(config.hashSuite);
  const matrix = (cols: Uint32Array[]): Matrix => ({ width: cols.length, height: cols[0].length, columns: cols });
  let full: MerkleCommitment;
  const t0 = performance.now();
  let notHashing = 0; // ms spent making LDEs (timed by `lde` itself) and collecting garbage
  const made = async (w: TableWork, t: number) => {
    const a = performance.now();
    const cols = await lde(w, t);
    notHashing += performance.now() - a;
    return cols;
  };
  if (config.lifted) {
    const dims = present.map(({ w }) => ({ width: widthOf(w, part), height: 2 ** w.logLde }));
    let dropped = 0; // the previous table's LDE, freed before the next one is made
    full = await MerkleCommitment.commitLiftedStream(suite, dims, async (k) => {
      await freeDropped(dropped);
      const cols = await made(present[k].w, present[k].t);
      dropped = bytesOfLdes([cols]);
      return matrix(cols);
    });
    stats.hash = (stats.hash ?? 0) + (performance.now() - t0 - notHashing);
    await freeDropped(dropped);
  } else {
    const ldes: Uint32Array[][] = [];
    for (const { w, t } of present) ldes.push(await made(w, t));
    full = await timer(stats)("hash", () => MerkleCommitment.commit(suite, ldes.map(matrix), { lifted: false }));
    const bytes = bytesOfLdes(ldes);
    ldes.length = 0;
    await freeDropped(bytes);
  }
  return dropBelowCap(config, full, MAIN_CAP_DROP_LEVELS);
}

/** Step 1: each table's main trace extended onto the coset, one Merkle tree over all. */
async function commitMain(pk: ProvingKey, traces: TableTrace[], shapes: TableShape[], stats: ProverStats, cap?: MerkleCommitment | null) {
  const time = timer(stats);
  const config = pk.vk.config;
  const tables: TableWork[] = traces.map((trace, t) => {
    const logRows = shapes[t].logRows;
    const prep = pk.prep[t];
    return {
      air: pk.vk.airs[t], logRows, logLde: logRows + config.logBlowup, main: trace.main,
      prep: prep?.trace ?? [], prepRev: prep?.ldeRev ?? [], aux: [], auxPublic: new Uint32Array(0), quotCoeffs: [],
    };
  });
  const hasMain = tables.some((w) => w.main.length > 0);
  if (cap !== undefined) {
    // committed earlier (the zkVM's first pass): the LDEs are computed again for DEEP and the openings
    if ((cap !== null) !== hasMain) throw new Error("prove: the main commitment given does not fit the traces");
    return { tables, mainCommit: cap };
  }
  const mainCommit = await commitTables(config, tables, "main", (w) => time("lde", () => ldeOf(w, "main", config.logBlowup)), stats);
  return { tables, mainCommit };
}

/** The debug checker's finding on a table that failed (constraint and row), as an error. */
function nameFailure(w: TableWork, t: number, publicValues: Uint32Array, challenges: Uint32Array): Error | null {
  const failure = w.air.check({ main: w.main, preprocessed: w.prep, aux: w.aux, publicValues,
    challenges: challenges.subarray(0, 4 * w.air.numChallenges), auxPublic: w.auxPublic });
  return failure ? new Error(`table ${t} ('${w.air.name}'): constraint '${failure.constraint}' fails at row ${failure.row}`) : null;
}

/** A collection costs ~10-50 ms: worth it once this much was dropped. */
const COLLECT_AFTER_BYTES = 64 << 20;
let droppedBytes = 0;

/** Frees the LDEs just dropped, `bytes` of them (parallel/gc.ts: otherwise they outlive their use). */
async function freeDropped(bytes: number): Promise<void> {
  droppedBytes += bytes;
  if (droppedBytes < COLLECT_AFTER_BYTES) return;
  droppedBytes = 0;
  await getPool().collectGarbage();
}

const bytesOfLdes = (ldes: Uint32Array[][]) => ldes.reduce((a, cols) => a + cols.reduce((b, c) => b + c.byteLength, 0), 0);
/** The bytes of a table's own LDEs (main, aux, quotient chunks), for freeDropped. */
const ownLdeBytes = (w: TableWork) => (w.main.length + w.aux.length + w.quotCoeffs.length) * 4 * 2 ** w.logLde;

function splitExt(values: Uint32Array): Uint32Array[] {
  return Array.from({ length: values.length / 4 }, (_, i) => values.slice(4 * i, 4 * i + 4));
}

function addInPlace(acc: Uint32Array, v: Uint32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] = add(acc[i], v[i]);
}


export { quotientChunks };
