// The execution artifact: what `zkvm execute --out DIR` writes and the prover reads.
//   DIR/execution.bin   binary, little-endian, versioned (layout below)
//   DIR/execution.json  a JSON summary for people and tools (not needed to prove)
//
// execution.bin, version 1. All integers little-endian; u64 as two u32 (low first);
// byte strings padded with zeros to a multiple of 4.
//   magic "ZKVMEXEC" (8) | version u32 | flags u32 (bit 0: output digest present)
//   segmentCycles u32 | segmentCount u32 | cycles u64 | exitCode i32 | reserved u32
//   elfSha256 [32] | inputSha256 [32] | outputDigest [32] (zeros when absent)
//   inputLen u32 | input bytes | publicOutputLen u32 | publicOutput bytes
//   then segmentCount segment records:
//     index u32 | startCycle u64 | cycles u32 | flags u32 (bit 0: halted)
//     startPc u32 | startRegs 32 x u32 | endPc u32 | endRegs 32 x u32
//     memCount u32 | hintLen u32 | memAddrs memCount x u32 | memValues memCount x u32
//     hints (hintLen bytes) | rows: 10 x u32 in CHIP_NAMES order (segmentation.ts)
import fs from "node:fs";
import path from "node:path";
import type { ExecutionResult } from "./execute.ts";
import { traceBytes, type CpuState, type MinimalTrace, type SegmentTrace } from "./minimal-trace.ts";
import { CHIP_NAMES, emptyRows, makePlan, type SegmentationPlan, type SegmentPlan } from "./segmentation.ts";

export const ARTIFACT_MAGIC = "ZKVMEXEC";
export const ARTIFACT_VERSION = 1;

export interface ExecutionArtifact {
  exitCode: number;
  cycles: number;
  elfDigest: Uint8Array;
  inputDigest: Uint8Array;
  outputDigest: Uint8Array | null;
  input: Uint8Array;
  publicOutput: Uint8Array;
  trace: MinimalTrace;
  plan: SegmentationPlan;
}

export function encodeArtifact(r: ExecutionArtifact | ExecutionResult): Uint8Array {
  const w = new Writer();
  w.bytes(new TextEncoder().encode(ARTIFACT_MAGIC));
  w.u32(ARTIFACT_VERSION).u32(r.outputDigest ? 1 : 0);
  w.u32(r.trace.segmentCycles).u32(r.trace.segments.length).u64(r.cycles).u32(r.exitCode).u32(0);
  w.bytes(r.elfDigest).bytes(r.inputDigest).bytes(r.outputDigest ?? new Uint8Array(32));
  w.u32(r.input.length).bytes(r.input).u32(r.publicOutput.length).bytes(r.publicOutput);
  r.trace.segments.forEach((s, i) => {
    w.u32(s.index).u64(s.startCycle).u32(s.cycles).u32(s.halted ? 1 : 0);
    w.cpu(s.start).cpu(s.end);
    w.u32(s.memAddrs.length).u32(s.hints.length).words(s.memAddrs).words(s.memValues).bytes(s.hints);
    const rows = r.plan.segments[i].rows;
    for (const k of CHIP_NAMES) w.u32(rows[k]);
  });
  return w.finish();
}

export function decodeArtifact(bytes: Uint8Array): ExecutionArtifact {
  const rd = new Reader(bytes);
  if (new TextDecoder().decode(rd.bytes(8)) !== ARTIFACT_MAGIC) throw new Error("not an execution artifact (bad magic)");
  const version = rd.u32();
  if (version !== ARTIFACT_VERSION) throw new Error(`execution artifact version ${version}; this build reads version ${ARTIFACT_VERSION}`);
  const flags = rd.u32(), segmentCycles = rd.u32(), count = rd.u32(), cycles = rd.u64(), exitCode = rd.u32() | 0;
  rd.u32();
  const elfDigest = rd.bytes(32), inputDigest = rd.bytes(32), digest = rd.bytes(32);
  const input = rd.bytes(rd.u32()), publicOutput = rd.bytes(rd.u32());
  const segments: SegmentTrace[] = [], plans: SegmentPlan[] = [];
  for (let i = 0; i < count; i++) {
    const index = rd.u32(), startCycle = rd.u64(), segCycles = rd.u32(), halted = (rd.u32() & 1) === 1;
    const start = rd.cpu(), end = rd.cpu();
    const memCount = rd.u32(), hintLen = rd.u32();
    const memAddrs = rd.words(memCount), memValues = rd.words(memCount), hints = rd.bytes(hintLen);
    const rows = emptyRows();
    for (const k of CHIP_NAMES) rows[k] = rd.u32();
    segments.push({ index, startCycle, cycles: segCycles, start, end, halted, memAddrs, memValues, hints });
    plans.push({ index, startCycle, cycles: segCycles, rows });
  }
  if (!rd.atEnd()) throw new Error(`execution artifact has ${bytes.length - rd.pos} trailing bytes`);
  return {
    exitCode, cycles, elfDigest, inputDigest, outputDigest: flags & 1 ? digest : null, input, publicOutput,
    trace: { segmentCycles, segments }, plan: makePlan(segmentCycles, plans),
  };
}

