import { describe, expect, test } from "vitest";
import { parseNginx, walkDirectives, type NginxDirective } from "../../src/parse/nginx.js";
import { LineIndex } from "../../src/parse/span.js";
import type { SourceFile } from "../../src/discover/types.js";

function file(text: string, path = "site.conf"): SourceFile {
  return { path, absPath: `/x/${path}`, kind: "nginx", text, lines: new LineIndex(path, text) };
}

function parse(text: string) {
  return parseNginx(file(text));
}

function names(ds: NginxDirective[]): string[] {
  return [...walkDirectives(ds)].map(({ directive }) => directive.name);
}

describe("nginx parser: tokens", () => {
  test("directives, blocks and positions of names, args and blocks", () => {
    const { doc, errors } = parse("server {\n    listen 80;\n    location /a/ { return 204; }\n}\n");
    expect(errors).toEqual([]);
    const server = doc.directives[0]!;
    expect(server.name).toBe("server");
    expect(server.span).toMatchObject({ line: 1, column: 1, endLine: 4, endColumn: 2 });
    expect(server.blockSpan).toMatchObject({ line: 1, column: 8, endLine: 4, endColumn: 2 });
    const listen = server.block![0]!;
    expect(listen.nameSpan).toMatchObject({ line: 2, column: 5, endLine: 2, endColumn: 11 });
    expect(listen.args[0]).toMatchObject({ text: "80", span: { line: 2, column: 12, endColumn: 14 } });
    expect(listen.span).toMatchObject({ line: 2, column: 5, endColumn: 15 });
    const location = server.block![1]!;
    expect(location.args.map((a) => a.text)).toEqual(["/a/"]);
    expect(location.block![0]!.args[0]!.text).toBe("204");
  });

  test("single and double quotes with escapes; the raw text is kept", () => {
    const { doc, errors } = parse(`add_header X "a \\"b\\" c;{}" always;\nreturn 200 'it\\'s\\n';\nset $x "\\d";\n`);
    expect(errors).toEqual([]);
    const [a, r, s] = doc.directives;
    expect(a!.args.map((w) => w.text)).toEqual(["X", 'a "b" c;{}', "always"]);
    expect(a!.args[1]!.quoted).toBe(true);
    expect(a!.args[1]!.raw).toBe(`"a \\"b\\" c;{}"`);
    expect(r!.args[1]!.text).toBe("it's\n");
    expect(s!.args[1]!.text).toBe("\\d");
  });

  test("# starts a comment only at the start of a word", () => {
    const { doc, errors } = parse("# top\nlisten 80; # trailing { ; }\nserver_name a#b;\n");
    expect(errors).toEqual([]);
    expect(doc.directives.map((d) => [d.name, ...d.args.map((a) => a.text)])).toEqual([
      ["listen", "80"],
      ["server_name", "a#b"],
    ]);
  });

  test("$vars and ${vars}: the brace of ${ does not open a block; a brace inside a word is kept", () => {
    const { doc, errors } = parse("proxy_pass http://${backend}:8000$request_uri;\nset $a b}c;\n");
    expect(errors).toEqual([]);
    expect(doc.directives[0]!.args[0]!.text).toBe("http://${backend}:8000$request_uri");
    expect(doc.directives[1]!.args.map((a) => a.text)).toEqual(["$a", "b}c"]);
  });

  test("if conditions stay words as nginx hands them to the if handler; ) may follow a quote", () => {
    const { doc, errors } = parse('if ($http_user_agent ~* "bot") {\n    return 403;\n}\n');
    expect(errors).toEqual([]);
    expect(doc.directives[0]!.args.map((a) => a.text)).toEqual(["($http_user_agent", "~*", "bot", ")"]);
  });

  test("map, types and geo bodies are directives named by their keys", () => {
    const { doc, errors } = parse("map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n}\n");
    expect(errors).toEqual([]);
    expect(doc.directives[0]!.block!.map((d) => [d.name, d.args[0]!.text])).toEqual([
      ["default", "upgrade"],
      ["", "close"],
    ]);
  });

  test("Lua block bodies are kept raw, braces and strings inside them do not count", () => {
    const text = 'location / {\n    content_by_lua_block {\n        local t = { a = "}" } -- }\n        ngx.say([[ { ]])\n    }\n    return 200;\n}\n';
    const { doc, errors } = parse(text);
    expect(errors).toEqual([]);
    const lua = doc.directives[0]!.block![0]!;
    expect(lua.name).toBe("content_by_lua_block");
    expect(lua.block).toEqual([]);
    expect(lua.lua).toContain('local t = { a = "}" }');
    expect(doc.directives[0]!.block![1]!.name).toBe("return");
  });

  test("CRLF line endings give the same lines", () => {
    const { doc } = parse("server {\r\n  listen 80;\r\n}\r\n");
    expect(doc.directives[0]!.block![0]!.span.line).toBe(2);
  });
});

