// Merkle openings of the "poseidon-bn254" suite in the circuit, as prover/merkle/mmcs.ts
// checks them: a row of BabyBear values is packed 8 per element and hashed with chained
// PoseidonEx(2, 1); nodes are Poseidon(2)(left, right), left/right chosen by the index
// bit of the level; rows of shorter matrices are hashed and compressed into the level
// of their height.
import type { Emitter, Val } from "./emitter.ts";
import { selectTree } from "../../prover/stark/select-tree.ts";

export type MatrixDims = { width: number; height: number };

export class CircuitMerkle<S> {
  readonly counts = { leafPermutations: 0, compressions: 0 };

  private readonly em: Emitter<S>;

  constructor(em: Emitter<S>) {
    this.em = em;
  }

  /** Leaf digest of a row; every value must be range-checked below 2^31 (injective packing). */
  hashRow(values: Val[]): string {
    const em = this.em;
    const elems: string[] = [];
    for (let g = 0; g < values.length; g += 8) {
      let acc = em.konst(0);
      values.slice(g, g + 8).forEach((v, j) => {
        if (v.bound > 1n << 31n) throw new Error("merkle: leaf values must be range-checked below 2^31");
        acc = em.add(acc, em.scale(v, 1n << BigInt(31 * j)));
      });
      elems.push(em.expr(acc));
    }
    if (elems.length === 0) return "0";
    let c = "0";
    for (let i = 0; i < elems.length; i += 2) {
      const h = em.fresh("leaf");
      em.line(`component ${h} = PoseidonEx(2, 1); ${h}.initialState <== ${c}; ${h}.inputs[0] <== ${elems[i]}; ${h}.inputs[1] <== ${elems[i + 1] ?? "0"};`);
      c = `${h}.out[0]`;
      this.counts.leafPermutations++;
    }
    return c;
  }

  compress(left: string, right: string): string {
    const h = this.em.fresh("node");
    this.em.line(`component ${h} = Poseidon(2); ${h}.inputs[0] <== ${left}; ${h}.inputs[1] <== ${right};`);
    this.counts.compressions++;
    return `${h}.out`;
  }

  /**
   * Constrains that `rows` (one per matrix, in commitment order) open at the index whose
   * bits (least significant first, one per level) are given, under the commitment `cap`:
   * 2^c digests (prover/stark/merkle-cap.ts; one, the root, when c = 0). The path stops c
   * levels below the root; the walk's last node must equal the cap digest that the index's
   * top c bits pick (a tree of selects: 2^c - 1 constraints, against c permutations saved).
   */
  verifyBatch(cap: string[], dims: MatrixDims[], indexBits: string[], rows: Val[][], path: string[], what: string): void {
    const em = this.em;
    const maxHeight = Math.max(...dims.map((d) => d.height));
    const logMax = Math.log2(maxHeight);
    const capHeight = Math.log2(cap.length);
    if (!Number.isInteger(capHeight) || capHeight > Math.log2(Math.min(...dims.map((d) => d.height)))) {
      throw new Error(`merkle ${what}: a cap of ${cap.length} digests over matrices of ${dims.map((d) => d.height).join(", ")} rows`);
    }
    const levels = logMax - capHeight;
    if (indexBits.length !== logMax || path.length !== levels) {
      throw new Error(`merkle ${what}: ${path.length} path nodes, ${indexBits.length} index bits, tree depth ${logMax}, cap height ${capHeight}`);
    }
    const rowsOf = (h: number) => rows.filter((_, k) => dims[k].height === h).flat();
    em.comment(`Merkle opening: ${what}`);
    let node = this.hashRow(rowsOf(maxHeight));
    for (let level = 0; level < levels; level++) {
      const bit = indexBits[level];
      const sib = path[level];
      // left = bit ? sibling : node; right = node + sibling - left
      const l = em.fresh("left");
      em.line(`signal ${l} <== ${bit} * (${sib} - ${node}) + ${node};`);
      node = this.compress(l, `${node} + ${sib} - ${l}`);
      const h = maxHeight >> (level + 1);
      if (dims.some((d) => d.height === h)) node = this.compress(node, this.hashRow(rowsOf(h)));
    }
    em.line(`${node} === ${this.selectCap(cap, indexBits.slice(levels))};`);
  }

  /** cap[sum bits[i]·2^i] by a tree of selects (bits are constrained boolean by the caller). */
  private selectCap(cap: string[], bits: string[]): string {
    return selectTree(bits, cap, (bit, a, b) => {
      const s = this.em.fresh("capSel");
      this.em.line(`signal ${s} <== ${bit} * (${b} - ${a}) + ${a};`);
      return s;
    });
  }
}
