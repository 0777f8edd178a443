import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { audit, type AuditResult } from "../../src/index.js";

/** Audits a throw-away project made of `files` (path → content). */
export async function auditFiles(files: Record<string, string>): Promise<AuditResult> {
  const dir = mkdtempSync(join(tmpdir(), "shipshape-compose-"));
  try {
    for (const [path, code] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), code);
    }
    return await audit({ root: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
