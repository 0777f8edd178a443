import type { BuildContext } from "./context.js";
import type { Process, Target } from "./types.js";

/** gunicorn / uWSGI / uvicorn / daphne / hypercorn, normalised from flags, config files and env. */
export interface AppServerModel {
  servers: unknown[];
}

export async function buildAppServers(_ctx: BuildContext, _processes: Process[], _targets: Target[]): Promise<AppServerModel> {
  return { servers: [] };
}
