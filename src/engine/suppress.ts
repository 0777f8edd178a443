import ignore from "ignore";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "../parse/span.js";
import { matchesAny, type ResolvedConfig } from "../config/types.js";
import type { Finding } from "./types.js";

/** One rule named in a suppression comment. */
export interface SuppressionEntry {
  /** As written, e.g. `DJ101` or `debug-enabled`. */
  name: string;
  /** The rule code it names, or null when it names no rule (PX003). */
  code: string | null;
  /** Where the name is written. */
  span: Span;
  /** Set when it suppressed at least one finding. */
  used: boolean;
}

/** A `# shipshape: ignore[...]` or `# shipshape: ignore-file[...]` comment. */
export interface Suppression {
  file: string;
  scope: "line" | "file";
  /** The comment, from `#` to the end of the directive (reason excluded). */
  span: Span;
  /** For `line` scope: the 1-based line it applies to. */
  line: number;
  entries: SuppressionEntry[];
  /** The trailing reason (`-- reason` or `: reason`), if any. */
  reason: string | null;
}

const DIRECTIVE = /#\s*shipshape\s*:\s*(ignore-file|ignore)\b(?:\s*\[([^\]\n]*)\])?/;
const REASON = /^\s*(?:--|:)\s*(.*?)\s*$/;

/**
 * Finds suppression comments in every file. A comment alone on its line
 * applies to the next line that is neither blank nor a comment; a trailing
 * comment applies to its own line; `ignore-file` applies to the whole file.
 */
export function scanSuppressions(files: readonly SourceFile[], resolve: (name: string) => string | undefined): Suppression[] {
  const out: Suppression[] = [];
  for (const file of files) {
    if (!file.text.includes("shipshape")) continue;
    const count = file.lines.lineCount;
    for (let line = 1; line <= count; line++) {
      const text = file.lines.lineText(line);
      const m = DIRECTIVE.exec(text);
      if (!m) continue;
      const scope = m[1] === "ignore-file" ? "file" : "line";
      const standalone = text.slice(0, m.index).trim() === "";
      const lineStart = file.lines.lineStart(line);
      const directiveEnd = m.index + m[0].length;
      const reason = REASON.exec(text.slice(directiveEnd))?.[1] || null;
      const entries: SuppressionEntry[] = [];
      if (m[2] !== undefined) {
        const listStart = m.index + m[0].indexOf("[") + 1;
        let offset = 0;
        for (const part of m[2].split(",")) {
          const name = part.trim();
          if (name) {
            const at = listStart + offset + part.indexOf(name);
            entries.push({ name, code: resolve(name) ?? null, span: file.lines.span(lineStart + at, lineStart + at + name.length), used: false });
          }
          offset += part.length + 1;
        }
      }
      let target = line;
      if (scope === "line" && standalone) {
        target = line + 1;
        while (target <= count && /^\s*(#.*)?$/.test(file.lines.lineText(target))) target++;
      }
      out.push({
        file: file.path,
        scope,
        span: file.lines.span(lineStart + m.index, lineStart + directiveEnd),
        line: target,
        entries,
        reason,
      });
    }
  }
  return out;
}

export type SuppressedBy = "inline" | "file" | "per-file-ignores";

export interface SuppressionResult {
  kept: Finding[];
  suppressed: { finding: Finding; by: SuppressedBy }[];
}

/**
 * Applies config severity overrides, per-file-ignores and inline
 * suppressions to findings, marking the suppression entries that were used.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], config: Pick<ResolvedConfig, "severity" | "perFileIgnores">): SuppressionResult {
  const perFile = Object.entries(config.perFileIgnores).map(([glob, codes]) => ({ matcher: ignore().add(glob), codes }));
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const list = byFile.get(s.file);
    if (list) list.push(s);
    else byFile.set(s.file, [s]);
  }
  const kept: Finding[] = [];
  const suppressed: SuppressionResult["suppressed"] = [];
  for (const finding of findings) {
    const override = config.severity[finding.code];
    if (override) finding.severity = override;
    if (perFile.some((p) => matchesAny(finding.code, p.codes) && isRelative(finding.span.file) && p.matcher.ignores(finding.span.file))) {
      suppressed.push({ finding, by: "per-file-ignores" });
      continue;
    }
    let by: SuppressedBy | null = null;
    for (const s of byFile.get(finding.span.file) ?? []) {
      if (s.scope === "line" && s.line !== finding.span.line) continue;
      for (const e of s.entries) {
        if (e.code !== finding.code) continue;
        e.used = true;
        by ??= s.scope === "file" ? "file" : "inline";
      }
    }
    if (by) suppressed.push({ finding, by });
    else kept.push(finding);
  }
  return { kept, suppressed };
}

/** The `ignore` matcher accepts only relative paths; config files outside the root have absolute ones. */
function isRelative(path: string): boolean {
  return !path.startsWith("/") && !path.startsWith("..") && !/^[A-Za-z]:/.test(path);
}
