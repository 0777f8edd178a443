/**
 * docker compose: every compose file of the repository, its services with
 * anchors, `<<` merges, `extends` and `include:` resolved, and what each
 * service runs.
 *
 * - A file is development when its name has a `dev`, `local`, `override` or
 *   `test` part, when it lives in such a directory (or `.devcontainer/`), or
 *   when every app service in it names a dev/local/test settings module or
 *   runs `runserver` with the source bind-mounted. A service that only
 *   starts under development profiles (`profiles: [dev]`) is development.
 *   A file another file includes is judged through its includer.
 * - `${VAR}`, `${VAR:-default}`, `$VAR` are compose interpolations from the
 *   environment of whoever runs compose: an interpolated value is not a
 *   literal, and is kept with its default ("from env, default X").
 * - A service with `build:` (or with `image:` naming an image another service
 *   of the project builds) runs that Dockerfile's image, with compose's
 *   `entrypoint`/`command` overrides applied as docker does.
 * - Each file is read on its own: `docker compose -f a.yml -f b.yml` overlays
 *   are not merged. A service that names neither `image` nor `build` (after
 *   `extends`) is an overlay fragment: `complete` is false and nothing is
 *   concluded from what it lacks.
 * - `extends.file` and `include:` are followed to files discovered as compose
 *   files (named `compose*.y*ml` / `docker-compose*.y*ml`); a service whose
 *   `extends` cannot be read is incomplete.
 */
import { posix } from "node:path";
import type { SourceFile } from "../discover/types.js";
import { parseEnvFile } from "../parse/envfile.js";
import { spanThrough, type Span } from "../parse/span.js";
import { entries, entry, getPath, isSequence, items, parseYaml, rawText, scalarBool, scalarText, spanOf, type YamlDocument, type YamlEntry, type YamlNode } from "../parse/yaml.js";
import { shlexSplit } from "../parse/shlex.js";
import type { BuildContext } from "./context.js";
import { djangoProgram, type DockerImage, type DockerModel } from "./docker.js";
import { commandProcess, inlineCommands } from "./scripts.js";
import { hasUrlCredentials, isSecretName } from "./secrets.js";
import type { EnvEntry, EnvSource, Process, ProcessOrigin, Target, Word } from "./types.js";

/** A compose value after interpolation. */
export interface Interpolated {
  /** The value; null when it depends on an environment variable. */
  text: string | null;
  /** As written. */
  raw: string;
  span: Span;
  /** The variables interpolated, each with the default it falls back to when unset (null: none). */
  vars: { name: string; default: string | null }[];
  /** The value when every variable is unset; null when one has no default. */
  whenUnset: string | null;
}

/** An `environment:` entry. An interpolated value has a null `value` and keeps its variables and defaults here; a pass-through entry (`- NAME`) has neither. */
export type ComposeEnvEntry = EnvEntry & { interpolation: Interpolated | null };

export interface ComposePort {
  span: Span;
  raw: string;
  /** The mapping in short form (`127.0.0.1:5432:5432`, `8000:8000`), for messages. */
  display: string;
  /** The host address; null when none is given (all interfaces). */
  hostIp: string | null;
  /** True when the host address comes from an interpolation (Unknown). */
  hostIpUnknown: boolean;
  /** null: an ephemeral host port. */
  hostPort: string | null;
  containerPort: string | null;
  protocol: string;
  /** The host address is 127.0.0.0/8, ::1 or localhost. */
  loopback: boolean;
}

export interface ComposeVolume {
  span: Span;
  kind: "bind" | "volume" | "tmpfs" | "other";
  /** As written (a path or a volume name); null when absent or interpolated. */
  source: string | null;
  /** For bind mounts: the repo path the source names, relative to the root ("" for the root); null outside the repo or unknown. */
  repoPath: string | null;
  target: string | null;
  readOnly: boolean;
  /** A bind mount of the application's source code (a directory holding manage.py, settings, wsgi/asgi or urls). */
  sourceCode: boolean;
  /** The docker socket is mounted. */
  dockerSocket: boolean;
}

export interface ComposeDependsOn {
  service: string;
  /** `condition:` of the long form; null for the short form. */
  condition: string | null;
  span: Span;
  /** The service's entrypoint or command visibly waits for that host (wait-for-it, dockerize -wait, pg_isready/nc loops, `manage.py wait_for_db`). */
  waited: boolean;
}

export interface ComposeEnvFile {
  /** The path as written, and resolved against the compose file's directory. */
  path: string;
  repoPath: string;
  required: boolean;
  span: Span;
  /** In the repository (its entries are known). */
  committed: boolean;
  source: EnvSource;
}

export type ServiceRole = "web" | "worker" | "task" | "datastore" | "proxy" | "other";

