import { describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";
import { LineIndex } from "../../src/parse/span.js";
import { scanSuppressions } from "../../src/engine/suppress.js";
import type { SourceFile } from "../../src/discover/types.js";
import { defaultConfig } from "../../src/config/types.js";
import { debugLiteral, tempProject, testRules } from "./helpers.js";

function file(path: string, text: string): SourceFile {
  return { path, absPath: `/x/${path}`, kind: "settings", text, lines: new LineIndex(path, text) };
}
const resolve = (n: string) => (["XF990", "test-debug-literal"].includes(n) ? "XF990" : undefined);

describe("scanSuppressions", () => {
  test("trailing comment applies to its own line; entries carry exact spans", () => {
    const [s] = scanSuppressions([file("s.py", "A = 1\nDEBUG = True  # shipshape: ignore[XF990, nope] -- staging\n")], resolve);
    expect(s).toMatchObject({ scope: "line", line: 2, reason: "staging" });
    expect(s!.entries.map((e) => [e.name, e.code, e.span.line, e.span.column, e.span.endColumn])).toEqual([
      ["XF990", "XF990", 2, 35, 40],
      ["nope", null, 2, 42, 46],
    ]);
    expect(s!.span).toMatchObject({ line: 2, column: 15, endColumn: 47 });
  });

  test("a comment alone on its line applies to the next line that is not blank or a comment", () => {
    const [s] = scanSuppressions([file("s.py", "# shipshape: ignore[test-debug-literal]: local reason\n\n# another comment\nDEBUG = True\n")], resolve);
    expect(s).toMatchObject({ scope: "line", line: 4, reason: "local reason" });
  });

  test("ignore-file, bare ignore and CRLF", () => {
    const text = "# shipshape: ignore-file[XF990]\r\nX = 1  # shipshape: ignore\r\nY = 2 # shipshape:ignore[]\r\n";
    const found = scanSuppressions([file("s.py", text)], resolve);
    expect(found.map((s) => [s.scope, s.line, s.entries.length, s.reason])).toEqual([
      ["file", 1, 1, null],
      ["line", 2, 0, null],
      ["line", 3, 0, null],
    ]);
  });

  test("a space before the list is allowed", () => {
    const [s] = scanSuppressions([file("s.py", "DEBUG = True  # shipshape: ignore [XF990]\n")], resolve);
    expect(s!.entries.map((e) => [e.code, e.span.column])).toEqual([["XF990", 36]]);
  });

  test("files without the word are not scanned, and other comments are not directives", () => {
    expect(scanSuppressions([file("s.py", "# noqa: E501\nX = 1  # type: ignore\n")], resolve)).toEqual([]);
  });
});

describe("suppressions in an audit", () => {
  const project = (settings: string, extra: Record<string, string> = {}) => tempProject({ "app/settings.py": settings, ...extra });
  const run = async (root: string, overrides: Partial<ReturnType<typeof defaultConfig>> = {}) =>
    audit({ root, rules: testRules, config: { ...defaultConfig(), ...overrides } });
  const codes = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => `${f.span.line} ${f.code}`);

  test("same line, line above, by name, file-level", async () => {
    const root = project("DEBUG = True  # shipshape: ignore[XF990]\n# shipshape: ignore[test-debug-literal]\nDEBUG = True\nDEBUG = True\n");
    const r = await run(root);
    expect(codes(r)).toEqual(["4 XF990"]);
    expect(r.hidden.inline).toBe(2);
    const whole = await run(project("# shipshape: ignore-file[XF990]\nDEBUG = True\n\nDEBUG = True\n"));
    expect(codes(whole)).toEqual([]);
    expect(whole.hidden.file).toBe(2);
  });

  test("a suppression of another rule does not hide the finding", async () => {
    const r = await run(project("DEBUG = True  # shipshape: ignore[PX002]\n"));
    expect(codes(r)).toEqual(["1 XF990"]);
  });

  test("unknown names are PX003; unused ones PX002 only when asked", async () => {
    const root = project("DEBUG = False  # shipshape: ignore[XF990]\nX = 1  # shipshape: ignore[XF999]\n");
    expect(codes(await run(root))).toEqual(["2 PX003"]);
    expect(codes(await run(root, { reportUnusedIgnores: true }))).toEqual(["1 PX002", "2 PX003"]);
    expect(codes(await run(root, { reportUnusedIgnores: true, ignore: ["XF990"] }))).toEqual(["2 PX003"]);
  });

  test("per-file-ignores and severity overrides", async () => {
    const root = project("DEBUG = True\n", { "legacy/settings.py": "DEBUG = True\n" });
    const r = await run(root, { perFileIgnores: { "legacy/**": ["XF9"] }, severity: { XF990: "info" } });
    expect(r.findings.map((f) => `${f.span.file} ${f.severity}`)).toEqual(["app/settings.py info"]);
    expect(r.hidden["per-file-ignores"]).toBe(1);
  });

  test("select and ignore take prefixes; narrowing keeps reading everything", async () => {
    const root = project("DEBUG = True\n", { "other/settings.py": "DEBUG = True\n" });
    expect(codes(await run(root, { select: ["PX"] }))).toEqual([]);
    expect(codes(await run(root, { select: ["XF"], ignore: ["XF99"] }))).toEqual([]);
    const narrowed = await audit({ root, rules: [debugLiteral], config: defaultConfig(), only: ["other"] });
    expect(narrowed.findings.map((f) => f.span.file)).toEqual(["other/settings.py"]);
    expect(narrowed.hidden.narrowed).toBe(1);
    expect(narrowed.filesRead).toBe(2);
  });
});
