import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { defineRule, type Rule } from "../../src/engine/types.js";
import unknownRule from "../../rules/tool/unknown-rule.js";
import unusedSuppression from "../../rules/tool/unused-suppression.js";

/**
 * A stand-in rule for engine and report tests, independent of the real
 * rules other areas are still growing: it reports every `DEBUG = True` in a
 * Python file at the `True`, with a related location at line 1.
 */
export const debugLiteral: Rule = defineRule({
  code: "XF990",
  name: "test-debug-literal",
  area: "topology",
  severity: "error",
  tags: ["security"],
  messages: { literal: "DEBUG is {value} in {file}." },
  docs: {
    summary: "Test rule.",
    why: "Test rule.",
    fix: "Set DEBUG = False.",
    bad: [{ path: "settings.py", code: "DEBUG = True\n" }],
    good: [{ path: "settings.py", code: "DEBUG = False\n" }],
    references: [{ title: "Django: DEBUG", url: "https://docs.djangoproject.com/en/stable/ref/settings/#debug" }],
  },
  check({ model, report }) {
    for (const file of model.files) {
      if (!file.path.endsWith(".py")) continue;
      for (let line = 1; line <= file.lines.lineCount; line++) {
        const m = /^(\s*DEBUG\s*=\s*)(True)\b/.exec(file.lines.lineText(line));
        if (!m) continue;
        const start = file.lines.lineStart(line) + m[1]!.length;
        report({
          messageId: "literal",
          data: { value: m[2]!, file: file.path },
          span: file.lines.span(start, start + 4),
          related: [{ span: file.lines.span(0, 0), message: "module starts here" }],
          fix: "DEBUG = False",
        });
      }
    }
  },
});

/** A reporting-only rule set: the stand-in plus the suppression rules. */
export const testRules: readonly Rule[] = [debugLiteral, unusedSuppression, unknownRule];

/** Writes `files` (path → content) into a fresh temp dir and returns it. */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shipshape-test-"));
  for (const [path, code] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), code);
  }
  return dir;
}
