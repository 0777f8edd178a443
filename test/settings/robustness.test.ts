/**
 * Broken Python never breaks the pipeline: every prefix-truncation of real
 * settings modules (and some mangled lines) is audited with every rule; the
 * audit must finish and report the syntax error as PX001, never throw.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";

const PROJECTS = join(import.meta.dirname, "..", "..", "fixtures", "projects");
const SOURCES = [
  join(PROJECTS, "compose-stack", "config", "settings.py"),
  join(PROJECTS, "vm-nginx-systemd", "mysite", "settings", "base.py"),
  join(PROJECTS, "heroku-procfile", "notes", "settings.py"),
];
const work = mkdtempSync(join(tmpdir(), "shipshape-broken-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function variants(text: string): string[] {
  const out: string[] = [];
  for (let cut = 7; cut < text.length; cut += 41) out.push(text.slice(0, cut));
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 3) {
    const mangled = [...lines];
    mangled[i] = `${mangled[i]} = (`;
    out.push(mangled.join("\n"));
  }
  return out;
}

describe("broken settings modules", () => {
  test("every variant is audited without throwing; syntax errors become PX001", { timeout: 120_000 }, async () => {
    let n = 0;
    let px = 0;
    for (const source of SOURCES) {
      for (const text of variants(readFileSync(source, "utf8"))) {
        const dir = join(work, `v${n++}`);
        mkdirSync(join(dir, "config"), { recursive: true });
        writeFileSync(join(dir, "config", "__init__.py"), "");
        writeFileSync(join(dir, "config", "settings.py"), text);
        const result = await audit({ root: dir });
        if (result.findings.some((f) => f.code === "PX001" && f.span.file === "config/settings.py")) px++;
      }
    }
    expect(n).toBeGreaterThan(60);
    expect(px).toBeGreaterThan(n / 3);
  });
});
