import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discover, MAX_FILE_BYTES } from "../../src/discover/walk.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "shipshape-walk-"));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const hasGit = spawnSync("git", ["--version"]).status === 0;

function gitInit(root: string): void {
  execFileSync("git", ["init", "-q", root]);
}

const paths = (r: ReturnType<typeof discover>) => r.files.map((f) => f.path);
const reasonOf = (r: ReturnType<typeof discover>, path: string) => r.skipped.find((s) => s.path === path)?.reason;

const PROJECT = {
  ".gitignore": "build/\n*.local.py\n*.sh\n",
  "Dockerfile": "FROM python:3.12\n",
  "config/settings.py": "DEBUG = False\nALLOWED_HOSTS = ['x']\n",
  "config/dev.local.py": "DEBUG = True\nINSTALLED_APPS = []\n",
  "build/Dockerfile": "FROM scratch\n",
  "frontend/.gitignore": "dist/\n!keep.sh\n",
  "frontend/dist/entrypoint.sh": "exec node\n",
  "frontend/run.sh": "exec node\n",
  "frontend/keep.sh": "exec node\n",
  "node_modules/pkg/Dockerfile": "FROM node\n",
  "vendor/Dockerfile": "FROM node\n",
  "static/app.js": "console.log(1)\n",
};
const EXPECTED = ["Dockerfile", "config/settings.py", "frontend/keep.sh"];

describe.each([
  ["a directory walk", false],
  ["git ls-files", true],
])("listing with %s", (_label, git) => {
  it.skipIf(git && !hasGit)("honours root and nested .gitignore files, config excludes and never-relevant directories", () => {
    const root = tree(PROJECT);
    if (git) gitInit(root);
    const result = discover(root, { exclude: ["vendor/"] });
    expect(result.listing).toBe(git ? "git" : "walk");
    expect(paths(result)).toEqual(EXPECTED);
  });
});

describe("inside a git checkout", () => {
  it.skipIf(!hasGit)("lists tracked and untracked files, and walks when the root itself is ignored", () => {
    const root = tree({ ".gitignore": "generated/\n", "Dockerfile": "FROM python:3.12\n", "generated/Dockerfile": "FROM python:3.12\n" });
    gitInit(root);
    execFileSync("git", ["add", "Dockerfile"], { cwd: root });
    expect(paths(discover(root))).toEqual(["Dockerfile"]);
    const inIgnored = discover(join(root, "generated"));
    expect(inIgnored.listing).toBe("walk");
    expect(paths(inIgnored)).toEqual(["Dockerfile"]);
  });
});

describe("inside a git hook", () => {
  it.skipIf(!hasGit)("lists the root's own repository even when GIT_DIR points at another", () => {
    const other = tree({ "Procfile": "web: gunicorn x\n" });
    gitInit(other);
    const root = tree({ "Dockerfile": "FROM python:3.12\n", "Dockerfile.scratch": "FROM scratch\n" });
    gitInit(root);
    writeFileSync(join(root, ".git", "info", "exclude"), "Dockerfile.scratch\n");
    const saved = process.env["GIT_DIR"];
    process.env["GIT_DIR"] = join(other, ".git");
    try {
      const result = discover(root);
      expect(result.listing).toBe("git");
      expect(paths(result)).toEqual(["Dockerfile"]);
    } finally {
      if (saved === undefined) delete process.env["GIT_DIR"];
      else process.env["GIT_DIR"] = saved;
    }
  });
});

