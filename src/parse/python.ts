/**
 * Python over tree-sitter: parse a file once into plain nodes, report its
 * first syntax error as a ParseError, and read literals (strings with
 * prefixes and escapes, numbers) the way Python does. Shared by every area
 * that reads Python.
 */
import type { SourceFile } from "../discover/types.js";
import type { ParseError } from "./types.js";
import type { Language, Node } from "web-tree-sitter";
import { parseWith, type Tree } from "./treesitter.js";

const NONE: readonly PyNode[] = Object.freeze([]);

/**
 * A Python syntax node, copied out of the tree-sitter tree once: plain
 * JavaScript objects are much cheaper to visit repeatedly than WASM-backed
 * nodes, and the tree is freed at once. The API mirrors the subset of
 * tree-sitter's Node that readers use.
 */
export class PyNode {
  private kids: PyNode[] | null = null;
  private fields: [string, PyNode][] | null = null;
  private named: readonly PyNode[] | null = null;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: string,
  ) {}

  /** The source text; for an anonymous token (`=`, `+=`, `not in`, keywords) its type, which is its text. */
  get text(): string {
    return this.startIndex < 0 ? this.type : this.source.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === "ERROR";
  }

  get children(): readonly PyNode[] {
    return this.kids ?? NONE;
  }

  /** Named children, comments left out. */
  get namedChildren(): readonly PyNode[] {
    if (!this.named) this.named = this.kids ? this.kids.filter((c) => c.isNamed && c.type !== "comment") : NONE;
    return this.named;
  }

  child(i: number): PyNode | null {
    return this.kids?.[i] ?? null;
  }

  childForFieldName(name: string): PyNode | null {
    if (!this.fields) return null;
    for (const [f, n] of this.fields) if (f === name) return n;
    return null;
  }

  childrenForFieldName(name: string): PyNode[] {
    return this.fields ? this.fields.filter(([f]) => f === name).map(([, n]) => n) : [];
  }

  /** @internal used while copying the tree. */
  add(child: PyNode, field: string | null): void {
    (this.kids ??= []).push(child);
    if (field) (this.fields ??= []).push([field, child]);
  }
}


export interface ParsedPython {
  file: SourceFile;
  root: PyNode;
  errors: ParseError[];
}

/** Parses a Python file into plain nodes. The first ERROR or MISSING node becomes a ParseError. */
export async function parsePython(file: SourceFile): Promise<ParsedPython> {
  const tree = await parseWith("python", file.text);
  try {
    const root = copy(tree, file.text);
    const errors: ParseError[] = [];
    const bad = tree.rootNode.hasError ? firstError(tree.rootNode) : null;
    if (bad) {
      const span = file.lines.span(bad.startIndex, Math.max(bad.endIndex, bad.startIndex + 1));
      const what = bad.isMissing ? `missing ${bad.type}` : `unexpected ${JSON.stringify(bad.text.split(/\r?\n/)[0]!.slice(0, 30))}`;
      errors.push({ span, message: `Python syntax error (${what})` });
    }
    return { file, root, errors };
  } finally {
    tree.delete();
  }
}

function firstError(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (!child || !child.hasError) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return null;
}

/** Node type names by id, per language (an id is cheaper to read than a name). */
const tables = new WeakMap<Language, string[]>();

function typesOf(lang: Language): string[] {
  let types = tables.get(lang);
  if (!types) {
    types = [];
    for (let id = 0; id < lang.nodeTypeCount; id++) types.push(lang.nodeTypeForId(id) ?? "");
    tables.set(lang, types);
  }
  return types;
}

/** Named node types that never have children. */
const LEAVES = new Set(["identifier", "integer", "float", "true", "false", "none", "string_start", "string_content", "string_end", "escape_sequence", "comment", "ellipsis", "type_conversion"]);

/** Node types whose anonymous tokens matter (operators are read by type). */
const WITH_TOKENS = new Set(["binary_operator", "comparison_operator", "boolean_operator", "augmented_assignment", "unary_operator", "not_operator", "import_prefix", "relative_import"]);

/**
 * Copies the tree with tree-sitter's batched child lists: named children
 * only, except below operators whose anonymous tokens (`==`, `+=`, `not in`)
 * carry meaning; those tokens carry no position (startIndex -1). MISSING
 * nodes keep their type; the error search above reports them.
 */
function copy(tree: Tree, source: string): PyNode {
  const types = typesOf(tree.language);
  const visit = (node: Node, isNamed: boolean): PyNode => {
    const type = types[node.typeId] ?? "ERROR";
    if (!isNamed) return new PyNode(type, false, false, -1, -1, source);
    const out = new PyNode(type, true, false, node.startIndex, node.endIndex, source);
    if (LEAVES.has(type)) return out;
    if (WITH_TOKENS.has(type)) {
      const kids = node.children;
      for (let i = 0; i < kids.length; i++) {
        const kid = kids[i];
        if (kid) out.add(visit(kid, kid.isNamed), node.fieldNameForChild(i));
      }
      return out;
    }
    const kids = node.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i];
      if (kid) out.add(visit(kid, true), node.fieldNameForNamedChild(i));
    }
    return out;
  };
  return visit(tree.rootNode, true);
}

/** The named children of a node, without comments. */
export function namedChildren(node: PyNode): readonly PyNode[] {
  return node.namedChildren;
}

/**
 * The value of a string literal (`string` or `concatenated_string` node),
 * or null when it holds an f-string interpolation or is a bytes literal.
 */
export function stringValue(node: PyNode): string | null {
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
export function stringPrefix(node: PyNode): string {
  const m = /^[A-Za-z]*/.exec(node.text);
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
export function numberValue(node: PyNode): number | null {
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
