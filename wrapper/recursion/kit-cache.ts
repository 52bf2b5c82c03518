// The kit on disk: built once per kit (zkVM parameters and kit shape) and cached, so
// `zkvm verify` of an aggregated receipt needs no setup and `zkvm aggregate` sets up
// only the keys it proves with.
//
// DIR/<kit id>/kit.json (the default DIR is out/kits):
//   { "format": 1, "kitId": "<16 hex>", "kitDigest": "<root key digest, 64 hex>",
//     "shape": { "config": {...}, "anchorLogRows": n, "lifts": [...], "maxInputWords": n },
//     "keySetRoot": "<64 hex>",
//     "keys": { "<id>": { "programSha256": "<hex>", "digest": "<64 hex>",
//                         "prepRoot": [words] | null, "prepLogRows": [n | null, ...] } } }
// DIR/<kit id>/<key id>-<parameters>.prep-tree: each proving key as a key file
// (prover/stark/prep-tree.ts), written when the key is first set up, the shrink key's too
// (receipt-wrap.ts), so a process proves with them without setting them up (3-9 s of
// aggregation, ~130 s of a 100-bit shrink).
// The kit id hashes what the kit is built from (the format, the RV32IM chip set, the recursion tables in order, the zkVM's
// parameters, the shape); a key's entry is reused only for the very program it was set
// up for (programHash), and its digest is recomputed from the fields on load, so a file
// left by older code is rebuilt rather than trusted. The file holds what this machine
// computed: it is not a trust anchor for keys received from elsewhere.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { StarkConfig } from "../../prover/stark/config.ts";
import { CHIP_SET_VERSION } from "../../prover/chips/rv32.ts";
import type { ProgramVk } from "../../prover/zkvm/prove.ts";
import { digestHex } from "../../prover/zkvm/program-key.ts";
import { recursionChips } from "./tables.ts";
import { buildRecursionKit, type KitShape, type RecursionKit, type StoredKey } from "./kit.ts";
import { warmRecursionEvaluators } from "./prove.ts";

export const KIT_FILE_FORMAT = 1;
export const DEFAULT_KIT_DIR = path.join("out", "kits");

/**
 * The kit a zkVM key's runs are aggregated under: recursion proofs at the zkVM's own
 * parameters, lifted; lift keys for memory and segment proofs whose tallest table has
 * 2^16 to 2^18 rows (a segment ends when a chip fills 2^18 rows, DEFAULT_MAX_CHIP_ROWS,
 * and the byte table is 2^16); inputs up to 16 KiB; the anchor chosen to fit the lifts and
 * the join (2^16 rows at the default preset, measured 4 Dec 2026; root, nobody's child,
 * keeps the heights of its own tables).
 */
export function standardKitShape(zkvmConfig: StarkConfig): KitShape {
  return {
    config: Object.freeze({ ...zkvmConfig, lifted: true }),
    lifts: [
      { kind: "memory", logMaxRows: 16 }, { kind: "memory", logMaxRows: 17 }, { kind: "memory", logMaxRows: 18 },
      { kind: "segment", logMaxRows: 16 }, { kind: "segment", logMaxRows: 17 }, { kind: "segment", logMaxRows: 18 },
    ],
    maxInputWords: 1 + 4096,
  };
}

const configJson = (c: StarkConfig) => ({
  hashSuite: c.hashSuite, logBlowup: c.logBlowup, numQueries: c.numQueries, powBits: c.powBits,
  friLogArity: c.friLogArity, friLogFinalDegree: c.friLogFinalDegree, lifted: !!c.lifted,
});

/** 16 hex digits naming what a kit is built from. */
export function kitId(zkvmConfig: StarkConfig, shape: KitShape): string {
  const what = JSON.stringify({
    format: KIT_FILE_FORMAT, chipSet: CHIP_SET_VERSION, recursionTables: recursionChips().map((c) => c.name), zkvm: configJson(zkvmConfig),
    anchorFits: "lifts and joins", // kit.ts chooseAnchor (root keeps its own heights)
    shape: { config: configJson(shape.config), anchorLogRows: shape.anchorLogRows ?? "auto", lifts: shape.lifts, maxInputWords: shape.maxInputWords },
  });
  return createHash("sha256").update(what).digest("hex").slice(0, 16);
}

