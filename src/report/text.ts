import type { AuditResult } from "../index.js";

export interface TextOptions {
  color: boolean;
}

/** Findings grouped by file, one line each, then a summary line. */
export function formatText(result: Pick<AuditResult, "findings">, _options: TextOptions): string {
  const lines: string[] = [];
  let file = "";
  for (const f of result.findings) {
    if (f.span.file !== file) {
      if (file) lines.push("");
      file = f.span.file;
      lines.push(file);
    }
    lines.push(`  ${f.span.line}:${f.span.column}  ${f.severity.padEnd(7)} ${f.code} ${f.name}  ${f.message}`);
  }
  if (lines.length) lines.push("");
  lines.push(`${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}`);
  return lines.join("\n") + "\n";
}
