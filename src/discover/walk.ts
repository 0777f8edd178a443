import { spawnSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { LineIndex } from "../parse/span.js";
import { classifyByContent, guessByName } from "./classify.js";
import type { SkippedFile, SourceFile } from "./types.js";

/** Files larger than this are skipped with a note, without being read: no deployment file is this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Only the first bytes are searched for a NUL: enough to tell a binary file from text. */
const BINARY_PROBE_BYTES = 8192;

/** Directories that never hold a deployment file of this project, even when nothing ignores them. */
const SKIP_DIRS = new Set([".git", ".hg", ".svn", "node_modules", "__pycache__", "site-packages", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

export interface DiscoverResult {
  files: SourceFile[];
  skipped: SkippedFile[];
  /** How the file list was made: `git ls-files` inside a checkout, else a directory walk. */
  listing: "git" | "walk";
  /**
   * Whether the project's .gitignore files exclude a root-relative path,
   * which need not exist (a `local.py` kept out of the repository). Both
   * listings answer from the same .gitignore files.
   */
  ignored(path: string): boolean;
}

export interface DiscoverOptions {
  /** gitignore-style patterns, relative to the root, of paths never read. */
  exclude?: string[];
  /** Lists with a directory walk even inside a git checkout (tests, benchmarks). */
  noGit?: boolean;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Lists the root's files (git's view of a checkout: tracked and untracked,
 * ignored ones left out; else a walk honouring every .gitignore), keeps the
 * names that could be a kind we read, then reads and classifies those.
 * Never follows a symlink: a link inside the root is read at its real path,
 * one pointing outside is skipped with a note. Never throws for a file.
 */
export function discover(root: string, options: DiscoverOptions = {}): DiscoverResult {
  const realRoot = realpathSync(root);
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : null;
  const skipped: SkippedFile[] = [];
  const fromGit = options.noGit ? null : gitListing(root);
  const gitignores = new Map<string, Ignore>();
  const candidates = fromGit ?? walkListing(root, realRoot, exclude, skipped, gitignores);
  if (fromGit) for (const path of fromGit) if (path === ".gitignore" || path.endsWith("/.gitignore")) readGitignore(root, path, gitignores, skipped);
  const files: SourceFile[] = [];
  for (const path of candidates) {
    const guess = guessByName(path);
    if (!guess) continue;
    if (fromGit && (path.split("/").some((part) => SKIP_DIRS.has(part)) || excluded(exclude, path))) continue;
    const file = readCandidate(root, realRoot, path, skipped);
    if (!file) continue;
    const kind = classifyByContent(guess, path, file.text);
    if (kind) files.push(sourceFile(path, file.absPath, kind, file.text));
  }
  files.sort((a, b) => compare(a.path, b.path));
  skipped.sort((a, b) => compare(a.path, b.path));
  return { files, skipped, listing: fromGit ? "git" : "walk", ignored: ignoreMatcher(gitignores) };
}

/** Adds one .gitignore file's patterns, keyed by its directory; an unreadable one is noted and not applied. */
function readGitignore(root: string, path: string, gitignores: Map<string, Ignore>, skipped: SkippedFile[]): Ignore | null {
  try {
    const ig = ignore().add(readFileSync(join(root, path), "utf8"));
    gitignores.set(path === ".gitignore" ? "" : path.slice(0, -"/.gitignore".length), ig);
    return ig;
  } catch (e) {
    return note(skipped, path, `unreadable (${errorCode(e)}): its patterns are not applied`);
  }
}

/** A path is ignored when it, or a directory above it, is ignored by the .gitignore files above it (as git never looks inside an ignored directory). */
function ignoreMatcher(gitignores: Map<string, Ignore>): (path: string) => boolean {
  return (path) => {
    const parts = path.split("/");
    if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
    const rules: Dir["rules"] = [];
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const ig = gitignores.get(dir);
      if (ig) rules.push({ base: dir, ig });
      if (gitignored(rules, i === parts.length - 1 ? path : `${parts.slice(0, i + 1).join("/")}/`)) return true;
    }
    return false;
  };
}

/**
 * `git ls-files` run at the root; null outside a checkout, without git, or
 * when git lists nothing (the root itself is ignored). Git finds the
 * repository from the root: the GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE a
 * git hook inherits would point it elsewhere.
 */
function gitListing(root: string): string[] | null {
  const env = { ...process.env };
  delete env["GIT_DIR"];
  delete env["GIT_WORK_TREE"];
  delete env["GIT_INDEX_FILE"];
  const run = spawnSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: root, env, maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
  if (run.error || run.status !== 0 || run.stdout.length === 0) return null;
  const paths = new Set(run.stdout.toString("utf8").split("\0"));
  paths.delete("");
  return [...paths];
}

interface Dir {
  rel: string;
  /** The .gitignore rules in force here, each with the directory it applies from. */
  rules: { base: string; ig: Ignore }[];
}

/**
 * Walks the root without following symlinks (each one is noted); prunes
 * ignored, excluded and never-relevant directories before entering them, and
 * tests ignore rules only on names that could be a kind we read.
 */
function walkListing(root: string, realRoot: string, exclude: Ignore | null, skipped: SkippedFile[], gitignores: Map<string, Ignore>): string[] {
  const out: string[] = [];
  const stack: Dir[] = [{ rel: "", rules: [] }];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const abs = dir.rel ? join(root, dir.rel) : root;
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir.rel || ".", reason: `unreadable directory (${errorCode(e)})` });
      continue;
    }
    if (dir.rel && entries.some((e) => e.name === "pyvenv.cfg")) continue;
    let rules = dir.rules;
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const ig = readGitignore(root, joinRel(dir.rel, ".gitignore"), gitignores, skipped);
      if (ig) rules = [...rules, { base: dir.rel, ig }];
    }
    for (const entry of entries) {
      const rel = joinRel(dir.rel, entry.name);
      const isDir = entry.isDirectory();
      if (isDir ? SKIP_DIRS.has(entry.name) : !entry.isSymbolicLink() && !guessByName(rel)) continue;
      const probe = isDir ? `${rel}/` : rel;
      if (excluded(exclude, probe) || gitignored(rules, probe)) continue;
      if (isDir) stack.push({ rel, rules });
      else if (entry.isSymbolicLink()) skipSymlink(join(abs, entry.name), realRoot, (reason) => note(skipped, rel, reason));
      else out.push(rel);
    }
  }
  return out;
}

