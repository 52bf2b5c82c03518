// Binary encoding of a StarkProof: a stream of little-endian 32-bit words.
//
//   word 0      magic 0x5053_4b5a ("ZKSP" as bytes)
//   word 1      format version (PROOF_VERSION, LIFTED_PROOF_VERSION: a lifted proof, or
//               CAPPED_PROOF_VERSION: format 1 with Merkle caps, whose parameters end
//               with the cap height and whose roots are caps of 2^c digests)
//   then        sections in the order of proof.ts; a Uint32Array is written as its
//               length followed by its words; a string as its byte length and its
//               UTF-8 bytes padded to a word; an optional item as 0 (absent) or 1
//               followed by the item.
// Decoding checks every length against the bytes left and the version before anything
// else, so a truncated or foreign file fails with a message naming the section. It is
// strict, so that exactly one byte string decodes to each proof (a proof's hash is its
// identity): string padding must be zero, strings valid UTF-8 (a byte-order mark is kept,
// never stripped), presence tags exactly 0 or 1, nothing after the last section.
import { PROOF_VERSION, LIFTED_PROOF_VERSION, CAPPED_PROOF_VERSION, proofVersionOf, type Opening, type StarkProof, type TableProof, type QueryProof } from "./proof.ts";
import { MAX_MERKLE_CAP_HEIGHT, type StarkConfig } from "./config.ts";

const MAGIC = 0x50534b5a;

class Writer {
  private words: number[] = [];
  readonly sections: Record<string, number> = {};
  private mark = 0;
  u32(v: number) {
    this.words.push(v >>> 0);
  }
  arr(a: Uint32Array) {
    this.u32(a.length);
    for (let i = 0; i < a.length; i++) this.words.push(a[i]);
  }
  str(s: string) {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    const padded = new Uint8Array(Math.ceil(b.length / 4) * 4);
    padded.set(b);
    const w = new Uint32Array(padded.buffer);
    for (let i = 0; i < w.length; i++) this.words.push(w[i]);
  }
  opening(o: Opening | null) {
    if (o === null) return this.u32(0);
    this.u32(1);
    this.u32(o.rows.length);
    o.rows.forEach((r) => this.arr(r));
    this.u32(o.path.length);
    o.path.forEach((p) => this.arr(p));
  }
  endSection(name: string) {
    this.sections[name] = (this.sections[name] ?? 0) + (this.words.length - this.mark) * 4;
    this.mark = this.words.length;
  }
  bytes(): Uint8Array {
    return new Uint8Array(Uint32Array.from(this.words).buffer);
  }
}

class Reader {
  private pos = 0;
  section = "header";
  private words: Uint32Array;
  constructor(bytes: Uint8Array) {
    if (bytes.length % 4 !== 0) throw new Error(`proof: ${bytes.length} bytes is not a whole number of words`);
    this.words = new Uint32Array(bytes.slice().buffer);
  }
  private need(n: number) {
    if (this.pos + n > this.words.length) {
      throw new Error(`proof truncated in section '${this.section}' (word ${this.pos}, need ${n} more)`);
    }
  }
  u32(): number {
    this.need(1);
    return this.words[this.pos++];
  }
  arr(maxLen = 1 << 26): Uint32Array {
    const n = this.u32();
    if (n > maxLen) throw new Error(`proof: length ${n} too large in section '${this.section}'`);
    this.need(n);
    const out = this.words.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  str(): string {
    const n = this.u32();
    if (n > 256) throw new Error(`proof: string of ${n} bytes in section '${this.section}'`);
    const w = Math.ceil(n / 4);
    this.need(w);
    const padded = new Uint8Array(this.words.slice(this.pos, this.pos + w).buffer);
    this.pos += w;
    if (padded.subarray(n).some((b) => b !== 0)) throw new Error(`proof: non-zero padding after a string in section '${this.section}'`);
    // fatal: no replacement characters; ignoreBOM: a byte-order mark stays part of the string
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(padded.subarray(0, n));
    } catch {
      throw new Error(`proof: a string in section '${this.section}' is not valid UTF-8`);
    }
    return text;
  }
  /** A presence tag: exactly 0 (absent) or 1 (present). */
  tag(what: string): boolean {
    const t = this.u32();
    if (t !== 0 && t !== 1) throw new Error(`proof: presence tag ${t} of ${what} in section '${this.section}' (must be 0 or 1)`);
    return t === 1;
  }
  opening(): Opening | null {
    if (!this.tag("an opening")) return null;
    const nr = this.u32();
    if (nr > 1024) throw new Error(`proof: ${nr} rows in one opening in section '${this.section}'`);
    const rows = Array.from({ length: nr }, () => this.arr());
    const np = this.u32();
    if (np > 64) throw new Error(`proof: Merkle path of ${np} nodes in section '${this.section}'`);
    const path = Array.from({ length: np }, () => this.arr(64));
    return { rows, path };
  }
  done() {
    if (this.pos !== this.words.length) {
      throw new Error(`proof: ${this.words.length - this.pos} trailing words after the last section`);
    }
  }
}

