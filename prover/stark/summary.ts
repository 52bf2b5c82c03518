// A JSON-friendly summary of a proof: sizes per section, tables, security level.
import { encodeProof } from "./proof-codec.ts";
import { securityOf, type SecurityReport } from "./security.ts";
import type { StarkProof } from "./proof.ts";

export type ProofSummary = {
  version: number;
  hashSuite: string;
  sections: Record<string, number>;
  tables: Array<{ rows: number; publicValues: number }>;
  security: SecurityReport;
  insecure: boolean;
};

export function summarizeProof(proof: StarkProof): ProofSummary {
  const { sections } = encodeProof(proof);
  const maxLogRows = Math.max(...proof.tables.map((t) => t.logRows));
  const security = securityOf(proof.config, maxLogRows);
  return {
    version: proof.version,
    hashSuite: proof.config.hashSuite,
    sections,
    tables: proof.tables.map((t) => ({ rows: 1 << t.logRows, publicValues: t.publicValues.length })),
    security,
    insecure: security.conjecturedBits < 100,
  };
}
