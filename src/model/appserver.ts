/**
 * App servers: every process that starts gunicorn, uWSGI, uvicorn, daphne,
 * hypercorn or Django's runserver, from any source, with its settings
 * normalised from every place they can come from.
 *
 * - The server is found behind wrappers: `python -m gunicorn`, `poetry run`,
 *   `pipenv run`, `uv run`, `newrelic-admin run-program`, `ddtrace-run`,
 *   `opentelemetry-instrument`, `env VAR=x`, `gosu user`, `su-exec user`,
 *   `tini --`, `dumb-init`, `nice`, and `sh -c "…"`.
 * - gunicorn, lowest precedence first: `WEB_CONCURRENCY` (the workers
 *   default), the config file (`-c path`, `-c python:module`, else
 *   `./gunicorn.conf.py` in the working directory), `GUNICORN_CMD_ARGS`,
 *   command-line flags. A config that cannot be read (not in the repo, the
 *   working directory unknown while the repo has a `gunicorn.conf.py`) makes
 *   the server incomplete: absent settings are Unknown.
 * - uWSGI: `UWSGI_*` variables, ini files (`--ini`, a positional `.ini`,
 *   nested `ini =`; `%(…)` and `$(…)` values are Unknown), then flags. An
 *   emperor (`--emperor`) manages vassals and serves nothing itself: its
 *   vassal ini files in the repo are judged on their own.
 * - uvicorn / daphne / hypercorn / runserver: flags (and uvicorn's
 *   `UVICORN_*`/`WEB_CONCURRENCY` env).
 */
import { posix } from "node:path";
import type { BuildContext } from "./context.js";
import { spanThrough, type Span } from "../parse/span.js";
import { parseIni, type IniDocument } from "../parse/ini.js";
import { shlexSplit } from "../parse/shlex.js";
import { parseGunicornConf, type GunicornAssignment } from "../parse/gunicorn.js";
import { inlineCommands, commandProcess } from "./scripts.js";
import type { NginxProxy } from "./nginx.js";
import { envLookup, type Process, type ProjectModel, type Target, type Word } from "./types.js";

export type AppServerKind = "gunicorn" | "uwsgi" | "uvicorn" | "daphne" | "hypercorn" | "runserver";

/**
 * Where a value came from: a command-line flag, the gunicorn `-c` config file
 * (or the default `./gunicorn.conf.py`), `GUNICORN_CMD_ARGS`,
 * `WEB_CONCURRENCY`, a uWSGI ini file, or a `UWSGI_*` (`UVICORN_*`) variable.
 */
export type SettingSource = "flag" | "config" | "cmd-args-env" | "web-concurrency" | "uwsgi-ini" | "uwsgi-env";

/** One effective setting. `value` null: it is set, but to something the model cannot determine. */
export interface Setting<T> {
  value: T | null;
  /** The flag, the assignment, the ini line or the env entry that set it. */
  span: Span;
  source: SettingSource;
}

/** One `key = value` of a uWSGI config, in file order (repeated keys kept). */
export interface UwsgiOption {
  key: string;
  /** null when it holds `%(...)`, `$(...)` or `@(...)` the model cannot resolve. */
  value: string | null;
  span: Span;
  source: SettingSource;
}

/** An app server started by a process, its settings normalised from every source. */
export interface AppServer {
  kind: AppServerKind;
  process: Process;
  /** The target whose main process or steps start it, when known. */
  target: Target | null;
  /** The argv index of the server's own name (after wrappers like `poetry run`, `python -m`, `newrelic-admin run-program`). */
  argvStart: number;
  /** The WSGI/ASGI application (`config.wsgi:application`, uwsgi `module=`); null when not given. */
  app: Setting<string> | null;
  /** Every bind (`-b`, `bind`, uwsgi `http`/`http-socket`/`socket`, uvicorn `--host`/`--port`, runserver `addr:port`); empty: the server default. */
  bind: Setting<string>[];
  /** What the server binds when `bind` is empty: `127.0.0.1:8000` for most; null when it depends on something Unknown (gunicorn and `$PORT`) or there is none (uWSGI). */
  defaultBind: string | null;
  /** null: not set anywhere (server default: gunicorn 1 worker, uwsgi 1 process). */
  workers: Setting<number> | null;
  threads: Setting<number> | null;
  workerClass: Setting<string> | null;
  timeout: Setting<number> | null;
  reload: Setting<boolean> | null;
  preload: Setting<boolean> | null;
  accessLog: Setting<string> | null;
  errorLog: Setting<string> | null;
  forwardedAllowIps: Setting<string> | null;
  /** uvicorn/daphne `--proxy-headers`; uvicorn's `--no-proxy-headers` is value false. */
  proxyHeaders: Setting<boolean> | null;
  workerTmpDir: Setting<string> | null;
  /** gunicorn `--user`, uwsgi `uid`. */
  user: Setting<string> | null;
  /** `KEY=value` the server puts in the app's environment (gunicorn `-e`/`raw_env`, uwsgi `env`). */
  appEnv: Setting<string>[];
  /** Serves an ASGI application: uvicorn/daphne/hypercorn, or gunicorn with a uvicorn worker class. */
  asgi: boolean;
  /**
   * False when some source of settings could not be read (a `-c` file or
   * `python:` module not in the repo, an unresolvable flag, `--ini` outside
   * the repo, GUNICORN_CMD_ARGS with an Unknown value): a setting that is
   * absent here may still be set there, so "not set" is Unknown.
   */
  complete: boolean;
  /** The config files read for it (gunicorn `-c`, uwsgi ini), repo-relative. */
  configFiles: string[];
  /** uWSGI only: every option from ini files, flags and `UWSGI_*` env, in precedence order (later wins). */
  uwsgiOptions: UwsgiOption[];
  /** uWSGI only: the `[uwsgi]` section read, when the config is an ini file in the repo. */
  uwsgiSection: Span | null;
  /** For a server started by a script: no unconditional command follows it in that script. Null elsewhere. */
  lastInScript: boolean | null;
}

