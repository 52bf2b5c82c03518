// The fast emulator: translates the program's basic blocks into JavaScript functions
// (jit-codegen.ts) and chains them in a dispatch loop. Blocks found statically (the
// entry, branch and jump targets, the instruction after every branch, jump and ecall)
// are compiled at load in one `new Function`; a block entered elsewhere (through a
// function pointer) is compiled when first reached. Compiled code is cached per
// program and bound to each machine's memory and registers. A block that does not fit
// before the next segment boundary runs on the interpreter, which shares the machine
// state, so both emulators stop at exactly the same instruction.
import * as alu from "./alu.ts";
import { compileBlock, type BlockInfo } from "./jit-codegen.ts";
import { interpRun } from "./interp.ts";
import { OP } from "./isa.ts";
import { CYCLES, type Machine } from "./machine.ts";
import type { Program } from "./program.ts";
import { syscall } from "./syscalls.ts";

type BlockFn = (budget: number) => number;
type Factory = (env: unknown) => BlockFn[];

interface Compiled {
  /** code slot -> block id, or -1 */
  blockOf: Int32Array;
  lens: number[];
  lastPc: number[];
  /** factory j makes the functions of blocks [firstId[j], firstId[j] + count) */
  factories: Factory[];
  firstId: number[];
  chunkOf: number[];
}

interface JitState {
  compiled: Compiled;
  fns: (BlockFn | undefined)[];
  env: unknown;
}

const cache = new WeakMap<Program, Compiled>();

/** Runs until `until` cycles have retired in total, or the guest halts. */
export function fastRun(m: Machine, until: number): void {
  if (m.halted) return;
  const s = jitState(m);
  const cp = s.compiled, fns = s.fns, C = m.counts, lens = cp.lens, lastPc = cp.lastPc;
  const base = m.program.codeStart, n = m.program.codeWords;
  let blockOf = cp.blockOf;
  let pc = m.pc;
  for (;;) {
    const left = until - C[CYCLES];
    if (left <= 0) break;
    const i = (pc - base) >>> 2;
    if (i >= n || (pc & 3) !== 0) {
      m.pc = pc;
      throw m.fetchError(pc);
    }
    let b = blockOf[i];
    if (b < 0) {
      b = addBlock(cp, m.program, i);
      blockOf = cp.blockOf;
    }
    if (lens[b] > left) { // the block would cross the boundary: step to it
      m.pc = pc;
      interpRun(m, until);
      return;
    }
    const f = fns[b] ?? instantiate(s, b);
    m.pc = pc;
    const next = f(left);
    m.lastPc = lastPc[b];
    if (next < 0) { // halted at the ecall ending this block
      m.pc = lastPc[b];
      return;
    }
    pc = next;
  }
  m.pc = pc;
}

function jitState(m: Machine): JitState {
  if (m.jit) return m.jit as JitState;
  const compiled = compiledFor(m.program);
  const mem = m.mem;
  const F = {
    misaligned: (pc: number, addr: number, store: boolean) => { throw m.misalignedError(pc, addr, store); },
    access: (pc: number, addr: number, store: boolean) => { throw m.accessError(pc, addr, store); },
    trap: (pc: number) => { throw m.trapError(pc); },
  };
  const env = {
    r: m.regs, w32: mem.w32, u8: mem.u8, i8: mem.i8, u16: mem.u16, i16: mem.i16, st: mem.stamp,
    C: m.counts, M: mem, F, SYS: (pc: number) => syscall(m, pc), H: alu,
  };
  const s: JitState = { compiled, fns: [], env };
  m.jit = s;
  return s;
}

function instantiate(s: JitState, b: number): BlockFn {
  const cp = s.compiled, j = cp.chunkOf[b];
  const made = cp.factories[j](s.env);
  for (let x = 0; x < made.length; x++) s.fns[cp.firstId[j] + x] = made[x];
  return s.fns[b]!;
}

export function compiledFor(p: Program): Compiled {
  let cp = cache.get(p);
  if (!cp) {
    cp = { blockOf: new Int32Array(p.codeWords).fill(-1), lens: [], lastPc: [], factories: [], firstId: [], chunkOf: [] };
    addChunk(cp, p, leaders(p).map((i) => compileBlock(p, i)));
    cache.set(p, cp);
  }
  return cp;
}

function addBlock(cp: Compiled, p: Program, slot: number): number {
  addChunk(cp, p, [compileBlock(p, slot)]);
  return cp.blockOf[slot];
}

function addChunk(cp: Compiled, p: Program, blocks: BlockInfo[]): void {
  const first = cp.lens.length;
  const src = `"use strict";\nconst { r, w32, u8, i8, u16, i16, st, C, M, F, SYS, H } = env;\nreturn [\n${blocks.map((b) => b.source).join(",\n")}\n];`;
  cp.factories.push(new Function("env", src) as Factory);
  cp.firstId.push(first);
  blocks.forEach((b, x) => {
    cp.blockOf[b.start] = first + x;
    cp.lens.push(b.len);
    cp.lastPc.push(p.codeStart + 4 * (b.start + Math.max(b.len, 1) - 1));
    cp.chunkOf.push(cp.factories.length - 1);
  });
}

/** Code slots where a block starts: the entry, targets of branches and jal, and the
 * slot after every control transfer or ecall. */
function leaders(p: Program): number[] {
  const n = p.codeWords, mark = new Uint8Array(n);
  const add = (addr: number) => {
    const i = (addr - p.codeStart) / 4;
    if (Number.isInteger(i) && i >= 0 && i < n) mark[i] = 1;
  };
  add(p.entry);
  for (let i = 0; i < n; i++) {
    const op = p.code[i] & 63, pc = p.codeStart + 4 * i;
    if ((op >= OP.BEQ && op <= OP.BGEU) || op === OP.JAL) add((pc + p.imm[i]) >>> 0);
    if ((op >= OP.JAL && op <= OP.BGEU) || op === OP.ECALL) add(pc + 4);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (mark[i] && (p.code[i] & 63) !== OP.NOEXEC) out.push(i);
  return out;
}
