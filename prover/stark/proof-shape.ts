// Checks that a proof has exactly the shape its verifying key implies (table count,
// heights, widths of every opened value, presence of each commitment) before any
// arithmetic, and derives the Merkle dimensions the verifier needs.
import type { StarkProof } from "./proof.ts";
import type { VerifyingKey } from "./keys.ts";
import { fail } from "./verify-error.ts";
import { quotientChunks } from "./quotient.ts";
import { friSchedule, type FriSchedule } from "./fri.ts";
import { TWO_ADICITY } from "../field/babybear.ts";
import { checkBusMultiplicities } from "../air/multiplicity.ts";

type Dims = Array<{ width: number; height: number }>;

export type ProofShape = {
  logLdes: number[];
  logMaxLde: number;
  schedule: FriSchedule;
  dims: { prep: Dims; main: Dims; aux: Dims; quotient: Dims };
  /** Index of each table's matrix inside each commitment, or -1 when it has none. */
  slots: { prep: number[]; main: number[]; aux: number[]; quotient: number[] };
};

function expectLen(what: string, a: Uint32Array, n: number) {
  if (a.length !== n) fail("shape", `${what} has ${a.length} words, expected ${n}`);
}

export function checkProofShape(vk: VerifyingKey, proof: StarkProof): ProofShape {
  const c = vk.config;
  if (proof.tables.length !== vk.airs.length) fail("shape", `${proof.tables.length} tables, the key has ${vk.airs.length}`);
  proof.tables.forEach((t, ti) => {
    const air = vk.airs[ti];
    const name = `table ${ti} ('${air.name}')`;
    const minLog = Math.max(1, c.friLogFinalDegree);
    if (!Number.isInteger(t.logRows) || t.logRows < minLog || t.logRows + c.logBlowup > TWO_ADICITY) {
      fail("shape", `${name}: 2^${t.logRows} rows is outside [2^${minLog}, 2^${TWO_ADICITY - c.logBlowup}]`);
    }
    const prepLog = vk.prepLogRows[ti];
    if (prepLog !== null && prepLog !== t.logRows) fail("shape", `${name}: 2^${t.logRows} rows, its preprocessed columns fix 2^${prepLog}`);
    expectLen(`${name} public values`, t.publicValues, air.numPublicValues);
    expectLen(`${name} aux public values`, t.auxPublic, 4 * air.numAuxPublic);
    const o = t.openings;
    const chunks = quotientChunks(air);
    expectLen(`${name} preprocessed openings`, o.prepZ, 4 * air.preprocessedWidth);
    expectLen(`${name} preprocessed next openings`, o.prepZNext, 4 * air.preprocessedWidth);
    expectLen(`${name} main openings`, o.mainZ, 4 * air.mainWidth);
    expectLen(`${name} main next openings`, o.mainZNext, 4 * air.mainWidth);
    expectLen(`${name} aux openings`, o.auxZ, 16 * air.auxWidth);
    expectLen(`${name} aux next openings`, o.auxZNext, 16 * air.auxWidth);
    expectLen(`${name} quotient openings`, o.quotientZ, 16 * chunks);
  });
  // the claimed heights must keep every bus's worst-case multiplicity sums below p
  const wrap = checkBusMultiplicities(vk.airs.map((air, t) => ({ air, logRows: proof.tables[t].logRows })));
  if (wrap) fail("bus-bound", wrap);
  const layout = tableLayout(vk, proof.tables.map((t) => t.logRows));
  const { dims, schedule } = layout;
  if ((dims.main.length > 0) !== (proof.mainRoot !== null)) fail("shape", "main commitment presence does not match the key");
  if ((dims.aux.length > 0) !== (proof.auxRoot !== null)) fail("shape", "aux commitment presence does not match the key");
  if (proof.friRoots.length !== schedule.layers.length) fail("shape", `${proof.friRoots.length} FRI layers, expected ${schedule.layers.length}`);
  expectLen("final FRI polynomial", proof.friFinalPoly, 4 << c.friLogFinalDegree);
  if (proof.queries.length !== c.numQueries) fail("shape", `${proof.queries.length} queries, expected ${c.numQueries}`);
  proof.queries.forEach((q, qi) => {
    if ((q.prep !== null) !== (vk.prepRoot !== null)) fail("shape", `query ${qi}: preprocessed opening presence`);
    if ((q.main !== null) !== (proof.mainRoot !== null)) fail("shape", `query ${qi}: main opening presence`);
    if ((q.aux !== null) !== (proof.auxRoot !== null)) fail("shape", `query ${qi}: aux opening presence`);
    if (!q.quotient) fail("shape", `query ${qi}: no quotient opening`);
    if (q.fri.length !== schedule.layers.length) fail("shape", `query ${qi}: ${q.fri.length} FRI openings, expected ${schedule.layers.length}`);
  });
  return layout;
}

/**
 * What the key and the table heights imply, before any proof is seen: each table's LDE
 * height, the Merkle dimensions of every commitment, each table's slot in them, and the
 * FRI schedule. (The circom generator builds its circuit from this.)
 */
export function tableLayout(vk: VerifyingKey, logRows: number[]): ProofShape {
  const c = vk.config;
  const dims = { prep: [] as Dims, main: [] as Dims, aux: [] as Dims, quotient: [] as Dims };
  const slots = { prep: [] as number[], main: [] as number[], aux: [] as number[], quotient: [] as number[] };
  const logLdes: number[] = [];
  logRows.forEach((lr, ti) => {
    const air = vk.airs[ti];
    const logLde = lr + c.logBlowup;
    logLdes.push(logLde);
    const add = (k: keyof typeof dims, width: number) => {
      slots[k].push(width > 0 ? dims[k].length : -1);
      if (width > 0) dims[k].push({ width, height: 1 << logLde });
    };
    add("prep", air.preprocessedWidth);
    add("main", air.mainWidth);
    add("aux", 4 * air.auxWidth);
    add("quotient", 4 * quotientChunks(air));
  });
  const logMaxLde = Math.max(...logLdes);
  // a lifted proof has one FRI input, on the tallest LDE (lifting.ts)
  const schedule = friSchedule(c.lifted ? [logMaxLde] : logLdes, c.friLogArity, c.friLogFinalDegree + c.logBlowup);
  return { logLdes, logMaxLde, schedule, dims, slots };
}
