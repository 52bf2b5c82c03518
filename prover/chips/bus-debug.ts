// A debugging aid for chip authors: evaluates every bus interaction of every table on
// its trace (integers, no challenges) and lists the tuples whose sends and receives do
// not cancel, with the tables and rows that touch them. The STARK only says "the bus
// does not balance"; this says which tuple.
import { add, mul, sub, neg, P } from "../field/babybear.ts";
import type { CompiledAir } from "../air/types.ts";

type JsonAir = {
  nodes: Array<[string, number?, number?]>;
  interactions: Array<{ bus: string; tuple: number[]; multiplicity: number }>;
};

/** Base-field value of every node at `row` (extension leaves are not supported: buses use base values). */
function evalRow(air: JsonAir, main: Uint32Array[], prep: Uint32Array[], pub: Uint32Array, row: number, n: number): number[] {
  const v: number[] = new Array(air.nodes.length);
  air.nodes.forEach((node, id) => {
    const [op, a = 0, b = 0] = node;
    const r = (row + b) % n;
    switch (op) {
      case "const": v[id] = a; break;
      case "main": v[id] = main[a][r]; break;
      case "prep": v[id] = prep[a][r]; break;
      case "pub": v[id] = pub[a]; break;
      case "first": v[id] = row === 0 ? 1 : 0; break;
      case "last": v[id] = row === n - 1 ? 1 : 0; break;
      case "trans": v[id] = row === n - 1 ? 0 : 1; break;
      case "add": v[id] = add(v[a], v[b]); break;
      case "sub": v[id] = sub(v[a], v[b]); break;
      case "mul": v[id] = mul(v[a], v[b]); break;
      case "neg": v[id] = neg(v[a]); break;
      default: v[id] = NaN; // aux, challenges: not needed by tuples and multiplicities
    }
  });
  return v;
}

export type Imbalance = { bus: string; tuple: number[]; net: number; touchedBy: string[] };

/**
 * Net multiplicity of every tuple over all tables plus `extra` (tokens the verifier
 * supplies: net +1 produced, -1 consumed). Returns the tuples whose net is not zero.
 */
export function findImbalances(
  airs: CompiledAir[], traces: Array<{ main: Uint32Array[]; prep: Uint32Array[]; publicValues: Uint32Array }>,
  extra: Array<{ bus: string; tuple: number[]; net: number }> = [], limit = 20,
): Imbalance[] {
  const net = new Map<string, { bus: string; tuple: number[]; net: number; touchedBy: string[] }>();
  const bump = (bus: string, tuple: number[], m: number, who: string) => {
    const key = `${bus}|${tuple.join(",")}`;
    const e = net.get(key) ?? { bus, tuple, net: 0, touchedBy: [] };
    e.net = add(e.net, m);
    if (e.touchedBy.length < 4) e.touchedBy.push(who);
    net.set(key, e);
  };
  airs.forEach((air, t) => {
    const json = air.toJSON() as JsonAir;
    const tr = traces[t];
    const n = (tr.main[0] ?? tr.prep[0]).length;
    for (let row = 0; row < n; row++) {
      const v = evalRow(json, tr.main, tr.prep, tr.publicValues, row, n);
      for (const it of json.interactions) {
        const m = v[it.multiplicity];
        if (m !== 0) bump(it.bus, it.tuple.map((id) => v[id]), m, `${air.name}[${row}]`);
      }
    }
  });
  for (const e of extra) bump(e.bus, e.tuple.map((x) => ((x % P) + P) % P), e.net < 0 ? P + e.net : e.net, "statement");
  return [...net.values()].filter((e) => e.net !== 0).slice(0, limit).map((e) => ({ ...e, net: e.net > P / 2 ? e.net - P : e.net }));
}
