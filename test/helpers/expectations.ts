import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** One expected or actual finding, as `file:line CODE`. */
export type Mark = string;

/**
 * Reads `# expect: CODE[, CODE]` (the next non-comment line carries exactly
 * those findings) and `# expect-file: CODE` (a finding on line 1) from every
 * text file under `dir`. Every kind we read allows `#` whole-line comments.
 */
export function expectationsIn(dir: string): Mark[] {
  const out: Mark[] = [];
  for (const abs of walk(dir)) {
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch {
      continue;
    }
    out.push(...expectationsOfText(relative(dir, abs).split(sep).join("/"), text));
  }
  return out.sort();
}

export function expectationsOfText(path: string, text: string): Mark[] {
  const out: Mark[] = [];
  const lines = text.split(/\r?\n|\r/);
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const fileLevel = /^#\s*expect-file:\s*(.+)$/.exec(line);
    if (fileLevel) {
      for (const code of codes(fileLevel[1]!)) out.push(`${path}:1 ${code}`);
      continue;
    }
    const next = /^#\s*expect:\s*(.+)$/.exec(line);
    if (next) {
      pending.push(...codes(next[1]!));
      continue;
    }
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    for (const code of pending) out.push(`${path}:${i + 1} ${code}`);
    pending = [];
  }
  return out;
}

function codes(list: string): string[] {
  return list
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) yield* walk(abs);
    else if (st.isFile() && st.size < 1024 * 1024) yield abs;
  }
}
