/**
 * The settings evaluator: interprets the subset of Python that settings
 * modules use, statement by statement in module order, under one
 * environment, with provenance for every value. Whatever it cannot decide is
 * Unknown. See ARCHITECTURE.md "Settings evaluation".
 */
import type { SourceFile } from "../../discover/types.js";
import { spanThrough, type Span } from "../../parse/span.js";
import { decodeStringContent, namedChildren, numberValue, stringPrefix, stringValue, type PyNode } from "../../parse/python.js";
import type { EvalEnv } from "./env.js";
import { isDevModuleName, type ModuleIndex, type Resolution } from "./modules.js";
import {
  dictGet,
  indirect,
  mergeDeps,
  mk,
  pyEquals,
  sameValue,
  stringItems,
  truthy,
  unknown,
  type DictEntry,
  type EnvDep,
  type PyValue,
  type Val,
} from "./values.js";

/** A name bound at module level, and the statement that bound it. */
export interface Binding {
  val: Val;
  at: Span;
}

/** An environment variable the settings themselves set (`os.environ.setdefault(...)`, `os.environ[...] = ...`). */
export interface EnvWrite {
  name: string;
  val: Val;
  at: Span;
}

export interface ModuleResult {
  name: string;
  file: SourceFile;
  vars: ReadonlyMap<string, Binding>;
  /** Names may exist that the evaluator cannot see (a star import from outside the project, `globals()` tricks). */
  opaque: boolean;
  /** The module raises at import under this environment (an unconditional `raise`, a failed import). */
  failed: boolean;
  envWrites: EnvWrite[];
}

/** Parsed Python files by path, shared by every evaluation. */
export interface ParsedFiles {
  tree(path: string): PyNode | undefined;
  file(path: string): SourceFile | undefined;
  /** Files matching a django-split-settings `include()` pattern, relative to `fromPath`. */
  glob(fromPath: string, pattern: string): SourceFile[];
  /** Whether the project's .gitignore files keep a root-relative path out of the repository. */
  ignored(path: string): boolean;
}

class Scope {
  vars: Map<string, Binding>;
  opaque = false;
  dead = false;
  envWrites: EnvWrite[] = [];

  constructor(vars?: Map<string, Binding>) {
    this.vars = vars ?? new Map();
  }

  clone(): Scope {
    const s = new Scope(new Map(this.vars));
    s.opaque = this.opaque;
    s.dead = this.dead;
    s.envWrites = [...this.envWrites];
    return s;
  }

  /** Takes over the state of `other` (the result of a branch). */
  adopt(other: Scope): void {
    this.vars = other.vars;
    this.opaque = other.opaque;
    this.dead = other.dead;
    this.envWrites = other.envWrites;
  }
}

/**
 * Code the evaluator cannot follow may set any module name here: a star
 * import (or django-split-settings include) of a project module that is not
 * in the repository — Python would raise, so wherever this path runs in
 * production the file is supplied at deploy time (`prod_settings.py`
 * installed from a template, a generated `secrets.py`) — or a write through
 * `vars()`/`globals()` (`vars().update(yaml.safe_load(f))`). Every name bound
 * so far becomes Unknown, except references to outside modules (`os`,
 * `environ`), and unassigned names are no longer Django's defaults.
 * (Optional local overrides — `try: … except ImportError`, `optional()` — are
 * absent instead, unless .gitignore keeps the file out: see mayBeOverridden.)
 */
function anyNameMayChange(scope: Scope): void {
  scope.opaque = true;
  for (const [name, b] of scope.vars) if (b.val.v.kind !== "ref" && b.val.v.kind !== "envobj") scope.vars.set(name, { val: unknown(b.val.span, b.val.deps), at: b.at });
}

/**
 * A star import of a project module that is not in the repository and that
 * .gitignore keeps out of it (`try: from .local import * except ImportError:
 * pass` where .gitignore lists `mysite/settings/local.py`): the project keeps that
 * file on its servers, so every name bound so far may be rebound there —
 * Unknown, naming the file — and unassigned names are no longer Django's
 * defaults.
 */
function mayBeOverridden(scope: Scope, path: string): void {
  scope.opaque = true;
  for (const [name, b] of scope.vars) if (b.val.v.kind !== "ref" && b.val.v.kind !== "envobj") scope.vars.set(name, { val: { ...unknown(b.val.span, b.val.deps), overriddenBy: path }, at: b.at });
}

/** The module names a statement may bind or change, by its syntax (function and class bodies excluded). */
function boundNames(node: PyNode, out: Set<string>): void {
  if (node.type === "function_definition" || node.type === "class_definition" || node.type === "lambda") return;
  let target: PyNode | null = null;
  if (node.type === "assignment" || node.type === "augmented_assignment" || node.type === "for_statement") target = node.childForFieldName("left");
  else if (node.type === "call") target = node.childForFieldName("function")?.childForFieldName("object") ?? null;
  else if (node.type === "import_from_statement" || node.type === "import_statement") {
    for (const n of node.childrenForFieldName("name")) {
      const name = n?.type === "aliased_import" ? n.childForFieldName("alias")?.text : n?.text.split(".")[0];
      if (name) out.add(name);
    }
    return;
  }
  while (target && (target.type === "subscript" || target.type === "attribute")) target = target.childForFieldName(target.type === "subscript" ? "value" : "object");
  if (target?.type === "identifier") out.add(target.text);
  else if (target) for (const c of namedChildren(target)) if (c.type === "identifier") out.add(c.text);
  for (const c of namedChildren(node)) boundNames(c, out);
}

/** The value, with `deps` added to it and to everything it contains. */
function withDeps(val: Val, deps: EnvDep[]): Val {
  const v = val.v;
  let inner: PyValue = v;
  if (v.kind === "list" || v.kind === "tuple" || v.kind === "set") inner = { kind: v.kind, items: v.items.map((it) => withDeps(it, deps)) };
  else if (v.kind === "dict") inner = { kind: "dict", entries: v.entries.map((e) => ({ key: e.key, value: withDeps(e.value, deps) })), open: v.open };
  return { ...val, v: inner, deps: mergeDeps(val.deps, deps) };
}

/** Per-machine override modules, imported when present: `local`, `local_settings`, `settings_local`, `*_local`. */
function isLocalOverride(name: string): boolean {
  return /(^|\.)(local|local_settings|settings_local|.*_local)$/.test(name);
}

/** Either of two scopes: names bound to different values become Unknown. */
function mergeScopes(a: Scope, b: Scope, condDeps: EnvDep[] = []): Scope {
  if (a.dead) return b;
  if (b.dead) return a;
  const out = new Scope();
  out.opaque = a.opaque || b.opaque;
  const names = new Set([...a.vars.keys(), ...b.vars.keys()]);
  for (const name of names) {
    const x = a.vars.get(name);
    const y = b.vars.get(name);
    if (x && y && (x === y || sameValue(x.val, y.val))) out.vars.set(name, x);
    else {
      const any = (x ?? y)!;
      const val = unknown(any.val.span, mergeDeps(condDeps, x?.val.deps ?? [], y?.val.deps ?? []));
      const overriddenBy = x?.val.overriddenBy ?? y?.val.overriddenBy;
      out.vars.set(name, { val: overriddenBy === undefined ? val : { ...val, overriddenBy }, at: any.at });
    }
  }
  out.envWrites = [...a.envWrites];
  for (const w of b.envWrites) if (!out.envWrites.includes(w)) out.envWrites.push(w);
  return out;
}

/**
 * `try: X = os.environ["V"] except KeyError: X = "literal"`: where the try
 * branch reads variables without a default and the handler binds a value, that
 * value is what an unset variable falls back to — recorded like a default.
 */
function recordFallbacks(ok: Scope, failed: Scope, result: Scope): void {
  for (const [name, b] of result.vars) {
    const tried = ok.vars.get(name);
    const fallback = failed.vars.get(name);
    if (!tried || !fallback || tried === fallback || b.val.v.kind !== "unknown") continue;
    const missing = tried.val.deps.filter((d) => !d.defaultValue && d.state !== "set");
    if (missing.length === 0) continue;
    const deps = b.val.deps.map((d) => (missing.some((m) => m.name === d.name) && !d.defaultValue ? { ...d, defaultSpan: fallback.val.span, defaultValue: fallback.val } : d));
    result.vars.set(name, { val: { ...b.val, deps }, at: b.at });
  }
}

const GENERATORS = new Set([
  "django.core.management.utils.get_random_secret_key",
  "django.utils.crypto.get_random_string",
  "secrets.token_urlsafe",
  "secrets.token_hex",
  "secrets.token_bytes",
  "secrets.choice",
  "os.urandom",
  "uuid.uuid4",
  "uuid.uuid1",
]);

const BUILTINS = new Set(["bool", "int", "str", "float", "list", "tuple", "dict", "set", "len", "frozenset", "sorted", "print", "open", "getattr", "isinstance"]);

