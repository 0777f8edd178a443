/**
 * Procfiles as Heroku (and foreman, honcho, Dokku) read them: one
 * `name: command` per line; other lines, comments included, are ignored
 * (Heroku ignores them too, so they are not errors).
 * The command is run by `/bin/bash -c`, so it is kept as text with its
 * offsets for the shell parser.
 */
import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";
import type { Parsed } from "./types.js";

export interface ProcfileEntry {
  name: string;
  nameSpan: Span;
  command: string;
  /** File offsets of the command text. */
  start: number;
  end: number;
  /** The whole line. */
  span: Span;
}

export function parseProcfile(file: SourceFile): Parsed<{ entries: ProcfileEntry[]; commented: ProcfileEntry[] }> {
  const entries: ProcfileEntry[] = [];
  const commented: ProcfileEntry[] = [];
  const lines = file.lines;
  for (let n = 1; n <= lines.lineCount; n++) {
    const text = lines.lineText(n);
    const start = lines.lineStart(n);
    const comment = /^(\s*#\s*)([A-Za-z0-9_-]+):[ \t]*(\S.*?)\s*$/.exec(text);
    const m = comment ?? /^()([A-Za-z0-9_-]+):[ \t]*(.*?)\s*$/.exec(text);
    if (!m) continue;
    const nameStart = start + m[1]!.length;
    const cmdStart = start + text.indexOf(m[3]!, m[1]!.length + m[2]!.length + 1);
    const entry: ProcfileEntry = {
      name: m[2]!,
      nameSpan: lines.span(nameStart, nameStart + m[2]!.length),
      command: m[3]!,
      start: cmdStart,
      end: cmdStart + m[3]!.length,
      span: lines.span(nameStart, start + text.trimEnd().length),
    };
    if (comment) commented.push(entry);
    else if (entry.command !== "") entries.push(entry);
  }
  return { file, doc: { entries, commented }, errors: [] };
}
