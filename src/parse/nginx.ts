/**
 * nginx configuration files, tokenised exactly as nginx's `ngx_conf_read_token`
 * does: words separated by whitespace, `;` `{` `}` as terminators, `#`
 * comments only at the start of a word, single and double quotes with
 * backslash escapes (a quoted word must be followed by whitespace, `;`, `{`
 * or `)`), `$var` and `${var}` (whose `{` does not open a block). `if (...)`
 * conditions stay words, as nginx gives them to the `if` handler. The bodies
 * of `*_by_lua_block { … }` are Lua, kept raw.
 *
 * Errors are the ones nginx reports while reading the file (`unexpected "}"`,
 * `unexpected end of file`, …). nginx stops at the first; this parser records
 * that one, recovers, and returns the rest of the tree.
 */
import type { SourceFile } from "../discover/types.js";
import type { LineIndex, Span } from "./span.js";
import type { ParseError, Parsed } from "./types.js";

export interface NginxWord {
  /** The value nginx sees: quotes removed, escapes (`\"`, `\\`, `\t`, `\n`, `\r`) applied. */
  text: string;
  /** The word as written, quotes included. */
  raw: string;
  quoted: boolean;
  span: Span;
}

export interface NginxDirective {
  name: string;
  nameSpan: Span;
  args: NginxWord[];
  /** From the name to the terminating `;` or the closing `}` of its block. */
  span: Span;
  /** The directives inside `{ … }`, or null for a simple directive. Empty for a Lua block. */
  block: NginxDirective[] | null;
  /** The braces and what is between them. */
  blockSpan: Span | null;
  /** The body of a `*_by_lua_block`, unparsed. */
  lua?: string;
}

export interface NginxDocument {
  directives: NginxDirective[];
}

type Token =
  | { type: "word"; word: NginxWord; start: number; end: number }
  | { type: ";" | "{" | "}"; start: number; end: number }
  | { type: "eof"; start: number; end: number };

