// Which constraint of a generated circuit failed: circom's witness generator names the
// template and source line ("Assert Failed. Error in template RangeCheck_0 line: 31 /
// Error in template StarkVerifier_x_106 line: 1104"); the generator writes a comment
// naming each check before its constraints (emitter.ts assertZeroMod, merkle.ts,
// transcript.ts checkWitness). The label is the last such comment at or above the
// failing line of the main template.
import { expect } from "chai";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { expectAssertFails } from "./stark-circuit-helpers.ts";

export type FailingConstraint = {
  /** The generator's comment above the failing line, without "// ". */
  label: string;
  /** The failing line of the main template, trimmed. */
  line: string;
  /** The innermost template that failed (e.g. "RangeCheck" for a range check). */
  template: string;
};

export function failingConstraint(source: string, mainName: string, circomMessage: string): FailingConstraint {
  const frames = [...circomMessage.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1], line: Number(m[2]) }));
  const main = frames.find((f) => f.template === mainName);
  if (!main) throw new Error(`no frame of the main template ${mainName} in: ${circomMessage}`);
  const lines = source.split("\n");
  let label = "";
  for (let i = main.line - 1; i >= 0 && !label; i--) {
    const t = lines[i].trim();
    if (t.startsWith("// ")) label = t.slice(3);
  }
  return { label, line: lines[main.line - 1].trim(), template: frames[0].template };
}

/** The witness must fail at an assertion, and that assertion's label must match. */
export async function expectFailsAt(
  c: CompiledCircuit, circ: { name: string; source: string }, input: Record<string, unknown>, label: RegExp, what: string,
): Promise<FailingConstraint> {
  const we = await expectAssertFails(c, input, what);
  const f = failingConstraint(circ.source, circ.name, we.circomMessage);
  expect(f.label, `${what}: failed at '${f.line}' (${f.template})`).to.match(label);
  return f;
}

/**
 * The circuit label that corresponds to a check of the TS verifier (prover/stark/verifier.ts):
 * a tampered proof must fail in the circuit for the same reason it fails in TypeScript.
 */
export function labelForCheck(check: string): RegExp {
  const merkle = /^merkle:(\w+)$/.exec(check);
  if (merkle) return new RegExp(`^Merkle opening: query \\d+ ${merkle[1] === "preprocessed" ? "prep" : merkle[1]}$`);
  const labels: Record<string, RegExp> = {
    pow: /^proof of work: /,
    bus: /^bus balance/,
    constraints: /^table '.*': the constraints match the quotient at z/,
    fri: /^Merkle opening: query \d+ FRI layer \d+$|^query \d+: (DEEP value at height|FRI layer \d+ holds the folded value|the final polynomial matches)/,
  };
  const re = labels[check];
  if (!re) throw new Error(`no circuit label for the TS check '${check}'`);
  return re;
}
