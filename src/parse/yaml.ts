/**
 * YAML (compose files, Kubernetes manifests) through `yaml` 2.9, keeping
 * source ranges. Every document of a multi-document file is returned; a
 * syntax error gives the partial document the library recovered plus one
 * ParseError at the first error position. Helpers read mappings with
 * `<<: *alias` merges followed (positions point where the merged key is
 * written) and aliases resolved, and never throw on an undefined alias.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair } from "yaml";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";
import type { Parsed, ParseError } from "./types.js";

export type { Node as YamlNode } from "yaml";

export interface YamlDocument {
  file: SourceFile;
  doc: Document.Parsed;
  /** 0-based position of the document in its file. */
  index: number;
}

/** One key of a mapping, after merges: its key, value and where it is written. */
export interface YamlEntry {
  key: string;
  keySpan: Span;
  /** Key and value together. */
  span: Span;
  /** The value with aliases resolved; null for an empty value or an undefined alias. */
  value: Node | null;
  /** True when the key came in through a `<<` merge. */
  merged: boolean;
}

export function parseYaml(file: SourceFile): Parsed<YamlDocument[]> {
  let list: Document.Parsed[];
  try {
    list = parseAllDocuments(file.text, { merge: true, prettyErrors: false });
  } catch (e) {
    return { file, doc: [], errors: [{ span: file.lines.span(0, 0), message: `YAML could not be read: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const errors: ParseError[] = [];
  const documents: YamlDocument[] = [];
  list.forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      const message = first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      const opener = /^Flow (map|sequence) in block collection/.test(message)
        ? unclosedFlow(file, first.pos[0])
        : /^Missing closing .?quote/.test(message)
          ? unclosedQuote(doc, file, first.pos[0])
          : null;
      errors.push({ span: opener ?? file.lines.span(first.pos[0], first.pos[1]), message: `YAML syntax error: ${message}` });
    }
    try {
      visit(doc, {
        Alias(_, alias) {
          if (alias.resolve(doc) === undefined && alias.range) errors.push({ span: file.lines.span(alias.range[0], alias.range[1]), message: `YAML error: alias *${alias.source} names no anchor defined before it` });
        },
      });
    } catch {
      errors.push({ span: file.lines.span(0, 0), message: "YAML could not be read: nesting too deep" });
    }
    documents.push({ file, doc, index });
  });
  errors.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { file, doc: documents, errors: errors.slice(0, 1) };
}

/**
 * The library reports an unclosed `{`/`[` where the block structure resumes;
 * the mistake is the opener. Finds the last unmatched opener on the lines
 * before `offset` (quotes and comments skipped); null when there is none.
 */
function unclosedFlow(file: SourceFile, offset: number): Span | null {
  const { line } = file.lines.position(offset);
  for (let n = line - 1; n >= 1 && n >= line - 50; n--) {
    const text = file.lines.lineText(n);
    const open: number[] = [];
    let quote: string | null = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) break;
      else if (c === "{" || c === "[") open.push(i);
      else if ((c === "}" || c === "]") && open.length > 0) open.pop();
    }
    const at = open[open.length - 1];
    if (at !== undefined) {
      const start = file.lines.lineStart(n) + at;
      return file.lines.span(start, start + 1);
    }
  }
  return null;
}

/** An unclosed quoted scalar runs to where the library gives up; the mistake is its opening quote. */
function unclosedQuote(doc: Document.Parsed, file: SourceFile, offset: number): Span | null {
  let found: number | null = null;
  try {
    visit(doc, {
      Scalar(_, node) {
        if ((node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && node.range && node.range[1] >= offset) found ??= node.range[0];
      },
    });
  } catch {
    return null;
  }
  return found === null ? null : file.lines.span(found, found + 1);
}

/** The node's source span (without trailing comments). */
export function spanOf(y: YamlDocument, node: Node): Span {
  const r = node.range;
  if (!r) return y.file.lines.span(0, 0);
  return trimmedSpan(y, r[0], r[1]);
}

/** Span of [start, end) without the trailing blank space and line breaks a block node's range includes. */
function trimmedSpan(y: YamlDocument, start: number, end: number): Span {
  let e = end;
  while (e > start && /\s/.test(y.file.text[e - 1]!)) e--;
  return y.file.lines.span(start, e);
}

/** The node with aliases followed; null for an undefined alias or no node. */
export function deref(y: YamlDocument, node: unknown): Node | null {
  let n = node;
  for (let guard = 0; guard < 16 && isAlias(n); guard++) n = n.resolve(y.doc) ?? null;
  if (n === null || n === undefined || isAlias(n)) return null;
  return n as Node;
}

function keyText(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const v = key.value;
  if (typeof v === "symbol") return "<<";
  if (v === null || v === undefined) return null;
  return String(v);
}

function pairSpan(y: YamlDocument, pair: Pair): Span {
  const k = pair.key as Node | null;
  const v = pair.value as Node | null;
  const start = k?.range?.[0] ?? v?.range?.[0] ?? 0;
  const end = v?.range?.[1] ?? k?.range?.[1] ?? start;
  return trimmedSpan(y, start, end);
}

/** The entries of a mapping, `<<` merges applied as YAML merge keys do (own keys win, earlier merge sources win). */
export function entries(y: YamlDocument, node: unknown, depth = 0): YamlEntry[] {
  const map = deref(y, node);
  if (!isMap(map) || depth > 8) return [];
  const cached = entryCache.get(map);
  if (cached) return cached;
  const own: YamlEntry[] = [];
  const merged: YamlEntry[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const key = keyText(pair.key);
    if (key === null) continue;
    if (key === "<<" && (isAlias(pair.value) || isSeq(pair.value) || isMap(pair.value))) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const s of sources) for (const e of entries(y, s, depth + 1)) merged.push({ ...e, merged: true });
      continue;
    }
    own.push({ key, keySpan: spanOf(y, pair.key as Node), span: pairSpan(y, pair), value: deref(y, pair.value), merged: false });
  }
  const out = [...own];
  const seen = new Set(own.map((e) => e.key));
  for (const e of merged) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(e);
  }
  entryCache.set(map, out);
  return out;
}

/** Merged entries per mapping node: merge chains through shared anchors are resolved once. */
const entryCache = new WeakMap<object, YamlEntry[]>();

/** One key of a mapping (merges followed). */
export function entry(y: YamlDocument, node: unknown, key: string): YamlEntry | undefined {
  return entries(y, node).find((e) => e.key === key);
}

/** A nested value by path of keys (merges followed at every level). */
export function getPath(y: YamlDocument, node: unknown, ...keys: string[]): YamlEntry | undefined {
  let cur: unknown = node;
  let found: YamlEntry | undefined;
  for (const k of keys) {
    found = entry(y, cur, k);
    if (!found) return undefined;
    cur = found.value;
  }
  return found;
}

/** A scalar as a string (numbers and booleans as written); null for non-scalars and YAML null. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return node.source !== undefined && typeof node.source === "string" ? node.source : String(v);
  return null;
}

/** The raw source text of a node. */
export function rawText(y: YamlDocument, node: Node): string {
  const r = node.range;
  return r ? y.file.text.slice(r[0], r[1]) : "";
}

/** The items of a sequence, aliases followed (undefined aliases dropped). */
export function items(y: YamlDocument, node: unknown): Node[] {
  const seq = deref(y, node);
  if (!isSeq(seq)) return [];
  const out: Node[] = [];
  for (const it of seq.items) {
    const n = deref(y, it);
    if (n) out.push(n);
  }
  return out;
}

export function isSequence(node: unknown): boolean {
  return isSeq(node);
}

/** The boolean a scalar holds (YAML `true`/`false`, or the strings compose accepts); null otherwise. */
export function scalarBool(node: unknown): boolean | null {
  if (!isScalar(node)) return null;
  if (typeof node.value === "boolean") return node.value;
  if (typeof node.value === "string") {
    if (/^(true|yes|on)$/i.test(node.value)) return true;
    if (/^(false|no|off)$/i.test(node.value)) return false;
  }
  return null;
}
