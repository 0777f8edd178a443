/**
 * Whole realistic deployments. Every finding of every rule is marked in the
 * project's files with `# expect:`; the found set must equal the marked set.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { audit } from "../src/index.js";
import { expectationsIn } from "./helpers/expectations.js";

const PROJECTS = join(import.meta.dirname, "..", "fixtures", "projects");
const names = existsSync(PROJECTS) ? readdirSync(PROJECTS).sort() : [];

describe("fixture projects", () => {
  test("there are whole deployments to test", () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });
  for (const name of names) {
    test(name, async () => {
      const dir = join(PROJECTS, name);
      const result = await audit({ root: dir });
      const actual = result.findings.map((f) => `${f.span.file}:${f.span.line} ${f.code}`).sort();
      expect(actual).toEqual(expectationsIn(dir));
    });
  }
});
