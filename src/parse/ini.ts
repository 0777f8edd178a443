/**
 * INI-style files as systemd, supervisor and uWSGI read them. One parser,
 * three dialects:
 *
 * - systemd: `#`/`;` whole-line comments; a line ending in `\` continues on
 *   the next (joined with a space; comment lines inside a continuation are
 *   skipped, as systemd does); keys are case-sensitive.
 * - supervisor (Python's RawConfigParser): `key = value` or `key: value`;
 *   an indented line continues the previous value (joined with a newline);
 *   `;` after whitespace starts an inline comment; keys are lower-cased.
 * - uwsgi (core/ini.c): `key = value`, whole-line comments, repeated keys;
 *   a bare `key` is the option with an empty value (a flag such as `master`
 *   is then on); nothing else is an error except a header without `]`.
 *
 * Repeated keys are kept in order, every key and value has a Span, and a
 * line that is none of these becomes a ParseError; the parser never throws.
 */
import type { SourceFile } from "../discover/types.js";
import { spanThrough, type LineIndex, type Span } from "./span.js";
import type { Parsed, ParseError } from "./types.js";

export type IniDialect = "systemd" | "supervisor" | "uwsgi";

export interface IniEntry {
  key: string;
  keySpan: Span;
  /** The value after joining continuation lines, surrounding whitespace and inline comments removed. */
  value: string;
  valueSpan: Span;
  /** File offset of each character of `value` (a joining space or newline maps to the line break). */
  offsets: number[];
  /** Key to end of value. */
  span: Span;
}

/** A whole-line comment that reads like an assignment (`#ExecStart=...`): a documented alternative. */
export interface IniCommentedEntry {
  key: string;
  value: string;
  /** The comment line. */
  span: Span;
  valueSpan: Span;
  offsets: number[];
}

export interface IniSection {
  name: string;
  /** The `[name]` header. */
  span: Span;
  entries: IniEntry[];
  commented: IniCommentedEntry[];
}

export interface IniDocument {
  sections: IniSection[];
}

/** The last entry of `key` (the effective one for scalar keys). */
export function lastEntry(section: IniSection, key: string): IniEntry | undefined {
  for (let i = section.entries.length - 1; i >= 0; i--) if (section.entries[i]!.key === key) return section.entries[i];
  return undefined;
}

export function allEntries(section: IniSection, key: string): IniEntry[] {
  return section.entries.filter((e) => e.key === key);
}

/** Span of `value.slice(start, end)` of an entry, through its offset map. */
export function valueSubSpan(lines: LineIndex, entry: { offsets: number[]; valueSpan: Span }, start: number, end: number): Span {
  if (entry.offsets.length === 0) return entry.valueSpan;
  const a = entry.offsets[Math.min(start, entry.offsets.length - 1)]!;
  const b = end > start ? entry.offsets[Math.min(end, entry.offsets.length) - 1]! + 1 : a;
  return lines.span(a, b);
}

export function parseIni(file: SourceFile, dialect: IniDialect): Parsed<IniDocument> {
  return { file, ...parseIniText(file.lines, dialect) };
}

