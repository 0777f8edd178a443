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
import type { Process, ProjectModel } from "./types.js";

/**
 * Builds the project model. Order matters: images before the compose and k8s
 * definitions that run them; targets before the app servers and settings
 * that are evaluated under each target's environment.
 */
export async function buildModel(root: string, files: SourceFile[], skipped: SkippedFile[], config: ResolvedConfig): Promise<ProjectModel> {
  const ctx = buildContext(root, files, skipped, config);
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
  const envSources = [docker, compose, k8s, services].flatMap((a) => a.envSources);
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