/** gunicorn / uWSGI / uvicorn / daphne / hypercorn / runserver, normalised from flags, config files and env. */
export interface AppServerModel {
  servers: AppServer[];
  /** The servers a target starts (its main process and its steps). */
  serversFor(target: Target): AppServer[];
  /** The project uses Django Channels routing or websocket consumers: where that was seen. */
  asgiProject: { span: Span; reason: string } | null;
  /** uWSGI ini files in the repo that no process names (installed by hand, emperor vassals): their `[uwsgi]` options. */
  uwsgiFiles: { file: string; section: Span; options: UwsgiOption[]; production: boolean; complete: boolean }[];
  /** uWSGI emperors (`--emperor`): they serve nothing themselves, the vassals (`uwsgiFiles`) do. */
  emperors: AppServer[];
}

/**
 * Whether the app code a target's uWSGI emperor runs has dropped root: true
 * when the emperor itself runs with a non-root `uid`, or every production
 * vassal ini in the repo sets one; false when a vassal in the repo runs as
 * root; null when the target runs no emperor, or no vassal is in the repo.
 */
export function emperorDropsRoot(model: Pick<ProjectModel, "appServers">, target: Target): boolean | null {
  const emperors = model.appServers.emperors.filter((s) => s.target === target);
  if (emperors.length === 0) return null;
  const nonRoot = (v: string | null | undefined): boolean => v !== undefined && v !== null && v !== "" && !/^(root|0)$/.test(v);
  if (emperors.every((s) => nonRoot(s.user?.value))) return true;
  const vassals = model.appServers.uwsgiFiles.filter((f) => f.production);
  if (vassals.length === 0) return null;
  const uidOf = (f: (typeof vassals)[number]): string | null | undefined => f.options.filter((o) => o.key === "uid").pop()?.value;
  if (vassals.every((f) => nonRoot(uidOf(f)))) return true;
  return vassals.some((f) => f.complete && (uidOf(f) === undefined || /^(root|0)$/.test(uidOf(f) ?? ""))) ? false : null;
}

/** A key for reporting one finding per source location when several targets share a process. */
export function spanKey(span: Span): string {
  return `${span.file}:${span.line}:${span.column}:${span.endLine}:${span.endColumn}`;
}

/** A documented alternative (a commented-out command) is judged one severity lower. */
export function severityFor<S extends "error" | "warning" | "info">(process: Process, base: S): "error" | "warning" | "info" {
  if (!process.alternative) return base;
  return base === "error" ? "warning" : "info";
}

/** host/port/unix of a bind as gunicorn, uWSGI, uvicorn and runserver write it. */
export function parseBind(value: string): { host: string | null; port: number | null; unix: string | null } {
  if (value.startsWith("unix:")) return { host: null, port: null, unix: value.slice(5).replace(/^\/\//, "/") };
  if (value.startsWith("/") || value.startsWith("./") || value.startsWith("@")) return { host: null, port: null, unix: value };
  if (value.startsWith("fd://")) return { host: null, port: null, unix: null };
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(value);
  if (m) return { host: m[1] ?? m[2] ?? "", port: Number(m[3]), unix: null };
  if (/^\d+$/.test(value)) return { host: "", port: Number(value), unix: null };
  return { host: value, port: null, unix: null };
}

export function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|ip6-localhost)$/i.test(host);
}

/** Binds every interface: `0.0.0.0`, `::`, `[::]`, or an empty host (`:8000`). */
export function isAllInterfaces(host: string): boolean {
  return host === "" || host === "0.0.0.0" || host === "::" || host === "*";
}

/** The binds a server actually uses: its explicit binds, else its default (value null when Unknown). */
export function effectiveBinds(server: AppServer): { value: string | null; span: Span; explicit: boolean }[] {
  if (server.bind.length) return server.bind.map((b) => ({ value: b.value, span: b.span, explicit: true }));
  return [{ value: server.defaultBind, span: server.process.span, explicit: false }];
}

/** nginx proxies (judged to reach the app, in production configs) whose upstream matches one of the server's binds by port or socket path. */
export function proxiesTo(model: Pick<ProjectModel, "nginx">, server: AppServer): NginxProxy[] {
  const binds = effectiveBinds(server)
    .map((b) => (b.value === null ? null : parseBind(b.value)))
    .filter((b): b is NonNullable<typeof b> => b !== null);
  const matches = (host: string | null, port: number | null, unix: string | null): boolean =>
    binds.some((b) => (unix !== null && b.unix !== null ? posix.normalize(unix) === posix.normalize(b.unix) : port !== null && b.port === port && host !== null));
  return model.nginx.proxies.filter((p) => {
    if (!p.toApp || !p.server.config.production) return false;
    const t = p.target;
    if (t.kind === "unix") return matches(null, null, t.path);
    if (t.kind !== "address") return false;
    if (t.upstream) return t.upstream.servers.some((s) => matches(s.host, s.port, s.unix));
    return matches(t.host, t.port, null);
  });
}

/** Host of an nginx proxy target (first upstream server for an upstream); null for sockets and Unknown targets. */
export function proxyHost(proxy: NginxProxy): string | null {
  const t = proxy.target;
  if (t.kind !== "address") return null;
  if (t.upstream) return t.upstream.servers[0]?.host ?? null;
  return t.host;
}

