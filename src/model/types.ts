/**
 * The project model: what the deployment *is*, independent of file syntax.
 * Rules read only this. Each area owns its section (see the area modules);
 * the cross-cutting facts — processes, environment sources, targets — are
 * defined here so every area speaks the same language.
 */
import type { SourceFile, SkippedFile } from "../discover/types.js";
import type { Span } from "../parse/span.js";
import type { ParseError } from "../parse/types.js";
import type { SettingsModel } from "./settings/types.js";
import type { DockerModel } from "./docker.js";
import type { ComposeModel } from "./compose.js";
import type { K8sModel } from "./k8s.js";
import type { NginxModel } from "./nginx.js";
import type { ServicesModel } from "./services.js";
import type { AppServerModel } from "./appserver.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Suppression } from "../engine/suppress.js";

/** One word of a command line. `text` is null when it holds an expansion the model cannot resolve. */
export interface Word {
  text: string | null;
  /** The word as written, quotes and `$VARS` included. */
  raw: string;
  span: Span;
}

export type ProcessOrigin =
  | "dockerfile"
  | "compose"
  | "systemd"
  | "supervisor"
  | "procfile"
  | "platform"
  | "script"
  | "k8s";

/** Every place that starts a program, normalised to argv. */
export interface Process {
  origin: ProcessOrigin;
  argv: Word[];
  /** The whole command as written (the instruction, the key, the line). */
  span: Span;
  /** Who runs it, for messages: "CMD in Dockerfile", "compose service web", "web in Procfile". */
  label: string;
  /** Runs inside a container (Dockerfile, compose, k8s, or a script they run). */
  container: boolean;
  /** Part of a production deployment (false for dev compose files, dev branches, dev settings). */
  production: boolean;
  /** Only runs on some branch (`if [ "$1" = web ]`), or is a documented alternative. */
  conditional: boolean;
  /** Shell form (`CMD gunicorn …`): started through `/bin/sh -c`. */
  shellForm: boolean;
  /** For a command inside a script: whether it is started with `exec`. Null elsewhere. */
  exec: boolean | null;
  /** Environment given directly to this process (compose `environment`, `Environment=`, …). */
  env: EnvEntry[];
  /** The process whose script contains this command. */
  parent?: Process;
  /** A documented alternative: a commented-out ExecStart=/command= naming another command. Judged one severity lower. */
  alternative?: boolean;
  /** The text a heredoc in a script feeds the command on stdin (`python << END … END`). */
  stdin?: string;
}

export interface EnvEntry {
  name: string;
  /** The value, or null when it is an interpolation or reference the model cannot resolve. */
  value: string | null;
  /** The value as written. */
  raw: string;
  /** True when `value` is a literal written in a committed file (not `${VAR}`, not a secret reference). */
  literal: boolean;
  span: Span;
}

export type EnvSourceKind =
  | "dockerfile-env"
  | "dockerfile-arg"
  | "compose-environment"
  | "compose-env-file"
  | "systemd-environment"
  | "systemd-environment-file"
  | "supervisor-environment"
  | "k8s-env"
  | "env-file"
  | "platform";

/** Every place that sets environment variables. */
export interface EnvSource {
  kind: EnvSourceKind;
  /** The declaring file. */
  file: string;
  span: Span;
  entries: EnvEntry[];
  /** False when the variables come from a file that is not in the repo (secret store, uncommitted env file). */
  committed: boolean;
}

export type TargetKind = "compose-service" | "dockerfile" | "systemd" | "supervisor" | "procfile" | "heroku" | "fly" | "k8s";

/** A deployment unit: a process + its environment + the settings module it runs with. */
export interface Target {
  id: string;
  kind: TargetKind;
  /** For messages: "compose service web (docker-compose.yml)". */
  label: string;
  /** Where the target is defined (the service key, the [Service] section, the Procfile line…). */
  span: Span;
  production: boolean;
  container: boolean;
  /** The platform edge in front of the target, if any. */
  platform: "heroku" | "fly" | null;
  /** The long-running command after ENTRYPOINT/CMD/script composition; null when none can be determined. */
  main: Process | null;
  /** Every process that ships with the target: main, entrypoint script steps, release tasks. */
  processes: Process[];
  /** Effective environment in order of precedence (later wins). */
  env: EnvSource[];
  /** True when every env source of the target is committed: an unset variable is really unset. */
  envComplete: boolean;
  /** The settings module the target runs with, and where that was decided. */
  settingsModule: { name: string; span: Span | null } | null;
  /** Replica count when declared (compose deploy.replicas, k8s replicas). */
  replicas: number | null;
  /** The Dockerfile that builds the image, when known. */
  dockerfile: string | null;
  /**
   * The user the platform runs the container as: compose `user:`, k8s
   * `runAsUser` / `runAsNonRoot: true` (name "0" or "root" for root; null name
   * when non-root is enforced without a named user). Absent or null: not set.
   */
  runAsUser?: { name: string | null; span: Span } | null;
}

export interface ProjectModel {
  root: string;
  files: SourceFile[];
  skipped: SkippedFile[];
  config: ResolvedConfig;
  parseErrors: ParseError[];
  settings: SettingsModel;
  docker: DockerModel;
  compose: ComposeModel;
  k8s: K8sModel;
  nginx: NginxModel;
  services: ServicesModel;
  appServers: AppServerModel;
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
  /** `# shipshape: ignore[...]` comments; attached by the engine after the model is built. */
  suppressions?: Suppression[];
}

/** Look up an env var in a target's sources: the last committed entry wins. */
export function envLookup(target: Pick<Target, "env">, name: string): EnvEntry | undefined {
  let found: EnvEntry | undefined;
  for (const src of target.env) for (const e of src.entries) if (e.name === name) found = e;
  return found;
}
