import { describe, expect, test } from "vitest";
import { LineIndex } from "../../src/parse/span.js";
import { allEntries, lastEntry, parseIniText, valueSubSpan } from "../../src/parse/ini.js";
import { shlexSplit } from "../../src/parse/shlex.js";
import { parseEnvironment, parseEnvironmentFile, parseExecLine, splitWords } from "../../src/parse/systemd.js";
import { parseProcfile } from "../../src/parse/procfile.js";
import { parsePlatform } from "../../src/parse/platform.js";
import type { SourceFile } from "../../src/discover/types.js";

function source(path: string, text: string, kind: SourceFile["kind"] = "platform"): SourceFile {
  return { path, absPath: `/x/${path}`, kind, text, lines: new LineIndex(path, text) };
}

describe("INI parser", () => {
  test("systemd: repeated keys kept in order, continuations joined with spans across lines", () => {
    const text = "[Service]\nEnvironment=A=1\nEnvironment=B=2\nExecStart=/bin/app \\\n    --bind 0.0.0.0:8000 \\\n    --workers 3\n";
    const lines = new LineIndex("u.service", text);
    const { doc, errors } = parseIniText(lines, "systemd");
    expect(errors).toEqual([]);
    const service = doc.sections[0]!;
    expect(allEntries(service, "Environment").map((e) => e.value)).toEqual(["A=1", "B=2"]);
    const exec = lastEntry(service, "ExecStart")!;
    expect(exec.value).toBe("/bin/app --bind 0.0.0.0:8000 --workers 3");
    expect(exec.span).toMatchObject({ line: 4, column: 1, endLine: 6, endColumn: 16 });
    const bind = exec.value.indexOf("0.0.0.0");
    expect(valueSubSpan(lines, exec, bind, bind + "0.0.0.0:8000".length)).toMatchObject({ line: 5, column: 12, endLine: 5, endColumn: 24 });
  });

  test("systemd: comment lines inside a continuation are skipped; commented assignments are kept as alternatives", () => {
    const text = "[Service]\nExecStart=/bin/app \\\n# a note\n    --fast\n#ExecStart=/bin/other --slow\n";
    const { doc } = parseIniText(new LineIndex("u.service", text), "systemd");
    expect(lastEntry(doc.sections[0]!, "ExecStart")!.value).toBe("/bin/app --fast");
    expect(doc.sections[0]!.commented).toMatchObject([{ key: "ExecStart", value: "/bin/other --slow", span: { line: 5 } }]);
  });

  test("supervisor: indented lines continue a value, `;` after whitespace starts a comment, keys are lower-cased, `:` separates", () => {
    const text = "[program:web]\nCommand = /srv/venv/bin/gunicorn app.wsgi ; the server\n    --workers 3\n    --bind unix:/run/web.sock\nuser: web\nurl=http://x/;y\n";
    const { doc, errors } = parseIniText(new LineIndex("s.conf", text), "supervisor");
    expect(errors).toEqual([]);
    const s = doc.sections[0]!;
    expect(s.name).toBe("program:web");
    expect(lastEntry(s, "command")!.value).toBe("/srv/venv/bin/gunicorn app.wsgi\n--workers 3\n--bind unix:/run/web.sock");
    expect(lastEntry(s, "user")!.value).toBe("web");
    expect(lastEntry(s, "url")!.value).toBe("http://x/;y");
  });

  test("uwsgi: repeated keys, whole-line comments, values with `=`, bare flags", () => {
    const text = "[uwsgi]\n# comment\nenv = A=1\nenv = B=2\n; another\nsocket = /run/x.sock ; not a comment\nmaster\n";
    const { doc, errors } = parseIniText(new LineIndex("u.ini", text), "uwsgi");
    expect(errors).toEqual([]);
    expect(allEntries(doc.sections[0]!, "env").map((e) => e.value)).toEqual(["A=1", "B=2"]);
    expect(lastEntry(doc.sections[0]!, "socket")!.value).toBe("/run/x.sock ; not a comment");
    expect(lastEntry(doc.sections[0]!, "master")).toMatchObject({ value: "", span: { line: 7 } });
  });

  test("errors: malformed header and stray lines give one error each and parsing continues", () => {
    const { doc, errors } = parseIniText(new LineIndex("u.service", "[Service\nUser=x\n[Unit]\nnonsense\nDescription=y\n"), "systemd");
    expect(errors.map((e) => e.span.line)).toEqual([1, 4]);
    expect(lastEntry(doc.sections.find((s) => s.name === "Unit")!, "Description")!.value).toBe("y");
  });

  test("shlex split as supervisor and GUNICORN_CMD_ARGS read it", () => {
    expect(shlexSplit(`gunicorn --bind "0.0.0.0:8000" --name 'my app' a\\ b`).words.map((w) => w.text)).toEqual(["gunicorn", "--bind", "0.0.0.0:8000", "--name", "my app", "a b"]);
    expect(shlexSplit(`echo "unclosed`).malformed).toBe("no closing quotation");
  });
});