// ---------------------------------------------------------------- detection

function wordName(w: Word | undefined): string | null {
  if (!w) return null;
  const t = w.text ?? (/^[\w./%{}$-]+$/.test(w.raw) ? w.raw : null);
  if (t === null) return null;
  return t.split("/").pop() ?? t;
}

const SERVER_NAMES: Record<string, AppServerKind> = {
  gunicorn: "gunicorn",
  gunicorn3: "gunicorn",
  uwsgi: "uwsgi",
  uwsgi_python3: "uwsgi",
  uvicorn: "uvicorn",
  daphne: "daphne",
  hypercorn: "hypercorn",
};

const PYTHON = /^python(\d+(\.\d+)?)?$/;
const SIMPLE_WRAPPERS = new Set(["exec", "nice", "nohup", "dumb-init", "ddtrace-run", "opentelemetry-instrument", "scalene", "tini", "tini-static", "catatonit", "time"]);
const RUN_WRAPPERS = new Set(["poetry", "pipenv", "uv", "pdm", "hatch", "rye"]);
const USER_WRAPPERS = new Set(["gosu", "su-exec", "setuidgid", "s6-setuidgid"]);

/** Where the app server starts in argv, through the wrappers; null when the argv runs none. */
export function findServer(argv: Word[]): { kind: AppServerKind; start: number; subcommandAt: number | null } | null {
  let i = 0;
  for (let guard = 0; guard < 12 && i < argv.length; guard++) {
    const name = wordName(argv[i]);
    if (name === null) return null;
    const text = (k: number): string | null => argv[k]?.text ?? null;
    if (SERVER_NAMES[name]) return { kind: SERVER_NAMES[name], start: i, subcommandAt: null };
    if (name === "env") {
      i++;
      while (i < argv.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text(i) ?? "") || /^-/.test(text(i) ?? ""))) i += text(i) === "-u" ? 2 : 1;
      continue;
    }
    if (SIMPLE_WRAPPERS.has(name)) {
      i++;
      while (i < argv.length && /^-/.test(text(i) ?? "")) i++;
      continue;
    }
    if (name === "newrelic-admin" && text(i + 1) === "run-program") {
      i += 2;
      continue;
    }
    if (RUN_WRAPPERS.has(name) && text(i + 1) === "run") {
      i += 2;
      while (i < argv.length && /^-/.test(text(i) ?? "")) i++;
      continue;
    }
    if (USER_WRAPPERS.has(name)) {
      i += 2;
      continue;
    }
    if (name === "chpst") {
      i++;
      while (i < argv.length && /^-/.test(text(i) ?? "")) i += /^-[ugUbenlmdofpc]$/.test(text(i) ?? "") ? 2 : 1;
      continue;
    }
    if (PYTHON.test(name)) {
      i++;
      while (i < argv.length && /^-[^m-]/.test(text(i) ?? "")) i += /^-[WX]$/.test(text(i) ?? "") ? 2 : 1;
      if (text(i) === "-m") {
        const mod = text(i + 1);
        if (mod && SERVER_NAMES[mod]) return { kind: SERVER_NAMES[mod], start: i + 1, subcommandAt: null };
        if (mod === "django") return manageCommand(argv, i + 2, i + 1);
        return null;
      }
      const script = wordName(argv[i]);
      if (script === "manage.py" || script === "django-admin" || script === "django-admin.py") return manageCommand(argv, i + 1, i);
      return null;
    }
    if (name === "manage.py" || name === "django-admin" || name === "django-admin.py") return manageCommand(argv, i + 1, i);
    return null;
  }
  return null;
}

function manageCommand(argv: Word[], from: number, start: number): { kind: AppServerKind; start: number; subcommandAt: number } | null {
  for (let k = from; k < argv.length; k++) {
    const t = argv[k]!.text;
    if (t === null) return null;
    if (t.startsWith("-")) continue;
    return t === "runserver" || t === "runserver_plus" ? { kind: "runserver", start, subcommandAt: k } : null;
  }
  return null;
}

// ---------------------------------------------------------------- settings

type Raw = { value: string | null; span: Span; source: SettingSource };

class Collected {
  readonly values = new Map<string, Raw[]>();
  complete = true;
  app: Raw | null = null;
  configFiles: string[] = [];
  uwsgi: UwsgiOption[] = [];
  uwsgiSection: Span | null = null;

  /** Sets `key` from one source; repeated keys of one source append (bind), a later source replaces. */
  set(key: string, value: string | null, span: Span, source: SettingSource, append = false): void {
    const prev = this.values.get(key);
    if (append && prev && prev.length && prev[prev.length - 1]!.source === source) prev.push({ value, span, source });
    else this.values.set(key, [{ value, span, source }]);
  }

  last(key: string): Raw | null {
    const v = this.values.get(key);
    return v?.[v.length - 1] ?? null;
  }
}

function num(r: Raw | null): Setting<number> | null {
  if (!r) return null;
  const n = r.value === null ? NaN : Number(r.value);
  return { value: Number.isFinite(n) && r.value !== "" ? n : null, span: r.span, source: r.source };
}

function str(r: Raw | null): Setting<string> | null {
  return r ? { value: r.value, span: r.span, source: r.source } : null;
}

function bool(r: Raw | null): Setting<boolean> | null {
  if (!r) return null;
  const v = r.value === null ? null : /^(1|true|yes|on)$/i.test(r.value) ? true : /^(0|false|no|off|none)$/i.test(r.value) ? false : null;
  return { value: v, span: r.span, source: r.source };
}

