// `zkvm prove <elf>`: executes the guest and proves the run; writes receipt.bin/.json.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ElfError, GuestError } from "../../../prover/riscv/errors.ts";
import { loadProgram } from "../../../prover/riscv/program.ts";
import { encodeReceipt, type Receipt } from "../../../prover/zkvm/receipt.ts";
import { proveProgram, setupProgram, verifyRun, DEFAULT_PROVE_SEGMENT_CYCLES, DEFAULT_MAX_CHIP_ROWS } from "../../../prover/zkvm/prove.ts";
import { execute } from "../../../prover/zkvm/execute.ts";
import { MAX_RUN_CYCLES } from "../../../prover/chips/events.ts";
import { decodePk, digestHex, elfSha256, equalWords, programVkDigest } from "../../../prover/zkvm/program-key.ts";
import { summarizeProof, securityOf, PRESETS } from "../../../prover/stark/index.ts";
import { printable } from "../../../prover/zkvm/artifact.ts";
import { writeKeys } from "./setup.ts";
import { STARK_PRESETS_HELP, UserError, describeConfig, inputFrom, presetConfig, readFileNamed, usageError } from "../cli-util.ts";

export const summary = "execute a guest and prove the run: writes receipt.bin and receipt.json";

const USAGE = `usage: zkvm prove <elf> [--input F | --input-hex H] [--hints F] [--pk F] [--out DIR]

Runs the guest on its committed input (and uncommitted hints), proves the run and
writes DIR/receipt.bin (the statement and its proof) and DIR/receipt.json. A guest that
faults gets its execution error and no proof; a non-zero exit code is proven as it is.
Progress goes to stderr.

  --input <file>       committed input bytes (default: empty)
  --input-hex <hex>    the committed input as hex
  --hints <file>       uncommitted hints, read by the guest from fd 4
  --pk <file>          proving key from zkvm setup (default: set up on the fly and write
                       DIR/vk.bin, vk.json and pk.bin beside the receipt)
  --preset <name>      STARK parameters when there is no --pk (${STARK_PRESETS_HELP}; default: default)
  --segment-cycles <n> at most this many cycles per segment, a power of two (default ${DEFAULT_PROVE_SEGMENT_CYCLES}; a segment also ends when a chip fills 2^${Math.log2(DEFAULT_MAX_CHIP_ROWS)} rows)
  --out <dir>          default: out/<elf name>
  -h, --help           this text

exit status: 0 proved (whatever the guest's exit code); 1 the run or the proof failed; 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {
      input: { type: "string" }, "input-hex": { type: "string" }, hints: { type: "string" }, pk: { type: "string" },
      preset: { type: "string" }, out: { type: "string" }, "segment-cycles": { type: "string" }, help: { type: "boolean", short: "h" },
    } });
  } catch (e) {
    return usageError("prove", USAGE, (e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) return usageError("prove", USAGE, "expected exactly one ELF file");
  if (o.pk && o.preset) return usageError("prove", USAGE, "--preset applies only without --pk (the key fixes the parameters)");
  const segmentCycles = o["segment-cycles"] !== undefined ? Number(o["segment-cycles"]) : DEFAULT_PROVE_SEGMENT_CYCLES;
  if (!Number.isInteger(segmentCycles) || segmentCycles < 4 || segmentCycles > 2 ** 27 || (segmentCycles & (segmentCycles - 1)) !== 0) {
    return usageError("prove", USAGE, `--segment-cycles must be a power of two between 4 and 2^27, not '${o["segment-cycles"]}'`);
  }
  if (o.preset !== undefined && !(o.preset in PRESETS)) return usageError("prove", USAGE, `unknown preset '${o.preset}' (presets: ${STARK_PRESETS_HELP})`);
  const elfPath = args.positionals[0];
  try {
    const input = inputFrom(o);
    const hints = o.hints ? readFileNamed(o.hints, "hints") : undefined;
    const elf = readFileNamed(elfPath, "ELF");
    const program = loadProgram(elf, elfPath);
    const t0 = performance.now();
    const step = (what: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${what}`);
    // The fast emulator first (hundreds of MHz): a fault, or a run too long to prove, is
    // reported now instead of after proving every segment before it.
    const dry = execute(program, { input, hints, emulator: "fast", maxCycles: MAX_RUN_CYCLES });
    step(`executed: ${dry.cycles} cycles, exit code ${dry.exitCode} (fast emulator)`);
    step(o.pk ? `loading the proving key ${o.pk}` : "setting up the program's keys");
    const loaded = o.pk ? await decodePk(readFileNamed(o.pk, "proving key"), o.pk) : null;
    if (loaded && !equalWords(elfSha256(loaded.elf), elfSha256(elf))) throw new UserError(`${o.pk} is the key of another program than ${elfPath}`);
    const keys = loaded ? loaded.keys : await setupProgram(program, presetConfig(o.preset ?? "default"));
    const digest = programVkDigest(keys.vk);
    const outDir = o.out ?? path.join("out", path.basename(elfPath).replace(/\.elf$/, ""));
    // Set up on the fly: keep the keys beside the receipt, so `zkvm verify --vk` has one.
    if (!loaded) step(`keys: ${path.join(outDir, "vk.bin")} (program VK digest ${digestHex(writeKeys(outDir, keys, elf, elfPath))})`);
    step(`proving (${describeConfig(keys.vk.segment.config)})`);
    const tp = performance.now();
    const proof = await proveProgram(keys, program, { input, hints, segmentCycles, onProgress: step });
    process.stdout.write(proof.stdout);
    process.stderr.write(proof.stderr);
    const proveS = (performance.now() - tp) / 1000;
    const cycles = proof.statement.cycles;
    step(`proved ${cycles} cycles in ${proof.proofs.length - 1} segment(s) in ${proveS.toFixed(2)} s (${(cycles / proveS).toFixed(0)} cycles/s); checking`);
    const check = verifyRun(keys.vk, proof.proofs, proof.statement);
    if (!check.ok) throw new Error(`the proof does not verify (${check.check}): ${check.reason}`);
    const hasDigest = proof.statement.outputDigestWords !== null;
    const receipt: Receipt = { kind: "segments", programDigest: digest, statement: proof.statement, publicOutput: hasDigest ? proof.publicOutput : new Uint8Array(0), proofs: proof.proofs };
    const bytes = encodeReceipt(receipt);
    fs.mkdirSync(outDir, { recursive: true });
    const bin = path.join(outDir, "receipt.bin"), json = path.join(outDir, "receipt.json");
    fs.writeFileSync(bin, bytes);
    const s = proof.statement;
    const sec = securityOf(keys.vk.segment.config, Math.max(...proof.proofs.flatMap((p) => p.tables.map((t) => t.logRows))));
    fs.writeFileSync(json, JSON.stringify({
      format: "zkvm-receipt", version: 1, programVkDigest: digestHex(digest), exitCode: s.exitCode, cycles,
      inputHex: Buffer.from(s.input).toString("hex"), publicOutputHex: Buffer.from(receipt.publicOutput).toString("hex"),
      publicOutputUtf8: printable(receipt.publicOutput), outputDigest: s.outputDigestWords ? digestHex(s.outputDigestWords) : null,
      proofBytes: bytes.length, proveSeconds: +proveS.toFixed(3), security: sec,
      segments: proof.proofs.length - 1, proofs: proof.proofs.map((p) => summarizeProof(p)),
    }, null, 2) + "\n");
    if (!hasDigest && proof.publicOutput.length) {
      console.error("note: the guest wrote to fd 3 but exited without an output digest (a1 = 0): the output is not part of the statement");
    }
    console.log(`exit code: ${s.exitCode}`);
    console.log(`cycles: ${cycles}`);
    console.log(`program VK digest: ${digestHex(digest)}`);
    console.log(`receipt: ${bin} (${bytes.length} bytes), ${json}`);
    return 0;
  } catch (e) {
    if (e instanceof GuestError && e.kind === "cycle-limit") {
      console.error(`zkvm prove: ${e.message}: a run of more than ${MAX_RUN_CYCLES} cycles (2^27 - 2) cannot be proved; nothing was proved`);
      return 1;
    }
    if (e instanceof GuestError || e instanceof ElfError || e instanceof UserError) {
      console.error(`zkvm prove: ${e.message}`);
      return 1;
    }
    // a key file that does not decode (corrupt, another kit version) names itself
    if (e instanceof Error && o.pk && e.message.startsWith(`${o.pk}:`)) {
      console.error(`zkvm prove: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