export interface ComposeService {
  name: string;
  file: string;
  /** The compose file that is run (the includer for a service of an included file): services of one project see each other. */
  project: string;
  /** The service's key. */
  span: Span;
  production: boolean;
  /** Only started with development profiles (`profiles: [dev]`, `[debug]`, `[test]`): not part of the production stack. */
  devProfile: boolean;
  /** Names `image` or `build` (own or through `extends`): not an overlay fragment. */
  complete: boolean;
  image: Interpolated | null;
  build: { context: string; dockerfile: string; span: Span } | null;
  /** The repo Dockerfile whose image the service runs. */
  dockerfile: string | null;
  command: { words: Word[]; span: Span } | null;
  entrypoint: { words: Word[]; span: Span } | null;
  /** `environment:` entries; `interpolation` keeps "from env, default X" for interpolated values. */
  environment: ComposeEnvEntry[];
  environmentSpan: Span | null;
  envFiles: ComposeEnvFile[];
  ports: ComposePort[];
  volumes: ComposeVolume[];
  dependsOn: ComposeDependsOn[];
  /** `restart:` or `deploy.restart_policy`. */
  restart: { value: string | null; span: Span } | null;
  logging: { driver: string | null; maxSize: boolean; span: Span } | null;
  /** `healthcheck:`; `url` is the first http(s) URL its test requests (host and path), for probe-path checks. */
  healthcheck: { disabled: boolean; span: Span; url: { host: string; path: string; span: Span } | null } | null;
  user: { name: string | null; span: Span } | null;
  replicas: number | null;
  privileged: Span | null;
  networkModeHost: Span | null;
  /** postgres, mysql, mariadb, mongo, redis, memcached, rabbitmq (by image, or by the base image of its Dockerfile). */
  datastore: string | null;
  role: ServiceRole;
  /** Runs until stopped (not a one-off `manage.py migrate`-like task). */
  longRunning: boolean;
  main: Process | null;
  processes: Process[];
  target: Target | null;
}

export interface ComposeFile {
  path: string;
  production: boolean;
  /** Why the file is development (for `--verbose`); null when production. */
  devReason: string | null;
  /** Files this one includes (`include:`), repo-relative. */
  includes: string[];
  /** Included by another compose file: judged through its includer. */
  includedBy: string | null;
  services: ComposeService[];
}

export interface ComposeModel {
  files: ComposeFile[];
  /** Every service of every file, included files' services under their includer. */
  services: ComposeService[];
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
  /** Dockerfiles a production service runs. */
  usedDockerfiles: string[];
}

const DATASTORES: [RegExp, string][] = [
  [/^(postgres|postgresql|postgis|timescaledb(-ha)?|pgvector)$/, "postgres"],
  [/^mysql(-server)?$/, "mysql"],
  [/^mariadb$/, "mariadb"],
  [/^(mongo|mongodb(-community-server)?)$/, "mongo"],
  [/^(redis|redis-stack(-server)?|valkey)$/, "redis"],
  [/^memcached$/, "memcached"],
  [/^rabbitmq$/, "rabbitmq"],
];
const PROXIES = /^(nginx|nginx-unprivileged|nginx-proxy|nginx-proxy-manager|angie|openresty|caddy|traefik|haproxy|envoy|httpd)$/;
const WEB_SERVERS = new Set(["gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "granian"]);
const LONG_MANAGE = new Set(["runserver", "runserver_plus", "runworker", "rqworker", "rqscheduler", "qcluster", "process_tasks", "run_huey", "db_worker", "celery"]);
const DEV_NAME = /^(dev|devel|develop|development|local|override|test|tests|testing)$/i;
const DEV_SETTINGS = /^(dev|local|test)/i;

/** The image name without registry, namespace, tag or digest. */
function imageBaseName(ref: string): string {
  const noDigest = ref.split("@")[0]!;
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  const name = colon > slash ? noDigest.slice(0, colon) : noDigest;
  return name.slice(name.lastIndexOf("/") + 1).toLowerCase();
}

/** The tag of an image reference; null when absent. */
export function imageTag(ref: string): { tag: string | null; digest: boolean } {
  const [name, digest] = ref.split("@");
  const slash = name!.lastIndexOf("/");
  const colon = name!.lastIndexOf(":");
  return { tag: colon > slash ? name!.slice(colon + 1) : null, digest: digest !== undefined };
}

/** Which datastore an image is (postgres, mysql, …), from its name. */
export function datastoreOf(image: string): string | null {
  const base = imageBaseName(image);
  for (const [re, kind] of DATASTORES) if (re.test(base)) return kind;
  return null;
}

export function isProxyImage(image: string): boolean {
  return PROXIES.test(imageBaseName(image));
}

/** What a Django program is doing: a web server, a long-running worker, or a one-off task; null when it is not Django. */
export function djangoRole(argv: readonly Word[]): "web" | "worker" | "task" | null {
  const program = djangoProgram(argv);
  if (program === null) return null;
  if (WEB_SERVERS.has(program)) return "web";
  if (program === "celery") return "worker";
  const at = argv.findIndex((w) => /(^|\/)(manage\.py|django-admin(\.py)?)$/.test(w.text ?? "") || w.text === "django");
  const sub = argv.slice(at + 1).find((w) => !(w.text ?? "").startsWith("-"))?.text ?? null;
  if (sub === null) return null;
  if (sub === "runserver" || sub === "runserver_plus") return "web";
  return LONG_MANAGE.has(sub) ? "worker" : "task";
}

/** `--settings=x` / `--settings x` on a command line. */
function settingsFlag(argv: readonly Word[]): { name: string; span: Span } | null {
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!.text;
    if (t?.startsWith("--settings=")) return { name: t.slice("--settings=".length), span: argv[i]!.span };
    if (t === "--settings" && argv[i + 1]?.text) return { name: argv[i + 1]!.text!, span: argv[i + 1]!.span };
  }
  return null;
}

/** The settings module a target runs with: DJANGO_SETTINGS_MODULE in its env (last wins), else `--settings` of its main process. */
export function settingsOf(env: EnvSource[], main: Process | null): Target["settingsModule"] {
  const flag = main ? settingsFlag(main.argv) : null;
  if (flag) return flag;
  let found: EnvEntry | undefined;
  for (const s of env) for (const e of s.entries) if (e.name === "DJANGO_SETTINGS_MODULE") found = e;
  if (found?.value) return { name: found.value, span: found.span };
  return null;
}

/** Compose-style interpolation of `raw` (`$$` is a literal `$`). */
export function interpolate(raw: string, span: Span): Interpolated {
  const vars: Interpolated["vars"] = [];
  let text = "";
  let unset: string | null = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== "$") {
      text += c;
      if (unset !== null) unset += c;
      continue;
    }
    if (raw[i + 1] === "$") {
      text += "$";
      if (unset !== null) unset += "$";
      i++;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}/.exec(raw.slice(i));
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(raw.slice(i));
    const m = braced ?? plain;
    if (!m) {
      text += c;
      if (unset !== null) unset += c;
      continue;
    }
    i += m[0].length - 1;
    const op = braced?.[2];
    const word = braced?.[3] ?? "";
    const dflt = op === ":-" || op === "-" ? interpolate(word, span).whenUnset : op === ":+" || op === "+" ? "" : null;
    vars.push({ name: m[1]!, default: dflt });
    if (unset !== null) unset = dflt === null ? null : unset + dflt;
  }
  return { text: vars.length > 0 ? null : text, raw, span, vars, whenUnset: unset };
}

