// The segmentation plan: the run cut into segments of a fixed power-of-two number of
// cycles (the last one shorter), and for each segment the rows each future chip needs:
// one cpu row per cycle, one row per instruction of each class, syscall memory words,
// and the distinct memory words the segment touches (its memory-argument rows).
import { CLASS_NAMES } from "../riscv/isa.ts";
import { CLASS_BASE, SYSCALL_WORDS } from "../riscv/machine.ts";

export interface ChipRows {
  cpu: number;
  alu: number;
  shift: number;
  muldiv: number;
  load: number;
  store: number;
  branch: number;
  syscall: number;
  /** Memory words read or written by syscalls (write/read buffers, exit digest). */
  syscallWords: number;
  /** Distinct memory words touched: the length of the segment's touch log. */
  memoryWords: number;
}

export interface SegmentPlan {
  index: number;
  startCycle: number;
  cycles: number;
  rows: ChipRows;
}

export interface SegmentationPlan {
  segmentCycles: number;
  segments: SegmentPlan[];
  /** Sums over all segments. */
  totals: ChipRows;
  /** Per chip, the largest count in any segment: what fixes the chip's trace height. */
  maxRows: ChipRows;
}

export const CHIP_NAMES = ["cpu", ...CLASS_NAMES, "syscallWords", "memoryWords"] as const;

export function emptyRows(): ChipRows {
  return { cpu: 0, alu: 0, shift: 0, muldiv: 0, load: 0, store: 0, branch: 0, syscall: 0, syscallWords: 0, memoryWords: 0 };
}

/** Rows of the segment that just ran, from the machine's per-segment counters. The
 * cpu rows are the cycles of the segment (its class counters sum to them). */
export function rowsFromCounts(counts: Float64Array, memoryWords: number): ChipRows {
  const rows = emptyRows();
  CLASS_NAMES.forEach((name, c) => {
    rows[name] = counts[CLASS_BASE + c];
    rows.cpu += counts[CLASS_BASE + c];
  });
  rows.syscallWords = counts[SYSCALL_WORDS];
  rows.memoryWords = memoryWords;
  return rows;
}

export function makePlan(segmentCycles: number, segments: SegmentPlan[]): SegmentationPlan {
  const totals = emptyRows(), maxRows = emptyRows();
  for (const s of segments) {
    for (const k of CHIP_NAMES) {
      totals[k] += s.rows[k];
      maxRows[k] = Math.max(maxRows[k], s.rows[k]);
    }
  }
  return { segmentCycles, segments, totals, maxRows };
}

export function checkSegmentCycles(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 30 || (n & (n - 1)) !== 0) {
    throw new Error(`segment cycles must be a power of two between 1 and 2^30, got ${n}`);
  }
}
