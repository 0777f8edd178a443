import { describe, expect, test } from "vitest";
import type { SourceFile } from "../../src/discover/types.js";
import { LineIndex } from "../../src/parse/span.js";
import { entries, entry, getPath, items, parseYaml, scalarText, spanOf } from "../../src/parse/yaml.js";

function source(text: string, path = "docker-compose.yml"): SourceFile {
  return { path, absPath: `/x/${path}`, kind: "compose", text, lines: new LineIndex(path, text) };
}

describe("parseYaml", () => {
  test("spans are 1-based lines and UTF-16 columns, endColumn exclusive", () => {
    const { doc, errors } = parseYaml(source('services:\n  web:\n    image: "ünïcode:1"\n'));
    expect(errors).toEqual([]);
    const y = doc[0]!;
    const image = getPath(y, y.doc.contents, "services", "web", "image")!;
    expect(image.keySpan).toMatchObject({ line: 3, column: 5, endLine: 3, endColumn: 10 });
    expect(spanOf(y, image.value!)).toMatchObject({ line: 3, column: 12, endColumn: 23 });
    expect(scalarText(image.value)).toBe("ünïcode:1");
  });

  test("block values do not stretch spans over the following blank lines", () => {
    const { doc } = parseYaml(source("services:\n  web:\n    image: a\n\n\n  db:\n    image: b\n"));
    const y = doc[0]!;
    const web = getPath(y, y.doc.contents, "services", "web")!;
    expect(web.span).toMatchObject({ line: 2, endLine: 3, endColumn: 13 });
  });

  test("<< merges: own keys win, merged keys point where the anchor writes them", () => {
    const text = "x-a: &a\n  restart: always\n  image: base\nx-b: &b\n  user: app\nservices:\n  web:\n    <<: [*a, *b]\n    image: own\n";
    const { doc } = parseYaml(source(text));
    const y = doc[0]!;
    const web = getPath(y, y.doc.contents, "services", "web")!.value;
    const list = entries(y, web);
    expect(list.map((e) => [e.key, e.merged, e.keySpan.line])).toEqual([
      ["image", false, 9],
      ["restart", true, 2],
      ["user", true, 5],
    ]);
    expect(scalarText(entry(y, web, "image")!.value)).toBe("own");
  });

  test("aliases are followed for values and sequence items", () => {
    const { doc } = parseYaml(source("x-ports: &p\n  - 80:80\nservices:\n  web:\n    ports: *p\n"));
    const y = doc[0]!;
    const ports = getPath(y, y.doc.contents, "services", "web", "ports")!;
    expect(items(y, ports.value).map((n) => scalarText(n))).toEqual(["80:80"]);
  });

  test("an undefined alias is a parse error at the alias, never an exception", () => {
    const { doc, errors } = parseYaml(source("services:\n  web:\n    logging: *nope\n    image: a\n"));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.span).toMatchObject({ line: 3, column: 14 });
    const y = doc[0]!;
    expect(getPath(y, y.doc.contents, "services", "web", "logging")!.value).toBeNull();
    expect(scalarText(getPath(y, y.doc.contents, "services", "web", "image")!.value)).toBe("a");
  });

  test("multi-document files give every document", () => {
    const { doc, errors } = parseYaml(source("kind: A\n---\nkind: B\n---\n# only a comment\n", "k.yaml"));
    expect(errors).toEqual([]);
    expect(doc.map((d) => scalarText(entry(d, d.doc.contents, "kind")?.value ?? null))).toEqual(["A", "B", null]);
    expect(doc.map((d) => d.index)).toEqual([0, 1, 2]);
  });

  test("a syntax error gives one error at its position and keeps what was recovered", () => {
    const { doc, errors } = parseYaml(source("kind: A\nmetadata:\n  name: web\n---\nkind: B\nspec:\n  labels: {app: web\nother: 1\n", "k.yaml"));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.span).toMatchObject({ line: 7, column: 11 });
    expect(errors[0]!.message).toMatch(/^YAML syntax error: /);
    const first = doc[0]!;
    expect(scalarText(getPath(first, first.doc.contents, "metadata", "name")!.value)).toBe("web");
  });

  test("a badly indented key is reported on its own line", () => {
    const { errors } = parseYaml(source("services:\n  web:\n    image: app:1.0\n   ports: [\n"));
    expect(errors[0]!.span.line).toBe(4);
  });
});

describe("hostile input", () => {
  test("merge chains that fan out through shared anchors stay linear", () => {
    let text = "a0: &a0\n  k0: v\n";
    for (let i = 1; i <= 12; i++) text += `a${i}: &a${i}\n  k${i}: v\n  <<: [${Array.from({ length: 8 }, () => `*a${i - 1}`).join(", ")}]\n`;
    text += "services:\n  web:\n    <<: *a12\n";
    const { doc } = parseYaml(source(text));
    const y = doc[0]!;
    const web = getPath(y, y.doc.contents, "services", "web")!.value;
    expect(entries(y, web).length).toBeGreaterThan(0);
  }, 10_000);
});

describe("error positions", () => {
  test("an unclosed quote is reported at its opening quote, not at the end of the file", () => {
    const { errors } = parseYaml(source('services:\n  web:\n    environment:\n      - "DEBUG=0\n      - A=1\n\n'));
    expect(errors[0]!.span).toMatchObject({ line: 4, column: 9 });
  });

  test("an unclosed flow mapping is reported at its brace", () => {
    const { errors } = parseYaml(source("a:\n  labels: {app: web\nb: 1\n"));
    expect(errors[0]!.span).toMatchObject({ line: 2, column: 11 });
  });
});

describe("duplicate keys", () => {
  test("a repeated key is an error (compose and kubectl refuse it); merged keys are not repeats", () => {
    const dup = parseYaml(source("services:\n  web:\n    image: a\n    image: b\n"));
    expect(dup.errors[0]!.span.line).toBe(4);
    const merged = parseYaml(source("x: &x\n  image: a\nservices:\n  web:\n    <<: *x\n    image: b\n"));
    expect(merged.errors).toEqual([]);
  });
});

describe("never throws", () => {
  test("deeply nested flow collections", () => {
    const text = `a: ${"[".repeat(20000)}${"]".repeat(20000)}\n`;
    expect(() => parseYaml(source(text, "k.yaml"))).not.toThrow();
  });
});
