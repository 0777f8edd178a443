/**
 * Queries the DJ rules share over settings views: middleware and app
 * membership, where a setting is reported, how a value came to be (for
 * messages), and reporting each span once across views.
 */
import { formatSpan, type Span } from "../../parse/span.js";
import type { AppServer } from "../appserver.js";
import type { ProjectModel } from "../types.js";
import type { Setting, SettingsView } from "./types.js";
import { containsString, dictGet, isTrue, show, stringItems, truthy, type EnvDep, type Val } from "./values.js";

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
  if (!d || dep.indirect || !dep.defaultSpan || d.v.kind !== "str" || d.deps.length > 0 || d.generated) return null;
  if (d.v.value === "" || /^\$\{?[A-Za-z_]/.test(d.v.value)) return null;
  return { value: d.v.value, span: dep.defaultSpan };
}

/** True when the value is a string written in the settings (not read from an env var — a branch an env var chose may hold it —, not generated). */
export function isLiteralString(val: Val): val is Val & { v: { kind: "str"; value: string } } {
  return val.v.kind === "str" && val.deps.every((d) => d.indirect) && !val.generated && val.v.value !== "" && !/^\$\{?[A-Za-z_]/.test(val.v.value);
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

/** The app servers that run a view: those of its targets, or every production server when no target is known. */
export function serversOf(model: ProjectModel, view: SettingsView): AppServer[] {
  if (view.targets.length > 0) return view.targets.flatMap((t) => model.appServers.serversFor(t));
  return model.appServers.servers.filter((s) => s.process.production);
}

/** A worker model that does not hold one connection per thread between requests: ASGI, gevent, eventlet. */
export function asyncWorkers(server: AppServer): boolean {
  if (server.asgi) return true;
  const cls = server.workerClass?.value ?? "";
  return /gevent|eventlet|uvicorn|tornado/i.test(cls);
}

/** What a view's deployment is known to run: more than one worker process (and whether gunicorn preloads), more than one replica. */
export function processFacts(model: ProjectModel, view: SettingsView): { workers: { count: number; span: Span; preload: boolean } | null; replicas: { count: number; span: Span } | null } {
  let workers: { count: number; span: Span; preload: boolean } | null = null;
  for (const s of serversOf(model, view)) {
    const n = s.workers?.value;
    if (s.workers && typeof n === "number" && n > 1 && (!workers || n > workers.count)) workers = { count: n, span: s.workers.span, preload: s.preload?.value === true };
  }
  let replicas: { count: number; span: Span } | null = null;
  for (const t of view.targets) if (t.replicas !== null && t.replicas > 1 && (!replicas || t.replicas > replicas.count)) replicas = { count: t.replicas, span: t.span };
  return { workers, replicas };
}

/** The entries of DATABASES that are known dicts, by alias. */
export function databases(view: SettingsView): { alias: string; db: Val }[] {
  const v = view.value("DATABASES").val.v;
  if (v.kind !== "dict") return [];
  const out: { alias: string; db: Val }[] = [];
  for (const e of v.entries) if (e.key.v.kind === "str" && e.value.v.kind === "dict") out.push({ alias: e.key.v.value, db: e.value });
  return out;
}

/** The database ENGINE string, or null when unknown. */
export function engineOf(db: Val): string | null {
  const e = dictGet(db, "ENGINE");
  return e && e.v.kind === "str" ? e.v.value : null;
}

/** The staticfiles storage backend in effect: STORAGES["staticfiles"] (Django ≥ 4.2) or STATICFILES_STORAGE; null when unknown. */
export function staticStorage(view: SettingsView): { backend: string; setting: Setting } | null {
  const legacy = view.value("STATICFILES_STORAGE");
  if (view.djangoAtLeast(4, 2)) {
    const storages = view.value("STORAGES");
    if (legacy.at && !storages.at && !view.djangoAtLeast(5, 1)) return legacy.val.v.kind === "str" ? { backend: legacy.val.v.value, setting: legacy } : null;
    const sf = dictGet(storages.val, "staticfiles");
    const backend = sf ? dictGet(sf, "BACKEND") : undefined;
    return backend && backend.v.kind === "str" ? { backend: backend.v.value, setting: storages } : null;
  }
  return legacy.val.v.kind === "str" ? { backend: legacy.val.v.value, setting: legacy } : null;
}

const ERROR = 40;
const LEVELS: Record<string, number> = { CRITICAL: 50, FATAL: 50, ERROR: 40, WARNING: 30, WARN: 30, INFO: 20, DEBUG: 10, NOTSET: 0 };

/**
 * Whether an ERROR logged on `django.request` with DEBUG off reaches a
 * StreamHandler, as `logging.config.dictConfig` would set things up after
 * Django's DEFAULT_LOGGING: a verdict with the reason when it does not, or
 * null when LOGGING cannot be read.
 */
export function requestErrorLogging(view: SettingsView): { reaches: true } | { reaches: false; why: string } | null {
  const loggingConfig = view.assigned("LOGGING_CONFIG");
  if (loggingConfig) return loggingConfig.val.v.kind === "none" ? { reaches: true } : null;
  const logging = view.value("LOGGING").val;
  if (logging.v.kind !== "dict" || logging.v.open) return null;
  if (logging.v.entries.length === 0) return { reaches: false, why: "Django's default logging prints errors only while DEBUG is True" };
  const incremental = dictGet(logging, "incremental");
  if (incremental && truthy(incremental) !== false) return null;
  const disable = dictGet(logging, "disable_existing_loggers");
  const disables = disable ? truthy(disable) : true;
  if (disables === null) return null;
  const handlers = dictGet(logging, "handlers");
  const filters = dictGet(logging, "filters");
  const loggers = dictGet(logging, "loggers");
  const loggerCfg = (name: string): Val | undefined | null => {
    if (!loggers) return undefined;
    if (loggers.v.kind !== "dict") return null;
    return dictGet(loggers, name);
  };
  const request = loggerCfg("django.request");
  const django = loggerCfg("django");
  if (request === null || django === null) return null;
  if (disables && !request && !django)
    return { reaches: false, why: `LOGGING disables Django's existing loggers (disable_existing_loggers ${disable ? "is True" : "defaults to True"}) without configuring "django" or "django.request"` };
  const levelOf = (cfg: Val | undefined): number | null | undefined => {
    const l = cfg ? dictGet(cfg, "level") : undefined;
    if (!l) return undefined;
    return l.v.kind === "str" ? (LEVELS[l.v.value.toUpperCase()] ?? null) : l.v.kind === "int" ? l.v.value : null;
  };
  const effective = levelOf(request) ?? levelOf(django) ?? (django ? undefined : 20);
  if (effective === null) return null;
  if (effective !== undefined && effective > ERROR) return { reaches: false, why: "LOGGING sets the django.request level above ERROR" };
  let found = 0;
  const rootCfg = dictGet(logging, "root") ?? loggerCfg("");
  const chain: (Val | "default-django" | undefined | null)[] = [request, django ?? (disables ? undefined : "default-django"), rootCfg];
  const none = { reaches: false as const, why: "no handler on the way from django.request to the root logger is a StreamHandler that takes ERROR" };
  for (const cfg of chain) {
    if (cfg === null) return null;
    if (cfg === undefined) continue;
    if (cfg === "default-django") {
      found += 2;
      continue;
    }
    const names = dictGet(cfg, "handlers");
    const list = names ? stringItems(names) : [];
    if (list === null) return null;
    for (const name of list) {
      found++;
      const h = handlers ? dictGet(handlers, name) : undefined;
      if (!h) return null;
      const reaches = handlerReachesStream(h, filters);
      if (reaches === null) return null;
      if (reaches) return { reaches: true };
    }
    if (cfg === rootCfg) break;
    const propagate = dictGet(cfg, "propagate");
    if (propagate && truthy(propagate) === null) return null;
    if (propagate && truthy(propagate) === false) return found === 0 ? { reaches: true } : none;
  }
  return found === 0 ? { reaches: true } : none;
}

function handlerReachesStream(h: Val, filters: Val | undefined): boolean | null {
  const cls = dictGet(h, "class");
  if (dictGet(h, "()")) return null;
  if (!cls || cls.v.kind !== "str") return null;
  if (!/(^|\.)StreamHandler$/.test(cls.v.value)) return false;
  const level = dictGet(h, "level");
  if (level) {
    const n = level.v.kind === "str" ? LEVELS[level.v.value.toUpperCase()] : level.v.kind === "int" ? level.v.value : undefined;
    if (n === undefined) return null;
    if (n > ERROR) return false;
  }
  const fs = dictGet(h, "filters");
  const names = fs ? stringItems(fs) : [];
  if (names === null) return null;
  for (const name of names) {
    const f = filters ? dictGet(filters, name) : undefined;
    const factory = f ? dictGet(f, "()") : undefined;
    if (!factory || factory.v.kind !== "str") return null;
    if (factory.v.value === "django.utils.log.RequireDebugTrue") return false;
    if (factory.v.value !== "django.utils.log.RequireDebugFalse") return null;
  }
  return true;
}

const NGINX_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/** Seconds of an nginx time (`30d`, `1h30m`, `max`), or null. */
function nginxSeconds(text: string): number | null {
  if (text === "max") return 315360000;
  if (!/^(\d+(ms|s|m|h|d|w|M|y)?)+$/.test(text)) return null;
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)) total += Number(m[1]) * NGINX_UNITS[m[2] ?? "s"]!;
  return total;
}

