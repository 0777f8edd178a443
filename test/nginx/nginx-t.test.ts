/**
 * The oracle: nginx itself. Every nginx file of every fixture is checked with
 * `nginx -t` (a site is wrapped in a minimal main config) and shipshape's
 * parser must report a syntax error exactly where nginx does: same file, same
 * line. Fixtures under PX001/bad-nginx* must be rejected by both, all others
 * accepted by both.
 *
 * nginx -t also checks things that are not syntax (unknown modules, DNS
 * names, certificate files, include targets). The fixture is copied to a
 * temporary directory and only those are adjusted, with rewrites that keep
 * every token boundary: hostnames in `server`/`*_pass` become 127.0.0.1,
 * certificates point at a throwaway self-signed pair, `/etc/nginx/` includes
 * become relative to the temporary prefix, missing include targets get an
 * empty stub (Debian's proxy_params & co. a copy of the real ones), and
 * envsubst `${VARS}` in templates are substituted. The fixture itself is
 * never touched, nor is /etc/nginx. Where nginx still stops for a
 * non-syntax reason (a directive of a module Debian's nginx-core lacks), the
 * file is checked up to that line and listed. An error without a position
 * (`bind()` to an address this machine does not have) comes after the whole
 * configuration was read, so it counts as accepted.
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { discover } from "../../src/discover/walk.js";
import { buildContext } from "../../src/model/context.js";
import { buildNginx } from "../../src/model/nginx.js";
import { defaultConfig } from "../../src/config/types.js";
import { parseNginx } from "../../src/parse/nginx.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const DISTRIBUTION_FILES = ["proxy_params", "uwsgi_params", "fastcgi_params", "fastcgi.conf", "scgi_params", "mime.types", "koi-utf", "koi-win", "win-utf"];

function findNginx(): string | null {
  for (const p of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(p)) return p;
  try {
    return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function caseDirs(): string[] {
  const out: string[] = [];
  const rules = join(FIXTURES, "rules");
  if (existsSync(rules)) for (const code of readdirSync(rules).sort()) for (const c of readdirSync(join(rules, code)).sort()) out.push(join(rules, code, c));
  const projects = join(FIXTURES, "projects");
  if (existsSync(projects)) for (const p of readdirSync(projects).sort()) out.push(join(projects, p));
  return out;
}

interface Check {
  /** fixture-relative name for messages */
  label: string;
  caseDir: string;
  root: string;
  files: string[];
  wrap: "main" | "http" | "server";
  configRoot: string;
  expectRejected: boolean;
  /** shipshape's first parse error among the files, as `file:line` */
  ours: { file: string; line: number } | null;
}

interface Verdict {
  kind: "ok" | "syntax" | "other";
  file: string | null;
  line: number | null;
  message: string;
}