describe("files that are not read", () => {
  it("skips oversized, binary and non-UTF-8 files with a reason", () => {
    const root = tree({
      "Dockerfile": Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02]),
      "nginx/site.conf": Buffer.from("server_name caf\xe9;\n", "latin1"),
      "docker-compose.yml": "services: {}\n",
    });
    const big = openSync(join(root, "requirements.txt"), "w");
    ftruncateSync(big, 50 * 1024 * 1024);
    closeSync(big);
    const result = discover(root);
    expect(paths(result)).toEqual(["docker-compose.yml"]);
    expect(reasonOf(result, "Dockerfile")).toMatch(/binary/);
    expect(reasonOf(result, "nginx/site.conf")).toMatch(/UTF-8/);
    expect(reasonOf(result, "requirements.txt")).toMatch(/larger than 2 MiB/);
  });

  it("reads a file of exactly the size limit", () => {
    const root = tree({ "requirements.txt": "a".repeat(MAX_FILE_BYTES) });
    expect(paths(discover(root))).toEqual(["requirements.txt"]);
  });

  it("never follows a symlink: outside the root, loops and links to files inside are noted", () => {
    const outside = tree({ "nginx.conf": "server { listen 80; }\n", "etc/Dockerfile": "FROM x\n" });
    const root = tree({ "deploy/nginx/real.conf": "server { listen 80; }\n", "Procfile": "web: gunicorn x\n" });
    symlinkSync(join(outside, "nginx.conf"), join(root, "deploy/nginx/outside.conf"));
    symlinkSync(join(outside, "etc"), join(root, "etc"));
    symlinkSync("..", join(root, "deploy/nginx/up"));
    symlinkSync("real.conf", join(root, "deploy/nginx/alias.conf"));
    symlinkSync("Procfile.b", join(root, "Procfile.a"));
    symlinkSync("Procfile.a", join(root, "Procfile.b"));
    symlinkSync("missing", join(root, "Procfile.dangling"));
    const result = discover(root);
    expect(paths(result)).toEqual(["Procfile", "deploy/nginx/real.conf"]);
    expect(reasonOf(result, "deploy/nginx/outside.conf")).toMatch(/outside the root/);
    expect(reasonOf(result, "etc")).toMatch(/outside the root/);
    expect(reasonOf(result, "deploy/nginx/up")).toMatch(/symlink loop/);
    expect(reasonOf(result, "deploy/nginx/alias.conf")).toBe("symlink to deploy/nginx/real.conf: read at its real path");
    expect(reasonOf(result, "Procfile.a")).toBe("symlink loop");
    expect(reasonOf(result, "Procfile.dangling")).toBe("broken symlink");
  });

  it.skipIf(!hasGit)("applies the same symlink rules to what git lists", () => {
    const outside = tree({ "nginx.conf": "server { listen 80; }\n" });
    const root = tree({ "nginx/real.conf": "server { listen 80; }\n" });
    symlinkSync(join(outside, "nginx.conf"), join(root, "nginx/outside.conf"));
    gitInit(root);
    const result = discover(root);
    expect(result.listing).toBe("git");
    expect(paths(result)).toEqual(["nginx/real.conf"]);
    expect(reasonOf(result, "nginx/outside.conf")).toMatch(/outside the root/);
  });
});

describe("text that is read", () => {
  it("reads empty files, strips a UTF-8 BOM and keeps CRLF positions right", () => {
    const root = tree({
      "Procfile": "",
      ".env": "\ufeffDEBUG=0\r\nSECRET_KEY=abc\r\n",
    });
    const result = discover(root);
    expect(paths(result)).toEqual([".env", "Procfile"]);
    const env = result.files.find((f) => f.path === ".env")!;
    expect(env.text.startsWith("DEBUG")).toBe(true);
    const offset = env.text.indexOf("abc");
    expect(env.lines.position(offset)).toEqual({ line: 2, column: 12 });
    expect(env.lines.lineText(1)).toBe("DEBUG=0");
    expect(env.lines.span(offset, offset + 3)).toEqual({ file: ".env", line: 2, column: 12, endLine: 2, endColumn: 15 });
  });

  it("notes an unreadable file (when permissions apply; root reads it anyway)", () => {
    const root = tree({ "Dockerfile": "FROM python:3.12\n", "Procfile": "web: gunicorn x\n" });
    execFileSync("chmod", ["000", join(root, "Procfile")]);
    const result = discover(root);
    const readable = spawnSync("cat", [join(root, "Procfile")]).status === 0;
    if (readable) expect(paths(result)).toEqual(["Dockerfile", "Procfile"]);
    else {
      expect(paths(result)).toEqual(["Dockerfile"]);
      expect(reasonOf(result, "Procfile")).toBe("unreadable (EACCES)");
    }
  });

  it("never reads a FIFO or other special file", () => {
    const root = tree({ "Dockerfile": "FROM python:3.12\n" });
    execFileSync("mkfifo", [join(root, "Procfile")]);
    const result = discover(root);
    expect(paths(result)).toEqual(["Dockerfile"]);
    expect(reasonOf(result, "Procfile")).toBe("not a regular file");
  });
});
