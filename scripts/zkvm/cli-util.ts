// Helpers shared by the zkvm commands that read keys, inputs and receipts: one way to
// report a usage error, to read a named file, and to take the committed input.
import fs from "node:fs";
import { PRESETS, describeConfig, type StarkConfig } from "../../prover/stark/index.ts";

/** An error the user can fix (a missing file, a bad option): printed without a stack. */
export class UserError extends Error {}

export function readFileNamed(file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the ${what} file '${file}'${code === "ENOENT" ? ": no such file" : `: ${(e as Error).message}`}`);
  }
}

/** What is wrong with an --input-hex value (hex digits, an optional 0x), or null. */
export function inputHexError(hex: string): string | null {
  const digits = hex.replace(/^0[xX]/, "");
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) return `--input-hex: '${bad[0]}' at position ${bad.index + hex.length - digits.length} is not a hex digit`;
  if (digits.length % 2 !== 0) return `--input-hex needs an even number of hex digits (two per byte), got ${digits.length}`;
  return null;
}

/** The bytes of a valid --input-hex value. */
export function inputHexBytes(hex: string): Uint8Array {
  const why = inputHexError(hex);
  if (why) throw new UserError(why);
  return new Uint8Array(Buffer.from(hex.replace(/^0[xX]/, ""), "hex"));
}

/** The committed input from --input FILE or --input-hex HEX (empty when neither). */
export function inputFrom(o: { input?: string; "input-hex"?: string }): Uint8Array {
  if (o.input !== undefined && o["input-hex"] !== undefined) throw new UserError("give --input or --input-hex, not both");
  if (o["input-hex"] !== undefined) return inputHexBytes(o["input-hex"]);
  return o.input !== undefined ? readFileNamed(o.input, "input") : new Uint8Array(0);
}

export function usageError(command: string, usage: string, msg: string): number {
  console.error(`zkvm ${command}: ${msg}\n\n${usage}`);
  return 2;
}

export const STARK_PRESETS_HELP = Object.keys(PRESETS).join("|");

/** A named STARK parameter preset. */
export function presetConfig(name: string): StarkConfig {
  const c = PRESETS[name];
  if (!c) throw new UserError(`unknown preset '${name}' (presets: ${STARK_PRESETS_HELP})`);
  return c;
}

export { describeConfig };
