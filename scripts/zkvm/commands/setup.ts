// `zkvm setup <elf>`: the program's proving and verifying keys (prover/zkvm/program-key.ts).
import { packDigestWords } from "../../../wrapper/solidity/statement.ts";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ElfError } from "../../../prover/riscv/errors.ts";
import { loadProgram } from "../../../prover/riscv/program.ts";
import { setupProgram, type ProgramKeys } from "../../../prover/zkvm/prove.ts";
import { PRESETS } from "../../../prover/stark/index.ts";
import { digestHex, elfSha256, encodePk, encodeVk, programVkDigest } from "../../../prover/zkvm/program-key.ts";
import { STARK_PRESETS_HELP, UserError, describeConfig, presetConfig, readFileNamed, usageError } from "../cli-util.ts";

export const summary = "set up a guest ELF: writes vk.bin/vk.json and pk.bin, prints the program VK digest";

const USAGE = `usage: zkvm setup <elf> [--preset ${STARK_PRESETS_HELP}] [--out DIR]

Derives the program's keys from its ELF, deterministically: the verifying key commits
to the decoded code, the initial memory image, the entry point, the chip set and the
STARK parameters, so one changed ELF byte gives another key.

  --preset <name>   STARK parameters (default: default, 100-bit)
  --out <dir>       where to write vk.bin, vk.json and pk.bin (default: out/<elf name>)
  -h, --help        this text

exit status: 0 done; 1 bad ELF or unprovable program; 2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { preset: { type: "string", default: "default" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    return usageError("setup", USAGE, (e as Error).message);
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) return usageError("setup", USAGE, "expected exactly one ELF file");
  if (!(args.values.preset! in PRESETS)) return usageError("setup", USAGE, `unknown preset '${args.values.preset}' (presets: ${STARK_PRESETS_HELP})`);
  const elfPath = args.positionals[0];
  try {
    const config = presetConfig(args.values.preset!);
    const elf = readFileNamed(elfPath, "ELF");
    const program = loadProgram(elf, elfPath);
    const t0 = performance.now();
    const keys = await setupProgram(program, config);
    const outDir = args.values.out ?? path.join("out", path.basename(elfPath).replace(/\.elf$/, ""));
    const digest = writeKeys(outDir, keys, elf, elfPath);
    console.log(`program VK digest: ${digestHex(digest)}`);
    console.log(`parameters: ${describeConfig(config)}`);
    console.log(`keys: ${path.join(outDir, "vk.bin")}, ${path.join(outDir, "vk.json")}, ${path.join(outDir, "pk.bin")}`);
    console.error(`setup: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    return 0;
  } catch (e) {
    if (e instanceof ElfError || e instanceof UserError || (e instanceof Error && /no chip proves/.test(e.message))) {
      console.error(`zkvm setup: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** Writes vk.bin, vk.json and pk.bin (prover/zkvm/program-key.ts) and returns the program VK digest. */
export function writeKeys(outDir: string, keys: ProgramKeys, elf: Uint8Array, elfPath: string): Uint32Array {
  fs.mkdirSync(outDir, { recursive: true });
  const digest = programVkDigest(keys.vk);
  fs.writeFileSync(path.join(outDir, "vk.bin"), encodeVk(keys.vk, elfSha256(elf)));
  fs.writeFileSync(path.join(outDir, "pk.bin"), encodePk(keys, elf));
  fs.writeFileSync(path.join(outDir, "vk.json"), JSON.stringify({
    format: "zkvm-vk", version: 1, program: path.basename(elfPath), programVkDigest: digestHex(digest),
    // the program's identity on chain (what deploy-verifier pins): the digest packed as one BN254 element
    vkDigest: packDigestWords(digest).toString(),
    segmentKeyDigest: digestHex(keys.vk.segment.digest), memoryKeyDigest: digestHex(keys.vk.memory.digest),
    entry: `0x${keys.vk.entry.toString(16)}`, elfSha256: Buffer.from(elfSha256(elf)).toString("hex"), parameters: keys.vk.segment.config,
    segmentTables: keys.vk.segment.airs.map((a) => a.name),
    memoryTables: keys.vk.memory.airs.map((a, t) => ({ name: a.name, preprocessedLogRows: keys.vk.memory.prepLogRows[t] })),
  }, null, 2) + "\n");
  return digest;
}
