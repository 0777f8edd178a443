/** `shipshape settings`: the evaluated view, with provenance, for every fixture project. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { renderSettings } from "../../src/commands/settings.js";

const PROJECTS = join(import.meta.dirname, "..", "..", "fixtures", "projects");

describe("shipshape settings", () => {
  for (const name of readdirSync(PROJECTS).sort()) {
    test(`${name}: values, where each was set, the env vars they depend on`, async () => {
      const out = await renderSettings(join(PROJECTS, name));
      expect(out).not.toMatch(/^No production settings module/);
      expect(out).toMatch(/^\S+ \(\S+\.py\) — chosen by /m);
      const settingLines = out.split("\n").filter((l) => /^ {2}[A-Z]/.test(l));
      expect(settingLines.length).toBeGreaterThan(5);
      for (const line of settingLines) expect(line).toMatch(/ = .+ \((\S+\.py:\d+:\d+|Django default)\)/);
      const readsEnv = readdirSync(PROJECTS, { recursive: true, withFileTypes: false })
        .map(String)
        .some((p) => p.startsWith(`${name}/`) && p.endsWith(".py") && /os\.environ|getenv|env\(|config\(/.test(readFileSync(join(PROJECTS, p), "utf8")) && /settings/.test(p));
      if (readsEnv) expect(out).toMatch(/ \[\w+ (unset|set)/);
    });
  }

  test("a module named on the command line is evaluated even when it is a development module", async () => {
    const dir = join(import.meta.dirname, "..", "..", "fixtures", "rules", "DJ122", "good-dev-only");
    const out = await renderSettings(dir, "config.settings.local");
    expect(out).toMatch(/^config\.settings\.local \(config\/settings\/local\.py\) — chosen by configuration — /);
    expect(out).toMatch(/INSTALLED_APPS\s+= \[.*'debug_toolbar'\]/);
  });

  test("an unknown module is said so, with the modules that exist", async () => {
    const dir = join(import.meta.dirname, "..", "..", "fixtures", "rules", "DJ122", "good-dev-only");
    expect(await renderSettings(dir, "nope.settings")).toMatch(/^No settings module nope\.settings in this project \(settings modules: .*config\.settings\.production/);
  });
});
