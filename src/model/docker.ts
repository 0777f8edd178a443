/**
 * Dockerfiles and the images they build: stages, the final stage's USER, ENV
 * (ARG defaults and `${VAR:-x}` resolved), COPYs, RUNs, HEALTHCHECK, and what
 * a container of the image runs — ENTRYPOINT + CMD composed, the entrypoint
 * script followed through COPY into the image, `"$@"` handed on to CMD.
 */
import { parse as parseToml } from "smol-toml";
import type { BuildContext } from "./context.js";
import type { EnvEntry, EnvSource, Process, ProcessOrigin, ProjectModel, Target, Word } from "./types.js";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "../parse/span.js";
import { parseDockerfile, shellSource, type DfWord, type DockerfileDoc } from "../parse/dockerfile.js";
import { globMatches, parseShell, type ShellCommand, type ShellGuard, type ShellResolver } from "../parse/shell.js";
import { inlineCommands, loadScript } from "./scripts.js";

/** One `FROM` of a Dockerfile. */
export interface DockerStage {
  index: number;
  /** The `AS name`, when given. */
  name: string | null;
  /** The whole FROM instruction. */
  from: Span;
  /** The image as written (`python:3.12-slim`, `${BASE}`, or an earlier stage's name). */
  image: string | null;
  /** Image name without tag/digest, after ARG expansion; null when it cannot be resolved. */
  baseName: string | null;
  /** Tag after ARG expansion; null when absent or unresolvable. */
  baseTag: string | null;
  baseDigest: string | null;
  /** The earlier stage of the same file this stage builds on (`FROM build`), if any. */
  parentStage: number | null;
}

/** CMD or ENTRYPOINT. */
export interface DockerCommand {
  /** Exec form: the JSON strings. Shell form: the words as written (unexpanded). */
  words: Word[];
  /** The whole instruction. */
  span: Span;
  shellForm: boolean;
}

export interface DockerCopy {
  instruction: "COPY" | "ADD";
  stage: number;
  sources: { text: string; span: Span }[];
  /** Destination resolved against WORKDIR; null when absent. */
  dest: string | null;
  /** `--from=` stage index when it names a stage of this file. */
  fromStage: number | null;
  /** `--from=` as written (a stage name, an index or an external image). */
  from: string | null;
  span: Span;
  /**
   * The whole copied tree reaches the final image: its stage is the final one
   * or a base of it, or a stage that does copies the destination (or a
   * directory above it) out with `COPY --from`. False when only a
   * subdirectory travels on (`COPY --from=builder /app/wheels /wheels`).
   */
  treeReachesFinal: boolean;
}

export interface DockerRun {
  stage: number;
  span: Span;
  /** Commands of the shell form or heredoc, or the one exec-form argv. */
  commands: ShellCommand[];
  /** Exec form (`RUN ["pip", "install", …]`). */
  execForm: boolean;
}

/** ARG or ENV with its value after ARG/ENV expansion. */
export interface DockerVariable {
  instruction: "ARG" | "ENV";
  /** Null for an ARG before the first FROM. */
  stage: number | null;
  entry: EnvEntry;
  /** The whole instruction. */
  span: Span;
}

export interface DockerImage {
  /** Dockerfile path relative to the root. */
  file: string;
  stages: DockerStage[];
  finalStage: DockerStage;
  /** The final stage and the stages of this file it is built FROM (`FROM build`), final first. */
  lineage: number[];
  /**
   * The .dockerignore that applies to the build context (`<Dockerfile>.dockerignore`
   * beside the Dockerfile, else `.dockerignore` in the Dockerfile's directory or
   * the root), whether it excludes `.env` files and `.git`; null when none exists.
   */
  dockerignore: { file: string; excludesEnv: boolean; excludesGit: boolean } | null;
  /**
   * Dependency groups that `poetry install` / `uv sync` install by default, from
   * the pyproject.toml of the build context (beside the Dockerfile, else at the
   * root): poetry's non-optional groups (and legacy `dev-dependencies`), uv's
   * `dev` group. Empty when there is none or no pyproject.toml.
   */
  defaultGroups: { tool: "poetry" | "uv"; name: string }[];
  /** Its process is the Django app (server, worker, manage.py task), directly or through a script. */
  appImage: boolean;
  /** Effective ENTRYPOINT / CMD of the final stage (inherited from a parent stage of the same file). */
  entrypoint: DockerCommand | null;
  cmd: DockerCommand | null;
  /** ENTRYPOINT + CMD composed, the entrypoint script followed; null when it cannot be determined. */
  main: Process | null;
  /** main plus every step of the entrypoint script (migrate, collectstatic…). */
  processes: Process[];
  /** Final-stage ENV, including ENV inherited from parent stages of this file. */
  env: EnvSource | null;
  /** Every ARG and ENV of the file, with resolved values. */
  variables: DockerVariable[];
  /** Last USER of the final stage (or inherited); null when none. */
  user: { name: string | null; span: Span } | null;
  /** Where privileges are dropped at start: gosu/su-exec/setpriv/s6-setuidgid/runuser/chpst on the way to the main process, or gunicorn `--user` / uwsgi `--uid`. */
  privilegeDrop: Span | null;
  /** HEALTHCHECK of the final stage; null when absent or `HEALTHCHECK NONE`. */
  healthcheck: Span | null;
  copies: DockerCopy[];
  runs: DockerRun[];
}

