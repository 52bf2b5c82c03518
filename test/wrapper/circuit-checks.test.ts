// Each constraint group of the generated wrap circuit (wrapper/circuit/generate.ts)
// rejects the lie it exists for, and the test names the failing constraint by its label.
// Proofs are made by the honest prover with a test-only hook (prover/stark/test-hooks.ts)
// that corrupts a value BEFORE it enters the transcript, so transcript, PoW and Merkle
// openings stay consistent and only the targeted group can fail. Witness generation
// only (no PLONK), small AIRs: cheap enough for the mutation runner (scripts/mutants/),
// which disables each group in turn and expects a test here to fail.
import { expect } from "chai";
import fs from "node:fs";
import { setup, prove, verify, type StarkConfig, type StarkProof, type ProvingKey } from "../../prover/stark/index.ts";
import { withProverTestHooks, type ProverTestHooks } from "../../prover/stark/test-hooks.ts";
import { fibonacciStatementAir, fibonacciStatementTrace, STATEMENT_OFFSET } from "../../prover/air/examples/fibonacci-statement.ts";
import { sendTableAir, receiveTableAir, twoTableTraces } from "../../prover/air/examples/two-tables.ts";
import { add } from "../../prover/field/babybear.ts";
import { generateStarkVerifierCircuit, type WrapCircuit } from "../../wrapper/circuit/generate.ts";
import { WRAP_TEST_CONFIG_INSECURE } from "../../wrapper/circuit/presets.ts";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { cloneProof, bump } from "../stark/tamper.ts";
import { compile, witnessOk, cloneInput } from "./stark-circuit-helpers.ts";
import { expectFailsAt } from "./circuit-labels.ts";

/** The wrap test preset with final degree 2: two FRI layers at 2^3 rows, so a fold is checked between layers. */
const CONFIG: StarkConfig = { ...WRAP_TEST_CONFIG_INSECURE, friLogFinalDegree: 1 };
const LOG_ROWS = 3;

type Fixture = { pk: ProvingKey; circ: WrapCircuit; compiled: CompiledCircuit; traces: () => Parameters<typeof prove>[1] };

function shiftAll(values: Uint32Array): void {
  for (let o = 0; o < values.length; o += 4) values[o] = add(values[o], 1);
}

async function proveWith(f: Fixture, hooks: ProverTestHooks, traces = f.traces()): Promise<StarkProof> {
  return withProverTestHooks(hooks, async () => (await prove(f.pk, traces)).proof);
}

async function fixture(pk: ProvingKey, traces: () => Parameters<typeof prove>[1], opts: Parameters<typeof generateStarkVerifierCircuit>[1]): Promise<Fixture> {
  const circ = generateStarkVerifierCircuit(pk.vk, opts);
  const compiled = await compile(circ);
  return { pk, circ, compiled, traces };
}

/** The TS verifier names `check`; the circuit fails at a constraint labelled `label`. */
async function expectBoth(f: Fixture, proof: StarkProof, check: string, label: RegExp, what: string): Promise<void> {
  const r = verify(f.pk.vk, proof);
  expect(r.ok, `${what}: TS verify`).to.equal(false);
  if (!r.ok) expect(r.check, r.reason).to.equal(check);
  await expectFailsAt(f.compiled, f.circ, f.circ.input(proof), label, what);
}

