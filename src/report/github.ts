import type { Severity } from "../engine/types.js";
import { pathFromCwd, summaryLine, type FormatOptions, type ReportInput } from "./types.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** Escapes a workflow command's message (the part after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command property value (`file=`, `title=`…). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions workflow commands: one `::error|warning|notice` annotation
 * per finding, paths relative to the working directory (the checkout).
 */
export function formatGithub(result: ReportInput, options: FormatOptions): string {
  const out: string[] = [];
  for (const f of result.findings) {
    const s = f.span;
    const props = [
      `file=${escapeProperty(pathFromCwd(result.root, s.file, options.cwd))}`,
      `line=${s.line}`,
      `col=${s.column}`,
      `endLine=${s.endLine}`,
      `endColumn=${s.endColumn}`,
      `title=${escapeProperty(`${f.code} ${f.name}`)}`,
    ];
    const message = f.fix ? `${f.message}\nFix: ${f.fix}` : f.message;
    out.push(`::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(message)}`);
  }
  out.push(summaryLine(result));
  return out.join("\n") + "\n";
}