/** Splits a compose command string as compose does (shell-like words, no shell), keeping spans where the text maps back to the file. */
function splitCommand(y: YamlDocument, node: YamlNode): Word[] {
  const value = scalarText(node);
  if (value === null) return [];
  const raw = rawText(y, node);
  const r = node.range!;
  const offset = raw === value ? r[0] : raw.length === value.length + 2 && raw.slice(1, -1) === value ? r[0] + 1 : -1;
  const whole = spanOf(y, node);
  return shlexSplit(value).words.map((w) => {
    const interp = interpolate(w.text, whole);
    return { text: interp.text, raw: w.raw, span: offset >= 0 ? y.file.lines.span(offset + w.start, offset + w.end) : whole };
  });
}

/** A compose `command`/`entrypoint`: a string split into words, or a list (an empty list clears the image's). Null when absent or neither. */
function commandWords(y: YamlDocument, node: YamlNode | null): Word[] | null {
  if (!node) return null;
  if (scalarText(node) !== null) return splitCommand(y, node);
  if (!isSequence(node)) return null;
  return items(y, node).map((n) => {
    const raw = rawText(y, n);
    const span = spanOf(y, n);
    const text = scalarText(n);
    return { text: text === null ? null : interpolate(text, span).text, raw, span };
  });
}

/** What a container runs when no repo image is known: the command as given, `sh -c` scripts parsed. */
export async function runWithoutImage(
  ctx: BuildContext,
  words: Word[],
  o: { origin: ProcessOrigin; label: string; production: boolean; env: EnvEntry[] },
): Promise<{ main: Process | null; processes: Process[] }> {
  if (words.length === 0) return { main: null, processes: [] };
  const base: Process = {
    origin: o.origin,
    argv: words,
    span: words[0]!.span.line === words[words.length - 1]!.span.line ? { ...words[0]!.span, endColumn: words[words.length - 1]!.span.endColumn } : words[0]!.span,
    label: o.label,
    container: true,
    production: o.production,
    conditional: false,
    shellForm: false,
    exec: null,
    env: o.env,
  };
  const sep = words.findIndex((w) => w.text === "--");
  if (WAITERS.test((words[0]!.text ?? "").split("/").pop() ?? "") && sep > 0 && words[sep + 1]) {
    const rest = words.slice(sep + 1);
    const child: Process = { ...base, argv: rest, span: spanThrough(rest[0]!.span, base.span), parent: base };
    return { main: child, processes: [base, child] };
  }
  const shell = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/.test(words[0]!.text ?? "");
  const cFlag = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.text ?? ""));
  if (!shell || cFlag < 0 || !words[cFlag + 1]) return { main: base, processes: [base] };
  const commands = await inlineCommands(ctx, words[cFlag + 1]!);
  const processes = [base, ...commands.map((c) => commandProcess(c, base, o.origin, o.label))];
  const live = processes.slice(1).filter((p) => p.production === base.production && !p.conditional);
  const execs = live.filter((p) => p.exec);
  return { main: execs[execs.length - 1] ?? live[live.length - 1] ?? base, processes };
}

const WAITERS = /^(wait-for-it(\.sh)?|wait-for(\.sh)?|wait4x|dockerize|pg_isready|nc|netcat|ncat|mysqladmin|[\w-]*wait[\w-]*(\.sh|\.py)?)$/;

/**
 * A command that waits for `host` to accept connections; an Unknown word
 * counts as naming it. A Python program given on stdin or with `-c` waits
 * when it retries a connect call in a loop (cookiecutter-django's entrypoint
 * `python << END … psycopg.connect(host="${POSTGRES_HOST}") … END`).
 */
