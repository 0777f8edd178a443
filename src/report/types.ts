import { resolve, relative, sep } from "node:path";
import type { AuditResult } from "../index.js";
import type { Severity } from "../engine/types.js";
import pkg from "../../package.json" with { type: "json" };

export const TOOL_NAME = "shipshape";
export const TOOL_VERSION: string = pkg.version;
export const TOOL_URI = "https://www.npmjs.com/package/shipshape";

export interface FormatOptions {
  /** ANSI colours (text only). The CLI turns them on only on a TTY without NO_COLOR or --no-color. */
  color: boolean;
  /** The directory CI tools resolve paths against (github, gitlab): paths are made relative to it. */
  cwd: string;
}

/** What a formatter reads. A formatter is a pure function of it. */
export type ReportInput = Pick<AuditResult, "root" | "findings" | "hidden" | "skipped" | "filesRead" | "rules" | "severityOverrides" | "sources">;

export type Formatter = (result: ReportInput, options: FormatOptions) => string;

export function countBySeverity(result: Pick<AuditResult, "findings">): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return counts;
}

/** A finding's path as CI tools want it: relative to `cwd`, `/` separators. */
export function pathFromCwd(root: string, file: string, cwd: string): string {
  return relative(cwd, resolve(root, file)).split(sep).join("/");
}

/** One line: "3 findings (1 error, 2 warnings) in 2 files · 40 files read, 1 skipped · 2 suppressed". */
export function summaryLine(result: ReportInput): string {
  const c = countBySeverity(result);
  const n = result.findings.length;
  const parts: string[] = [];
  if (n === 0) parts.push("no findings");
  else {
    const bySev = [plural(c.error, "error"), plural(c.warning, "warning"), `${c.info} info`].filter((s) => !s.startsWith("0 "));
    const files = new Set(result.findings.map((f) => f.span.file)).size;
    parts.push(`${plural(n, "finding")} (${bySev.join(", ")}) in ${plural(files, "file")}`);
  }
  parts.push(`${plural(result.filesRead, "file")} read, ${result.skipped.length} skipped`);
  const h = result.hidden;
  const suppressed = h.inline + h.file + h["per-file-ignores"];
  if (suppressed) parts.push(`${suppressed} suppressed`);
  if (h.baseline) parts.push(`${h.baseline} in baseline`);
  if (h.narrowed) parts.push(`${h.narrowed} outside the given paths`);
  return parts.join(" · ");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
