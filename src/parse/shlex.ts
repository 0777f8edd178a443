/** Shell-like word splitting without a shell, as supervisor, gunicorn and docker compose do it. */

/** One word of a POSIX shlex split: `start`/`end` index the input as written. */
export interface ShlexWord {
  /** After quote removal. */
  text: string;
  raw: string;
  start: number;
  end: number;
}

/**
 * Python's `shlex.split(s)` (POSIX mode, no comments), as supervisor splits
 * `command=` and gunicorn splits `GUNICORN_CMD_ARGS`: whitespace separates,
 * `'…'` is literal, `"…"` allows `\"`, `\\`, `\$`, `` \` `` escapes, a bare
 * backslash escapes the next character. `malformed` on an unclosed quote.
 */
export function shlexSplit(value: string): { words: ShlexWord[]; malformed: string | null } {
  const words: ShlexWord[] = [];
  let malformed: string | null = null;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i]!)) i++;
    if (i >= value.length) break;
    const start = i;
    let text = "";
    let quote: string | null = null;
    for (; i < value.length; i++) {
      const c = value[i]!;
      if (quote === "'") {
        if (c === "'") quote = null;
        else text += c;
      } else if (quote === '"') {
        if (c === '"') quote = null;
        else if (c === "\\" && i + 1 < value.length && '"\\$`'.includes(value[i + 1]!)) text += value[++i];
        else text += c;
      } else if (/\s/.test(c)) break;
      else if (c === "'" || c === '"') quote = c;
      else if (c === "\\") {
        if (i + 1 < value.length) text += value[++i];
        else malformed = "no escaped character";
      } else text += c;
    }
    if (quote) malformed = "no closing quotation";
    words.push({ text, raw: value.slice(start, i), start, end: i });
  }
  return { words, malformed };
}