export interface RunOverrides {
  /** compose `entrypoint:` / k8s `command:`; null or absent keeps the image's. An empty list clears it. */
  entrypoint?: Word[] | null;
  /** compose `command:` / k8s `args:`; null or absent keeps the image's CMD. */
  command?: Word[] | null;
  /** Origin of processes the overrides start; default "compose". */
  origin?: ProcessOrigin;
  label: string;
  span: Span;
  production: boolean;
  container: boolean;
  env: EnvEntry[];
}

/** Dockerfiles, the images they build, and the scripts those images run. */
export interface DockerModel {
  images: DockerImage[];
  imageFor(dockerfilePath: string): DockerImage | undefined;
  processes: Process[];
  envSources: EnvSource[];
  /** One target per app image run as it is; the integrator drops those a compose service or workload runs. */
  targets: Target[];
  /**
   * Composes what a container of `image` runs under the overrides: ENTRYPOINT +
   * CMD (each replaced when overridden, as docker does: a new entrypoint drops
   * the image's CMD), the entrypoint script followed and `"$@"` resolved.
   */
  runImage(image: DockerImage, overrides: RunOverrides): Promise<{ main: Process | null; processes: Process[] }>;
  /** The repo file a path inside the image comes from (through the final stage's COPYs; relative paths from its WORKDIR), or null. */
  repoPath(image: DockerImage, imagePath: string): string | null;
}

/** Which Django program a command starts (`gunicorn`, `manage.py`, `celery`…), or null. */
export function djangoProgram(argv: readonly Word[]): string | null {
  const name = basename(argv[0]?.text ?? "");
  if (APP_SERVERS.has(name)) return name;
  if (name === "django-admin" || name === "django-admin.py") return "django-admin";
  if (name === "manage.py") return "manage.py";
  if (/^python[\d.]*$/.test(name)) {
    let i = 1;
    while (argv[i]?.text?.startsWith("-") && argv[i]?.text !== "-m") i++;
    const next = argv[i]?.text ?? "";
    if (next === "-m") {
      const mod = argv[i + 1]?.text ?? "";
      if (APP_SERVERS.has(mod)) return mod;
      if (mod === "django") return "django-admin";
      return null;
    }
    if (basename(next) === "manage.py") return "manage.py";
  }
  return null;
}

/**
 * The targets that run an image in production: compose services and
 * workloads that build it; the image's own "dockerfile" target (the image run
 * as it is) only when no production service or workload runs it — a
 * development compose file that builds the image does not stop it from being
 * deployed elsewhere.
 */
export function imageTargets(model: Pick<ProjectModel, "targets">, image: DockerImage): Target[] {
  const all = model.targets.filter((t) => t.dockerfile === image.file);
  const others = all.filter((t) => t.kind !== "dockerfile" && t.production);
  return others.length > 0 ? others : all.filter((t) => t.kind === "dockerfile");
}

/** True when a production target runs the image as the Django app (DF rules judge only those images). */
export function imageRunsProductionApp(model: Pick<ProjectModel, "targets">, image: DockerImage): boolean {
  return imageTargets(model, image).some((t) => t.production && (t.processes.some((p) => p.production && djangoProgram(p.argv) !== null) || (t.main === null && image.appImage)));
}

