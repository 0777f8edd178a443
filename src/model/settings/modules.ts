/**
 * Python modules of the project by dotted name, for resolving imports the
 * way Python would from the project root (or a source root under it, such as
 * `src/`), and for naming settings modules.
 */
import type { SourceFile } from "../../discover/types.js";

export type Resolution = { kind: "project"; name: string; file: SourceFile } | { kind: "missing"; name: string } | { kind: "external"; name: string };

export class ModuleIndex {
  private readonly byName = new Map<string, SourceFile>();
  private readonly nameOfPath = new Map<string, string>();
  private readonly topLevel = new Set<string>();

  constructor(files: readonly SourceFile[]) {
    for (const f of files) {
      if (!f.path.endsWith(".py")) continue;
      const name = moduleNameOf(f.path);
      if (!name) continue;
      this.byName.set(name, f);
      this.nameOfPath.set(f.path, name);
      for (const part of name.split(".")) this.topLevel.add(part);
    }
  }

  /** The dotted name of a file as imported from the project root. */
  nameOf(path: string): string | undefined {
    return this.nameOfPath.get(path);
  }

  isPackage(path: string): boolean {
    return path.endsWith("/__init__.py") || path === "__init__.py";
  }

  /** Resolves an absolute dotted name: exact from the root, else a unique match under a source root (`src/config/settings.py`). */
  resolve(name: string): Resolution {
    const exact = this.byName.get(name);
    if (exact) return { kind: "project", name, file: exact };
    const suffix = `.${name}`;
    const matches: string[] = [];
    for (const n of this.byName.keys()) if (n.endsWith(suffix)) matches.push(n);
    if (matches.length > 0) {
      matches.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
      const best = matches[0]!;
      return { kind: "project", name: best, file: this.byName.get(best)! };
    }
    return this.topLevel.has(name.split(".")[0]!) ? { kind: "missing", name } : { kind: "external", name };
  }

  /** Resolves `from <dots><name> import …` written in `fromPath`. */
  resolveRelative(fromPath: string, dots: number, name: string): Resolution {
    const own = this.nameOf(fromPath);
    if (own === undefined) return { kind: "missing", name };
    const pkgParts = own.split(".");
    if (!this.isPackage(fromPath)) pkgParts.pop();
    for (let i = 1; i < dots; i++) pkgParts.pop();
    const full = [...pkgParts, ...(name ? name.split(".") : [])].filter(Boolean).join(".");
    const found = this.byName.get(full);
    return found ? { kind: "project", name: full, file: found } : { kind: "missing", name: full };
  }

  file(name: string): SourceFile | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

export function moduleNameOf(path: string): string | null {
  if (!path.endsWith(".py")) return null;
  const parts = path.slice(0, -3).split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  if (parts.length === 0 || !parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return null;
  return parts.join(".");
}

/** Settings modules named `dev*`, `local*`, `test*` (or under such a package) are development. */
export function isDevModuleName(name: string): boolean {
  const last = name.split(".").pop() ?? name;
  return /^(dev|local|test)/i.test(last) || /(^|_)(dev|development|local|test|tests|testing|ci)$/i.test(last);
}

/** Settings modules named like production: `prod*`, `production`, `deploy*`, `live`, or a name ending in one (`settings_prod`, `settings_production`). */
export function isProductionModuleName(name: string): boolean {
  const last = name.split(".").pop() ?? name;
  return /^(prod|deploy|live$)/i.test(last) || /_(prod|production|deploy|deployment|live)$/i.test(last);
}
