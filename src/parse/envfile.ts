/**
 * `.env` files as docker compose, systemd EnvironmentFile= and python-dotenv
 * read them: `KEY=value`, optional `export `, single/double quotes, `#`
 * comments (inline only after whitespace in unquoted values), blank lines.
 */
import type { SourceFile } from "../discover/types.js";
import type { Parsed } from "./types.js";
import type { Span } from "./span.js";

export interface EnvFileEntry {
  name: string;
  /** The value after unquoting. `${VAR}` interpolations are kept as written. */
  value: string;
  /** The value as written. */
  raw: string;
  quoted: boolean;
  /** Contains `${…}` or `$VAR` that the consumer would interpolate (unquoted or double-quoted values). */
  interpolated: boolean;
  span: Span;
  valueSpan: Span;
}

export function parseEnvFile(file: SourceFile): Parsed<EnvFileEntry[]> {
  const entries: EnvFileEntry[] = [];
  const errors: Parsed<EnvFileEntry[]>["errors"] = [];
  const lines = file.lines;
  for (let n = 1; n <= lines.lineCount; n++) {
    const text = lines.lineText(n);
    const start = lines.lineStart(n);
    const trimmed = text.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const m = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(text);
    if (!m) {
      const indent = text.length - trimmed.length;
      errors.push({ span: lines.span(start + indent, start + text.length), message: `expected KEY=value, found "${trimmed.slice(0, 40)}"` });
      continue;
    }
    const name = m[3]!;
    let rawValue = m[4]!;
    const valueOffset = start + text.length - rawValue.length;
    let value: string;
    let quoted = false;
    const q = rawValue[0];
    if (q === '"' || q === "'") {
      const close = rawValue.indexOf(q, 1);
      if (close > 0) {
        rawValue = rawValue.slice(0, close + 1);
        value = rawValue.slice(1, -1);
        if (q === '"') value = value.replace(/\\(["\\$n])/g, (_, c: string) => (c === "n" ? "\n" : c));
        quoted = true;
      } else {
        value = rawValue;
      }
    } else {
      const hash = rawValue.search(/\s#/);
      if (hash >= 0) rawValue = rawValue.slice(0, hash);
      rawValue = rawValue.trimEnd();
      value = rawValue;
    }
    entries.push({
      name,
      value,
      raw: rawValue,
      quoted,
      interpolated: q !== "'" && /\$\{?[A-Za-z_]/.test(value),
      span: lines.span(start + m[1]!.length, valueOffset + rawValue.length),
      valueSpan: lines.span(valueOffset, valueOffset + rawValue.length),
    });
  }
  return { file, doc: entries, errors };
}
