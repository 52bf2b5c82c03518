// The reference interpreter of a recursion program: runs it from the program's columns
// and a witness stream alone, checking every rule of program.ts (write-once memory,
// reads of written addresses only, base operands, assertions, read counts). The chips
// must accept exactly what this accepts; their trace generators read the memory it
// returns.
import { P, add, sub, mul, inv as baseInv } from "../../prover/field/babybear.ts";
import { extMul, extInv } from "../../prover/field/extension.ts";
import { poseidon2Permute } from "../../prover/hash/poseidon2-babybear.ts";
import {
  OpKind, AluOp, READ_CAP, BITS_PER_DECOMPOSITION, POSEIDON2_WIDTH, OP_KIND_NAMES, WITNESS_BASE_LANES, SELECT_BASE_LANES, BASE_DOT_TERMS,
  readsOf, writesOf, type RecursionProgram,
} from "./program.ts";

export class RecursionRunError extends Error {
  constructor(kind: OpKind, row: number, message: string) {
    super(`${OP_KIND_NAMES[kind]} #${row}: ${message}`);
  }
}

/** Runs the program; returns every address's block (4 words each) and the public values. */
export function runProgram(p: RecursionProgram, witness: Uint32Array): { memory: Uint32Array; publicValues: Uint32Array } {
  const mem = new Uint32Array(4 * p.numAddrs);
  const written = new Uint8Array(p.numAddrs);
  const reads = new Uint32Array(p.numAddrs);
  const publics: number[] = [];
  let w = 0;
  const steps = p.order.kind.length;
  for (let k = 0; k < steps; k++) {
    const kind = p.order.kind[k] as OpKind;
    const row = p.order.row[k];
    const fail = (m: string): never => {
      throw new RecursionRunError(kind, row, m);
    };
    for (const a of readsOf(p, kind, row)) {
      if (!(a >= 0 && a < p.numAddrs) || !written[a]) fail(`reads address ${a}, which is not written yet`);
      reads[a]++;
    }
    const block = (a: number) => mem.subarray(4 * a, 4 * a + 4);
    const base = (a: number) => {
      const b = block(a);
      if (b[1] !== 0 || b[2] !== 0 || b[3] !== 0) fail(`operand at address ${a} is an extension value`);
      return b[0];
    };
    let out: number[] = [];
    switch (kind) {
      case OpKind.Const:
        out = Array.from(p.const.value.subarray(4 * row, 4 * row + 4));
        break;
      case OpKind.Witness:
        if (w + 4 > witness.length) fail("the witness stream is exhausted");
        out = Array.from(witness.subarray(w, w + 4));
        w += 4;
        break;
      case OpKind.WitnessBase:
        if (w + WITNESS_BASE_LANES > witness.length) fail("the witness stream is exhausted");
        for (let i = 0; i < WITNESS_BASE_LANES; i++) out.push(witness[w + i], 0, 0, 0);
        w += WITNESS_BASE_LANES;
        break;
      case OpKind.BaseAlu: {
        const x = base(p.baseAlu.a[row]), y = base(p.baseAlu.b[row]);
        const op = p.baseAlu.opcode[row];
        out = [op === AluOp.Add ? add(x, y) : op === AluOp.Sub ? sub(x, y) : op === AluOp.Mul ? mul(x, y) : fail(`opcode ${op}`), 0, 0, 0];
        break;
      }
      case OpKind.ExtAlu: {
        const x = block(p.extAlu.a[row]), y = block(p.extAlu.b[row]);
        const op = p.extAlu.opcode[row];
        if (op === AluOp.Add) out = [0, 1, 2, 3].map((i) => add(x[i], y[i]));
        else if (op === AluOp.Sub) out = [0, 1, 2, 3].map((i) => sub(x[i], y[i]));
        else if (op === AluOp.Mul) out = Array.from(extMul(x, y));
        else fail(`opcode ${op}`);
        break;
      }
      case OpKind.ExtFma: {
        const x = block(p.extFma.a[row]), y = block(p.extFma.b[row]), z = block(p.extFma.c[row]);
        const xy = extMul(x, y);
        out = [0, 1, 2, 3].map((i) => add(xy[i], z[i]));
        break;
      }
      case OpKind.BaseDot: {
        const [accAddr, ...terms] = readsOf(p, kind, row);
        const acc = Array.from(block(accAddr));
        for (let k = 0; k < BASE_DOT_TERMS; k++) {
          const v = base(terms[k]), c = block(terms[BASE_DOT_TERMS + k]);
          for (let i = 0; i < 4; i++) acc[i] = add(acc[i], mul(v, c[i]));
        }
        out = acc;
        break;
      }
      case OpKind.Inv: {
        const a = p.inv.a[row];
        if (p.inv.ext[row]) {
          const x = block(a);
          if (x.every((v) => v === 0)) fail("inverse of zero");
          out = Array.from(extInv(x.slice()));
        } else {
          const x = base(a);
          if (x === 0) fail("inverse of zero");
          out = [baseInv(x), 0, 0, 0];
        }
        break;
      }
      case OpKind.AssertEq: {
        const x = block(p.assertEq.a[row]), y = block(p.assertEq.b[row]);
        if (!x.every((v, i) => v === y[i])) fail(`[${x.join(", ")}] ≠ [${y.join(", ")}]`);
        break;
      }
      case OpKind.Select: {
        const s = base(p.select.bit[row]);
        if (s !== 0 && s !== 1) fail(`bit holds ${s}`);
        const x = Array.from(block(p.select.a[row])), y = Array.from(block(p.select.b[row]));
        out = s ? [...y, ...x] : [...x, ...y];
        break;
      }
      case OpKind.SelectBase: {
        const [bitAddr, ...pairs] = readsOf(p, kind, row).map((a, i) => (i === 0 ? a : base(a)));
        const s = base(bitAddr);
        if (s !== 0 && s !== 1) fail(`bit holds ${s}`);
        const x = pairs.slice(0, SELECT_BASE_LANES), y = pairs.slice(SELECT_BASE_LANES);
        const [o0, o1] = s ? [y, x] : [x, y];
        for (const v of [...o0, ...o1]) out.push(v, 0, 0, 0);
        break;
      }
      case OpKind.Bits: {
        const x = base(p.bits.a[row]);
        for (let i = 0; i < BITS_PER_DECOMPOSITION; i++) out.push((x >>> i) & 1, 0, 0, 0);
        break;
      }
      case OpKind.Poseidon2: {
        const state = Uint32Array.from(readsOf(p, kind, row), (a) => base(a));
        poseidon2Permute(state);
        for (let i = 0; i < POSEIDON2_WIDTH; i++) out.push(state[i], 0, 0, 0);
        break;
      }
      case OpKind.Public:
        publics.push(base(p.public.a[row]));
        break;
      default:
        fail(`unknown kind ${kind}`);
    }
    writesOf(p, kind, row).forEach((a, i) => {
      if (!(a >= 0 && a < p.numAddrs)) fail(`writes address ${a}, outside memory`);
      if (written[a]) fail(`writes address ${a} a second time`);
      for (let j = 0; j < 4; j++) {
        const v = out[4 * i + j];
        if (!(v >= 0 && v < P)) fail(`value ${v} is not canonical`);
        mem[4 * a + j] = v;
      }
      written[a] = 1;
    });
  }
  if (w !== witness.length) throw new Error(`runProgram: ${(witness.length - w) / 4} witness blocks left unread`);
  for (let a = 0; a < p.numAddrs; a++) {
    if (!written[a]) throw new Error(`runProgram: address ${a} is never written`);
    if (reads[a] !== p.reads[a]) throw new Error(`runProgram: address ${a} is read ${reads[a]} times, the program says ${p.reads[a]}`);
    if (reads[a] > READ_CAP) throw new Error(`runProgram: address ${a} is read ${reads[a]} times, over the cap ${READ_CAP}`);
  }
  return { memory: mem, publicValues: Uint32Array.from(publics) };
}
