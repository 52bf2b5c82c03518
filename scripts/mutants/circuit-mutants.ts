// Mutants of the wrap-circuit generator: each drops one constraint group from the
// generated circom source; test/wrapper/circuit-checks.test.ts must then fail (a tamper
// aimed at that group is accepted, or fails under another label). Anchors are exact
// source text of wrapper/circuit/*.ts; when the generator changes they go stale and the
// runner says so.
//
// Groups whose constraint checks a value the witness generator computes from a hint
// (`<--`: squeeze decompositions, index bits, reductions, witnessed divisions) cannot
// be reached by a tampered INPUT: the tests make a lying witness generator instead (the
// generated source with one hint changed, same R1CS) and expect that group's line to
// stop it. Those tests compile a circuit per lie, so these mutants run with MUTANTS=all.
import type { Mutant } from "./types.ts";

export const CIRCUIT_TESTS = ["test/wrapper/circuit-checks.test.ts"];

const drop = (id: string, file: string, anchor: string, replacement: string, inDefault = true): Mutant =>
  ({ id: `circuit: ${id}`, file: `wrapper/circuit/${file}`, anchor, replacement, tests: CIRCUIT_TESTS, inDefault });

export function circuitMutants(): Mutant[] {
  return [
    drop("no bus balance", "generate.ts", `em.extAssertEq(sums.reduce((a, b) => em.extAdd(a, b)), em.extConst([0, 0, 0, 0]), "bus balance");`, "void sums;"),
    drop("no constraints at z", "constraints.ts", "em.extAssertEq(lhs, em.extMul(zerofier, q), `table", "void (lhs, zerofier, q, `table"),
    drop("no Merkle root comparison", "merkle.ts", "em.line(`${node} === ${this.selectCap(cap, indexBits.slice(levels))};`);", "void cap;"),
    drop("no DEEP check at the top height", "generate.ts", "em.extAssertEq(em.extMul(leafValue, den), rhs, `query", "void (den, rhs, `query"),
    drop("no FRI fold check", "generate.ts", "else em.extAssertEq(selected, value, `query", "else void (selected, value, `query"),
    drop("no final polynomial check", "generate.ts", "em.extAssertEq(acc, value, `query ${qi}: the final polynomial", "void (acc, value, `query ${qi}: the final polynomial"),
    drop("no proof of work", "transcript.ts", "for (const s of b) this.em.line(`${s} === 0;`);", "void b;"),
    drop("no range check of BabyBear inputs", "generate.ts", "      em.rangeCheck(s, bits);\n", ""),
    drop("vkDigest not pinned", "generate.ts", "em.line(`vkDigest === ${vkDigest};`);", "void vkDigest;", false),
    drop("statementDigest not tied to the limbs", "generate.ts", "em.line(`statementDigest === ${stmt};`);", "void stmt;", false),
    // hint-checking constraints (see the header): MUTANTS=all
    drop("no squeeze decomposition", "transcript.ts", "em.line(`${split.s} === ${parts[0]} + ${TWO_96} * (${parts[1]}) + ${1n << 192n} * ${top};`);", "void split;", false),
    drop("index bits not boolean", "transcript.ts", "${b}[i] * (${b}[i] - 1) === 0; }`);", "}`);", false),
    drop("no witnessed-division check", "emitter.ts", "this.extAssertEq(this.extMul(out, den), num, `${what}: quotient times divisor`);", "void num;", false),
    drop("no reduction check", "emitter.ts", "this.line(`${q} * ${P} + ${r} === ${x};`);", "void x;", false),
  ];
}
