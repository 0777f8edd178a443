import type { SkippedFile, SourceFile } from "../discover/types.js";
import type { ResolvedConfig } from "../config/types.js";
import { buildContext } from "./context.js";
import { buildDocker } from "./docker.js";
import { buildCompose } from "./compose.js";
import { buildK8s } from "./k8s.js";
import { buildNginx } from "./nginx.js";
import { buildServices } from "./services.js";
import { buildAppServers } from "./appserver.js";
import { buildSettings } from "./settings/build.js";
import { parseEnvFile } from "../parse/envfile.js";
import { fileSpan } from "../parse/span.js";
import type { BuildContext } from "./context.js";
import type { EnvSource, Process, ProjectModel, Target } from "./types.js";

/**
 * Builds the project model. Order matters: images before the compose and k8s
 * definitions that run them; targets before the app servers and settings
 * that are evaluated under each target's environment.
 */
export async function buildModel(root: string, files: SourceFile[], skipped: SkippedFile[], config: ResolvedConfig, ignored?: (path: string) => boolean): Promise<ProjectModel> {
  const ctx = buildContext(root, files, skipped, config, ignored);
  const docker = await buildDocker(ctx);
  const compose = await buildCompose(ctx, docker);
  const k8s = await buildK8s(ctx, docker);
  const services = await buildServices(ctx, docker);
  const nginx = await buildNginx(ctx, compose);
  // An image that a production compose service, k8s workload or platform app
  // (fly.toml, heroku.yml) runs is judged through them: its own "run as is"
  // target goes, and its CMD/ENTRYPOINT stay processes only where some target
  // really runs them (a command that every service overrides starts nothing).
  const platformDockerfiles = services.targets.flatMap((t) => (t.platform !== null && t.production && t.dockerfile !== null ? [t.dockerfile] : []));
  const runElsewhere = new Set([...compose.usedDockerfiles, ...k8s.usedDockerfiles, ...platformDockerfiles]);
  // A Dockerfile that only development compose services build, while production
  // compose or k8s runs another image of this repo (django-on-docker's
  // Dockerfile beside Dockerfile.prod), is the development image: not a target.
  const devOnly = new Set(runElsewhere.size === 0 ? [] : compose.services.filter((s) => !s.production && s.dockerfile !== null && !runElsewhere.has(s.dockerfile)).map((s) => s.dockerfile!));
  const judgedThrough = new Set([...runElsewhere, ...devOnly]);
  const targets = [...docker.targets.filter((t) => t.dockerfile === null || !judgedThrough.has(t.dockerfile)), ...compose.targets, ...k8s.targets, ...services.targets];
  const run = new Set<Process>();
  for (const t of targets) for (const p of t.main ? [t.main, ...t.processes] : t.processes) run.add(p);
  const imageProcesses = docker.images.flatMap((image) => (judgedThrough.has(image.file) ? image.processes.filter((p) => run.has(p)) : image.processes));
  const processes = [...imageProcesses, ...compose.processes, ...k8s.processes, ...services.processes];
  const configured = configEnvSources(ctx);
  for (const t of targets) if (t.production) addDeployEnv(t, configured);
  const envSources = [...[docker, compose, k8s, services].flatMap((a) => a.envSources), ...configured];
  const appServers = await buildAppServers(ctx, processes, targets);
  const settings = await buildSettings(ctx, targets);
  return {
    root,
    files,
    skipped,
    config,
    parseErrors: ctx.errors,
    settings,
    docker,
    compose,
    k8s,
    nginx,
    services,
    appServers,
    processes,
    envSources,
    targets,
  };
}

/**
 * The env files config `env-files` names: what production loads besides the
 * sources wired in the repo. A file in the project is read; one that is not
 * (uncommitted, ignored) is a source whose variables are set-but-unknown.
 */
function configEnvSources(ctx: BuildContext): EnvSource[] {
  return ctx.config.envFiles.map((path) => {
    const file = ctx.file(path.replace(/^\.\//, ""));
    if (!file) return { kind: "env-file", file: path, span: fileSpan(path), entries: [], committed: false };
    const parsed = parseEnvFile(file);
    ctx.errors.push(...parsed.errors);
    const entries = parsed.doc.map((e) => ({ name: e.name, value: e.interpolated ? null : e.value, raw: e.raw, literal: !e.interpolated, span: e.span }));
    return { kind: "env-file", file: file.path, span: fileSpan(file.path), entries, committed: true };
  });
}

/** Configured env files rank above the image's ENV/ARG defaults and below what the target itself sets. */
function addDeployEnv(target: Target, sources: EnvSource[]): void {
  if (sources.length === 0) return;
  const image = target.env.filter((s) => s.kind === "dockerfile-env" || s.kind === "dockerfile-arg");
  const rest = target.env.filter((s) => s.kind !== "dockerfile-env" && s.kind !== "dockerfile-arg");
  target.env = [...image, ...sources, ...rest];
  if (sources.some((s) => !s.committed)) target.envComplete = false;
}
