// SPDX-License-Identifier: GPL-3.0
//
// Builds, on the main thread, ffjavascript's single-threaded BN254 curve with our wasm
// plugin, and compiles its module once so that worker threads can instantiate it
// without importing ffjavascript (see fixed-base.ts for why they must not).
import { buildBn128 } from "ffjavascript";
import { ptauPlugin } from "./wasm-plugin.ts";
import type { Kernel } from "./fixed-base.ts";

export type MainCurve = { curve: any; kernel: Kernel };

let built: Promise<MainCurve> | undefined;

/** ffjavascript's bn128 (single-threaded: no worker threads of its own) and our kernel. */
export function mainCurve(): Promise<MainCurve> {
  built ??= (async () => {
    const curve = await buildBn128(true, ptauPlugin);
    const tm = curve.tm;
    const module = await WebAssembly.compile(tm.code);
    const pages = tm.memory.buffer.byteLength / 65536;
    return { curve, kernel: { module, pG1gen: tm.pG1gen, pG2gen: tm.pG2gen, pages } };
  })();
  return built;
}
