/** The Python helpers: syntax errors with positions, string and number literals as Python reads them. */
import { describe, expect, test } from "vitest";
import { LineIndex } from "../../src/parse/span.js";
import { namedChildren, numberValue, parsePython, stringValue } from "../../src/parse/python.js";
import type { SourceFile } from "../../src/discover/types.js";

function file(text: string, path = "config/settings.py"): SourceFile {
  return { path, absPath: `/x/${path}`, kind: "settings", text, lines: new LineIndex(path, text) };
}

async function literal(src: string): Promise<{ s: string | null; n: number | null }> {
  const parsed = await parsePython(file(`X = ${src}\n`));
  const right = parsed.root.namedChildren[0]!.namedChildren[0]!.childForFieldName("right")!;
  return { s: stringValue(right), n: numberValue(right) };
}

describe("parsePython", () => {
  test("a valid module has no errors", async () => {
    const parsed = await parsePython(file("import os\n\nDEBUG = os.environ.get('DEBUG') == '1'\n"));
    expect(parsed.errors).toEqual([]);
    expect(namedChildren(parsed.root).map((n) => n.type)).toEqual(["import_statement", "expression_statement"]);
  });

  test("a syntax error is reported once, at its line, and the rest of the module is still parsed", async () => {
    const parsed = await parsePython(file("DEBUG = False\nALLOWED_HOSTS = ['a',\nSECRET_KEY = 'x'\n\nTIME_ZONE = 'UTC'\n"));
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.span.file).toBe("config/settings.py");
    expect(parsed.errors[0]!.span.line).toBeGreaterThanOrEqual(2);
    expect(parsed.errors[0]!.span.line).toBeLessThanOrEqual(3);
    expect(parsed.errors[0]!.message).toMatch(/^Python syntax error/);
    expect(parsed.root.text).toContain("TIME_ZONE");
  });

  test("columns count UTF-16 code units", async () => {
    const parsed = await parsePython(file("NAME = 'é😀'\nX = (\n"));
    expect(parsed.errors[0]!.span.line).toBeGreaterThanOrEqual(2);
  });
});

describe("literals", () => {
  test("strings: quotes, escapes, raw, implicit concatenation, unicode", async () => {
    expect((await literal("'a\\tb'")).s).toBe("a\tb");
    expect((await literal('"it\'s"')).s).toBe("it's");
    expect((await literal("r'\\d+'")).s).toBe("\\d+");
    expect((await literal("'a' \"b\" 'c'")).s).toBe("abc");
    expect((await literal("'\\u00e9\\x41'")).s).toBe("éA");
    expect((await literal("'''multi\nline'''")).s).toBe("multi\nline");
    expect((await literal("u'x'")).s).toBe("x");
  });

  test("f-strings and bytes are not plain strings", async () => {
    expect((await literal("f'{x}'")).s).toBeNull();
    expect((await literal("b'x'")).s).toBeNull();
  });

  test("numbers: underscores, hex, floats; complex numbers are not read", async () => {
    expect((await literal("31_536_000")).n).toBe(31536000);
    expect((await literal("0x10")).n).toBe(16);
    expect((await literal("1.5e3")).n).toBe(1500);
    expect((await literal("2j")).n).toBeNull();
  });
});
