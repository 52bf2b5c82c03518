// The byte table: one preprocessed 2^16-row table serving two lookups.
//   byte    (x, y, x & y) for all bytes x, y: proves x and y are bytes and gives their
//           AND (XOR = x + y - 2·AND, OR = x + y - AND)
//   range16 (x + 256·y): proves a value is below 2^16
// Each lookup has its own main multiplicity column.
import { defineAir } from "../air/builder.ts";
import { BUS_BYTE, BUS_RANGE16 } from "./buses.ts";

export const BYTE_TABLE_LOG_ROWS = 16;

export const byteTableAir = defineAir({
  name: "rv32.bytes",
  main: ["multByte", "multRange"],
  preprocessed: ["x", "y", "and"],
  build(b) {
    const { x, y, and } = b.prep;
    b.receive(BUS_BYTE, [x.cur, y.cur, and.cur], b.main.multByte.cur, { lookupTable: true });
    b.receive(BUS_RANGE16, [b.add(x.cur, b.mul(y.cur, 256))], b.main.multRange.cur, { lookupTable: true });
  },
});

export function byteTableColumns(): Uint32Array[] {
  const n = 1 << BYTE_TABLE_LOG_ROWS;
  const x = new Uint32Array(n), y = new Uint32Array(n), and = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i & 255;
    y[i] = i >>> 8;
    and[i] = x[i] & y[i];
  }
  return [x, y, and];
}

/** Counts lookups as the chips make them; the table's trace at the end. */
export class ByteTableCounter {
  readonly multByte = new Uint32Array(1 << BYTE_TABLE_LOG_ROWS);
  readonly multRange = new Uint32Array(1 << BYTE_TABLE_LOG_ROWS);
  /** (x, y, x & y) */
  byte(x: number, y: number): void {
    this.multByte[x | (y << 8)]++;
  }
  range16(v: number): void {
    if (v < 0 || v > 0xffff || !Number.isInteger(v)) throw new Error(`range16 lookup of ${v}`);
    this.multRange[v]++;
  }
  /** v below 2^bits, looked up as v·2^(16-bits) (gadgets.ts rangeBits). */
  rangeBits(v: number, bits: number): void {
    this.range16(v * 2 ** (16 - bits));
  }
  main(): Uint32Array[] {
    return [this.multByte, this.multRange];
  }
}
