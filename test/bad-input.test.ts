/**
 * A directory of garbage next to good files: binary files with known names,
 * non-UTF-8 text, a 50 MB file, symlink loops, a symlink out of the root, an
 * unreadable file, empty files, CRLF and BOM files, and a broken file of
 * every kind. The audit must finish (bounded by the test timeout), never
 * throw, report PX001 where a known kind is broken, keep the good files'
 * findings, and list every skipped file with its reason.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, type AuditResult } from "../src/index.js";
import { findRule } from "../rules/index.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "shipshape.cjs");
const AUDIT_TIMEOUT = 30_000;

/**
 * One broken file per kind, with the line of the (first) error. (A Procfile
 * has no syntax to break: Heroku ignores lines that are not `type: command`.)
 * A case is checked once the model reads its kind through the parser named
 * here; until then it is reported as skipped, so each kind is covered as its
 * parser lands.
 */
interface Broken {
  kind: string;
  path: string;
  text: string;
  line: number;
  parser: string;
  /** The model builder (a file or folder under src/model) that reads this kind. */
  builder: string;
  /** Files that make the model read this one (a script is parsed when a process runs it). */
  with?: Record<string, string>;
}

const BROKEN: Broken[] = [
  { kind: "dockerfile", path: "broken/Dockerfile", text: "FROM python:3.12-slim\nWORKDIR /app\nFORM python:3.12\nCMD [\"gunicorn\"]\n", line: 3, parser: "dockerfile", builder: "docker" },
  { kind: "compose", path: "broken/docker-compose.yml", text: "services:\n  web:\n    image: shop:1.0\n   ports: [\n", line: 4, parser: "yaml", builder: "compose" },
  { kind: "k8s", path: "broken/k8s/deployment.yaml", text: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n namespace: shop\n", line: 5, parser: "yaml", builder: "k8s" },
  { kind: "nginx", path: "broken/nginx/site.conf", text: "server {\n    listen 80;\n    server_name example.com;\n}\n}\n", line: 5, parser: "nginx", builder: "nginx" },
  { kind: "settings", path: "broken/settings.py", text: "DEBUG = False\nALLOWED_HOSTS = ['example.com'\nSECRET_KEY = 'x'\n", line: 2, parser: "python", builder: "settings" },
  { kind: "systemd", path: "broken/web.service", text: "[Unit]\nDescription=web\n[Service\nExecStart=/usr/bin/gunicorn config.wsgi\n", line: 3, parser: "systemd", builder: "services" },
  { kind: "supervisor", path: "broken/supervisord.conf", text: "[program:web]\ncommand=gunicorn config.wsgi\n[program:worker\n", line: 3, parser: "ini", builder: "services" },
  { kind: "uwsgi", path: "broken/uwsgi.ini", text: "[uwsgi]\nmodule = config.wsgi\n[broken\n", line: 3, parser: "ini", builder: "services" },
  {
    kind: "shell",
    path: "broken-shell/docker/entrypoint.sh",
    text: "#!/bin/sh\nset -e\nexec gunicorn \"config.wsgi\n",
    line: 3,
    parser: "shell",
    builder: "scripts",
    with: { "broken-shell/Dockerfile": 'FROM python:3.12-slim\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n' },
  },
  { kind: "platform", path: "broken/app.json", text: '{\n  "name": "shop",\n  "env": {"DJANGO_DEBUG": "0",}\n}\n', line: 3, parser: "platform", builder: "services" },
  { kind: "platform", path: "broken/fly.toml", text: 'app = "shop"\n[http_service\ninternal_port = 8000\n', line: 2, parser: "platform", builder: "services" },
];

/** Whether the kind's model builder imports its parser module: then broken input of that kind must give PX001. */
function wired(b: Broken): boolean {
  const files = readdirSync(join(ROOT, "src", "model"), { recursive: true, encoding: "utf8" }).filter((f) => f.startsWith(b.builder) && f.endsWith(".ts"));
  return files.some((f) => readFileSync(join(ROOT, "src", "model", f), "utf8").includes(`parse/${b.parser}.js"`));
}

/** Good files whose finding must survive the garbage around them; written with CRLF endings and a BOM. */
const SETTINGS = ["# Production settings", "from pathlib import Path", "X = 1  # shipshape: ignore[DJ999]", "DEBUG = True", "ALLOWED_HOSTS = ['example.com']", ""];

let dir = "";
let outside = "";
let result: AuditResult;

function write(path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shipshape-garbage-"));
  outside = mkdtempSync(join(tmpdir(), "shipshape-outside-"));
  writeFileSync(join(outside, "nginx.conf"), "server { listen 80; }\n");

  write("config/settings/production.py", "\ufeff" + SETTINGS.join("\r\n"));
  write("config/__init__.py", "");
  write("config/settings/__init__.py", "");

  write("binary/Dockerfile", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
  write("binary/docker-compose.yml", Buffer.concat([Buffer.from("services:\n"), Buffer.alloc(64)]));
  write("latin1/nginx/site.conf", Buffer.from("server {\n    server_name caf\xe9.example;\n}\n", "latin1"));
  write("latin1/.env", Buffer.from([0x44, 0x3d, 0xff, 0xfe, 0x0a]));
  mkdirSync(join(dir, "big"));
  const big = openSync(join(dir, "big", "requirements.txt"), "w");
  ftruncateSync(big, 50 * 1024 * 1024);
  closeSync(big);

  mkdirSync(join(dir, "links"));
  symlinkSync("..", join(dir, "links", "loop"));
  symlinkSync("Procfile.b", join(dir, "links", "Procfile.a"));
  symlinkSync("Procfile.a", join(dir, "links", "Procfile.b"));
  symlinkSync(join(outside, "nginx.conf"), join(dir, "links", "outside.conf"));
  symlinkSync(outside, join(dir, "links", "nginx"));

  write("locked/Procfile", "web: gunicorn config.wsgi\n");
  execFileSync("chmod", ["000", join(dir, "locked", "Procfile")]);

  for (const path of ["Dockerfile", "docker-compose.yml", "nginx/site.conf", "web.service", "Procfile", ".env", "entrypoint.sh", "settings.py", "gunicorn.conf.py", "urls.py", "wsgi.py", "requirements.txt"])
    write(`empty/${path}`, "");

  write("crlf/Dockerfile", "FROM python:3.12-slim\r\nRUN pip install \\\r\n    gunicorn\r\nCMD [\"gunicorn\", \"config.wsgi\"]\r\n");
  write("crlf/nginx/site.conf", "server {\r\n    listen 80;\r\n    location / {\r\n        proxy_pass http://127.0.0.1:8000;\r\n    }\r\n}\r\n");
  write("crlf/web.service", "[Service]\r\nExecStart=/usr/bin/gunicorn \\\r\n    config.wsgi\r\n");
  write("bom/docker-compose.yml", "\ufeffservices:\n  web:\n    image: shop:1.0\n");
  write("bom/.env", "\ufeffDEBUG=0\n");

  for (const b of BROKEN) {
    write(b.path, b.text);
    for (const [path, text] of Object.entries(b.with ?? {})) write(path, text);
  }

  result = await audit({ root: dir });
}, AUDIT_TIMEOUT);

afterAll(() => {
  execFileSync("chmod", ["-R", "u+rwX", dir]);
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const px001 = (file: string) => result.findings.filter((f) => f.code === "PX001" && f.span.file === file);
const reason = (path: string) => result.skipped.find((s) => s.path === path)?.reason;

describe("an audit of a directory of garbage", () => {
  it("skips binary, non-UTF-8, oversized files and symlinks, each with its reason", () => {
    expect(reason("binary/Dockerfile")).toMatch(/binary/);
    expect(reason("binary/docker-compose.yml")).toMatch(/binary/);
    expect(reason("latin1/nginx/site.conf")).toMatch(/UTF-8/);
    expect(reason("latin1/.env")).toMatch(/UTF-8/);
    expect(reason("big/requirements.txt")).toMatch(/larger than 2 MiB/);
    expect(reason("links/loop")).toMatch(/symlink loop/);
    expect(reason("links/Procfile.a")).toMatch(/symlink loop/);
    expect(reason("links/outside.conf")).toMatch(/outside the root/);
    expect(reason("links/nginx")).toMatch(/outside the root/);
    expect(result.findings.filter((f) => /^(binary|latin1|big|links)\//.test(f.span.file))).toEqual([]);
  });

  it("reads an unreadable file only where permissions allow it (root reads it), else notes it", () => {
    const readable = spawnSync("cat", [join(dir, "locked", "Procfile")]).status === 0;
    const read = result.model.files.some((f) => f.path === "locked/Procfile");
    expect(read).toBe(readable);
    if (!readable) expect(reason("locked/Procfile")).toBe("unreadable (EACCES)");
  });

  it("reads empty files without a parse error", () => {
    expect(result.model.files.filter((f) => f.path.startsWith("empty/")).length).toBeGreaterThan(8);
    expect(result.findings.filter((f) => f.code === "PX001" && f.span.file.startsWith("empty/"))).toEqual([]);
  });

  it("parses CRLF and BOM files without a parse error", () => {
    expect(result.findings.filter((f) => f.code === "PX001" && /^(crlf|bom)\//.test(f.span.file))).toEqual([]);
    expect(result.model.files.find((f) => f.path === "bom/docker-compose.yml")?.text.startsWith("services:")).toBe(true);
  });

  it("keeps the good file's findings, at the same positions as with LF endings and no BOM", async () => {
    const lf = mkdtempSync(join(tmpdir(), "shipshape-lf-"));
    try {
      mkdirSync(join(lf, "config", "settings"), { recursive: true });
      writeFileSync(join(lf, "config", "settings", "production.py"), SETTINGS.join("\n"));
      writeFileSync(join(lf, "config", "__init__.py"), "");
      writeFileSync(join(lf, "config", "settings", "__init__.py"), "");
      const expected = (await audit({ root: lf })).findings.filter((f) => f.span.file === "config/settings/production.py");
      const actual = result.findings.filter((f) => f.span.file === "config/settings/production.py");
      expect(actual).toEqual(expected);
      expect(actual.find((f) => f.code === "PX003")?.span).toMatchObject({ line: 3, endLine: 3 });
      if (findRule("DJ101")) expect(actual.find((f) => f.code === "DJ101")?.span.line).toBe(4);
    } finally {
      rmSync(lf, { recursive: true, force: true });
    }
  });

  describe.each(BROKEN)("a broken $kind file", (b) => {
    it.skipIf(!wired(b))(`gives PX001 at line ${b.line} (${b.path})`, () => {
      expect(result.model.files.find((f) => f.path === b.path)?.kind).toBe(b.kind);
      expect(px001(b.path)[0]?.span.line).toBe(b.line);
    });
  });
});

describe("the CLI on garbage and bad usage", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "shipshape.cjs"))) execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT });
  }, 120_000);

  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: tmpdir(), encoding: "utf8", timeout: AUDIT_TIMEOUT, env: { ...process.env, NO_COLOR: "1" } });

  it("exits 0 or 1 without a stack trace, listing skipped files under --verbose", () => {
    const r = run(["audit", dir, "--verbose", "--format", "json"]);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    for (const path of ["binary/Dockerfile", "latin1/nginx/site.conf", "big/requirements.txt", "links/loop", "links/outside.conf"]) expect(r.stderr).toContain(`skipped ${path}: `);
  });

  it("exits 2 with one line for a missing PATH", () => {
    const r = run(["audit", join(dir, "does-not-exist")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("exits 2 with one line for a bad flag", () => {
    const r = run(["audit", dir, "--no-such-flag"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
