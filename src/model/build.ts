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
import type { ProjectModel } from "./types.js";

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
  const areas = [docker, compose, k8s, services];
  const processes = areas.flatMap((a) => a.processes);
  const envSources = areas.flatMap((a) => a.envSources);
  const targets = areas.flatMap((a) => a.targets);
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