class SyntaxError_ {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

function unescape(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\" && i + 1 < body.length) {
      const n = body[i + 1]!;
      if (n === '"' || n === "'" || n === "\\") {
        out += n;
        i++;
        continue;
      }
      if (n === "t" || n === "r" || n === "n") {
        out += n === "t" ? "\t" : n === "r" ? "\r" : "\n";
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

class Lexer {
  pos = 0;
  /** Set after a quoted word: the next character must separate it. */
  private needSpace = false;
  errors: SyntaxError_[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  next(): Token {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) return { type: "eof", start: t.length, end: t.length };
      if (this.needSpace) {
        this.needSpace = false;
        if (!isSpace(c) && c !== ";" && c !== "{" && c !== ")") {
          this.errors.push(new SyntaxError_(this.pos, `unexpected "${c}"`));
        }
      }
      if (isSpace(c)) {
        this.pos++;
        continue;
      }
      if (c === "#") {
        const nl = t.indexOf("\n", this.pos);
        this.pos = nl < 0 ? t.length : nl;
        continue;
      }
      if (c === ";" || c === "{" || c === "}") {
        this.pos++;
        return { type: c, start: this.pos - 1, end: this.pos };
      }
      return this.word();
    }
  }

  private word(): Token {
    const t = this.text;
    const start = this.pos;
    const q = t[start];
    if (q === '"' || q === "'") {
      let i = start + 1;
      while (i < t.length && t[i] !== q) i += t[i] === "\\" ? 2 : 1;
      if (i >= t.length) {
        this.pos = t.length;
        const body = t.slice(start + 1);
        return this.makeWord(start, t.length, unescape(body), true);
      }
      this.pos = i + 1;
      this.needSpace = true;
      return this.makeWord(start, this.pos, unescape(t.slice(start + 1, i)), true);
    }
    let i = start;
    let variable = false;
    while (i < t.length) {
      const c = t[i]!;
      if (c === "\\") {
        i += 2;
        variable = false;
        continue;
      }
      if (c === "{" && variable) {
        i++;
        continue;
      }
      variable = c === "$";
      if (i > start && (isSpace(c) || c === ";" || c === "{")) break;
      i++;
    }
    i = Math.min(i, t.length);
    this.pos = i;
    return this.makeWord(start, i, unescape(t.slice(start, i)), false);
  }

  private makeWord(start: number, end: number, text: string, quoted: boolean): Token {
    return { type: "word", start, end, word: { text, raw: this.text.slice(start, end), quoted, span: this.lines.span(start, end) } };
  }

  /** Skips a Lua body after its `{`, up to the matching `}`; returns the offset of that `}` or -1. */
  skipLua(): number {
    const t = this.text;
    let depth = 1;
    let i = this.pos;
    while (i < t.length) {
      const c = t[i]!;
      if (c === "-" && t[i + 1] === "-") {
        const long = /^--\[(=*)\[/.exec(t.slice(i, i + 64));
        if (long) {
          const close = t.indexOf(`]${long[1]}]`, i + long[0].length);
          i = close < 0 ? t.length : close + long[1]!.length + 2;
        } else {
          const nl = t.indexOf("\n", i);
          i = nl < 0 ? t.length : nl + 1;
        }
        continue;
      }
      if (c === '"' || c === "'") {
        i++;
        while (i < t.length && t[i] !== c && t[i] !== "\n") i += t[i] === "\\" ? 2 : 1;
        i++;
        continue;
      }
      const long = c === "[" ? /^\[(=*)\[/.exec(t.slice(i, i + 64)) : null;
      if (long) {
        const close = t.indexOf(`]${long[1]}]`, i + long[0].length);
        i = close < 0 ? t.length : close + long[1]!.length + 2;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        this.pos = i + 1;
        return i;
      }
      i++;
    }
    this.pos = t.length;
    return -1;
  }
}

/** Parses an nginx config file into its directive tree. Never throws. */
export function parseNginx(file: SourceFile): Parsed<NginxDocument> {
  const lines = file.lines;
  const text = file.text;
  const lexer = new Lexer(text, lines);
  const errors: SyntaxError_[] = [];
  const fail = (offset: number, message: string): void => {
    errors.push(new SyntaxError_(offset, message));
  };

  /** `opener`: the block directive's name and line, for an unclosed block's message. */
  const block = (depth: number, opener: string): { directives: NginxDirective[]; close: number } => {
    const directives: NginxDirective[] = [];
    let words: { word: NginxWord; start: number; end: number }[] = [];
    const finish = (end: number, body: { block: NginxDirective[]; blockSpan: Span; lua?: string } | null): void => {
      const [head, ...rest] = words;
      words = [];
      if (!head) return;
      directives.push({
        name: head.word.text,
        nameSpan: head.word.span,
        args: rest.map((w) => w.word),
        span: lines.span(head.start, end),
        block: body ? body.block : null,
        blockSpan: body ? body.blockSpan : null,
        ...(body?.lua !== undefined ? { lua: body.lua } : {}),
      });
    };
    for (;;) {
      const tok = lexer.next();
      for (const e of lexer.errors.splice(0)) errors.push(e);
      switch (tok.type) {
        case "word":
          words.push({ word: tok.word, start: tok.start, end: tok.end });
          break;
        case ";":
          if (words.length === 0) fail(tok.start, 'unexpected ";"');
          finish(tok.end, null);
          break;
        case "{": {
          if (words.length === 0) {
            fail(tok.start, 'unexpected "{"');
            directives.push(...block(depth + 1, `block opened at line ${lines.position(tok.start).line}`).directives);
            break;
          }
          const name = words[0]!.word.text;
          if (name.endsWith("_by_lua_block")) {
            const bodyStart = tok.end;
            const close = lexer.skipLua();
            if (close < 0) {
              fail(text.length, `unexpected end of file, expecting "}" (the ${name} block opened at line ${lines.position(tok.start).line} is never closed)`);
              finish(text.length, { block: [], blockSpan: lines.span(tok.start, text.length), lua: text.slice(bodyStart) });
              return { directives, close: text.length };
            }
            finish(close + 1, { block: [], blockSpan: lines.span(tok.start, close + 1), lua: text.slice(bodyStart, close) });
            break;
          }
          const inner = block(depth + 1, `${name} block opened at line ${words[0]!.word.span.line}`);
          finish(inner.close, { block: inner.directives, blockSpan: lines.span(tok.start, inner.close) });
          break;
        }
        case "}":
          if (words.length > 0 || depth === 0) fail(tok.start, 'unexpected "}"');
          finish(tok.start, null);
          if (depth === 0) break;
          return { directives, close: tok.end };
        case "eof":
          if (words.length > 0) {
            fail(tok.start, 'unexpected end of file, expecting ";" or "}"');
            finish(tok.start, null);
          } else if (depth > 0) {
            fail(tok.start, `unexpected end of file, expecting "}" (the ${opener} is never closed)`);
          }
          return { directives, close: text.length };
      }
    }
  };

  const { directives } = block(0, "");
  const first = errors.sort((a, b) => a.offset - b.offset)[0];
  const parseErrors: ParseError[] = first ? [{ span: lines.span(first.offset, Math.min(text.length, first.offset + 1)), message: `nginx: ${first.message}` }] : [];
  return { file, doc: { directives }, errors: parseErrors };
}

/** Every directive of a tree, depth first, with its enclosing blocks (outermost first). */
export function* walkDirectives(directives: NginxDirective[], parents: NginxDirective[] = []): Generator<{ directive: NginxDirective; parents: NginxDirective[] }> {
  for (const d of directives) {
    yield { directive: d, parents };
    if (d.block) yield* walkDirectives(d.block, [...parents, d]);
  }
}
