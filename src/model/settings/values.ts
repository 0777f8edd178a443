/**
 * Values of the settings evaluator: the Python objects settings hold, each
 * with provenance (the expression that produced it and the environment
 * variables it depends on). `unknown` is a first-class value: anything the
 * evaluator cannot decide.
 */
import type { Span } from "../../parse/span.js";

/** How a value depends on one environment variable. */
export interface EnvDep {
  name: string;
  /** "unset": the code's default applied; "set": a committed value applied; "unknown": set to something the model cannot read. */
  state: "unset" | "set" | "unknown";
  /** The default expression of the read, when it has one. */
  defaultSpan: Span | null;
  /** The default value, when it has one (whatever the state). */
  defaultValue: Val | null;
  /** Where the target sets the variable, when it does. */
  setAt: Span | null;
  /**
   * The value is computed from the variable by code the evaluator does not
   * follow (`getattr(import_module(os.getenv("CONF", "app.conf")), "SECRET_KEY")`):
   * the read's default is not what the value falls back to.
   */
  indirect?: true;
}

export type PyValue =
  | { kind: "none" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "str"; value: string }
  /** A filesystem path: `root` plus the project-relative part, `/`-separated, normalised. */
  | { kind: "path"; value: string; isStr: boolean }
  | { kind: "list" | "tuple" | "set"; items: Val[] }
  /** `open`: keys not listed may exist with unknown values (e.g. a dict parsed from an unknown URL). */
  | { kind: "dict"; entries: DictEntry[]; open: boolean }
  /** Something outside the project: a module, function or class by dotted path (`os.environ`, `environ.Env`). */
  | { kind: "ref"; path: string }
  /** A django-environ `Env` instance with its schemes. */
  | { kind: "envobj"; schemes: Map<string, { cast: Val | null; default: Val | null }> }
  /** A bound method of a value inside the project (`MIDDLEWARE.insert`, `env.bool`). */
  | { kind: "method"; self: Val; name: string }
  | { kind: "unknown" };

export interface DictEntry {
  key: Val;
  value: Val;
}

export interface Val {
  v: PyValue;
  /** The expression that produced the value. */
  span: Span;
  deps: EnvDep[];
  /** Set when the value is an env string taken without parsing it (or `bool()` of one): the variable name. */
  rawEnv?: string;
  /** Set when the value is generated at import time (`get_random_secret_key()`): the call as written. */
  generated?: string;
  /** Set on an Unknown value that a module .gitignore keeps out of the repository may rebind (`mysite/settings/local.py`): its path. */
  overriddenBy?: string;
}

/** Shared empty dependency list; dependency lists are never mutated. */
const NO_DEPS: EnvDep[] = [];
const UNKNOWN: PyValue = { kind: "unknown" };

export function mk(v: PyValue, span: Span, deps: EnvDep[] = NO_DEPS, extra?: Pick<Val, "rawEnv" | "generated">): Val {
  const out: Val = { v, span, deps };
  if (extra?.rawEnv !== undefined) out.rawEnv = extra.rawEnv;
  if (extra?.generated !== undefined) out.generated = extra.generated;
  return out;
}

export function unknown(span: Span, deps: EnvDep[] = NO_DEPS): Val {
  return { v: UNKNOWN, span, deps };
}

/** The dependencies of a value computed by code the evaluator does not follow. */
export function indirect(deps: EnvDep[]): EnvDep[] {
  return deps.some((d) => !d.indirect) ? deps.map((d) => (d.indirect ? d : { ...d, indirect: true })) : deps;
}

export function mergeDeps(...lists: EnvDep[][]): EnvDep[] {
  let nonEmpty: EnvDep[] | null = null;
  let count = 0;
  for (const l of lists)
    if (l.length > 0) {
      nonEmpty = l;
      count++;
    }
  if (count === 0) return NO_DEPS;
  if (count === 1) return nonEmpty!;
  const out: EnvDep[] = [];
  for (const list of lists)
    for (const d of list) if (!out.some((o) => o.name === d.name && o.state === d.state && o.defaultSpan === d.defaultSpan)) out.push(d);
  return out;
}

export function isUnknown(val: Val): boolean {
  return val.v.kind === "unknown";
}

/** Python truthiness; null when it cannot be decided. */
export function truthy(val: Val): boolean | null {
  const v = val.v;
  switch (v.kind) {
    case "none":
      return false;
    case "bool":
      return v.value;
    case "int":
    case "float":
      return v.value !== 0;
    case "str":
      return v.value.length > 0;
    case "path":
      return true;
    case "list":
    case "tuple":
    case "set":
      return v.items.length > 0;
    case "dict":
      return v.entries.length > 0 ? true : v.open ? null : false;
    case "ref":
    case "envobj":
    case "method":
      return true;
    case "unknown":
      return null;
  }
}

/** `value is True`; null when unknown. */
export function isTrue(val: Val): boolean | null {
  if (val.v.kind === "unknown") return null;
  return val.v.kind === "bool" && val.v.value;
}

