import type { BuildContext } from "./context.js";
import type { DockerModel } from "./docker.js";
import type { EnvSource, Process, Target } from "./types.js";

export interface K8sModel {
  workloads: unknown[];
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
}

export async function buildK8s(_ctx: BuildContext, _docker: DockerModel): Promise<K8sModel> {
  return { workloads: [], processes: [], envSources: [], targets: [] };
}
