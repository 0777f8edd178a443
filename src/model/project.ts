/**
 * Project facts from dependency manifests: the declared dependencies and the
 * Django version the project pins (requirements*.txt, pyproject.toml,
 * Pipfile, poetry.lock, uv.lock). No pin means the newest Django.
 */
import { parse as parseToml } from "smol-toml";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "../parse/span.js";
import type { BuildContext } from "./context.js";

export interface Dependency {
  /** Normalised name (lower case, `_`/`.` → `-`). */
  name: string;
  /** The requirement as written, e.g. `Django==4.2.11`. */
  spec: string;
  span: Span;
}

export interface DjangoPin {
  major: number;
  minor: number;
  /** The pin as written. */
  text: string;
  span: Span;
}

export interface ProjectFacts {
  dependencies: Dependency[];
  /** The Django version the project pins exactly (`==`, `~=`, a lock file); null: not pinned, judged as the newest. */
  django: DjangoPin | null;
}

/** True when the project's Django is at least major.minor (an unpinned project runs the newest). */
export function djangoAtLeast(facts: ProjectFacts, major: number, minor: number): boolean {
  const d = facts.django;
  if (!d) return true;
  return d.major > major || (d.major === major && d.minor >= minor);
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, "-");
}

export function buildProject(ctx: BuildContext): ProjectFacts {
  const dependencies: Dependency[] = [];
  const pins: { pin: DjangoPin; rank: number }[] = [];
  const files = [...ctx.byKind("requirements"), ...ctx.byKind("pyproject")].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const f of files) {
    const base = f.path.split("/").pop()!.toLowerCase();
    if (base === "poetry.lock" || base === "uv.lock") readLock(f, dependencies, pins);
    else if (base === "pyproject.toml") readPyproject(f, dependencies, pins);
    else if (base === "pipfile") readPipfile(f, dependencies, pins);
    else if (base.endsWith(".txt") || base.endsWith(".in")) readRequirements(f, dependencies, pins);
  }
  pins.sort((a, b) => b.rank - a.rank);
  return { dependencies, django: pins[0]?.pin ?? null };
}

/** `==X.Y[.Z]`, `===X.Y`, `~=X.Y.Z` (same minor), poetry `^X.Y.Z`/`~X.Y`: the minor version is decided. */
function pinnedVersion(spec: string): { major: number; minor: number } | null {
  const s = spec.replace(/\s+/g, "");
  let m = /^(?:===?|~=)(\d+)\.(\d+)(?:\.\d+)?(?:\.\*)?$/.exec(s);
  if (m && !(spec.includes("~=") && !/^~=\d+\.\d+\.\d+/.test(s))) return { major: Number(m[1]), minor: Number(m[2]) };
  m = /^(?:~|\^)?(\d+)\.(\d+)\.\d+$/.exec(s);
  if (m && (s.startsWith("~") || !s.startsWith("^") || Number(m[1]) === 0)) return { major: Number(m[1]), minor: Number(m[2]) };
  m = /^~(\d+)\.(\d+)$/.exec(s);
  if (m) return { major: Number(m[1]), minor: Number(m[2]) };
  return null;
}

function lineSpan(f: SourceFile, needle: RegExp): Span {
  for (let n = 1; n <= f.lines.lineCount; n++) if (needle.test(f.lines.lineText(n))) return f.lines.lineSpan(n);
  return f.lines.lineSpan(1);
}

function readRequirements(f: SourceFile, deps: Dependency[], pins: { pin: DjangoPin; rank: number }[]): void {
  for (let n = 1; n <= f.lines.lineCount; n++) {
    const line = f.lines.lineText(n).replace(/(^|\s)#.*$/, "").trim();
    if (!line || line.startsWith("-")) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*([^;]*)/.exec(line);
    if (!m) continue;
    const span = f.lines.lineSpan(n);
    const name = normaliseName(m[1]!);
    deps.push({ name, spec: line, span });
    if (name !== "django") continue;
    const v = pinnedVersion(m[3]!.trim());
    if (v) pins.push({ pin: { ...v, text: line, span }, rank: 1 });
  }
}

function readPyproject(f: SourceFile, deps: Dependency[], pins: { pin: DjangoPin; rank: number }[]): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(f.text) as Record<string, unknown>;
  } catch {
    return;
  }
  const project = doc.project as { dependencies?: unknown } | undefined;
  if (Array.isArray(project?.dependencies))
    for (const d of project.dependencies) {
      if (typeof d !== "string") continue;
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*([^;]*)/.exec(d.trim());
      if (!m) continue;
      const name = normaliseName(m[1]!);
      const span = lineSpan(f, new RegExp(`["']${m[1]!.replace(/[.]/g, "\\.")}`, "i"));
      deps.push({ name, spec: d, span });
      const v = name === "django" ? pinnedVersion(m[3]!.trim()) : null;
      if (v) pins.push({ pin: { ...v, text: d, span }, rank: 1 });
    }
  const poetry = ((doc.tool as Record<string, unknown> | undefined)?.poetry as { dependencies?: Record<string, unknown> } | undefined)?.dependencies;
  if (poetry && typeof poetry === "object")
    for (const [k, spec] of Object.entries(poetry)) {
      const name = normaliseName(k);
      if (name === "python") continue;
      const text = typeof spec === "string" ? spec : typeof (spec as { version?: unknown })?.version === "string" ? (spec as { version: string }).version : "";
      const span = lineSpan(f, new RegExp(`^\\s*${k.replace(/[.]/g, "\\.")}\\s*=`, "i"));
      deps.push({ name, spec: `${k} = ${text}`, span });
      const v = name === "django" ? pinnedVersion(text) : null;
      if (v) pins.push({ pin: { ...v, text: `${k} = "${text}"`, span }, rank: 1 });
    }
}

function readPipfile(f: SourceFile, deps: Dependency[], pins: { pin: DjangoPin; rank: number }[]): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(f.text) as Record<string, unknown>;
  } catch {
    return;
  }
  const packages = doc.packages as Record<string, unknown> | undefined;
  if (!packages) return;
  for (const [k, spec] of Object.entries(packages)) {
    const name = normaliseName(k);
    const text = typeof spec === "string" ? spec : typeof (spec as { version?: unknown })?.version === "string" ? (spec as { version: string }).version : "*";
    const span = lineSpan(f, new RegExp(`^\\s*"?${k}"?\\s*=`, "i"));
    deps.push({ name, spec: `${k} = ${text}`, span });
    const v = name === "django" ? pinnedVersion(text) : null;
    if (v) pins.push({ pin: { ...v, text: `${k} = "${text}"`, span }, rank: 1 });
  }
}

function readLock(f: SourceFile, deps: Dependency[], pins: { pin: DjangoPin; rank: number }[]): void {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(f.text) as Record<string, unknown>;
  } catch {
    return;
  }
  const packages = doc.package;
  if (!Array.isArray(packages)) return;
  for (const p of packages as { name?: unknown; version?: unknown }[]) {
    if (typeof p.name !== "string" || typeof p.version !== "string") continue;
    const name = normaliseName(p.name);
    const span = lineSpan(f, new RegExp(`^\\s*name\\s*=\\s*"${p.name.replace(/[.]/g, "\\.")}"`, "i"));
    deps.push({ name, spec: `${p.name}==${p.version}`, span });
    if (name !== "django") continue;
    const m = /^(\d+)\.(\d+)/.exec(p.version);
    if (m) pins.push({ pin: { major: Number(m[1]), minor: Number(m[2]), text: `${p.name} ${p.version}`, span }, rank: 2 });
  }
}