const G_ARG_FLAGS: Record<string, string> = {
  "-w": "workers",
  "--workers": "workers",
  "--threads": "threads",
  "-k": "worker_class",
  "--worker-class": "worker_class",
  "-t": "timeout",
  "--timeout": "timeout",
  "--access-logfile": "accesslog",
  "--error-logfile": "errorlog",
  "--log-file": "errorlog",
  "--forwarded-allow-ips": "forwarded_allow_ips",
  "--worker-tmp-dir": "worker_tmp_dir",
  "-b": "bind",
  "--bind": "bind",
  "-u": "user",
  "--user": "user",
  "-c": "config",
  "--config": "config",
  "-e": "env",
  "--env": "env",
};
const G_SHORT_WITH_ARG = new Set(["-w", "-k", "-t", "-b", "-u", "-c", "-e", "-g", "-n", "-p", "-m"]);
const G_BOOL_FLAGS: Record<string, string | null> = {
  "--reload": "reload",
  "--preload": "preload_app",
  "-D": null,
  "--daemon": null,
  "--capture-output": null,
  "--check-config": null,
  "--print-config": null,
  "--spew": null,
  "--no-sendfile": null,
  "--reuse-port": null,
  "--enable-stdio-inheritance": null,
  "-R": null,
  "--strip-header-spaces": null,
  "--suppress-ragged-eofs": null,
  "--do-handshake-on-connect": null,
  "--disable-redirect-access-to-syslog": null,
  "--proxy-protocol": null,
  "--log-syslog": null,
  "-v": null,
  "--version": null,
  "--help": null,
  "-h": null,
};

/** gunicorn flags into `c`; the first positional word is the app. */
function gunicornFlags(words: { text: string | null; span: Span }[], c: Collected, source: SettingSource): void {
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const t = w.text;
    if (t === null) {
      c.complete = false;
      continue;
    }
    if (!t.startsWith("-") || t === "-") {
      if (source === "flag" && !c.app) c.app = { value: t, span: w.span, source };
      continue;
    }
    let flag = t;
    let value: { text: string | null; span: Span } | null = null;
    const eq = t.indexOf("=");
    if (t.startsWith("--") && eq > 0) {
      flag = t.slice(0, eq);
      value = { text: t.slice(eq + 1), span: w.span };
    } else if (!t.startsWith("--") && t.length > 2 && G_SHORT_WITH_ARG.has(t.slice(0, 2))) {
      flag = t.slice(0, 2);
      value = { text: t.slice(2), span: w.span };
    }
    if (flag in G_BOOL_FLAGS) {
      const key = G_BOOL_FLAGS[flag];
      if (key) c.set(key, "true", w.span, source);
      continue;
    }
    if (!value) {
      const next = words[k + 1];
      if (!next) continue;
      value = next;
      k++;
    }
    const key = G_ARG_FLAGS[flag];
    if (key) c.set(key, value.text, spanThrough(w.span, value.span), source, key === "bind" || key === "env");
  }
}

const G_CONF_KEYS = new Set(["workers", "threads", "worker_class", "timeout", "reload", "preload_app", "accesslog", "errorlog", "forwarded_allow_ips", "worker_tmp_dir", "bind", "user", "wsgi_app", "raw_env"]);

function gunicornConf(assignments: GunicornAssignment[], c: Collected): void {
  for (const a of assignments) {
    if (!G_CONF_KEYS.has(a.name)) continue;
    const key = a.name === "wsgi_app" ? "app" : a.name === "raw_env" ? "env" : a.name;
    if (!a.known) {
      c.set(key, null, a.span, "config");
      continue;
    }
    const v = a.value;
    if (Array.isArray(v)) {
      c.values.delete(key);
      for (const item of v) c.set(key, item, a.span, "config", true);
    } else if (v === null) c.values.delete(key);
    else c.set(key, String(v), a.span, "config");
  }
}

// ---------------------------------------------------------------- files

/**
 * Repo-relative path of a path a process names, resolved against its working
 * directory. An absolute path is matched under the working directory when the
 * repo is checked out there, else by its longest tail of at least two
 * components (`/etc/uwsgi/app.ini` ↔ `deploy/uwsgi/app.ini`) when exactly one
 * repo file has it. Null when not in the repo.
 */
