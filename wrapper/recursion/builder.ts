// Builds a recursion program while computing it: every call records one operation and
// evaluates it at once, so the caller (the verifier run over the recording backend)
// gets real values back and can branch on nothing but the proof's shape. The result is
// the program (program.ts), the witness stream the prover supplies, and the memory.
import { P, add, sub, mul, inv as baseInv } from "../../prover/field/babybear.ts";
import { extMul, extInv, type Ext } from "../../prover/field/extension.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import {
  OpKind, AluOp, READ_CAP, WITNESS_BASE_LANES, SELECT_BASE_LANES, BASE_DOT_TERMS, BITS_PER_DECOMPOSITION, POSEIDON2_WIDTH, ALU_OP_NAMES,
  type RecursionProgram,
} from "./program.ts";

/** A value in recursion memory. `addr` moves to a fresh copy when the old one is read
 * READ_CAP times, so a Var stays usable however often it is read. */
export class Var {
  addr: number;
  constructor(addr: number) {
    this.addr = addr;
  }
}

/** An assertion of the program failed on these values: the proof being verified is bad. */
export class RecursionAssertError extends Error {
  readonly label: string;
  constructor(label: string, message: string) {
    super(`${label}: ${message}`);
    this.label = label;
  }
}

class Column {
  data: number[] = [];
  push(...v: number[]): void {
    for (const x of v) this.data.push(x);
  }
  i32(): Int32Array {
    return Int32Array.from(this.data);
  }
  u32(): Uint32Array {
    return Uint32Array.from(this.data);
  }
  u8(): Uint8Array {
    return Uint8Array.from(this.data);
  }
  get length(): number {
    return this.data.length;
  }
}

export type BuiltProgram = {
  program: RecursionProgram;
  /** The witness blocks in order, 4 words each. */
  witness: Uint32Array;
  /** Every address's block, 4 words each. */
  memory: Uint32Array;
};

export class ProgramBuilder {
  /** lenient: a failed assert-eq is collected in `failures` instead of thrown, so a stand-in
   * proof (shape-proof.ts) records the whole program of its shape. */
  readonly lenient: boolean;
  readonly failures: RecursionAssertError[] = [];
  constructor(opts: { lenient?: boolean } = {}) {
    this.lenient = !!opts.lenient;
  }
  private mem = new Uint32Array(4 * 1024);
  private readCount = new Uint32Array(1024);
  private numAddrs = 0;
  private readonly constOf = new Map<number, Ext>(); // addr -> value, for const re-issue
  private readonly constCache = new Map<string, Var>();
  private readonly witnessValues = new Column();
  /** Base witnesses allocated but not yet emitted (at most WITNESS_BASE_LANES - 1). */
  private pendingBase: number[] = [];
  private readonly orderKind = new Column();
  private readonly orderRow = new Column();
  private readonly c = {
    constOut: new Column(), constValue: new Column(), witnessOut: new Column(), witnessBaseOut: new Column(),
    baseOp: new Column(), baseA: new Column(), baseB: new Column(), baseOut: new Column(),
    extOp: new Column(), extA: new Column(), extB: new Column(), extOut: new Column(),
    fmaA: new Column(), fmaB: new Column(), fmaC: new Column(), fmaOut: new Column(),
    dotAcc: new Column(), dotV: new Column(), dotC: new Column(), dotOut: new Column(),
    invExt: new Column(), invA: new Column(), invOut: new Column(),
    eqA: new Column(), eqB: new Column(),
    selBit: new Column(), selA: new Column(), selB: new Column(), selOut0: new Column(), selOut1: new Column(),
    sbBit: new Column(), sbA: new Column(), sbB: new Column(), sbOut0: new Column(), sbOut1: new Column(),
    bitsA: new Column(), bitsOut: new Column(),
    p2In: new Column(), p2Out: new Column(),
    pubA: new Column(),
  };

  // ---- values

  /** The block held by v (a copy). */
  value(v: Var): Ext {
    return this.mem.slice(4 * v.addr, 4 * v.addr + 4);
  }
  /** The base value held by v (limb 0). */
  baseValue(v: Var): number {
    return this.mem[4 * v.addr];
  }