function waitsFor(p: Process, host: string): boolean {
  const argv = p.argv;
  const sub = argv.findIndex((w) => /(^|\/)manage\.py$/.test(w.text ?? ""));
  if (sub >= 0 && /^wait/.test(argv[sub + 1]?.text ?? "")) return true;
  const name = (argv[0]?.text ?? "").split("/").pop() ?? "";
  const hostRe = new RegExp(`(^|[^A-Za-z0-9_.-])${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([:/"']|$)`);
  if (/^python[\d.]*$/.test(name)) {
    const c = argv.findIndex((w) => w.text === "-c");
    const program = c > 0 ? argv[c + 1]?.text : argv.slice(1).every((w) => w.text === "-") ? p.stdin : undefined;
    if (!program) return false;
    const retries = /^\s*(while|for)\b/m.test(program) && /\b(connect|create_connection)\(/.test(program);
    return retries && (hostRe.test(program) || /\$\{?[A-Za-z_]|\benviron\b|\bgetenv\(/.test(program));
  }
  // `bash -c 'while ! </dev/tcp/db/5432; do sleep 1; done; …'`: bash's own TCP probe in a loop.
  const cFlag = /^(ba)?sh$/.test(name) ? argv.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.text ?? "")) : -1;
  const script = cFlag > 0 ? argv[cFlag + 1]?.text : undefined;
  if (script && new RegExp(`\\b(while|until)\\b[^;]*<\\s*/dev/tcp/${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`).test(script)) return true;
  if (!WAITERS.test(name)) return false;
  return argv.slice(1).some((w) => w.text === null || hostRe.test(w.text));
}

/** Why an env entry holds a literal secret: a secret-like name with a literal value, or a URL with a literal password; null otherwise. */
export function literalSecret(e: EnvEntry): "secret" | "credentialed URL" | null {
  if (!e.literal || e.value === null || e.value === "") return null;
  if (isSecretName(e.name)) return "secret";
  if (hasUrlCredentials(e.value)) return "credentialed URL";
  return null;
}

function devReasonOfName(path: string): string | null {
  const base = posix.basename(path).toLowerCase();
  const part = base.split(/[._-]/).find((p) => DEV_NAME.test(p));
  if (part) return `its name marks it as ${/override/i.test(part) ? "a local override" : "development"} ("${part}")`;
  const dir = posix.dirname(path).split("/").find((d) => /^\.?devcontainer$/i.test(d) || d.split(/[._-]/).some((p) => DEV_NAME.test(p)));
  return dir ? `it lives in a development directory ("${dir}/")` : null;
}

interface Loaded {
  file: SourceFile;
  docs: YamlDocument[];
}

class ComposeBuilder {
  private readonly loaded = new Map<string, Loaded | null>();
  private readonly envFiles = new Map<string, EnvEntry[]>();
  readonly envSources: EnvSource[] = [];

  constructor(private readonly ctx: BuildContext) {}

  load(path: string): Loaded | null {
    if (this.loaded.has(path)) return this.loaded.get(path)!;
    const file = this.ctx.file(path);
    let result: Loaded | null = null;
    if (file) {
      const parsed = parseYaml(file);
      this.ctx.errors.push(...parsed.errors);
      result = { file, docs: parsed.doc };
    }
    this.loaded.set(path, result);
    return result;
  }

  /** The service definitions of a file: name → [document, key entry]. */
  serviceEntries(l: Loaded): { y: YamlDocument; e: YamlEntry }[] {
    const y = l.docs[0];
    if (!y) return [];
    const services = entry(y, y.doc.contents, "services");
    return services ? entries(y, services.value).map((e) => ({ y, e })) : [];
  }

  /** The entries of a committed env file, parsed once (its syntax errors reported once). */
  envFileEntries(file: SourceFile): EnvEntry[] {
    let found = this.envFiles.get(file.path);
    if (!found) {
      const parsed = parseEnvFile(file);
      this.ctx.errors.push(...parsed.errors);
      found = parsed.doc.map((e) => ({ name: e.name, value: e.interpolated ? null : e.value, raw: e.raw, literal: !e.interpolated && e.value !== "", span: e.span }));
      this.envFiles.set(file.path, found);
    }
    return found;
  }

  includes(l: Loaded): { path: string; span: Span }[] {
    const y = l.docs[0];
    if (!y) return [];
    const inc = entry(y, y.doc.contents, "include");
    if (!inc) return [];
    const dir = posix.dirname(l.file.path);
    const out: { path: string; span: Span }[] = [];
    for (const it of items(y, inc.value)) {
      const paths = scalarText(it) !== null ? [it] : (() => {
        const p = entry(y, it, "path");
        if (!p?.value) return [];
        return scalarText(p.value) !== null ? [p.value] : items(y, p.value);
      })();
      for (const p of paths) {
        const text = scalarText(p);
        if (text !== null && !text.includes("$")) out.push({ path: posix.normalize(posix.join(dir, text)), span: spanOf(y, p) });
      }
    }
    return out;
  }

  /** The keys of a service, `extends` resolved (own keys win; environment lists are combined by the caller). */
  resolveKeys(l: Loaded, y: YamlDocument, svc: YamlEntry, depth = 0): { keys: Map<string, { y: YamlDocument; e: YamlEntry }[]>; resolved: boolean } {
    const keys = new Map<string, { y: YamlDocument; e: YamlEntry }[]>();
    let resolved = true;
    const ext = entry(y, svc.value, "extends");
    if (ext && depth < 6) {
      let baseFile: Loaded | null = l;
      let baseName = scalarText(ext.value);
      if (baseName === null) {
        const f = scalarText(entry(y, ext.value, "file")?.value ?? null);
        baseName = scalarText(entry(y, ext.value, "service")?.value ?? null);
        if (f !== null) baseFile = this.load(posix.normalize(posix.join(posix.dirname(l.file.path), f)));
      }
      const base = baseFile && baseName !== null ? this.serviceEntries(baseFile).find((s) => s.e.key === baseName) : undefined;
      if (baseFile && base) {
        const inner = this.resolveKeys(baseFile, base.y, base.e, depth + 1);
        resolved = inner.resolved;
        for (const [k, v] of inner.keys) keys.set(k, v);
      } else resolved = false;
    }
    for (const e of entries(y, svc.value)) {
      if (e.key === "extends") continue;
      const prev = keys.get(e.key) ?? [];
      keys.set(e.key, MERGED_KEYS.has(e.key) ? [...prev, { y, e }] : [{ y, e }]);
    }
    return { keys, resolved };
  }

  envFile(y: YamlDocument, node: YamlNode, dir: string): ComposeEnvFile[] {
    const out: ComposeEnvFile[] = [];
    const list = scalarText(node) !== null ? [node] : items(y, node);
    for (const it of list) {
      let pathNode: YamlNode | null = it;
      let required = true;
      if (scalarText(it) === null) {
        pathNode = entry(y, it, "path")?.value ?? null;
        required = scalarBool(entry(y, it, "required")?.value ?? null) ?? true;
      }
      const path = scalarText(pathNode);
      if (path === null || !pathNode) continue;
      const span = spanOf(y, it);
      const repoPath = path.includes("$") ? path : posix.normalize(posix.join(dir, path));
      const file = path.includes("$") ? undefined : this.ctx.file(repoPath);
      const entriesOf = file ? this.envFileEntries(file) : [];
      const source: EnvSource = { kind: "compose-env-file", file: file ? file.path : y.file.path, span: file ? { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 } : span, entries: entriesOf, committed: file !== undefined };
      out.push({ path, repoPath, required, span, committed: file !== undefined, source });
    }
    return out;
  }
}

/** Keys whose values compose combines across `extends` rather than replacing. */
const MERGED_KEYS = new Set(["environment", "ports", "volumes", "env_file"]);

function environmentEntries(y: YamlDocument, node: YamlNode | null): ComposeEnvEntry[] {
  if (!node) return [];
  const out: ComposeEnvEntry[] = [];
  if (isSequence(node)) {
    for (const it of items(y, node)) {
      const text = scalarText(it);
      if (text === null) continue;
      const span = spanOf(y, it);
      const eq = text.indexOf("=");
      if (eq < 0) {
        out.push({ name: text, value: null, raw: "", literal: false, span, interpolation: null });
        continue;
      }
      const raw = text.slice(eq + 1);
      const v = interpolate(raw, span);
      out.push({ name: text.slice(0, eq), value: v.text, raw, literal: v.text !== null && raw !== "", span, interpolation: v.vars.length > 0 ? v : null });
    }
    return out;
  }
  for (const e of entries(y, node)) {
    const text = e.value ? scalarText(e.value) : null;
    if (text === null) {
      out.push({ name: e.key, value: null, raw: "", literal: false, span: e.span, interpolation: null });
      continue;
    }
    const raw = e.value ? rawText(y, e.value) : "";
    const v = interpolate(text, e.span);
    out.push({ name: e.key, value: v.text, raw, literal: v.text !== null && text !== "", span: e.span, interpolation: v.vars.length > 0 ? v : null });
  }
  return out;
}

const PLACEHOLDER = "\u0000";

function parsePort(y: YamlDocument, node: YamlNode): ComposePort | null {
  const span = spanOf(y, node);
  const raw = rawText(y, node);
  const text = scalarText(node);
  if (text !== null) {
    const masked = text.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, PLACEHOLDER);
    let rest = masked;
    let protocol = "tcp";
    const slash = rest.lastIndexOf("/");
    if (slash >= 0) {
      protocol = rest.slice(slash + 1);
      rest = rest.slice(0, slash);
    }
    let hostIp: string | null = null;
    if (rest.startsWith("[")) {
      const close = rest.indexOf("]");
      hostIp = rest.slice(1, close);
      rest = rest.slice(close + 2);
    }
    const parts = rest.split(":");
    if (hostIp === null && parts.length > 3) hostIp = parts.splice(0, parts.length - 2).join(":");
    else if (hostIp === null && parts.length === 3) hostIp = parts.shift()!;
    const containerPort = parts.pop() ?? null;
    const hostPort = parts.pop() ?? null;
    const known = (s: string | null): string | null => (s === null || s.includes(PLACEHOLDER) ? null : s);
    const ipUnknown = hostIp !== null && hostIp.includes(PLACEHOLDER);
    const ip = hostIp === "" ? null : known(hostIp);
    return { span, raw, display: text, hostIp: ip, hostIpUnknown: ipUnknown, hostPort: known(hostPort), containerPort: known(containerPort), protocol, loopback: ip !== null && isLoopback(ip) };
  }
  const target = scalarText(entry(y, node, "target")?.value ?? null);
  if (target === null && !entry(y, node, "published")) return null;
  const published = scalarText(entry(y, node, "published")?.value ?? null);
  const ipRaw = scalarText(entry(y, node, "host_ip")?.value ?? null);
  const ipUnknown = ipRaw !== null && ipRaw.includes("$");
  const ip = ipRaw === null || ipUnknown ? null : ipRaw;
  return {
    span,
    raw,
    display: [ipRaw, published, target].filter((x) => x !== null).join(":"),
    hostIp: ip,
    hostIpUnknown: ipUnknown,
    hostPort: published !== null && !published.includes("$") ? published : null,
    containerPort: target,
    protocol: scalarText(entry(y, node, "protocol")?.value ?? null) ?? "tcp",
    loopback: ip !== null && isLoopback(ip),
  };
}

