import type { BuildContext } from "./context.js";

export interface NginxModel {
  configs: unknown[];
}

export async function buildNginx(_ctx: BuildContext): Promise<NginxModel> {
  return { configs: [] };
}
