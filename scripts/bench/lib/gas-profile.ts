// SPDX-License-Identifier: GPL-3.0
//
// Where a transaction's gas goes: every unit of gasUsed attributed to one line of a
// table, from the node's opcode trace (debug_traceTransaction, default struct logger).
//   - intrinsic: 21,000 plus calldata (4 gas per zero byte, 16 per non-zero byte);
//   - each precompile (ecAdd, ecMul, pairing, modexp, sha256, ...): the price it charged,
//     with the number of calls;
//   - "call <address>": a call into a contract, less what the callee spent (address
//     access: 2,600 cold, 100 warm; memory for its arguments);
//   - EVM opcodes grouped by what they are for (arithmetic, memory and calldata, stack,
//     control flow, keccak256, ...), by the contract frame (depth) they ran in.
// The lines add up to gasUsed exactly (the function checks it), refunds aside.
export type GasLine = { what: string; gas: number; count: number };

const PRECOMPILES: Record<number, string> = {
  1: "ecrecover", 2: "sha256", 3: "ripemd160", 4: "identity", 5: "modexp",
  6: "ecAdd", 7: "ecMul", 8: "pairing", 9: "blake2f", 10: "pointEvaluation",
};

const GROUPS: [RegExp, string][] = [
  [/^(ADD|SUB|MUL|DIV|SDIV|MOD|SMOD|ADDMOD|MULMOD|EXP|SIGNEXTEND|LT|GT|SLT|SGT|EQ|ISZERO|AND|OR|XOR|NOT|BYTE|SHL|SHR|SAR)$/, "arithmetic and logic"],
  [/^(MLOAD|MSTORE|MSTORE8|MCOPY|CALLDATALOAD|CALLDATACOPY|CALLDATASIZE|CODECOPY|RETURNDATACOPY|RETURNDATASIZE|MSIZE)$/, "memory and calldata"],
  [/^(PUSH\d*|DUP\d+|SWAP\d+|POP)$/, "stack"],
  [/^(JUMP|JUMPI|JUMPDEST|PC|STOP|RETURN|REVERT)$/, "control flow"],
  [/^(KECCAK256|SHA3)$/, "keccak256"],
];

type StructLog = { op: string; gas: number; gasCost: number; depth: number; stack?: string[] };

/** Attribute the gas of transaction `txHash` (ethers-like provider with `send`). */
export async function profileTransaction(provider: { send(m: string, p: unknown[]): Promise<any>; getTransaction(h: string): Promise<any>; getTransactionReceipt(h: string): Promise<any> }, txHash: string): Promise<{ gasUsed: number; lines: GasLine[] }> {
  const [tx, receipt, trace] = await Promise.all([
    provider.getTransaction(txHash),
    provider.getTransactionReceipt(txHash),
    provider.send("debug_traceTransaction", [txHash, { disableStorage: true, disableMemory: true }]),
  ]);
  const gasUsed = Number(receipt.gasUsed);
  const data: string = tx.data.startsWith("0x") ? tx.data.slice(2) : tx.data;
  let calldata = 0;
  for (let i = 0; i < data.length; i += 2) calldata += data.slice(i, i + 2) === "00" ? 4 : 16;
  const lines = new Map<string, GasLine>();
  const put = (what: string, gas: number, count = 1) => {
    const l = lines.get(what) ?? { what, gas: 0, count: 0 };
    l.gas += gas;
    l.count += count;
    lines.set(what, l);
  };
  put("intrinsic: transaction", 21000);
  put("intrinsic: calldata", calldata);

  const logs: StructLog[] = trace.structLogs;
  // A step's cost is what its frame's gas counter drops by until the frame's next step.
  // For a call into a contract, that drop includes the callee's whole run, which its own
  // steps account for: subtract it to leave the call's own price.
  for (let i = 0; i < logs.length; i++) {
    const s = logs[i];
    const next = logs[i + 1];
    let cost: number;
    if (next === undefined) cost = s.gasCost; // the last step (STOP, RETURN, REVERT)
    else if (next.depth === s.depth) cost = s.gas - next.gas;
    else if (next.depth > s.depth) {
      // Entering a contract: find the step after it returns, at this depth.
      let j = i + 1;
      while (j < logs.length && logs[j].depth > s.depth) j++;
      const after = logs[j];
      // The callee's whole run: its gas at entry less what it had left at its last step.
      const last = logs[j - 1];
      const spent = logs[i + 1].gas - (last.gas - last.gasCost);
      cost = (after ? s.gas - after.gas : s.gasCost) - spent;
      put(`call ${shortAddress(s.stack)}`, cost);
      continue;
    } else cost = s.gasCost; // leaving a frame: RETURN/STOP's own price
    if (/^(CALL|STATICCALL|DELEGATECALL|CALLCODE)$/.test(s.op) && next?.depth === s.depth && s.stack) {
      const target = Number(BigInt(s.stack[s.stack.length - 2]));
      const name = PRECOMPILES[target];
      if (name) {
        put(`precompile ${name}`, cost);
        continue;
      }
    }
    const group = GROUPS.find(([re]) => re.test(s.op))?.[1] ?? s.op;
    put(`${group} (depth ${s.depth})`, cost);
  }
  const out = [...lines.values()].sort((a, b) => b.gas - a.gas);
  const sum = out.reduce((a, l) => a + l.gas, 0);
  if (sum !== gasUsed) out.push({ what: "unattributed (refunds, tracer rounding)", gas: gasUsed - sum, count: 0 });
  return { gasUsed, lines: out };
}

function shortAddress(stack?: string[]): string {
  if (!stack || stack.length < 2) return "?";
  const a = BigInt(stack[stack.length - 2]).toString(16).padStart(40, "0");
  return `0x${a.slice(0, 6)}…${a.slice(-4)}`;
}

/** The table as text, one line per entry, in thousands of gas. */
export function formatGasProfile(p: { gasUsed: number; lines: GasLine[] }): string {
  const rows = p.lines.map((l) => `  ${(l.gas / 1000).toFixed(1).padStart(7)}k  ${l.what}${l.count > 1 ? ` (${l.count}x)` : ""}`);
  return [`${p.gasUsed} gas:`, ...rows].join("\n");
}