function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === "::1" || ip.toLowerCase() === "localhost";
}

function parseVolume(ctx: BuildContext, y: YamlDocument, node: YamlNode, dir: string, codeDirs: string[]): ComposeVolume | null {
  const span = spanOf(y, node);
  let kind: ComposeVolume["kind"];
  let source: string | null;
  let target: string | null;
  let readOnly = false;
  const text = scalarText(node);
  if (text !== null) {
    const parts = text.split(":");
    if (parts.length === 1) {
      kind = "volume";
      source = null;
      target = parts[0]!;
    } else {
      source = parts[0]!;
      target = parts[1] ?? null;
      readOnly = (parts[2] ?? "").split(",").includes("ro");
      kind = /^[./~$]/.test(source) ? "bind" : "volume";
    }
  } else {
    const type = scalarText(entry(y, node, "type")?.value ?? null) ?? "volume";
    kind = type === "bind" || type === "volume" || type === "tmpfs" ? type : "other";
    source = scalarText(entry(y, node, "source")?.value ?? null);
    target = scalarText(entry(y, node, "target")?.value ?? null);
    readOnly = scalarBool(entry(y, node, "read_only")?.value ?? null) ?? false;
  }
  if (source !== null && source.includes("$")) source = null;
  let repoPath: string | null = null;
  if (kind === "bind" && source !== null && !source.startsWith("/") && !source.startsWith("~")) {
    const p = posix.normalize(posix.join(dir, source));
    repoPath = p === "." ? "" : p.startsWith("..") ? null : p.replace(/\/$/, "");
  }
  const sourceCode = repoPath !== null && !ctx.file(repoPath) && codeDirs.some((d) => repoPath === "" || d === repoPath || d.startsWith(`${repoPath}/`));
  const dockerSocket = source !== null && /(^|\/)docker\.sock$/.test(source);
  return { span, kind, source, repoPath, target, readOnly, sourceCode, dockerSocket };
}