const SYNTAX = /\] (unexpected |unterminated |unknown "|invalid variable name|too long parameter)/;

async function collect(): Promise<Check[]> {
  const checks: Check[] = [];
  for (const dir of caseDirs()) {
    const { files } = discover(dir, { noGit: true });
    const nginxFiles = files.filter((f) => f.kind === "nginx");
    if (nginxFiles.length === 0) continue;
    const ctx = buildContext(dir, files, [], defaultConfig());
    const model = await buildNginx(ctx);
    const errors = new Map(ctx.errors.map((e) => [e.span.file, e.span.line]));
    for (const f of model.files) {
      if (f.includedBy.length > 0) continue;
      const config = model.configs.find((c) => c.file === f.path);
      const source = nginxFiles.find((n) => n.path === f.path)!;
      const top = new Set(parseNginx(source).doc.directives.map((d) => d.name));
      const wrap = config ? config.context : top.has("location") || top.has("proxy_pass") || top.has("uwsgi_pass") ? "server" : "http";
      const closure = config ? config.files : [f.path];
      const firstError = closure.map((p) => ({ file: p, line: errors.get(p) })).find((e) => e.line !== undefined);
      const rel = posix.relative(FIXTURES.split("\\").join("/"), dir.split("\\").join("/"));
      checks.push({
        label: `${rel}/${f.path}`,
        caseDir: dir,
        root: f.path,
        files: closure,
        wrap,
        configRoot: configRootOf(f.path, model.files.map((x) => x.path)),
        expectRejected: /(^|\/)rules\/PX001\/bad-nginx/.test(rel),
        ours: firstError ? { file: firstError.file, line: firstError.line! } : null,
      });
    }
  }
  return checks;
}

function configRootOf(file: string, all: string[]): string {
  let dir = posix.dirname(file);
  for (;;) {
    if (all.includes(posix.join(dir, "nginx.conf"))) return dir;
    if (dir === "." || dir === "") return posix.dirname(file);
    dir = posix.dirname(dir);
  }
}

/** Rewrites that keep every token boundary but remove what `nginx -t` checks beyond syntax. */
function adjust(text: string, template: boolean, cert: string, key: string): string {
  let t = text;
  if (template) t = t.replace(/\$\{[A-Z_][A-Z0-9_]*\}/g, "localhost");
  t = t.replace(/(\bssl_certificate_key\s+)("[^"]*"|'[^']*'|[^;\s]+)/g, `$1${key}`);
  t = t.replace(/(\bssl_certificate\s+)("[^"]*"|'[^']*'|[^;\s]+)/g, `$1${cert}`);
  t = t.replace(/(\b(?:proxy_pass|uwsgi_pass|fastcgi_pass|scgi_pass|grpc_pass)\s+(?:[a-z]+:\/\/)?)(?!unix:)(?![a-z]+:\/\/)([A-Za-z][A-Za-z0-9.-]*)(?=[:/;\s])/g, "$1127.0.0.1");
  t = t.replace(/(^\s*server\s+)(?!unix:)([A-Za-z][A-Za-z0-9.-]*)(?=[:;\s])/gm, "$1127.0.0.1");
  t = t.replace(/(\binclude\s+)\/etc\/nginx\//g, "$1");
  return t;
}

function run(nginx: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(nginx, args, { timeout: 20_000 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

function verdictOf(output: string, prefix: string): Verdict {
  if (/test is successful/.test(output)) return { kind: "ok", file: null, line: null, message: "" };
  const m = /\[emerg\] (.*?)(?: in (\S+):(\d+))?$/m.exec(output);
  const message = m?.[1] ?? output.trim();
  const file = m?.[2] ? posix.relative(prefix, m[2]) : null;
  const line = m?.[3] ? Number(m[3]) : null;
  // Errors raised while reading name their file and line; one without a position (a failed bind(), a missing
  // certificate for a listen) comes after the whole configuration was read, so the syntax was accepted.
  if (m && file === null) return { kind: "ok", file, line, message };
  return { kind: SYNTAX.test(`] ${message}`) ? "syntax" : "other", file, line, message };
}

const nginx = findNginx();

if (!nginx) {
  if (process.env.CI === "true") {
    test("nginx -t agreement: nginx must be installed in CI (apt-get install nginx-core)", () => {
      expect(nginx, "nginx binary").not.toBeNull();
    });
  } else {
    test.skip("nginx -t agreement: SKIPPED, nginx is not installed (apt-get install nginx-core)", () => undefined);
  }
} else {
  describe("nginx -t agrees with shipshape's parser", () => {
    let work = "";
    let checks: Check[] = [];
    const verdicts = new Map<Check, Verdict>();

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), "shipshape-nginx-t-"));
      const cert = join(work, "cert.pem");
      const key = join(work, "key.pem");
      execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
      checks = await collect();
      let n = 0;
      const jobs = checks.map((check) => async () => {
        const dir = join(work, String(n++));
        cpSync(check.caseDir, dir, { recursive: true });
        const prefix = join(dir, check.configRoot);
        for (const rel of check.files) {
          const abs = join(dir, rel);
          const text = readFileSync(abs, "utf8");
          const adjusted = adjust(text, rel.endsWith(".template"), cert, key);
          writeFileSync(abs, adjusted);
          for (const m of adjusted.matchAll(/^\s*include\s+([^;\s]+)\s*;/gm)) {
            const target = m[1]!.replace(/^["']|["']$/g, "");
            if (/[*?[]/.test(target) || target.startsWith("/")) continue;
            const stub = join(prefix, target);
            if (existsSync(stub)) continue;
            mkdirSync(dirname(stub), { recursive: true });
            const known = join("/etc/nginx", posix.basename(target));
            if (DISTRIBUTION_FILES.includes(posix.basename(target)) && existsSync(known)) copyFileSync(known, stub);
            else writeFileSync(stub, "");
          }
        }
        const root = join(dir, check.root);
        let args: string[];
        if (check.wrap === "main") args = ["-t", "-p", `${prefix}/`, "-c", root, "-e", join(dir, "error.log"), "-g", `pid ${join(dir, "nginx.pid")};`];
        else {
          const wrapper = join(prefix, "__shipshape_wrapper.conf");
          const inner = check.wrap === "http" ? `include ${root};` : `server { listen 127.0.0.1:8080; include ${root}; }`;
          writeFileSync(wrapper, `pid ${join(dir, "nginx.pid")};\nerror_log ${join(dir, "error.log")};\nevents {}\nhttp {\n${inner}\n}\n`);
          args = ["-t", "-p", `${prefix}/`, "-c", wrapper, "-e", join(dir, "error.log")];
        }
        let out = await run(nginx, args);
        if (/"pid" directive is duplicate/.test(out)) out = await run(nginx, args.filter((_, i) => i < args.indexOf("-g")));
        verdicts.set(check, verdictOf(out, dir));
      });
      const pool = Array.from({ length: 4 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      });
      await Promise.all(pool);
    }, 120_000);

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    test("there are nginx fixtures to check, syntax errors among them", () => {
      expect(checks.length).toBeGreaterThan(20);
      expect(checks.filter((c) => c.expectRejected).length).toBeGreaterThanOrEqual(3);
    });

    test("each file: a ParseError exactly where nginx reports a syntax error", () => {
      const disagreements: string[] = [];
      const stoppedEarly: string[] = [];
      for (const check of checks) {
        const v = verdicts.get(check)!;
        const ours = check.ours ? `${check.ours.file}:${check.ours.line}` : "accepted";
        if (check.expectRejected && v.kind !== "syntax") disagreements.push(`${check.label}: a PX001 fixture, but nginx says ${v.kind === "ok" ? "ok" : v.message}`);
        if (!check.expectRejected && v.kind === "syntax") disagreements.push(`${check.label}: nginx rejects it (${v.message} at ${v.file}:${v.line}) but it is not a PX001 fixture`);
        if (v.kind === "ok" && check.ours) disagreements.push(`${check.label}: nginx accepts it, shipshape reports an error at ${ours}`);
        if (v.kind === "syntax" && (check.ours?.file !== v.file || check.ours?.line !== v.line))
          disagreements.push(`${check.label}: nginx: ${v.message} at ${v.file}:${v.line}; shipshape: ${ours}`);
        if (v.kind === "other") {
          stoppedEarly.push(`${check.label}: ${v.message} at ${v.file}:${v.line}`);
          if (check.ours && v.file === check.ours.file && v.line !== null && check.ours.line < v.line)
            disagreements.push(`${check.label}: nginx read past line ${check.ours.line} without a syntax error; shipshape reports one there`);
        }
      }
      if (stoppedEarly.length > 0) console.info(`nginx -t stopped early (not syntax) in ${stoppedEarly.length} file(s):\n  ${stoppedEarly.join("\n  ")}`);
      expect(disagreements).toEqual([]);
    });
  });
}
