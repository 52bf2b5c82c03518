// SPDX-License-Identifier: GPL-3.0
//
// INSECURE, DETERMINISTIC development powers of tau for the placeholder circuit's tests.
//
// Made with snarkjs's own ceremony commands: `powersoftau new` (power N, bn128), one
// `powersoftau beacon` contribution whose beacon hash is a PUBLIC constant, then
// `powersoftau prepare phase2`. Because the only contribution comes from a published
// beacon, anyone can recompute tau: proofs made with this file are forgeable. It exists
// so that tests are fast and reproducible (same bytes on every machine, so the zkey and
// the exported Solidity verifier are pinned by hash). Use wrapper/ceremony/ or a public
// ceremony's file for anything real.
//
// The file is cached outside the repository, by its parameters, in
// $ZKVM_KIT_CACHE or ~/.cache/zkvm-kit/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";

/** Public beacon "randomness": sha256("zkvm-kit insecure dev ptau"). NOT a secret. */
export const DEV_BEACON_HASH = "9c978f089d7aa4ca4c5ac5c8d0fa6c34f7cf293c7807ce95d3afec18017485ff";
export const DEV_BEACON_ITERATIONS_EXP = 10;

export function cacheDir(): string {
  const dir = process.env.ZKVM_KIT_CACHE ?? path.join(os.homedir(), ".cache", "zkvm-kit");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Path of the prepared INSECURE dev ptau of the given power, generated on first use. */
export async function devPtau(power: number, dir: string = cacheDir()): Promise<string> {
  if (!Number.isInteger(power) || power < 1 || power > 16) {
    throw new Error(`dev-ptau: power must be an integer in 1..16, got ${power}`);
  }
  const name = `dev-insecure-bn128-p${power}-beacon-${DEV_BEACON_HASH.slice(0, 16)}`;
  const final = path.join(dir, `${name}.ptau`);
  if (fs.existsSync(final)) return final;
  const tmp = (s: string) => path.join(dir, `${name}.${s}.${process.pid}.tmp.ptau`);
  const [p0, p1, p2] = [tmp("0"), tmp("1"), tmp("2")];
  try {
    await snarkjs.powersOfTau.newAccumulator(await bn128(), power, p0);
    await snarkjs.powersOfTau.beacon(p0, p1, "zkvm-kit INSECURE dev beacon", DEV_BEACON_HASH,
      DEV_BEACON_ITERATIONS_EXP);
    await snarkjs.powersOfTau.preparePhase2(p1, p2);
    fs.renameSync(p2, final); // atomic: concurrent runs write the same bytes
  } finally {
    for (const f of [p0, p1, p2]) fs.rmSync(f, { force: true });
  }
  return final;
}

async function bn128(): Promise<unknown> {
  const { getCurveFromName } = await import("ffjavascript") as any;
  return getCurveFromName("bn128");
}