describe("nginx parser: errors as nginx reports them, with a partial tree", () => {
  test('a stray "}" at the top level', () => {
    const { doc, errors } = parse("server {\n  listen 80;\n}\n}\nworker_processes 1;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('nginx: unexpected "}"');
    expect(errors[0]!.span).toMatchObject({ line: 4, column: 1 });
    expect(names(doc.directives)).toEqual(["server", "listen", "worker_processes"]);
  });

  test('a missing ";" before "}" closes the directive and the block', () => {
    const { doc, errors } = parse("server {\n  listen 80\n}\nevents {}\n");
    expect(errors.map((e) => [e.message, e.span.line])).toEqual([['nginx: unexpected "}"', 3]]);
    expect(names(doc.directives)).toEqual(["server", "listen", "events"]);
  });

  test("an unclosed block: unexpected end of file at the end, the directives before it kept", () => {
    const { doc, errors } = parse("http {\n  server {\n    listen 80;\n  }\n");
    expect(errors.map((e) => [e.message, e.span.line])).toEqual([['nginx: unexpected end of file, expecting "}" (the http block opened at line 1 is never closed)', 5]]);
    expect(names(doc.directives)).toEqual(["http", "server", "listen"]);
  });

  test('a directive without ";" at the end of the file', () => {
    const { errors } = parse("events {}\nworker_processes 1");
    expect(errors.map((e) => [e.message, e.span.line, e.span.column])).toEqual([['nginx: unexpected end of file, expecting ";" or "}"', 2, 19]]);
  });

  test("a word glued to a closing quote, a lone ; and an unterminated quote", () => {
    expect(parse('server_name "a"b;\n').errors.map((e) => [e.message, e.span.column])).toEqual([['nginx: unexpected "b"', 16]]);
    expect(parse("listen 80;;\n").errors.map((e) => e.message)).toEqual(['nginx: unexpected ";"']);
    expect(parse('return 200 "abc;\n').errors.map((e) => e.message)).toEqual(['nginx: unexpected end of file, expecting ";" or "}"']);
  });

  test("an unclosed Lua block", () => {
    const { errors } = parse("content_by_lua_block {\n  ngx.say(1)\n");
    expect(errors.map((e) => e.message)).toEqual(['nginx: unexpected end of file, expecting "}" (the content_by_lua_block block opened at line 1 is never closed)']);
  });

  test("only the first error is reported, as nginx stops there", () => {
    const { errors } = parse("}\n}\nlisten 80\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.span.line).toBe(1);
  });
});

test("parses a 2,000-line config into every server block (speed is measured by npm run bench)", () => {
  const server = 'server {\n    listen 443 ssl;\n    server_name "a.example.com";\n    location /static/ { alias /srv/static/; expires 30d; }\n    location / {\n        proxy_set_header Host $host;\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n';
  const text = server.repeat(223);
  expect(text.split("\n").length).toBeGreaterThan(2000);
  const { doc, errors } = parse(text);
  expect(errors).toEqual([]);
  expect(doc.directives).toHaveLength(223);
});

test("never throws and always terminates, whatever the input", () => {
  const pieces = ["server", " ", "{", "}", ";", '"', "'", "\\", "#", "\n", "$", "${", "x", "(", ")", "_by_lua_block", "--[[", "]]", "[[", "\r\n", "\t"];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    let text = "";
    const len = rand(40);
    for (let j = 0; j < len; j++) text += pieces[rand(pieces.length)];
    const { errors } = parse(text);
    expect(errors.length).toBeLessThanOrEqual(1);
    for (const e of errors) expect(e.span.line).toBeGreaterThanOrEqual(1);
  }
});