/** Code that can bind module names the evaluator cannot see. */
const DYNAMIC_NAMES = /\b(globals|locals|vars)\(\)|\bsetattr\(|\bexec\(/;

/** Code that writes module names the evaluator cannot see: `vars().update(yaml_config)`, `globals()[k] = v`, `setattr(module, k, v)`, `exec(...)`. */
const DYNAMIC_WRITES = /\b(globals|locals|vars)\(\)\s*(\.\s*(update|setdefault|pop|__setitem__)\s*\(|\[[^\n]*\]\s*=[^=])|\bsetattr\(|\bexec\(/;

const MUTATORS = new Set(["append", "insert", "extend", "remove", "update", "pop", "clear", "setdefault", "add", "discard", "sort", "reverse"]);

const EMAIL_URL_KEYS = ["EMAIL_FILE_PATH", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "OPTIONS"];

const DJANGO_ENVIRON_TRUE = new Set(["true", "on", "ok", "y", "yes", "1"]);
const DECOUPLE_BOOLEANS: Record<string, boolean> = { "1": true, yes: true, true: true, on: true, "0": false, no: false, false: false, off: false, "": false };

/** Evaluates modules under one environment; results are cached per module. */
export class Evaluator {
  private readonly results = new Map<string, ModuleResult | "running">();
  private file!: SourceFile;
  /** > 0 while running a branch that a code default chose (the variable is not in the environment). */
  private byDefault = 0;

  constructor(
    private readonly index: ModuleIndex,
    private readonly parsed: ParsedFiles,
    readonly env: EvalEnv,
  ) {}

  /** Evaluates a project module by dotted name; undefined when it is not in the project or not parsed. */
  module(name: string): ModuleResult | undefined {
    const cached = this.results.get(name);
    if (cached === "running") return undefined;
    if (cached) return cached;
    const file = this.index.file(name);
    if (!file) return undefined;
    const tree = this.parsed.tree(file.path);
    if (!tree) return undefined;
    this.results.set(name, "running");
    const scope = new Scope();
    this.runFile(file, tree, scope);
    const result: ModuleResult = { name, file, vars: scope.vars, opaque: scope.opaque, failed: scope.dead, envWrites: scope.envWrites };
    this.results.set(name, result);
    return result;
  }

  private runFile(file: SourceFile, tree: PyNode, scope: Scope): void {
    const saved = this.file;
    this.file = file;
    this.block(namedChildren(tree), scope);
    if (saved) this.file = saved;
  }

  private span(node: PyNode): Span {
    return this.file.lines.span(node.startIndex, node.endIndex);
  }

  // ── statements ──────────────────────────────────────────────────────────

  private block(stmts: readonly PyNode[], scope: Scope): void {
    for (const s of stmts) {
      if (scope.dead) return;
      this.statement(s, scope);
    }
  }

  private statement(node: PyNode, scope: Scope): void {
    switch (node.type) {
      case "expression_statement":
        for (const child of namedChildren(node)) this.expressionStatement(child, node, scope);
        return;
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
        this.importStatement(node, scope);
        return;
      case "if_statement":
        this.ifStatement(node, scope);
        return;
      case "try_statement":
        this.tryStatement(node, scope);
        return;
      case "delete_statement":
        for (const target of this.targetsOf(node)) this.deleteTarget(target, scope);
        return;
      case "raise_statement":
        scope.dead = true;
        return;
      case "function_definition":
      case "class_definition": {
        const name = node.childForFieldName("name");
        if (name) scope.vars.set(name.text, { val: unknown(this.span(node)), at: this.span(node) });
        return;
      }
      case "decorated_definition": {
        const def = node.childForFieldName("definition");
        if (def) this.statement(def, scope);
        return;
      }
      case "pass_statement":
      case "comment":
      case "assert_statement":
      case "global_statement":
      case "nonlocal_statement":
        return;
      default:
        this.forgetAssignedIn(node, scope);
    }
  }

  private targetsOf(node: PyNode): PyNode[] {
    const out: PyNode[] = [];
    for (const c of namedChildren(node)) {
      if (c.type === "expression_list") out.push(...namedChildren(c));
      else out.push(c);
    }
    return out;
  }

  private expressionStatement(node: PyNode, stmt: PyNode, scope: Scope): void {
    if (node.type === "call" && /^(vars|globals|locals)\(\)\.update$/.test(node.childForFieldName("function")?.text ?? "")) return this.namespaceUpdate(node, stmt, scope);
    if (DYNAMIC_WRITES.test(node.text)) return anyNameMayChange(scope);
    if (DYNAMIC_NAMES.test(node.text)) scope.opaque = true;
    if (node.type === "assignment") this.assignment(node, stmt, scope);
    else if (node.type === "augmented_assignment") this.augmented(node, stmt, scope);
    else if (node.type === "call") this.callStatement(node, stmt, scope);
  }

  /** `vars().update(d)`: a dict whose keys are all known binds them; anything else may set any name. */
  private namespaceUpdate(node: PyNode, stmt: PyNode, scope: Scope): void {
    const { positional, keywords, splat } = this.args(node.childForFieldName("arguments"), scope);
    const d = positional[0];
    if (splat || positional.length !== 1 || keywords.size > 0 || !d || d.v.kind !== "dict" || d.v.open || d.v.entries.some((e) => e.key.v.kind !== "str")) return anyNameMayChange(scope);
    const at = this.span(stmt);
    for (const e of d.v.entries) scope.vars.set((e.key.v as { value: string }).value, { val: e.value, at });
  }

  private assignment(node: PyNode, stmt: PyNode, scope: Scope): void {
    const lefts: PyNode[] = [];
    let cur: PyNode | null = node;
    while (cur && cur.type === "assignment") {
      const left = cur.childForFieldName("left");
      if (left) lefts.push(left);
      const right = cur.childForFieldName("right");
      if (!right) return;
      cur = right;
    }
    if (!cur) return;
    const val = this.expr(cur, scope);
    for (const left of lefts) this.bind(left, val, stmt, scope);
  }

  private bind(target: PyNode, val: Val, stmt: PyNode, scope: Scope): void {
    const at = this.span(stmt);
    switch (target.type) {
      case "identifier":
        scope.vars.set(target.text, { val, at });
        return;
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "expression_list": {
        const parts = namedChildren(target);
        const v = val.v;
        const items = v.kind === "list" || v.kind === "tuple" ? v.items : null;
        parts.forEach((p, i) => {
          const item = items && items.length === parts.length && !parts.some((q) => q.type === "list_splat_pattern") ? items[i]! : unknown(val.span, val.deps);
          this.bind(p.type === "list_splat_pattern" ? (namedChildren(p)[0] ?? p) : p, item, stmt, scope);
        });
        return;
      }
      case "subscript":
        this.setSubscript(target, val, stmt, scope);
        return;
      default:
        this.forgetRoot(target, scope);
    }
  }

  /** `X["a"]["b"] = v` (and `os.environ["X"] = v`). */
  private setSubscript(target: PyNode, val: Val, stmt: PyNode, scope: Scope): void {
    const value = target.childForFieldName("value");
    const sub = target.childForFieldName("subscript");
    if (!value || !sub) return;
    const container = this.expr(value, scope);
    if (container.v.kind === "ref" && container.v.path === "os.environ") {
      const key = this.expr(sub, scope);
      if (key.v.kind === "str") scope.envWrites.push({ name: key.v.value, val, at: this.span(stmt) });
      return;
    }
    const path = this.lvaluePath(value);
    if (!path) return;
    const key = this.expr(sub, scope);
    this.updateAt(path, scope, stmt, (old) => setItem(old, key, val));
  }

  /** The root name and subscript keys of `X["a"]["b"]`; null for anything else. */
  private lvaluePath(node: PyNode): { root: string; keys: PyNode[] } | null {
    const keys: PyNode[] = [];
    let cur = node;
    while (cur.type === "subscript") {
      const sub = cur.childForFieldName("subscript");
      const value = cur.childForFieldName("value");
      if (!sub || !value) return null;
      keys.unshift(sub);
      cur = value;
    }
    if (cur.type === "parenthesized_expression") return null;
    return cur.type === "identifier" ? { root: cur.text, keys } : null;
  }

  /** Replaces the value at `path` by `fn(old)`, rebuilding the containers above it. */
  private updateAt(path: { root: string; keys: PyNode[] }, scope: Scope, stmt: PyNode, fn: (old: Val) => Val): void {
    const binding = scope.vars.get(path.root);
    if (!binding) return;
    const keyVals = path.keys.map((k) => this.expr(k, scope));
    const rebuild = (container: Val, depth: number): Val => {
      if (depth === keyVals.length) return fn(container);
      const key = keyVals[depth]!;
      const child = getItem(container, key, container.span);
      return setItem(container, key, rebuild(child, depth + 1));
    };
    const val = rebuild(binding.val, 0);
    scope.vars.set(path.root, { val, at: path.keys.length === 0 && !isContainer(binding.val) ? this.span(stmt) : binding.at });
  }

  private augmented(node: PyNode, stmt: PyNode, scope: Scope): void {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const op = node.childForFieldName("operator")?.text ?? "";
    if (!left || !right) return;
    const rhs = this.expr(right, scope);
    const bin = op.slice(0, -1);
    const path = this.lvaluePath(left);
    if (!path) {
      this.forgetRoot(left, scope);
      return;
    }
    const binding = scope.vars.get(path.root);
    if (!binding) {
      this.forgetRoot(left, scope);
      return;
    }
    this.updateAt(path, scope, stmt, (old) => {
      const res = binaryOp(bin, old, rhs, spanThrough(old.span, rhs.span));
      if (bin === "+" && (old.v.kind === "list" || old.v.kind === "tuple") && res.v.kind === old.v.kind) return { ...res, span: old.span };
      return res;
    });
  }

  private deleteTarget(target: PyNode, scope: Scope): void {
    if (target.type === "identifier") {
      scope.vars.delete(target.text);
      return;
    }
    if (target.type === "subscript") {
      const value = target.childForFieldName("value");
      const sub = target.childForFieldName("subscript");
      const path = value ? this.lvaluePath(value) : null;
      if (!path || !sub) return this.forgetRoot(target, scope);
      const key = this.expr(sub, scope);
      this.updateAt(path, scope, target, (old) => delItem(old, key));
      return;
    }
    this.forgetRoot(target, scope);
  }

  private callStatement(node: PyNode, stmt: PyNode, scope: Scope): void {
    const fn = node.childForFieldName("function");
    const args = node.childForFieldName("arguments");
    if (!fn) return;
    const fnVal = this.expr(fn, scope);
    if (fnVal.v.kind === "ref" && (fnVal.v.path === "split_settings.tools.include" || fnVal.v.path === "split_settings.include")) {
      this.include(args ? namedChildren(args) : [], scope);
      return;
    }
    if (fnVal.v.kind === "ref" && fnVal.v.path === "os.environ.setdefault") {
      this.call(node, scope);
      return;
    }
    if (fn.type === "attribute") {
      const obj = fn.childForFieldName("object");
      const attr = fn.childForFieldName("attribute")?.text ?? "";
      if (obj && MUTATORS.has(attr)) {
        const path = this.lvaluePath(obj);
        if (!path || !scope.vars.has(path.root)) {
          this.forgetRoot(obj, scope);
          return;
        }
        const { positional, keywords, splat } = this.args(args, scope);
        this.updateAt(path, scope, stmt, (old) => (splat ? unknown(old.span, old.deps) : mutate(old, attr, positional, keywords)));
        return;
      }
    }
    this.expr(node, scope);
  }

  private include(args: readonly PyNode[], scope: Scope): void {
    for (const arg of args) {
      let optional = false;
      let patNode: PyNode | null = arg;
      if (arg.type === "call") {
        const f = this.sub(arg, "function", scope);
        if (f.v.kind === "ref" && /(^|\.)optional$/.test(f.v.path)) {
          optional = true;
          patNode = arg.childForFieldName("arguments")?.namedChildren[0] ?? null;
        } else patNode = null;
      }
      const pattern = patNode ? this.expr(patNode, scope) : null;
      if (!pattern || pattern.v.kind !== "str") {
        scope.opaque = true;
        continue;
      }
      const files = this.parsed.glob(this.file.path, pattern.v.value);
      // `f"environments/{ENV}.py"` with ENV from a default in the code: which file production
      // includes is up to the deployment's variable, and a development file is not it.
      const byDefault = pattern.deps.some((d) => !this.env.vars.has(d.name));
      if (byDefault && files.some((f) => isDevModuleName(f.path.replace(/\.py$/, "").split("/").pop() ?? ""))) {
        anyNameMayChange(scope);
        continue;
      }
      if (files.length === 0) {
        if (!optional) anyNameMayChange(scope);
        continue;
      }
      for (const f of files) {
        const tree = this.parsed.tree(f.path);
        if (!tree) {
          scope.opaque = true;
          continue;
        }
        if (optional) {
          const branch = scope.clone();
          this.runFile(f, tree, branch);
          scope.adopt(mergeScopes(branch, scope));
        } else this.runFile(f, tree, scope);
      }
    }
  }

  private ifStatement(node: PyNode, scope: Scope): void {
    const clauses: { cond: PyNode | null; body: readonly PyNode[] }[] = [];
    const cond = node.childForFieldName("condition");
    const body = node.childForFieldName("consequence");
    clauses.push({ cond, body: body ? namedChildren(body) : [] });
    for (const alt of node.childrenForFieldName("alternative")) {
      if (!alt) continue;
      if (alt.type === "elif_clause") {
        const c = alt.childForFieldName("condition");
        const b = alt.childForFieldName("consequence");
        clauses.push({ cond: c, body: b ? namedChildren(b) : [] });
      } else {
        const b = alt.childForFieldName("body");
        clauses.push({ cond: null, body: b ? namedChildren(b) : [] });
      }
    }
    if (clauses[clauses.length - 1]!.cond !== null) clauses.push({ cond: null, body: [] });
    scope.adopt(this.runClauses(clauses, 0, scope));
  }

  private runClauses(clauses: { cond: PyNode | null; body: readonly PyNode[] }[], i: number, scope: Scope): Scope {
    const clause = clauses[i]!;
    if (clause.cond === null) {
      const s = scope.clone();
      this.block(clause.body, s);
      return s;
    }
    const cond = this.expr(clause.cond, scope);
    const t = truthy(cond);
    if (t !== null) {
      const byDefault = cond.deps.some((d) => !this.env.vars.has(d.name)) ? 1 : 0;
      this.byDefault += byDefault;
      let result: Scope;
      try {
        if (t === false) result = this.runClauses(clauses, i + 1, scope);
        else {
          result = scope.clone();
          this.block(clause.body, result);
        }
      } finally {
        this.byDefault -= byDefault;
      }
      if (cond.deps.length > 0) this.dependOnCondition(clauses.slice(i), scope, result, indirect(cond.deps));
      return result;
    }
    const yes = scope.clone();
    this.block(clause.body, yes);
    return mergeScopes(yes, this.runClauses(clauses, i + 1, scope), cond.deps);
  }

  /**
   * `if os.getenv("DB", "sqlite") == "postgres": DATABASES = …`: what the
   * clauses bind — the branch taken, or the value a skipped branch would have
   * replaced — holds because of the condition's variables.
   */
  private dependOnCondition(clauses: readonly { body: readonly PyNode[] }[], before: Scope, after: Scope, deps: EnvDep[]): void {
    const names = new Set<string>();
    for (const c of clauses) for (const stmt of c.body) boundNames(stmt, names);
    for (const [name, b] of after.vars) if (before.vars.get(name) !== b) names.add(name);
    for (const name of names) {
      const b = after.vars.get(name);
      if (b && b.val.v.kind !== "ref" && b.val.v.kind !== "envobj") after.vars.set(name, { val: withDeps(b.val, deps), at: b.at });
    }
  }

  private tryStatement(node: PyNode, scope: Scope): void {
    const body = node.childForFieldName("body");
    const stmts = body ? namedChildren(body) : [];
    const handlers: PyNode[] = [];
    let elseBody: readonly PyNode[] = [];
    let finallyBody: readonly PyNode[] = [];
    for (const c of namedChildren(node)) {
      if (c.type === "except_clause" || c.type === "except_group_clause") handlers.push(c);
      else if (c.type === "else_clause") elseBody = namedChildren(c.childForFieldName("body") ?? c);
      else if (c.type === "finally_clause") finallyBody = namedChildren(c).flatMap((x) => (x.type === "block" ? namedChildren(x) : []));
    }
    const handlerScope = (): Scope => {
      let merged: Scope | null = null;
      for (const h of handlers) {
        const s = scope.clone();
        const hb = namedChildren(h).filter((x) => x.type === "block");
        this.block(hb.flatMap(namedChildren), s);
        merged = merged ? mergeScopes(merged, s) : s;
      }
      if (!merged) {
        const s = scope.clone();
        s.dead = true;
        return s;
      }
      return merged;
    };
    const imports = stmts.filter((s) => s.type === "import_from_statement" || s.type === "import_statement");
    const states = imports.map((s) => this.importState(s));
    let result: Scope;
    if (states.includes("missing")) result = handlerScope();
    else {
      const ok = scope.clone();
      this.block(stmts, ok);
      this.block(elseBody, ok);
      const mayFail = states.includes("optional") || states.includes("kept-out") || stmts.some((s) => s.type !== "import_from_statement" && s.type !== "import_statement" && s.type !== "pass_statement");
      if (ok.dead && handlers.length > 0) result = handlerScope();
      else if (mayFail && handlers.length > 0) {
        const failed = handlerScope();
        result = mergeScopes(ok, failed);
        if (!ok.dead && !failed.dead) recordFallbacks(ok, failed, result);
      } else result = ok;
    }
    scope.adopt(result);
    this.block(finallyBody, scope);
  }

  /**
   * For an import inside `try`: "missing" when it fails for sure in the
   * repository as it is, "kept-out" for a star import of a module .gitignore
   * keeps out of it (present on the servers, or not), "optional" for local
   * override modules, "ok" otherwise.
   */
  private importState(stmt: PyNode): "missing" | "kept-out" | "optional" | "ok" {
    let state: "kept-out" | "optional" | "ok" = "ok";
    for (const r of this.importResolutions(stmt)) {
      if (r.kind === "missing") {
        if (!this.keptOutStar(stmt, r.name)) return "missing";
        state = "kept-out";
      } else if (r.kind === "project" && isLocalOverride(r.name) && state === "ok") state = "optional";
    }
    return state;
  }

  /** The path .gitignore excludes when `stmt` star-imports the missing module `name` (`mysite/settings/local.py`); null otherwise. */
  private keptOutStar(stmt: PyNode, name: string): string | null {
    if (stmt.type !== "import_from_statement" || !namedChildren(stmt).some((c) => c.type === "wildcard_import")) return null;
    const base = name.split(".").join("/");
    if (!base) return null;
    if (this.parsed.ignored(`${base}.py`)) return `${base}.py`;
    return this.parsed.ignored(`${base}/__init__.py`) ? `${base}/` : null;
  }

  private importResolutions(stmt: PyNode): Resolution[] {
    if (stmt.type === "import_from_statement") {
      const mod = stmt.childForFieldName("module_name");
      return mod ? [this.resolveModuleNode(mod)] : [];
    }
    return stmt.childrenForFieldName("name").flatMap((n) => {
      if (!n) return [];
      const dotted = n.type === "aliased_import" ? n.childForFieldName("name") : n;
      return dotted ? [this.index.resolve(dotted.text)] : [];
    });
  }

  private resolveModuleNode(mod: PyNode): Resolution {
    if (mod.type === "relative_import") {
      const prefix = namedChildren(mod).find((c) => c.type === "import_prefix");
      const dotted = namedChildren(mod).find((c) => c.type === "dotted_name");
      return this.index.resolveRelative(this.file.path, prefix ? prefix.text.length : 1, dotted ? dotted.text : "");
    }
    return this.index.resolve(mod.text);
  }

  private importStatement(node: PyNode, scope: Scope): void {
    if (node.type === "future_import_statement") return;
    const at = this.span(node);
    if (node.type === "import_statement") {
      for (const n of node.childrenForFieldName("name")) {
        if (!n) continue;
        if (n.type === "aliased_import") {
          const dotted = (n.childForFieldName("name")?.text ?? "");
          const alias = (n.childForFieldName("alias")?.text ?? "");
          scope.vars.set(alias, { val: this.moduleValue(dotted, at), at });
        } else {
          const top = n.text.split(".")[0]!;
          scope.vars.set(top, { val: this.moduleValue(top, at), at });
        }
      }
      return;
    }
    const modNode = node.childForFieldName("module_name");
    if (!modNode) return;
    const res = this.resolveModuleNode(modNode);
    const wildcard = namedChildren(node).some((c) => c.type === "wildcard_import");
    if (res.kind === "missing") {
      const keptOut = this.keptOutStar(node, res.name);
      if (keptOut) mayBeOverridden(scope, keptOut);
      // A machine's own overrides (`local_settings.py`) are absent where the repo is deployed as is.
      else if (isLocalOverride(res.name)) scope.dead = true;
      else if (wildcard) anyNameMayChange(scope);
      else for (const { alias } of this.importedNames(node)) scope.vars.set(alias, { val: unknown(at), at });
      return;
    }
    if (res.kind === "external") {
      if (wildcard && res.name !== "django.conf.global_settings") scope.opaque = true;
      else
        for (const { name, alias } of this.importedNames(node))
          scope.vars.set(alias, { val: mk({ kind: "ref", path: `${modNode.text}.${name}` }, at), at });
      return;
    }
    if (wildcard && this.byDefault > 0 && isDevModuleName(res.name)) {
      // `if os.environ.get("DJANGO_ENV", "development") == "production": … else: from .development import *`:
      // production sets the variable; the development module a default picks is not what it runs.
      anyNameMayChange(scope);
      return;
    }
    const mod = this.module(res.name);
    if (!mod) {
      if (wildcard) scope.opaque = true;
      for (const { alias } of this.importedNames(node)) scope.vars.set(alias, { val: unknown(at), at });
      return;
    }
    if (mod.failed) {
      scope.dead = true;
      return;
    }
    scope.envWrites.push(...mod.envWrites.filter((w) => !scope.envWrites.includes(w)));
    if (wildcard) {
      if (mod.opaque) scope.opaque = true;
      if (scope.vars.size < mod.vars.size) {
        const merged = new Map(mod.vars);
        for (const name of mod.vars.keys()) if (name.startsWith("_")) merged.delete(name);
        for (const [name, b] of scope.vars) if (!merged.has(name)) merged.set(name, b);
        scope.vars = merged;
      } else for (const [name, b] of mod.vars) if (!name.startsWith("_")) scope.vars.set(name, b);
      return;
    }
    for (const { name, alias } of this.importedNames(node)) {
      const b = mod.vars.get(name);
      if (b) scope.vars.set(alias, b);
      else {
        const sub = this.index.resolve(`${res.name}.${name}`);
        if (sub.kind !== "project" && !mod.opaque) scope.dead = true;
        else scope.vars.set(alias, { val: unknown(at), at });
      }
    }
  }

  private importedNames(node: PyNode): { name: string; alias: string }[] {
    const out: { name: string; alias: string }[] = [];
    for (const n of node.childrenForFieldName("name")) {
      if (!n) continue;
      if (n.type === "aliased_import") out.push({ name: (n.childForFieldName("name")?.text ?? ""), alias: (n.childForFieldName("alias")?.text ?? "") });
      else out.push({ name: n.text, alias: n.text });
    }
    return out;
  }

  private moduleValue(dotted: string, at: Span): Val {
    const res = this.index.resolve(dotted);
    return res.kind === "external" ? mk({ kind: "ref", path: dotted }, at) : unknown(at);
  }

  /** A statement the evaluator does not interpret: every name it may bind or mutate becomes Unknown. */
  private forgetAssignedIn(node: PyNode, scope: Scope): void {
    const visit = (n: PyNode): void => {
      if (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") return;
      if (n.type === "assignment" || n.type === "augmented_assignment") {
        const left = n.childForFieldName("left");
        if (left) this.forgetRoot(left, scope);
      } else if (n.type === "for_statement" || n.type === "for_in_clause") {
        const left = n.childForFieldName("left");
        if (left) this.forgetRoot(left, scope);
      } else if (n.type === "with_item" || n.type === "as_pattern") {
        const alias = n.childForFieldName("alias");
        if (alias) this.forgetRoot(alias, scope);
      } else if (n.type === "call") {
        const fn = n.childForFieldName("function");
        if (fn?.type === "attribute") {
          const obj = fn.childForFieldName("object");
          if (obj) this.forgetRoot(obj, scope);
        }
      } else if (n.type === "delete_statement" || n.type === "global_statement") {
        for (const t of namedChildren(n)) this.forgetRoot(t, scope);
      } else if (n.type === "raise_statement") return;
      for (const c of namedChildren(n)) visit(c);
    };
    visit(node);
    if (DYNAMIC_WRITES.test(node.text)) anyNameMayChange(scope);
    else if (DYNAMIC_NAMES.test(node.text)) scope.opaque = true;
  }

  private forgetRoot(node: PyNode, scope: Scope): void {
    let cur: PyNode | null = node;
    while (cur && (cur.type === "subscript" || cur.type === "attribute")) cur = cur.childForFieldName(cur.type === "subscript" ? "value" : "object");
    if (!cur) return;
    if (cur.type === "identifier") {
      const b = scope.vars.get(cur.text);
      const at = b?.at ?? this.span(node);
      scope.vars.set(cur.text, { val: unknown(b?.val.span ?? at, b?.val.deps ?? []), at });
    } else for (const c of namedChildren(cur)) this.forgetRoot(c, scope);
  }

  // ── expressions ─────────────────────────────────────────────────────────

  expr(node: PyNode, scope: Scope): Val {
    const span = this.span(node);
    switch (node.type) {
      case "identifier":
        return this.name(node.text, span, scope);
      case "string":
      case "concatenated_string": {
        const s = stringValue(node);
        if (s !== null) return mk({ kind: "str", value: s }, span);
        return this.fstring(node, span, scope);
      }
      case "integer": {
        const n = numberValue(node);
        return n === null ? unknown(span) : mk({ kind: "int", value: n }, span);
      }
      case "float": {
        const n = numberValue(node);
        return n === null ? unknown(span) : mk({ kind: "float", value: n }, span);
      }
      case "true":
        return mk({ kind: "bool", value: true }, span);
      case "false":
        return mk({ kind: "bool", value: false }, span);
      case "none":
        return mk({ kind: "none" }, span);
      case "parenthesized_expression": {
        const inner = namedChildren(node)[0];
        return inner ? { ...this.expr(inner, scope), span } : unknown(span);
      }
      case "list":
      case "tuple":
      case "set":
      case "expression_list":
        return this.sequence(node, node.type === "expression_list" ? "tuple" : node.type, span, scope);
      case "dictionary":
        return this.dict(node, span, scope);
      case "binary_operator": {
        const l = this.sub(node, "left", scope);
        const r = this.sub(node, "right", scope);
        return binaryOp((node.childForFieldName("operator")?.text ?? ""), l, r, span);
      }
      case "unary_operator": {
        const a = this.sub(node, "argument", scope);
        const op = node.childForFieldName("operator")?.text;
        if ((a.v.kind === "int" || a.v.kind === "float") && (op === "-" || op === "+")) return mk({ kind: a.v.kind, value: op === "-" ? -a.v.value : a.v.value }, span, a.deps);
        return unknown(span, a.deps);
      }
      case "not_operator": {
        const a = this.sub(node, "argument", scope);
        const t = truthy(a);
        return t === null ? unknown(span, a.deps) : mk({ kind: "bool", value: !t }, span, a.deps);
      }
      case "boolean_operator": {
        const l = this.sub(node, "left", scope);
        const op = (node.childForFieldName("operator")?.text ?? "");
        const t = truthy(l);
        if (t === null) {
          const r = this.sub(node, "right", scope);
          // `os.environ.get("X") or "fallback"`: the right side is what an unset X falls back to.
          const deps = op === "or" ? l.deps.map((d) => (d.defaultValue || d.state === "set" ? d : { ...d, defaultSpan: r.span, defaultValue: r })) : l.deps;
          return unknown(span, mergeDeps(deps, r.deps));
        }
        if ((op === "or" && t) || (op === "and" && !t)) return { ...l, span };
        const r = this.sub(node, "right", scope);
        return { ...r, span, deps: mergeDeps(l.deps, r.deps) };
      }
      case "comparison_operator":
        return this.comparison(node, span, scope);
      case "conditional_expression": {
        const [a, cond, b] = namedChildren(node);
        if (!a || !cond || !b) return unknown(span);
        const c = this.expr(cond, scope);
        const t = truthy(c);
        if (t === null) {
          const x = this.expr(a, scope);
          const y = this.expr(b, scope);
          if (sameValue(x, y)) return { ...x, span, deps: mergeDeps(c.deps, x.deps, y.deps) };
          return unknown(span, mergeDeps(c.deps, x.deps, y.deps));
        }
        const chosen = this.expr(t ? a : b, scope);
        return { ...chosen, span, deps: mergeDeps(c.deps, chosen.deps) };
      }
      case "attribute":
        return this.attribute(node, span, scope);
      case "subscript":
        return this.subscript(node, span, scope);
      case "call":
        return this.call(node, scope);
      default:
        return unknown(span);
    }
  }

  /** The value of a child (by field, or the first named child): Unknown when a broken file lacks it. */
  private sub(node: PyNode, field: string | null, scope: Scope): Val {
    const child = field ? node.childForFieldName(field) : (node.namedChildren[0] ?? null);
    return child ? this.expr(child, scope) : unknown(this.span(node));
  }

  private name(name: string, span: Span, scope: Scope): Val {
    const b = scope.vars.get(name);
    if (b) return { ...b.val, span };
    if (name === "__file__") return mk({ kind: "path", value: `<root>/${this.file.path}`, isStr: true }, span);
    if (BUILTINS.has(name)) return mk({ kind: "ref", path: `builtins.${name}` }, span);
    return unknown(span);
  }

  private fstring(node: PyNode, span: Span, scope: Scope): Val {
    if (node.type !== "string") return unknown(span);
    let out = "";
    let deps: EnvDep[] = [];
    let generated: string | undefined;
    for (const part of node.namedChildren) {
      if (!part) continue;
      if (part.type === "string_content" || part.type === "escape_sequence") {
        out += decodeStringContent(part.text, stringPrefix(node).includes("r"));
      } else if (part.type === "interpolation") {
        const e = part.childForFieldName("expression");
        if (!e || part.childForFieldName("format_specifier") || part.childForFieldName("type_conversion")) return unknown(span, deps);
        const v = this.expr(e, scope);
        deps = mergeDeps(deps, v.deps);
        generated ??= v.generated;
        const s = strOf(v);
        if (s === null) return mk({ kind: "unknown" }, span, deps, generated ? { generated } : {});
        out += s;
      }
    }
    return mk({ kind: "str", value: out }, span, deps, generated ? { generated } : {});
  }

  private sequence(node: PyNode, kind: "list" | "tuple" | "set", span: Span, scope: Scope): Val {
    const items: Val[] = [];
    let deps: EnvDep[] = [];
    for (const c of namedChildren(node)) {
      if (c.type === "list_splat") {
        const inner = this.sub(c, null, scope);
        const iv = inner.v;
        if (iv.kind === "list" || iv.kind === "tuple" || iv.kind === "set") items.push(...iv.items);
        else return unknown(span, mergeDeps(deps, inner.deps));
        continue;
      }
      if (c.type === "list_comprehension" || c.type === "generator_expression") return unknown(span);
      const v = this.expr(c, scope);
      deps = mergeDeps(deps, v.deps);
      items.push(v);
    }
    if (kind === "set") {
      const uniq: Val[] = [];
      for (const it of items) if (!uniq.some((u) => pyEquals(u, it) === true)) uniq.push(it);
      return mk({ kind, items: uniq }, span);
    }
    return mk({ kind, items }, span);
  }

  private dict(node: PyNode, span: Span, scope: Scope): Val {
    let entries: DictEntry[] = [];
    let open = false;
    for (const c of namedChildren(node)) {
      if (c.type === "pair") {
        const key = this.sub(c, "key", scope);
        const value = this.sub(c, "value", scope);
        entries = putEntry(entries, key, value);
      } else if (c.type === "dictionary_splat") {
        const inner = this.sub(c, null, scope);
        entries = mergeEntries(entries, inner);
        open ||= inner.v.kind !== "dict" || inner.v.open;
      } else return unknown(span);
    }
    return mk({ kind: "dict", entries, open }, span);
  }

  private comparison(node: PyNode, span: Span, scope: Scope): Val {
    const operands: PyNode[] = [];
    const ops: string[] = [];
    for (const c of node.children) {
      if (!c || c.type === "comment") continue;
      if (c.isNamed) operands.push(c);
      else ops.push(c.type);
    }
    let deps: EnvDep[] = [];
    if (operands.length !== ops.length + 1 || operands.length < 2) return unknown(span);
    let left = this.expr(operands[0]!, scope);
    deps = mergeDeps(deps, left.deps);
    let result: boolean | null = true;
    for (let i = 0; i < ops.length; i++) {
      const right = this.expr(operands[i + 1]!, scope);
      deps = mergeDeps(deps, right.deps);
      const r = compare(ops[i]!, left, right);
      if (r === false) return mk({ kind: "bool", value: false }, span, deps);
      if (r === null) result = null;
      left = right;
    }
    return result === null ? unknown(span, deps) : mk({ kind: "bool", value: true }, span, deps);
  }

  private attribute(node: PyNode, span: Span, scope: Scope): Val {
    const obj = this.sub(node, "object", scope);
    const attr = (node.childForFieldName("attribute")?.text ?? "");
    const o = obj.v;
    if (o.kind === "ref") return mk({ kind: "ref", path: `${o.path}.${attr}` }, span);
    if (o.kind === "path") {
      if (attr === "parent") return mk({ kind: "path", value: dirname(o.value), isStr: false }, span, obj.deps);
      if (attr === "name") return mk({ kind: "str", value: o.value.split("/").pop() ?? "" }, span, obj.deps);
    }
    if (o.kind === "unknown") return unknown(span, obj.deps);
    return mk({ kind: "method", self: obj, name: attr }, span, obj.deps);
  }

  private subscript(node: PyNode, span: Span, scope: Scope): Val {
    const container = this.sub(node, "value", scope);
    const keyNode = node.childForFieldName("subscript");
    if (!keyNode || keyNode.type === "slice") return unknown(span, container.deps);
    const key = this.expr(keyNode, scope);
    if (container.v.kind === "ref" && container.v.path === "os.environ") return this.envRead(key, null, span, false, scope);
    return { ...getItem(container, key, span), span };
  }

  // ── calls ───────────────────────────────────────────────────────────────

  private args(argsNode: PyNode | null, scope: Scope): { positional: Val[]; keywords: Map<string, Val>; splat: boolean; nodes: PyNode[] } {
    const positional: Val[] = [];
    const keywords = new Map<string, Val>();
    const nodes: PyNode[] = [];
    let splat = false;
    if (!argsNode) return { positional, keywords, splat, nodes };
    if (argsNode.type === "generator_expression") return { positional: [unknown(this.span(argsNode))], keywords, splat, nodes: [argsNode] };
    for (const a of namedChildren(argsNode)) {
      if (a.type === "keyword_argument") keywords.set((a.childForFieldName("name")?.text ?? ""), this.sub(a, "value", scope));
      else if (a.type === "list_splat" || a.type === "dictionary_splat") splat = true;
      else {
        positional.push(this.expr(a, scope));
        nodes.push(a);
      }
    }
    return { positional, keywords, splat, nodes };
  }

  private call(node: PyNode, scope: Scope): Val {
    const span = this.span(node);
    const fnNode = node.childForFieldName("function");
    if (!fnNode) return unknown(span);
    const fn = this.expr(fnNode, scope);
    const { positional, keywords, splat } = this.args(node.childForFieldName("arguments"), scope);
    const allDeps = mergeDeps(...positional.map((p) => p.deps), ...[...keywords.values()].map((k) => k.deps));
    if (splat) return unknown(span, indirect(allDeps));
    const f = fn.v;
    if (f.kind === "ref") {
      const path = normaliseRef(f.path);
      if (GENERATORS.has(path) || path.startsWith("random.")) return mk({ kind: "unknown" }, span, allDeps, { generated: fnNode.text + "()" });
      return this.refCall(path, positional, keywords, span, scope, allDeps);
    }
    if (f.kind === "envobj") return this.djangoEnviron(fn, null, positional, keywords, span, scope);
    if (f.kind === "method") return this.methodCall(f.self, f.name, positional, keywords, span, scope);
    return unknown(span, indirect(allDeps));
  }

  private refCall(path: string, pos: Val[], kw: Map<string, Val>, span: Span, scope: Scope, deps: EnvDep[]): Val {
    const a0 = pos[0];
    switch (path) {
      case "os.getenv":
      case "os.environ.get":
        return a0 ? this.envRead(a0, pos[1] ?? kw.get("default") ?? null, span, true, scope) : unknown(span);
      case "os.environ.setdefault": {
        if (!a0 || a0.v.kind !== "str") return unknown(span);
        const dflt = pos[1] ?? null;
        const read = this.envRead(a0, dflt, span, false, scope);
        if (dflt && !this.envState(a0.v.value, scope)) scope.envWrites.push({ name: a0.v.value, val: dflt, at: span });
        return read;
      }
      case "builtins.bool": {
        if (!a0) return mk({ kind: "bool", value: false }, span);
        const t = truthy(a0);
        return mk(t === null ? { kind: "unknown" } : { kind: "bool", value: t }, span, a0.deps, a0.rawEnv ? { rawEnv: a0.rawEnv } : {});
      }
      case "builtins.int":
        return a0 ? toInt(a0, span) : mk({ kind: "int", value: 0 }, span);
      case "builtins.float":
        return a0 ? toFloat(a0, span) : mk({ kind: "float", value: 0 }, span);
      case "builtins.str": {
        if (!a0) return mk({ kind: "str", value: "" }, span);
        if (a0.v.kind === "path") return mk({ kind: "path", value: a0.v.value, isStr: true }, span, a0.deps);
        const s = strOf(a0);
        return s === null ? { ...unknown(span, a0.deps), ...(a0.generated ? { generated: a0.generated } : {}) } : mk({ kind: "str", value: s }, span, a0.deps, pick(a0));
      }
      case "builtins.list":
      case "builtins.tuple":
      case "builtins.set": {
        const kind = path.slice(9) as "list" | "tuple" | "set";
        if (!a0) return mk({ kind, items: [] }, span);
        const v = a0.v;
        if (v.kind === "list" || v.kind === "tuple" || v.kind === "set") return mk({ kind, items: v.items }, span, a0.deps);
        return unknown(span, a0.deps);
      }
      case "builtins.dict": {
        let entries: DictEntry[] = [];
        if (a0) {
          if (a0.v.kind !== "dict") return unknown(span, deps);
          entries = [...a0.v.entries];
        }
        for (const [k, v] of kw) entries = putEntry(entries, mk({ kind: "str", value: k }, v.span), v);
        return mk({ kind: "dict", entries, open: a0?.v.kind === "dict" ? a0.v.open : false }, span);
      }
      case "builtins.len": {
        const v = a0?.v;
        if (v && (v.kind === "list" || v.kind === "tuple" || v.kind === "set")) return mk({ kind: "int", value: v.items.length }, span, a0!.deps);
        if (v && v.kind === "str") return mk({ kind: "int", value: v.value.length }, span, a0!.deps);
        return unknown(span, deps);
      }
      case "pathlib.Path":
      case "pathlib.PurePath":
      case "pathlib.PosixPath": {
        const parts = pos.map(pathOf);
        if (parts.length === 0 || parts.some((p) => p === null)) return unknown(span, deps);
        return mk({ kind: "path", value: joinPaths(parts as string[]), isStr: false }, span, deps);
      }
      case "os.path.join": {
        const parts = pos.map(pathOf);
        if (parts.length === 0 || parts.some((p) => p === null)) return unknown(span, deps);
        return mk({ kind: "path", value: joinPaths(parts as string[]), isStr: true }, span, deps);
      }
      case "os.path.dirname": {
        const p = a0 ? pathOf(a0) : null;
        return p === null ? unknown(span, deps) : mk({ kind: "path", value: dirname(p), isStr: true }, span, deps);
      }
      case "os.path.abspath":
      case "os.path.realpath":
      case "os.path.normpath": {
        const p = a0 ? pathOf(a0) : null;
        return p === null || !isAbsolute(p) ? unknown(span, deps) : mk({ kind: "path", value: normalisePath(p), isStr: true }, span, deps);
      }
      case "environ.Env":
      case "environ.environ.Env":
      case "environ.FileAwareEnv":
      case "environ.environ.FileAwareEnv": {
        const schemes = new Map<string, { cast: Val | null; default: Val | null }>();
        for (const [k, v] of kw) {
          if (v.v.kind === "tuple" || v.v.kind === "list") schemes.set(k, { cast: v.v.items[0] ?? null, default: v.v.items[1] ?? null });
          else schemes.set(k, { cast: v, default: null });
        }
        return mk({ kind: "envobj", schemes }, span);
      }
      case "environ.Env.read_env":
      case "dotenv.load_dotenv":
      case "dotenv.read_dotenv":
        return mk({ kind: "none" }, span);
      case "decouple.config":
        return a0 ? this.decouple(a0, kw.get("default") ?? pos[1] ?? null, kw.get("cast") ?? pos[2] ?? null, span, scope) : unknown(span);
      case "decouple.AutoConfig":
        return mk({ kind: "ref", path: "decouple.config" }, span);
      case "decouple.Csv":
        return mk({ kind: "ref", path: "decouple.Csv()" }, span);
      case "dj_database_url.config":
        return this.djDatabaseUrl(kw, span, scope, null);
      case "dj_database_url.parse":
        return a0 ? this.djDatabaseUrl(kw, span, scope, a0) : unknown(span);
      default:
        return unknown(span, indirect(deps));
    }
  }

  private methodCall(self: Val, name: string, pos: Val[], kw: Map<string, Val>, span: Span, scope: Scope): Val {
    const s = self.v;
    const a0 = pos[0];
    const deps = mergeDeps(self.deps, ...pos.map((p) => p.deps));
    if (s.kind === "envobj") return this.djangoEnviron(self, name, pos, kw, span, scope);
    if (s.kind === "str") {
      const keep = self.rawEnv ? { rawEnv: self.rawEnv } : {};
      switch (name) {
        case "lower":
          return mk({ kind: "str", value: s.value.toLowerCase() }, span, deps, keep);
        case "upper":
          return mk({ kind: "str", value: s.value.toUpperCase() }, span, deps, keep);
        case "strip":
        case "lstrip":
        case "rstrip": {
          if (a0) return unknown(span, deps);
          const v = name === "strip" ? s.value.trim() : name === "lstrip" ? s.value.trimStart() : s.value.trimEnd();
          return mk({ kind: "str", value: v }, span, deps, keep);
        }
        case "split": {
          const sep = a0 && a0.v.kind === "str" ? a0.v.value : a0 ? null : undefined;
          if (sep === null || pos.length > 1) return unknown(span, deps);
          const parts = sep === undefined ? s.value.split(/\s+/).filter(Boolean) : s.value.split(sep);
          return mk({ kind: "list", items: parts.map((p) => mk({ kind: "str", value: p }, span, self.deps)) }, span, deps);
        }
        case "startswith":
        case "endswith":
          if (a0 && a0.v.kind === "str") return mk({ kind: "bool", value: name === "startswith" ? s.value.startsWith(a0.v.value) : s.value.endsWith(a0.v.value) }, span, deps);
          return unknown(span, deps);
        case "replace":
          if (a0?.v.kind === "str" && pos[1]?.v.kind === "str" && pos.length === 2) return mk({ kind: "str", value: s.value.split(a0.v.value).join(pos[1].v.value) }, span, deps);
          return unknown(span, deps);
        case "join": {
          const items = a0 ? stringItems(a0) : null;
          if (items === null) return mk({ kind: "unknown" }, span, deps, a0?.generated ? { generated: a0.generated } : {});
          return mk({ kind: "str", value: items.join(s.value) }, span, deps);
        }
        case "format":
          return unknown(span, deps);
      }
      return unknown(span, deps);
    }
    if (s.kind === "path") {
      if (name === "resolve" || name === "absolute") return mk({ kind: "path", value: normalisePath(s.value), isStr: false }, span, deps);
      if (name === "joinpath") {
        const parts = pos.map(pathOf);
        if (parts.some((p) => p === null)) return unknown(span, deps);
        return mk({ kind: "path", value: joinPaths([s.value, ...(parts as string[])]), isStr: false }, span, deps);
      }
      if (name === "__str__") return mk({ kind: "path", value: s.value, isStr: true }, span, deps);
      return unknown(span, deps);
    }
    if (s.kind === "dict") {
      if (name === "get" && a0) {
        const got = dictGet(self, a0.v.kind === "str" ? a0.v.value : "\u0000");
        if (a0.v.kind !== "str") return unknown(span, deps);
        return got ?? pos[1] ?? mk({ kind: "none" }, span);
      }
      if (name === "copy") return { ...self, span };
      return unknown(span, deps);
    }
    if ((s.kind === "list" || s.kind === "tuple") && name === "copy") return { ...self, span };
    return unknown(span, deps);
  }

  // ── environment readers ─────────────────────────────────────────────────

  private envState(name: string, scope: Scope): { value: string | null; span: Span } | undefined {
    for (let i = scope.envWrites.length - 1; i >= 0; i--) {
      const w = scope.envWrites[i]!;
      if (w.name === name) return { value: w.val.v.kind === "str" ? w.val.v.value : null, span: w.at };
    }
    return this.env.vars.get(name);
  }

  /**
   * Reads one variable. Returns the raw string (marked `rawEnv`) when set,
   * the default when unset, Unknown when set to an unreadable value or unset
   * without a default (unless the environment is complete and `noneWhenUnset`).
   */
  private envRead(nameVal: Val, dflt: Val | null, span: Span, noneWhenUnset: boolean, scope: Scope): Val {
    if (nameVal.v.kind !== "str") return unknown(span, nameVal.deps);
    const name = nameVal.v.value;
    const raw = this.rawRead(name, dflt, scope);
    if (raw.kind === "set") return mk({ kind: "str", value: raw.value }, span, [raw.dep], { rawEnv: name });
    if (raw.kind === "unknown") return mk({ kind: "unknown" }, span, [raw.dep], { rawEnv: name });
    if (dflt) return { ...dflt, span: dflt.span, deps: mergeDeps([raw.dep], dflt.deps), rawEnv: name };
    if (noneWhenUnset && this.env.complete) return mk({ kind: "none" }, span, [raw.dep], { rawEnv: name });
    return mk({ kind: "unknown" }, span, [raw.dep], { rawEnv: name });
  }

  private rawRead(name: string, dflt: Val | null, scope: Scope): { kind: "set"; value: string; dep: EnvDep } | { kind: "unknown" | "unset"; dep: EnvDep } {
    const defaultSpan = dflt ? dflt.span : null;
    if (/_FILE$/.test(name)) return { kind: "unknown", dep: { name, state: "unknown", defaultSpan, defaultValue: dflt, setAt: null } };
    const state = this.envState(name, scope);
    if (state) {
      if (state.value === null) return { kind: "unknown", dep: { name, state: "unknown", defaultSpan, defaultValue: dflt, setAt: state.span } };
      return { kind: "set", value: state.value, dep: { name, state: "set", defaultSpan, defaultValue: dflt, setAt: state.span } };
    }
    return { kind: "unset", dep: { name, state: "unset", defaultSpan, defaultValue: dflt, setAt: null } };
  }

  /** python-decouple `config(name, default=, cast=)`: the cast applies to the default too. */
  private decouple(nameVal: Val, dflt: Val | null, cast: Val | null, span: Span, scope: Scope): Val {
    if (nameVal.v.kind !== "str") return unknown(span);
    const name = nameVal.v.value;
    const raw = this.rawRead(name, dflt, scope);
    let value: Val;
    if (raw.kind === "set") value = mk({ kind: "str", value: raw.value }, span, [raw.dep], { rawEnv: name });
    else if (raw.kind === "unknown" || !dflt) return unknown(span, [raw.dep]);
    else value = { ...dflt, deps: mergeDeps([raw.dep], dflt.deps), rawEnv: name };
    if (!cast) return value;
    const c = cast.v;
    if (c.kind === "ref" && c.path === "builtins.bool") {
      if (value.v.kind === "bool") return { ...value, rawEnv: undefined } as Val;
      const s = strOf(value);
      const b = s === null ? undefined : DECOUPLE_BOOLEANS[s.toLowerCase()];
      return b === undefined ? unknown(span, value.deps) : mk({ kind: "bool", value: b }, value.span, value.deps);
    }
    if (c.kind === "ref" && c.path === "builtins.int") return toInt(value, value.span);
    if (c.kind === "ref" && c.path === "builtins.str") return value;
    if (c.kind === "ref" && c.path === "dj_database_url.parse") return this.djDatabaseUrl(new Map(), span, scope, value);
    if (c.kind === "ref" && c.path === "decouple.Csv()") {
      const s = strOf(value);
      if (s === null) return unknown(span, value.deps);
      const items = s === "" ? [] : s.split(",").map((p) => mk({ kind: "str", value: p.trim() }, value.span, value.deps));
      return mk({ kind: "list", items }, value.span, value.deps);
    }
    return unknown(span, value.deps);
  }

  /** django-environ: `env(...)`, `env.bool/int/str/list/json/db/db_url/cache/url(...)`, with the Env's schemes. */
  private djangoEnviron(envVal: Val, method: string | null, pos: Val[], kw: Map<string, Val>, span: Span, scope: Scope): Val {
    if (envVal.v.kind !== "envobj") return unknown(span);
    if (method === "read_env") return mk({ kind: "none" }, span);
    const dbLike: Record<string, string> = { db: "DATABASE_URL", db_url: "DATABASE_URL", cache: "CACHE_URL", cache_url: "CACHE_URL", email: "EMAIL_URL", email_url: "EMAIL_URL", search_url: "SEARCH_URL" };
    const nameVal = pos[0] ?? kw.get("var") ?? (method && dbLike[method] ? mk({ kind: "str", value: dbLike[method] }, span) : null);
    if (!nameVal || nameVal.v.kind !== "str") return unknown(span);
    const name = nameVal.v.value;
    const scheme = envVal.v.schemes.get(name);
    let dflt = kw.get("default") ?? (method === null ? null : (pos[1] ?? null));
    if (method === null && !dflt) dflt = kw.get("default") ?? null;
    if (!dflt && scheme?.default) dflt = scheme.default;
    let cast: string | null = method && method !== "__call__" ? method : null;
    if (method === null) {
      const c = kw.get("cast") ?? scheme?.cast ?? null;
      if (c) cast = c.v.kind === "ref" ? c.v.path.replace(/^builtins\./, "") : c.v.kind === "list" ? "list" : "?";
    }
    const raw = this.rawRead(name, dflt, scope);
    if (cast === "email" || cast === "email_url") {
      // django-environ's email_url_config sets only these keys (some only for some schemes).
      const deps = [raw.dep];
      const entries = EMAIL_URL_KEYS.map((k) => ({ key: mk({ kind: "str", value: k }, span), value: unknown(span, deps) }));
      return mk({ kind: "dict", entries, open: false }, span, deps);
    }
    if (cast === "db" || cast === "db_url" || cast === "cache" || cast === "cache_url" || cast === "url" || cast === "search_url") {
      if (raw.kind === "unknown" || (raw.kind === "unset" && !dflt)) return mk({ kind: "dict", entries: [], open: true }, span, [raw.dep]);
      const url = raw.kind === "set" ? mk({ kind: "str", value: raw.value }, span, [raw.dep]) : { ...dflt!, deps: mergeDeps([raw.dep], dflt!.deps) };
      if (cast === "db" || cast === "db_url") return databaseDict(url, span, []);
      return mk({ kind: "unknown" }, span, url.deps);
    }
    let value: Val;
    if (raw.kind === "set") value = mk({ kind: "str", value: raw.value }, span, [raw.dep], { rawEnv: name });
    else if (raw.kind === "unknown" || !dflt) return mk({ kind: "unknown" }, span, [raw.dep], cast === null ? { rawEnv: name } : {});
    else return { ...dflt, deps: mergeDeps([raw.dep], dflt.deps), ...(cast === null ? { rawEnv: name } : {}) };
    switch (cast) {
      case null:
      case "str":
        return cast === null ? value : { ...value, rawEnv: undefined } as Val;
      case "bool":
        return mk({ kind: "bool", value: DJANGO_ENVIRON_TRUE.has(raw.value.toLowerCase()) }, span, value.deps);
      case "int":
        return toInt({ ...value, rawEnv: undefined } as Val, span);
      case "float":
        return toFloat(value, span);
      case "list":
      case "tuple": {
        const items = raw.value === "" ? [] : raw.value.split(",").map((p) => mk({ kind: "str", value: p }, span, value.deps));
        return mk({ kind: cast, items }, span, value.deps);
      }
      default:
        return unknown(span, value.deps);
    }
  }

  /** dj-database-url `config(default=, conn_max_age=, conn_health_checks=, ssl_require=, env=)` and `parse(url, …)`. */
  private djDatabaseUrl(kw: Map<string, Val>, span: Span, scope: Scope, url: Val | null): Val {
    let urlVal = url;
    if (!urlVal) {
      const envName = kw.get("env");
      const name = envName ? (envName.v.kind === "str" ? envName.v.value : null) : "DATABASE_URL";
      if (name === null) return unknown(span);
      const dflt = kw.get("default") ?? null;
      const raw = this.rawRead(name, dflt, scope);
      if (raw.kind === "set") urlVal = mk({ kind: "str", value: raw.value }, span, [raw.dep]);
      else if (raw.kind === "unset" && dflt) urlVal = { ...dflt, deps: mergeDeps([raw.dep], dflt.deps) };
      else if (raw.kind === "unset" && this.env.complete) return mk({ kind: "dict", entries: [], open: false }, span, [raw.dep]);
      else urlVal = unknown(span, [raw.dep]);
    }
    const extra: [string, Val][] = [];
    const cma = kw.get("conn_max_age");
    extra.push(["CONN_MAX_AGE", cma ?? mk({ kind: "int", value: 0 }, span)]);
    const chc = kw.get("conn_health_checks");
    extra.push(["CONN_HEALTH_CHECKS", chc ?? mk({ kind: "bool", value: false }, span)]);
    return databaseDict(urlVal, span, extra);
  }
}

// ── helpers ───────────────────────────────────────────────────────────────

function pick(v: Val): Pick<Val, "rawEnv" | "generated"> {
  const out: Pick<Val, "rawEnv" | "generated"> = {};
  if (v.rawEnv) out.rawEnv = v.rawEnv;
  if (v.generated) out.generated = v.generated;
  return out;
}

const REF_ALIASES: Record<string, string> = { "os.environ.getenv": "os.getenv", Path: "pathlib.Path" };

function normaliseRef(path: string): string {
  return REF_ALIASES[path] ?? path;
}

function isContainer(v: Val): boolean {
  return v.v.kind === "dict" || v.v.kind === "list";
}

function strOf(v: Val): string | null {
  const x = v.v;
  switch (x.kind) {
    case "str":
      return x.value;
    case "int":
      return String(x.value);
    case "bool":
      return x.value ? "True" : "False";
    case "none":
      return "None";
    default:
      return null;
  }
}

function toInt(v: Val, span: Span): Val {
  const x = v.v;
  if (x.kind === "int") return mk(x, span, v.deps);
  if (x.kind === "bool") return mk({ kind: "int", value: x.value ? 1 : 0 }, span, v.deps);
  if (x.kind === "float") return mk({ kind: "int", value: Math.trunc(x.value) }, span, v.deps);
  if (x.kind === "str" && /^\s*[+-]?\d+(_\d+)*\s*$/.test(x.value)) return mk({ kind: "int", value: parseInt(x.value.replace(/_/g, "").trim(), 10) }, span, v.deps);
  return unknown(span, v.deps);
}

function toFloat(v: Val, span: Span): Val {
  const x = v.v;
  if (x.kind === "int" || x.kind === "float") return mk({ kind: "float", value: x.value }, span, v.deps);
  if (x.kind === "str" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(x.value)) return mk({ kind: "float", value: Number(x.value) }, span, v.deps);
  return unknown(span, v.deps);
}

function pathOf(v: Val): string | null {
  if (v.v.kind === "path") return v.v.value;
  if (v.v.kind === "str") return v.v.value;
  return null;
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("<root>");
}

function normalisePath(p: string): string {
  const root = p.startsWith("<root>") ? "<root>" : "";
  const rest = root ? p.slice(6) : p;
  const out: string[] = [];
  for (const part of rest.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0) out.pop();
      continue;
    }
    out.push(part);
  }
  return `${root}/${out.join("/")}`;
}

function joinPaths(parts: string[]): string {
  let acc = "";
  for (const p of parts) {
    if (isAbsolute(p)) acc = p;
    else acc = acc === "" ? p : `${acc.replace(/\/$/, "")}/${p}`;
  }
  return isAbsolute(acc) ? normalisePath(acc) : acc;
}

function dirname(p: string): string {
  const n = normalisePath(p);
  const i = n.lastIndexOf("/");
  if (n === "<root>/" || n === "/") return n;
  const d = n.slice(0, i);
  return d === "<root>" ? "<root>/" : d === "" ? "/" : d;
}

function putEntry(entries: DictEntry[], key: Val, value: Val): DictEntry[] {
  const i = entries.findIndex((e) => pyEquals(e.key, key) === true);
  if (i < 0) return [...entries, { key, value }];
  const copy = [...entries];
  copy[i] = { key: entries[i]!.key, value };
  return copy;
}

/**
 * `{**a, **b}`, `a.update(b)`, `a | b`: b's entries win. When b may hold keys
 * it does not list (an open dict, such as dj-database-url's result for an
 * unknown URL, or no dict at all), every key of `a` it does not list may be
 * overwritten and becomes Unknown.
 */
function mergeEntries(entries: DictEntry[], b: Val): DictEntry[] {
  const listed = b.v.kind === "dict" ? b.v.entries : [];
  let out = entries;
  if (b.v.kind !== "dict" || b.v.open)
    out = out.map((e) => (listed.some((l) => pyEquals(l.key, e.key) === true) ? e : { key: e.key, value: unknown(e.value.span, mergeDeps(e.value.deps, b.deps)) }));
  for (const e of listed) out = putEntry(out, e.key, e.value);
  return out;
}

function getItem(container: Val, key: Val, span: Span): Val {
  const c = container.v;
  if (c.kind === "dict") {
    if (key.v.kind === "unknown") return unknown(span, container.deps);
    for (let i = c.entries.length - 1; i >= 0; i--) {
      const eq = pyEquals(c.entries[i]!.key, key);
      if (eq === true) return c.entries[i]!.value;
      if (eq === null) return unknown(span, container.deps);
    }
    return unknown(span, container.deps);
  }
  if ((c.kind === "list" || c.kind === "tuple") && key.v.kind === "int") {
    const i = key.v.value < 0 ? c.items.length + key.v.value : key.v.value;
    return c.items[i] ?? unknown(span, container.deps);
  }
  return unknown(span, mergeDeps(container.deps, key.deps));
}

function setItem(container: Val, key: Val, value: Val): Val {
  const c = container.v;
  if (c.kind === "dict" && key.v.kind !== "unknown") return { ...container, v: { kind: "dict", entries: putEntry(c.entries, key, value), open: c.open } };
  if (c.kind === "list" && key.v.kind === "int") {
    const i = key.v.value < 0 ? c.items.length + key.v.value : key.v.value;
    if (i < 0 || i >= c.items.length) return unknown(container.span, container.deps);
    const items = [...c.items];
    items[i] = value;
    return { ...container, v: { kind: "list", items } };
  }
  return unknown(container.span, mergeDeps(container.deps, value.deps));
}

function delItem(container: Val, key: Val): Val {
  const c = container.v;
  if (c.kind === "dict") {
    const i = c.entries.findIndex((e) => pyEquals(e.key, key) === true);
    if (i < 0) return c.open ? container : unknown(container.span, container.deps);
    return { ...container, v: { kind: "dict", entries: c.entries.filter((_, j) => j !== i), open: c.open } };
  }
  if (c.kind === "list" && key.v.kind === "int") {
    const i = key.v.value < 0 ? c.items.length + key.v.value : key.v.value;
    if (i < 0 || i >= c.items.length) return unknown(container.span, container.deps);
    return { ...container, v: { kind: "list", items: c.items.filter((_, j) => j !== i) } };
  }
  return unknown(container.span, container.deps);
}

/** `X.append(…)` and friends on a known value; anything undecidable gives Unknown. */
function mutate(old: Val, method: string, pos: Val[], kw: Map<string, Val>): Val {
  const o = old.v;
  const a0 = pos[0];
  if (o.kind === "list") {
    switch (method) {
      case "append":
        return a0 ? { ...old, v: { kind: "list", items: [...o.items, a0] } } : unknown(old.span);
      case "extend": {
        const v = a0?.v;
        if (v && (v.kind === "list" || v.kind === "tuple" || v.kind === "set")) return { ...old, v: { kind: "list", items: [...o.items, ...v.items] } };
        return unknown(old.span, old.deps);
      }
      case "insert": {
        const at = a0?.v;
        const item = pos[1];
        if (!at || at.kind !== "int" || !item) return unknown(old.span, old.deps);
        const n = o.items.length;
        const i = at.value < 0 ? Math.max(0, n + at.value) : Math.min(at.value, n);
        const items = [...o.items];
        items.splice(i, 0, item);
        return { ...old, v: { kind: "list", items } };
      }
      case "remove": {
        if (!a0) return unknown(old.span);
        const i = o.items.findIndex((it) => pyEquals(it, a0) === true);
        if (i < 0 || o.items.slice(0, i).some((it) => pyEquals(it, a0) === null)) return unknown(old.span, old.deps);
        return { ...old, v: { kind: "list", items: o.items.filter((_, j) => j !== i) } };
      }
      case "clear":
        return { ...old, v: { kind: "list", items: [] } };
    }
    return unknown(old.span, old.deps);
  }
  if (o.kind === "dict") {
    if (method === "update") {
      let entries = o.entries;
      let open = o.open;
      if (a0) {
        if (a0.v.kind !== "dict") return unknown(old.span, old.deps);
        entries = mergeEntries(entries, a0);
        open ||= a0.v.open;
      }
      for (const [k, v] of kw) entries = putEntry(entries, mk({ kind: "str", value: k }, v.span), v);
      return { ...old, v: { kind: "dict", entries, open } };
    }
    if (method === "setdefault" && a0) {
      const has = o.entries.some((e) => pyEquals(e.key, a0) === true);
      if (has) return old;
      if (o.open) return unknown(old.span, old.deps);
      return { ...old, v: { kind: "dict", entries: [...o.entries, { key: a0, value: pos[1] ?? mk({ kind: "none" }, a0.span) }], open: false } };
    }
    if (method === "clear") return { ...old, v: { kind: "dict", entries: [], open: false } };
  }
  if (o.kind === "set" && method === "add" && a0) {
    if (o.items.some((it) => pyEquals(it, a0) === true)) return old;
    return { ...old, v: { kind: "set", items: [...o.items, a0] } };
  }
  return unknown(old.span, old.deps);
}

function compare(op: string, a: Val, b: Val): boolean | null {
  switch (op) {
    case "==":
      return pyEquals(a, b);
    case "!=": {
      const e = pyEquals(a, b);
      return e === null ? null : !e;
    }
    case "is":
    case "is not": {
      if (a.v.kind === "unknown" || b.v.kind === "unknown") return null;
      const singleton = (p: PyValue): boolean => p.kind === "none" || p.kind === "bool";
      if (!singleton(a.v) && !singleton(b.v)) return null;
      const same = a.v.kind === b.v.kind && (a.v.kind === "none" || (a.v as { value: boolean }).value === (b.v as { value: boolean }).value);
      return op === "is" ? same : !same;
    }
    case "in":
    case "not in": {
      const r = contains(b, a);
      return r === null ? null : op === "in" ? r : !r;
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const num = (p: PyValue): number | null => (p.kind === "int" || p.kind === "float" ? p.value : p.kind === "bool" ? Number(p.value) : null);
      const x = num(a.v);
      const y = num(b.v);
      if (x === null || y === null) return null;
      return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
    }
    default:
      return null;
  }
}

function contains(container: Val, item: Val): boolean | null {
  const c = container.v;
  if (c.kind === "str") return item.v.kind === "str" ? c.value.includes(item.v.value) : null;
  if (c.kind === "list" || c.kind === "tuple" || c.kind === "set") {
    let undecided = false;
    for (const it of c.items) {
      const e = pyEquals(it, item);
      if (e === true) return true;
      if (e === null) undecided = true;
    }
    return undecided ? null : false;
  }
  if (c.kind === "dict") {
    let undecided = c.open;
    for (const e of c.entries) {
      const eq = pyEquals(e.key, item);
      if (eq === true) return true;
      if (eq === null) undecided = true;
    }
    return undecided ? null : false;
  }
  return null;
}

function binaryOp(op: string, a: Val, b: Val, span: Span): Val {
  const deps = mergeDeps(a.deps, b.deps);
  const generated = a.generated ?? b.generated;
  const extra = generated ? { generated } : {};
  const x = a.v;
  const y = b.v;
  const num = (p: PyValue): number | null => (p.kind === "int" || p.kind === "float" ? p.value : p.kind === "bool" ? Number(p.value) : null);
  const nx = num(x);
  const ny = num(y);
  if (nx !== null && ny !== null) {
    const isFloat = x.kind === "float" || y.kind === "float";
    let r: number | null = null;
    switch (op) {
      case "+":
        r = nx + ny;
        break;
      case "-":
        r = nx - ny;
        break;
      case "*":
        r = nx * ny;
        break;
      case "/":
        return ny === 0 ? unknown(span, deps) : mk({ kind: "float", value: nx / ny }, span, deps);
      case "//":
        r = ny === 0 ? null : Math.floor(nx / ny);
        break;
      case "%":
        r = ny === 0 ? null : ((nx % ny) + ny) % ny;
        break;
      case "**":
        r = nx ** ny;
        break;
    }
    if (r === null || !Number.isFinite(r)) return unknown(span, deps);
    return mk({ kind: isFloat ? "float" : "int", value: r }, span, deps);
  }
  if (op === "+" && x.kind === "str" && y.kind === "str") return mk({ kind: "str", value: x.value + y.value }, span, deps, extra);
  if (op === "*" && x.kind === "str" && y.kind === "int") return mk({ kind: "str", value: x.value.repeat(Math.max(0, y.value)) }, span, deps);
  if (op === "+" && (x.kind === "list" || x.kind === "tuple") && y.kind === x.kind) return mk({ kind: x.kind, items: [...x.items, ...(y as typeof x).items] }, span, deps);
  if (op === "/" && x.kind === "path" && !x.isStr && (y.kind === "str" || y.kind === "path")) return mk({ kind: "path", value: joinPaths([x.value, y.value]), isStr: false }, span, deps);
  if (op === "|" && x.kind === "dict" && y.kind === "dict") {
    return mk({ kind: "dict", entries: mergeEntries(x.entries, b), open: x.open || y.open }, span, deps);
  }
  return mk({ kind: "unknown" }, span, deps, extra);
}

const URL_ENGINES: Record<string, string> = {
  postgres: "django.db.backends.postgresql",
  postgresql: "django.db.backends.postgresql",
  pgsql: "django.db.backends.postgresql",
  postgis: "django.contrib.gis.db.backends.postgis",
  mysql: "django.db.backends.mysql",
  mysql2: "django.db.backends.mysql",
  mysqlgis: "django.contrib.gis.db.backends.mysql",
  sqlite: "django.db.backends.sqlite3",
  spatialite: "django.contrib.gis.db.backends.spatialite",
  oracle: "django.db.backends.oracle",
  mssql: "sql_server.pyodbc",
};

/** The settings dict a database URL stands for; URL-derived keys are Unknown when the URL is. */
function databaseDict(url: Val, span: Span, extra: [string, Val][]): Val {
  const entries: DictEntry[] = [];
  const key = (k: string): Val => mk({ kind: "str", value: k }, span);
  let open = true;
  if (url.v.kind === "str") {
    const m = /^([a-z0-9+]+):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/:?]*)(?::(\d+))?(?:\/([^?]*))?/i.exec(url.v.value);
    const engine = m ? URL_ENGINES[m[1]!.toLowerCase()] : undefined;
    if (m && engine) {
      const s = (v: string): Val => mk({ kind: "str", value: decodeURIComponent(v) }, url.span, url.deps);
      entries.push({ key: key("ENGINE"), value: s(engine) });
      entries.push({ key: key("NAME"), value: s(m[6] ?? "") });
      entries.push({ key: key("USER"), value: s(m[2] ?? "") });
      entries.push({ key: key("PASSWORD"), value: s(m[3] ?? "") });
      entries.push({ key: key("HOST"), value: s(m[4] ?? "") });
      entries.push({ key: key("PORT"), value: m[5] ? mk({ kind: "int", value: Number(m[5]) }, url.span, url.deps) : s("") });
      open = /\?/.test(url.v.value);
    }
  }
  for (const [k, v] of extra) entries.push({ key: key(k), value: v });
  return mk({ kind: "dict", entries, open }, span, url.deps);
}
