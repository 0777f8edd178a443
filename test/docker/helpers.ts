import { classifyByContent, guessByName } from "../../src/discover/classify.js";
import type { SourceFile } from "../../src/discover/types.js";
import { defaultConfig } from "../../src/config/types.js";
import { buildContext, type BuildContext } from "../../src/model/context.js";
import { LineIndex, type Span } from "../../src/parse/span.js";

/** A source file of the given kind (default: classified by name and content). */
export function sourceFile(path: string, text: string): SourceFile {
  const guess = guessByName(path);
  const kind = (guess && classifyByContent(guess, path, text)) ?? "shell";
  return { path, absPath: `/project/${path}`, kind, text, lines: new LineIndex(path, text) };
}

/** A build context over in-memory files. */
export function contextOf(files: Record<string, string>): BuildContext {
  return buildContext(
    "/project",
    Object.entries(files).map(([p, t]) => sourceFile(p, t)),
    [],
    defaultConfig(),
  );
}

/** The text a span covers in `text`. */
export function textAt(text: string, span: Span): string {
  const lines = new LineIndex(span.file, text);
  return text.slice(lines.lineStart(span.line) + span.column - 1, lines.lineStart(span.endLine) + span.endColumn - 1);
}
