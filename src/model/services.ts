/**
 * Service managers and platforms: systemd units, supervisor programs,
 * Procfiles, heroku.yml / app.json, fly.toml — each a target with its
 * process, environment and settings module.
 *
 * Decisions:
 * - systemd: the env is `Environment=` then every `EnvironmentFile=`; a file
 *   in the repository (matched by its path under WorkingDirectory=, else by
 *   its trailing path components) is read and committed. Any EnvironmentFile
 *   not in the repository — with or without the `-` prefix — may hold values
 *   on the server, so the target's env is incomplete (`envComplete` false).
 *   Units are VMs (`container: false`); files under dev/local/test paths are
 *   not production.
 * - supervisor: a program's env is its `environment=`; supervisord's own
 *   environment (`%(ENV_X)s`) is Unknown, so the env is incomplete.
 *   supervisord runs as root unless `[supervisord] user=` names another
 *   user, or the conf is copied into a Docker image whose final USER is not
 *   root. A conf copied into an image is a container target.
 * - Procfile / heroku.yml / app.json: Heroku targets with DYNO, PORT and
 *   DATABASE_URL set (values Unknown), plus WEB_CONCURRENCY for a Procfile
 *   (the Python buildpack sets it); `release` is a release step shipped with
 *   every other process type; app.json `formation` gives replicas. fly.toml: `[env]`, `[processes]`,
 *   `release_command`. A heroku.yml without `run` and a fly.toml without
 *   `[processes]` run the Dockerfile's command.
 * - A commented-out `ExecStart=`/`command=`, or a commented Procfile line
 *   for a process type the file runs (or web/worker/release), is a
 *   documented alternative: a conditional process with `alternative: true`,
 *   judged one severity lower.
 */
import { posix } from "node:path";
import type { BuildContext } from "./context.js";
import { djangoProgram, type DockerImage, type DockerModel } from "./docker.js";
import type { EnvEntry, EnvSource, Process, Target, Word } from "./types.js";
import { envLookup } from "./types.js";
import { spanThrough, type Span } from "../parse/span.js";
import type { SourceFile } from "../discover/types.js";
import { allEntries, lastEntry, valueSubSpan, type IniDocument, type IniEntry, type IniSection } from "../parse/ini.js";
import { shlexSplit } from "../parse/shlex.js";
import { parseEnvironment, parseEnvironmentFile, parseExecLine } from "../parse/systemd.js";
import { parseProcfile } from "../parse/procfile.js";
import { parsePlatform, type PlatformCommand, type PlatformManifest } from "../parse/platform.js";
import { parseEnvFile } from "../parse/envfile.js";
import { parseShell } from "../parse/shell.js";
import { findServer, loadIni, processCwd, resolveRepoPath } from "./appserver.js";
import { inlineCommands, scriptProcesses } from "./scripts.js";
import { assessExposure } from "./systemd-security.js";

export interface SystemdUnit {
  file: string;
  /** `mysite.service`. */
  name: string;
  doc: IniDocument;
  /** The [Service] section; null for a unit without one. */
  service: IniSection | null;
  /** The `.socket` unit that activates this service, when the repo has one. */
  socket: { file: string; listen: IniEntry[] } | null;
  /** Effective value of a directive in [Service] (the last assignment), if set. */
  directive(key: string): IniEntry | undefined;
  /** `systemd-analyze security` exposure (0.0–10.0) computed from the directives; null when the unit uses a directive the scoring here does not model. */
  exposure: number | null;
  target: Target | null;
  /** Its command (or the script it runs) starts the Django app: an app server, `manage.py`, celery. */
  runsApp: boolean;
}

export interface SupervisorProgram {
  file: string;
  name: string;
  section: IniSection;
  /** The effective option (`user`, `autorestart`, `stopasgroup`, …), if set. */
  option(key: string): IniEntry | undefined;
  /** supervisord runs as root: true, false, or null when it cannot be told. */
  supervisordRoot: boolean | null;
  /** Why supervisord is (not) root, for messages. */
  supervisordUser: string;
  /** The conf is copied into a Docker image (the program runs in a container). */
  image: DockerImage | null;
  target: Target | null;
  /** Its command (or the script it runs) starts the Django app: an app server, `manage.py`, celery. */
  runsApp: boolean;
}

