// The symbolic front end: an AIR is a plain object whose build(b) states constraints
// over named columns. defineAir runs build once, lowers bus interactions into LogUp
// aux columns and constraints (logup.ts), and compiles everything (compile.ts).
import { Graph, type Expr, type ExprLike } from "./expr.ts";
import { compileAir, type AirIR } from "./compile.ts";
import { lowerInteractions, busIdOf, LOGUP_DEGREE_CAP, type RawInteraction } from "./logup.ts";
import type { CompiledAir, LookupTable } from "./types.ts";
import { rangeOf, fixedByKey, type Range } from "./multiplicity.ts";

export type { Expr, ExprLike } from "./expr.ts";

/** Options of send/receive (see prover/air/README.md, "Multiplicities"). */
export type InteractionOptions = {
  /**
   * A lookup table's side of the bus: the tuple is fixed, so the multiplicity may be a free
   * column. `true`: the tuple must be preprocessed columns and constants (checked).
   * `{ fixedBy }`: names of this AIR's constraints that pin every tuple entry to fixed
   * values (e.g. a column forced to the row index); the AIR author vouches for them.
   */
  lookupTable?: LookupTable;
};
export type Column = { readonly cur: Expr; readonly next: Expr };

export type AirSpec<M extends string, Pp extends string, Pu extends string, C extends string> = {
  name: string;
  main: readonly M[];
  preprocessed?: readonly Pp[];
  publicValues?: readonly Pu[];
  /** Extension challenges of the AIR's own; indices 0 and 1 are reserved for the bus. */
  challenges?: readonly C[];
  /**
   * The degree LogUp may raise this AIR to by sharing an aux column between two
   * interactions (logup-groups.ts; default LOGUP_DEGREE_CAP = 3). It only does so where
   * the saved aux cells exceed the added quotient cells.
   */
  logupDegreeCap?: number;
  build(b: AirBuilder<M, Pp, Pu, C>): void;
};

/** Challenges 0 and 1 are LogUp's gamma and beta, shared by every table. */
export const BUS_CHALLENGES = 2;

export class AirBuilder<M extends string, Pp extends string, Pu extends string, C extends string> {
  readonly g = new Graph();
  readonly main: Record<M, Column>;
  readonly prep: Record<Pp, Column>;
  readonly pub: Record<Pu, Expr>;
  readonly chal: Record<C, Expr>;
  readonly isFirstRow: Expr;
  readonly isLastRow: Expr;
  readonly isTransition: Expr;
  readonly constraints: { name: string; root: number }[] = [];
  readonly interactions: RawInteraction[] = [];
  /** Integer ranges the AIR enforces for some expressions (declareRange, assertBool). */
  readonly ranges = new Map<number, Range>();

  constructor(spec: AirSpec<M, Pp, Pu, C>) {
    const g = this.g;
    const cols = <K extends string>(names: readonly K[], op: "main" | "prep") => {
      const rec = {} as Record<K, Column>;
      names.forEach((name, c) => {
        if (name in rec) throw new Error(`AIR '${spec.name}': duplicate column '${name}'`);
        rec[name] = { cur: g.leaf(op, c, 0), next: g.leaf(op, c, 1) };
      });
      return rec;
    };
    this.main = cols(spec.main, "main");
    this.prep = cols(spec.preprocessed ?? [], "prep");
    this.pub = {} as Record<Pu, Expr>;
    (spec.publicValues ?? []).forEach((name, k) => (this.pub[name] = g.leaf("pub", k)));
    this.chal = {} as Record<C, Expr>;
    (spec.challenges ?? []).forEach((name, k) => (this.chal[name] = g.leaf("chal", BUS_CHALLENGES + k)));
    this.isFirstRow = g.leaf("first", 0);
    this.isLastRow = g.leaf("last", 0);
    this.isTransition = g.leaf("trans", 0);
  }

  const(v: number): Expr { return this.g.constant(v); }
  add(a: ExprLike, b: ExprLike): Expr { return this.g.add(a, b); }
  sub(a: ExprLike, b: ExprLike): Expr { return this.g.sub(a, b); }
  mul(a: ExprLike, b: ExprLike): Expr { return this.g.mul(a, b); }
  neg(a: ExprLike): Expr { return this.g.neg(a); }
  sum(...xs: ExprLike[]): Expr { return xs.reduce<Expr>((acc, x) => this.g.add(acc, x), this.g.constant(0)); }
  prod(...xs: ExprLike[]): Expr { return xs.reduce<Expr>((acc, x) => this.g.mul(acc, x), this.g.constant(1)); }
  /** a - b: the expression that vanishes when a = b. */
  eq(a: ExprLike, b: ExprLike): Expr { return this.g.sub(a, b); }

