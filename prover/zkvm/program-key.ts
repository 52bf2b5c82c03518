// The program's keys as files (`zkvm setup` writes them, `prove`, `verify`, `wrap` and
// the Hardhat tasks read them).
//
// vk.bin, little-endian words (bytes-codec.ts):
//   magic "ZKVMVKEY" | format version u32 (1) | chip-set version u32
//   entry u32 | hash suite (string) | logBlowup, numQueries, powBits, friLogArity,
//   friLogFinalDegree (u32 each) | then for the segment key and the memory key in turn:
//   table count u32, per table the log2 rows of its preprocessed columns or 0xffff,
//   the preprocessed root (word count u32, the words), its STARK VK digest (8 words) |
//   program VK digest (8 words) | ELF sha256 (32 bytes: which file setup read, for people;
//   not part of the key, so nothing checks it)
// A reader rebuilds both STARK verifying keys from this kit's chip set (run-tables.ts)
// and these fields, and refuses the file unless the recomputed digests match: a VK of
// another chip-set version or another parameter set is named as such.
//
// pk.bin: magic "ZKVMPKEY" | version | program VK digest (8 words) | the parameters as
// in vk.bin (one of the presets) | the ELF bytes. setup is deterministic, so the proving
// key (preprocessed columns, their LDEs and Merkle trees) is rebuilt from it when loaded
// (about a second) and checked against the stored digest.
import { createHash } from "node:crypto";
import { airDigest, vkDigestOf, type VerifyingKey } from "../stark/keys.ts";
import { configsEqual, PRESETS, validateConfig, type StarkConfig } from "../stark/config.ts";
import { loadProgram, type Program } from "../riscv/program.ts";
import { CHIP_SET_VERSION } from "../chips/rv32.ts";
import { MEMORY_AIRS, SEGMENT_AIRS } from "../chips/run-tables.ts";
import type { CompiledAir } from "../air/types.ts";
import { programVkDigest } from "./program-digest.ts";
import { ByteReader, ByteWriter } from "./bytes-codec.ts";
import { setupProgram, type ProgramKeys, type ProgramVk } from "./prove.ts";

const VK_MAGIC = "ZKVMVKEY", PK_MAGIC = "ZKVMPKEY";
export const KEY_FORMAT_VERSION = 1;

export { programVkDigest };

function writeConfig(w: ByteWriter, c: StarkConfig): void {
  w.string(c.hashSuite).words([c.logBlowup, c.numQueries, c.powBits, c.friLogArity, c.friLogFinalDegree]);
}

/** A run's proofs are lifted (setupProgram), so the file keeps the other parameters only. */
function readConfig(r: ByteReader, name: string): StarkConfig {
  const hashSuite = r.string("hash suite");
  const [logBlowup, numQueries, powBits, friLogArity, friLogFinalDegree] = r.words(5, "parameters");
  const c = { hashSuite, logBlowup, numQueries, powBits, friLogArity, friLogFinalDegree, lifted: true };
  try {
    validateConfig(c);
  } catch (e) {
    throw new Error(`${name}: its parameters: ${(e as Error).message}`);
  }
  return c;
}

/** `name`: the file (or "vk"/"pk" when unnamed); `kind`: what it must be. */
function readHeader(r: ByteReader, magic: string, name: string, kind: "vk" | "pk"): void {
  const m = new TextDecoder().decode(r.raw(8, "magic"));
  if (m !== magic) throw new Error(`${name}: not a zkVM ${kind}${m === VK_MAGIC ? " (a vk)" : m === PK_MAGIC ? " (a pk)" : ""} (magic '${m.replace(/[^ -~]/g, "?")}')`);
  const v = r.u32("format version");
  if (v !== KEY_FORMAT_VERSION) throw new Error(`${name}: format version ${v}, this kit reads ${KEY_FORMAT_VERSION}`);
}

export function encodeVk(vk: ProgramVk, elfSha256: Uint8Array): Uint8Array {
  const w = new ByteWriter().raw(new TextEncoder().encode(VK_MAGIC)).u32(KEY_FORMAT_VERSION).u32(CHIP_SET_VERSION).u32(vk.entry);
  writeConfig(w, vk.segment.config);
  for (const s of [vk.segment, vk.memory]) {
    w.u32(s.airs.length).words(s.prepLogRows.map((h) => (h === null ? 0xffff : h)));
    w.u32(s.prepRoot?.length ?? 0).words(s.prepRoot ?? []).words(s.digest);
  }
  return w.words(programVkDigest(vk)).raw(elfSha256).finish();
}

