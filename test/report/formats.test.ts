import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import Ajv from "ajv";
import type * as Sarif from "sarif";
import { audit, type AuditResult } from "../../src/index.js";
import { defaultConfig } from "../../src/config/types.js";
import { formatters } from "../../src/report/index.js";
import { escapeData, escapeProperty } from "../../src/report/github.js";
import { SECURITY_SEVERITY } from "../../src/report/sarif.js";
import { debugLiteral, tempProject, testRules } from "../engine/helpers.js";

const settings = "import os\n\n\tDEBUG = True\nDEBUG = True  # shipshape: ignore[XF990]\nX = 1  # shipshape: ignore[XF123]\n";
async function sample(): Promise<AuditResult> {
  const root = tempProject({ "app/settings.py": settings, "app/other settings.py": "DEBUG = True\n" });
  return audit({ root, rules: testRules, config: defaultConfig() });
}
const opts = (root: string, color = false) => ({ color, cwd: root });

describe("text", () => {
  test("grouped by file, code frame with carets under the span, related, fix, summary", async () => {
    const r = await sample();
    const out = formatters.text(r, opts(r.root));
    expect(out).not.toMatch(/\x1b\[/);
    const lines = out.split("\n");
    const i = lines.indexOf("app/settings.py");
    expect(i).toBeGreaterThan(0);
    expect(lines.slice(i + 1, i + 6)).toEqual([
      "  3:10  error  XF990 test-debug-literal  DEBUG is True in app/settings.py.",
      "      3 | \tDEBUG = True",
      "        | \t        ^^^^",
      "      app/settings.py:1:1  module starts here",
      "      fix: DEBUG = False",
    ]);
    expect(lines[lines.length - 2]).toBe("3 findings (2 errors, 1 warning) in 2 files · 2 files read, 0 skipped · 1 suppressed");
  });

  test("colours only when asked", async () => {
    const r = await sample();
    expect(formatters.text(r, opts(r.root, true))).toMatch(/\x1b\[31merror\x1b\[0m/);
  });

  test("no findings: just the summary", async () => {
    const root = tempProject({ "app/settings.py": "DEBUG = False\n" });
    const r = await audit({ root, rules: [debugLiteral], config: defaultConfig() });
    expect(formatters.text(r, opts(root))).toBe("no findings · 1 file read, 0 skipped\n");
  });
});

describe("json", () => {
  test("validates against docs/report.schema.json and carries exact locations", async () => {
    const r = await sample();
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../docs/report.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const data = JSON.parse(formatters.json(r, opts(r.root)));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data.summary).toMatchObject({ findings: 3, error: 2, warning: 1, info: 0, hidden: { inline: 1 } });
    expect(data.findings[1]).toMatchObject({
      code: "XF990",
      tags: ["security"],
      location: { file: "app/settings.py", line: 3, column: 10, endLine: 3, endColumn: 14 },
      related: [{ message: "module starts here" }],
      fix: "DEBUG = False",
    });
    expect(new Set(data.findings.map((f: { fingerprint: string }) => f.fingerprint)).size).toBe(3);
  });
});

describe("sarif", () => {
  test("rules, results, regions, fingerprints and base URI", async () => {
    const r = await sample();
    const log = JSON.parse(formatters.sarif(r, opts(r.root))) as Sarif.Log;
    const run = log.runs[0]!;
    expect(log.version).toBe("2.1.0");
    expect(run.originalUriBaseIds?.["%SRCROOT%"]?.uri).toBe(pathToFileURL(r.root).href + "/");
    const rules = run.tool.driver.rules!;
    expect(rules.map((x) => x.id)).toEqual(["XF990", "PX002", "PX003"]);
    const rule = rules[0]!;
    expect(rule).toMatchObject({ name: "test-debug-literal", defaultConfiguration: { level: "error" }, helpUri: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" });
    expect(rule.properties?.["security-severity"]).toBe(SECURITY_SEVERITY.error);
    expect(rule.help?.markdown).toContain("**Why it matters.**");
    expect(rules[2]!.properties?.["security-severity"]).toBeUndefined();
    const results = run.results!;
    expect(results.map((x) => [x.ruleId, x.ruleIndex, x.level])).toEqual([
      ["XF990", 0, "error"],
      ["XF990", 0, "error"],
      ["PX003", 2, "warning"],
    ]);
    const loc = results[0]!.locations![0]!.physicalLocation!;
    expect(loc.artifactLocation).toEqual({ uri: "app/other%20settings.py", uriBaseId: "%SRCROOT%" });
    const second = results[1]!.locations![0]!.physicalLocation!;
    expect(second.region).toEqual({ startLine: 3, startColumn: 10, endLine: 3, endColumn: 14 });
    expect(results[1]!.relatedLocations?.[0]).toMatchObject({ message: { text: "module starts here" }, physicalLocation: { region: { startLine: 1, startColumn: 1 } } });
    expect(results[1]!.partialFingerprints?.["shipshape/v1"]).toMatch(/^[0-9a-f]{32}$/);
  });

  test("a severity override changes the level and the security-severity", async () => {
    const r = await sample();
    const info = await audit({ root: r.root, rules: testRules, config: { ...defaultConfig(), severity: { XF990: "warning" } } });
    const run = (JSON.parse(formatters.sarif(info, opts(r.root))) as Sarif.Log).runs[0]!;
    expect(run.tool.driver.rules![0]).toMatchObject({ defaultConfiguration: { level: "warning" }, properties: { "security-severity": SECURITY_SEVERITY.warning } });
    expect(run.results![0]!.level).toBe("warning");
  });
});

describe("github", () => {
  test("escaping of data and properties", () => {
    expect(escapeData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });

  test("one annotation per finding with positions, relative to the working directory", async () => {
    const r = await sample();
    const lines = formatters.github(r, opts(join(r.root, ".."))).trim().split("\n");
    const base = r.root.split("/").pop();
    expect(lines[1]).toBe(`::error file=${base}/app/settings.py,line=3,col=10,endLine=3,endColumn=14,title=XF990 test-debug-literal::DEBUG is True in app/settings.py.%0AFix: DEBUG = False`);
    expect(lines[2]).toMatch(/^::warning file=.*,title=PX003 unknown-rule::/);
    expect(lines).toHaveLength(4);
  });
});

describe("gitlab", () => {
  test("code quality issues with the severity mapping", async () => {
    const r = await sample();
    const issues = JSON.parse(formatters.gitlab(r, opts(r.root)));
    expect(issues.map((i: { severity: string; check_name: string }) => `${i.check_name} ${i.severity}`)).toEqual(["XF990 critical", "XF990 critical", "PX003 major"]);
    expect(issues[1]).toMatchObject({ location: { path: "app/settings.py", lines: { begin: 3 } }, description: expect.stringContaining("XF990 test-debug-literal:") });
    expect(issues[1].fingerprint).toBe(r.findings[1]!.fingerprint);
    const info = await audit({ root: r.root, rules: testRules, config: { ...defaultConfig(), severity: { XF990: "info" } } });
    expect(JSON.parse(formatters.gitlab(info, opts(r.root)))[0].severity).toBe("minor");
  });
});
