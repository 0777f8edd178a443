import type { BuildContext } from "../context.js";
import type { Target } from "../types.js";
import type { SettingsModel } from "./types.js";

export async function buildSettings(_ctx: BuildContext, _targets: Target[]): Promise<SettingsModel> {
  return { productionSettings: [] };
}
