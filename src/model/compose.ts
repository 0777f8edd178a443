import type { BuildContext } from "./context.js";
import type { DockerModel } from "./docker.js";
import type { EnvSource, Process, Target } from "./types.js";

export interface ComposeModel {
  files: unknown[];
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
}

export async function buildCompose(_ctx: BuildContext, _docker: DockerModel): Promise<ComposeModel> {
  return { files: [], processes: [], envSources: [], targets: [] };
}
