import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";
import { applyBaseline, readBaseline, toBaseline, writeBaseline, BaselineError } from "../../src/engine/baseline.js";
import { defaultConfig } from "../../src/config/types.js";
import { debugLiteral, tempProject } from "./helpers.js";

const run = (root: string, baseline?: ReturnType<typeof readBaseline>) =>
  audit({ root, rules: [debugLiteral], config: defaultConfig(), ...(baseline ? { baseline } : {}) });

describe("baseline", () => {
  test("round trip: accepted findings stay hidden across line shifts, new ones are reported", async () => {
    const root = tempProject({ "app/settings.py": "DEBUG = True\nX = 1\nDEBUG = True\n" });
    const before = await run(root);
    expect(before.findings).toHaveLength(2);
    const path = join(root, "baseline.json");
    writeBaseline(path, before.unbaselined);
    const baseline = readBaseline(path);
    expect(baseline.findings.map((e) => e.code)).toEqual(["XF990", "XF990"]);

    writeFileSync(join(root, "app/settings.py"), "import os\n\n\nDEBUG = True\nX = 1\n\nDEBUG = True\n");
    const shifted = await run(root, baseline);
    expect(shifted.findings).toEqual([]);
    expect(shifted.hidden.baseline).toBe(2);

    writeFileSync(join(root, "app/settings.py"), "DEBUG = True\nX = 1\nDEBUG = True\nDEBUG = True\n");
    const grown = await run(root, baseline);
    expect(grown.findings.map((f) => f.span.line)).toEqual([4]);
  });

  test("a finding on a changed line is new", async () => {
    const root = tempProject({ "app/settings.py": "DEBUG = True\n" });
    const baseline = toBaseline((await run(root)).unbaselined);
    writeFileSync(join(root, "app/settings.py"), "DEBUG = True  # temporarily\n");
    expect((await run(root, baseline)).findings).toHaveLength(1);
  });

  test("each entry hides at most one finding", () => {
    const f = { code: "X", name: "x", messageId: "m", severity: "error" as const, message: "", span: { file: "a", line: 1, column: 1, endLine: 1, endColumn: 1 }, related: [], fingerprint: "abc" };
    const { kept, hidden } = applyBaseline([f, { ...f }], toBaseline([f]));
    expect([kept.length, hidden.length]).toEqual([1, 1]);
  });

  test("a file that is not a baseline is refused", () => {
    const root = tempProject({ "b.json": "[]", "c.json": "{" });
    expect(() => readBaseline(join(root, "b.json"))).toThrow(BaselineError);
    expect(() => readBaseline(join(root, "c.json"))).toThrow(/not valid JSON/);
    expect(() => readBaseline(join(root, "missing.json"))).toThrow(/cannot read/);
    expect(JSON.parse(readFileSync(join(root, "b.json"), "utf8"))).toEqual([]);
  });
});
