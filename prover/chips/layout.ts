// A chip's column layout and its trace under construction. Columns are named (the AIR
// refers to them as b.main[name]); the trace is column-major Uint32Arrays of field
// elements, padded to a power of two rows (padding rows are all zero unless the chip
// says otherwise).
import { P } from "../field/babybear.ts";

/** Every table has at least 2^MIN_LOG_ROWS rows: the STARK needs at least
 * 2^friLogFinalDegree (3 in the default preset; 4 allowed here, run-tables.ts checks). */
export const MIN_LOG_ROWS = 4;

export class ChipTrace {
  readonly cols: Uint32Array[];
  readonly rows: number;
  private readonly index: Map<string, number>;

  readonly names: readonly string[];

  constructor(names: readonly string[], usedRows: number, minLogRows = MIN_LOG_ROWS) {
    this.names = names;
    let rows = 1 << minLogRows;
    while (rows < usedRows) rows <<= 1;
    this.rows = rows;
    this.index = new Map(names.map((n, i) => [n, i]));
    if (this.index.size !== names.length) throw new Error("ChipTrace: duplicate column name");
    this.cols = names.map(() => new Uint32Array(rows));
  }

  col(name: string): Uint32Array {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no column '${name}'`);
    return this.cols[i];
  }

  /** Sets a cell from a (possibly negative) integer of magnitude below p. */
  set(name: string, row: number, v: number): void {
    this.col(name)[row] = v < 0 ? v + P : v;
  }
}

/** Smallest log2 of a power of two holding n rows (at least min). */
export function logRowsFor(n: number, min = MIN_LOG_ROWS): number {
  let l = min;
  while (1 << l < n) l++;
  return l;
}
