/**
 * Python over tree-sitter: parse a file once, report its first syntax error
 * as a ParseError, and read literals (strings with prefixes and escapes,
 * numbers) the way Python does. Shared by every area that reads Python.
 */
import type { SourceFile } from "../discover/types.js";
import type { ParseError } from "./types.js";
import { parseWith, type SyntaxNode, type Tree } from "./treesitter.js";

export type { SyntaxNode, Tree };

export interface ParsedPython {
  file: SourceFile;
  tree: Tree;
  errors: ParseError[];
}

/** Parses a Python file; the caller must `tree.delete()`. The first ERROR or MISSING node becomes a ParseError. */
export async function parsePython(file: SourceFile): Promise<ParsedPython> {
  const tree = await parseWith("python", file.text);
  const errors: ParseError[] = [];
  if (tree.rootNode.hasError) {
    const bad = firstError(tree.rootNode);
    if (bad) {
      const span = file.lines.span(bad.startIndex, Math.max(bad.endIndex, bad.startIndex + 1));
      const what = bad.isMissing ? `missing ${bad.type}` : `unexpected ${JSON.stringify(bad.text.split(/\r?\n/)[0]!.slice(0, 30))}`;
      errors.push({ span, message: `Python syntax error (${what})` });
    }
  }
  return { file, tree, errors };
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (!child || !child.hasError) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return null;
}

/** The named children of a node, without comments. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of node.namedChildren) if (c && c.type !== "comment") out.push(c);
  return out;
}

/**
 * The value of a string literal (`string` or `concatenated_string` node),
 * or null when it holds an f-string interpolation or is a bytes literal.
 */
export function stringValue(node: SyntaxNode): string | null {
  if (node.type === "concatenated_string") {
    let out = "";
    for (const part of namedChildren(node)) {
      const v = stringValue(part);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type !== "string") return null;
  const prefix = stringPrefix(node);
  if (prefix.includes("b") || prefix.includes("f")) return null;
  const raw = prefix.includes("r");
  let out = "";
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === "string_content" || part.type === "escape_sequence") out += decodeStringContent(part.text, raw);
    else if (part.type === "interpolation") return null;
  }
  return out;
}

/** Lower-cased prefix letters of a string literal (`r`, `b`, `f`, `u`). */
export function stringPrefix(node: SyntaxNode): string {
  const start = node.child(0);
  const text = start && start.type === "string_start" ? start.text : node.text;
  const m = /^[A-Za-z]*/.exec(text);
  return (m ? m[0] : "").toLowerCase();
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0", "\n": "" };

/** The characters a piece of string literal source stands for (escapes decoded unless raw). */
export function decodeStringContent(text: string, raw: boolean): string {
  return raw ? text : unescape(text);
}

function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, esc: string) => {
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined && esc.length === 1) return simple;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return whole;
  });
}

/** The value of an `integer` or `float` literal, or null. */
export function numberValue(node: SyntaxNode): number | null {
  const text = node.text.replace(/_/g, "").toLowerCase();
  if (node.type === "integer") {
    if (/[jl]$/.test(text)) return null;
    if (/^0[xob]/.test(text)) return Number(text);
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (node.type === "float") {
    if (text.endsWith("j")) return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