describe("systemd values", () => {
  test("ExecStart prefixes: - @ + ! !! :", () => {
    const { command } = parseExecLine("-@/usr/bin/gunicorn gunicorn-main --workers 3");
    expect(command.prefixes).toEqual(["-", "@"]);
    expect(command.path?.text).toBe("/usr/bin/gunicorn");
    expect(command.argv.map((w) => w.text)).toEqual(["gunicorn-main", "--workers", "3"]);
    expect(parseExecLine("!!/bin/app").command.prefixes).toEqual(["!!"]);
    expect(parseExecLine("+:/bin/app $X").command.argv.map((w) => w.text)).toEqual(["/bin/app", "$X"]);
  });

  test("quoting, C escapes, specifiers and variables", () => {
    expect(splitWords(`/bin/sh -c "echo \\"hi\\" && exec app" 'single quoted' a\\x41b`).words.map((w) => w.text)).toEqual(["/bin/sh", "-c", 'echo "hi" && exec app', "single quoted", "aAb"]);
    expect(splitWords("%h/venv/bin/gunicorn 100%%").words.map((w) => w.text)).toEqual([null, "100%"]);
    const env = (n: string): string | undefined => (n === "PORT" ? "8000" : undefined);
    expect(parseExecLine("/bin/app --port ${PORT} --host $HOST", env).command.argv.map((w) => w.text)).toEqual(["/bin/app", "--port", "8000", "--host", null]);
    expect(parseExecLine(`/bin/app "unclosed`).malformed).toBe('unclosed " quote');
  });

  test("Environment= with several quoted assignments per line", () => {
    const { assignments, malformed } = parseEnvironment(`"A=1 2" B=3 'C=x=y'`);
    expect(malformed).toBeNull();
    expect(assignments.map((a) => [a.name, a.value])).toEqual([["A", "1 2"], ["B", "3"], ["C", "x=y"]]);
    expect(parseEnvironment("not-an-assignment").malformed).toMatch(/invalid environment assignment/);
  });

  test("EnvironmentFile= with the - prefix", () => {
    expect(parseEnvironmentFile("-/etc/app/env")).toEqual({ path: "/etc/app/env", optional: true });
    expect(parseEnvironmentFile("/etc/app/env")).toEqual({ path: "/etc/app/env", optional: false });
    expect(parseEnvironmentFile("")).toBeNull();
  });
});

describe("Procfile", () => {
  test("entries with command offsets; comments naming a process are kept as alternatives; other lines ignored", () => {
    const text = "release: python manage.py migrate\nweb:   gunicorn app.wsgi --log-file -\n# web: python manage.py runserver\nthis is not an entry\n";
    const f = source("Procfile", text);
    const { doc, errors } = parseProcfile(f);
    expect(errors).toEqual([]);
    expect(doc.entries.map((e) => [e.name, e.command, text.slice(e.start, e.end)])).toEqual([
      ["release", "python manage.py migrate", "python manage.py migrate"],
      ["web", "gunicorn app.wsgi --log-file -", "gunicorn app.wsgi --log-file -"],
    ]);
    expect(doc.commented.map((e) => [e.name, e.command, e.span.line])).toEqual([["web", "python manage.py runserver", 3]]);
  });
});

