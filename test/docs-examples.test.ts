/**
 * Documentation examples are tests: each rule's `docs.bad` project must
 * produce a finding of that rule, and its `docs.good` project none.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { allRules } from "../rules/index.js";
import { audit } from "../src/index.js";
import type { DocFile } from "../src/engine/types.js";

async function codesFor(files: DocFile[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "shipshape-docs-"));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.code);
    }
    return (await audit({ root: dir })).findings.map((f) => f.code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("docs examples", () => {
  for (const rule of allRules) {
    test(`${rule.code} ${rule.name}: docs.bad fires, docs.good does not`, async () => {
      expect(await codesFor(rule.docs.bad), "docs.bad").toContain(rule.code);
      expect(await codesFor(rule.docs.good), "docs.good").not.toContain(rule.code);
    });
  }
});
