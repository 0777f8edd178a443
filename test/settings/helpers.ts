import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { audit } from "../../src/index.js";
import type { ProjectModel } from "../../src/model/types.js";
import { defaultConfig } from "../../src/config/types.js";

/** Writes the files to a temporary project, builds its model (no rules), removes the project. */
export async function modelOf(files: Record<string, string>, settings: string[] = []): Promise<ProjectModel> {
  const dir = mkdtempSync(join(tmpdir(), "shipshape-settings-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const result = await audit({ root: dir, rules: [], config: { ...defaultConfig(), settings } });
    return result.model;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A settings package: config/settings/{__init__,<name>}.py from the given sources. */
export function pkg(modules: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = { "config/__init__.py": "", "config/settings/__init__.py": "" };
  for (const [name, text] of Object.entries(modules)) files[`config/settings/${name}.py`] = text;
  return files;
}