  // ---- operations

  /** A constant block (deduplicated: one const row serves READ_CAP reads). */
  constant(value: Ext | number): Var {
    const block = typeof value === "number" ? Uint32Array.of(value, 0, 0, 0) : value;
    const key = block.join(",");
    let v = this.constCache.get(key);
    if (!v) {
      v = new Var(this.emitConst(block));
      this.constCache.set(key, v);
    }
    return v;
  }

  /**
   * A value the prover supplies (proof data). An extension block is one witness row; base
   * values are gathered four to a witness-base row, which is emitted once four are
   * pending or before any of them is read (read() flushes), so the order still has every
   * write before its reads.
   */
  witness(value: Ext | number): Var {
    if (typeof value === "number") {
      const block = Uint32Array.of(value, 0, 0, 0);
      checkBlock(block, "witness");
      const out = this.alloc(block);
      this.pendingBase.push(out);
      if (this.pendingBase.length === WITNESS_BASE_LANES) this.flushBaseWitnesses();
      return new Var(out);
    }
    checkBlock(value, "witness");
    const out = this.alloc(value);
    this.witnessValues.push(...value);
    this.c.witnessOut.push(out);
    this.emit(OpKind.Witness, this.c.witnessOut.length - 1);
    return new Var(out);
  }

  /** Emits the pending base witnesses as one witness-base row; lanes left over write 0 to
   * fresh addresses nobody reads. */
  private flushBaseWitnesses(): void {
    const lanes = this.pendingBase;
    if (lanes.length === 0) return;
    this.pendingBase = [];
    while (lanes.length < WITNESS_BASE_LANES) lanes.push(this.alloc(Uint32Array.of(0, 0, 0, 0)));
    for (const a of lanes) {
      this.witnessValues.push(this.mem[4 * a]);
      this.c.witnessBaseOut.push(a);
    }
    this.emit(OpKind.WitnessBase, this.c.witnessBaseOut.length / WITNESS_BASE_LANES - 1);
  }

  baseAlu(op: AluOp, a: Var, b: Var): Var {
    const x = this.readBase(a, `base-${ALU_OP_NAMES[op]}`), aAddr = a.addr;
    const y = this.readBase(b, `base-${ALU_OP_NAMES[op]}`), bAddr = b.addr;
    const r = op === AluOp.Add ? add(x, y) : op === AluOp.Sub ? sub(x, y) : mul(x, y);
    const out = this.alloc(Uint32Array.of(r, 0, 0, 0));
    this.c.baseOp.push(op);
    this.c.baseA.push(aAddr);
    this.c.baseB.push(bAddr);
    this.c.baseOut.push(out);
    this.emit(OpKind.BaseAlu, this.c.baseOut.length - 1);
    return new Var(out);
  }

  extAlu(op: AluOp, a: Var, b: Var): Var {
    const x = this.read(a), aAddr = a.addr;
    const y = this.read(b), bAddr = b.addr;
    const r = op === AluOp.Add ? extAddRaw(x, y) : op === AluOp.Sub ? extSubRaw(x, y) : extMul(x, y);
    const out = this.alloc(r);
    this.c.extOp.push(op);
    this.c.extA.push(aAddr);
    this.c.extB.push(bAddr);
    this.c.extOut.push(out);
    this.emit(OpKind.ExtAlu, this.c.extOut.length - 1);
    return new Var(out);
  }

  /** a·b + c in the extension (base values are valid operands): one row of the ext-fma chip. */
  extFma(a: Var, b: Var, c: Var): Var {
    const x = this.read(a), aAddr = a.addr;
    const y = this.read(b), bAddr = b.addr;
    const z = this.read(c), cAddr = c.addr;
    const out = this.alloc(extAddRaw(extMul(x, y), z));
    this.c.fmaA.push(aAddr);
    this.c.fmaB.push(bAddr);
    this.c.fmaC.push(cAddr);
    this.c.fmaOut.push(out);
    this.emit(OpKind.ExtFma, this.c.fmaOut.length - 1);
    return new Var(out);
  }

