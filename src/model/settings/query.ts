/**
 * Queries the DJ rules share over settings views: middleware and app
 * membership, where a setting is reported, how a value came to be (for
 * messages), and reporting each span once across views.
 */
import { formatSpan, type Span } from "../../parse/span.js";
import type { Setting, SettingsView } from "./types.js";
import { containsString, isTrue, show, truthy, type EnvDep, type Val } from "./values.js";

export const MW = {
  security: "django.middleware.security.SecurityMiddleware",
  csrf: "django.middleware.csrf.CsrfViewMiddleware",
  xframe: "django.middleware.clickjacking.XFrameOptionsMiddleware",
  session: "django.contrib.sessions.middleware.SessionMiddleware",
  whitenoise: "whitenoise.middleware.WhiteNoiseMiddleware",
} as const;

/** Whether MIDDLEWARE holds the dotted path: true/false, or null when undecidable. */
export function hasMiddleware(view: SettingsView, dotted: string): boolean | null {
  return containsString(view.value("MIDDLEWARE").val, dotted);
}

/** Whether INSTALLED_APPS holds the app: true/false, or null when undecidable. */
export function hasApp(view: SettingsView, app: string): boolean | null {
  return containsString(view.value("INSTALLED_APPS").val, app);
}

/** Where a finding about a setting reports: its assignment, or line 1 of the module when Django's default applies. */
export function settingSpan(view: SettingsView, setting: Setting): Span {
  return setting.at ?? view.moduleSpan;
}

function loc(span: Span): string {
  return `${span.file}:${span.line}`;
}

/**
 * How the value came to be, as a phrase after the value: "when DJANGO_DEBUG is
 * unset (default at config/settings/base.py:14)", "because DEBUG=1 is set at
 * docker-compose.yml:12", "(set at config/settings.py:3)", "(Django's default)".
 */
export function origin(setting: Setting, val: Val = setting.val): string {
  const deps = val.deps;
  const set = deps.filter((d) => d.state === "set");
  const unset = deps.filter((d) => d.state === "unset");
  const parts: string[] = [];
  for (const d of set) parts.push(`${d.name} is set${d.setAt ? ` at ${loc(d.setAt)}` : ""}`);
  for (const d of unset) parts.push(`${d.name} is unset${d.defaultSpan ? ` (default at ${loc(d.defaultSpan)})` : ""}`);
  if (parts.length > 0) return `when ${parts.join(" and ")}`;
  if (setting.at) return `(set at ${loc(setting.at)})`;
  return "(Django's default, not set in the settings)";
}

/** Related locations for the env sources a value depends on. */
export function envRelated(val: Val): { span: Span; message: string }[] {
  return val.deps.filter((d): d is EnvDep & { setAt: Span } => d.state === "set" && d.setAt !== null).map((d) => ({ span: d.setAt, message: `${d.name} is set here` }));
}

/** The value for a message. */
export function shown(val: Val): string {
  const s = show(val);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** Wraps a report function so a span is reported once per message id, however many views reach it. */
export function oncePerSpan<T extends { span: Span; messageId: string }>(report: (input: T) => void): (input: T) => void {
  const seen = new Set<string>();
  return (input) => {
    const key = `${input.messageId}\u0000${formatSpan(input.span)}:${input.span.endLine}:${input.span.endColumn}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(input);
  };
}

/** `location` for messages: "config/settings/production.py:3". */
export function where(span: Span): string {
  return loc(span);
}

/** Django's SECRET_KEY strength test (security.W009/W025): why the key is weak, or null when it passes. */
export function secretKeyWeakness(key: string): string | null {
  if (key.startsWith("django-insecure-")) return "it starts with django-insecure- (the key startproject generated)";
  if (key.length < 50) return `it has ${key.length} characters (Django asks for at least 50)`;
  if (new Set(key).size < 5) return `it has ${new Set(key).size} distinct characters (Django asks for at least 5)`;
  return null;
}

/** A literal string default of an env read, the way RULES.md counts literals: non-empty, not an interpolation. */
export function literalDefault(dep: EnvDep): { value: string; span: Span } | null {
  const d = dep.defaultValue;
  if (!d || !dep.defaultSpan || d.v.kind !== "str" || d.deps.length > 0 || d.generated) return null;
  if (d.v.value === "" || /^\$\{?[A-Za-z_]/.test(d.v.value)) return null;
  return { value: d.v.value, span: dep.defaultSpan };
}

/** True when the value is a string written in the settings (no env var, not generated). */
export function isLiteralString(val: Val): val is Val & { v: { kind: "str"; value: string } } {
  return val.v.kind === "str" && val.deps.length === 0 && !val.generated && val.v.value !== "" && !/^\$\{?[A-Za-z_]/.test(val.v.value);
}

/** Django's test for a cookie flag being off: `is not True` from 4.1, falsy before. Null when undecidable. */
export function cookieFlagOff(view: SettingsView, val: Val): boolean | null {
  if (view.djangoAtLeast(4, 1)) {
    const t = isTrue(val);
    return t === null ? null : !t;
  }
  const t = truthy(val);
  return t === null ? null : !t;
}

/** The sessions app or SessionMiddleware is installed (W010–W015's condition): true, false, or null. */
export function sessionsInUse(view: SettingsView): boolean | null {
  const app = hasApp(view, "django.contrib.sessions");
  const mw = hasMiddleware(view, MW.session);
  if (app === true || mw === true) return true;
  if (app === false && mw === false) return false;
  return null;
}

/** A filesystem location as the evaluator knows it: `<root>/…` (project-relative) or absolute; null when relative or unknown. */
export function fsPath(val: Val): string | null {
  const v = val.v;
  const p = v.kind === "path" || v.kind === "str" ? v.value : null;
  if (p === null || !(p.startsWith("/") || p.startsWith("<root>"))) return null;
  const root = p.startsWith("<root>") ? "<root>" : "";
  const parts: string[] = [];
  for (const part of p.slice(root.length).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `${root}/${parts.join("/")}`;
}

/** How path `a` relates to `b`: "matches", "is inside", "contains", or null (unrelated, or not comparable). */
export function pathRelation(a: string, b: string): "matches" | "is inside" | "contains" | null {
  if (a.startsWith("<root>") !== b.startsWith("<root>")) return null;
  const norm = (p: string): string => (p.endsWith("/") ? p : `${p}/`);
  if (norm(a) === norm(b)) return "matches";
  if (norm(a).startsWith(norm(b))) return "is inside";
  if (norm(b).startsWith(norm(a))) return "contains";
  return null;
}
