// Generates the circom circuit that verifies STARK proofs of one verifying key (AIRs,
// parameters, preprocessed root) and one shape (table heights), for the
// "poseidon-bn254" hash suite. It replays prover/stark/verifier.ts step by step:
//
//   1. transcript: statement, roots, challenges, OOD values, FRI roots, PoW, query indices
//   2. the LogUp sums of the tables add to zero
//   3. at z: sum_k alpha^k C_k(z) = Z_H(z)·Q(z), the AIR's expression graph (JSON export)
//      evaluated in emulated extension arithmetic
//   4. per query: Merkle openings of every commitment, the DEEP value, FRI folding to
//      the final polynomial
//
// Public signals: [vkDigest, statementDigest]. vkDigest is the STARK key's digest (one
// BN254 element), fixed in the circuit; or, for the universal wrap (`programDigest`), the
// program's VK digest read from 8 public values of the proof, while the key (the shrink
// key) stays fixed, so one circuit serves every program. statementDigest packs 16 public values of one
// table, 16-bit big-endian limbs of a sha256 digest: sum limb_i·2^(16(15-i)) truncated to
// 253 bits, which is what the Solidity verifier recomputes from the public bytes
// (wrapper/solidity/statement.ts).
//
// Divisions are witnessed and checked by multiplication; z^n - 1 is shown non-zero by its
// inverse. Which value feeds which permutation, tree level or fold is known from the
// shape, so the circuit is straight-line code; emitter.ts tracks value bounds and
// reduces mod p only where needed.
import type { VerifyingKey } from "../../prover/stark/keys.ts";
import type { StarkProof, Opening } from "../../prover/stark/proof.ts";
import { parameterWords } from "../../prover/stark/proof.ts";
import { capDigestWords, capHeightOf } from "../../prover/stark/merkle-cap.ts";
import { tableLayout, checkProofShape } from "../../prover/stark/proof-shape.ts";
import { checkBusMultiplicities } from "../../prover/air/multiplicity.ts";
import { quotientChunks } from "../../prover/stark/quotient.ts";
import { foldMatrix, friLayerDims, layerShift } from "../../prover/stark/fri.ts";
import { COSET_SHIFT } from "../../prover/stark/domain.ts";
import { inv, mul, pow, rootOfUnity } from "../../prover/field/babybear.ts";
import { POSEIDON_BN254_SUITE_ID } from "../../prover/hash/poseidon-bn254-suite.ts";
import { wordsToBigint } from "../../prover/hash/bn254-field.ts";
import { packDigestWords, DIGEST_WORDS } from "../solidity/statement.ts";
export { packDigestWords };
import { Emitter, type Ext, type Val } from "./emitter.ts";
import { CircuitChallenger } from "./transcript.ts";
import { CircuitMerkle } from "./merkle.ts";
import { selectByBits, powFromBits } from "./bits.ts";
import { evalConstraintsAtZ } from "./constraints.ts";

export type StatementLocation = { table: number; offset: number };

export type WrapCircuitOptions = {
  /** log2 of each table's height: the circuit verifies proofs of exactly this shape. */
  tableLogRows: number[];
  /**
   * Where the 16 limbs of the sha256 statement digest sit among the public values; null
   * for an AIR without one (the statement digest is then 0).
   */
  statement: StatementLocation | null;
  /**
   * The universal wrap (one circuit for every program): the first public signal is the
   * program's VK digest, 8 public values of one table packed by packDigestWords, instead
   * of this key's digest. The key (the shrink key) stays fixed inside the circuit.
   */
  programDigest?: StatementLocation;
  /** A public value that must be 0: the run's exit code, so only successful runs wrap. */
  exitCode?: { table: number; index: number };
  /** Circuit (template) name; default derived from the AIR names. */
  name?: string;
};

export type WrapCircuit = {
  name: string;
  source: string;
  /** The key's digest as one BN254 element: the circuit's first public signal, unless
   * the circuit is universal (programDigest). */
  vkDigest: bigint;
  /** The first public signal for this proof: vkDigest, or the packed program digest. */
  publicVkDigest(proof: StarkProof): bigint;
  /** The circuit input (all signals, decimal strings) for a proof of this key and shape. */
  input(proof: StarkProof): Record<string, string | string[]>;
  /** The statement digest a proof's public values carry (second public signal). */
  statementDigest(proof: StarkProof): bigint;
  report: CircuitReport;
};