  /** acc + sum_k coefs[k]·vals[k] (vals base, acc and coefs extension), BASE_DOT_TERMS
   * terms: one row of the base-dot chip. */
  baseDot(acc: Var, vals: Var[], coefs: Var[]): Var {
    if (vals.length !== BASE_DOT_TERMS || coefs.length !== BASE_DOT_TERMS) throw new RangeError(`baseDot: ${vals.length} values and ${coefs.length} coefficients, ${BASE_DOT_TERMS} each expected`);
    // an operand's address is taken after its read (a read can move the value to a copy)
    const sum = Array.from(this.read(acc));
    this.c.dotAcc.push(acc.addr);
    const vs = this.readBasesInto(vals, this.c.dotV, "base-dot");
    coefs.forEach((c, k) => {
      const y = this.read(c);
      this.c.dotC.push(c.addr);
      for (let i = 0; i < 4; i++) sum[i] = add(sum[i], mul(vs[k], y[i]));
    });
    const out = this.alloc(Uint32Array.from(sum));
    this.c.dotOut.push(out);
    this.emit(OpKind.BaseDot, this.c.dotOut.length - 1);
    return new Var(out);
  }

  /** 1/a; `label` names the check when a is zero. */
  inv(a: Var, ext: boolean, label: string): Var {
    let r: Ext;
    if (ext) {
      const x = this.read(a);
      if (x.every((w) => w === 0)) throw new RecursionAssertError(label, "inverse of zero");
      r = extInv(x);
    } else {
      const x = this.readBase(a, "inv");
      if (x === 0) throw new RecursionAssertError(label, "inverse of zero");
      r = Uint32Array.of(baseInv(x), 0, 0, 0);
    }
    const out = this.alloc(r);
    this.c.invExt.push(ext ? 1 : 0);
    this.c.invA.push(a.addr);
    this.c.invOut.push(out);
    this.emit(OpKind.Inv, this.c.invOut.length - 1);
    return new Var(out);
  }

  assertEq(a: Var, b: Var, label: string): void {
    const x = this.read(a), aAddr = a.addr;
    const y = this.read(b), bAddr = b.addr;
    this.c.eqA.push(aAddr);
    this.c.eqB.push(bAddr);
    this.emit(OpKind.AssertEq, this.c.eqA.length - 1);
    if (!x.every((w, i) => w === y[i])) {
      const err = new RecursionAssertError(label, `[${x.join(", ")}] ≠ [${y.join(", ")}]`);
      if (!this.lenient) throw err;
      this.failures.push(err);
    }
  }

  /** [bit ? b : a, bit ? a : b] */
  select(bit: Var, a: Var, b: Var): [Var, Var] {
    const s = this.readBase(bit, "select"), bitAddr = bit.addr;
    if (s !== 0 && s !== 1) throw new Error(`select: bit holds ${s}, not 0 or 1`);
    const x = this.read(a), aAddr = a.addr;
    const y = this.read(b), bAddr = b.addr;
    const o0 = this.alloc(s ? y : x), o1 = this.alloc(s ? x : y);
    this.c.selBit.push(bitAddr);
    this.c.selA.push(aAddr);
    this.c.selB.push(bAddr);
    this.c.selOut0.push(o0);
    this.c.selOut1.push(o1);
    this.emit(OpKind.Select, this.c.selBit.length - 1);
    return [new Var(o0), new Var(o1)];
  }

