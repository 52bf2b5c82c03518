// Bounds on LogUp multiplicities, and the cap that keeps a bus sound.
//
// Why: a bus balances in the FIELD. For a tuple f, the multiplicities of all its
// interactions (every table, every row, every segment under one challenge) add to zero
// mod p. Only when their integer sum cannot reach p does "zero mod p" mean "sent exactly
// as often as received"; otherwise p copies of a false tuple (or a free multiplicity of
// p - 1) cancel it. So every multiplicity needs a known integer range, and per bus the
// largest possible sends and the largest possible receives must each stay below p:
//   sends(bus)    = sum over interactions, tables: rows · max(hi, 0)  < p
//   receives(bus) = sum over interactions, tables: rows · max(-lo, 0) < p
// ([lo, hi]: the integer range of the signed multiplicity; a receive negates it). Then a
// tuple's sent and received counts are integers in [0, p) that agree mod p: they agree.
//
// Ranges are derived from the expression: constants (as the integer of least magnitude),
// selectors [0, 1], and whatever the AIR declares with `declareRange` (assertBool declares
// [0, 1]); +, -, ·, neg by interval arithmetic. A main column with no declaration has no
// range. The one exception is a LOOKUP TABLE interaction: its tuple is fixed by the key
// (preprocessed columns and constants only), so its free multiplicity can only move
// tuples of that table, which are valid by definition; it is left out of the sums.
import { P } from "../field/babybear.ts";
import type { Graph } from "./expr.ts";
import type { CompiledAir } from "./types.ts";

export type Range = readonly [lo: number, hi: number];

const HALF = (P - 1) / 2;

/** The integer range of node `root`, or null when some leaf has no known range. */
export function rangeOf(g: Graph, root: number, declared: ReadonlyMap<number, Range>): Range | null {
  const memo = new Map<number, Range | null>();
  const visit = (id: number): Range | null => {
    if (memo.has(id)) return memo.get(id)!;
    const n = g.nodes[id];
    let r: Range | null = declared.get(id) ?? null;
    if (!r) {
      switch (n.op) {
        case "const": r = n.a <= HALF ? [n.a, n.a] : [n.a - P, n.a - P]; break;
        case "first": case "last": case "trans": r = [0, 1]; break;
        case "add": r = both(visit(n.a), visit(n.b), (x, y) => [x[0] + y[0], x[1] + y[1]]); break;
        case "sub": r = both(visit(n.a), visit(n.b), (x, y) => [x[0] - y[1], x[1] - y[0]]); break;
        case "neg": { const x = visit(n.a); r = x ? [-x[1], -x[0]] : null; break; }
        case "mul": r = both(visit(n.a), visit(n.b), (x, y) => {
          const c = [x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]];
          return [Math.min(...c), Math.max(...c)];
        }); break;
        default: r = null; // columns, public values, challenges: unknown unless declared
      }
    }
    // beyond 2^53 doubles stop being exact integers: no claim
    if (r && (Math.abs(r[0]) > Number.MAX_SAFE_INTEGER || Math.abs(r[1]) > Number.MAX_SAFE_INTEGER)) r = null;
    memo.set(id, r);
    return r;
  };
  return visit(root);
}

function both(x: Range | null, y: Range | null, f: (x: Range, y: Range) => Range): Range | null {
  return x && y ? f(x, y) : null;
}

/** True when the node depends only on preprocessed columns and constants (fixed by the key). */
export function fixedByKey(g: Graph, root: number): boolean {
  return g.reachable([root]).every((id) => {
    const op = g.nodes[id].op;
    return op === "prep" || op === "const" || op === "add" || op === "sub" || op === "mul" || op === "neg";
  });
}

export type BusTotals = Map<string, { sends: number; receives: number }>;

/**
 * Worst-case integer totals per bus over tables (air, 2^logRows rows). Pass every table
 * that shares the LogUp challenge: all tables of a proof, and of every segment of a run.
 */
export function busMultiplicityTotals(tables: Array<{ air: CompiledAir; logRows: number }>, into: BusTotals = new Map()): BusTotals {
  for (const { air, logRows } of tables) {
    air.interactions.forEach((it, i) => {
      if (it.lookupTable) return;
      const r = it.multiplicityRange;
      if (!r) throw new Error(`AIR '${air.name}': bus '${it.bus}' interaction ${i} has no multiplicity range`);
      const t = into.get(it.bus) ?? { sends: 0, receives: 0 };
      t.sends += 2 ** logRows * Math.max(r[1], 0);
      t.receives += 2 ** logRows * Math.max(-r[0], 0);
      into.set(it.bus, t);
    });
  }
  return into;
}

/** Null when every bus's worst-case sends and receives stay below p, else the reason. */
export function checkBusMultiplicities(tables: Array<{ air: CompiledAir; logRows: number }>): string | null {
  for (const [bus, t] of busMultiplicityTotals(tables)) {
    for (const [side, total] of [["sends", t.sends], ["receives", t.receives]] as const) {
      if (total >= P) {
        return `bus '${bus}': up to ${total} ${side} (rows x multiplicity bound, summed over tables) reach p = ${P}; ` +
          "the bus could wrap mod p: use fewer or shorter tables per challenge, or tighter multiplicity ranges";
      }
    }
  }
  return null;
}