function excluded(exclude: Ignore | null, path: string): boolean {
  return exclude !== null && exclude.ignores(path);
}

/** The line index is built on first use: most files read (plain Python modules) never need one. */
function sourceFile(path: string, absPath: string, kind: SourceFile["kind"], text: string): SourceFile {
  let lines: LineIndex | undefined;
  return {
    path,
    absPath,
    kind,
    text,
    get lines() {
      return (lines ??= new LineIndex(path, text));
    },
  };
}

/** Applies .gitignore files from the root down, so a deeper `!pattern` re-includes what a shallower one ignored. */
function gitignored(rules: Dir["rules"], path: string): boolean {
  let ignored = false;
  for (const r of rules) {
    const verdict = r.ig.test(r.base ? path.slice(r.base.length + 1) : path);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** Reads one candidate, or notes why it was not read: symlinks, special, oversized, unreadable, binary and non-UTF-8 files. */
function readCandidate(root: string, realRoot: string, path: string, skipped: SkippedFile[]): { absPath: string; text: string } | null {
  const absPath = join(root, path);
  const skip = (reason: string): null => note(skipped, path, reason);
  let st: Stats;
  try {
    st = lstatSync(absPath);
  } catch (e) {
    return errorCode(e) === "ENOENT" ? null : skip(`cannot stat (${errorCode(e)})`);
  }
  if (st.isSymbolicLink()) return skipSymlink(absPath, realRoot, skip);
  if (st.isDirectory()) return null;
  if (!st.isFile()) return skip("not a regular file");
  if (st.size > MAX_FILE_BYTES) return skip(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (${st.size} bytes): not read`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absPath);
  } catch (e) {
    return skip(`unreadable (${errorCode(e)})`);
  }
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return skip("binary file (NUL bytes)");
  try {
    return { absPath, text: decoder.decode(bytes) };
  } catch {
    return skip("not valid UTF-8 text");
  }
}

/** A symlink is never read through: inside the root its target is read at its own path; outside, it is not read at all. */
function skipSymlink(absPath: string, realRoot: string, skip: (reason: string) => null): null {
  let target: string;
  try {
    target = realpathSync(absPath);
  } catch (e) {
    return skip(errorCode(e) === "ELOOP" ? "symlink loop" : "broken symlink");
  }
  if (target !== realRoot && !target.startsWith(realRoot + sep)) return skip(`symlink to ${target}, outside the root: not followed`);
  const linkDir = realpathSync(dirname(absPath));
  if (linkDir === target || linkDir.startsWith(target + sep)) return skip("symlink loop (points to a directory that contains it): not followed");
  return skip(`symlink to ${relative(realRoot, target).split(sep).join("/")}: read at its real path`);
}

function note(skipped: SkippedFile[], path: string, reason: string): null {
  skipped.push({ path, reason });
  return null;
}

function joinRel(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "error";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
