import type { BuildContext } from "./context.js";
import type { EnvSource, Process, Target } from "./types.js";

/** Dockerfiles, the images they build, and the scripts those images run. */
export interface DockerModel {
  images: unknown[];
  processes: Process[];
  envSources: EnvSource[];
  /** Images run as they are (no compose/k8s definition uses them). */
  targets: Target[];
}

export async function buildDocker(_ctx: BuildContext): Promise<DockerModel> {
  return { images: [], processes: [], envSources: [], targets: [] };
}
