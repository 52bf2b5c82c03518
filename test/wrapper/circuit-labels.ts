// Which constraint of a generated circuit failed: circom's witness generator names the
// template and source line ("Assert Failed. Error in template RangeCheck_0 line: 31 /
// Error in template StarkVerifier_x_106 line: 1104"); the generator writes a comment
// naming each check before its constraints (emitter.ts assertZeroMod, merkle.ts,
// transcript.ts checkWitness). The label is the last such comment at or above the
// failing line of the innermost generated template: main, or a sub-template of it
// (a query's checks, a table's constraints at z: wrapper/circuit/templates.ts).
import { expect } from "chai";
import type { CompiledCircuit } from "../../wrapper/circuit/compile.ts";
import { expectAssertFails } from "./stark-circuit-helpers.ts";

export type FailingConstraint = {
  /** The generator's comment above the failing line, without "// ". */
  label: string;
  /** The failing line of the generated template, trimmed. */
  line: string;
  /** The innermost template that failed (e.g. "RangeCheck" for a range check). */
  template: string;
};

export function failingConstraint(source: string, mainName: string, circomMessage: string): FailingConstraint {
  const frames = [...circomMessage.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1], line: Number(m[2]) }));
  const generated = new Set([mainName, ...[...source.matchAll(/^template (\w+)\(/gm)].map((m) => m[1])]);
  const inner = frames.find((f) => generated.has(f.template));
  if (!inner) throw new Error(`no frame of the generated templates (${[...generated].join(", ")}) in: ${circomMessage}`);
  const lines = source.split("\n");
  const labelAbove = (line: number) => {
    for (let i = line - 1; i >= 0; i--) {
      const t = lines[i].trim();
      if (t.startsWith("// ")) return t.slice(3);
    }
    return "";
  };
  let label = labelAbove(inner.line);
  let line = lines[inner.line - 1].trim();
  const outer = frames.find((f) => f.template === mainName);
  if (outer && outer !== inner) {
    // A sub-template (shared by the queries; its comments name query 0): its `ext[k]` are
    // the main signals wired into the instance, and main's comment names the instance.
    let decl = outer.line - 1;
    while (decl >= 0 && !/^component \w+ = \w+\(\);$/.test(lines[decl].trim())) decl--;
    const inst = decl >= 0 ? /^component (\w+) =/.exec(lines[decl].trim())![1] : "";
    const wiring = new Map<string, string>();
    for (let i = decl + 1; i < lines.length; i++) {
      const m = new RegExp(`^${inst}\\.ext\\[(\\d+)\\] <== (.+);$`).exec(lines[i].trim());
      if (!m) break;
      wiring.set(m[1], m[2]);
    }
    line = line.replace(/\bext\[(\d+)\]/g, (w, k: string) => wiring.get(k) ?? w);
    const query = /^==== query (\d+)$/.exec(labelAbove(decl + 1));
    if (query) label = label.replace(/\bquery \d+/, `query ${query[1]}`);
  }
  return { label, line, template: frames[0].template };
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