/** A platform manifest (Procfile, heroku.yml, fly.toml) and the edge the platform puts in front of its targets. */
export interface PlatformApp {
  file: string;
  platform: "heroku" | "fly";
  /** fly `[http_service] force_https`; Heroku's router never redirects by itself (null). */
  forceHttps: { value: boolean; span: Span } | null;
  /** Health checks the platform runs (fly `checks`). */
  checks: Span[];
  targets: Target[];
}

/** systemd units, supervisor programs, Procfile / heroku.yml / app.json / fly.toml, env files. */
export interface ServicesModel {
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
  units: SystemdUnit[];
  programs: SupervisorProgram[];
  platforms: PlatformApp[];
}

const DEV_PATH = /(^|[/._-])(dev|develop|development|local|test|tests|testing|example|sample)([/._-]|$)/i;

function isDevPath(path: string): boolean {
  return DEV_PATH.test(path);
}

function toWords(file: SourceFile, entry: { offsets: number[]; valueSpan: Span }, words: { text: string | null; raw: string; start: number; end: number }[]): Word[] {
  return words.map((w) => ({ text: w.text, raw: w.raw, span: valueSubSpan(file.lines, entry, w.start, w.end) }));
}

function newProcess(p: Omit<Process, "exec" | "shellForm" | "conditional"> & Partial<Pick<Process, "exec" | "shellForm" | "conditional">>): Process {
  return { exec: null, shellForm: false, conditional: false, ...p };
}