/**
 * Production nginx locations that serve the view's STATIC_URL from disk with
 * a far-future cache lifetime (`expires` ≥ 1 day or `max`, or a
 * Cache-Control header with `immutable` or a max-age ≥ 1 day).
 */
export function farFutureStaticLocations(model: ProjectModel, view: SettingsView): { span: Span; what: string }[] {
  const url = view.value("STATIC_URL").val;
  if (url.v.kind !== "str" || /^[a-z]+:\/\//i.test(url.v.value)) return [];
  const prefix = `/${url.v.value.replace(/^\/+/, "").replace(/\/*$/, "/")}`;
  const out: { span: Span; what: string }[] = [];
  for (const server of model.nginx.servers) {
    if (!server.config.production) continue;
    for (const loc of server.locations) {
      if (!loc.servesFiles || (loc.modifier !== "" && loc.modifier !== "^~")) continue;
      const path = loc.path.endsWith("/") ? loc.path : `${loc.path}/`;
      if (!path.startsWith(prefix)) continue;
      if (loc.expires.state === "set") {
        const arg = loc.expires.value.args.map((a) => a.text).filter((t) => t !== "modified" && t !== "access");
        const secs = arg.length === 1 ? nginxSeconds(arg[0]!) : null;
        if (secs !== null && secs >= 86400) {
          out.push({ span: loc.expires.value.span, what: `nginx \`expires ${arg[0]}\` on location ${loc.path}` });
          continue;
        }
      }
      for (const h of loc.addHeaders.entries) {
        if (h.unknown || h.name.toLowerCase() !== "cache-control") continue;
        const maxAge = /max-age=(\d+)/i.exec(h.value);
        if (/immutable/i.test(h.value) || (maxAge && Number(maxAge[1]) >= 86400)) {
          out.push({ span: h.directive.span, what: `nginx Cache-Control "${h.value}" on location ${loc.path}` });
          break;
        }
      }
    }
  }
  return out;
}