function writeConfig(w: Writer, c: StarkConfig) {
  w.str(c.hashSuite);
  [c.logBlowup, c.numQueries, c.powBits, c.friLogArity, c.friLogFinalDegree].forEach((v) => w.u32(v));
  if (c.merkleCapHeight) w.u32(c.merkleCapHeight); // format 3 only
}

/** The parameters; whether the proof is lifted or capped is its format version's (proof.ts). */
function readConfig(r: Reader, version: number): StarkConfig {
  const hashSuite = r.str();
  const [logBlowup, numQueries, powBits, friLogArity, friLogFinalDegree] = [r.u32(), r.u32(), r.u32(), r.u32(), r.u32()];
  const c: StarkConfig = { hashSuite, logBlowup, numQueries, powBits, friLogArity, friLogFinalDegree };
  if (version === LIFTED_PROOF_VERSION) c.lifted = true;
  if (version === CAPPED_PROOF_VERSION) {
    c.merkleCapHeight = r.u32();
    if (c.merkleCapHeight < 1 || c.merkleCapHeight > MAX_MERKLE_CAP_HEIGHT) throw new Error(`proof: Merkle cap height ${c.merkleCapHeight} outside [1, ${MAX_MERKLE_CAP_HEIGHT}]`);
  }
  return c;
}

export function encodeProof(p: StarkProof): { bytes: Uint8Array; sections: Record<string, number> } {
  if (p.version !== proofVersionOf(p.config)) throw new Error(`encodeProof: format version ${p.version} does not match the parameters (lifted: ${!!p.config.lifted})`);
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(p.version);
  writeConfig(w, p.config);
  w.arr(p.vkDigest);
  w.u32(p.tables.length);
  for (const t of p.tables) {
    w.u32(t.logRows);
    w.arr(t.publicValues);
  }
  w.endSection("statement");
  for (const root of [p.mainRoot, p.auxRoot]) {
    w.u32(root ? 1 : 0);
    if (root) w.arr(root);
  }
  for (const t of p.tables) w.arr(t.auxPublic);
  w.arr(p.quotientRoot);
  w.endSection("commitments");
  for (const t of p.tables) {
    const o = t.openings;
    [o.prepZ, o.prepZNext, o.mainZ, o.mainZNext, o.auxZ, o.auxZNext, o.quotientZ].forEach((a) => w.arr(a));
  }
  w.endSection("ood");
  w.u32(p.friRoots.length);
  p.friRoots.forEach((r) => w.arr(r));
  w.arr(p.friFinalPoly);
  w.u32(p.powNonce);
  w.endSection("fri");
  w.u32(p.queries.length);
  for (const q of p.queries) {
    [q.prep, q.main, q.aux].forEach((o) => w.opening(o));
    w.endSection("trace_openings");
    w.opening(q.quotient);
    w.endSection("quotient_openings");
    w.u32(q.fri.length);
    q.fri.forEach((o) => w.opening(o));
    w.endSection("fri_openings");
  }
  const bytes = w.bytes();
  return { bytes, sections: { ...w.sections, total: bytes.length } };
}

