/**
 * Dockerfiles through dockerfile-ast: every instruction with its span, flags,
 * exec-form (JSON) strings, ENV/ARG properties and heredocs; the escape
 * directive and continuations (with comment lines inside them) handled.
 * dockerfile-ast is loaded on first use: a project without a Dockerfile
 * never pays for it.
 */
import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";
import type { ParseError, Parsed } from "./types.js";

export interface DfWord {
  value: string;
  span: Span;
}

export interface DfFlag {
  name: string;
  value: string | null;
  span: Span;
}

export interface DfProperty {
  name: string;
  /** Unquoted value; null for `ARG NAME` without a default. */
  value: string | null;
  /** The value as written. */
  raw: string | null;
  span: Span;
}

export interface DfHeredoc {
  name: string;
  /** File offsets of the heredoc body. */
  start: number;
  end: number;
}

export interface DfInstruction {
  /** Upper-case keyword (`RUN`, `COPY`…). */
  keyword: string;
  span: Span;
  /** File offsets of the argument text (after the keyword); equal when there is none. */
  argsStart: number;
  argsEnd: number;
  /** Whitespace-separated arguments, flags excluded. */
  args: DfWord[];
  flags: DfFlag[];
  /** Exec form: the JSON array's strings, decoded. Null in shell form. */
  json: DfWord[] | null;
  /** ENV / ARG / LABEL key-value pairs. */
  properties: DfProperty[];
  heredocs: DfHeredoc[];
}

export interface DockerfileDoc {
  escape: string;
  instructions: DfInstruction[];
}

const KEYWORDS = new Set(["ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]);

type Ast = typeof import("dockerfile-ast");
let ast: Promise<Ast> | undefined;

export async function parseDockerfile(file: SourceFile): Promise<Parsed<DockerfileDoc>> {
  ast ??= import("dockerfile-ast");
  const { DockerfileParser, ModifiableInstruction, JSONInstruction, PropertyInstruction, Copy, Run } = await ast;
  const lines = file.lines;
  type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
  const offset = (p: Range["start"]): number => lines.lineStart(p.line + 1) + p.character;
  const span = (r: Range): Span => lines.span(offset(r.start), offset(r.end));
  const errors: ParseError[] = [];
  const instructions: DfInstruction[] = [];
  let seenFrom = false;
  const df = DockerfileParser.parse(file.text);
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const range = ins.getRange();
    if (!KEYWORDS.has(keyword)) {
      errors.push({ span: span(ins.getInstructionRange()), message: `unknown instruction "${ins.getInstruction()}"` });
      continue;
    }
    if (keyword === "FROM") seenFrom = true;
    else if (!seenFrom && keyword !== "ARG") {
      errors.push({ span: span(ins.getInstructionRange()), message: `${keyword} before the first FROM` });
    }
    const argsRange = ins.getArgumentsRange();
    const argsStart = argsRange ? offset(argsRange.start) : offset(range.end);
    const argsEnd = argsRange ? offset(argsRange.end) : argsStart;
    const flags: DfFlag[] = ins instanceof ModifiableInstruction ? ins.getFlags().map((f) => ({ name: f.getName(), value: f.getValue(), span: span(f.getRange()) })) : [];
    let json: DfWord[] | null = null;
    if (ins instanceof JSONInstruction && ins.getOpeningBracket() && ins.getClosingBracket()) {
      json = ins.getJSONStrings().map((s) => ({ value: jsonString(file.text.slice(offset(s.getRange().start), offset(s.getRange().end)), s.getJSONValue()), span: span(s.getRange()) }));
    }
    const properties: DfProperty[] =
      ins instanceof PropertyInstruction ? ins.getProperties().map((p) => ({ name: p.getName(), value: p.getValue(), raw: p.getUnescapedValue(), span: span(p.getRange()) })) : [];
    const heredocs: DfHeredoc[] = [];
    if (ins instanceof Copy || ins instanceof Run) {
      for (const h of ins.getHeredocs()) {
        const content = h.getContentRange();
        if (content) heredocs.push({ name: h.getName(), start: offset(content.start), end: offset(content.end) });
      }
    }
    instructions.push({
      keyword,
      span: span(range),
      argsStart,
      argsEnd,
      args: ins.getArguments().map((a) => ({ value: a.getValue(), span: span(a.getRange()) })),
      flags,
      json,
      properties,
      heredocs,
    });
  }
  return { file, doc: { escape: df.getEscapeCharacter(), instructions }, errors };
}

/** Decodes a JSON string literal as written (dockerfile-ast's own decoding drops whitespace). */
function jsonString(raw: string, fallback: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "string" ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The shell text of a shell-form instruction, the same length as the file
 * range it comes from so offsets map back: line continuations (with the
 * file's escape character) and comment lines inside them become spaces. A
 * RUN whose argument is only a heredoc runs the heredoc body.
 */
export function shellSource(file: SourceFile, doc: DockerfileDoc, ins: DfInstruction): { start: number; end: number; source: string } {
  const first = ins.heredocs[0];
  if (first && /^<<-?["']?\w/.test(file.text.slice(ins.argsStart, ins.argsEnd).trimStart()) && !/^<<-?\S+\s+\S/.test(file.text.slice(ins.argsStart, ins.argsEnd).split("\n")[0]!)) {
    return { start: first.start, end: first.end, source: file.text.slice(first.start, first.end) };
  }
  let end = ins.argsEnd;
  if (first) {
    const nl = file.text.indexOf("\n", ins.argsStart);
    if (nl >= 0 && nl < end) end = nl;
  }
  const text = file.text.slice(ins.argsStart, end);
  const esc = doc.escape.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const out = text
    .split("\n")
    .map((line, i, all) => {
      if (i > 0 && /^\s*#/.test(line)) return " ".repeat(line.length);
      return i < all.length - 1 ? line.replace(new RegExp(`${esc}(\\s*)$`), (_, ws: string) => ` ${ws}`) : line;
    })
    .join(" ");
  return { start: ins.argsStart, end, source: out };
}
