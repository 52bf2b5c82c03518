// SPDX-License-Identifier: GPL-3.0
//
// A Groth16 zkey from a phase-2 ceremony, checked before the wrap uses it. Groth16's
// proving key is circuit-specific: phase 2 starts from the circuit's r1cs and a phase-1
// ptau (`snarkjs zkey new`), and each participant re-randomises delta (`zkey contribute`,
// then usually a `zkey beacon`). The key is sound if one contributor was honest and the
// zkey really is that ceremony's over THIS r1cs and ptau, which snarkjs's `zkey verify`
// replays: every section against the r1cs and ptau, and the contributions' chain. It
// takes about as long as making a zkey (minutes at 2^19), so a passed check is recorded
// in the cache by the three files' hashes and not repeated.
//
// A zkey with no contribution (what cachedInsecureGroth16Zkey makes) verifies too, but
// its delta is the generator: it is reported as 0 contributions, and INSECURE.
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { cacheRoot, fileSha256, type Log } from "./cache.ts";

export type Groth16ZkeyCheck = { contributions: number; cached: boolean };

/** Throws unless `zkey` is a Groth16 phase-2 zkey of `r1cs` over `ptau`; returns its contribution count. */
export async function checkGroth16Zkey(r1cs: string, ptau: string, zkey: string, log: Log = (l) => console.error(l)): Promise<Groth16ZkeyCheck> {
  if (!fs.existsSync(zkey)) throw new Error(`--zkey ${zkey}: no such file`);
  let vk;
  try {
    vk = await snarkjs.zKey.exportVerificationKey(zkey);
  } catch (e) {
    throw new Error(`--zkey ${zkey}: not a zkey (${(e as Error).message})`);
  }
  if (vk.protocol !== "groth16") throw new Error(`--zkey ${zkey}: a ${vk.protocol} zkey; a phase-2 zkey is Groth16's (PLONK's zkey follows from the ptau alone)`);
  const [hz, hr, hp] = await Promise.all([fileSha256(zkey), fileSha256(r1cs), fileSha256(ptau)]);
  const stamp = path.join(cacheRoot(), "zkey", "verified", `${hz.slice(0, 16)}-${hr.slice(0, 16)}-${hp.slice(0, 16)}.json`);
  if (fs.existsSync(stamp)) return { contributions: Number(JSON.parse(fs.readFileSync(stamp, "utf8")).contributions), cached: true };
  log(`groth16: checking ${path.basename(zkey)} against ${path.basename(r1cs)} and ${path.basename(ptau)} (snarkjs zkey verify; minutes for a large circuit)`);
  const errors: string[] = [];
  let contributions = 0;
  const logger = {
    error: (m: string) => errors.push(m), warn: (m: string) => errors.push(m), debug: () => {},
    info: (m: string) => { if (/contribution #\d+/.test(m)) contributions++; },
  };
  const ok = await snarkjs.zKey.verifyFromR1cs(r1cs, ptau, zkey, logger);
  if (!ok) throw new Error(`--zkey ${zkey}: not a phase-2 zkey of this circuit and ptau (${errors.join("; ") || "snarkjs zkey verify failed"})`);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, JSON.stringify({ zkey: hz, r1cs: hr, ptau: hp, contributions }) + "\n");
  return { contributions, cached: false };
}