/** Python `==`; null when it cannot be decided. */
export function pyEquals(a: Val, b: Val): boolean | null {
  const x = a.v;
  const y = b.v;
  if (x.kind === "unknown" || y.kind === "unknown") return null;
  if (x.kind === "ref" || y.kind === "ref" || x.kind === "envobj" || y.kind === "envobj" || x.kind === "method" || y.kind === "method") return null;
  const num = (p: PyValue): number | null => (p.kind === "int" || p.kind === "float" ? p.value : p.kind === "bool" ? (p.value ? 1 : 0) : null);
  const nx = num(x);
  const ny = num(y);
  if (nx !== null && ny !== null) return nx === ny;
  if (nx !== null || ny !== null) return false;
  if (x.kind === "path" || y.kind === "path") {
    if (x.kind === "path" && y.kind === "path") return x.isStr === y.isStr ? x.value === y.value : false;
    return null;
  }
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case "none":
      return true;
    case "str":
      return x.value === (y as typeof x).value;
    case "list":
    case "tuple": {
      const yi = (y as typeof x).items;
      if (x.items.length !== yi.length) return false;
      let all: boolean | null = true;
      for (let i = 0; i < yi.length; i++) {
        const e = pyEquals(x.items[i]!, yi[i]!);
        if (e === false) return false;
        if (e === null) all = null;
      }
      return all;
    }
    case "set":
    case "dict":
      return sameValue(a, b) ? true : null;
    default:
      return null;
  }
}

/** Structural identity of two values (same kind, same contents), ignoring provenance. */
export function sameValue(a: Val, b: Val): boolean {
  const x = a.v;
  const y = b.v;
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case "unknown":
      return false;
    case "none":
      return true;
    case "bool":
    case "int":
    case "float":
    case "str":
      return x.value === (y as typeof x).value;
    case "path":
      return x.value === (y as typeof x).value && x.isStr === (y as typeof x).isStr;
    case "list":
    case "tuple":
    case "set": {
      const yi = (y as typeof x).items;
      return x.items.length === yi.length && x.items.every((it, i) => sameValue(it, yi[i]!));
    }
    case "dict": {
      const yd = y as typeof x;
      return x.open === yd.open && x.entries.length === yd.entries.length && x.entries.every((e, i) => sameValue(e.key, yd.entries[i]!.key) && sameValue(e.value, yd.entries[i]!.value));
    }
    case "ref":
      return x.path === (y as typeof x).path;
    case "envobj":
    case "method":
      return a === b;
  }
}

/** Strings of a list/tuple/set of strings; null when any element is not a known string. */
export function stringItems(val: Val): string[] | null {
  const v = val.v;
  if (v.kind !== "list" && v.kind !== "tuple" && v.kind !== "set") return null;
  const out: string[] = [];
  for (const it of v.items) {
    if (it.v.kind !== "str") return null;
    out.push(it.v.value);
  }
  return out;
}

/** Whether a sequence holds a string equal to `s`: true/false, or null when undecidable. */
export function containsString(val: Val, s: string): boolean | null {
  const v = val.v;
  if (v.kind !== "list" && v.kind !== "tuple" && v.kind !== "set") return null;
  let undecided = false;
  for (const it of v.items) {
    if (it.v.kind === "str" && it.v.value === s) return true;
    if (it.v.kind === "unknown") undecided = true;
  }
  return undecided ? null : false;
}

/** The element holding the string `s`, if any. */
export function findString(val: Val, s: string): Val | undefined {
  const v = val.v;
  if (v.kind !== "list" && v.kind !== "tuple" && v.kind !== "set") return undefined;
  return v.items.find((it) => it.v.kind === "str" && it.v.value === s);
}

/** A dict entry by string key; `undefined` when absent from a closed dict, an unknown Val when the dict is open. */
export function dictGet(val: Val, key: string): Val | undefined {
  const v = val.v;
  if (v.kind !== "dict") return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) {
    const e = v.entries[i]!;
    if (e.key.v.kind === "str" && e.key.v.value === key) return e.value;
  }
  if (v.open || v.entries.some((e) => e.key.v.kind === "unknown")) return unknown(val.span, val.deps);
  return undefined;
}

/** A short Python-like rendering, for messages and the settings view. */
export function show(val: Val, depth = 0): string {
  const v = val.v;
  switch (v.kind) {
    case "none":
      return "None";
    case "bool":
      return v.value ? "True" : "False";
    case "int":
    case "float":
      return String(v.value);
    case "str":
      return pyRepr(v.value);
    case "path":
      return v.isStr ? pyRepr(v.value) : `Path(${pyRepr(v.value)})`;
    case "list":
    case "tuple":
    case "set": {
      if (depth > 2) return v.kind === "list" ? "[…]" : v.kind === "tuple" ? "(…)" : "{…}";
      const inner = v.items.map((i) => show(i, depth + 1)).join(", ");
      return v.kind === "list" ? `[${inner}]` : v.kind === "tuple" ? `(${inner}${v.items.length === 1 ? "," : ""})` : `{${inner}}`;
    }
    case "dict": {
      if (depth > 2) return "{…}";
      const inner = v.entries.map((e) => `${show(e.key, depth + 1)}: ${show(e.value, depth + 1)}`);
      if (v.open) inner.push("…");
      return `{${inner.join(", ")}}`;
    }
    case "ref":
      return `<${v.path}>`;
    case "envobj":
      return "<environ.Env>";
    case "method":
      return `<method ${v.name}>`;
    case "unknown":
      return "Unknown";
  }
}

export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(new RegExp(q, "g"), `\\${q}`);
  return `${q}${body}${q}`;
}