/** Follows a process into the repo script it runs, and into `sh -c "…"`. */
async function expand(ctx: BuildContext, p: Process, cwd: string | null): Promise<Process[]> {
  const first = p.argv[0]?.text;
  if (!first) return [];
  const base = first.split("/").pop() ?? first;
  if ((base === "sh" || base === "bash" || base === "dash") && /^-[a-z]*c$/.test(p.argv[1]?.text ?? "") && p.argv[2]) {
    const cmds = await inlineCommands(ctx, p.argv[2]);
    return cmds.map((c) => ({
      origin: p.origin,
      argv: c.argv,
      span: c.span,
      label: p.label,
      container: p.container,
      production: p.production && !c.devOnly,
      conditional: p.conditional || c.conditional,
      shellForm: true,
      exec: c.exec,
      env: [...p.env, ...c.assignments.map((a) => ({ name: a.name, value: a.value, raw: a.value ?? "", literal: a.value !== null, span: a.span }))],
      parent: p,
      ...(p.alternative ? { alternative: true } : {}),
    }));
  }
  if (findServer(p.argv)) return [];
  const script = resolveRepoPath(ctx, first, cwd, p.span.file);
  if (!script) return [];
  const f = ctx.file(script);
  if (!f || (f.kind !== "shell" && !/^#!/.test(f.text))) return [];
  return scriptProcesses(ctx, script, p);
}

/** Some process starts the Django app: an app server (behind wrappers), `manage.py`, `django-admin`, celery. */
function startsApp(processes: Process[]): boolean {
  return processes.some((p) => findServer(p.argv) !== null || djangoProgram(p.argv) !== null);
}

/** The long-running command among a process and what it runs: the script's last unconditional app server, else its last command, else the process. */
function mainOf(p: Process, children: Process[]): Process {
  const own = children.filter((c) => c.parent === p);
  if (!own.length) return p;
  const servers = own.filter((c) => findServer(c.argv));
  return servers[servers.length - 1] ?? own[own.length - 1]!;
}

function settingsModuleOf(target: Pick<Target, "env">, processes: Process[]): Target["settingsModule"] {
  for (const p of processes) {
    for (let k = p.env.length - 1; k >= 0; k--) {
      const e = p.env[k]!;
      if (e.name === "DJANGO_SETTINGS_MODULE" && e.value) return { name: e.value, span: e.span };
    }
  }
  const env = envLookup(target, "DJANGO_SETTINGS_MODULE");
  if (env?.value) return { name: env.value, span: env.span };
  for (const p of processes) {
    for (let k = 0; k < p.argv.length; k++) {
      const t = p.argv[k]!.text ?? "";
      const m = /^--settings=(.+)$/.exec(t) ?? /^(?:--env|-e)=?DJANGO_SETTINGS_MODULE=(.+)$/.exec(t);
      if (m) return { name: m[1]!, span: p.argv[k]!.span };
      if ((t === "--settings" || t === "--env" || t === "-e") && p.argv[k + 1]?.text) {
        const next = p.argv[k + 1]!;
        const v = t === "--settings" ? next.text : /^DJANGO_SETTINGS_MODULE=(.+)$/.exec(next.text!)?.[1];
        if (v) return { name: v, span: spanThrough(p.argv[k]!.span, next.span) };
      }
    }
  }
  return null;
}

/** Reads a committed env file as an EnvSource (its syntax errors reported once, also when compose loads the same file). */
function envFileSource(ctx: BuildContext, path: string, kind: EnvSource["kind"], span: Span): EnvSource {
  const file = ctx.file(path)!;
  const parsed = parseEnvFile(file);
  const known = new Set(ctx.errors.map((e) => `${e.span.file}:${e.span.line}:${e.span.column}:${e.message}`));
  ctx.errors.push(...parsed.errors.filter((e) => !known.has(`${e.span.file}:${e.span.line}:${e.span.column}:${e.message}`)));
  return {
    kind,
    file: path,
    span,
    committed: true,
    entries: parsed.doc.map((e) => ({ name: e.name, value: e.interpolated ? null : e.value, raw: e.raw, literal: !e.interpolated, span: e.span })),
  };
}

// ---------------------------------------------------------------- systemd

async function buildSystemd(ctx: BuildContext, out: ServicesModel): Promise<void> {
  const files = ctx.byKind("systemd");
  const sockets = new Map<string, { file: string; listen: IniEntry[] }>();
  for (const f of files.filter((f) => f.path.endsWith(".socket"))) {
    const doc = loadIni(ctx, f.path, "systemd");
    const sec = doc?.sections.find((s) => s.name === "Socket");
    if (!sec) continue;
    const base = posix.basename(f.path, ".socket").replace(/@$/, "");
    const service = lastEntry(sec, "Service")?.value ?? `${base}.service`;
    sockets.set(service, { file: f.path, listen: [...allEntries(sec, "ListenStream"), ...allEntries(sec, "ListenDatagram")] });
  }
  for (const f of files.filter((f) => f.path.endsWith(".service"))) {
    const doc = loadIni(ctx, f.path, "systemd");
    if (!doc) continue;
    const name = posix.basename(f.path);
    const service = doc.sections.find((s) => s.name === "Service") ?? null;
    const unit: SystemdUnit = {
      file: f.path,
      name,
      doc,
      service,
      socket: sockets.get(name) ?? null,
      directive: (key) => (service ? lastEntry(service, key) : undefined),
      exposure: null,
      target: null,
      runsApp: false,
    };
    out.units.push(unit);
    if (!service) continue;
    unit.exposure = assessExposure(doc);
    const production = !isDevPath(f.path);
    const cwd = lastEntry(service, "WorkingDirectory")?.value.replace(/^-/, "") || null;

    const envEntries: EnvEntry[] = [];
    let envSpan: Span | null = null;
    for (const e of allEntries(service, "Environment")) {
      if (e.value.trim() === "") {
        envEntries.length = 0;
        continue;
      }
      envSpan ??= e.span;
      const { assignments, malformed } = parseEnvironment(e.value);
      if (malformed) ctx.errors.push({ span: e.valueSpan, message: `Environment=: ${malformed}` });
      for (const a of assignments) {
        const span = valueSubSpan(f.lines, e, a.word.start, a.word.end);
        envEntries.push({ name: a.name, value: /%[a-zA-Z]/.test(a.value) ? null : a.value, raw: a.word.raw, literal: !/%[a-zA-Z]/.test(a.value), span });
      }
    }
    const env: EnvSource[] = [];
    if (envEntries.length) env.push({ kind: "systemd-environment", file: f.path, span: envSpan!, entries: envEntries, committed: true });
    let envComplete = true;
    for (const e of allEntries(service, "EnvironmentFile")) {
      const ef = parseEnvironmentFile(e.value);
      if (!ef) continue;
      const path = resolveRepoPath(ctx, ef.path, cwd, f.path);
      if (path && ctx.file(path)?.kind === "env-file") env.push(envFileSource(ctx, path, "systemd-environment-file", e.span));
      else {
        envComplete = false;
        env.push({ kind: "systemd-environment-file", file: f.path, span: e.span, entries: [], committed: false });
      }
    }
    out.envSources.push(...env);
    /** What the process sees: files read by EnvironmentFile= override Environment= (systemd.exec). */
    const processEnv = env.flatMap((src) => src.entries);
    const resolver = (n: string): string | undefined => {
      let v: string | null | undefined;
      for (const src of env) for (const en of src.entries) if (en.name === n) v = en.value;
      return v ?? undefined;
    };

    const label = `systemd unit ${name}`;
    const execProcess = (e: { offsets: number[]; valueSpan: Span; span: Span; value: string }, key: string, alternative: boolean): Process | null => {
      const { command, malformed } = parseExecLine(e.value, resolver);
      if (malformed && !alternative) ctx.errors.push({ span: e.valueSpan, message: `${key}=: ${malformed}` });
      if (!command.path) return null;
      const argv = toWords(f, e, command.prefixes.includes("@") ? [command.path, ...command.argv.slice(1)] : command.argv);
      const p = newProcess({
        origin: "systemd",
        argv,
        span: e.span,
        label: alternative ? `${label} (commented-out ${key})` : key === "ExecStart" ? label : `${key} of ${label}`,
        container: false,
        production,
        conditional: alternative,
        env: processEnv,
      });
      if (alternative) p.alternative = true;
      if (cwd) processCwd.set(p, cwd);
      return p;
    };
    const pre = allEntries(service, "ExecStartPre").map((e) => execProcess(e, "ExecStartPre", false)).filter((p): p is Process => p !== null);
    const startEntry = lastEntry(service, "ExecStart");
    const start = startEntry && startEntry.value.trim() ? execProcess(startEntry, "ExecStart", false) : null;
    const alternatives = service.commented.filter((c) => c.key === "ExecStart").map((c) => execProcess({ ...c, span: c.span }, "ExecStart", true)).filter((p): p is Process => p !== null);
    const processes: Process[] = [...pre];
    let main: Process | null = null;
    if (start) {
      processes.push(start);
      const children = await expand(ctx, start, cwd);
      processes.push(...children);
      main = mainOf(start, children);
    }
    for (const alt of alternatives) {
      processes.push(alt);
      processes.push(...(await expand(ctx, alt, cwd)));
    }
    out.processes.push(...processes);
    unit.runsApp = startsApp(processes.filter((p) => !p.alternative));
    const type = lastEntry(service, "Type")?.value;
    if (!start || type === "oneshot") continue;
    const target: Target = {
      id: `systemd:${f.path}`,
      kind: "systemd",
      label: `${label} (${f.path})`,
      span: service.span,
      production,
      container: false,
      platform: null,
      main,
      processes,
      env,
      envComplete,
      settingsModule: null,
      replicas: null,
      dockerfile: null,
    };
    target.settingsModule = settingsModuleOf(target, main ? [main, start] : [start]);
    unit.target = target;
    out.targets.push(target);
  }
}

// ---------------------------------------------------------------- supervisor

/** Expands supervisor's `%(name)s` in a value: program_name and group_name are known; anything else (ENV_X, here, process_num) is Unknown. */
function supervisorExpand(value: string, program: string): string | null {
  let unknown = false;
  const out = value.replace(/%\((\w+)\)[sd]|%\((\w+)\)0?\d*d|%%/g, (m: string, a: string | undefined, b: string | undefined) => {
    if (m === "%%") return "%";
    const key = a ?? b;
    if (key === "program_name" || key === "group_name") return program;
    unknown = true;
    return m;
  });
  return unknown ? null : out;
}

/** The image that copies the conf in and runs supervisord (a conf merely swept in by `COPY . .` into an image that runs something else is for a VM). */
function copiedInto(docker: DockerModel, path: string): DockerImage | null {
  const runsSupervisord = (image: DockerImage): boolean =>
    [...(image.main ? [image.main] : []), ...image.processes].some((p) => p.argv.some((w) => /(^|\/)supervisord$/.test(w.text ?? "")));
  for (const image of docker.images) {
    if (!runsSupervisord(image)) continue;
    const dir = posix.dirname(image.file);
    for (const c of image.copies) {
      if (c.stage !== image.finalStage.index || c.fromStage !== null || c.from !== null) continue;
      for (const s of c.sources) {
        const src = posix.normalize(s.text).replace(/^\.\/?$/, "").replace(/\/$/, "");
        for (const rel of [path, dir !== "." && path.startsWith(dir + "/") ? path.slice(dir.length + 1) : null]) {
          if (rel === null) continue;
          if (src === "" || rel === src || rel.startsWith(src + "/")) return image;
        }
      }
    }
  }
  return null;
}

async function buildSupervisor(ctx: BuildContext, docker: DockerModel, out: ServicesModel): Promise<void> {
  const files = ctx.byKind("supervisor");
  const includedBy = new Map<string, string>();
  for (const f of files) {
    const doc = loadIni(ctx, f.path, "supervisor");
    const inc = doc?.sections.find((s) => s.name === "include");
    const patterns = inc ? (lastEntry(inc, "files")?.value ?? "").split(/\s+/).filter(Boolean) : [];
    for (const pattern of patterns) {
      const rel = pattern.startsWith("/") ? pattern.split("/").filter(Boolean).join("/") : posix.join(posix.dirname(f.path), pattern);
      const re = new RegExp("(^|/)" + rel.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "$");
      for (const g of files) if (g !== f && (re.test(g.path) || g.path === rel)) includedBy.set(g.path, f.path);
    }
  }
  const rootOf = (path: string): string => {
    let p = path;
    for (let k = 0; k < 10 && includedBy.has(p); k++) p = includedBy.get(p)!;
    return p;
  };
  for (const f of files) {
    const doc = loadIni(ctx, f.path, "supervisor");
    if (!doc) continue;
    const root = rootOf(f.path);
    const rootDoc = loadIni(ctx, root, "supervisor");
    const daemonUser = rootDoc?.sections.find((s) => s.name === "supervisord");
    const userEntry = daemonUser ? lastEntry(daemonUser, "user") : undefined;
    const image = copiedInto(docker, f.path) ?? (root !== f.path ? copiedInto(docker, root) : null);
    let supervisordRoot: boolean | null;
    let supervisordUser: string;
    if (userEntry) {
      supervisordRoot = userEntry.value === "root" || userEntry.value === "0";
      supervisordUser = `[supervisord] user=${userEntry.value}`;
    } else if (image) {
      const u = image.user?.name ?? null;
      supervisordRoot = image.user === null ? true : u === null ? null : u === "root" || u === "0" || /^0:/.test(u) || /^root:/.test(u);
      supervisordUser = image.user ? `USER ${u ?? "?"} in ${image.file}` : `no USER in ${image.file}`;
    } else {
      supervisordRoot = true;
      supervisordUser = "supervisord started by the system (root)";
    }
    const production = !isDevPath(f.path);
    for (const section of doc.sections) {
      const m = /^(program|fcgi-program):(.+)$/.exec(section.name);
      if (!m) continue;
      const name = m[2]!.trim();
      const option = (key: string): IniEntry | undefined => lastEntry(section, key);
      const program: SupervisorProgram = { file: f.path, name, section, option, supervisordRoot, supervisordUser, image, target: null, runsApp: false };
      out.programs.push(program);
      const cwd = option("directory")?.value ?? null;
      const envEntries: EnvEntry[] = [];
      const envOpt = option("environment");
      if (envOpt) envEntries.push(...supervisorEnvironment(f, envOpt, name));
      const container = image !== null;
      const label = `supervisor program ${name}`;
      const mk = (e: { value: string; offsets: number[]; valueSpan: Span; span: Span }, alternative: boolean): Process | null => {
        const { words, malformed } = shlexSplit(e.value);
        if (malformed && !alternative) ctx.errors.push({ span: e.valueSpan, message: `command=: ${malformed}` });
        if (!words.length) return null;
        const argv = words.map((w) => ({ text: supervisorExpand(w.text, name), raw: w.raw, span: valueSubSpan(f.lines, e, w.start, w.end) }));
        const p = newProcess({ origin: "supervisor", argv, span: e.span, label: alternative ? `${label} (commented-out command)` : label, container, production, conditional: alternative, env: envEntries });
        if (alternative) p.alternative = true;
        if (cwd) processCwd.set(p, cwd);
        return p;
      };
      const cmdEntry = option("command");
      const command = cmdEntry ? mk(cmdEntry, false) : null;
      const processes: Process[] = [];
      let main: Process | null = null;
      if (command) {
        processes.push(command);
        const children = await expand(ctx, command, cwd);
        processes.push(...children);
        main = mainOf(command, children);
      }
      for (const c of section.commented.filter((c) => c.key === "command")) {
        const alt = mk(c, true);
        if (!alt) continue;
        processes.push(alt);
        processes.push(...(await expand(ctx, alt, cwd)));
      }
      out.processes.push(...processes);
      program.runsApp = startsApp(processes.filter((p) => !p.alternative));
      if (!command) continue;
      const env: EnvSource[] = envEntries.length ? [{ kind: "supervisor-environment", file: f.path, span: envOpt!.span, entries: envEntries, committed: true }] : [];
      out.envSources.push(...env);
      const target: Target = {
        id: `supervisor:${f.path}:${name}`,
        kind: "supervisor",
        label: `${label} (${f.path})`,
        span: section.span,
        production,
        container,
        platform: null,
        main,
        processes,
        env,
        envComplete: false,
        settingsModule: null,
        replicas: null,
        dockerfile: image?.file ?? null,
        // supervisord switches to `user=` before it starts the program (paperless-ngx's image
        // runs supervisord as root and every program as `paperless`).
        runAsUser: (() => {
          const u = option("user");
          return u && u.value !== "" ? { name: u.value.includes("%") ? null : u.value, span: u.span } : null;
        })(),
      };
      target.settingsModule = settingsModuleOf(target, main ? [main, command] : [command]);
      program.target = target;
      out.targets.push(target);
    }
  }
}

/** `environment=A="1",B='2',C=3` as supervisor reads it (values may be quoted; commas separate). */
function supervisorEnvironment(file: SourceFile, entry: IniEntry, program: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  const v = entry.value;
  let i = 0;
  while (i < v.length) {
    while (i < v.length && /[\s,]/.test(v[i]!)) i++;
    if (i >= v.length) break;
    const start = i;
    const eq = v.indexOf("=", i);
    if (eq < 0) break;
    const name = v.slice(i, eq).trim();
    i = eq + 1;
    let value = "";
    while (i < v.length && v[i] !== ",") {
      const c = v[i]!;
      if (c === '"' || c === "'") {
        const close = v.indexOf(c, i + 1);
        value += v.slice(i + 1, close < 0 ? v.length : close);
        i = close < 0 ? v.length : close + 1;
      } else {
        value += c;
        i++;
      }
    }
    const expanded = supervisorExpand(value.trim(), program);
    out.push({ name, value: expanded, raw: v.slice(eq + 1, i).trim(), literal: expanded !== null, span: valueSubSpan(file.lines, entry, start, i) });
  }
  return out;
}

// ---------------------------------------------------------------- platforms

const unknownEntry = (name: string, span: Span): EnvEntry => ({ name, value: null, raw: "", literal: false, span });

async function platformCommand(ctx: BuildContext, file: SourceFile, cmd: { command: string | null; start: number | null; end: number | null; span: Span; argv?: { text: string; span: Span }[] | null }, base: Omit<Process, "argv" | "span" | "exec" | "shellForm" | "conditional">): Promise<Process[]> {
  if (cmd.argv) return [newProcess({ ...base, argv: cmd.argv.map((w) => ({ text: w.text, raw: w.text, span: w.span })), span: cmd.span })];
  if (cmd.command === null) return [];
  if (cmd.start === null || cmd.end === null) {
    const word: Word = { text: cmd.command, raw: cmd.command, span: cmd.span };
    const cmds = await inlineCommands(ctx, word);
    return cmds.map((c) => newProcess({ ...base, argv: c.argv, span: cmd.span, conditional: c.conditional, shellForm: true, exec: c.exec }));
  }
  const { script, errors } = await parseShell(file.lines, cmd.start, cmd.end);
  ctx.errors.push(...errors);
  return script.commands.map((c) =>
    newProcess({ ...base, argv: c.argv, span: c.span, conditional: c.conditional, shellForm: true, exec: c.exec, production: base.production && !c.devOnly, env: [...base.env, ...c.assignments.map((a) => ({ name: a.name, value: a.value, raw: a.value ?? "", literal: a.value !== null, span: a.span }))] }),
  );
}

async function buildProcfiles(ctx: BuildContext, docker: DockerModel, out: ServicesModel): Promise<void> {
  const manifests: { file: SourceFile; doc: PlatformManifest }[] = [];
  for (const f of ctx.byKind("platform")) {
    const base = posix.basename(f.path).toLowerCase();
    if (base.startsWith("procfile")) continue;
    const parsed = parsePlatform(f);
    ctx.errors.push(...parsed.errors);
    if (parsed.doc) manifests.push({ file: f, doc: parsed.doc });
  }
  const appJson = manifests.filter((m) => posix.basename(m.file.path) === "app.json");
  const formation = (dir: string): Record<string, number> => Object.assign({}, ...appJson.filter((m) => posix.dirname(m.file.path) === dir).map((m) => m.doc.formation));
  const herokuEnv = (dir: string): EnvSource[] =>
    appJson
      .filter((m) => posix.dirname(m.file.path) === dir)
      .map((m) => ({ kind: "platform" as const, file: m.file.path, span: m.doc.span, committed: true, entries: m.doc.env.map((e) => ({ name: e.name, value: e.value, raw: e.value ?? "", literal: e.value !== null, span: e.span })) }));

  // Procfiles
  for (const f of ctx.byKind("platform").filter((f) => /^procfile/i.test(posix.basename(f.path)))) {
    const parsed = parseProcfile(f);
    const production = posix.basename(f.path) === "Procfile" && !isDevPath(f.path);
    const platformEnv: EnvSource = {
      kind: "platform",
      file: f.path,
      span: f.lines.lineSpan(1),
      committed: false,
      entries: ["DYNO", "PORT", "DATABASE_URL", "WEB_CONCURRENCY"].map((n) => unknownEntry(n, f.lines.lineSpan(1))),
    };
    const env = [platformEnv, ...herokuEnv(posix.dirname(f.path))];
    out.envSources.push(...env);
    const byName = new Map<string, { main: Process | null; processes: Process[]; span: Span }>();
    const types = new Set(["web", "worker", "release", ...parsed.doc.entries.map((e) => e.name)]);
    const alternatives = parsed.doc.commented.filter((e) => types.has(e.name));
    for (const [entries, alternative] of [[parsed.doc.entries, false], [alternatives, true]] as const) {
      for (const e of entries) {
        const label = alternative ? `${e.name} in ${f.path} (commented out)` : `${e.name} in ${f.path}`;
        const procs = await platformCommand(ctx, f, e, { origin: "procfile", label, container: true, production, env: [], ...(alternative ? { alternative: true } : {}) });
        if (alternative) for (const p of procs) p.conditional = true;
        const all: Process[] = [];
        for (const p of procs) {
          all.push(p);
          all.push(...(await expand(ctx, p, null)));
        }
        out.processes.push(...all);
        if (alternative) continue;
        const last = procs[procs.length - 1] ?? null;
        byName.set(e.name, { main: last ? mainOf(last, all) : null, processes: all, span: e.span });
      }
    }
    const release = byName.get("release");
    const app: PlatformApp = { file: f.path, platform: "heroku", forceHttps: null, checks: [], targets: [] };
    out.platforms.push(app);
    for (const [name, entry] of byName) {
      if (name === "release") continue;
      const target: Target = {
        id: `procfile:${f.path}:${name}`,
        kind: "procfile",
        label: `${name} process in ${f.path}`,
        span: entry.span,
        production,
        container: true,
        platform: "heroku",
        main: entry.main,
        processes: [...entry.processes, ...(release?.processes ?? [])],
        env,
        envComplete: false,
        settingsModule: null,
        replicas: formation(posix.dirname(f.path))[name] ?? null,
        dockerfile: null,
      };
      target.settingsModule = settingsModuleOf(target, entry.main ? [entry.main] : []);
      out.targets.push(target);
      app.targets.push(target);
    }
  }

  // heroku.yml and fly.toml
  for (const { file, doc } of manifests) {
    const base = posix.basename(file.path).toLowerCase();
    if (base === "app.json") continue;
    const production = !isDevPath(file.path);
    const platform = doc.platform;
    const supplied = platform === "heroku" ? ["DYNO", "PORT", "DATABASE_URL"] : ["FLY_APP_NAME", "FLY_REGION", "PRIMARY_REGION"];
    const env: EnvSource[] = [{ kind: "platform", file: file.path, span: doc.span, committed: false, entries: supplied.map((n) => unknownEntry(n, doc.span)) }];
    if (doc.env.length) env.push({ kind: "platform", file: file.path, span: doc.env[0]!.span, committed: true, entries: doc.env.map((e) => ({ name: e.name, value: e.value, raw: e.value ?? "", literal: e.value !== null, span: e.span })) });
    if (platform === "heroku") env.push(...herokuEnv(posix.dirname(file.path)));
    out.envSources.push(...env);
    const dockerfile = doc.dockerfile ? posix.normalize(posix.join(posix.dirname(file.path), doc.dockerfile)) : posix.join(posix.dirname(file.path), "Dockerfile").replace(/^\.\//, "");
    const image = docker.imageFor(dockerfile) ?? null;
    const releaseProcs: Process[] = [];
    const runs: { cmd: PlatformCommand; processes: Process[]; main: Process | null }[] = [];
    for (const cmd of doc.commands) {
      const label = `${cmd.name} in ${file.path}`;
      const procs = await platformCommand(ctx, file, cmd, { origin: "platform", label, container: true, production, env: [] });
      const all: Process[] = [];
      for (const p of procs) {
        all.push(p);
        all.push(...(await expand(ctx, p, null)));
      }
      out.processes.push(...all);
      if (cmd.release) releaseProcs.push(...all);
      else {
        const last = procs[procs.length - 1] ?? null;
        runs.push({ cmd, processes: all, main: last ? mainOf(last, all) : null });
      }
    }
    const app: PlatformApp = { file: file.path, platform, forceHttps: doc.forceHttps, checks: doc.checks, targets: [] };
    out.platforms.push(app);
    if (!runs.length && image?.main) runs.push({ cmd: { name: "app", command: null, argv: null, start: null, end: null, span: doc.span, release: false }, processes: image.processes, main: image.main });
    for (const run of runs) {
      const target: Target = {
        id: `${platform}:${file.path}:${run.cmd.name}`,
        kind: platform,
        label: `${run.cmd.name} process in ${file.path}`,
        span: run.cmd.span,
        production,
        container: true,
        platform,
        main: run.main,
        processes: [...run.processes, ...releaseProcs],
        env: image?.env ? [image.env, ...env] : env,
        envComplete: false,
        settingsModule: null,
        replicas: platform === "heroku" ? (formation(posix.dirname(file.path))[run.cmd.name] ?? null) : null,
        dockerfile: image?.file ?? null,
      };
      target.settingsModule = settingsModuleOf(target, run.main ? [run.main] : []);
      out.targets.push(target);
      app.targets.push(target);
    }
  }
}

export async function buildServices(ctx: BuildContext, docker: DockerModel): Promise<ServicesModel> {
  const out: ServicesModel = { processes: [], envSources: [], targets: [], units: [], programs: [], platforms: [] };
  await buildSystemd(ctx, out);
  await buildSupervisor(ctx, docker, out);
  await buildProcfiles(ctx, docker, out);
  return out;
}