  /** [bit ? b : a, bit ? a : b] for base values, SELECT_BASE_LANES pairs to a select-base
   * row (a and b of a length that is a multiple of it: digests). */
  selectBase(bit: Var, a: Var[], b: Var[]): [Var[], Var[]] {
    if (a.length !== b.length || a.length % SELECT_BASE_LANES !== 0) throw new RangeError(`selectBase: ${a.length} and ${b.length} values, a multiple of ${SELECT_BASE_LANES} each expected`);
    const out0: Var[] = [], out1: Var[] = [];
    const write = (vals: number[], col: Column, outs: Var[]) => vals.forEach((v) => {
      const out = this.alloc(Uint32Array.of(v, 0, 0, 0));
      col.push(out);
      outs.push(new Var(out));
    });
    for (let r = 0; r < a.length; r += SELECT_BASE_LANES) {
      const s = this.readBase(bit, "select-base"), bitAddr = bit.addr;
      if (s !== 0 && s !== 1) throw new Error(`select-base: bit holds ${s}, not 0 or 1`);
      const xs = this.readBasesInto(a.slice(r, r + SELECT_BASE_LANES), this.c.sbA, "select-base");
      const ys = this.readBasesInto(b.slice(r, r + SELECT_BASE_LANES), this.c.sbB, "select-base");
      write(s ? ys : xs, this.c.sbOut0, out0);
      write(s ? xs : ys, this.c.sbOut1, out1);
      this.c.sbBit.push(bitAddr);
      this.emit(OpKind.SelectBase, this.c.sbBit.length - 1);
    }
    return [out0, out1];
  }

  /** The 31 bits of a's canonical value, least significant first. */
  bits(a: Var): Var[] {
    const x = this.readBase(a, "bits");
    const outs: Var[] = [];
    this.c.bitsA.push(a.addr);
    for (let i = 0; i < BITS_PER_DECOMPOSITION; i++) {
      const out = this.alloc(Uint32Array.of((x >>> i) & 1, 0, 0, 0));
      this.c.bitsOut.push(out);
      outs.push(new Var(out));
    }
    this.emit(OpKind.Bits, this.c.bitsA.length - 1);
    return outs;
  }

  poseidon2(input: Var[]): Var[] {
    if (input.length !== POSEIDON2_WIDTH) throw new RangeError(`poseidon2: ${input.length} inputs, expected ${POSEIDON2_WIDTH}`);
    const state = new Uint32Array(POSEIDON2_WIDTH);
    input.forEach((v, i) => {
      state[i] = this.readBase(v, "poseidon2");
      this.c.p2In.push(v.addr);
    });
    poseidon2Permute(state);
    const outs = Array.from(state, (w) => {
      const out = this.alloc(Uint32Array.of(w, 0, 0, 0));
      this.c.p2Out.push(out);
      return new Var(out);
    });
    this.emit(OpKind.Poseidon2, this.c.p2In.length / POSEIDON2_WIDTH - 1);
    return outs;
  }

  /** Exposes a base value as the next public value of the recursion proof. */
  publicValue(a: Var): void {
    this.readBase(a, "public");
    this.c.pubA.push(a.addr);
    this.emit(OpKind.Public, this.c.pubA.length - 1);
  }

  // ---- result

  build(): BuiltProgram {
    this.flushBaseWitnesses();
    const c = this.c;
    const program: RecursionProgram = {
      numAddrs: this.numAddrs,
      order: { kind: this.orderKind.u8(), row: this.orderRow.i32() },
      const: { out: c.constOut.i32(), value: c.constValue.u32() },
      witness: { out: c.witnessOut.i32() },
      witnessBase: { out: c.witnessBaseOut.i32() },
      baseAlu: { opcode: c.baseOp.u8(), a: c.baseA.i32(), b: c.baseB.i32(), out: c.baseOut.i32() },
      extAlu: { opcode: c.extOp.u8(), a: c.extA.i32(), b: c.extB.i32(), out: c.extOut.i32() },
      extFma: { a: c.fmaA.i32(), b: c.fmaB.i32(), c: c.fmaC.i32(), out: c.fmaOut.i32() },
      baseDot: { acc: c.dotAcc.i32(), v: c.dotV.i32(), c: c.dotC.i32(), out: c.dotOut.i32() },
      inv: { ext: c.invExt.u8(), a: c.invA.i32(), out: c.invOut.i32() },
      assertEq: { a: c.eqA.i32(), b: c.eqB.i32() },
      select: { bit: c.selBit.i32(), a: c.selA.i32(), b: c.selB.i32(), out0: c.selOut0.i32(), out1: c.selOut1.i32() },
      selectBase: { bit: c.sbBit.i32(), a: c.sbA.i32(), b: c.sbB.i32(), out0: c.sbOut0.i32(), out1: c.sbOut1.i32() },
      bits: { a: c.bitsA.i32(), out: c.bitsOut.i32() },
      poseidon2: { input: c.p2In.i32(), output: c.p2Out.i32() },
      public: { a: c.pubA.i32() },
      reads: this.readCount.slice(0, this.numAddrs),
    };
    return { program, witness: this.witnessValues.u32(), memory: this.mem.slice(0, 4 * this.numAddrs) };
  }

