// The state of one guest run, shared by both emulators so that they can hand over to
// each other at any instruction: registers, pc, memory, counters and I/O streams.
import { ByteSink } from "./byte-sink.ts";
import { GuestError, hex, type GuestErrorKind } from "./errors.ts";
import { CLASS_COUNT, OP } from "./isa.ts";
import { Memory } from "./memory.ts";
import { INPUT_MAX_BYTES, INPUT_START } from "./memory-map.ts";
import { disassemble, illegalReason } from "./disasm.ts";
import { inZeroTail, wordAt, type Program } from "./program.ts";

/** counts[CYCLES]: instructions retired in the run. */
export const CYCLES = 0;
/** counts[CLASS_BASE + c]: instructions of class c in the current segment. */
export const CLASS_BASE = 1;
/** counts[SYSCALL_WORDS]: memory words the syscalls touched in the current segment. */
export const SYSCALL_WORDS = CLASS_BASE + CLASS_COUNT;
export const COUNT_SLOTS = SYSCALL_WORDS + 1;

export interface MachineOptions {
  input?: Uint8Array;
  hints?: Uint8Array;
  /** Leave memory all zero (the replay of one segment fills in what it reads). */
  blank?: boolean;
}

export class Machine {
  readonly program: Program;
  readonly mem: Memory;
  /** x0..x31, then the sink that absorbs writes to x0. All zero at entry: crt0 sets sp. */
  readonly regs = new Int32Array(33);
  pc: number;
  /** pc of the last instruction run, for "jumped from" in fetch errors. */
  lastPc = 0;
  readonly counts = new Float64Array(COUNT_SLOTS);
  halted = false;
  exitCode = 0;
  /** The 8 digest words the guest passed at exit (a1), or null if a1 was 0. */
  outputDigestWords: Uint32Array | null = null;
  readonly hints: Uint8Array;
  hintPos = 0;
  readonly stdout = new ByteSink();
  readonly stderr = new ByteSink();
  readonly publicOutput = new ByteSink();
  /** Per-machine state of the fast emulator (its instantiated blocks). */
  jit: unknown = undefined;

  constructor(program: Program, opts: MachineOptions = {}) {
    this.program = program;
    this.mem = Memory.create(program.regions);
    this.pc = program.entry;
    this.hints = opts.hints ?? new Uint8Array(0);
    if (!opts.blank) this.loadImage(opts.input ?? new Uint8Array(0));
  }

  /** Returns the memory to the pool; the machine must not be used afterwards. */
  dispose(): void {
    this.mem.release();
    this.jit = undefined;
  }

  get cycles(): number {
    return this.counts[CYCLES];
  }

  private loadImage(input: Uint8Array): void {
    if (input.length > INPUT_MAX_BYTES) {
      throw new Error(`input is ${input.length} bytes; the input region holds at most ${INPUT_MAX_BYTES}`);
    }
    for (const s of this.program.elf.segments) this.mem.load(s.vaddr, s.data);
    this.mem.storeWordInitial(INPUT_START, input.length);
    this.mem.load(INPUT_START + 4, input);
  }

  /** Builds the error for a fault at pc, naming the instruction there. */
  error(kind: GuestErrorKind, what: string, pc: number): GuestError {
    const w = wordAt(this.program, pc);
    const inst = w === undefined ? "" : `: ${disassemble(w, pc)}`;
    return new GuestError(kind, `${what}${inst}`, pc, this.cycles);
  }

  accessError(pc: number, addr: number, store: boolean): GuestError {
    const why = this.mem.refusal || "unmapped memory";
    return this.error("access-fault", `${store ? "store to" : "load from"} ${why} at ${hex(addr)}`, pc);
  }

  misalignedError(pc: number, addr: number, store: boolean): GuestError {
    return this.error("misaligned-access", `misaligned ${store ? "store to" : "load from"} ${hex(addr)}`, pc);
  }

  /** The error of an instruction that cannot run: ebreak, an illegal one, or no code. */
  trapError(pc: number): GuestError {
    const i = (pc - this.program.codeStart) >>> 2;
    const op = i < this.program.codeWords ? this.program.code[i] & 63 : OP.NOEXEC;
    if (op === OP.EBREAK) return this.error("ebreak", "breakpoints are not supported", pc);
    if (op === OP.NOEXEC) return this.fetchError(pc);
    return this.illegalError(pc, this.program.words[i]);
  }

  /** An instruction outside RV32IM, with what it is when we can tell (a CSR read, a
   * floating-point or atomic instruction, zeroed memory). */
  illegalError(pc: number, word: number): GuestError {
    const why = illegalReason(word);
    return new GuestError("illegal-instruction", `illegal instruction ${hex(word)}${why ? `: ${why}` : ""}`, pc, this.cycles);
  }

  /** A jump to (or a fall-through into) something that is not code. */
  fetchError(pc: number): GuestError {
    if (inZeroTail(this.program, pc)) return this.illegalError(pc, 0); // undecoded zeros of a code segment
    const w = wordAt(this.program, this.lastPc);
    const from = `jumped from ${hex(this.lastPc)}${w === undefined ? "" : `: ${disassemble(w, this.lastPc)}`}`;
    const what = pc & 3
      ? `misaligned instruction address ${hex(pc)} (${from})`
      : `no executable code at ${hex(pc)} (${from})`;
    return new GuestError("fetch-fault", what, pc, this.cycles);
  }
}
