import { execFileSync } from "node:child_process";
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";

export interface AuditScope {
  /** The project root: everything under it is read. */
  root: string;
  /** Paths relative to the root that narrow the report; empty = report on the whole root. */
  only: string[];
}

const PROJECT_MARKERS = ["pyproject.toml", "manage.py", ".git"];

/**
 * Decides what to read and what to report on. A single directory is the
 * root. Otherwise (files, or several paths) the root is `--root`, else the
 * git top-level of the first path, else the nearest common ancestor that
 * holds a pyproject.toml, manage.py or .git, else the current directory;
 * the paths then narrow the report.
 */
export function resolveScope(paths: readonly string[], rootOption: string | undefined, cwd: string): AuditScope {
  const abs = paths.map((p) => {
    const a = resolve(cwd, p);
    if (!existsSync(a)) throw new UsageError(`path does not exist: ${p}`);
    return realpathSync(a);
  });
  let root: string;
  if (rootOption !== undefined) {
    const r = resolve(cwd, rootOption);
    if (!existsSync(r) || !statSync(r).isDirectory()) throw new UsageError(`--root is not a directory: ${rootOption}`);
    root = realpathSync(r);
  } else if (abs.length === 1 && statSync(abs[0]!).isDirectory()) {
    return { root: abs[0]!, only: [] };
  } else {
    const first = abs[0]!;
    const start = statSync(first).isDirectory() ? first : dirname(first);
    root = gitTopLevel(start) ?? markedAncestor(commonAncestor(abs.map((a) => (statSync(a).isDirectory() ? a : dirname(a))))) ?? realpathSync(cwd);
  }
  const only: string[] = [];
  for (let i = 0; i < abs.length; i++) {
    const rel = relative(root, abs[i]!);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new UsageError(`${paths[i]} is outside the project root ${root} (use --root)`);
    if (rel === "") return { root, only: [] };
    only.push(rel.split(sep).join("/"));
  }
  return { root, only };
}

function gitTopLevel(dir: string): string | null {
  try {
    const out = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"], encoding: "utf8" }).trim();
    return out ? realpathSync(out) : null;
  } catch {
    return null;
  }
}

function commonAncestor(dirs: string[]): string {
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) while (common !== dirname(common) && d !== common && !d.startsWith(common.endsWith(sep) ? common : common + sep)) common = dirname(common);
  return common;
}

function markedAncestor(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (PROJECT_MARKERS.some((m) => existsSync(join(d, m)))) return d;
    if (d === dirname(d)) return null;
  }
}
