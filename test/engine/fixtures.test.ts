/**
 * Engine fixture projects: real rules firing across file kinds, with
 * suppressions and config applied. For the codes a project names (in
 * `# expect:` markers, in its suppressions and in its per-file-ignores,
 * plus PX002/PX003) the found set must equal the marked set. Each project turns on
 * `report-unused-ignores`, so a suppression that hid nothing fails the test
 * as an unexpected PX002.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";
import { findRule } from "../../rules/index.js";
import { matchesAny } from "../../src/config/types.js";
import { expectationsIn } from "../helpers/expectations.js";

const ENGINE = join(import.meta.dirname, "..", "..", "fixtures", "engine");
const projects = existsSync(ENGINE) ? readdirSync(ENGINE).sort() : [];

describe("engine fixture projects", () => {
  for (const name of projects) {
    test(name, async () => {
      const dir = join(ENGINE, name);
      const result = await audit({ root: dir });
      expect(result.model.config.reportUnusedIgnores, "the project turns on report-unused-ignores").toBe(true);
      const expected = expectationsIn(dir);
      const suppressedCodes = (result.model.suppressions ?? []).flatMap((s) => s.entries.map((e) => e.code ?? findRule(e.name)?.code)).filter((c): c is string => !!c);
      const judged = new Set(["PX002", "PX003", ...suppressedCodes, ...expected.map((m) => m.split(" ")[1]!)]);
      const perFile = Object.values(result.model.config.perFileIgnores).flat();
      const actual = result.findings
        .filter((f) => judged.has(f.code) || matchesAny(f.code, perFile))
        .map((f) => `${f.span.file}:${f.span.line} ${f.code}`)
        .sort();
      expect(actual).toEqual(expected);
      expect(result.hidden.inline + result.hidden.file + result.hidden["per-file-ignores"], "suppressions hid findings").toBeGreaterThan(0);
    });
  }
});
