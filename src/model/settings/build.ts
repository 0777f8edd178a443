/**
 * Builds the settings model: decides which settings modules are production,
 * parses every Python module they reach (once), and evaluates each
 * production module under each distinct environment of the targets that run
 * it (or the unset environment when none is known).
 */
import type { SourceFile } from "../../discover/types.js";
import { fileSpan } from "../../parse/span.js";
import { namedChildren, parsePython, stringValue, type PyNode } from "../../parse/python.js";
import type { BuildContext } from "../context.js";
import { buildProject, djangoAtLeast, type ProjectFacts } from "../project.js";
import type { Target } from "../types.js";
import { djangoDefault } from "./defaults.js";
import { targetEnv, UNSET_ENV, type EvalEnv } from "./env.js";
import { Evaluator, type ModuleResult, type ParsedFiles } from "./evaluate.js";
import { isDevModuleName, isProductionModuleName, ModuleIndex } from "./modules.js";
import { serveRoutes } from "./urls.js";
import type { ProductionReason, Setting, SettingsModel, SettingsView } from "./types.js";
import { unknown } from "./values.js";

export async function buildSettings(ctx: BuildContext, targets: Target[]): Promise<SettingsModel> {
  const project = buildProject(ctx);
  const index = new ModuleIndex(ctx.files);
  const store = new TreeStore(ctx, index);
  for (const f of ctx.files) if (["settings", "wsgi", "asgi", "manage", "urls"].includes(f.kind)) await store.load(f);
  const routes = ctx.byKind("urls").flatMap((f) => {
    const root = store.tree(f.path);
    return root ? serveRoutes(f, root) : [];
  });
  const references = referencedModules(ctx, targets, store);
  for (const r of references) {
    const res = index.resolve(r.name);
    if (res.kind === "project") await store.load(res.file);
  }
  const reach = new Map<string, Set<string>>();
  for (const f of ctx.byKind("settings")) {
    const name = index.nameOf(f.path);
    if (name && isProductionModuleName(name) && !isDevModuleName(name)) reach.set(name, await store.reachable(name));
  }
  const chosen = chooseProduction(ctx, index, targets, references, reach, (path) => store.standalone(path));
  for (const c of chosen) await store.loadReachable(c.name);
  const evaluators = new Map<string, Evaluator>();
  const views: SettingsView[] = [];
  for (const c of chosen) {
    const running = targets.filter((t) => t.production && (t.settingsModule ? t.settingsModule.name === c.name : c.reason !== "config" || chosen.length === 1));
    const envs = new Map<string, { env: EvalEnv; targets: Target[] }>();
    if (running.length === 0) envs.set(UNSET_ENV.key, { env: UNSET_ENV, targets: [] });
    for (const t of running) {
      const env = targetEnv(t);
      const seen = envs.get(env.key);
      if (seen) seen.targets.push(t);
      else envs.set(env.key, { env, targets: [t] });
    }
    for (const { env, targets: ts } of envs.values()) {
      let ev = evaluators.get(env.key);
      if (!ev) {
        ev = new Evaluator(index, store, env);
        evaluators.set(env.key, ev);
      }
      const result = ev.module(c.name);
      if (result) views.push(makeView(result, c.reason, env, ts, project));
    }
  }
  const chosenNames = new Map(chosen.map((c) => [c.name, c.reason]));
  const modules = ctx
    .byKind("settings")
    .map((f) => index.nameOf(f.path))
    .filter((n): n is string => n !== undefined)
    .concat(chosen.map((c) => c.name).filter((n) => index.file(n)?.kind !== "settings"))
    .map((name) => ({ name, file: index.file(name)!.path, production: chosenNames.has(name), reason: chosenNames.get(name) ?? null }));
  return { productionSettings: views, modules, project, serveRoutes: routes };
}

function makeView(result: ModuleResult, reason: ProductionReason, env: EvalEnv, targets: Target[], project: ProjectFacts): SettingsView {
  const moduleSpan = fileSpan(result.file.path);
  const version: [number, number] | null = project.django ? [project.django.major, project.django.minor] : null;
  const names: string[] = [];
  for (const n of result.vars.keys()) if (/^[A-Z][A-Z0-9_]*$/.test(n)) names.push(n);
  return {
    module: result.name,
    file: result.file.path,
    moduleSpan,
    reason,
    env,
    targets,
    project,
    failed: result.failed,
    opaque: result.opaque,
    envWrites: result.envWrites,
    names: () => names,
    assigned: (name) => (result.failed ? undefined : result.vars.get(name)),
    value(name): Setting {
      if (result.failed) return { name, val: unknown(moduleSpan), at: null };
      const b = result.vars.get(name);
      if (b) return { name, val: b.val, at: b.at };
      const dflt = result.opaque ? undefined : djangoDefault(name, version, moduleSpan);
      return { name, val: dflt ?? unknown(moduleSpan), at: null };
    },
    djangoAtLeast: (major, minor) => djangoAtLeast(project, major, minor),
  };
}

