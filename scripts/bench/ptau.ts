// SPDX-License-Identifier: GPL-3.0
// Benchmark of the INSECURE development powers of tau (wrapper/ceremony/dev-ptau.ts),
// against snarkjs's own ceremony (new + beacon + prepare phase2) measured here at a
// small power, and against the 2^16 figure in shared/toolchain-notes.md (19 min 40 s for
// prepare phase2 alone). Prints one line per run and ends with ONE JSON line; its
// top-level figures are those of the largest power. cpu_s (all threads) is the figure
// that other work on this shared machine skews least; ptau_s is wall-clock.
//   npm run bench -- ptau [--power 16] [--snarkjs-power 10] [--threads 2] [--check]
//   npm run bench -- ptau --power 12,16,20 --snarkjs-power 0     (0: skip snarkjs)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import { checkPtau } from "../../wrapper/ceremony/check.ts";
import { progressLine } from "../../wrapper/ceremony/cache.ts";
import { DEFAULT_NAME, writeDevPtau } from "../../wrapper/ceremony/dev-ptau.ts";
import { seedToBeaconHash } from "../../wrapper/ceremony/beacon-key.ts";
import { defaultThreadCount } from "../../prover/parallel/pool.ts";

const NOTES_SNARKJS_2P16_PREPARE_S = 19 * 60 + 40;

const { values } = parseArgs({
  options: {
    power: { type: "string", default: "16" },
    "snarkjs-power": { type: "string", default: "10" },
    threads: { type: "string" },
    check: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log("usage: npm run bench -- ptau [--power 16[,20]] [--snarkjs-power 10|0] [--threads n] [--check] [--quiet]");
  process.exit(0);
}
const powers = values.power!.split(",").map(Number).sort((a, b) => a - b);
const snarkjsPower = Number(values["snarkjs-power"]);
const threads = values.threads ? Number(values.threads) : defaultThreadCount();
const loadBefore = os.loadavg()[0];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkvm-bench-ptau-"));
const mb = (b: number) => +(b / 2 ** 20).toFixed(1);
const rssMb = () => mb(process.resourceUsage().maxRSS * 1024);
const log = values.quiet ? () => {} : (l: string) => console.error(l);

/** CPU seconds of the whole process (all threads) since `from`. */
const cpuS = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
};

async function ours(power: number): Promise<{ s: number; cpu: number; bytes: number; checkS?: number }> {
  const file = path.join(dir, `dev-${power}.ptau`);
  const c0 = process.cpuUsage();
  const r = await writeDevPtau(file, { power, threads, onProgress: progressLine(log, 10) });
  const cpu = cpuS(c0);
  let checkS: number | undefined;
  if (values.check) {
    const t0 = performance.now();
    const c = await checkPtau(file, { samples: 4 });
    if (!c.ok) throw new Error(`check failed: ${c.failures.join("; ")}`);
    checkS = +((performance.now() - t0) / 1000).toFixed(2);
  }
  fs.rmSync(file);
  return { s: r.seconds, cpu, bytes: r.bytes, checkS };
}

async function snarkjsCeremony(power: number): Promise<{ s: number; prepareS: number }> {
  const curve = await snarkjs.curves.getCurveFromName("bn128");
  const [a, b, c] = ["new", "beacon", "final"].map((s) => path.join(dir, `snarkjs-${power}-${s}.ptau`));
  const t0 = performance.now();
  await snarkjs.powersOfTau.newAccumulator(curve, power, a);
  await snarkjs.powersOfTau.beacon(a, b, DEFAULT_NAME, Buffer.from(seedToBeaconHash("zkvm-kit insecure dev ptau")).toString("hex"), 10);
  const t1 = performance.now();
  await snarkjs.powersOfTau.preparePhase2(b, c);
  const t2 = performance.now();
  for (const f of [a, b, c]) fs.rmSync(f);
  return { s: (t2 - t0) / 1000, prepareS: (t2 - t1) / 1000 };
}

const runs: Record<string, number | undefined>[] = [];
try {
  for (const power of powers) {
    const r = await ours(power);
    const points = 15 * 2 ** power; // 12n G1 + 3n G2, roughly
    runs.push({
      power, ptau_s: +r.s.toFixed(2), cpu_s: +r.cpu.toFixed(1), ptau_mb: mb(r.bytes),
      points_per_s: Math.round(points / r.s), check_s: r.checkS,
    });
    console.log(`dev ptau 2^${power}: ${r.s.toFixed(2)} s (${r.cpu.toFixed(1)} CPU s), ${mb(r.bytes)} MiB, peak RSS so far ${rssMb()} MB` +
      (r.checkS !== undefined ? `, check ${r.checkS} s` : ""));
  }
  const peak = rssMb();
  let cmp: Record<string, number> = {};
  if (snarkjsPower > 0) {
    const mine = (await ours(snarkjsPower)).s;
    const theirs = await snarkjsCeremony(snarkjsPower);
    console.log(`snarkjs new+beacon+prepare 2^${snarkjsPower}: ${theirs.s.toFixed(2)} s (prepare ${theirs.prepareS.toFixed(2)} s); ours ${mine.toFixed(2)} s`);
    cmp = {
      snarkjs_power: snarkjsPower, snarkjs_s: +theirs.s.toFixed(2), snarkjs_prepare_s: +theirs.prepareS.toFixed(2),
      ours_at_snarkjs_power_s: +mine.toFixed(2), speedup_vs_snarkjs: +(theirs.s / mine).toFixed(1),
    };
  }
  const top = runs[runs.length - 1];
  const at16 = runs.find((r) => r.power === 16);
  const summary = {
    ...top, peak_rss_mb: peak, threads, cpus: os.availableParallelism(), ...cmp,
    notes_snarkjs_2p16_prepare_s: NOTES_SNARKJS_2P16_PREPARE_S,
    ...(at16 ? { speedup_vs_notes_2p16: +(NOTES_SNARKJS_2P16_PREPARE_S / at16.ptau_s!).toFixed(0) } : {}),
    load_avg_1m: +loadBefore.toFixed(2),
    runs,
  };
  console.log(JSON.stringify(summary));
} finally {
  await (globalThis as any).curve_bn128?.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
}
