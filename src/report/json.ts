import type { AuditResult } from "../index.js";

export function formatJson(result: Pick<AuditResult, "findings">): string {
  return JSON.stringify({ version: 1, findings: result.findings }, null, 2) + "\n";
}
