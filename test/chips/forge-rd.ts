// Evil-prover forges for the chip tests: change the register an instruction wrote.
import type { Machine } from "../../prover/riscv/machine.ts";

/** The instruction that just ran (the one before pc: these test programs do not jump). */
export type JustRan = { rd: number; rs1: number; rs2: number; imm: number; regs: Int32Array };

function justRan(m: Machine): JustRan {
  const i = (m.pc - 4 - m.program.codeStart) >>> 2;
  const c = m.program.code[i];
  return { rd: (c >>> 8) & 63, rs1: (c >>> 16) & 31, rs2: (c >>> 24) & 31, imm: m.program.imm[i], regs: m.regs };
}

/** Forge: after the n-th (from 0) run of an instruction with op `op`, its rd gets
 * f(value it holds, the instruction). */
export function forgeNthResult(op: number, n: number, f: (v: number, ins: JustRan) => number) {
  let seen = 0;
  return (_i: number, o: number, m: Machine) => {
    if (o !== op || seen++ !== n) return;
    const ins = justRan(m);
    m.regs[ins.rd] = f(m.regs[ins.rd], ins);
  };
}
