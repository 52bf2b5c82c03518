// Errors that stop a guest run. Each names what went wrong, the pc and the instruction,
// so a user can find the faulting line with objdump.

export type GuestErrorKind =
  | "illegal-instruction"
  | "ebreak"
  | "misaligned-access"
  | "access-fault"
  | "fetch-fault"
  | "bad-syscall"
  | "cycle-limit"
  | "output-digest";

export class GuestError extends Error {
  readonly kind: GuestErrorKind;
  readonly pc: number;
  readonly cycles: number;
  constructor(kind: GuestErrorKind, message: string, pc: number, cycles: number) {
    super(`${message} (pc ${hex(pc)}, after ${cycles} ${cycles === 1 ? "cycle" : "cycles"})`);
    this.name = "GuestError";
    this.kind = kind;
    this.pc = pc;
    this.cycles = cycles;
  }
}

/** Thrown by the ELF loader for files it will not run. */
export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ElfError";
  }
}

export function hex(v: number, digits = 8): string {
  return "0x" + (v >>> 0).toString(16).padStart(digits, "0");
}