const APP_SERVERS = new Set(["gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "celery", "granian"]);
const BUILTINS = new Set(["set", "export", "cd", ":", "true", "false", "shift", "source", ".", "unset", "trap", "umask", "wait", "local", "readonly", "echo", "printf", "return", "exit", "eval"]);
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh"]);
const DROPPERS = new Set(["gosu", "su-exec", "setpriv", "s6-setuidgid", "runuser", "chpst", "su"]);
const DEV_DOCKERFILE = /(^|[./_-])(dev|devel|development|local|test|tests|ci)([./_-]|$)/i;

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function posixJoin(dir: string, rel: string): string {
  const parts = (rel.startsWith("/") ? rel : `${dir}/${rel}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return `/${out.join("/")}`;
}

function repoJoin(dir: string, rel: string): string {
  return posixJoin(`/${dir}`, rel).slice(1);
}

function spanText(file: SourceFile, span: Span): string {
  const start = file.lines.lineStart(span.line) + span.column - 1;
  const end = file.lines.lineStart(span.endLine) + span.endColumn - 1;
  return file.text.slice(start, end);
}

/** A variable known to the build: a string, null when declared without a value the model knows. */
type Vars = Map<string, string | null>;

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:+x}` as the Dockerfile
 * builder does; null when a needed value is unknown. `used` collects the
 * declared (ARG/ENV) variables the result depends on.
 */
export function expandDockerVars(text: string, vars: Vars, escape = "\\", used?: Set<string>): string | null {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escape && text[i + 1] === "$") {
      out += "$";
      i++;
      continue;
    }
    if (c !== "$") {
      out += c;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}/.exec(text.slice(i));
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    const m = braced ?? plain;
    if (!m) {
      out += c;
      continue;
    }
    i += m[0].length - 1;
    const name = m[1]!;
    const op = braced ? braced[2] : undefined;
    const word = braced?.[3] ?? "";
    const declared = vars.has(name);
    const value = vars.get(name);
    if (declared) used?.add(name);
    if (op === undefined) {
      if (typeof value !== "string") return null;
      out += value;
    } else if (op.endsWith("-")) {
      if (!declared || (op === ":-" && value === "")) out += word;
      else if (typeof value === "string") out += value;
      else return null;
    } else {
      if (!declared || (op === ":+" && value === "")) continue;
      if (typeof value !== "string") return null;
      out += word;
    }
  }
  return out;
}

interface StageState {
  env: Map<string, EnvEntry>;
  vars: Vars;
  workdir: string;
  user: { name: string | null; span: Span } | null;
  entrypoint: DockerCommand | null;
  cmd: DockerCommand | null;
  cmdInherited: boolean;
  healthcheck: Span | null;
  copies: DockerCopy[];
}

interface Internals {
  file: SourceFile;
  /** Repo-relative build context candidates, most likely first. */
  contexts: string[];
  finalState: StageState;
  /** Shell source of shell-form CMD/ENTRYPOINT instructions, parsed when run (under the container's env). */
  shell: Map<DockerCommand, { start: number; end: number; source: string }>;
}

/** Who starts a command: what its processes say about themselves. */
interface Template {
  origin: ProcessOrigin;
  label: string;
  span: Span;
  container: boolean;
  production: boolean;
  conditional: boolean;
  env: EnvEntry[];
  parent?: Process;
}

/** A command line to run: exec form words, or parsed shell commands. */
type Invocation = { kind: "exec"; words: Word[]; shellForm: boolean; t: Template } | { kind: "shell"; commands: ShellCommand[]; t: Template };

interface Meta {
  span: Span;
  exec: boolean | null;
  conditional: boolean;
  devOnly: boolean;
  handoff: boolean;
  shellForm: boolean;
  env: EnvEntry[];
  stdin: string | null;
}

/** Follows commands into scripts and `"$@"` hand-offs, collecting every process and the main one. */
class Launcher {
  readonly processes: Process[] = [];
  drop: Span | null = null;

  constructor(
    private readonly ctx: BuildContext,
    private readonly image: { internals: Internals; workdir: string; resolveEnv: ShellResolver },
  ) {}

  /**
   * Runs an invocation. For a script, `positional` holds its arguments when
   * they are known (null for an unknown one), so `case "$1" in web)` and
   * `[ "$1" = worker ]` branches are taken or dropped as they would be.
   */
  async run(inv: Invocation, args: Invocation | null, onMain: boolean, depth: number, positional: (string | null)[] | null = null): Promise<Process | null> {
    if (inv.kind === "exec") {
      const meta: Meta = { span: inv.t.span, exec: null, conditional: false, devOnly: false, handoff: false, shellForm: inv.shellForm, env: [], stdin: null };
      return this.launch(inv.words, meta, args, inv.t, onMain, depth);
    }
    const commands = inv.commands.flatMap((c) => {
      const holds = c.guards.map((g) => guardHolds(g, positional));
      if (holds.includes(false)) return [];
      return [{ ...c, conditional: c.opaque || holds.some((h) => h !== true) }];
    });
    const skipped = (c: ShellCommand): boolean => !c.handoff && (c.callsFunction || BUILTINS.has(c.argv[0]?.text ?? ""));
    const live = commands.filter((c) => !c.devOnly && !c.background && !skipped(c));
    const always = live.filter((c) => !c.conditional);
    const lastExec = (cs: ShellCommand[]): ShellCommand | undefined => cs.filter((c) => c.exec).pop();
    // The first exec that surely runs replaces the shell: nothing after it runs. Failing
    // that, `if …; then exec a; else exec b; fi` after the last unconditional command ends
    // the script in one of those execs, not in the command before them.
    const lastAlways = always[always.length - 1];
    const after = lastAlways ? live.slice(live.indexOf(lastAlways) + 1) : [];
    const chosen = always.find((c) => c.exec) ?? lastExec(after) ?? lastAlways ?? lastExec(live) ?? live[live.length - 1] ?? null;
    let main: Process | null = null;
    for (const c of commands) {
      if (c !== chosen && skipped(c)) continue;
      const meta: Meta = {
        span: c.span,
        exec: c.exec,
        conditional: c.conditional,
        devOnly: c.devOnly,
        handoff: c.handoff,
        shellForm: inv.t.origin !== "script",
        env: c.assignments.map((a) => ({ name: a.name, value: a.value, raw: a.value ?? "", literal: a.value !== null, span: a.span })),
        stdin: c.stdin,
      };
      const p = await this.launch(c.argv, meta, c.handoff ? args : null, inv.t, onMain && c === chosen, depth);
      if (c === chosen) main = p;
      if (c.exec && always.includes(c)) break;
    }
    return main;
  }

  private async launch(words: Word[], meta: Meta, args: Invocation | null, t: Template, onMain: boolean, depth: number): Promise<Process | null> {
    const argv = this.strip(words, onMain);
    const make = (av: Word[], origin: ProcessOrigin = t.origin, span = meta.span, label = t.label): Process => {
      const p: Process = {
        origin,
        argv: av,
        span,
        label,
        container: t.container,
        production: t.production && !meta.devOnly,
        conditional: t.conditional || meta.conditional,
        shellForm: meta.shellForm,
        exec: meta.exec,
        env: [...t.env, ...meta.env],
        ...(t.parent ? { parent: t.parent } : {}),
        ...(meta.stdin !== null ? { stdin: meta.stdin } : {}),
      };
      this.processes.push(p);
      if (onMain) this.serverDrop(av);
      return p;
    };
    if (meta.handoff) {
      const at = argv.findIndex((w) => /^"?\$(@|\{@\})"?$/.test(w.raw));
      if (!args || depth > 6) {
        make(argv);
        return null;
      }
      make(argv);
      const prefix = argv.slice(0, Math.max(0, at));
      const t2: Template = { ...args.t, conditional: args.t.conditional || t.conditional || meta.conditional, production: args.t.production && t.production && !meta.devOnly, ...(t.parent ? { parent: t.parent } : {}) };
      if (args.kind === "shell") return this.run({ ...args, t: t2 }, null, onMain, depth + 1);
      const meta2: Meta = { ...meta, span: prefix.length > 0 ? meta.span : args.t.span, handoff: false, shellForm: args.shellForm };
      return this.launch([...prefix, ...args.words, ...argv.slice(at + 1)], meta2, null, t2, onMain, depth + 1);
    }
    if (argv.length === 0) {
      if (args) return this.run(args, null, onMain, depth + 1);
      return null;
    }
    const head = argv[0]!.text;
    if (head !== null && SHELLS.has(basename(head)) && depth < 6) {
      let i = 1;
      while (argv[i]?.text && /^-[a-z]*$/.test(argv[i]!.text!) && !/c/.test(argv[i]!.text!)) i++;
      const opt = argv[i];
      if (opt?.text && /^-[a-z]*c[a-z]*$/.test(opt.text) && argv[i + 1]) {
        const parent = make(argv);
        const commands = await inlineCommands(this.ctx, argv[i + 1]!, this.image.resolveEnv);
        return this.run({ kind: "shell", commands, t: { ...t, parent, conditional: t.conditional || meta.conditional, production: t.production && !meta.devOnly } }, null, onMain, depth + 1);
      }
      if (opt?.text && !opt.text.startsWith("-")) return this.script(argv, i, meta, args, t, make, onMain, depth);
      return make(argv);
    }
    if (head !== null && depth < 6 && this.scriptPath(head) !== null) return this.script(argv, 0, meta, args, t, make, onMain, depth);
    if (args && args.kind === "exec") {
      const joined = [...argv, ...args.words];
      return make(joined);
    }
    return make(argv);
  }

  private async script(
    argv: Word[],
    at: number,
    meta: Meta,
    args: Invocation | null,
    t: Template,
    make: (av: Word[], origin?: ProcessOrigin, span?: Span, label?: string) => Process,
    onMain: boolean,
    depth: number,
  ): Promise<Process | null> {
    const path = this.scriptPath(argv[at]!.text!);
    const script = path ? await loadScript(this.ctx, path) : null;
    const rest = argv.slice(at + 1);
    const scriptArgs: Invocation | null = rest.length > 0 ? { kind: "exec", words: rest, shellForm: meta.shellForm, t: { ...t, span: meta.span } } : args;
    const parent = make(rest.length > 0 || !args || args.kind !== "exec" ? argv : [...argv, ...args.words]);
    if (!script || !path) return parent;
    const t2: Template = { ...t, origin: "script", label: "", parent, conditional: t.conditional || meta.conditional, production: t.production && !meta.devOnly, env: [...t.env, ...meta.env] };
    const positional = scriptArgs === null ? [] : scriptArgs.kind === "exec" ? scriptArgs.words.map((w) => w.text) : null;
    const before = this.processes.length;
    const main = await this.run({ kind: "shell", commands: script.commands, t: t2 }, scriptArgs, onMain, depth + 1, positional);
    for (const p of this.processes.slice(before)) if (p.label === "") p.label = `${path}:${p.span.line} (run by ${parent.label})`;
    return main;
  }

  /** Removes privilege-dropping and init wrappers from the front; records a drop on the main path. */
  private strip(words: Word[], onMain: boolean): Word[] {
    let argv = words;
    for (let guard = 0; guard < 6 && argv.length > 0; guard++) {
      const name = basename(argv[0]!.text ?? "");
      if (DROPPERS.has(name)) {
        if (onMain) this.drop ??= argv[0]!.span;
        argv = skipDropper(name, argv);
      } else if (name === "tini" || name === "dumb-init" || name === "catatonit") {
        let i = 1;
        while (argv[i]?.text?.startsWith("-") && argv[i]!.text !== "--") i++;
        argv = argv.slice(argv[i]?.text === "--" ? i + 1 : i);
      } else if (name === "env") {
        let i = 1;
        while (argv[i]?.text && (/^[A-Za-z_]\w*=/.test(argv[i]!.text!) || argv[i]!.text!.startsWith("-"))) i++;
        argv = argv.slice(i);
      } else if (name === "ddtrace-run" || name === "opentelemetry-instrument") {
        argv = argv.slice(1);
      } else if (name === "newrelic-admin" && argv[1]?.text === "run-program") {
        argv = argv.slice(2);
      } else if ((name === "poetry" || name === "pipenv" || name === "pdm") && argv[1]?.text === "run") {
        argv = argv.slice(2);
      } else break;
    }
    return argv;
  }

  private serverDrop(argv: Word[]): void {
    const name = basename(argv[0]?.text ?? "");
    const flags = name === "gunicorn" ? /^(-u|--user)(=.*)?$/ : name === "uwsgi" ? /^--uid(=.*)?$/ : null;
    if (!flags) return;
    const w = argv.find((x) => x.text !== null && flags.test(x.text));
    if (w) this.drop ??= w.span;
  }

  /** The repo path of a script a command names, found through the image's COPYs. */
  scriptPath(word: string): string | null {
    const { internals, workdir } = this.image;
    const candidates = word.includes("/") ? [posixJoin(workdir, word)] : ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin"].map((d) => `${d}/${word}`);
    for (const imagePath of candidates) {
      const found = repoPathOf(this.ctx, internals, imagePath);
      if (found) return found;
    }
    return null;
  }
}

/** Whether a guard on a positional parameter holds for known arguments; null when it cannot be told. */
function guardHolds(guard: ShellGuard, positional: (string | null)[] | null): boolean | null {
  if (!positional || !/^[1-9]$/.test(guard.variable)) return null;
  const value = positional[Number(guard.variable) - 1];
  if (value === null) return null;
  const match = guard.glob ? guard.values.some((v) => globMatches(v, value ?? "")) : guard.values.includes(value ?? "");
  return guard.negated ? !match : match;
}

function skipDropper(name: string, argv: Word[]): Word[] {
  let i = 1;
  switch (name) {
    case "gosu":
    case "su-exec":
    case "s6-setuidgid":
      return argv.slice(2);
    case "chpst":
    case "setpriv":
    case "runuser":
      while (argv[i]?.text?.startsWith("-")) {
        const t = argv[i]!.text!;
        i += t === "--" ? 1 : /^-[ugU]$|^--(user|group|reuid|regid|groups)$/.test(t) ? 2 : 1;
        if (t === "--") break;
      }
      return argv.slice(i);
    case "su": {
      const c = argv.findIndex((w) => w.text === "-c" || w.text === "--command");
      const command = c >= 0 ? argv[c + 1] : undefined;
      return command ? [{ text: "sh", raw: argv[0]!.raw, span: argv[0]!.span }, argv[c]!, command] : [];
    }
    default:
      return argv;
  }
}

/** The repo file that ends up at `imagePath` in the image, through the last COPY that puts something there. */
function repoPathOf(ctx: BuildContext, internals: Internals, imagePath: string): string | null {
  for (const copy of [...internals.finalState.copies].reverse()) {
    if (copy.fromStage !== null || copy.from !== null || copy.dest === null) continue;
    const dirDest = copy.dest.endsWith("/") || copy.sources.length > 1;
    const dest = posixJoin("/", copy.dest);
    for (const src of copy.sources) {
      if (/[*?[]/.test(src.text)) continue;
      for (const context of internals.contexts) {
        const repo = repoJoin(context, src.text);
        const isDir = src.text === "." || src.text.endsWith("/") || (!ctx.file(repo) && ctx.files.some((f) => f.path.startsWith(`${repo}/`)));
        if (isDir) {
          if (imagePath.startsWith(`${dest === "/" ? "" : dest}/`)) {
            const candidate = repoJoin(repo, imagePath.slice(dest.length).replace(/^\/+/, ""));
            if (ctx.file(candidate)) return candidate;
          }
        } else if ((dirDest ? posixJoin(dest, basename(src.text)) : dest) === imagePath && ctx.file(repo)) return repo;
      }
    }
  }
  return null;
}

function defaultGroupsFor(ctx: BuildContext, contexts: string[]): DockerImage["defaultGroups"] {
  const file = contexts.map((dir) => ctx.file(dir === "" ? "pyproject.toml" : `${dir}/pyproject.toml`)).find((f) => f !== undefined);
  if (!file) return [];
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(file.text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const table = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const tool = table(doc.tool);
  const poetry = table(tool.poetry);
  const out: DockerImage["defaultGroups"] = [];
  for (const [name, group] of Object.entries(table(poetry.group))) if (name !== "main" && table(group).optional !== true) out.push({ tool: "poetry", name });
  if (Object.keys(table(poetry["dev-dependencies"])).length > 0 && !out.some((g) => g.name === "dev")) out.push({ tool: "poetry", name: "dev" });
  const uvDev = Array.isArray(table(doc["dependency-groups"]).dev) || Array.isArray(table(tool.uv)["dev-dependencies"]);
  if (uvDev) out.push({ tool: "uv", name: "dev" });
  return out;
}

function wordsOf(file: SourceFile, words: DfWord[]): Word[] {
  return words.map((w) => ({ text: w.value, raw: spanText(file, w.span), span: w.span }));
}

function execCommand(words: Word[], span: Span): ShellCommand {
  return { argv: words, assignments: [], span, exec: false, conditional: false, guards: [], opaque: false, devOnly: false, background: false, handoff: false, stdin: null, callsFunction: false };
}

async function buildImage(ctx: BuildContext, file: SourceFile, doc: DockerfileDoc): Promise<{ image: DockerImage; internals: Internals } | null> {
  const stages: DockerStage[] = [];
  const states: StageState[] = [];
  const variables: DockerVariable[] = [];
  const runs: DockerRun[] = [];
  const globals: Vars = new Map();
  const shell = new Map<DockerCommand, { start: number; end: number; source: string }>();
  let state: StageState | null = null;
  const stageIndex = (ref: string): number | null => {
    const byName = stages.findIndex((s) => s.name !== null && s.name.toLowerCase() === ref.toLowerCase());
    if (byName >= 0) return byName;
    return /^\d+$/.test(ref) && Number(ref) < stages.length ? Number(ref) : null;
  };
  for (const ins of doc.instructions) {
    const vars = state ? state.vars : globals;
    const expand = (text: string): string | null => expandDockerVars(text, vars, doc.escape);
    if (ins.keyword === "FROM") {
      const imageWord = ins.args[0]?.value ?? null;
      const asAt = ins.args.findIndex((a) => a.value.toLowerCase() === "as");
      const name = asAt >= 0 ? (ins.args[asAt + 1]?.value ?? null) : null;
      const expanded = imageWord === null ? null : expandDockerVars(imageWord, globals, doc.escape);
      const parentStage = expanded === null ? null : stageIndex(expanded);
      const ref = parentStage === null && expanded !== null ? splitImage(expanded) : null;
      const index = stages.length;
      stages.push({ index, name, from: ins.span, image: imageWord, baseName: ref?.name ?? null, baseTag: ref?.tag ?? null, baseDigest: ref?.digest ?? null, parentStage });
      const parent = parentStage === null ? null : states[parentStage]!;
      state = {
        env: new Map(parent?.env ?? []),
        vars: new Map(parent ? [...parent.vars].filter(([k]) => parent.env.has(k)) : []),
        workdir: parent?.workdir ?? "/",
        user: parent?.user ?? null,
        entrypoint: parent?.entrypoint ?? null,
        cmd: parent?.cmd ?? null,
        cmdInherited: true,
        healthcheck: parent?.healthcheck ?? null,
        copies: [...(parent?.copies ?? [])],
      };
      states.push(state);
      continue;
    }
    if (ins.keyword === "ARG") {
      for (const p of ins.properties) {
        const value = p.value === null ? (state ? (globals.get(p.name) ?? null) : null) : expand(p.value);
        vars.set(p.name, value);
        variables.push({ instruction: "ARG", stage: state ? stages.length - 1 : null, span: ins.span, entry: { name: p.name, value, raw: p.raw ?? "", literal: p.value !== null && !p.value.includes("$"), span: p.span } });
      }
      continue;
    }
    if (!state) continue;
    const stage = stages.length - 1;
    switch (ins.keyword) {
      case "ENV":
        for (const p of ins.properties) {
          const used = new Set<string>();
          const value = p.value === null ? null : expandDockerVars(p.value, vars, doc.escape, used);
          const entry: EnvEntry = { name: p.name, value, raw: p.raw ?? "", literal: value !== null && value !== "" && used.size === 0, span: p.span };
          state.env.set(p.name, entry);
          state.vars.set(p.name, value);
          variables.push({ instruction: "ENV", stage, span: ins.span, entry });
        }
        break;
      case "WORKDIR": {
        const dir = ins.args[0] ? expand(ins.args[0].value) : null;
        if (dir !== null) state.workdir = posixJoin(state.workdir, dir);
        break;
      }
      case "USER": {
        const raw = ins.args[0]?.value ?? null;
        state.user = { name: raw === null ? null : expand(raw.split(":")[0]!), span: ins.span };
        break;
      }
      case "HEALTHCHECK":
        state.healthcheck = ins.args[0]?.value.toUpperCase() === "NONE" ? null : ins.span;
        break;
      case "CMD":
      case "ENTRYPOINT": {
        const command: DockerCommand = { words: wordsOf(file, ins.json ?? ins.args), span: ins.span, shellForm: ins.json === null };
        if (command.shellForm) shell.set(command, shellSource(file, doc, ins));
        if (ins.keyword === "CMD") {
          state.cmd = command;
          state.cmdInherited = false;
        } else {
          state.entrypoint = command;
          if (state.cmdInherited) state.cmd = null;
        }
        break;
      }
      case "COPY":
      case "ADD": {
        if (ins.heredocs.length > 0) break;
        const from = ins.flags.find((f) => f.name === "from")?.value ?? null;
        const paths = ins.json ?? ins.args;
        const dest = paths.length > 1 ? expand(paths[paths.length - 1]!.value) : null;
        state.copies.push({
          instruction: ins.keyword,
          stage,
          sources: paths.slice(0, -1).map((s) => ({ text: expand(s.value) ?? s.value, span: s.span })),
          dest: dest === null ? null : dest.startsWith("/") ? dest : `${state.workdir.replace(/\/$/, "")}/${dest}`,
          fromStage: from === null ? null : stageIndex(expandDockerVars(from, globals, doc.escape) ?? from),
          from,
          span: ins.span,
          treeReachesFinal: false,
        });
        break;
      }
      case "RUN": {
        if (ins.json) {
          runs.push({ stage, span: ins.span, execForm: true, commands: [execCommand(wordsOf(file, ins.json), ins.span)] });
          break;
        }
        const src = shellSource(file, doc, ins);
        const known = vars;
        const resolve: ShellResolver = (n) => (known.has(n) ? (known.get(n) ?? undefined) : undefined);
        runs.push({ stage, span: ins.span, execForm: false, commands: (await parseShell(file.lines, src.start, src.end, src.source, resolve)).script.commands });
        break;
      }
      default:
        break;
    }
  }
  const finalStage = stages[stages.length - 1];
  const finalState = states[states.length - 1];
  if (!finalStage || !finalState) return null;
  const lineage: number[] = [];
  for (let i: number | null = finalStage.index; i !== null; i = stages[i]!.parentStage) lineage.push(i);
  const allCopies = states.flatMap((s, i) => s.copies.filter((c) => c.stage === i));
  const takesTree = (source: string, root: string | null): boolean => {
    if (root === null || /[$*?[]/.test(source)) return true;
    const taken = posixJoin("/", source);
    return taken === "/" || root === taken || root.startsWith(`${taken}/`);
  };
  const carried = (c: DockerCopy, seen: Set<DockerCopy>): boolean => {
    if (lineage.includes(c.stage)) return true;
    if (seen.has(c)) return false;
    seen.add(c);
    const root = c.dest === null || c.dest.includes("$") ? null : posixJoin("/", c.dest);
    return allCopies.some((o) => o.fromStage === c.stage && o.sources.some((s) => takesTree(s.text, root)) && carried(o, seen));
  };
  for (const c of allCopies) c.treeReachesFinal = carried(c, new Set());
  const envEntries = [...finalState.env.values()];
  const env: EnvSource | null = envEntries.length > 0 ? { kind: "dockerfile-env", file: file.path, span: finalStage.from, entries: envEntries, committed: true } : null;
  const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : "";
  const internals: Internals = {
    file,
    contexts: dir === "" ? [""] : [dir, ""],
    finalState,
    shell,
  };
  const image: DockerImage = {
    file: file.path,
    stages,
    finalStage,
    lineage,
    dockerignore: dockerignoreFor(ctx, file.path, internals.contexts),
    defaultGroups: defaultGroupsFor(ctx, internals.contexts),
    appImage: false,
    entrypoint: finalState.entrypoint,
    cmd: finalState.cmd,
    main: null,
    processes: [],
    env,
    variables,
    user: finalState.user,
    privilegeDrop: null,
    healthcheck: finalState.healthcheck,
    copies: allCopies,
    runs,
  };
  const composed = await compose(ctx, image, internals, {
    entrypoint: undefined,
    command: undefined,
    origin: "dockerfile",
    label: `CMD in ${file.path}`,
    span: finalStage.from,
    production: !DEV_DOCKERFILE.test(file.path),
    container: true,
    env: [],
  });
  image.main = composed.main;
  image.processes = composed.processes;
  image.privilegeDrop = composed.drop;
  image.appImage = composed.processes.some((p) => djangoProgram(p.argv) !== null);
  return { image, internals };
}

function dockerignoreFor(ctx: BuildContext, dockerfile: string, contexts: string[]): DockerImage["dockerignore"] {
  const candidates = [`${dockerfile}.dockerignore`, ...contexts.map((c) => (c === "" ? ".dockerignore" : `${c}/.dockerignore`))];
  for (const path of candidates) {
    const file = ctx.file(path);
    if (!file || file.kind !== "dockerignore") continue;
    const patterns = file.text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    return { file: path, excludesEnv: ignored(patterns, ".env"), excludesGit: ignored(patterns, ".git") };
  }
  return null;
}

/** Whether a .dockerignore excludes a top-level path: the last matching pattern wins, `!` re-includes. */
function ignored(patterns: string[], path: string): boolean {
  let out = false;
  for (const raw of patterns) {
    const negate = raw.startsWith("!");
    const pattern = (negate ? raw.slice(1) : raw).trim().replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "");
    if (pattern === "") continue;
    const re = new RegExp(
      `^${pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) => (part === "**/" ? "(.*/)?" : part === "**" ? ".*" : part === "*" ? "[^/]*" : part === "?" ? "[^/]" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("")}$`,
    );
    if (re.test(path)) out = !negate;
  }
  return out;
}

function splitImage(ref: string): { name: string; tag: string | null; digest: string | null } {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, tag: null, digest };
}

async function compose(
  ctx: BuildContext,
  image: DockerImage,
  internals: Internals,
  o: RunOverrides,
): Promise<{ main: Process | null; processes: Process[]; drop: Span | null }> {
  const base: Template = { origin: o.origin ?? "compose", label: o.label, span: o.span, container: o.container, production: o.production, conditional: false, env: o.env };
  const env = new Map<string, string | null>();
  for (const e of [...(image.env?.entries ?? []), ...o.env]) env.set(e.name, e.value);
  const resolveEnv: ShellResolver = (n) => env.get(n) ?? undefined;
  const fromImage = async (c: DockerCommand, what: string): Promise<Invocation> => {
    const t: Template = { ...base, origin: "dockerfile", label: `${what} in ${image.file}`, span: c.span };
    const src = internals.shell.get(c);
    if (!src) return { kind: "exec", words: c.words, shellForm: false, t };
    const { script } = await parseShell(internals.file.lines, src.start, src.end, src.source, resolveEnv);
    return { kind: "shell", commands: script.commands, t };
  };
  const override = (words: Word[]): Invocation => ({ kind: "exec", words, shellForm: false, t: { ...base, span: words[0]?.span ?? o.span } });
  const entrypointOverridden = o.entrypoint !== undefined && o.entrypoint !== null;
  const ep: Invocation | null = entrypointOverridden ? (o.entrypoint!.length > 0 ? override(o.entrypoint!) : null) : image.entrypoint ? await fromImage(image.entrypoint, "ENTRYPOINT") : null;
  const cmd: Invocation | null =
    o.command !== undefined && o.command !== null ? (o.command.length > 0 ? override(o.command) : null) : !entrypointOverridden && image.cmd ? await fromImage(image.cmd, "CMD") : null;
  const launcher = new Launcher(ctx, { internals, workdir: internals.finalState.workdir, resolveEnv });
  let main: Process | null = null;
  if (ep && ep.kind === "shell") main = await launcher.run(ep, null, true, 0);
  else if (ep) main = await launcher.run(ep, cmd, true, 0);
  else if (cmd) main = await launcher.run(cmd, null, true, 0);
  return { main, processes: launcher.processes, drop: launcher.drop };
}

export async function buildDocker(ctx: BuildContext): Promise<DockerModel> {
  const images: DockerImage[] = [];
  const internalsOf = new Map<DockerImage, Internals>();
  for (const file of ctx.byKind("dockerfile")) {
    const parsed = await parseDockerfile(file);
    ctx.errors.push(...parsed.errors);
    const built = await buildImage(ctx, file, parsed.doc);
    if (!built) continue;
    images.push(built.image);
    internalsOf.set(built.image, built.internals);
  }
  const targets: Target[] = [];
  for (const image of images) {
    if (!image.appImage) continue;
    const named = (entries: EnvEntry[] | undefined): EnvEntry | undefined => entries?.filter((e) => e.name === "DJANGO_SETTINGS_MODULE").pop();
    const setting = named(image.main?.env) ?? named(image.env?.entries);
    targets.push({
      id: `dockerfile:${image.file}`,
      kind: "dockerfile",
      label: `image built by ${image.file}`,
      span: image.finalStage.from,
      production: !DEV_DOCKERFILE.test(image.file),
      container: true,
      platform: null,
      main: image.main,
      processes: image.processes,
      env: image.env ? [image.env] : [],
      envComplete: false,
      settingsModule: setting?.value ? { name: setting.value, span: setting.span } : null,
      replicas: null,
      dockerfile: image.file,
    });
  }
  return {
    images,
    imageFor: (path) => images.find((i) => i.file === path),
    processes: images.flatMap((i) => i.processes),
    envSources: images.flatMap((i) => (i.env ? [i.env] : [])),
    targets,
    async runImage(image, overrides) {
      const internals = internalsOf.get(image);
      if (!internals) return { main: null, processes: [] };
      const { main, processes } = await compose(ctx, image, internals, overrides);
      return { main, processes };
    },
    repoPath(image, imagePath) {
      const internals = internalsOf.get(image);
      return internals ? repoPathOf(ctx, internals, posixJoin(internals.finalState.workdir, imagePath)) : null;
    },
  };
}

/** For `pip install …` (also `pip3`, `python -m pip`, `uv pip`): the words after `install`; null for any other command. */
export function pipInstallArgs(argv: readonly Word[]): Word[] | null {
  let i = 0;
  const name = basename(argv[0]?.text ?? "");
  if (/^python[\d.]*$/.test(name) && argv[1]?.text === "-m" && /^pip\d*$/.test(argv[2]?.text ?? "")) i = 3;
  else if (/^pip[\d.]*$/.test(name)) i = 1;
  else if (name === "uv" && argv[1]?.text === "pip") i = 2;
  else return null;
  while (argv[i]?.text?.startsWith("-")) i++;
  return argv[i]?.text === "install" ? argv.slice(i + 1) : null;
}
