import type { Span } from "../parse/span.js";
import { countBySeverity, TOOL_NAME, TOOL_VERSION, type ReportInput } from "./types.js";

/** The JSON report's schema version; docs/report.schema.json describes it. Bump on any incompatible change. */
export const JSON_SCHEMA_VERSION = 1;

/** The versioned JSON report (docs/formats.md, docs/report.schema.json). */
export function formatJson(result: ReportInput): string {
  const tags = new Map(result.rules.map((r) => [r.code, r.tags]));
  const counts = countBySeverity(result);
  const report = {
    version: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    root: result.root,
    summary: {
      findings: result.findings.length,
      error: counts.error,
      warning: counts.warning,
      info: counts.info,
      filesRead: result.filesRead,
      filesSkipped: result.skipped.length,
      hidden: {
        inline: result.hidden.inline,
        file: result.hidden.file,
        perFileIgnores: result.hidden["per-file-ignores"],
        baseline: result.hidden.baseline,
        narrowed: result.hidden.narrowed,
      },
    },
    findings: result.findings.map((f) => ({
      code: f.code,
      name: f.name,
      severity: f.severity,
      tags: tags.get(f.code) ?? [],
      message: f.message,
      messageId: f.messageId,
      location: location(f.span),
      related: f.related.map((r) => ({ location: location(r.span), message: r.message })),
      fix: f.fix ?? null,
      fingerprint: f.fingerprint,
    })),
    skipped: result.skipped.map((s) => ({ path: s.path, reason: s.reason })),
  };
  return JSON.stringify(report, null, 2) + "\n";
}

function location(s: Span) {
  return { file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}