export type CircuitReport = {
  tables: Array<{ air: string; logRows: number; columns: number; constraints: number }>;
  queries: number;
  logMaxLde: number;
  friLayers: Array<{ logSize: number; logArity: number }>;
  transcriptPermutations: number;
  leafPermutations: number;
  compressions: number;
  products: number;
  reductions: number;
  rangeChecks: number;
  rangeBits: number;
  bySection: Record<string, { rangeBits: number; products: number }>;
};

const STATEMENT_LIMBS = 16;

export function statementFromPublicValues(pv: ArrayLike<number>, offset: number): bigint {
  let x = 0n;
  for (let i = 0; i < STATEMENT_LIMBS; i++) {
    const limb = pv[offset + i];
    if (!(limb >= 0 && limb < 65536)) throw new Error(`statement limb ${i} (public value ${offset + i}) = ${limb} is not a 16-bit value`);
    x = (x << 16n) | BigInt(limb);
  }
  return x & ((1n << 253n) - 1n);
}

export function generateStarkVerifierCircuit(vk: VerifyingKey, opts: WrapCircuitOptions): WrapCircuit {
  const c = vk.config;
  if (c.hashSuite !== POSEIDON_BN254_SUITE_ID) {
    throw new Error(`wrap circuit: the STARK must use the ${POSEIDON_BN254_SUITE_ID} hash suite, this key uses ${c.hashSuite}`);
  }
  if (c.lifted) throw new Error("wrap circuit: lifted proofs (format 2) are not supported; wrap a format-1 proof (StarkConfig.lifted unset)");
  if (opts.tableLogRows.length !== vk.airs.length) {
    throw new Error(`wrap circuit: ${opts.tableLogRows.length} table heights for ${vk.airs.length} tables`);
  }
  opts.tableLogRows.forEach((lr, t) => {
    const fixed = vk.prepLogRows[t];
    if (fixed !== null && fixed !== lr) throw new Error(`wrap circuit: table ${t} has preprocessed columns of height 2^${fixed}, not 2^${lr}`);
  });
  const wrap = checkBusMultiplicities(vk.airs.map((air, t) => ({ air, logRows: opts.tableLogRows[t] })));
  if (wrap) throw new Error(`wrap circuit: ${wrap}`);
  const st = opts.statement;
  if (st) {
    const stAir = vk.airs[st.table];
    if (!stAir || st.offset < 0 || st.offset + STATEMENT_LIMBS > stAir.numPublicValues) {
      throw new Error(`wrap circuit: the statement needs public values [${st.offset}, ${st.offset + STATEMENT_LIMBS}) of table ${st.table}`);
    }
  }

  const pd = opts.programDigest;
  if (pd) {
    const air = vk.airs[pd.table];
    if (!air || pd.offset < 0 || pd.offset + DIGEST_WORDS > air.numPublicValues) {
      throw new Error(`wrap circuit: the program digest needs public values [${pd.offset}, ${pd.offset + DIGEST_WORDS}) of table ${pd.table}`);
    }
    if (st && st.table === pd.table && pd.offset < st.offset + STATEMENT_LIMBS && st.offset < pd.offset + DIGEST_WORDS) {
      throw new Error("wrap circuit: the program digest and the statement limbs overlap");
    }
  }
  const ec = opts.exitCode;
  if (ec && !(vk.airs[ec.table] && ec.index >= 0 && ec.index < vk.airs[ec.table].numPublicValues)) {
    throw new Error(`wrap circuit: no public value ${ec.index} in table ${ec.table} for the exit code`);
  }

  const em = new Emitter<StarkProof>();
  const layout = tableLayout(vk, opts.tableLogRows);
  const { logLdes, logMaxLde, schedule, dims, slots } = layout;
  const vkDigest = wordsToBigint(vk.digest);
  const u32 = (a: ArrayLike<number>) => Array.from(a, (v) => BigInt(v));

  // ------------------------------------------------------------------ inputs
  /** A BabyBear input array: declared, range-checked below 2^31, returned as values. */
  const baseInput = (name: string, length: number, read: (p: StarkProof) => ArrayLike<number>, bits = 31): Val[] => {
    const sigs = em.input(name, length, (p) => u32(read(p)));
    return sigs.map((s) => {
      em.rangeCheck(s, bits);
      return em.signal(s, 1n << BigInt(bits));
    });
  };
  const exts = (vals: Val[]): Ext[] => Array.from({ length: vals.length / 4 }, (_, i) => vals.slice(4 * i, 4 * i + 4) as Ext);
  /** A commitment: its cap of 2^c digests (prover/stark/merkle-cap.ts; c = 0: the root), one signal each. */
  const capInput = (name: string, capHeight: number, read: (p: StarkProof) => Uint32Array | null): string[] =>
    em.input(name, 1 << capHeight, (p) => {
      const words = read(p) ?? new Uint32Array(8 << capHeight);
      if (words.length !== 8 << capHeight) throw new Error(`${name}: ${words.length} words, the key's cap height ${capHeight} wants ${8 << capHeight}`);
      return capDigestWords(words, 8).map((d) => wordsToBigint(d));
    });
  const capHeight = (d: Array<{ width: number; height: number }>) => capHeightOf(c, d);

  em.section = "inputs";
  em.comment("---- statement: public values (the statement digest's limbs are 16-bit)");
  const isLimb = (t: number, i: number) => st !== null && t === st.table && i >= st.offset && i < st.offset + STATEMENT_LIMBS;
  const publicValues = vk.airs.map((air, t) => {
    const n = air.numPublicValues;
    const name = `publicValues_${t}`;
    const sigs = em.input(name, n, (p) => u32(p.tables[t].publicValues));
    return sigs.map((s, i) => {
      const limb = isLimb(t, i);
      if (!limb || i !== st?.offset) em.rangeCheck(s, limb ? 16 : 31);
      return em.signal(s, 1n << (limb ? 16n : 31n));
    });
  });
  if (st) {
    // The top limb: 16 bits, of which the low 13 enter the 253-bit digest.
    const top = `publicValues_${st.table}[${st.offset}]`;
    em.line(`component topLimb = Num2Bits(16); topLimb.in <== ${top};`);
    const stmtTerms = [`topLimb.out[0]`];
    for (let b = 1; b < 13; b++) stmtTerms.push(`${1n << BigInt(b)} * topLimb.out[${b}]`);
    let stmt = `(${stmtTerms.join(" + ")}) * ${1n << 240n}`;
    for (let i = 1; i < STATEMENT_LIMBS; i++) stmt += ` + ${1n << BigInt(16 * (15 - i))} * publicValues_${st.table}[${st.offset + i}]`;
    em.line(`statementDigest === ${stmt};`);
  } else {
    em.line("statementDigest === 0;");
  }
  if (pd) {
    em.comment("---- universal wrap: the program's VK digest from the public values (31-bit words)");
    const terms = Array.from({ length: DIGEST_WORDS }, (_, i) => `${1n << BigInt(31 * (DIGEST_WORDS - 1 - i))} * publicValues_${pd.table}[${pd.offset + i}]`);
    em.line(`vkDigest === ${terms.join(" + ")};`);
  } else {
    em.line(`vkDigest === ${vkDigest};`);
  }
  if (ec) {
    em.comment("---- only runs that exited with code 0 are wrapped");
    em.line(`publicValues_${ec.table}[${ec.index}] === 0;`);
  }

  const auxPublic = vk.airs.map((air, t) => exts(baseInput(`auxPublic_${t}`, 4 * air.numAuxPublic, (p) => p.tables[t].auxPublic)));
  const mainRoot = dims.main.length > 0 ? capInput("mainRoot", capHeight(dims.main), (p) => p.mainRoot) : null;
  const auxRoot = dims.aux.length > 0 ? capInput("auxRoot", capHeight(dims.aux), (p) => p.auxRoot) : null;
  const quotientRoot = capInput("quotientRoot", capHeight(dims.quotient), (p) => p.quotientRoot);
  const ood = vk.airs.map((air, t) => {
    const o = (p: StarkProof) => p.tables[t].openings;
    const w = { prep: air.preprocessedWidth, main: air.mainWidth, aux: 4 * air.auxWidth, q: 4 * quotientChunks(air) };
    return {
      prepZ: exts(baseInput(`prepZ_${t}`, 4 * w.prep, (p) => o(p).prepZ)),
      prepZNext: exts(baseInput(`prepZNext_${t}`, 4 * w.prep, (p) => o(p).prepZNext)),
      mainZ: exts(baseInput(`mainZ_${t}`, 4 * w.main, (p) => o(p).mainZ)),
      mainZNext: exts(baseInput(`mainZNext_${t}`, 4 * w.main, (p) => o(p).mainZNext)),
      auxZ: exts(baseInput(`auxZ_${t}`, 4 * w.aux, (p) => o(p).auxZ)),
      auxZNext: exts(baseInput(`auxZNext_${t}`, 4 * w.aux, (p) => o(p).auxZNext)),
      quotientZ: exts(baseInput(`quotientZ_${t}`, 4 * w.q, (p) => o(p).quotientZ)),
    };
  });
  const friRoots = schedule.layers.map((l, k) => capInput(`friRoot_${k}`, capHeight(friLayerDims(l)), (p) => p.friRoots[k]));
  const friFinal = exts(baseInput("friFinalPoly", 4 << c.friLogFinalDegree, (p) => p.friFinalPoly));
  const [powNonce] = baseInput("powNonce", 1, (p) => [p.powNonce]);

  // ------------------------------------------------------------------ 1. transcript
  em.section = "transcript";
  em.comment("---- transcript replay (prover/stark/transcript.ts, bn254-challenger.ts)");
  const ch = new CircuitChallenger(em);
  const k = (v: number) => em.konst(v);
  ch.observe(parameterWords(c).map(k));
  ch.observeDigest(vkDigest.toString());
  ch.observe([k(vk.airs.length)]);
  vk.airs.forEach((air, t) => {
    ch.observe([k(opts.tableLogRows[t]), k(air.numPublicValues)]);
    ch.observe(publicValues[t]);
  });
  const observeCap = (cap: string[]) => cap.forEach((d) => ch.observeDigest(d));
  if (mainRoot) observeCap(mainRoot);
  const numChallenges = Math.max(0, ...vk.airs.map((a) => a.numChallenges));
  const challenges: Ext[] = [];
  for (let i = 0; i < numChallenges; i++) challenges.push(ch.sampleExt());
  auxPublic.forEach((ap) => ap.forEach((e) => ch.observeExt(e)));
  if (auxRoot) observeCap(auxRoot);
  const alpha = ch.sampleExt();
  observeCap(quotientRoot);
  const z = ch.sampleExt();
  for (const o of ood) {
    for (const arr of [o.prepZ, o.prepZNext, o.mainZ, o.mainZNext, o.auxZ, o.auxZNext, o.quotientZ]) arr.forEach((e) => ch.observeExt(e));
  }
  const gamma = ch.sampleExt();
  const betas = friRoots.map((cap) => {
    observeCap(cap);
    return ch.sampleExt();
  });
  friFinal.forEach((e) => ch.observeExt(e));
  ch.checkWitness(c.powBits, powNonce);
  const indexBits = Array.from({ length: c.numQueries }, () => ch.sampleBits(logMaxLde));
  ch.finish();

  // ------------------------------------------------------------------ 2. buses balance
  const sums = vk.airs.flatMap((air, t) => (air.cumulativeSumIndex >= 0 ? [auxPublic[t][air.cumulativeSumIndex]] : []));
  if (sums.length > 0) {
    em.comment("---- the LogUp sums of all tables add to zero");
    em.extAssertEq(sums.reduce((a, b) => em.extAdd(a, b)), em.extConst([0, 0, 0, 0]), "bus balance");
  }

  // ------------------------------------------------------------------ 3. constraints at z
  const zNext: Ext[] = [];
  vk.airs.forEach((air, t) => {
    em.section = "constraints-at-z";
    em.comment(`---- table ${t} ('${air.name}'): constraints at z`);
    const logRows = opts.tableLogRows[t];
    em.beginTemplate(`WrapConstraintsAtZ_${air.name.replace(/[^A-Za-z0-9]/g, "_")}`);
    evalConstraintsAtZ(em, air, {
      logRows, z, alpha,
      challenges: challenges.slice(0, air.numChallenges),
      publicValues: publicValues[t].map((v) => em.extFromBase(v)),
      auxPublic: auxPublic[t],
      ...ood[t],
      quotientChunks: quotientChunks(air),
    });
    em.endTemplate();
    zNext.push(em.extReduce(em.extScale(z, BigInt(rootOfUnity(logRows)))));
  });

  // ------------------------------------------------------------------ 4. queries
  em.section = "deep-setup";
  em.comment("---- DEEP coefficients: powers of gamma (prover/stark/transcript.ts gammaCoefficients)");
  // gamma^k = gamma^(k mod 16) · (gamma^16)^(k div 16): two short tables of reduced powers
  // and one UNREDUCED product per coefficient (~67-bit coordinates, materialised), instead
  // of a reduction per power (4 × 67 range-checked bits each: wide AIRs paid ~400 PLONK
  // rows per column for it).
  const GAMMA_BLOCK = 16;
  const gLow: Ext[] = [em.extConst([1, 0, 0, 0]), gamma]; // gamma^0..gamma^16, grown on demand
  const low = (j: number) => {
    while (gLow.length <= j) gLow.push(em.extReduce(em.extMul(gLow[gLow.length - 1], gamma)));
    return gLow[j];
  };
  const gHigh: Ext[] = [gLow[0]]; // gamma^(16 i)
  const high = (i: number) => {
    while (gHigh.length <= i) gHigh.push(gHigh.length === 1 ? low(GAMMA_BLOCK) : em.extReduce(em.extMul(gHigh[gHigh.length - 1], gHigh[1])));
    return gHigh[i];
  };
  let nextPower = 0;
  const take = (n: number): Ext[] => Array.from({ length: n }, () => {
    const k = nextPower++;
    const lo = k % GAMMA_BLOCK, hi = Math.floor(k / GAMMA_BLOCK);
    if (hi === 0) return low(lo);
    if (lo === 0) return high(hi);
    // one signal per coordinate: each is used once per query, as a single product term
    return em.extMul(low(lo), high(hi)).map((v) => em.signal(em.materialize(v), v.bound)) as Ext;
  });
  const coefs = vk.airs.map((air) => {
    const trace = air.preprocessedWidth + air.mainWidth + 4 * air.auxWidth;
    const coefZ = take(trace + 4 * quotientChunks(air));
    const coefNext = take(trace);
    return { coefZ, coefNext, trace };
  });
  // The z-side of each table's DEEP sums, once per proof.
  const dot = (vals: Ext[], cs: Ext[]) => em.extReduce(vals.reduce((acc, v, i) => em.extAdd(acc, em.extMul(v, cs[i])), em.extConst([0, 0, 0, 0])));
  const deepZ = vk.airs.map((_, t) => {
    const o = ood[t];
    return {
      aZ: dot([...o.prepZ, ...o.mainZ, ...o.auxZ, ...o.quotientZ], coefs[t].coefZ),
      bZ: dot([...o.prepZNext, ...o.mainZNext, ...o.auxZNext], coefs[t].coefNext),
    };
  });
  // Per height group: the denominators' pieces z + zNext and z·zNext, once per proof.
  const heights = [...new Set(logLdes)].sort((a, b) => b - a);
  const groupOf = (h: number) => vk.airs.map((_, t) => t).filter((t) => logLdes[t] === h);
  const denomParts = new Map(heights.map((h) => {
    const t0 = groupOf(h)[0];
    return [h, { sum: em.extReduce(em.extAdd(z, zNext[t0])), prod: em.extReduce(em.extMul(z, zNext[t0])), zn: zNext[t0] }];
  }));
  // Per layer: beta^j for j < arity (the fold's weights) and beta^arity (the weight of
  // inputs rolled into the fold), reduced once per proof.
  const betaPowers = schedule.layers.map((l, k) => {
    const out: Ext[] = [em.extConst([1, 0, 0, 0]), betas[k]];
    for (let j = 2; j <= 1 << l.logArity; j++) out.push(em.extReduce(em.extMul(out[j - 1], betas[k])));
    return out;
  });

  const merkle = new CircuitMerkle(em);
  const commitments = [
    { key: "prep" as const, root: vk.prepRoot ? capDigestWords(vk.prepRoot, 8).map((d) => wordsToBigint(d).toString()) : null },
    { key: "main" as const, root: mainRoot },
    { key: "aux" as const, root: auxRoot },
    { key: "quotient" as const, root: quotientRoot },
  ];
  for (let qi = 0; qi < c.numQueries; qi++) {
    // a template per query (templates.ts): all queries emit the same code, so they share
    // one, whose comments name query 0; the comment in main names the instance
    em.comment(`==== query ${qi}`);
    em.beginTemplate("WrapQuery");
    em.comment(`==== query ${qi}`);
    const bits = indexBits[qi];
    const rows = new Map<string, Val[][]>();
    for (const { key, root } of commitments) {
      const d = dims[key];
      if (!root || d.length === 0) continue;
      em.section = "query-openings";
      const pick = (p: StarkProof) => p.queries[qi][key] as Opening;
      const rs = d.map((m, mi) => baseInput(`q${qi}_${key}_row${mi}`, m.width, (p) => pick(p).rows[mi]));
      // a tree shorter than the tallest LDE opens at the index scaled to its height:
      // index >> (logMaxLde - logTree), i.e. the top logTree bits (prover/merkle/mmcs.ts indexInTree)
      const logTree = Math.log2(Math.max(...d.map((m) => m.height)));
      const path = em.input(`q${qi}_${key}_path`, logTree - capHeight(d), (p) => pick(p).path.map((d) => wordsToBigint(d)));
      merkle.verifyBatch(root, d, bits.slice(logMaxLde - logTree), rs, path, `query ${qi} ${key}`);
      rows.set(key, rs);
    }
    // DEEP: per table, a = sum coefZ_c·v_c and b = sum coefNext_c·v_c over the opened row.
    em.section = "query-deep";
    const groupSums = new Map<number, { a: Ext; b: Ext; aZ: Ext; bZ: Ext }>();
    vk.airs.forEach((_, t) => {
      const row = (key: "prep" | "main" | "aux" | "quotient") => (slots[key][t] < 0 ? [] : (rows.get(key) as Val[][])[slots[key][t]]);
      const vals = [...row("prep"), ...row("main"), ...row("aux"), ...row("quotient")];
      const zero = em.extConst([0, 0, 0, 0]);
      let a = zero, b = zero;
      vals.forEach((v, i) => {
        a = em.extAdd(a, em.extMulBase(coefs[t].coefZ[i], v));
        if (i < coefs[t].trace) b = em.extAdd(b, em.extMulBase(coefs[t].coefNext[i], v));
      });
      const g = groupSums.get(logLdes[t]);
      groupSums.set(logLdes[t], g
        ? { a: em.extAdd(g.a, a), b: em.extAdd(g.b, b), aZ: em.extAdd(g.aZ, deepZ[t].aZ), bZ: em.extAdd(g.bZ, deepZ[t].bZ) }
        : { a, b, aZ: deepZ[t].aZ, bZ: deepZ[t].bZ });
    });
    /**
     * The DEEP value at height h is d = rhs / den with den = (x - z)(x - zNext) and
     * rhs = (A - AZ)(x - zNext) + (B - BZ)(x - z), A and B the row sums above.
     */
    const deepFraction = (h: number): { den: Ext; rhs: Ext } => {
      const g = groupSums.get(h)!;
      const dp = denomParts.get(h)!;
      // x = shift·w^bitrev(pos), pos = index >> (logMax - h)
      const posBits = bits.slice(logMaxLde - h, logMaxLde);
      const w = rootOfUnity(h);
      const x = powFromBits(em, posBits, posBits.map((_, i) => pow(w, 2 ** (h - 1 - i))), COSET_SHIFT);
      const xe = em.extFromBase(x);
      const x2 = em.extFromBase(em.reduce(em.mul(x, x)));
      // (x - z)(x - zNext) = x^2 - x·(z + zNext) + z·zNext
      const den = em.extAdd(em.extSub(x2, em.extMulBase(dp.sum, x)), dp.prod);
      const rhs = em.extAdd(em.extMul(em.extSub(g.a, g.aZ), em.extSub(xe, dp.zn)), em.extMul(em.extSub(g.b, g.bZ), em.extSub(xe, z)));
      return { den, rhs };
    };
    // Shorter heights enter FRI as witnessed DEEP values (checked by multiplication).
    const rolled = new Map<number, Ext>();
    for (const h of heights.slice(1)) {
      const { den, rhs } = deepFraction(h);
      rolled.set(h, em.extDiv(rhs, den, `query ${qi}: DEEP value at height 2^${h}`));
    }
    // The top height's DEEP value is the FRI layer-0 leaf entry: checked as leaf·den = rhs.
    const checkTopDeep = (leafValue: Ext) => {
      const { den, rhs } = deepFraction(logMaxLde);
      em.extAssertEq(em.extMul(leafValue, den), rhs, `query ${qi}: DEEP value at height 2^${logMaxLde}`);
    };

    // FRI: follow the index down the layers.
    let value: Ext | null = null; // null at layer 0: the DEEP check ties the leaf to the top height
    let idxBits = bits;
    schedule.layers.forEach((l, kk) => {
      em.section = "query-fri";
      const a = l.logArity;
      const layerDims = friLayerDims(l);
      const leaf = exts(baseInput(`q${qi}_fri${kk}_row`, layerDims[0].width, (p) => p.queries[qi].fri[kk].rows[0]));
      const path = em.input(`q${qi}_fri${kk}_path`, l.logSize - a - capHeight(layerDims), (p) => p.queries[qi].fri[kk].path.map((d) => wordsToBigint(d)));
      const posBits = idxBits.slice(0, a);
      const rowBits = idxBits.slice(a, l.logSize);
      merkle.verifyBatch(friRoots[kk], layerDims, rowBits, [leaf.flat()], path, `query ${qi} FRI layer ${kk}`);
      const selected = selectByBits(em, posBits, leaf);
      if (value === null) checkTopDeep(selected);
      else em.extAssertEq(selected, value, `query ${qi}: FRI layer ${kk} holds the folded value`);
      // fold: sum_j (beta/x0)^j c_j, c_j = sum_t W[j][t]·leaf_t (prover/stark/fri.ts foldLeafInto)
      const W = foldMatrix(a);
      const m = rowBits.length;
      const wInv = inv(rootOfUnity(l.logSize));
      const x0Inv = powFromBits(em, rowBits, rowBits.map((_, i) => pow(wInv, 2 ** (m - 1 - i))), inv(layerShift(logMaxLde, l.logSize)));
      // x0^-j reduced, then sum_j beta^j·(x0^-j·c_j) unreduced (bits add once, not per Horner step)
      const xInvPow: Val[] = [em.konst(1), x0Inv];
      for (let j = 2; j < 1 << a; j++) xInvPow.push(em.reduce(em.mul(xInvPow[j - 1], x0Inv)));
      const cj = (j: number): Ext => leaf.reduce((acc, e, t) => em.extAdd(acc, em.extScale(e, BigInt(W[j * (1 << a) + t]))), em.extConst([0, 0, 0, 0]));
      let acc = cj(0);
      for (let j = 1; j < 1 << a; j++) acc = em.extAdd(acc, em.extMul(betaPowers[kk][j], em.extMulBase(cj(j), xInvPow[j])));
      const roll = rolled.get(l.logSize - a);
      if (roll) acc = em.extAdd(acc, em.extMul(betaPowers[kk][1 << a], roll));
      value = acc;
      idxBits = rowBits;
    });
    // The final polynomial at the last layer's point.
    em.section = "query-final-poly";
    const fl = schedule.finalLogSize;
    const wf = rootOfUnity(fl);
    const xf = powFromBits(em, idxBits, idxBits.map((_, i) => pow(wf, 2 ** (fl - 1 - i))), layerShift(logMaxLde, fl));
    const xfPow: Val[] = [em.konst(1), xf];
    for (let j = 2; j < friFinal.length; j++) xfPow.push(em.reduce(em.mul(xfPow[j - 1], xf)));
    const acc = friFinal.reduce((sum, coef, j) => em.extAdd(sum, em.extMulBase(coef, xfPow[j])), em.extConst([0, 0, 0, 0]));
    if (value === null) throw new Error("wrap circuit: FRI has no layers; raise the trace height or lower friLogFinalDegree");
    em.extAssertEq(acc, value, `query ${qi}: the final polynomial matches the last layer`);
    em.endTemplate();
  }

  const name = opts.name ?? `StarkVerifier_${vk.airs.map((a) => a.name.replace(/[^A-Za-z0-9]/g, "_")).join("_")}`;
  const source = render(name, em, vk, opts);
  const report: CircuitReport = {
    tables: vk.airs.map((air, t) => ({ air: air.name, logRows: opts.tableLogRows[t], columns: air.preprocessedWidth + air.mainWidth + 4 * air.auxWidth, constraints: air.constraintNames.length })),
    queries: c.numQueries,
    logMaxLde,
    friLayers: schedule.layers,
    transcriptPermutations: ch.permutations.count,
    leafPermutations: merkle.counts.leafPermutations,
    compressions: merkle.counts.compressions,
    products: em.stats.products,
    reductions: em.stats.reductions,
    rangeChecks: em.stats.rangeChecks,
    rangeBits: em.stats.rangeBits,
    bySection: em.bySection,
  };
  const statementDigest = (p: StarkProof) => (st ? statementFromPublicValues(p.tables[st.table].publicValues, st.offset) : 0n);
  const publicVkDigest = (p: StarkProof) =>
    pd ? packDigestWords(p.tables[pd.table].publicValues.subarray(pd.offset, pd.offset + DIGEST_WORDS)) : vkDigest;
  return {
    name,
    source,
    vkDigest,
    publicVkDigest,
    report,
    statementDigest,
    input(proof: StarkProof) {
      checkInputShape(vk, proof, opts.tableLogRows);
      const out: Record<string, string | string[]> = { vkDigest: publicVkDigest(proof).toString(), statementDigest: statementDigest(proof).toString() };
      for (const spec of em.inputs) {
        const v = spec.read(proof);
        if (v.length !== spec.length) throw new Error(`wrap input ${spec.name}: ${v.length} values, the circuit expects ${spec.length}`);
        out[spec.name] = v.map((x) => x.toString());
      }
      return out;
    },
  };
}

