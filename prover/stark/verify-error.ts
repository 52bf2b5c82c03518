// A verifier check that failed: `check` names it (e.g. "fri", "merkle:main", "bus").
export class VerificationError extends Error {
  readonly check: string;
  constructor(check: string, reason: string) {
    super(`${check}: ${reason}`);
    this.check = check;
  }
}

export function fail(check: string, reason: string): never {
  throw new VerificationError(check, reason);
}
