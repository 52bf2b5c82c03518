// The compiled form of an AIR: what the STARK prover and verifier call. One symbolic
// description (builder.ts) yields all of it; nothing here is written by hand per AIR.
import type { Ext } from "../field/extension.ts";

/** Inputs of the prover's quotient evaluator over the LDE coset (or the trace itself). */
export type LdeInputs = {
  main: Uint32Array[];
  preprocessed: Uint32Array[];
  /** 4 base columns per extension column: coordinate j of ext column c is column 4c+j. */
  aux: Uint32Array[];
  /** Row offset of "next": B on an LDE of blowup B, 1 on the trace. Indices wrap. */
  nextStride: number;
  isFirstRow: Uint32Array;
  isLastRow: Uint32Array;
  isTransition: Uint32Array;
  /** 1/Z_H(x_i), periodic: row i uses invZerofier[i % length] (length a power of two). */
  invZerofier: Uint32Array;
  publicValues: Uint32Array;
  /** 4 words per challenge. */
  challenges: Uint32Array;
  /** 4 words per aux public value. */
  auxPublic: Uint32Array;
  /** 4 words per constraint: alpha^k for constraint k. */
  alphaPowers: Uint32Array;
};

/** Inputs of the verifier's evaluation at an extension point z. */
export type PointInputs = {
  mainCur: Ext[];
  mainNext: Ext[];
  prepCur: Ext[];
  prepNext: Ext[];
  /** One Ext per extension aux column (already recombined from its 4 coordinates). */
  auxCur: Ext[];
  auxNext: Ext[];
  isFirstRow: Ext;
  isLastRow: Ext;
  isTransition: Ext;
  publicValues: Uint32Array;
  challenges: Uint32Array;
  auxPublic: Uint32Array;
};

/** The trace itself, for the debug checker. */
export type TraceInputs = {
  main: Uint32Array[];
  preprocessed: Uint32Array[];
  aux: Uint32Array[];
  publicValues: Uint32Array;
  challenges: Uint32Array;
  auxPublic: Uint32Array;
};

export type Interaction = {
  bus: string;
  busId: number;
  /** Node ids of the tuple entries and of the signed multiplicity. */
  tuple: number[];
  multiplicity: number;
  /** Node id of gamma + v_0 + beta·v_1 + ... + beta^m·busId. */
  fingerprint: number;
  /** The ext aux column whose value includes multiplicity / fingerprint (shared by a pair). */
  termColumn: number;
  /** Integer range of the signed multiplicity (multiplicity.ts); null only for a lookup table. */
  multiplicityRange: readonly [number, number] | null;
  /** A lookup table's interaction (its tuple fixed): free multiplicity, left out of the bus caps. */
  lookupTable: LookupTable | false;
};

/** true: the tuple is preprocessed columns and constants; fixedBy: the constraints that pin it. */
export type LookupTable = true | { fixedBy: string[] };

export interface CompiledAir {
  name: string;
  mainWidth: number;
  preprocessedWidth: number;
  /** Extension columns (each committed as 4 base columns). */
  auxWidth: number;
  numPublicValues: number;
  numChallenges: number;
  numAuxPublic: number;
  constraintNames: string[];
  /** Max constraint degree, selectors counted as degree 1. */
  maxDegree: number;
  /** out[j][i] = coord j of sum_k alpha^k C_k(x_i) · invZerofier[i % len], rows [start, end). */
  evalQuotient(inp: LdeInputs, start: number, end: number, out: Uint32Array[]): void;
  /** sum_k alpha^k C_k(z), not divided by Z_H(z). */
  evalAtPoint(inp: PointInputs, alpha: Ext): Ext;
  /** First violated constraint (lowest row, then lowest constraint index), or null. */
  check(trace: TraceInputs): { constraint: string; row: number } | null;
  /** The expression DAG, versioned; format in prover/air/README.md. */
  toJSON(): object;
  /** Source of the generated quotient evaluator, a factory's body: `new Function(moduleSource)()` is the evaluator (codegen.ts buildEvaluator). */
  moduleSource?: string;
  /** Source of the generated LogUp aux evaluator ([fp_0, m_0, fp_1, m_1, ...] per row), a factory's body likewise; absent without interactions. */
  auxModuleSource?: string;
  /** Bus interactions (LogUp), in aux-column order; empty when the AIR uses no bus. */
  interactions: Interaction[];
  /** Index of the aux public value holding the LogUp cumulative sum, or -1. */
  cumulativeSumIndex: number;
}
