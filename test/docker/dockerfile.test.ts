import { describe, expect, test } from "vitest";
import { parseDockerfile, shellSource } from "../../src/parse/dockerfile.js";
import { sourceFile, textAt } from "./helpers.js";

async function parse(text: string) {
  const file = sourceFile("Dockerfile", text);
  const parsed = await parseDockerfile(file);
  return { ...parsed, file };
}

describe("Dockerfile parser", () => {
  test("every instruction has its exact span", async () => {
    const text = "FROM python:3.12-slim AS base\n\nRUN pip install \\\n    django\nCMD [\"gunicorn\"]\n";
    const { doc, errors } = await parse(text);
    expect(errors).toEqual([]);
    expect(doc.instructions.map((i) => [i.keyword, i.span.line, i.span.column, i.span.endLine, i.span.endColumn])).toEqual([
      ["FROM", 1, 1, 1, 30],
      ["RUN", 3, 1, 4, 11],
      ["CMD", 5, 1, 5, 17],
    ]);
    expect(textAt(text, doc.instructions[1]!.span)).toBe("RUN pip install \\\n    django");
  });

  test("exec form yields decoded JSON strings with spans; a broken array is shell form", async () => {
    const text = 'CMD ["gunicorn", "a\\"b", "sh  -c \\u0041"]\nCMD [ \'bad\' ]\nCMD gunicorn app\n';
    const { doc } = await parse(`FROM x:1\n${text}`);
    const [exec, broken, shell] = doc.instructions.slice(1);
    expect(exec!.json?.map((w) => w.value)).toEqual(["gunicorn", 'a"b', "sh  -c A"]);
    expect(exec!.json?.[0]?.span).toMatchObject({ line: 2, column: 6, endColumn: 16 });
    expect(broken!.json).toBeNull();
    expect(shell!.json).toBeNull();
    expect(shell!.args.map((a) => a.value)).toEqual(["gunicorn", "app"]);
  });

  test("a continuation with comment lines becomes one shell line of the same length", async () => {
    const text = "FROM x:1\nRUN apt-get install -y \\\n# the compiler\n    gcc \\\n\n    make\n";
    const { file, doc } = await parse(text);
    const run = doc.instructions[1]!;
    const src = shellSource(file, doc, run);
    expect(src.source.length).toBe(src.end - src.start);
    expect(src.source.split(/\s+/).filter(Boolean)).toEqual(["apt-get", "install", "-y", "gcc", "make"]);
    expect(text.slice(src.start + src.source.indexOf("gcc"), src.start + src.source.indexOf("gcc") + 3)).toBe("gcc");
  });

  test("the escape directive changes the continuation character", async () => {
    const text = "# escape=`\nFROM x:1\nRUN pip install `\n    django\n";
    const { file, doc } = await parse(text);
    expect(doc.escape).toBe("`");
    const src = shellSource(file, doc, doc.instructions[1]!);
    expect(src.source.split(/\s+/).filter(Boolean)).toEqual(["pip", "install", "django"]);
  });

  test("a RUN heredoc runs its body; a heredoc fed to a command is that command's stdin", async () => {
    const text = "FROM x:1\nRUN <<EOF\npip install django\npython manage.py collectstatic\nEOF\nRUN python3 <<PY\nprint(1)\nPY\n";
    const { file, doc } = await parse(text);
    const run = doc.instructions[1]!;
    expect(run.heredocs.map((h) => h.name)).toEqual(["EOF"]);
    const src = shellSource(file, doc, run);
    expect(src.source).toBe("pip install django\npython manage.py collectstatic");
    expect(text.slice(src.start, src.end)).toBe(src.source);
    expect(shellSource(file, doc, doc.instructions[2]!).source).toBe("python3 <<PY");
  });

  test("flags and ENV properties", async () => {
    const { doc } = await parse('FROM x:1\nCOPY --from=build --chown=app:app /a /b/\nENV A=1 B="two words"\nENV C 3 4\n');
    expect(doc.instructions[1]!.flags.map((f) => [f.name, f.value])).toEqual([
      ["from", "build"],
      ["chown", "app:app"],
    ]);
    expect(doc.instructions[1]!.args.map((a) => a.value)).toEqual(["/a", "/b/"]);
    expect(doc.instructions[2]!.properties.map((p) => [p.name, p.value])).toEqual([
      ["A", "1"],
      ["B", "two words"],
    ]);
    expect(doc.instructions[3]!.properties.map((p) => [p.name, p.value])).toEqual([["C", "3 4"]]);
  });

  test("unknown instructions and instructions before FROM are errors at the keyword; parsing goes on", async () => {
    const { doc, errors } = await parse("WORKDIR /app\nFROM x:1\nCOPPY a b\nUSER app\n");
    expect(errors.map((e) => [e.span.line, e.span.column, e.message])).toEqual([
      [1, 1, "WORKDIR before the first FROM"],
      [3, 1, 'unknown instruction "COPPY"'],
    ]);
    expect(doc.instructions.map((i) => i.keyword)).toEqual(["WORKDIR", "FROM", "USER"]);
  });
});