export function resolveRepoPath(ctx: BuildContext, path: string, cwd: string | null = null, from: string | null = null): string | null {
  if (!path || /[$%`]/.test(path)) return null;
  const exists = (p: string): string | null => {
    const n = posix.normalize(p).replace(/^\.\//, "");
    return n && !n.startsWith("..") && ctx.file(n) ? n : null;
  };
  if (!path.startsWith("/")) {
    const cwdRepo = cwd === null ? "" : cwd.startsWith("/") ? null : cwd;
    return (cwdRepo !== null ? exists(posix.join(cwdRepo, path)) : null) ?? exists(path) ?? (from ? exists(posix.join(posix.dirname(from), path)) : null);
  }
  if (cwd && cwd.startsWith("/")) {
    const base = cwd.replace(/\/+$/, "") + "/";
    if (path.startsWith(base)) {
      const hit = exists(path.slice(base.length));
      if (hit) return hit;
    }
  }
  const parts = path.split("/").filter(Boolean);
  for (let k = 1; k <= parts.length - 2; k++) {
    const suffix = parts.slice(k).join("/");
    const hit = exists(suffix);
    if (hit) return hit;
    const deeper = ctx.files.filter((f) => f.path.endsWith("/" + suffix));
    if (deeper.length === 1) return deeper[0]!.path;
  }
  return null;
}

const iniCache = new WeakMap<BuildContext, Map<string, IniDocument>>();

/** A repo ini file parsed once per build (its errors reported once). */
export function loadIni(ctx: BuildContext, path: string, dialect: "systemd" | "supervisor" | "uwsgi"): IniDocument | null {
  let cache = iniCache.get(ctx);
  if (!cache) {
    cache = new Map();
    iniCache.set(ctx, cache);
  }
  const key = `${dialect}:${path}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const file = ctx.file(path);
  if (!file) return null;
  const parsed = parseIni(file, dialect);
  ctx.errors.push(...parsed.errors);
  cache.set(key, parsed.doc);
  return parsed.doc;
}

const confCache = new WeakMap<BuildContext, Map<string, Promise<GunicornAssignment[]>>>();

async function loadGunicornConf(ctx: BuildContext, path: string): Promise<GunicornAssignment[]> {
  let cache = confCache.get(ctx);
  if (!cache) {
    cache = new Map();
    confCache.set(ctx, cache);
  }
  let hit = cache.get(path);
  if (!hit) {
    const file = ctx.file(path)!;
    hit = parseGunicornConf(file).then(({ assignments, errors }) => {
      ctx.errors.push(...errors);
      return assignments;
    });
    cache.set(path, hit);
  }
  return hit;
}

const UNRESOLVED = /%\(|\$\(|@\(/;

/** Reads the `[uwsgi]` (or named) section of a repo ini file, following nested `ini =`. */
function readUwsgiIni(ctx: BuildContext, path: string, section: string, c: Collected, cwd: string | null, depth = 0): void {
  const doc = loadIni(ctx, path, "uwsgi");
  if (!doc || depth > 5) {
    c.complete = false;
    return;
  }
  c.configFiles.push(path);
  const sec = doc.sections.find((s) => s.name === section);
  if (!sec) {
    c.complete = false;
    return;
  }
  c.uwsgiSection ??= sec.span;
  for (const e of sec.entries) {
    const key = e.key.trim().toLowerCase().replace(/_/g, "-");
    if (key === "ini") {
      const [p, s] = e.value.split(":");
      const resolved = UNRESOLVED.test(e.value) ? null : resolveRepoPath(ctx, p ?? "", cwd, path);
      if (resolved) readUwsgiIni(ctx, resolved, s || "uwsgi", c, cwd, depth + 1);
      else c.complete = false;
      continue;
    }
    c.uwsgi.push({ key, value: UNRESOLVED.test(e.value) ? null : e.value, span: spanThrough(e.keySpan, e.valueSpan), source: "uwsgi-ini" });
  }
}

const UWSGI_SHORT: Record<string, string> = { "-p": "processes", "-M": "master", "-s": "socket", "-w": "module", "-t": "harakiri", "-H": "home", "-T": "enable-threads", "-b": "buffer-size", "-d": "daemonize", "-L": "disable-logging", "-l": "listen", "-R": "max-requests", "-z": "socket-timeout", "-i": "single-interpreter" };
const UWSGI_BOOL_SHORT = new Set(["-M", "-T", "-L", "-i"]);

function uwsgiFlags(ctx: BuildContext, words: Word[], c: Collected, cwd: string | null): void {
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    const t = w.text;
    if (t === null) {
      c.complete = false;
      continue;
    }
    if (!t.startsWith("-")) {
      if (/\.ini(:[\w-]+)?$/.test(t)) {
        const [p, s] = t.split(":");
        const resolved = resolveRepoPath(ctx, p!, cwd, w.span.file);
        if (resolved) readUwsgiIni(ctx, resolved, s || "uwsgi", c, cwd);
        else c.complete = false;
      } else if (/\.(ya?ml|xml|json|js)(:[\w-]+)?$/.test(t)) c.complete = false;
      continue;
    }
    let key: string;
    let value: string | null;
    let span = w.span;
    if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      key = (eq > 0 ? t.slice(2, eq) : t.slice(2)).toLowerCase().replace(/_/g, "-");
      if (eq > 0) value = t.slice(eq + 1);
      else {
        const next = words[k + 1];
        if (next && !(next.text ?? "x").startsWith("-")) {
          value = next.text;
          span = spanThrough(w.span, next.span);
          k++;
        } else value = "true";
      }
    } else {
      const mapped = UWSGI_SHORT[t.slice(0, 2)];
      if (!mapped) {
        c.complete = false;
        continue;
      }
      key = mapped;
      if (UWSGI_BOOL_SHORT.has(t.slice(0, 2))) value = "true";
      else if (t.length > 2) value = t.slice(2);
      else {
        const next = words[k + 1];
        value = next ? next.text : null;
        if (next) span = spanThrough(w.span, next.span);
        k++;
      }
    }
    if (key === "ini") {
      const [p, s] = (value ?? "").split(":");
      const resolved = value === null ? null : resolveRepoPath(ctx, p!, cwd, w.span.file);
      if (resolved) readUwsgiIni(ctx, resolved, s || "uwsgi", c, cwd);
      else c.complete = false;
      continue;
    }
    if (["yaml", "xml", "json", "yml"].includes(key)) {
      c.complete = false;
      continue;
    }
    c.uwsgi.push({ key, value, span, source: "flag" });
  }
}

const ASGI_BOOL_FLAGS = new Set(["--reload", "--proxy-headers", "--factory", "--use-colors", "--access-log", "--server-header", "--date-header", "--debug", "-v", "--verbose", "--lifespan-on", "--ws-per-message-deflate"]);

// ---------------------------------------------------------------- environment

/**
 * A variable as the server reads it. Not declared anywhere the model sees is
 * "unset": like settings reads (RULES.md), a variable that could only come
 * from an uncommitted file or a secret store takes the server's default.
 */
type EnvValue = { value: string | null; span: Span } | "unset";

function envFor(process: Process, target: Target | null, name: string): EnvValue {
  for (let p: Process | undefined = process; p; p = p.parent) {
    for (let k = p.env.length - 1; k >= 0; k--) {
      const e = p.env[k]!;
      if (e.name === name) return { value: e.value, span: e.span };
    }
  }
  const e = target ? envLookup(target, name) : undefined;
  return e ? { value: e.value, span: e.span } : "unset";
}

/** Working directory of a process as its source declares it (systemd WorkingDirectory=, supervisor directory=); set by the services model. */
export const processCwd = new WeakMap<Process, string>();

function cwdOf(process: Process): string | null {
  for (let p: Process | undefined = process; p; p = p.parent) {
    const cwd = processCwd.get(p);
    if (cwd !== undefined) return cwd;
  }
  return null;
}

// ---------------------------------------------------------------- build

async function describe(ctx: BuildContext, process: Process, target: Target | null, found: NonNullable<ReturnType<typeof findServer>>): Promise<AppServer> {
  const c = new Collected();
  const args = process.argv.slice(found.start + 1);
  let defaultBind: string | null = "127.0.0.1:8000";
  const cwd = cwdOf(process);
  switch (found.kind) {
    case "gunicorn": {
      const wc = envFor(process, target, "WEB_CONCURRENCY");
      // An env file or secret store that is not in the repo may set it (cookiecutter-django
      // keeps WEB_CONCURRENCY in the uncommitted .envs/.production/.django): Unknown.
      const unseen = target?.env.find((s) => !s.committed && s.kind !== "platform");
      if (typeof wc === "object") c.set("workers", wc.value, wc.span, "web-concurrency");
      else if (unseen) c.set("workers", null, unseen.span, "web-concurrency");
      const flags = new Collected();
      gunicornFlags(args, flags, "flag");
      const config = flags.last("config");
      let confPath: string | null = null;
      if (config) {
        const v = config.value;
        if (v === null) c.complete = false;
        else if (v.startsWith("python:")) confPath = resolveRepoPath(ctx, v.slice(7).replace(/\./g, "/") + ".py");
        else confPath = resolveRepoPath(ctx, v, cwd, process.span.file);
        if (!confPath) c.complete = false;
      } else {
        if (cwd !== null && !cwd.startsWith("/")) confPath = resolveRepoPath(ctx, "gunicorn.conf.py", cwd);
        else if (ctx.files.some((f) => f.path === "gunicorn.conf.py" || f.path.endsWith("/gunicorn.conf.py"))) c.complete = false;
      }
      if (confPath && ctx.file(confPath)) {
        c.configFiles.push(confPath);
        gunicornConf(await loadGunicornConf(ctx, confPath), c);
      }
      const cmdArgs = envFor(process, target, "GUNICORN_CMD_ARGS");
      if (typeof cmdArgs === "object") {
        if (cmdArgs.value === null) c.complete = false;
        else gunicornFlags(shlexSplit(cmdArgs.value).words.map((w) => ({ text: w.text, span: cmdArgs.span })), c, "cmd-args-env");
      }
      for (const [key, list] of flags.values) {
        if (key === "config") continue;
        c.values.set(key, list);
      }
      c.app = flags.app ?? c.last("app");
      c.complete &&= flags.complete;
      const port = envFor(process, target, "PORT");
      defaultBind = port === "unset" ? "127.0.0.1:8000" : typeof port === "object" && port.value !== null ? `0.0.0.0:${port.value}` : null;
      break;
    }
    case "uwsgi": {
      defaultBind = null;
      for (let p: Process | undefined = process; p; p = p.parent)
        for (const e of p.env) if (e.name.startsWith("UWSGI_")) c.uwsgi.push({ key: e.name.slice(6).toLowerCase().replace(/_/g, "-"), value: e.value, span: e.span, source: "uwsgi-env" });
      if (target) for (const src of target.env) for (const e of src.entries) if (e.name.startsWith("UWSGI_")) c.uwsgi.push({ key: e.name.slice(6).toLowerCase().replace(/_/g, "-"), value: e.value, span: e.span, source: "uwsgi-env" });
      uwsgiFlags(ctx, args, c, cwd);
      for (const o of c.uwsgi) {
        const key = { processes: "workers", workers: "workers", threads: "threads", harakiri: "timeout", "py-autoreload": "reload", "python-autoreload": "reload", "py-auto-reload": "reload", logto: "errorlog", logto2: "errorlog", daemonize: "errorlog", daemonize2: "errorlog", uid: "user", module: "app", wsgi: "app", "wsgi-file": "app", mount: "app" }[o.key];
        if (key === "reload") c.set(key, o.value === null ? null : Number(o.value) > 0 ? "true" : "false", o.span, o.source);
        else if (key === "app") c.app = { value: o.value, span: o.span, source: o.source };
        else if (key) c.set(key, o.value, o.span, o.source);
        if (["http", "http-socket", "socket", "uwsgi-socket", "https", "shared-socket", "fastcgi-socket", "http11-socket"].includes(o.key))
          c.set("bind", o.value === null ? null : o.key === "https" ? (o.value.split(",")[0] ?? "") : o.value, o.span, o.source, true);
      }
      break;
    }
    case "uvicorn":
    case "daphne":
    case "hypercorn": {
      let host: Raw | null = null;
      let port: Raw | null = null;
      if (found.kind === "uvicorn") {
        const wc = envFor(process, target, "WEB_CONCURRENCY");
        if (typeof wc === "object") c.set("workers", wc.value, wc.span, "web-concurrency");
        for (const [name, key] of [["UVICORN_HOST", "host"], ["UVICORN_PORT", "port"], ["UVICORN_WORKERS", "workers"], ["FORWARDED_ALLOW_IPS", "forwarded_allow_ips"]] as const) {
          const e = envFor(process, target, name);
          if (typeof e !== "object") continue;
          const raw: Raw = { value: e.value, span: e.span, source: "uwsgi-env" };
          if (key === "host") host = raw;
          else if (key === "port") port = raw;
          else c.set(key, e.value, e.span, "uwsgi-env");
        }
      }
      for (let k = 0; k < args.length; k++) {
        const w = args[k]!;
        const t = w.text;
        if (t === null) {
          c.complete = false;
          continue;
        }
        if (!t.startsWith("-")) {
          c.app ??= { value: t, span: w.span, source: "flag" };
          continue;
        }
        const eq = t.indexOf("=");
        const flag = t.startsWith("--") && eq > 0 ? t.slice(0, eq) : t;
        if (eq < 0 && (flag.startsWith("--no-") || ASGI_BOOL_FLAGS.has(flag))) {
          if (flag === "--reload") c.set("reload", "true", w.span, "flag");
          else if (flag === "--proxy-headers") c.set("proxy_headers", "true", w.span, "flag");
          else if (flag === "--no-proxy-headers") c.set("proxy_headers", "false", w.span, "flag");
          continue;
        }
        let value: string | null;
        let span = w.span;
        if (eq > 0 && t.startsWith("--")) value = t.slice(eq + 1);
        else {
          const next = args[k + 1];
          value = next ? next.text : null;
          if (next) span = spanThrough(w.span, next.span);
          k++;
        }
        const raw: Raw = { value, span, source: "flag" };
        if (flag === "--host" || (found.kind === "daphne" && (flag === "-b" || flag === "--bind"))) host = raw;
        else if (flag === "--port" || (found.kind === "daphne" && (flag === "-p" || flag === "--port"))) port = raw;
        else if (flag === "--uds" || (found.kind === "daphne" && (flag === "-u" || flag === "--unix-socket"))) c.set("bind", value === null ? null : `unix:${value}`, span, "flag", true);
        else if (found.kind === "hypercorn" && (flag === "-b" || flag === "--bind")) c.set("bind", value, span, "flag", true);
        else if (found.kind === "hypercorn" && (flag === "-c" || flag === "--config")) c.complete = false;
        else if (flag === "--workers" || flag === "-w") c.set("workers", value, span, "flag");
        else if (flag === "--forwarded-allow-ips") c.set("forwarded_allow_ips", value, span, "flag");
        else if (flag === "-k" || flag === "--worker-class") c.set("worker_class", value, span, "flag");
        else if (flag === "--access-logfile" || flag === "--access-log") c.set("accesslog", value, span, "flag");
        else if (flag === "--error-logfile" || flag === "--log-file") c.set("errorlog", value, span, "flag");
        else if (flag === "--fd" || flag === "-e" || flag === "--endpoint") c.set("bind", null, span, "flag", true);
      }
      if (host || port) {
        const h = host ? host.value : "127.0.0.1";
        const p = port ? port.value : "8000";
        const span = host && port ? (host.span.line < port.span.line || (host.span.line === port.span.line && host.span.column < port.span.column) ? spanThrough(host.span, port.span) : host.span) : (host ?? port)!.span;
        c.set("bind", h === null || p === null ? null : `${h.includes(":") ? `[${h}]` : h}:${p}`, span, host?.source ?? port!.source, true);
      }
      break;
    }
    case "runserver": {
      const sub = found.subcommandAt ?? found.start;
      for (let k = sub + 1; k < process.argv.length; k++) {
        const w = process.argv[k]!;
        if (w.text === null) {
          c.complete = false;
          continue;
        }
        if (w.text.startsWith("-")) continue;
        const v = /^\d+$/.test(w.text) ? `127.0.0.1:${w.text}` : w.text;
        c.set("bind", v, w.span, "flag", true);
        break;
      }
      break;
    }
  }
  const workerClass = str(c.last("worker_class"));
  const asgi = found.kind === "uvicorn" || found.kind === "daphne" || found.kind === "hypercorn" || (found.kind === "gunicorn" && /uvicorn/i.test(workerClass?.value ?? ""));
  return {
    kind: found.kind,
    process,
    target,
    argvStart: found.start,
    app: c.app ? { value: c.app.value, span: c.app.span, source: c.app.source } : null,
    bind: (c.values.get("bind") ?? []).map((b) => ({ value: b.value, span: b.span, source: b.source })),
    defaultBind,
    workers: num(c.last("workers")),
    threads: num(c.last("threads")),
    workerClass,
    timeout: num(c.last("timeout")),
    reload: bool(c.last("reload")),
    preload: bool(c.last("preload_app")),
    accessLog: str(c.last("accesslog")),
    errorLog: str(c.last("errorlog")),
    forwardedAllowIps: str(c.last("forwarded_allow_ips")),
    proxyHeaders: bool(c.last("proxy_headers")),
    workerTmpDir: str(c.last("worker_tmp_dir")),
    user: str(c.last("user")),
    appEnv: [...(c.values.get("env") ?? []), ...c.uwsgi.filter((o) => o.key === "env")].map((r) => ({ value: r.value, span: r.span, source: r.source })),
    asgi,
    complete: c.complete,
    configFiles: c.configFiles,
    uwsgiOptions: c.uwsgi,
    uwsgiSection: c.uwsgiSection,
    lastInScript: null,
  };
}

const CHANNELS = /^\s*class\s+\w+\s*\(\s*[\w.]*(Async)?(Json)?WebsocketConsumer\s*\)|\b(URLRouter|ProtocolTypeRouter)\s*\(/m;

function findAsgiProject(ctx: BuildContext): AppServerModel["asgiProject"] {
  for (const f of ctx.files) {
    if (!["python", "asgi", "settings", "urls"].includes(f.kind)) continue;
    const m = CHANNELS.exec(f.text);
    if (!m) continue;
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const reason = m[3] ? `${m[3]} in ${f.path}` : `a websocket consumer in ${f.path}`;
    return { span: f.lines.span(start, m.index + m[0].length), reason };
  }
  return null;
}

export async function buildAppServers(ctx: BuildContext, processes: Process[], targets: Target[]): Promise<AppServerModel> {
  const owner = new Map<Process, Target>();
  for (const t of targets) for (const p of [...(t.main ? [t.main] : []), ...t.processes]) if (!owner.has(p)) owner.set(p, t);
  const targetOf = (p: Process): Target | null => {
    for (let q: Process | undefined = p; q; q = q.parent) {
      const t = owner.get(q);
      if (t) return t;
    }
    return null;
  };
  const servers: AppServer[] = [];
  const emperors: AppServer[] = [];
  const seen = new Set<Process>();
  const expanded = new Set(processes.flatMap((p) => (p.parent ? [p.parent] : [])));
  const visit = async (p: Process): Promise<void> => {
    if (seen.has(p)) return;
    seen.add(p);
    const found = findServer(p.argv);
    if (found) {
      const server = await describe(ctx, p, targetOf(p), found);
      if (server.kind === "uwsgi" && server.uwsgiOptions.some((o) => o.key === "emperor")) emperors.push(server);
      else servers.push(server);
      return;
    }
    const shell = wordName(p.argv[0]);
    if ((shell === "sh" || shell === "bash" || shell === "dash") && /^-[a-z]*c$/.test(p.argv[1]?.text ?? "") && p.argv[2] && !expanded.has(p)) {
      for (const cmd of await inlineCommands(ctx, p.argv[2])) await visit(commandProcess(cmd, p, p.origin, p.label));
    }
  };
  for (const p of processes) await visit(p);
  for (const t of targets) for (const p of [...(t.main ? [t.main] : []), ...t.processes]) await visit(p);
  for (const s of servers) {
    if (!s.target || s.target.settingsModule) continue;
    for (const e of s.appEnv) {
      const m = /^DJANGO_SETTINGS_MODULE=(.+)$/.exec(e.value ?? "");
      if (m) s.target.settingsModule = { name: m[1]!, span: e.span };
    }
  }
  for (const s of servers) {
    const p = s.process;
    if (p.origin !== "script" || !p.parent) continue;
    s.lastInScript = !processes.some((q) => q !== p && q.parent === p.parent && q.span.file === p.span.file && !q.conditional && (q.span.line > p.span.line || (q.span.line === p.span.line && q.span.column > p.span.column)));
  }
  const used = new Set(servers.flatMap((s) => s.configFiles));
  const uwsgiFiles: AppServerModel["uwsgiFiles"] = [];
  for (const f of ctx.byKind("uwsgi")) {
    if (used.has(f.path)) continue;
    const c = new Collected();
    readUwsgiIni(ctx, f.path, "uwsgi", c, null);
    if (c.uwsgiSection) uwsgiFiles.push({ file: f.path, section: c.uwsgiSection, options: c.uwsgi, complete: c.complete, production: !/(^|[/._-])(dev|development|local|test|tests|testing)([/._-]|$)/i.test(f.path) });
  }
  return {
    servers,
    serversFor: (target) => servers.filter((s) => s.target === target),
    asgiProject: findAsgiProject(ctx),
    uwsgiFiles,
    emperors,
  };
}

/** Servers of production processes in production targets (or in no target). */
export function productionServers(model: Pick<ProjectModel, "appServers">): AppServer[] {
  return model.appServers.servers.filter((s) => s.process.production && (s.target?.production ?? true));
}

/** The server runs inside a container: its target's, else its process's own judgement. */
export function inContainer(server: AppServer): boolean {
  return server.target?.container ?? server.process.container;
}

/** One uWSGI configuration to judge: a server's options (flags, ini, env), or a repo ini file no process names. */
export interface UwsgiConfig {
  options: UwsgiOption[];
  /** Where a section-level finding reports: the `[uwsgi]` header, else the command. */
  span: Span;
  server: AppServer | null;
  /** Every option source was read. */
  complete: boolean;
  label: string;
}

/** Every production uWSGI configuration, once per section (several targets may share one ini file). */
export function uwsgiConfigs(model: Pick<ProjectModel, "appServers">): UwsgiConfig[] {
  const out: UwsgiConfig[] = [];
  const seen = new Set<string>();
  for (const s of productionServers(model)) {
    if (s.kind !== "uwsgi") continue;
    const span = s.uwsgiSection ?? s.process.span;
    if (seen.has(spanKey(span))) continue;
    seen.add(spanKey(span));
    out.push({ options: s.uwsgiOptions, span, server: s, complete: s.complete, label: s.process.label });
  }
  for (const f of model.appServers.uwsgiFiles) {
    if (!f.production) continue;
    out.push({ options: f.options, span: f.section, server: null, complete: f.complete, label: f.file });
  }
  return out;
}

/** The effective (last) value of a uWSGI option; undefined when absent. */
export function uwsgiOption(config: Pick<UwsgiConfig, "options">, ...keys: string[]): UwsgiOption | undefined {
  let found: UwsgiOption | undefined;
  for (const o of config.options) if (keys.includes(o.key)) found = o;
  return found;
}