/** Statements whose bodies may hold imports. */
const COMPOUND = new Set(["module", "block", "if_statement", "elif_clause", "else_clause", "try_statement", "except_clause", "except_group_clause", "finally_clause", "with_statement", "for_statement", "while_statement"]);

/** Parsed modules by path, each parsed once. */
class TreeStore implements ParsedFiles {
  private readonly trees = new Map<string, PyNode | null>();

  constructor(
    private readonly ctx: BuildContext,
    private readonly index: ModuleIndex,
  ) {}

  async load(f: SourceFile): Promise<PyNode | undefined> {
    if (!this.trees.has(f.path)) {
      this.trees.set(f.path, null);
      const parsed = await parsePython(f);
      this.ctx.errors.push(...parsed.errors);
      this.trees.set(f.path, parsed.root);
    }
    return this.trees.get(f.path) ?? undefined;
  }

  /** Parses a module and every project module it may import or include, transitively. */
  async loadReachable(name: string): Promise<void> {
    await this.reachable(name);
  }

  /** The paths of every project module that `name` imports or includes, transitively (itself included). */
  async reachable(name: string): Promise<Set<string>> {
    const queue = [this.index.file(name)].filter((f): f is SourceFile => f !== undefined);
    const done = new Set<string>();
    while (queue.length > 0) {
      const f = queue.pop()!;
      if (done.has(f.path)) continue;
      done.add(f.path);
      const root = await this.load(f);
      if (!root) continue;
      for (const dep of this.dependencies(f, root)) if (!done.has(dep.path)) queue.push(dep);
    }
    return done;
  }

  /** True when a parsed module imports or includes no project module. */
  standalone(path: string): boolean {
    const f = this.ctx.file(path);
    const root = this.trees.get(path);
    return f !== undefined && root !== undefined && root !== null && this.dependencies(f, root).length === 0;
  }

