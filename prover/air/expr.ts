// The hash-consed expression DAG. Nodes are appended in creation order, so a node's
// children always have smaller ids and id order is a valid evaluation order.
// Build-time only: evaluation happens in generated code (codegen.ts) or interp.ts.
import { P, add, sub, mul, fromInt } from "../field/babybear.ts";

export type Op =
  | "const" // a: value in [0, p)
  | "main" | "prep" | "aux" // a: column, b: 0 cur / 1 next (aux is an extension column)
  | "pub" | "chal" | "auxPub" // a: index (pub is base; chal, auxPub extension)
  | "first" | "last" | "trans" // row selectors
  | "add" | "sub" | "mul" | "neg";

export type Node = { op: Op; a: number; b: number; degree: number; ext: boolean; rowDep: boolean };

/** A handle on a node; only the graph that made it may use it. */
export type Expr = { readonly id: number; readonly degree: number; readonly graph: Graph };
export type ExprLike = Expr | number;

export class Graph {
  nodes: Node[] = [];
  private handles: Expr[] = [];
  private index = new Map<string, number>();

  private intern(op: Op, a: number, b: number, degree: number, ext: boolean, rowDep: boolean): Expr {
    const key = `${op}:${a}:${b}`;
    const found = this.index.get(key);
    if (found !== undefined) return this.handles[found];
    const id = this.nodes.length;
    this.nodes.push({ op, a, b, degree, ext, rowDep });
    const h: Expr = { id, degree, graph: this };
    this.handles.push(h);
    this.index.set(key, id);
    return h;
  }

  constant(v: number): Expr {
    return this.intern("const", fromInt(v), 0, 0, false, false);
  }
  leaf(op: Op, a: number, b = 0): Expr {
    const degree = op === "main" || op === "prep" || op === "aux" || op === "first" || op === "last" || op === "trans" ? 1 : 0;
    const ext = op === "aux" || op === "chal" || op === "auxPub";
    return this.intern(op, a, b, degree, ext, degree === 1);
  }

  lift(x: ExprLike): Expr {
    if (typeof x === "number") return this.constant(x);
    if (x.graph !== this) throw new Error("expression from another AIR");
    return x;
  }
  private constOf(e: Expr): number | undefined {
    const n = this.nodes[e.id];
    return n.op === "const" ? n.a : undefined;
  }

  add(x: ExprLike, y: ExprLike): Expr {
    let a = this.lift(x), b = this.lift(y);
    const ca = this.constOf(a), cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(add(ca, cb));
    if (ca === 0) return b;
    if (cb === 0) return a;
    if (a.id > b.id) [a, b] = [b, a]; // commutative: one node for a+b and b+a
    return this.binary("add", a, b, Math.max(a.degree, b.degree));
  }
  sub(x: ExprLike, y: ExprLike): Expr {
    const a = this.lift(x), b = this.lift(y);
    const ca = this.constOf(a), cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(sub(ca, cb));
    if (cb === 0) return a;
    if (a.id === b.id) return this.constant(0);
    return this.binary("sub", a, b, Math.max(a.degree, b.degree));
  }
  mul(x: ExprLike, y: ExprLike): Expr {
    let a = this.lift(x), b = this.lift(y);
    const ca = this.constOf(a), cb = this.constOf(b);
    if (ca !== undefined && cb !== undefined) return this.constant(mul(ca, cb));
    if (ca === 0 || cb === 0) return this.constant(0);
    if (ca === 1) return b;
    if (cb === 1) return a;
    if (a.id > b.id) [a, b] = [b, a];
    return this.binary("mul", a, b, a.degree + b.degree);
  }
  neg(x: ExprLike): Expr {
    const a = this.lift(x);
    const ca = this.constOf(a);
    if (ca !== undefined) return this.constant(ca === 0 ? 0 : P - ca);
    return this.intern("neg", a.id, 0, a.degree, this.nodes[a.id].ext, this.nodes[a.id].rowDep);
  }
  private binary(op: Op, a: Expr, b: Expr, degree: number): Expr {
    const na = this.nodes[a.id], nb = this.nodes[b.id];
    return this.intern(op, a.id, b.id, degree, na.ext || nb.ext, na.rowDep || nb.rowDep);
  }

  /** Ids of every node reachable from roots, ascending (a valid evaluation order). */
  reachable(roots: number[]): number[] {
    const seen = new Uint8Array(this.nodes.length);
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen[id]) continue;
      seen[id] = 1;
      const n = this.nodes[id];
      if (n.op === "add" || n.op === "sub" || n.op === "mul") stack.push(n.a, n.b);
      else if (n.op === "neg") stack.push(n.a);
    }
    const out: number[] = [];
    for (let i = 0; i < seen.length; i++) if (seen[i]) out.push(i);
    return out;
  }
}