  assertZero(e: ExprLike, name?: string): void {
    const k = this.constraints.length;
    const nm = name ?? `c${k}`;
    if (this.constraints.some((c) => c.name === nm)) throw new Error(`duplicate constraint name '${nm}'`);
    this.constraints.push({ name: nm, root: this.g.lift(e).id });
  }
  assertEq(a: ExprLike, b: ExprLike, name?: string): void { this.assertZero(this.g.sub(a, b), name); }
  /** a·(a - 1) = 0; declares a in [0, 1] (for multiplicity ranges). */
  assertBool(a: ExprLike, name?: string): void {
    this.assertZero(this.g.mul(a, this.g.sub(a, 1)), name);
    this.declareRange(a, 1);
  }
  /**
   * Declares that this AIR constrains `e` to the integers [0, max] on every row (by a range
   * lookup, bit decomposition, ...): what lets a column serve as a bus multiplicity. The
   * declaration enforces nothing by itself; the constraint doing it must be in the AIR.
   */
  declareRange(e: ExprLike, max: number): void {
    if (!Number.isInteger(max) || max < 0 || max >= 2 ** 31) throw new Error(`declareRange: max ${max} must be an integer in [0, 2^31)`);
    this.ranges.set(this.g.lift(e).id, [0, max]);
  }
  whenFirstRow(e: ExprLike, name?: string): void { this.assertZero(this.g.mul(this.isFirstRow, e), name); }
  whenLastRow(e: ExprLike, name?: string): void { this.assertZero(this.g.mul(this.isLastRow, e), name); }
  whenTransition(e: ExprLike, name?: string): void { this.assertZero(this.g.mul(this.isTransition, e), name); }

  /** Adds multiplicity · 1/fingerprint(tuple) to the bus. */
  send(bus: string, tuple: ExprLike[], multiplicity: ExprLike = 1, opts: InteractionOptions = {}): void {
    this.interactions.push({
      bus, busId: busIdOf(bus), tuple: tuple.map((t) => this.g.lift(t).id), multiplicity: this.g.lift(multiplicity).id,
      multiplicityRange: null, lookupTable: opts.lookupTable ?? false,
    });
  }
  /** Takes multiplicity · 1/fingerprint(tuple) off the bus. */
  receive(bus: string, tuple: ExprLike[], multiplicity: ExprLike = 1, opts: InteractionOptions = {}): void {
    this.send(bus, tuple, this.g.neg(multiplicity), opts);
  }

  /** Each interaction's multiplicity range, or a clear error (after build: ranges are all declared). */
  boundInteractions(air: string): void {
    const names = new Set(this.constraints.map((c) => c.name));
    this.interactions.forEach((it, i) => {
      const where = `AIR '${air}': interaction ${i} on bus '${it.bus}'`;
      it.multiplicityRange = rangeOf(this.g, it.multiplicity, this.ranges);
      if (it.lookupTable === true) {
        if (!it.tuple.every((t) => fixedByKey(this.g, t))) {
          throw new Error(`${where} is a lookup table but its tuple is not fixed by the key (preprocessed columns and constants only); name the constraints that pin it with { lookupTable: { fixedBy: [...] } }`);
        }
      } else if (it.lookupTable) {
        const missing = it.lookupTable.fixedBy.filter((n) => !names.has(n));
        if (it.lookupTable.fixedBy.length === 0 || missing.length) throw new Error(`${where}: lookupTable.fixedBy names no constraint of this AIR (${missing.join(", ") || "empty"})`);
      } else if (!it.multiplicityRange) {
        throw new Error(`${where}: the multiplicity has no known integer range, so the bus could wrap mod p. ` +
          "Constrain the column(s) it uses and declare it (declareRange, or assertBool for 0/1), or mark a lookup table's side { lookupTable: true }");
      }
    });
  }
}

export function defineAir<const M extends string, const Pp extends string = never, const Pu extends string = never, const C extends string = never>(
  spec: AirSpec<M, Pp, Pu, C>,
): CompiledAir {
  const b = new AirBuilder(spec);
  spec.build(b);
  b.boundInteractions(spec.name);
  const cap = spec.logupDegreeCap ?? LOGUP_DEGREE_CAP;
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`AIR '${spec.name}': logupDegreeCap ${cap} must be a positive integer`);
  const ownDegree = Math.max(0, ...b.constraints.map((c) => b.g.nodes[c.root].degree));
  const lowered = lowerInteractions(b.g, b.interactions, b.isFirstRow, b.isLastRow, b.isTransition, ownDegree, cap);
  const ir: AirIR = {
    name: spec.name,
    graph: b.g,
    mainNames: [...spec.main],
    prepNames: [...(spec.preprocessed ?? [])],
    pubNames: [...(spec.publicValues ?? [])],
    chalNames: [...(lowered.interactions.length || spec.challenges?.length ? ["logup.gamma", "logup.beta"] : []), ...(spec.challenges ?? [])],
    constraints: [...b.constraints, ...lowered.constraints],
    auxNames: lowered.auxNames,
    auxPubNames: lowered.auxPubNames,
    interactions: lowered.interactions,
  };
  return compileAir(ir);
}