const hexWords = (hex: string): Uint32Array => Uint32Array.from({ length: hex.length / 8 }, (_, i) => parseInt(hex.slice(8 * i, 8 * i + 8), 16));

type StoredKit = { keys: Map<string, StoredKey>; anchorLogRows?: number };

function readStored(file: string, id: string): StoredKit {
  const empty = { keys: new Map<string, StoredKey>() };
  if (!fs.existsSync(file)) return empty;
  try {
    const j = JSON.parse(fs.readFileSync(file, "utf8"));
    if (j.format !== KIT_FILE_FORMAT || j.kitId !== id) return empty;
    const keys = new Map<string, StoredKey>();
    for (const [key, e] of Object.entries(j.keys as Record<string, { programSha256: string; digest: string; prepRoot: number[] | null; prepLogRows: Array<number | null> }>)) {
      keys.set(key, { programSha256: e.programSha256, digest: hexWords(e.digest), prepRoot: e.prepRoot ? Uint32Array.from(e.prepRoot) : null, prepLogRows: e.prepLogRows });
    }
    return { keys, anchorLogRows: j.shape.anchorLogRows };
  } catch {
    return empty; // unreadable: rebuilt and overwritten
  }
}

function writeStored(file: string, id: string, kit: RecursionKit, stored: Map<string, StoredKey>): void {
  const keys: Record<string, unknown> = {};
  for (const k of [...kit.lifts.values(), kit.join, kit.root]) {
    const e = stored.get(k.id)!;
    keys[k.id] = { programSha256: e.programSha256, digest: digestHex(e.digest), prepRoot: e.prepRoot ? Array.from(e.prepRoot) : null, prepLogRows: e.prepLogRows };
  }
  const s = kit.shape;
  const json = {
    format: KIT_FILE_FORMAT, kitId: id, kitDigest: digestHex(kit.root.vk.stark.digest),
    shape: { config: configJson(s.config), anchorLogRows: s.anchorLogRows, lifts: s.lifts, maxInputWords: s.maxInputWords },
    keySetRoot: digestHex(kit.keySet.root), keys,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
}

/**
 * The kit for a zkVM key's runs, read from `dir` when built before (no setup) and built
 * and written there otherwise. `shape` defaults to standardKitShape.
 */
export async function loadOrBuildKit(vk: ProgramVk, options: { dir?: string; shape?: KitShape; progress?: (what: string) => void } = {}): Promise<{ kit: RecursionKit; id: string; file: string; built: boolean }> {
  warmRecursionEvaluators(); // while this thread reads or builds the kit
  const config = vk.segment.config;
  const shape = options.shape ?? standardKitShape(config);
  const id = kitId(config, shape);
  const root = options.dir ?? DEFAULT_KIT_DIR;
  // a kit directory that cannot hold the kit is refused now, not after a minute of setup
  for (let d = root; ; d = path.dirname(d)) {
    if (fs.existsSync(d)) {
      if (!fs.statSync(d).isDirectory()) throw new Error(`kit directory ${root}: ${d} is not a directory`);
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const file = path.join(root, id, "kit.json");
  const stored = readStored(file, id);
  const keyDir = path.dirname(file); // the proving keys' key files sit beside kit.json
  const before = new Map(stored.keys); // entries a setup replaces
  options.progress?.(before.size ? `kit ${id}: reading ${file}` : `kit ${id}: building (once per kit; the keys are set up and cached in ${keyDir})`);
  // a stored kit carries the anchor it chose: reused rather than searched again
  const anchored = shape.anchorLogRows === undefined && stored.anchorLogRows !== undefined ? { ...shape, anchorLogRows: stored.anchorLogRows } : shape;
  let kit: RecursionKit;
  try {
    kit = await buildRecursionKit(vk, anchored, { progress: options.progress, stored: stored.keys, keyDir });
  } catch (e) {
    if (anchored === shape || !/above the anchor/.test((e as Error).message)) throw e;
    // programs outgrew the stored anchor (newer code): search it again
    kit = await buildRecursionKit(vk, shape, { progress: options.progress, stored: stored.keys, keyDir });
  }
  const built = [...kit.lifts.values(), kit.join, kit.root].some((k) => before.get(k.id) !== stored.keys.get(k.id));
  writeStored(file, id, kit, stored.keys);
  return { kit, id, file, built };
}