  // ---- internals

  private emit(kind: OpKind, row: number): void {
    this.orderKind.push(kind);
    this.orderRow.push(row);
  }

  private alloc(value: Ext): number {
    const addr = this.numAddrs++;
    if (4 * this.numAddrs > this.mem.length) {
      const m = new Uint32Array(this.mem.length * 2);
      m.set(this.mem);
      this.mem = m;
      const r = new Uint32Array(this.readCount.length * 2);
      r.set(this.readCount);
      this.readCount = r;
    }
    this.mem.set(value, 4 * addr);
    return addr;
  }

  private emitConst(block: Ext): number {
    checkBlock(block, "constant");
    const out = this.alloc(block);
    this.constOf.set(out, block.slice());
    this.c.constOut.push(out);
    this.c.constValue.push(...block);
    this.emit(OpKind.Const, this.c.constOut.length - 1);
    return out;
  }

  /** Counts one read of v, first moving v to a fresh copy if its address is nearly
   * full (the copy itself takes the address's last read). */
  private touch(v: Var): void {
    if (this.readCount[v.addr] >= READ_CAP - 1) {
      const c = this.constOf.get(v.addr);
      if (c) v.addr = this.emitConst(c);
      else v.addr = this.emitCopy(v.addr);
    }
    this.readCount[v.addr]++;
  }

  /** copy = old + 0 in the extension ALU (a base value stays (x, 0, 0, 0)). */
  private emitCopy(old: number): number {
    const zero = this.constant(0);
    this.touch(zero);
    this.readCount[old]++;
    const out = this.alloc(this.mem.slice(4 * old, 4 * old + 4));
    this.c.extOp.push(AluOp.Add);
    this.c.extA.push(old);
    this.c.extB.push(zero.addr);
    this.c.extOut.push(out);
    this.emit(OpKind.ExtAlu, this.c.extOut.length - 1);
    return out;
  }

  private read(v: Var): Ext {
    if (v.addr < 0 || v.addr >= this.numAddrs) throw new RangeError(`read of unwritten address ${v.addr}`);
    if (this.pendingBase.length > 0 && this.pendingBase.includes(v.addr)) this.flushBaseWitnesses();
    this.touch(v);
    return this.value(v);
  }

  /** Reads base values, each address pushed to `col` after its read (a read can move the
   * value to a copy, and the column must name the address read). */
  private readBasesInto(vs: Var[], col: Column, op: string): number[] {
    return vs.map((v) => {
      const x = this.readBase(v, op);
      col.push(v.addr);
      return x;
    });
  }

  private readBase(v: Var, op: string): number {
    const x = this.read(v);
    if (x[1] !== 0 || x[2] !== 0 || x[3] !== 0) throw new TypeError(`${op}: operand at address ${v.addr} is an extension value, not a base one`);
    return x[0];
  }
}

function checkBlock(b: Ext, what: string): void {
  if (b.length !== 4 || !b.every((w) => Number.isInteger(w) && w >= 0 && w < P)) {
    throw new RangeError(`${what}: [${Array.from(b).join(", ")}] is not a block of 4 canonical BabyBear words`);
  }
}

function extAddRaw(a: Ext, b: Ext): Ext {
  return Uint32Array.of(add(a[0], b[0]), add(a[1], b[1]), add(a[2], b[2]), add(a[3], b[3]));
}
function extSubRaw(a: Ext, b: Ext): Ext {
  return Uint32Array.of(sub(a[0], b[0]), sub(a[1], b[1]), sub(a[2], b[2]), sub(a[3], b[3]));
}