export function parseIniText(lines: LineIndex, dialect: IniDialect): { doc: IniDocument; errors: ParseError[] } {
  const sections: IniSection[] = [];
  const errors: ParseError[] = [];
  let current: IniSection | null = null;
  let last: IniEntry | null = null;
  let orphanReported = false;
  const n = lines.lineCount;

  for (let ln = 1; ln <= n; ln++) {
    const text = lines.lineText(ln);
    const start = lines.lineStart(ln);
    const trimmed = text.trim();
    const indent = text.length - text.trimStart().length;

    if (dialect === "supervisor" && last && indent > 0 && trimmed !== "" && !/^[;#]/.test(trimmed)) {
      const cut = inlineComment(text);
      const part = text.slice(indent, cut).trimEnd();
      if (part !== "") appendPart(last, lines, "\n", start + indent, part, start - 1);
      continue;
    }
    if (trimmed === "") {
      if (dialect !== "supervisor") last = null;
      continue;
    }
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
      const m = /^[#;]+\s*([A-Za-z][\w.-]*)\s*=\s*(.*?)\s*$/.exec(trimmed);
      if (m && current) {
        const eq = text.indexOf("=");
        const value = m[2]!;
        const valueStart = start + eq + 1 + (text.slice(eq + 1).length - text.slice(eq + 1).trimStart().length);
        current.commented.push({
          key: m[1]!,
          value,
          span: lines.span(start + indent, start + indent + trimmed.length),
          valueSpan: lines.span(valueStart, valueStart + value.length),
          offsets: Array.from({ length: value.length }, (_, i) => valueStart + i),
        });
      }
      if (dialect !== "supervisor") last = null;
      continue;
    }
    if (trimmed.startsWith("[")) {
      const close = trimmed.indexOf("]");
      if (close < 0 || (dialect !== "uwsgi" && trimmed.slice(close + 1).trim() !== "" && !/^[;#]/.test(trimmed.slice(close + 1).trim()))) {
        errors.push({ span: lines.span(start + indent, start + indent + trimmed.length), message: `malformed section header "${trimmed.slice(0, 40)}"` });
        current = null;
        last = null;
        orphanReported = true;
        continue;
      }
      current = { name: trimmed.slice(1, close).trim(), span: lines.span(start + indent, start + indent + close + 1), entries: [], commented: [] };
      sections.push(current);
      last = null;
      continue;
    }
    const sep = dialect === "supervisor" ? firstOf(text, "=:") : text.indexOf("=");
    if (dialect === "uwsgi" && sep < 0 && current) {
      const keySpan = lines.span(start + indent, start + indent + trimmed.length);
      const end = start + indent + trimmed.length;
      current.entries.push({ key: trimmed, keySpan, value: "", valueSpan: lines.span(end, end), offsets: [], span: keySpan });
      continue;
    }
    if (sep < 0 || text.slice(0, sep).trim() === "") {
      if (dialect !== "uwsgi") errors.push({ span: lines.span(start + indent, start + indent + trimmed.length), message: `expected key=value, found "${trimmed.slice(0, 40)}"` });
      last = null;
      continue;
    }
    if (!current) {
      if (!orphanReported && dialect !== "uwsgi") errors.push({ span: lines.span(start + indent, start + indent + trimmed.length), message: "assignment outside of any [section]" });
      orphanReported = true;
      last = null;
      continue;
    }
    const rawKey = text.slice(indent, sep).trimEnd();
    const key = dialect === "supervisor" ? rawKey.toLowerCase() : rawKey;
    const keySpan = lines.span(start + indent, start + indent + rawKey.length);
    let valueText = text.slice(sep + 1);
    const valueStart = start + sep + 1 + (valueText.length - valueText.trimStart().length);
    valueText = valueText.trimStart();
    if (dialect === "supervisor") valueText = valueText.slice(0, Math.max(0, inlineComment(text) - (text.length - valueText.length))).trimEnd();
    else valueText = valueText.trimEnd();
    const entry: IniEntry = {
      key,
      keySpan,
      value: "",
      valueSpan: lines.span(valueStart, valueStart),
      offsets: [],
      span: keySpan,
    };
    current.entries.push(entry);
    last = entry;
    if (dialect === "systemd") {
      let lineNo = ln;
      let part = valueText;
      let partStart = valueStart;
      let lineEnd = start + text.length;
      for (;;) {
        const continues = part.endsWith("\\");
        const piece = continues ? part.slice(0, -1).trimEnd() : part;
        appendPart(entry, lines, entry.value === "" ? "" : " ", partStart, piece, lineEnd);
        if (!continues || lineNo >= n) break;
        lineNo++;
        let next = lines.lineText(lineNo);
        while (/^\s*[#;]/.test(next) && lineNo < n) {
          lineNo++;
          next = lines.lineText(lineNo);
        }
        const nextStart = lines.lineStart(lineNo);
        lineEnd = nextStart + next.length;
        part = next.trim();
        partStart = nextStart + (next.length - next.trimStart().length);
        if (part === "") break;
      }
      ln = lineNo;
      last = null;
      continue;
    }
    appendPart(entry, lines, "", valueStart, valueText, start + text.length);
  }
  return { doc: { sections }, errors };
}

function appendPart(entry: IniEntry, lines: LineIndex, joiner: string, partStart: number, part: string, breakOffset: number): void {
  if (joiner && entry.value !== "") {
    entry.value += joiner;
    entry.offsets.push(breakOffset);
  }
  entry.value += part;
  for (let i = 0; i < part.length; i++) entry.offsets.push(partStart + i);
  const first = entry.offsets[0] ?? partStart;
  const end = part.length ? partStart + part.length : (entry.offsets[entry.offsets.length - 1] ?? partStart - 1) + 1;
  entry.valueSpan = lines.span(first, Math.max(first, end));
  entry.span = spanThrough(entry.keySpan, entry.valueSpan);
}

/** Index where a supervisor inline comment (`;` after whitespace) starts, else the line length. */
function inlineComment(text: string): number {
  const m = /\s;/.exec(text);
  return m ? m.index : text.length;
}

function firstOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return -1;
}

