/**
 * The hook definition in .pre-commit-hooks.yaml, installed and run by the
 * real pre-commit (Debian's `pre-commit`) with `try-repo`, on a throwaway git
 * repository copied from a fixture project. `language: node` makes
 * pre-commit install this repository with npm (`npm install`, `npm pack`,
 * `npm install -g`), so the test needs the npm registry, as CI has.
 *
 * The hook repository is a snapshot of this working tree (tracked and
 * untracked files, ignored ones left out), committed, so the test checks
 * what is on disk rather than the last commit.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "shipshape.cjs");
const PROJECT = join(ROOT, "fixtures", "projects", "compose-stack");
const INSTALL_TIMEOUT = 600_000;

const hasPreCommit = spawnSync("pre-commit", ["--version"], { stdio: "ignore" }).status === 0;
const inCI = process.env["CI"] === "true";

if (!hasPreCommit) console.warn("precommit.test.ts: skipped, `pre-commit` is not installed (Debian: apt-get install pre-commit)");

describe.skipIf(!hasPreCommit && !inCI)("the pre-commit hook", () => {
  let work = "";
  let hookRepo = "";
  let project = "";
  let home = "";

  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd, stdio: "pipe" });

  beforeAll(() => {
    expect(hasPreCommit, "pre-commit must be installed in CI (.ci/run installs it)").toBe(true);
    work = mkdtempSync(join(tmpdir(), "shipshape-precommit-"));
    hookRepo = join(work, "hook");
    project = join(work, "project");
    home = join(work, "pre-commit-home");

    const listed = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], { cwd: ROOT }).toString("utf8").split("\0");
    for (const path of listed) {
      if (!path || !existsSync(join(ROOT, path))) continue;
      mkdirSync(dirname(join(hookRepo, path)), { recursive: true });
      cpSync(join(ROOT, path), join(hookRepo, path), { verbatimSymlinks: true });
    }
    git(hookRepo, "init", "-q");
    git(hookRepo, "add", "-A");
    git(hookRepo, "commit", "-q", "-m", "snapshot");

    cpSync(PROJECT, project, { recursive: true });
    git(project, "init", "-q");
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "project");
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const tryRepo = (...args: string[]) =>
    spawnSync("pre-commit", ["try-repo", hookRepo, "shipshape", ...args], {
      cwd: project,
      encoding: "utf8",
      timeout: INSTALL_TIMEOUT,
      env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1", PRE_COMMIT_COLOR: "never" },
    });

  /** What the CLI itself reports on the project: the hook must say the same. */
  const expected = () => {
    const r = spawnSync(process.execPath, [BIN, "audit", project, "--format", "json"], { encoding: "utf8" });
    return (JSON.parse(r.stdout) as { findings: { code: string; location: { file: string; line: number; column: number } }[] }).findings;
  };

  it(
    "installs with npm, runs on every matching file and fails with the CLI's findings",
    () => {
      const findings = expected();
      expect(findings.length).toBeGreaterThan(0);
      const r = tryRepo("--all-files", "--verbose");
      const output = r.stdout + r.stderr;
      expect(output).toMatch(/shipshape \(Django deployment audit\)\.+Failed/);
      expect(r.status).toBe(1);
      for (const f of findings) expect(output).toContain(`${f.location.line}:${f.location.column}  `);
      for (const code of new Set(findings.map((f) => f.code))) expect(output).toContain(code);
    },
    INSTALL_TIMEOUT,
  );

  it(
    "reports only on the files it is given, and passes on a clean one",
    () => {
      const findings = expected();
      const dirty = findings[0]!.location.file;
      const failed = tryRepo("--files", dirty);
      expect(failed.stdout).toMatch(/Failed/);
      expect(failed.status).toBe(1);
      const dirtyCodes = new Set(findings.filter((f) => f.location.file === dirty).map((f) => f.code));
      for (const f of findings.filter((x) => !dirtyCodes.has(x.code))) expect(failed.stdout).not.toContain(`${f.code} `);

      expect(findings.some((f) => f.location.file === "requirements.txt")).toBe(false);
      const passed = tryRepo("--files", "requirements.txt");
      expect(passed.stdout).toMatch(/shipshape \(Django deployment audit\)\.+Passed/);
      expect(passed.status).toBe(0);
    },
    INSTALL_TIMEOUT,
  );
});
