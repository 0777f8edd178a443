import type { BuildContext } from "./context.js";
import type { DockerModel } from "./docker.js";
import type { EnvSource, Process, Target } from "./types.js";

/** systemd units, supervisor programs, Procfile / heroku.yml / app.json / fly.toml, env files. */
export interface ServicesModel {
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
}

export async function buildServices(_ctx: BuildContext, _docker: DockerModel): Promise<ServicesModel> {
  return { processes: [], envSources: [], targets: [] };
}
