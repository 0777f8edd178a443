import type { Finding, Severity } from "../engine/types.js";
import type { LineIndex, Span } from "../parse/span.js";
import { summaryLine, type FormatOptions, type ReportInput } from "./types.js";

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", yellow: "\x1b[33m", blue: "\x1b[34m", cyan: "\x1b[36m" };
const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

/** Findings grouped by file, each with a code frame, related locations and the fix hint; then a summary line. */
export function formatText(result: ReportInput, options: FormatOptions): string {
  const paint = (code: string, s: string) => (options.color ? `${code}${s}${ANSI.reset}` : s);
  const out: string[] = [];
  let file: string | null = null;
  for (const f of result.findings) {
    if (f.span.file !== file) {
      if (file !== null) out.push("");
      file = f.span.file;
      out.push(paint(ANSI.bold, file));
    }
    out.push(...findingBlock(f, result.sources.get(f.span.file), paint));
  }
  if (out.length) out.push("");
  out.push(summaryLine(result));
  return out.join("\n") + "\n";
}

function findingBlock(f: Finding, lines: LineIndex | undefined, paint: (code: string, s: string) => string): string[] {
  const out: string[] = [];
  const where = `${f.span.line}:${f.span.column}`;
  out.push(`  ${where}  ${paint(SEVERITY_COLOR[f.severity], f.severity)}  ${paint(ANSI.bold, `${f.code} ${f.name}`)}  ${f.message}`);
  if (lines) out.push(...codeFrame(lines, f.span, paint, SEVERITY_COLOR[f.severity]));
  for (const r of f.related) out.push(`      ${paint(ANSI.cyan, `${r.span.file}:${r.span.line}:${r.span.column}`)}  ${r.message}`);
  if (f.fix) out.push(`      ${paint(ANSI.bold, "fix:")} ${f.fix}`);
  return out;
}

/** The reported line with a gutter and `^^^` under the span (to the end of the line when the span goes on). */
export function codeFrame(lines: LineIndex, span: Span, paint: (code: string, s: string) => string, color: string): string[] {
  if (span.line < 1 || span.line > lines.lineCount) return [];
  const text = lines.lineText(span.line);
  const gutter = String(span.line);
  const blank = " ".repeat(gutter.length);
  const start = Math.min(Math.max(span.column - 1, 0), text.length);
  const end = span.endLine > span.line ? text.length : Math.min(Math.max(span.endColumn - 1, start + 1), Math.max(text.length, start + 1));
  const pad = text.slice(0, start).replace(/[^\t]/g, " ");
  const marks = "^".repeat(Math.max(1, end - start));
  return [`      ${paint(ANSI.dim, `${gutter} |`)} ${text}`, `      ${paint(ANSI.dim, `${blank} |`)} ${pad}${paint(color, marks)}`];
}
