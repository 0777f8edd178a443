/**
 * systemd unit values as systemd.service(5) and systemd.exec(5) read them:
 * command lines (`ExecStart=`) with their prefixes and quoting, `Environment=`
 * assignments, `EnvironmentFile=` paths.
 */

/** One word of a systemd value: `start`/`end` index the value string as written. */
export interface UnitWord {
  /** After quote removal and C-style unescaping; null when it holds a `%` specifier or a `$VAR` the caller cannot resolve. */
  text: string | null;
  raw: string;
  start: number;
  end: number;
}

export interface ExecCommand {
  /** `-` (failure ignored), `@` (argv[0] given separately), `+`, `!`, `!!` (privileges), `:` (no env expansion). */
  prefixes: string[];
  /** The program path, prefixes removed. */
  path: UnitWord | null;
  /** argv as the program sees it: with `@`, argv[0] is the second word. */
  argv: UnitWord[];
}

export interface UnitAssignment {
  name: string;
  value: string;
  word: UnitWord;
}

export type EnvResolver = (name: string) => string | undefined;

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };

/**
 * Splits a value into words the way systemd's extract_first_word() does with
 * unquoting and C unescaping: whitespace separates words, `"…"` and `'…'`
 * group (also mid-word), backslash escapes. `%%` is `%`; any other `%x`
 * specifier makes the word's text null. `malformed` is set for an unclosed
 * quote or a trailing backslash.
 */
export function splitWords(value: string, specifiers = true): { words: UnitWord[]; malformed: string | null } {
  const words: UnitWord[] = [];
  let malformed: string | null = null;
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i]!)) i++;
    if (i >= value.length) break;
    const start = i;
    let text = "";
    let unknown = false;
    let quote: string | null = null;
    for (; i < value.length; i++) {
      const c = value[i]!;
      if (!quote && /\s/.test(c)) break;
      if (c === "\\") {
        const next = value[i + 1];
        if (next === undefined) {
          malformed = "trailing backslash";
          i++;
          break;
        }
        if (next === "x" && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 2, i + 4))) {
          text += String.fromCharCode(parseInt(value.slice(i + 2, i + 4), 16));
          i += 3;
        } else if (/[0-7]/.test(next) && /^[0-7]{3}$/.test(value.slice(i + 1, i + 4))) {
          text += String.fromCharCode(parseInt(value.slice(i + 1, i + 4), 8));
          i += 3;
        } else {
          text += ESCAPES[next] ?? next;
          i++;
        }
        continue;
      }
      if (quote) {
        if (c === quote) quote = null;
        else text += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (c === "%" && specifiers) {
        if (value[i + 1] === "%") {
          text += "%";
          i++;
        } else {
          unknown = true;
          text += c;
        }
        continue;
      }
      text += c;
    }
    if (quote) malformed = `unclosed ${quote} quote`;
    words.push({ text: unknown ? null : text, raw: value.slice(start, i), start, end: i });
  }
  return { words, malformed };
}

/**
 * Parses an `ExecStart=`-style command line. `$NAME`/`${NAME}` are replaced
 * through `env` (unless the `:` prefix is given); an unresolvable variable
 * makes the word's text null.
 */
export function parseExecLine(value: string, env: EnvResolver = () => undefined): { command: ExecCommand; malformed: string | null } {
  const { words, malformed } = splitWords(value);
  const prefixes: string[] = [];
  const first = words[0];
  if (first) {
    const m = /^[-@:+!]+/.exec(first.raw);
    if (m) {
      let rest = m[0];
      while (rest) {
        const p = rest.startsWith("!!") ? "!!" : rest[0]!;
        prefixes.push(p);
        rest = rest.slice(p.length);
      }
      const cut = m[0].length;
      words[0] = { text: first.text === null ? null : first.text.slice(cut), raw: first.raw.slice(cut), start: first.start + cut, end: first.end };
    }
  }
  const expand = !prefixes.includes(":");
  const expanded = words.map((w) => (expand ? expandVars(w, env) : w));
  const path = expanded[0] ?? null;
  const argv = prefixes.includes("@") ? expanded.slice(1) : expanded;
  return { command: { prefixes, path, argv }, malformed };
}

function expandVars(word: UnitWord, env: EnvResolver): UnitWord {
  if (word.text === null || !word.text.includes("$")) return word;
  let unknown = false;
  const text = word.text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string | undefined, b: string | undefined) => {
    const v = env((a ?? b)!);
    if (v === undefined) unknown = true;
    return v ?? "";
  });
  return { ...word, text: unknown ? null : text };
}

/** `Environment=` assignments: several per line, each a quoted or unquoted `NAME=value` word. */
export function parseEnvironment(value: string): { assignments: UnitAssignment[]; malformed: string | null } {
  const { words, malformed } = splitWords(value);
  const assignments: UnitAssignment[] = [];
  let bad = malformed;
  for (const w of words) {
    const text = w.text ?? w.raw;
    const eq = text.indexOf("=");
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text.slice(0, eq))) {
      bad ??= `invalid environment assignment "${w.raw.slice(0, 40)}"`;
      continue;
    }
    assignments.push({ name: text.slice(0, eq), value: text.slice(eq + 1), word: w });
  }
  return { assignments, malformed: bad };
}

/** `EnvironmentFile=[-]path`: the path and whether a missing file is tolerated. */
export function parseEnvironmentFile(value: string): { path: string; optional: boolean } | null {
  const v = value.trim();
  if (v === "") return null;
  const optional = v.startsWith("-");
  const path = optional ? v.slice(1) : v;
  return path ? { path, optional } : null;
}
