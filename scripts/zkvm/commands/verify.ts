// `zkvm verify <receipt> --vk <file>`: checks a receipt; prints its statement.
import { parseArgs } from "node:util";
import { checkReceiptHead, decodeReceipt, verifyReceipt } from "../../../prover/zkvm/receipt.ts";
import { DEFAULT_KIT_DIR, loadOrBuildKit } from "../../../wrapper/recursion/kit-cache.ts";
import { verifyRootReceipt } from "../../../wrapper/recursion/root-receipt.ts";
import { decodeVk, digestHex } from "../../../prover/zkvm/program-key.ts";
import { printable } from "../../../prover/zkvm/artifact.ts";
import { describeConfig, readFileNamed, usageError, UserError } from "../cli-util.ts";

export const summary = "verify a receipt (the run's proofs, or one root proof) against a program's vk.bin; prints the statement";

const USAGE = `usage: zkvm verify <receipt.bin> --vk <vk.bin> [--kit-dir DIR]

Checks that the receipt proves a run of the program whose verifying key is given, and
prints the statement, one field per line (program, input, public output, exit code
last; a root receipt's kit first).
A receipt from zkvm prove holds the run's proofs; one from zkvm aggregate holds one root
proof, checked under the recursion kit (read from the kit directory, or built there on
first use, which takes a minute or more).

  --vk <file>        the program's vk.bin from zkvm setup (or zkvm prove)
  --kit-dir <dir>    where kits are cached (default ${DEFAULT_KIT_DIR}; aggregated receipts only)
  -h, --help         this text

exit status: 0 valid; 1 invalid (the failed check is named) or unreadable; 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { vk: { type: "string" }, "kit-dir": { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    return usageError("verify", USAGE, (e as Error).message);
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) return usageError("verify", USAGE, "expected exactly one receipt file");
  if (!args.values.vk) return usageError("verify", USAGE, "--vk <vk.bin> is required");
  try {
    const vkFile = decodeVkNamed(readFileNamed(args.values.vk, "verifying key"), args.values.vk);
    const receiptPath = args.positionals[0];
    const receipt = decodeNamed(readFileNamed(receiptPath, "receipt"), receiptPath);
    let kitLine = "";
    let verifyRoot = null;
    if (receipt.kind === "root") {
      // the checks that need no kit first: a receipt of another program or with a wrong
      // output is refused before a kit is read or built (a minute at the default preset)
      const head = checkReceiptHead(vkFile.vk, receipt);
      if (!head.ok) {
        console.error(`zkvm verify: INVALID (${head.check}): ${head.reason}`);
        return 1;
      }
      const { kit, id } = await loadOrBuildKit(vkFile.vk, { dir: args.values["kit-dir"], progress: (what) => console.error(what) });
      verifyRoot = () => verifyRootReceipt(vkFile.vk, receipt, kit);
      kitLine = `aggregated: one root proof under kit ${id} (kit digest ${digestHex(receipt.kitDigest)})`;
    }
    const t0 = performance.now();
    const r = verifyRoot ? verifyRoot() : verifyReceipt(vkFile.vk, receipt);
    const ms = performance.now() - t0;
    if (!r.ok) {
      console.error(`zkvm verify: INVALID (${r.check}): ${r.reason}`);
      return 1;
    }
    const s = receipt.statement;
    const text = printable(receipt.publicOutput);
    if (kitLine) console.log(kitLine);
    console.log(`program VK digest: ${digestHex(receipt.programDigest)}`);
    console.log(`input: ${Buffer.from(s.input).toString("hex") || "(empty)"}`);
    console.log(`public output: ${Buffer.from(receipt.publicOutput).toString("hex") || "(empty)"}${text && receipt.publicOutput.length ? ` (utf-8: ${JSON.stringify(text)})` : ""}`);
    console.log(`output digest: ${s.outputDigestWords ? digestHex(s.outputDigestWords) : "none (no output committed)"}`);
    console.log(`cycles: ${s.cycles}`);
    console.log(`exit code: ${s.exitCode}`);
    // what the proof is worth: the key's parameters (a verifier holding only the vk is told
    // when they are INSECURE or below 100 bits, as prove tells the prover)
    console.error(`parameters: ${describeConfig(vkFile.vk.segment.config)}`);
    console.error(`valid (verified in ${ms.toFixed(0)} ms)`);
    return 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof Error) {
      console.error(`zkvm verify: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

function decodeVkNamed(bytes: Uint8Array, name: string) {
  try {
    return decodeVk(bytes);
  } catch (e) {
    throw new UserError(`${name}: ${(e as Error).message}`);
  }
}

function decodeNamed(bytes: Uint8Array, name: string) {
  try {
    return decodeReceipt(bytes, name);
  } catch (e) {
    throw new UserError((e as Error).message.startsWith(name) ? (e as Error).message : `${name}: ${(e as Error).message}`);
  }
}