describe("wrap circuit checks: each constraint group catches its lie (fibonacci-statement, 2 PoW bits)", () => {
  let f: Fixture;
  let honest: StarkProof;
  before(async () => {
    const tr = () => {
      const t = fibonacciStatementTrace(LOG_ROWS, 3, 5);
      return [{ main: t.main, publicValues: t.publicValues }];
    };
    f = await fixture(await setup(CONFIG, [fibonacciStatementAir]), tr,
      { tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET } });
    honest = (await prove(f.pk, f.traces())).proof;
  });

  it("an honest proof gives a witness; the schedule has two FRI layers", async () => {
    expect(verify(f.pk.vk, honest)).to.deep.equal({ ok: true });
    expect(f.circ.report.friLayers.length).to.equal(2);
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(honest)), { force: true });
  });

  it("constraints at z: a quotient chunk shifted by a constant", async () => {
    const bad = await proveWith(f, { quotient: (_t, coeffs, chunksRev) => {
      coeffs[0][0] = add(coeffs[0][0], 1);
      for (let i = 0; i < chunksRev[0].length; i++) chunksRev[0][i] = add(chunksRev[0][i], 1);
    } });
    await expectBoth(f, bad, "constraints", /^table 'fibonacci-statement': the constraints match the quotient at z/, "quotient");
  });

  it("DEEP: the DEEP function shifted by a constant (the layer-0 leaf is not D(x))", async () => {
    const bad = await proveWith(f, { deep: (_t, d) => shiftAll(d) });
    await expectBoth(f, bad, "fri", /^query 0: DEEP value at height 2\^4/, "deep");
  });

  it("FRI fold: layer 1 shifted by a constant", async () => {
    const bad = await proveWith(f, { friFolded: (k, v) => void (k === 0 && shiftAll(v)) });
    await expectBoth(f, bad, "fri", /^query 0: FRI layer 1 holds the folded value/, "fold");
  });

  it("final polynomial: the last fold shifted, and a coefficient changed", async () => {
    const last = await proveWith(f, { friFolded: (k, v) => void (k === 1 && shiftAll(v)) });
    await expectBoth(f, last, "fri", /^query 0: the final polynomial matches the last layer/, "last fold");
    const coef = await proveWith(f, { finalPoly: (c) => void (c[4] = add(c[4], 1)) });
    await expectBoth(f, coef, "fri", /^query 0: the final polynomial matches the last layer/, "final coefficient");
  });

  it("Merkle paths: a main row value, a quotient path node, a FRI path node", async () => {
    const cases: Array<[(p: StarkProof) => void, string, RegExp]> = [
      [(p) => bump(p.queries[0].main!.rows[0], 1), "merkle:main", /^Merkle opening: query 0 main$/],
      [(p) => bump(p.queries[1].quotient.path[1], 0), "merkle:quotient", /^Merkle opening: query 1 quotient$/],
      [(p) => bump(p.queries[0].fri[1].path[0], 0), "fri", /^Merkle opening: query 0 FRI layer 1$/],
    ];
    for (const [tamper, check, label] of cases) {
      const bad = cloneProof(honest);
      tamper(bad);
      await expectBoth(f, bad, check, label, String(label));
    }
  });

  it("proof of work: a nonce without the work", async () => {
    const bad = cloneProof(honest);
    for (let n = 1; n < 64; n++) {
      bad.powNonce = honest.powNonce + n;
      const r = verify(f.pk.vk, bad);
      if (!r.ok && r.check === "pow") break;
    }
    await expectBoth(f, bad, "pow", /^proof of work: 2 leading sampled bits are zero$/, "nonce");
  });

  it("range checks of inputs: a row value 2^31 + v fails the range check of that very input", async () => {
    const input = f.circ.input(honest);
    const bad = cloneInput(input);
    const row = bad.q0_main_row0 as string[];
    row[1] = ((1n << 31n) + BigInt(row[1])).toString();
    const at = await expectFailsAt(f.compiled, f.circ, bad, /./, "row value 2^31 + v");
    expect(at.template).to.equal("RangeCheck");
    expect(at.line).to.match(/RangeCheck\(31\); rc_\d+\.in <== q0_main_row0\[1\];/);
  });

  it("transcript inputs: the vkDigest and statementDigest public signals are pinned", async () => {
    for (const key of ["vkDigest", "statementDigest"]) {
      const bad = cloneInput(f.circ.input(honest));
      bad[key] = (BigInt(bad[key] as string) + 1n).toString();
      const at = await expectFailsAt(f.compiled, f.circ, bad, /./, key);
      expect(at.line).to.match(new RegExp(`^${key} === `));
    }
  });
});

/**
 * A lying witness generator: `source` with one hint (`<--`) changed on the first line
 * matching `line` (or the last one above the first line matching `before`). The constraints are untouched, so the circuit's R1CS is the same;
 * only the group that checks that hint should stop the witness.
 */
function lieInHint(circ: WrapCircuit, line: RegExp, edit: (text: string) => string, before?: RegExp): { name: string; source: string } {
  const lines = circ.source.split("\n");
  const end = before ? lines.findIndex((l) => before.test(l)) : -1;
  // with `before`: the last matching line above it (the hint its constraint checks)
  const i = before ? lines.slice(0, Math.max(0, end)).findLastIndex((l) => line.test(l)) : lines.findIndex((l) => line.test(l));
  if (i < 0) throw new Error(`no line matches ${line}: the generator changed, update this test`);
  const edited = edit(lines[i]);
  expect(edited, "the lie must change the line").to.not.equal(lines[i]);
  lines[i] = edited;
  return { name: circ.name, source: lines.join("\n") };
}