export function decodeProof(bytes: Uint8Array): StarkProof {
  const r = new Reader(bytes);
  if (bytes.length < 8) throw new Error("proof: fewer than 8 bytes, not a STARK proof");
  const magic = r.u32();
  if (magic !== MAGIC) throw new Error(`proof: bad magic 0x${magic.toString(16)}, not a STARK proof`);
  const version = r.u32();
  if (version !== PROOF_VERSION && version !== LIFTED_PROOF_VERSION && version !== CAPPED_PROOF_VERSION) {
    throw new Error(`proof: format version ${version}, this verifier reads versions ${PROOF_VERSION}, ${LIFTED_PROOF_VERSION} and ${CAPPED_PROOF_VERSION}`);
  }
  r.section = "statement";
  const config = readConfig(r, version);
  const rootMax = 64 << (config.merkleCapHeight ?? 0); // a cap is 2^c digests
  const vkDigest = r.arr(64);
  const nTables = r.u32();
  if (nTables > 256) throw new Error(`proof: ${nTables} tables`);
  const shapes = Array.from({ length: nTables }, () => ({ logRows: r.u32(), publicValues: r.arr(1 << 16) }));
  r.section = "commitments";
  const [mainRoot, auxRoot] = ["the main root", "the aux root"].map((what) => (r.tag(what) ? r.arr(rootMax) : null));
  const auxPublic = shapes.map(() => r.arr(1 << 16));
  const quotientRoot = r.arr(rootMax);
  r.section = "ood";
  const tables: TableProof[] = shapes.map((s, i) => {
    const [prepZ, prepZNext, mainZ, mainZNext, auxZ, auxZNext, quotientZ] = Array.from({ length: 7 }, () => r.arr());
    const openings = { prepZ, prepZNext, mainZ, mainZNext, auxZ, auxZNext, quotientZ };
    return { logRows: s.logRows, publicValues: s.publicValues, auxPublic: auxPublic[i], openings };
  });
  r.section = "fri";
  const nRoots = r.u32();
  if (nRoots > 64) throw new Error(`proof: ${nRoots} FRI layers`);
  const friRoots = Array.from({ length: nRoots }, () => r.arr(rootMax));
  const friFinalPoly = r.arr(1 << 16);
  const powNonce = r.u32();
  r.section = "queries";
  const nQueries = r.u32();
  if (nQueries > 1024) throw new Error(`proof: ${nQueries} queries`);
  const queries: QueryProof[] = [];
  for (let i = 0; i < nQueries; i++) {
    const [prep, main, aux] = [r.opening(), r.opening(), r.opening()];
    const quotient = r.opening();
    if (!quotient) throw new Error(`proof: query ${i} has no quotient opening`);
    const nf = r.u32();
    if (nf > 64) throw new Error(`proof: query ${i} has ${nf} FRI openings`);
    const fri: Opening[] = [];
    for (let k = 0; k < nf; k++) {
      const o = r.opening();
      if (!o) throw new Error(`proof: query ${i} FRI layer ${k} opening missing`);
      fri.push(o);
    }
    queries.push({ prep, main, aux, quotient, fri });
  }
  r.done();
  const proof: StarkProof = { version, config, vkDigest, tables, mainRoot, auxRoot, quotientRoot, friRoots, friFinalPoly, powNonce, queries };
  // One byte string per proof: the reads above admit no choice, and this guards that.
  if (!sameBytes(encodeProof(proof).bytes, bytes)) throw new Error("proof: not the canonical encoding of the proof it decodes to");
  return proof;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
