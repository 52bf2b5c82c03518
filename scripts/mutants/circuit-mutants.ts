import type { Mutant } from "./types.ts";
export function circuitMutants(): Mutant[] {
  return [];
}