async function expectLieCaught(f: Fixture, honest: StarkProof, lie: { name: string; source: string }, constraint: RegExp, what: string): Promise<void> {
  const compiled = await compile(lie);
  const at = await expectFailsAt(compiled, lie, f.circ.input(honest), /./, what);
  expect(at.line, `${what}: failed at '${at.line}' under '${at.label}'`).to.match(constraint);
}

describe("wrap circuit checks: a lying witness generator is stopped by the constraint on its hint", () => {
  let f: Fixture;
  let honest: StarkProof;
  before(async () => {
    const tr = () => {
      const t = fibonacciStatementTrace(LOG_ROWS, 3, 5);
      return [{ main: t.main, publicValues: t.publicValues }];
    };
    f = await fixture(await setup({ ...CONFIG, powBits: 0 }, [fibonacciStatementAir]), tr,
      { tableLogRows: [LOG_ROWS], statement: { table: 0, offset: STATEMENT_OFFSET } });
    honest = (await prove(f.pk, f.traces())).proof;
  });

  it("query index bits that are not 0/1 (bit 0 + 2, bit 1 - 1: the same sum) fail the booleanity constraint", async () => {
    const lie = lieInHint(f.circ, /for \(var i = 0; i < 4; i\+\+\) \{ sb_\d+\[i\] <-- /,
      (l) => l.replace(/<-- (.*?) & 1;/, "<-- ($1 & 1) + (i == 0 ? 2 : (i == 1 ? -1 : 0));"));
    await expectLieCaught(f, honest, lie, /sb_\d+\[i\] \* \(sb_\d+\[i\] - 1\) === 0/, "index bits");
  });

  it("other query index bits (all flipped) fail the squeeze decomposition s = lo + 2^96·hi + 2^192·top", async () => {
    const lie = lieInHint(f.circ, /for \(var i = 0; i < 4; i\+\+\) \{ sb_\d+\[i\] <-- /,
      (l) => l.replace(/<-- (.*?) & 1;/, "<-- 1 - ($1 & 1);"));
    await expectLieCaught(f, honest, lie, /^[\w.[\]]+ === .* \+ 6277101735386680763835789423207666416102355444464034512896 \* stop_\d+;$/, "flipped index bits");
  });

  it("a reduction remainder off by one fails its reduction constraint q·p + r = x", async () => {
    const lie = lieInHint(f.circ, /signal q_\d+; signal r_\d+; q_\d+ <-- .* r_\d+ <-- /, (l) => l.replace(/(r_\d+ <-- .*% 2013265921);$/, "$1 + 1;"));
    await expectLieCaught(f, honest, lie, /^q_\d+ \* 2013265921 \+ r_\d+ === /, "reduction");
  });
});

describe("wrap circuit checks: bus balance and a rolled-in shorter height (two tables)", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture(await setup(CONFIG, [sendTableAir, receiveTableAir]), () => twoTableTraces(5, 3), { tableLogRows: [5, 3], statement: null });
  });

  it("bus balance: the tables' LogUp sums do not add to zero (each table honest about its own sum)", async () => {
    const [a, b] = f.traces();
    b.main[1][2] += 1;
    const bad = (await prove(f.pk, [a, b])).proof;
    await expectBoth(f, bad, "bus", /^bus balance/, "bus");
  });

  it("DEEP at a shorter height: its lie surfaces at the fold where it is rolled in", async () => {
    const honest = (await prove(f.pk, f.traces())).proof;
    fs.rmSync(await witnessOk(f.compiled, f.circ.input(honest)), { force: true });
    const bad = await proveWith(f, { deep: (t, d) => void (t === 1 && shiftAll(d)) });
    // table 1's LDE (2^4) enters after two folds of table 0's 2^6 LDE: checked at layer 2
    await expectBoth(f, bad, "fri", /^query 0: FRI layer 2 holds the folded value/, "rolled DEEP");
  });

  it("a witnessed DEEP value (shorter height) off by one fails its division check", async () => {
    const honest = (await prove(f.pk, f.traces())).proof;
    const lie = lieInHint(f.circ, /^\s*signal w_\d+; w_\d+ <-- du_\d+\[0\];/, (l) => l.replace(/<-- (du_\d+\[0\]);/, "<-- $1 + 1;"),
      /\/\/ query 0: DEEP value at height 2\^4: quotient times divisor \[0\]/);
    const compiled = await compile(lie);
    await expectFailsAt(compiled, lie, f.circ.input(honest), /^query 0: DEEP value at height 2\^4: quotient times divisor/, "witnessed DEEP value");
  });
});
