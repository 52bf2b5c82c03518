// `zkvm aggregate <receipt.bin> --vk <vk.bin>`: replaces a run's proofs by one root proof
// under the recursion kit; writes root-receipt.bin/.json beside the receipt.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { decodeReceipt, encodeReceipt, verifyReceipt } from "../../../prover/zkvm/receipt.ts";
import { decodeVk, digestHex } from "../../../prover/zkvm/program-key.ts";
import { summarizeProof } from "../../../prover/stark/index.ts";
import { DEFAULT_KIT_DIR, loadOrBuildKit, standardKitShape } from "../../../wrapper/recursion/kit-cache.ts";
import { aggregateReceipt, verifyRootReceipt } from "../../../wrapper/recursion/root-receipt.ts";
import { readFileNamed, usageError, UserError } from "../cli-util.ts";

export const summary = "fold a receipt's proofs into one root proof under the recursion kit: writes root-receipt.bin";

const USAGE = `usage: zkvm aggregate <receipt.bin> --vk <vk.bin> [--out FILE] [--kit-dir DIR]

Lifts every proof of the receipt (the memory proof and each segment's) under the
recursion kit's keys, joins them two at a time until two are left, proves root over
those two and writes a receipt that holds that root proof instead of the run's proofs (format 2,
prover/zkvm/README.md). \`zkvm verify\` accepts both kinds. The kit (the fixed
recursion keys; one per zkVM parameter set) is built on first use, which takes a minute
or more, and cached in the kit directory. Progress goes to stderr.

  --vk <file>        the program's vk.bin from zkvm setup (or zkvm prove)
  --out <file>       default: root-receipt.bin beside the receipt (and .json beside it)
  --kit-dir <dir>    where kits are cached, their proving keys as key files (default ${DEFAULT_KIT_DIR})
  -h, --help         this text

exit status: 0 aggregated; 1 the receipt does not verify, does not fit the kit, or a
file is unreadable; 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {
      vk: { type: "string" }, out: { type: "string" }, "kit-dir": { type: "string" }, help: { type: "boolean", short: "h" },
    } });
  } catch (e) {
    return usageError("aggregate", USAGE, (e as Error).message);
  }
  const o = args.values;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) return usageError("aggregate", USAGE, "expected exactly one receipt file");
  if (!o.vk) return usageError("aggregate", USAGE, "--vk <vk.bin> is required");
  const receiptPath = args.positionals[0];
  try {
    const { vk } = decodeNamed(() => decodeVk(readFileNamed(o.vk!, "verifying key")), o.vk);
    const receipt = decodeNamed(() => decodeReceipt(readFileNamed(receiptPath, "receipt"), receiptPath), receiptPath);
    if (receipt.kind !== "segments") throw new UserError(`${receiptPath} is already aggregated (it holds a root proof)`);
    // the receipt is checked before the kit is built: a bad one fails in a second
    const valid = verifyReceipt(vk, receipt);
    if (!valid.ok) throw new UserError(`${receiptPath} does not verify (${valid.check}): ${valid.reason}`);
    const bound = 4 * (standardKitShape(vk.segment.config).maxInputWords - 1);
    if (receipt.statement.input.length > bound) throw new UserError(`${receiptPath}: the input is ${receipt.statement.input.length} bytes; the recursion kit aggregates runs with inputs up to ${bound} bytes`);
    const t0 = performance.now();
    const step = (what: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${what}`);
    const { kit, id: kitName, file: kitFile } = await loadOrBuildKit(vk, { dir: o["kit-dir"], progress: step });
    const tk = performance.now();
    step(`kit ready (anchor 2^${kit.shape.anchorLogRows}, ${kit.lifts.size} lift keys, inputs up to ${4 * (kit.shape.maxInputWords - 1)} bytes); aggregating ${receipt.proofs.length} proofs`);
    const root = await aggregateReceipt(vk, receipt, kit, step);
    const aggregateS = (performance.now() - tk) / 1000;
    const check = verifyRootReceipt(vk, root, kit);
    if (!check.ok) throw new Error(`the root receipt does not verify (${check.check}): ${check.reason}`);
    const bytes = encodeReceipt(root);
    const bin = o.out ?? path.join(path.dirname(receiptPath), "root-receipt.bin");
    const json = bin.replace(/\.bin$/, "") + ".json";
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.writeFileSync(bin, bytes);
    const s = root.statement;
    fs.writeFileSync(json, JSON.stringify({
      format: "zkvm-receipt", version: 2, kind: "root", programVkDigest: digestHex(root.programDigest),
      kitId: kitName, kitDigest: digestHex(root.kitDigest), kitFile,
      exitCode: s.exitCode, cycles: s.cycles, inputHex: Buffer.from(s.input).toString("hex"),
      publicOutputHex: Buffer.from(root.publicOutput).toString("hex"), outputDigest: s.outputDigestWords ? digestHex(s.outputDigestWords) : null,
      proofBytes: bytes.length, segmentReceiptBytes: encodeReceipt(receipt).length, aggregateSeconds: +aggregateS.toFixed(3),
      lifts: receipt.proofs.length, joins: receipt.proofs.length - 1, rootProof: summarizeProof(root.proof),
    }, null, 2) + "\n");
    console.log(`kit digest: ${digestHex(root.kitDigest)}`);
    console.log(`aggregated ${receipt.proofs.length} proofs in ${aggregateS.toFixed(1)} s`);
    console.log(`receipt: ${bin} (${bytes.length} bytes, was ${encodeReceipt(receipt).length}), ${json}`);
    return 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof Error) {
      console.error(`zkvm aggregate: ${e.message}`);
      if (process.env.ZKVM_DEBUG) console.error(e);
      return 1;
    }
    throw e;
  }
}

function decodeNamed<T>(decode: () => T, name: string): T {
  try {
    return decode();
  } catch (e) {
    const m = (e as Error).message;
    throw new UserError(m.startsWith(name) ? m : `${name}: ${m}`);
  }
}