/** The proof must have the circuit's shape: table heights, then everything the key implies. */
function checkInputShape(vk: VerifyingKey, proof: StarkProof, logRows: number[]): void {
  if (proof.tables.length !== logRows.length) throw new Error(`wrap input: the proof has ${proof.tables.length} tables, the circuit ${logRows.length}`);
  proof.tables.forEach((t, i) => {
    if (t.logRows !== logRows[i]) throw new Error(`wrap input: table ${i} has 2^${t.logRows} rows, the circuit was generated for 2^${logRows[i]}`);
  });
  try {
    checkProofShape(vk, proof);
  } catch (e) {
    throw new Error(`wrap input: the proof does not have this key's shape: ${(e as Error).message}`);
  }
}

function render(name: string, em: Emitter<StarkProof>, vk: VerifyingKey, opts: WrapCircuitOptions): string {
  const head = [
    "pragma circom 2.1.0;",
    "// SPDX-License-Identifier: GPL-3.0",
    "// GENERATED by wrapper/circuit/generate.ts: a verifier of STARK proofs for one verifying key.",
    `// tables: ${vk.airs.map((a, t) => `${a.name} (2^${opts.tableLogRows[t]} rows)`).join(", ")}`,
    `// parameters: ${JSON.stringify(vk.config)}`,
    "include \"poseidon.circom\";",
    "include \"bitify.circom\";",
    "include \"babybear.circom\";",
    "",
    ...em.templates.flatMap((t) => [t.source, ""]),
    `template ${name}() {`,
    "    signal input vkDigest;",
    "    signal input statementDigest;",
    ...em.inputs.map((i) => `    signal input ${i.name}[${i.length}];`),
    "",
  ];
  return [...head, ...em.lines.map((l) => `    ${l}`), "}", "", `component main {public [vkDigest, statementDigest]} = ${name}();`, ""].join("\n");
}
