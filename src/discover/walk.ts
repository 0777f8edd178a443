import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore from "ignore";
import { LineIndex } from "../parse/span.js";
import { classifyByContent, guessByName } from "./classify.js";
import type { SkippedFile, SourceFile } from "./types.js";

/** Files larger than this are skipped with a note: no deployment file is this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

const SKIP_DIRS = new Set([".git", "node_modules", ".venv", "venv", "env", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache", "site-packages", ".hg", ".svn"]);

export interface DiscoverResult {
  files: SourceFile[];
  skipped: SkippedFile[];
}

export interface DiscoverOptions {
  exclude?: string[];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Walks the root and returns the files of known kinds, read and classified. */
export function discover(root: string, options: DiscoverOptions = {}): DiscoverResult {
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const ig = ignore();
  try {
    ig.add(readFileSync(join(root, ".gitignore"), "utf8"));
  } catch {
    // no .gitignore
  }
  if (options.exclude?.length) ig.add(options.exclude);
  const realRoot = realpathSync(root);
  const seenDirs = new Set<string>();

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      skipped.push({ path: rel(dir) || ".", reason: "cannot resolve directory" });
      return;
    }
    if (seenDirs.has(real)) {
      skipped.push({ path: rel(dir), reason: "symlink loop" });
      return;
    }
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      skipped.push({ path: rel(dir) || ".", reason: `unreadable directory (${(e as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    for (const name of entries) {
      const abs = join(dir, name);
      const path = rel(abs);
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        skipped.push({ path, reason: "cannot stat" });
        continue;
      }
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(abs);
        } catch {
          skipped.push({ path, reason: "broken symlink or symlink loop" });
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          skipped.push({ path, reason: "symlink points outside the root" });
          continue;
        }
        try {
          st = statSync(abs);
        } catch {
          skipped.push({ path, reason: "broken symlink" });
          continue;
        }
      }
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name) || ig.ignores(path + "/")) continue;
        walk(abs);
        continue;
      }
      if (!st.isFile() || ig.ignores(path)) continue;
      const guess = guessByName(path);
      if (!guess) continue;
      if (st.size > MAX_FILE_BYTES) {
        skipped.push({ path, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` });
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(abs);
      } catch (e) {
        skipped.push({ path, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? "error"})` });
        continue;
      }
      if (bytes.subarray(0, 8192).includes(0)) {
        skipped.push({ path, reason: "binary file" });
        continue;
      }
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        skipped.push({ path, reason: "not valid UTF-8" });
        continue;
      }
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const kind = classifyByContent(guess, path, text);
      if (!kind) continue;
      files.push({ path, absPath: abs, kind, text, lines: new LineIndex(path, text) });
    }
  };

  function rel(abs: string): string {
    return relative(root, abs).split(sep).join("/");
  }

  walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
