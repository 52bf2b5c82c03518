// The buses the RV32IM chips talk over (LogUp, prover/air/logup.ts). Each name is its
// own bus; the tuple layouts are fixed here and documented in README.md.
//
//   exec     (pc, clk)                 an instruction consumes its state, produces the next
//   program  (pc, op, rd, rs1, rs2, immLo, immHi, target)   instruction fetch (program.ts)
//   memory   (kind, addr, lo, hi, ts)  the memory argument (memory-access.ts)
//   byte     (x, y, x & y)             bytes and their AND (byte-table.ts)
//   range16  (v)                       v in [0, 2^16) (byte-table.ts)
//   exit     (codeLo, codeHi, clk, hasDigest, d0lo, d0hi, ..., d7lo, d7hi)  the statement
export const BUS_EXEC = "rv32.exec";
export const BUS_PROGRAM = "rv32.program";
export const BUS_MEMORY = "rv32.memory";
export const BUS_BYTE = "rv32.byte";
export const BUS_RANGE16 = "rv32.range16";
export const BUS_EXIT = "rv32.exit";
