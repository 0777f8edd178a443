/**
 * The built CLI (`node bin/shipshape.cjs`), as users and CI run it: exit
 * codes, output files, colours, config errors, narrowing, baselines and
 * suppressions. Findings come from the suppression rules (PX002/PX003), so
 * these tests do not depend on the other rule areas; `--select PX` keeps
 * other rules out of the exit code.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { tempProject } from "../engine/helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "shipshape.cjs");

/** Newest modification time under the sources the bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// `npm test` builds before running the suite; rebuild only when the bundle is older than the sources,
// so other test files that run the bundle never see it half-written.
beforeAll(() => {
  const bundle = join(ROOT, "dist", "shipshape.cjs");
  const stale = !existsSync(bundle) || statSync(bundle).mtimeMs < Math.max(newestSource(join(ROOT, "src")), newestSource(join(ROOT, "rules")), statSync(join(ROOT, "package.json")).mtimeMs);
  if (stale) execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: "inherit" });
}, 120_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  delete base["NO_COLOR"];
  delete base["SHIPSHAPE_DEBUG"];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLEAN = 'SECRET_KEY = "x"\nDEBUG = False\n';
const UNKNOWN = 'DEBUG = False\nX = 1  # shipshape: ignore[NOPE1]\n';

function project(files: Record<string, string>): string {
  return tempProject({ "manage.py": "import sys\n", ...files });
}

describe("exit codes", () => {
  test("0 without findings at or above --fail-on", () => {
    const root = project({ "app/settings.py": CLEAN });
    const r = cli(["audit", "--select", "PX", "."], root);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^no findings · \d+ files? read, 0 skipped\n$/);
  });

  test("1 with a warning at the default threshold; --fail-on moves it", () => {
    const root = project({ "app/settings.py": UNKNOWN });
    const r = cli(["audit", "--select", "PX"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("app/settings.py\n  2:28  warning  PX003 unknown-rule");
    expect(cli(["audit", "--select", "PX", "--fail-on", "error"], root).code).toBe(0);
    expect(cli(["audit", "--select", "PX", "--fail-on", "never"], root).code).toBe(0);
    expect(cli(["audit", "--select", "PX", "--fail-on", "info"], root).code).toBe(1);
  });

  test("config fail-on applies, and the flag overrides it", () => {
    const root = project({ "app/settings.py": UNKNOWN, ".shipshape.toml": 'fail-on = "error"\nselect = ["PX"]\n' });
    expect(cli(["audit"], root).code).toBe(0);
    expect(cli(["audit", "--fail-on", "warning"], root).code).toBe(1);
  });

  test.each([
    [["audit", "does/not/exist"], /^shipshape: path does not exist: does\/not\/exist\n$/],
    [["audit", "--bogus"], /^shipshape: unknown option '--bogus'\n$/],
    [["audit", "--format", "xml"], /^shipshape: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, sarif, github, gitlab\.\n$/],
    [["audit", "--select", "DJ999"], /^shipshape: --select: unknown rule or code prefix "DJ999"/],
    [["explain", "no-such-rule"], /^shipshape: unknown rule: no-such-rule/],
    [["frobnicate"], /^shipshape: unknown command 'frobnicate'\n$/],
    [["audit", "--baseline", "missing.json"], /^shipshape: cannot read baseline/],
    [["audit", "--output", "no/such/dir/report.txt"], /^shipshape: cannot write report to no\/such\/dir\/report.txt \(ENOENT\)/],
    [["audit", "--write-baseline", "no/such/dir/b.json"], /^shipshape: cannot write baseline no\/such\/dir\/b.json \(ENOENT\)/],
  ])("2 with one line on stderr: %j", (args, stderr) => {
    const r = cli(args, project({ "app/settings.py": CLEAN }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("2 for an unknown config key, naming key and file", () => {
    const root = project({ "app/settings.py": CLEAN, "pyproject.toml": '[tool.shipshape]\nfail_on = "error"\n' });
    const r = cli(["audit"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^shipshape: pyproject\.toml: unknown key "fail_on" in \[tool\.shipshape\]/);
    expect(r.stdout).toBe("");
  });

  test("an unknown rule in the config is a PX003 finding at the value", () => {
    const root = project({ "app/settings.py": CLEAN, "pyproject.toml": '[project]\nname = "x"\n\n[tool.shipshape]\nignore = ["DJ1O1"]\n' });
    const r = cli(["audit", "--select", "PX", "--format", "json"], root);
    expect(r.code).toBe(1);
    const finding = JSON.parse(r.stdout).findings[0];
    expect(finding).toMatchObject({ code: "PX003", messageId: "config", location: { file: "pyproject.toml", line: 5, column: 12, endColumn: 17 } });
  });
});

describe("output", () => {
  test("--output writes the report there and prints one summary line", () => {
    const root = project({ "app/settings.py": UNKNOWN });
    const r = cli(["audit", "--select", "PX", "--format", "sarif", "--output", "out.sarif"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^1 finding \(1 warning\) in 1 file · .* · report written to out\.sarif\n$/);
    const log = JSON.parse(readFileSync(join(root, "out.sarif"), "utf8"));
    expect(log.runs[0].results[0].ruleId).toBe("PX003");
  });

  const hasScript = existsSync("/usr/bin/script");
  test.skipIf(!hasScript)("colours on a TTY only, never with NO_COLOR or --no-color", () => {
    const root = project({ "app/settings.py": UNKNOWN });
    const tty = (extra: string, env: Record<string, string> = {}) =>
      spawnSync("script", ["-qec", `${process.execPath} ${BIN} audit --select PX ${extra}`, "/dev/null"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env, NO_COLOR: env["NO_COLOR"] ?? "" } }).stdout;
    expect(tty("")).toMatch(/\x1b\[33mwarning/);
    expect(tty("", { NO_COLOR: "1" })).not.toMatch(/\x1b\[/);
    expect(tty("--no-color")).not.toMatch(/\x1b\[/);
    expect(cli(["audit", "--select", "PX"], root).stdout).not.toMatch(/\x1b\[/);
  });

  test("--verbose lists skipped files with reasons", () => {
    const root = project({ "app/settings.py": CLEAN, "deploy/site.conf": "server {\n listen 80;\n}\n" });
    writeFileSync(join(root, "bin.conf"), Buffer.from([0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0, 1, 2]));
    const r = cli(["audit", "--select", "PX", "--verbose"], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("skipped bin.conf: binary file");
    expect(r.stderr).toMatch(/^root: /m);
  });

  test("--verbose says which development files were not judged", () => {
    const project = join(ROOT, "fixtures", "projects", "vm-nginx-systemd");
    const r = cli(["audit", "--verbose", "--fail-on", "never", project], ROOT);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^not judged as production: settings module mysite\.settings\.local \(mysite\/settings\/local\.py\), named like a development module$/m);
  });
});

describe("paths", () => {
  test("files narrow the report; the root is found from them", () => {
    const root = project({ "a/settings.py": UNKNOWN, "b/settings.py": UNKNOWN });
    const both = cli(["audit", "--select", "PX", "--format", "json", "."], root);
    expect(JSON.parse(both.stdout).findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(["a/settings.py", "b/settings.py"]);
    const one = cli(["audit", "--select", "PX", "--format", "json", "../b/settings.py"], join(root, "a"));
    const data = JSON.parse(one.stdout);
    expect(data.root).toBe(root);
    expect(data.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(["b/settings.py"]);
    expect(data.summary.hidden.narrowed).toBe(1);
    expect(data.summary.filesRead).toBeGreaterThanOrEqual(3);
    const clean = cli(["audit", "--select", "PX", "manage.py"], root);
    expect(clean.code).toBe(0);
  });

  test("the root of file paths is their git top-level, else the nearest project marker", () => {
    const repo = tempProject({ "backend/manage.py": "", "backend/app/settings.py": UNKNOWN });
    const file = join(repo, "backend", "app", "settings.py");
    const marker = JSON.parse(cli(["audit", "--select", "PX", "--format", "json", file], "/").stdout);
    expect(marker.root).toBe(join(repo, "backend"));
    execFileSync("git", ["init", "-q", repo]);
    const git = JSON.parse(cli(["audit", "--select", "PX", "--format", "json", file], "/").stdout);
    expect(git.root).toBe(repo);
    expect(git.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(["backend/app/settings.py"]);
  });

  test("--root sets the root explicitly", () => {
    const root = project({ "a/settings.py": UNKNOWN });
    const r = cli(["audit", "--select", "PX", "--format", "json", "--root", root, join(root, "a", "settings.py")], "/");
    expect(JSON.parse(r.stdout).root).toBe(root);
    expect(r.code).toBe(1);
  });
});

describe("baseline", () => {
  test("write, then only new findings are reported, across line shifts", () => {
    const root = project({ "app/settings.py": UNKNOWN });
    const w = cli(["audit", "--select", "PX", "--write-baseline", "baseline.json"], root);
    expect(w.stderr).toContain("wrote 1 findings to baseline baseline.json");
    expect(w.code).toBe(0);
    expect(w.stdout).toContain("1 in baseline");
    expect(cli(["audit", "--select", "PX", "--baseline", "baseline.json"], root).code).toBe(0);
    writeFileSync(join(root, "app/settings.py"), `import os\n\n${UNKNOWN}Y = 2  # shipshape: ignore[NOPE2]\n`);
    const r = cli(["audit", "--select", "PX", "--baseline", "baseline.json", "--format", "json"], root);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout);
    expect(data.findings.map((f: { location: { line: number } }) => f.location.line)).toEqual([5]);
    expect(data.summary.hidden.baseline).toBe(1);
  });
});

describe("suppressions", () => {
  test("same line, line above, file-level, unknown, unused", () => {
    const root = project({
      "a/settings.py": "DEBUG = False\n# shipshape: ignore[PX003] -- the next line is a test\nX = 1  # shipshape: ignore[NOPE1]\n",
      "b/settings.py": "DEBUG = False\nX = 1  # shipshape: ignore[NOPE1, unknown-rule]\n",
      "c/settings.py": "# shipshape: ignore-file[unknown-rule]\nDEBUG = False\nX = 1  # shipshape: ignore[NOPE1]\n",
      "d/settings.py": "DEBUG = False  # shipshape: ignore[unparsable-file]\nX = 1  # shipshape: ignore[NOPE1]\n",
    });
    const json = (args: string[]) => JSON.parse(cli(["audit", "--select", "PX", "--format", "json", ...args], root).stdout);
    const found = (d: { findings: { code: string; location: { file: string; line: number } }[] }) => d.findings.map((f) => `${f.location.file}:${f.location.line} ${f.code}`);
    const plain = json([]);
    expect(found(plain)).toEqual(["d/settings.py:2 PX003"]);
    expect(plain.summary.hidden).toMatchObject({ inline: 2, file: 1 });
    expect(found(json(["--report-unused-ignores"]))).toEqual(["d/settings.py:1 PX002", "d/settings.py:2 PX003"]);
  });
});

describe("other commands", () => {
  test("rules, explain, graph", () => {
    const root = project({ "app/settings.py": CLEAN });
    const rules = cli(["rules", "--format", "json"], root);
    expect(rules.code).toBe(0);
    expect(JSON.parse(rules.stdout).map((r: { code: string }) => r.code)).toContain("PX003");
    expect(cli(["rules"], root).stdout).toMatch(/^CODE +NAME +SEVERITY +SUMMARY\n/);
    const explain = cli(["explain", "unknown-rule"], root);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^PX003 unknown-rule — warning/);
    expect(explain.stdout).toContain("Why it matters");
    const graph = cli(["graph", "--format", "json", "."], root);
    expect(graph.code).toBe(0);
    expect(JSON.parse(graph.stdout)).toMatchObject({ root, targets: expect.any(Array) });
    expect(cli(["--version"], root).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test("graph shows targets with their main process, and the proxies in front", () => {
    const project = join(ROOT, "fixtures", "projects", "compose-stack");
    const data = JSON.parse(cli(["graph", "--format", "json", project], ROOT).stdout);
    expect(data.targets.some((t: { main: { argv: string[] } | null }) => t.main?.argv.includes("gunicorn"))).toBe(true);
    expect(data.proxies.some((s: { proxies: { toApp: boolean }[] }) => s.proxies.some((p) => p.toApp))).toBe(true);
    const text = cli(["graph", project], ROOT);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}main: {5}gunicorn /m);
    expect(text.stdout).toMatch(/^nginx server /m);
  });
});

describe("failures", () => {
  test("a reader that stops early is not an error; the exit code still reflects the findings", () => {
    const root = project({ "app/settings.py": UNKNOWN });
    const r = spawnSync("bash", ["-c", `set -o pipefail; ${process.execPath} ${BIN} audit --select PX --format json | head -c 1`], { cwd: root, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    const rules = spawnSync("bash", ["-c", `set -o pipefail; ${process.execPath} ${BIN} rules --format markdown | head -1`], { cwd: root, encoding: "utf8" });
    expect([rules.status, rules.stderr]).toEqual([0, ""]);
  });

  test("internal errors are one line; the stack only when debugging", async () => {
    const { failureMessage, UsageError } = await import("../../src/commands/errors.js");
    const boom = new Error("boom\nsecond line");
    expect(failureMessage(boom, false)).toBe("shipshape: internal error: boom\n");
    expect(failureMessage(boom, true)).toMatch(/^shipshape: internal error: boom\nError: boom\nsecond line\n\s+at /);
    expect(failureMessage(new UsageError("bad flag"), true)).toBe("shipshape: bad flag\n");
    expect(failureMessage("thrown string", false)).toBe("shipshape: internal error: thrown string\n");
  });
});
