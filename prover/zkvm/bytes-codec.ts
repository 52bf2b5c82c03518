// Little-endian word streams for the zkVM's files (keys, receipts), strict on reading:
// every length is checked against what is left (naming the field), byte strings are
// zero-padded to a word and the padding must be zero, and nothing may follow the last
// field. So exactly one byte string decodes to each object.

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private len = 0;

  raw(b: Uint8Array): this {
    this.chunks.push(b.slice());
    this.len += b.length;
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.raw(b);
  }
  words(w: ArrayLike<number>): this {
    for (let i = 0; i < w.length; i++) this.u32(w[i]);
    return this;
  }
  /** Length, the bytes, zero padding to a word. */
  bytes(b: Uint8Array): this {
    this.u32(b.length).raw(b);
    return this.raw(new Uint8Array((4 - (b.length % 4)) % 4));
  }
  string(s: string): this {
    return this.bytes(new TextEncoder().encode(s));
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.len);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

export class ByteReader {
  private pos = 0;
  private readonly view: DataView;
  private readonly buf: Uint8Array;
  private readonly what: string;

  constructor(buf: Uint8Array, what: string) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.what = what;
  }
  private need(n: number, field: string): void {
    if (this.pos + n > this.buf.length) throw new Error(`${this.what}: truncated at ${field} (needs ${n} bytes, ${this.buf.length - this.pos} left)`);
  }
  raw(n: number, field: string): Uint8Array {
    this.need(n, field);
    // a copy as a plain Uint8Array (a Node Buffer's slice is a view into its pool)
    const out = new Uint8Array(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** A u32 that must be one of `allowed`. */
  oneOf(field: string, allowed: number[]): number {
    const v = this.u32(field);
    if (!allowed.includes(v)) throw new Error(`${this.what}: ${field} is ${v}, expected ${allowed.join(" or ")}`);
    return v;
  }
  words(n: number, field: string): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32(field);
    return out;
  }
  bytes(field: string, max = 1 << 30): Uint8Array {
    const n = this.u32(`${field} length`);
    if (n > max) throw new Error(`${this.what}: ${field} length ${n} exceeds ${max}`);
    const out = this.raw(n, field);
    const pad = this.raw((4 - (n % 4)) % 4, `${field} padding`);
    if (pad.some((x) => x !== 0)) throw new Error(`${this.what}: ${field} padding is not zero`);
    return out;
  }
  string(field: string): string {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(this.bytes(field, 1 << 16));
  }
  end(): void {
    if (this.pos !== this.buf.length) throw new Error(`${this.what}: ${this.buf.length - this.pos} unexpected bytes after the last field`);
  }
}
