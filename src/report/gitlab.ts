import type { Severity } from "../engine/types.js";
import { pathFromCwd, type FormatOptions, type ReportInput } from "./types.js";

/** GitLab Code Quality severities: info → minor, warning → major, error → critical (blocker is left to users' judgement). */
export const GITLAB_SEVERITY: Record<Severity, "minor" | "major" | "critical"> = { info: "minor", warning: "major", error: "critical" };

/** A GitLab Code Quality report (a JSON array of issues), paths relative to the working directory. */
export function formatGitlab(result: ReportInput, options: FormatOptions): string {
  const issues = result.findings.map((f) => ({
    description: `${f.code} ${f.name}: ${f.message}`,
    check_name: f.code,
    fingerprint: f.fingerprint,
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: pathFromCwd(result.root, f.span.file, options.cwd), lines: { begin: f.span.line, end: f.span.endLine } },
  }));
  return JSON.stringify(issues, null, 2) + "\n";
}