/** The JSON summary (execution.json). */
export function artifactSummary(r: ExecutionArtifact | ExecutionResult): object {
  const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
  return {
    format: "zkvm-execution",
    version: ARTIFACT_VERSION,
    elfSha256: hex(r.elfDigest),
    input: { bytes: r.input.length, sha256: hex(r.inputDigest) },
    exitCode: r.exitCode,
    cycles: r.cycles,
    segmentCycles: r.trace.segmentCycles,
    segments: r.trace.segments.length,
    publicOutput: { bytes: r.publicOutput.length, hex: hex(r.publicOutput), utf8: printable(r.publicOutput) },
    outputDigest: r.outputDigest ? hex(r.outputDigest) : null,
    traceBytes: traceBytes(r.trace),
    plan: { totals: r.plan.totals, maxRows: r.plan.maxRows, segments: r.plan.segments },
  };
}

/** Writes DIR/execution.bin and DIR/execution.json; returns their paths. */
export function writeArtifact(dir: string, r: ExecutionArtifact | ExecutionResult): { bin: string; json: string } {
  fs.mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, "execution.bin"), json = path.join(dir, "execution.json");
  fs.writeFileSync(bin, encodeArtifact(r));
  fs.writeFileSync(json, JSON.stringify(artifactSummary(r), null, 2) + "\n");
  return { bin, json };
}

/** The bytes as text when they are valid UTF-8 without control characters (but
 * newlines and tabs), else null. */
export function printable(b: Uint8Array): string | null {
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(b);
  } catch {
    return null;
  }
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(s) ? null : s;
}

class Writer {
  private buf = new Uint8Array(1 << 16);
  private dv = new DataView(this.buf.buffer);
  private pos = 0;
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
  u32(v: number): this { this.room(4); this.dv.setUint32(this.pos, v >>> 0, true); this.pos += 4; return this; }
  u64(v: number): this { return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32)); }
  bytes(b: Uint8Array): this {
    const padded = (b.length + 3) & ~3;
    this.room(padded);
    this.buf.set(b, this.pos);
    this.buf.fill(0, this.pos + b.length, this.pos + padded);
    this.pos += padded;
    return this;
  }
  words(a: Uint32Array): this { for (let i = 0; i < a.length; i++) this.u32(a[i]); return this; }
  cpu(s: CpuState): this { return this.u32(s.pc).words(s.regs); }
  finish(): Uint8Array { return this.buf.slice(0, this.pos); }
}

class Reader {
  private readonly b: Uint8Array;
  private readonly dv: DataView;
  pos = 0;
  constructor(b: Uint8Array) {
    this.b = b;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.b.length) throw new Error(`execution artifact truncated at byte ${this.pos} (needs ${n} more)`);
  }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): number { const lo = this.u32(); return lo + this.u32() * 2 ** 32; }
  bytes(n: number): Uint8Array {
    const padded = (n + 3) & ~3;
    this.need(padded);
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += padded;
    return out;
  }
  words(n: number): Uint32Array {
    this.need(4 * n);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.dv.getUint32(this.pos + 4 * i, true);
    this.pos += 4 * n;
    return out;
  }
  cpu(): CpuState { const pc = this.u32(); return { pc, regs: this.words(32) }; }
  atEnd(): boolean { return this.pos === this.b.length; }
}
