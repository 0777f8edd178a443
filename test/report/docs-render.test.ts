import { describe, expect, test } from "vitest";
import { allRules } from "../../rules/index.js";
import { catalogMarkdown, explainText, helpMarkdown, wrap } from "../../src/docs/render.js";
import { debugLiteral } from "../engine/helpers.js";
import unknownRule from "../../rules/tool/unknown-rule.js";

/** GitHub's heading slug: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

describe("rule docs rendering", () => {
  test("every catalog link points at a rule heading", () => {
    const md = catalogMarkdown(allRules);
    const headings = new Set([...md.matchAll(/^#{2,3} (.+)$/gm)].map((m) => slug(m[1]!)));
    const links = [...md.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links).toHaveLength(allRules.length);
    for (const link of links) expect(headings.has(link), link).toBe(true);
  });

  test("help markdown carries why, fix, fenced examples and references", () => {
    const md = helpMarkdown(debugLiteral);
    expect(md).toContain("**Why it matters.** Test rule.");
    expect(md).toContain("`settings.py`\n\n```python\nDEBUG = True\n```");
    expect(md).toContain("- [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)");
  });

  test("explain wraps prose at the width and keeps examples verbatim", () => {
    const text = explainText(unknownRule, 60);
    for (const line of text.split("\n")) if (!line.startsWith("    ") && !line.startsWith("  - ")) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(wrap("a bb ccc dddd", 6, "  ")).toEqual(["  a bb", "  ccc", "  dddd"]);
  });
});