  private dependencies(f: SourceFile, root: PyNode): SourceFile[] {
    const out: SourceFile[] = [];
    const visit = (n: PyNode): void => {
      if (n.type === "import_from_statement") {
        const mod = n.childForFieldName("module_name");
        if (mod) {
          let base: string | null = null;
          if (mod.type === "relative_import") {
            const prefix = namedChildren(mod).find((c) => c.type === "import_prefix");
            const dotted = namedChildren(mod).find((c) => c.type === "dotted_name");
            const r = this.index.resolveRelative(f.path, prefix ? prefix.text.length : 1, dotted ? dotted.text : "");
            if (r.kind === "project") out.push(r.file);
            base = r.name;
          } else {
            const r = this.index.resolve(mod.text);
            if (r.kind === "project") out.push(r.file);
            base = r.name;
          }
          for (const nm of n.childrenForFieldName("name")) {
            const id = nm?.type === "aliased_import" ? nm.childForFieldName("name") : nm;
            const sub = id ? this.index.file(`${base}.${id.text}`) : undefined;
            if (sub) out.push(sub);
          }
        }
      } else if (n.type === "import_statement") {
        for (const nm of n.childrenForFieldName("name")) {
          const id = nm?.type === "aliased_import" ? nm.childForFieldName("name") : nm;
          const r = id ? this.index.resolve(id.text) : null;
          if (r?.kind === "project") out.push(r.file);
        }
      } else if (n.type === "expression_statement") {
        const call = n.namedChildren[0];
        if (call?.type === "call" && /(^|\.)include$/.test(call.childForFieldName("function")?.text ?? "")) {
          for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
            const lit = arg.type === "call" ? arg.childForFieldName("arguments")?.namedChildren[0] : arg;
            const s = lit ? stringValue(lit) : null;
            if (s) out.push(...this.glob(f.path, s));
          }
        }
        return;
      } else if (!COMPOUND.has(n.type)) return;
      for (const c of namedChildren(n)) visit(c);
    };
    visit(root);
    return out;
  }

  tree(path: string): PyNode | undefined {
    return this.trees.get(path) ?? undefined;
  }

  file(path: string): SourceFile | undefined {
    return this.ctx.file(path);
  }

  ignored(path: string): boolean {
    return this.ctx.ignored(path);
  }

  glob(fromPath: string, pattern: string): SourceFile[] {
    const dir = fromPath.includes("/") ? fromPath.slice(0, fromPath.lastIndexOf("/")) : "";
    const parts = (dir ? `${dir}/${pattern}` : pattern).split("/");
    const norm: string[] = [];
    for (const p of parts) {
      if (p === "" || p === ".") continue;
      if (p === "..") norm.pop();
      else norm.push(p);
    }
    const full = norm.join("/");
    if (!full.includes("*") && !full.includes("?")) {
      const f = this.ctx.file(full);
      return f ? [f] : [];
    }
    const re = new RegExp(`^${full.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`);
    return this.ctx.files.filter((f) => re.test(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}

interface Reference {
  name: string;
  /** Only a default: `os.environ.setdefault` in wsgi/asgi/manage, which any deployment may override. */
  fallback: boolean;
}

/** `DJANGO_SETTINGS_MODULE` wherever the deployment sets it: targets' env, `--settings=` flags, `os.environ.setdefault` in wsgi/asgi/manage (development names are dropped by the caller). */
function referencedModules(ctx: BuildContext, targets: Target[], store: TreeStore): Reference[] {
  const out: Reference[] = [];
  const named: string[] = [];
  for (const t of targets) {
    if (!t.production) continue;
    if (t.settingsModule) named.push(t.settingsModule.name);
    for (const src of t.env) for (const e of src.entries) if (e.name === "DJANGO_SETTINGS_MODULE" && e.value) named.push(e.value);
    for (const p of t.processes)
      for (let i = 0; i < p.argv.length; i++) {
        const w = p.argv[i]!.text;
        if (w?.startsWith("--settings=")) named.push(w.slice(11));
        else if (w === "--settings" && p.argv[i + 1]?.text) named.push(p.argv[i + 1]!.text!);
      }
  }
  for (const name of named) out.push({ name, fallback: false });
  for (const kind of ["wsgi", "asgi", "manage"] as const)
    for (const f of ctx.byKind(kind)) {
      const root = store.tree(f.path);
      if (root) for (const name of setdefaults(root)) out.push({ name, fallback: true });
    }
  return out.filter((r) => /^[A-Za-z_][\w.]*$/.test(r.name));
}

function setdefaults(root: PyNode): string[] {
  const out: string[] = [];
  const visit = (n: PyNode): void => {
    if (n.type === "call" && /(^|\.)environ\.setdefault$/.test(n.childForFieldName("function")?.text ?? "")) {
      const args = namedChildren(n.childForFieldName("arguments") ?? n);
      const k = args[0] ? stringValue(args[0]) : null;
      const v = args[1] ? stringValue(args[1]) : null;
      if (k === "DJANGO_SETTINGS_MODULE" && v) out.push(v);
    }
    for (const c of namedChildren(n)) visit(c);
  };
  visit(root);
  return out;
}

/**
 * ARCHITECTURE.md: config, else what targets and references name, else
 * production-like names, else a lone settings.py. A module that wsgi/asgi/manage
 * only default to yields to the production-named modules that import it, or
 * that sit in it when it is a package that composes nothing (Python runs an
 * empty `settings/__init__.py` before `settings.prod`):
 * `DJANGO_SETTINGS_MODULE` names those in production, and the default is what
 * a checkout starts with. A package that imports or includes its parts
 * (django-split-settings) is the module that runs.
 */
function chooseProduction(
  ctx: BuildContext,
  index: ModuleIndex,
  targets: Target[],
  references: Reference[],
  reach: ReadonlyMap<string, ReadonlySet<string>>,
  standalone: (path: string) => boolean,
): { name: string; reason: ProductionReason }[] {
  const resolve = (n: string): string | null => {
    const r = index.resolve(n);
    return r.kind === "project" ? r.name : null;
  };
  const uniq = (list: { name: string; reason: ProductionReason }[]): { name: string; reason: ProductionReason }[] => {
    const seen = new Set<string>();
    return list.filter((c) => (seen.has(c.name) ? false : (seen.add(c.name), true)));
  };
  if (ctx.config.settings.length > 0)
    return uniq(ctx.config.settings.map(resolve).filter((n): n is string => n !== null).map((name) => ({ name, reason: "config" as const })));
  const targeted = targets.filter((t) => t.production && t.settingsModule).map((t) => t.settingsModule!.name);
  const overriding = (name: string): string[] => {
    const path = index.file(name)!.path;
    const emptyPackage = index.isPackage(path) && standalone(path);
    return [...reach]
      .filter(([prod, paths]) => prod !== name && (paths.has(path) || (emptyPackage && prod.startsWith(`${name}.`))))
      .map(([prod]) => prod)
      .sort();
  };
  const named = uniq(
    [...targeted.map((n) => ({ n, reason: "target" as const, fallback: false })), ...references.map((r) => ({ n: r.name, reason: "reference" as const, fallback: r.fallback }))]
      .filter((c) => !isDevModuleName(c.n))
      .flatMap((c): { name: string; reason: ProductionReason }[] => {
        const name = resolve(c.n);
        if (name === null) return [];
        const prods = c.fallback ? overriding(name) : [];
        return prods.length > 0 ? prods.map((p) => ({ name: p, reason: "name" as const })) : [{ name, reason: c.reason }];
      }),
  );
  if (named.length > 0) return named;
  const settingsModules = ctx
    .byKind("settings")
    .map((f) => index.nameOf(f.path))
    .filter((n): n is string => n !== undefined);
  const byName = settingsModules.filter((n) => isProductionModuleName(n) && !isDevModuleName(n)).sort();
  if (byName.length > 0) return byName.map((name) => ({ name, reason: "name" as const }));
  const lone = settingsModules.filter((n) => /(^|\.)settings$/.test(n) && !index.isPackage(index.file(n)!.path));
  const splits = settingsModules.some((n) => /(^|\.)settings\.[^.]+$/.test(n));
  if (lone.length === 1 && !splits) return [{ name: lone[0]!, reason: "lone-settings" }];
  return [];
}