describe("platform manifests", () => {
  test("fly.toml: env, processes with verbatim offsets, release_command, force_https, checks", () => {
    const text = 'app = "shop"\n\n[env]\n  DJANGO_SETTINGS_MODULE = "shop.settings.production"\n\n[processes]\n  app = "gunicorn shop.wsgi --workers 3"\n\n[deploy]\n  release_command = "python manage.py migrate"\n\n[http_service]\n  force_https = true\n\n  [[http_service.checks]]\n    path = "/healthz"\n';
    const f = source("fly.toml", text);
    const { doc, errors } = parsePlatform(f);
    expect(errors).toEqual([]);
    expect(doc!.env).toMatchObject([{ name: "DJANGO_SETTINGS_MODULE", value: "shop.settings.production", span: { line: 4 } }]);
    const app = doc!.commands.find((c) => c.name === "app")!;
    expect(text.slice(app.start!, app.end!)).toBe("gunicorn shop.wsgi --workers 3");
    expect(doc!.commands.find((c) => c.release)).toMatchObject({ command: "python manage.py migrate", span: { line: 10 } });
    expect(doc!.forceHttps).toMatchObject({ value: true, span: { line: 13 } });
    expect(doc!.checks.map((c) => c.line)).toEqual([15]);
  });

  test("fly.toml syntax error becomes a ParseError at its line", () => {
    const { errors } = parsePlatform(source("fly.toml", 'app = "shop"\n[env\n'));
    expect(errors[0]?.span.line).toBe(2);
  });

  test("heroku.yml: run (string and exec form), release, setup config, build dockerfile", () => {
    const text = "setup:\n  config:\n    DJANGO_DEBUG: '0'\nbuild:\n  docker:\n    web: Dockerfile.prod\nrelease:\n  image: web\n  command:\n    - python\n    - manage.py\n    - migrate\nrun:\n  web: gunicorn shop.wsgi --workers 3\n";
    const { doc, errors } = parsePlatform(source("heroku.yml", text));
    expect(errors).toEqual([]);
    expect(doc!.dockerfile).toBe("Dockerfile.prod");
    expect(doc!.env).toMatchObject([{ name: "DJANGO_DEBUG", value: "0" }]);
    expect(doc!.commands.find((c) => c.name === "web")).toMatchObject({ command: "gunicorn shop.wsgi --workers 3", release: false, span: { line: 14 } });
    expect(doc!.commands.find((c) => c.release)!.argv!.map((w) => w.text)).toEqual(["python", "manage.py", "migrate"]);
  });

  test("app.json: env values, value objects and generators (Unknown)", () => {
    const text = '{\n  "name": "shop",\n  "env": {\n    "DJANGO_DEBUG": "0",\n    "SECRET_KEY": { "generator": "secret" },\n    "WEB_CONCURRENCY": { "value": "3" }\n  }\n}\n';
    const { doc } = parsePlatform(source("app.json", text));
    expect(doc!.env.map((e) => [e.name, e.value, e.span.line])).toEqual([
      ["DJANGO_DEBUG", "0", 4],
      ["SECRET_KEY", null, 5],
      ["WEB_CONCURRENCY", "3", 6],
    ]);
  });
});

describe("app.json positions", () => {
  test("env keys are located inside the env object, not at an earlier key of the same name; formation quantities", () => {
    const text = '{\n  "scripts": { "DEBUG": "echo" },\n  "env": {\n    "DEBUG": "0"\n  },\n  "formation": { "web": { "quantity": 2 } }\n}\n';
    const { doc } = parsePlatform(source("app.json", text));
    expect(doc!.env.map((e) => [e.name, e.span.line])).toEqual([["DEBUG", 4]]);
    expect(doc!.formation).toEqual({ web: 2 });
  });
});

describe("never throws", () => {
  test("random inputs through every parser of this area", () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ["[", "]", "=", ":", ";", "#", "\\", "\n", "\r\n", " ", "\t", '"', "'", "%", "$", "{", "}", "-", "@", "a", "Service", "ExecStart", "program:x", "command", "web", "\u00e9", "\ud83d\ude00"];
    for (let i = 0; i < 400; i++) {
      let text = "";
      const len = rand(60);
      for (let k = 0; k < len; k++) text += alphabet[rand(alphabet.length)];
      for (const dialect of ["systemd", "supervisor", "uwsgi"] as const) expect(() => parseIniText(new LineIndex("f", text), dialect)).not.toThrow();
      expect(() => splitWords(text)).not.toThrow();
      expect(() => parseExecLine(text)).not.toThrow();
      expect(() => parseEnvironment(text)).not.toThrow();
      expect(() => shlexSplit(text)).not.toThrow();
      expect(() => parseProcfile(source("Procfile", text))).not.toThrow();
      for (const name of ["fly.toml", "heroku.yml", "app.json"]) expect(() => parsePlatform(source(name, text))).not.toThrow();
    }
  });
});