export type VkFile = { vk: ProgramVk; programDigest: Uint32Array; elfSha256: Uint8Array };

function readStarkKey(r: ByteReader, config: StarkConfig, airs: CompiledAir[], which: string): VerifyingKey {
  const tables = r.u32(`${which} table count`);
  if (tables !== airs.length) throw new Error(`vk: the ${which} key has ${tables} tables, this chip set has ${airs.length}`);
  const prepLogRows = [...r.words(tables, `${which} preprocessed heights`)].map((h) => (h === 0xffff ? null : h));
  const rootLen = r.oneOf(`${which} preprocessed root length`, [8]);
  const prepRoot = r.words(rootLen, `${which} preprocessed root`);
  const digest = r.words(8, `${which} STARK VK digest`);
  const base = { config, airs, airDigests: airs.map(airDigest), prepLogRows, prepRoot };
  const key: VerifyingKey = { ...base, digest: vkDigestOf(base) };
  if (!equalWords(key.digest, digest)) throw new Error(`vk: the ${which} key's digest does not match this kit's chip set and the file's fields (another kit version, or a corrupt file)`);
  return key;
}

export function decodeVk(bytes: Uint8Array): VkFile {
  const r = new ByteReader(bytes, "vk");
  readHeader(r, VK_MAGIC, "vk", "vk");
  const chips = r.u32("chip-set version");
  if (chips !== CHIP_SET_VERSION) throw new Error(`vk: made for chip set ${chips}, this kit proves with chip set ${CHIP_SET_VERSION}: run zkvm setup again`);
  const entry = r.u32("entry");
  const config = readConfig(r, "vk");
  const segment = readStarkKey(r, config, SEGMENT_AIRS, "segment");
  const memory = readStarkKey(r, config, MEMORY_AIRS, "memory");
  const programDigest = r.words(8, "program VK digest");
  const elfSha256 = r.raw(32, "ELF sha256");
  r.end();
  const vk: ProgramVk = { segment, memory, entry };
  if (!equalWords(programVkDigest(vk), programDigest)) throw new Error("vk: the program VK digest does not match its fields (corrupt file)");
  return { vk, programDigest, elfSha256 };
}

export function encodePk(keys: ProgramKeys, elf: Uint8Array): Uint8Array {
  const w = new ByteWriter().raw(new TextEncoder().encode(PK_MAGIC)).u32(KEY_FORMAT_VERSION).words(programVkDigest(keys.vk));
  writeConfig(w, keys.vk.segment.config);
  return w.bytes(elf).finish();
}

/** Rebuilds the proving key from pk.bin (deterministic setup) and checks its digest. */
export async function decodePk(bytes: Uint8Array, name = "pk"): Promise<{ keys: ProgramKeys; program: Program; elf: Uint8Array }> {
  const r = new ByteReader(bytes, name);
  readHeader(r, PK_MAGIC, name, "pk");
  const digest = r.words(8, "program VK digest");
  const config = readConfig(r, name);
  const elf = r.bytes("ELF");
  r.end();
  // keys are set up at a named preset (zkvm setup --preset): a file with other parameters
  // is corrupt, and rebuilding its key first could take minutes and gigabytes
  const preset = Object.keys(PRESETS).find((k) => configsEqual({ ...PRESETS[k], lifted: true }, config));
  if (!preset) {
    throw new Error(`${name}: its parameters (log blowup ${config.logBlowup}, ${config.numQueries} queries, ${config.powBits} PoW bits, ` +
      `FRI arity 2^${config.friLogArity}, final 2^${config.friLogFinalDegree}) are none of the presets (${Object.keys(PRESETS).join(", ")}): a corrupt file or another kit version`);
  }
  const program = loadProgram(elf, `${name} (ELF)`);
  const keys = await setupProgram(program, config);
  if (!equalWords(programVkDigest(keys.vk), digest)) {
    throw new Error(`${name}: the key rebuilt from its ELF has another digest (a corrupt file, or made by another kit version): run zkvm setup again`);
  }
  return { keys, program, elf };
}

export function elfSha256(elf: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(elf).digest());
}

export function equalWords(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function digestHex(words: ArrayLike<number>): string {
  return Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, "0")).join("");
}