/** The first http(s) URL a healthcheck test requests; null when none is literal. */
function healthcheckUrl(y: YamlDocument, node: YamlNode | null): { host: string; path: string; span: Span } | null {
  const test = entry(y, node, "test")?.value ?? null;
  const parts = scalarText(test) !== null ? [test!] : items(y, test);
  for (const p of parts) {
    const text = scalarText(p);
    const m = text === null ? null : /https?:\/\/([^/\s"'$]+)(\/[^\s"'|;&)]*)?/.exec(text);
    if (m) return { host: m[1]!, path: m[2] ?? "/", span: spanOf(y, p) };
  }
  return null;
}

function healthcheckDisabled(y: YamlDocument, node: YamlNode | null): boolean {
  if (scalarBool(entry(y, node, "disable")?.value ?? null) === true) return true;
  const test = entry(y, node, "test")?.value ?? null;
  const first = scalarText(test) ?? scalarText(items(y, test)[0] ?? null);
  return first === "NONE";
}

function buildSpec(y: YamlDocument, node: YamlNode | null, dir: string, span: Span): ComposeService["build"] {
  if (!node) return null;
  const text = scalarText(node);
  if (text !== null) return { context: posix.normalize(posix.join(dir, text)), dockerfile: "Dockerfile", span };
  const context = scalarText(entry(y, node, "context")?.value ?? null) ?? ".";
  const dockerfile = scalarText(entry(y, node, "dockerfile")?.value ?? null) ?? "Dockerfile";
  return { context: posix.normalize(posix.join(dir, context)), dockerfile, span };
}

function repoDockerfile(build: NonNullable<ComposeService["build"]>): string | null {
  if (build.context.includes("$") || build.dockerfile.includes("$") || /^[a-z]+:\/\//.test(build.context)) return null;
  const p = posix.normalize(posix.join(build.context, build.dockerfile));
  return p.startsWith("./") ? p.slice(2) : p;
}

export async function buildCompose(ctx: BuildContext, docker: DockerModel): Promise<ComposeModel> {
  const b = new ComposeBuilder(ctx);
  const composeFiles = ctx.byKind("compose");
  const includedBy = new Map<string, string>();
  for (const f of composeFiles) {
    const l = b.load(f.path);
    if (!l) continue;
    for (const inc of b.includes(l)) if (!includedBy.has(inc.path) && inc.path !== f.path) includedBy.set(inc.path, f.path);
  }
  const codeDirs = [...new Set(ctx.files.filter((f) => ["manage", "settings", "wsgi", "asgi", "urls"].includes(f.kind)).map((f) => posix.dirname(f.path)).map((d) => (d === "." ? "" : d)))];
  const files: ComposeFile[] = [];
  const allServices: ComposeService[] = [];
  const targets: Target[] = [];
  for (const f of composeFiles) {
    const l = b.load(f.path);
    if (!l) continue;
    const includes = b.includes(l).map((i) => i.path);
    const file: ComposeFile = { path: f.path, production: true, devReason: devReasonOfName(f.path), includes, includedBy: includedBy.get(f.path) ?? null, services: [] };
    files.push(file);
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  const builtImages = new Map<string, string>();
  const defs: { file: ComposeFile; l: Loaded; y: YamlDocument; e: YamlEntry; project: string }[] = [];
  const projectOf = (path: string): string => {
    let p = path;
    for (let guard = 0; guard < 8 && includedBy.has(p); guard++) p = includedBy.get(p)!;
    return p;
  };
  for (const file of files) {
    const l = b.load(file.path)!;
    for (const { y, e } of b.serviceEntries(l)) {
      defs.push({ file, l, y, e, project: projectOf(file.path) });
      const keys = b.resolveKeys(l, y, e).keys;
      const img = keys.get("image")?.[0];
      const bld = keys.get("build")?.[0];
      if (img && bld) {
        const name = scalarText(img.e.value);
        const df = repoDockerfile(buildSpec(bld.y, bld.e.value, posix.dirname(bld.y.file.path), bld.e.span)!);
        if (name && df) builtImages.set(name, df);
      }
    }
  }
  for (const d of defs) {
    const svc = await buildService(ctx, b, docker, d, codeDirs, builtImages);
    d.file.services.push(svc);
    allServices.push(svc);
  }
  for (const file of files) {
    if (file.devReason === null) file.devReason = contentDevReason(file.services);
  }
  for (const file of files) {
    const project = byPath.get(projectOf(file.path));
    file.production = file.devReason === null && (project === undefined || project.devReason === null);
    if (!file.production) ctx.skipped.push({ path: file.path, reason: `development compose file: ${file.devReason ?? `included by ${project!.path}, ${project!.devReason}`}; no production findings` });
    for (const svc of file.services) svc.production = file.production && !svc.devProfile;
  }
  for (const svc of allServices) {
    for (const p of svc.processes) p.production = p.production && svc.production;
    const t = svc.target;
    if (!t) continue;
    t.production = svc.production;
    targets.push(t);
  }
  const processes = allServices.flatMap((s) => s.processes);
  const usedDockerfiles = [...new Set(allServices.filter((s) => s.production && s.dockerfile !== null).map((s) => s.dockerfile!))].sort();
  return { files, services: allServices, processes, envSources: b.envSources, targets, usedDockerfiles };
}

function contentDevReason(services: ComposeService[]): string | null {
  const app = services.filter((s) => s.role === "web" || s.role === "worker");
  if (app.length === 0) return null;
  const dev = app.every((s) => {
    const settings = s.target?.settingsModule?.name;
    const devSettings = settings !== undefined && DEV_SETTINGS.test(settings.split(".").pop() ?? "");
    const runserver = s.main !== null && djangoRole(s.main.argv) === "web" && s.main.argv.some((w) => w.text === "runserver" || w.text === "runserver_plus");
    return devSettings || (runserver && s.volumes.some((v) => v.sourceCode));
  });
  return dev ? "every app service in it runs development settings or runserver with the source bind-mounted" : null;
}

async function buildService(
  ctx: BuildContext,
  b: ComposeBuilder,
  docker: DockerModel,
  d: { file: ComposeFile; l: Loaded; y: YamlDocument; e: YamlEntry; project: string },
  codeDirs: string[],
  builtImages: Map<string, string>,
): Promise<ComposeService> {
  const { file, l, y, e } = d;
  const { keys, resolved } = b.resolveKeys(l, y, e);
  const one = (k: string): { y: YamlDocument; e: YamlEntry } | undefined => keys.get(k)?.[0];
  const all = (k: string): { y: YamlDocument; e: YamlEntry }[] => keys.get(k) ?? [];
  const label = `compose service ${e.key} (${file.path})`;
  const dirOf = (yy: YamlDocument): string => {
    const dd = posix.dirname(yy.file.path);
    return dd === "." ? "" : dd;
  };

  const imageEntry = one("image");
  const imageText = imageEntry?.e.value ? scalarText(imageEntry.e.value) : null;
  const image = imageEntry && imageText !== null ? interpolate(imageText, spanOf(imageEntry.y, imageEntry.e.value!)) : null;
  const buildEntry = one("build");
  const build = buildEntry ? buildSpec(buildEntry.y, buildEntry.e.value, dirOf(buildEntry.y), buildEntry.e.span) : null;
  const dockerfile = build ? repoDockerfile(build) : image?.text ? (builtImages.get(image.text) ?? null) : null;
  const repoImage: DockerImage | undefined = dockerfile ? docker.imageFor(dockerfile) : undefined;

  const cmdEntry = one("command");
  const epEntry = one("entrypoint");
  const cmdWords = cmdEntry ? commandWords(cmdEntry.y, cmdEntry.e.value) : null;
  const epWords = epEntry ? commandWords(epEntry.y, epEntry.e.value) : null;
  const command = cmdEntry && cmdWords ? { words: cmdWords, span: cmdEntry.e.span } : null;
  const entrypoint = epEntry && epWords ? { words: epWords, span: epEntry.e.span } : null;

  const environment = all("environment").flatMap((x) => environmentEntries(x.y, x.e.value));
  const environmentSpan = one("environment")?.e.span ?? null;
  const envFiles = all("env_file").flatMap((x) => (x.e.value ? b.envFile(x.y, x.e.value, dirOf(x.y)) : []));

  const ports = all("ports").flatMap((x) => items(x.y, x.e.value).map((n) => parsePort(x.y, n)).filter((p): p is ComposePort => p !== null));
  const volumes = all("volumes").flatMap((x) => items(x.y, x.e.value).map((n) => parseVolume(ctx, x.y, n, dirOf(x.y), codeDirs)).filter((v): v is ComposeVolume => v !== null));

  const dependsOn: ComposeDependsOn[] = [];
  const dep = one("depends_on");
  if (dep?.e.value) {
    for (const it of items(dep.y, dep.e.value)) {
      const name = scalarText(it);
      if (name !== null) dependsOn.push({ service: name, condition: null, span: spanOf(dep.y, it), waited: false });
    }
    for (const de of entries(dep.y, dep.e.value)) dependsOn.push({ service: de.key, condition: scalarText(entry(dep.y, de.value, "condition")?.value ?? null), span: de.keySpan, waited: false });
  }

  const restartEntry = one("restart");
  const policy = one("deploy") ? getPath(one("deploy")!.y, one("deploy")!.e.value, "restart_policy") : undefined;
  const restart = restartEntry
    ? { value: scalarText(restartEntry.e.value), span: restartEntry.e.span }
    : policy
      ? { value: scalarText(entry(one("deploy")!.y, policy.value, "condition")?.value ?? null) ?? "any", span: policy.span }
      : null;

  const logEntry = one("logging");
  const logging = logEntry
    ? {
        driver: scalarText(entry(logEntry.y, logEntry.e.value, "driver")?.value ?? null),
        maxSize: getPath(logEntry.y, logEntry.e.value, "options", "max-size") !== undefined,
        span: logEntry.e.span,
      }
    : null;

  const hc = one("healthcheck");
  const healthcheck = hc ? { disabled: healthcheckDisabled(hc.y, hc.e.value), span: hc.e.span, url: healthcheckUrl(hc.y, hc.e.value) } : null;

  const userEntry = one("user");
  const userText = userEntry?.e.value ? scalarText(userEntry.e.value) : null;
  const user = userEntry ? { name: userText === null || userText.includes("$") ? null : userText.split(":")[0]!, span: userEntry.e.span } : null;

  const deploy = one("deploy");
  const replicasText = deploy ? scalarText(getPath(deploy.y, deploy.e.value, "replicas")?.value ?? null) : null;
  const replicas = replicasText !== null && /^\d+$/.test(replicasText) ? Number(replicasText) : null;

  const profiles = one("profiles");
  const profileNames = profiles ? items(profiles.y, profiles.e.value).map((n) => scalarText(n)) : [];
  const devProfile = profileNames.length > 0 && profileNames.every((n) => n !== null && n.split(/[._-]/).some((p) => DEV_NAME.test(p) || /^debug$/i.test(p)));

  const priv = one("privileged");
  const privileged = priv && scalarBool(priv.e.value) === true ? priv.e.span : null;
  const nm = one("network_mode");
  const networkModeHost = nm && scalarText(nm.e.value) === "host" ? nm.e.span : null;

  // A service that builds runs its Dockerfile's image; `image:` then only names the tag
  // (cookiecutter-django: `build: compose/production/postgres/Dockerfile` + `image: proj_production_postgres`).
  const runImageName = repoImage ? repoImage.finalStage.baseName : (image?.text ?? null);
  const datastore = runImageName ? datastoreOf(runImageName) : null;
  const proxy = runImageName ? isProxyImage(runImageName) : false;

  const envEntries = [...envFiles.flatMap((f) => f.source.entries), ...environment];
  const run = repoImage
    ? await docker.runImage(repoImage, {
        entrypoint: entrypoint?.words ?? null,
        command: command?.words ?? null,
        origin: "compose",
        label,
        span: e.keySpan,
        production: true,
        container: true,
        env: envEntries,
      })
    : await runWithoutImage(ctx, [...(entrypoint?.words ?? []), ...(command?.words ?? [])], { origin: "compose", label, production: true, env: envEntries });

  const roles = run.processes.filter((p) => !p.conditional || p === run.main).map((p) => djangoRole(p.argv));
  const mainRole = run.main ? djangoRole(run.main.argv) : null;
  const role: ServiceRole = datastore ? "datastore" : proxy ? "proxy" : (mainRole ?? (roles.includes("web") ? "web" : roles.includes("worker") ? "worker" : "other"));
  const longRunning = role !== "task";

  for (const d of dependsOn) d.waited = run.processes.some((p) => waitsFor(p, d.service));

  const svcSources: EnvSource[] = [];
  if (repoImage?.env) svcSources.push(repoImage.env);
  for (const f of envFiles) {
    svcSources.push(f.source);
    b.envSources.push(f.source);
  }
  if (environment.length > 0) {
    const src: EnvSource = { kind: "compose-environment", file: file.path, span: environmentSpan ?? e.keySpan, entries: environment, committed: true };
    svcSources.push(src);
    b.envSources.push(src);
  }

  const svc: ComposeService = {
    name: e.key,
    file: file.path,
    project: d.project,
    span: e.keySpan,
    production: true,
    devProfile,
    complete: resolved && (imageEntry !== undefined || buildEntry !== undefined),
    image,
    build,
    dockerfile,
    command,
    entrypoint,
    environment,
    environmentSpan,
    envFiles,
    ports,
    volumes,
    dependsOn,
    restart,
    logging,
    healthcheck,
    user,
    replicas,
    privileged,
    networkModeHost,
    datastore,
    role,
    longRunning,
    main: run.main,
    processes: run.processes,
    target: null,
  };
  if (role === "web" || role === "worker" || role === "task" || (role === "other" && repoImage !== undefined)) {
    svc.target = {
      id: `compose:${file.path}:${e.key}`,
      kind: "compose-service",
      label,
      span: e.keySpan,
      production: true,
      container: true,
      platform: null,
      main: run.main,
      processes: run.processes,
      env: svcSources,
      envComplete: envFiles.every((f) => f.committed),
      settingsModule: settingsOf(svcSources, run.main),
      replicas,
      dockerfile,
      runAsUser: user && user.name !== null ? { name: user.name, span: user.span } : null,
    };
  }
  return svc;
}
