/**
 * Differential test against Django itself: hundreds of generated settings
 * variants, each split across a base and a production module, are judged by
 * Django's real deploy checks (test/settings/django_oracle.py, one Python
 * process for all of them) and by shipshape. For the rules that mirror a
 * check --deploy ID, the two must agree exactly. The project is pinned to
 * the Django version under test so both sides judge by the same version.
 *
 * Needs python3 with Django (Debian: python3-django). Without it the test
 * skips with a message — except under CI=true, where it fails.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";
import type { Finding } from "../../src/engine/types.js";

const DRIVER = join(import.meta.dirname, "django_oracle.py");
const MIN_VARIANTS = 300;

/** A python3 that can import Django, and the Django version, or null. */
function findPython(): { python: string; version: string } | null {
  for (const python of ["python3", "/usr/bin/python3", "python"]) {
    const r = spawnSync(python, ["-c", "import django; print(django.get_version())"], { encoding: "utf8" });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return null;
}

/** Django check IDs → the shipshape rule that mirrors each. */
const MIRROR: Record<string, string> = {
  "security.W001": "DJ108",
  "security.W002": "DJ110",
  "security.W003": "DJ109",
  "security.W004": "DJ111",
  "security.W005": "DJ112",
  "security.W006": "DJ117",
  "security.W008": "DJ113",
  "security.W009": "DJ105",
  "security.W010": "DJ114",
  "security.W011": "DJ114",
  "security.W012": "DJ114",
  "security.W013": "DJ115",
  "security.W014": "DJ115",
  "security.W015": "DJ115",
  "security.W016": "DJ116",
  "security.W018": "DJ101",
  "security.W019": "DJ110",
  "security.W020": "DJ106",
  "security.W021": "DJ112",
  "security.W022": "DJ118",
  "security.W025": "DJ105",
  "security.E023": "DJ119",
  "security.E024": "DJ119",
  "caches.W002": "DJ214",
};
const MIRRORED = new Set(Object.values(MIRROR));

/**
 * Our findings as mirrored codes. DJ104 reporting a weak default stands for
 * W009 when that default is the key Django runs with (the variable is unset):
 * RULES.md has the weakness join that finding instead of a DJ105.
 */
function ours(findings: Finding[], env: Record<string, string>): string[] {
  const out: string[] = [];
  for (const f of findings) {
    if (MIRRORED.has(f.code)) out.push(f.code);
    else if (f.code === "DJ104" && f.messageId === "fallbackWeak") {
      const variable = /when (\w+) is unset/.exec(f.message)?.[1];
      if (variable && !(variable in env)) out.push("DJ105");
    }
  }
  return out.sort();
}

function theirs(ids: string[]): string[] {
  return ids.map((id) => MIRROR[id] ?? `unmapped ${id}`).sort();
}

// ── the variants ──────────────────────────────────────────────────────────

/** Each dimension: alternative settings lines; `where` puts a line in base or production. */
interface Choice {
  base?: string;
  prod?: string;
}

const STRONG = "k3n$9vq!2x@p7z#m4w8&r1^y6*l5(c0)f_h+j=e-u9s2d7g4b1a8Q";
const DEBUG: Choice[] = [
  { base: "DEBUG = True", prod: "DEBUG = False" },
  { base: "DEBUG = False" },
  { prod: "DEBUG = True" },
  { base: 'DEBUG = os.environ.get("SS_DEBUG", "0") == "1"' },
  { base: 'DEBUG = os.getenv("SS_DEBUG", "True") == "True"' },
  { base: 'DEBUG = bool(os.environ.get("SS_DEBUG", ""))' },
  { base: 'DEBUG = int(os.environ.get("SS_DEBUG", 0))' },
  { base: 'DEBUG = int(os.environ.get("SS_DEBUG", "1"))' },
  { base: 'DEBUG = os.getenv("SS_DEBUG", False)' },
  { base: 'DEBUG = os.getenv("SS_DEBUG", "False")' },
  { base: 'DEBUG = os.environ.get("SS_DEBUG", "off").lower() in ("1", "true", "yes")' },
  {},
];
const SECRET: Choice[] = [
  { base: `SECRET_KEY = "${STRONG}"` },
  { base: 'SECRET_KEY = "short-key"' },
  { base: 'SECRET_KEY = "django-insecure-' + "x7Yq2!".repeat(10) + '"' },
  { base: `SECRET_KEY = "${"ab".repeat(30)}"` },
  { base: `SECRET_KEY = os.environ.get("SS_SECRET", "${STRONG}")` },
  { base: 'SECRET_KEY = os.environ.get("SS_SECRET", "dev")' },
  { base: `SECRET_KEY = str(os.getenv("SS_SECRET", "${STRONG.slice(0, 30)}"))` },
  { base: 'SECRET_KEY = "weak"', prod: `SECRET_KEY = "${STRONG}" + "extra"` },
  { base: `SECRET_KEY = "${STRONG.slice(0, 25)}" "${STRONG.slice(25)}"` },
];
const HOSTS: Choice[] = [
  { base: "ALLOWED_HOSTS = []" },
  { base: 'ALLOWED_HOSTS = ["example.com"]' },
  { prod: 'ALLOWED_HOSTS = ["*"]' },
  { base: 'ALLOWED_HOSTS = os.environ.get("SS_HOSTS", "").split(",")' },
  { base: 'ALLOWED_HOSTS = os.environ.get("SS_HOSTS", "a.example.com,b.example.com").split(",")' },
  { base: "ALLOWED_HOSTS = []", prod: 'ALLOWED_HOSTS += ["example.com"]' },
  {},
];
const SEC = '"django.middleware.security.SecurityMiddleware"';
const SES = '"django.contrib.sessions.middleware.SessionMiddleware"';
const CSRF = '"django.middleware.csrf.CsrfViewMiddleware"';
const XF = '"django.middleware.clickjacking.XFrameOptionsMiddleware"';
const COMMON = '"django.middleware.common.CommonMiddleware"';
const MIDDLEWARE: Choice[] = [
  { base: `MIDDLEWARE = [${SEC}, ${SES}, ${COMMON}, ${CSRF}, ${XF}]` },
  { base: `MIDDLEWARE = [${SES}, ${COMMON}, ${CSRF}, ${XF}]` },
  { base: `MIDDLEWARE = [${SEC}, ${SES}, ${COMMON}, ${XF}]` },
  { base: `MIDDLEWARE = [${SEC}, ${SES}, ${COMMON}, ${CSRF}]` },
  { base: `MIDDLEWARE = [${COMMON}]`, prod: `MIDDLEWARE.insert(0, ${SEC})` },
  { base: `MIDDLEWARE = [${SEC}, ${COMMON}, ${CSRF}, ${XF}]`, prod: `MIDDLEWARE.remove(${SEC})` },
  { base: `MIDDLEWARE = [${COMMON}]`, prod: `MIDDLEWARE += [${SEC}, ${CSRF}]` },
  { base: `MIDDLEWARE = (${SEC}, ${CSRF}, ${XF})` },
  { base: `MIDDLEWARE = [${SEC}, ${COMMON}]`, prod: `MIDDLEWARE.extend([${SES}, ${CSRF}, ${XF}])` },
  {},
];
const APPS: Choice[] = [
  { base: 'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]' },
  { base: 'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]' },
  { base: 'INSTALLED_APPS = ["django.contrib.contenttypes"]', prod: 'INSTALLED_APPS.append("django.contrib.sessions")' },
];
const HSTS: Choice[] = [
  {},
  { prod: "SECURE_HSTS_SECONDS = 0" },
  { prod: "SECURE_HSTS_SECONDS = 3600" },
  { prod: "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True\nSECURE_HSTS_PRELOAD = True" },
  { prod: "SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = 1\nSECURE_HSTS_PRELOAD = \"yes\"" },
  { prod: "SECURE_HSTS_SECONDS = 60 * 60 * 24\nSECURE_HSTS_PRELOAD = True" },
  { prod: 'SECURE_HSTS_SECONDS = int(os.environ.get("SS_HSTS", "0"))' },
  { prod: 'SECURE_HSTS_SECONDS = int(os.environ.get("SS_HSTS", "600"))\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True' },
  { prod: 'SECURE_HSTS_SECONDS = "0"' },
  { base: "SECURE_HSTS_SECONDS = 3600", prod: "SECURE_HSTS_SECONDS = None" },
];
const REDIRECT: Choice[] = [{}, { prod: "SECURE_SSL_REDIRECT = True" }, { prod: "SECURE_SSL_REDIRECT = 1" }, { prod: 'SECURE_SSL_REDIRECT = "True"' }, { prod: "SECURE_SSL_REDIRECT = False" }, { prod: 'SECURE_SSL_REDIRECT = os.environ.get("SS_SSL", "1") == "1"' }];
const COOKIES: Choice[] = [
  {},
  { prod: "SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True" },
  { prod: "SESSION_COOKIE_SECURE = 1\nCSRF_COOKIE_SECURE = \"yes\"" },
  { prod: "SESSION_COOKIE_SECURE = True\nCSRF_USE_SESSIONS = True" },
  { prod: "SESSION_COOKIE_SECURE = False\nSESSION_COOKIE_HTTPONLY = False" },
  { prod: "SESSION_COOKIE_HTTPONLY = 0\nCSRF_COOKIE_SECURE = True" },
  { prod: "SESSION_COOKIE_HTTPONLY = \"\"\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = False" },
  { base: "SESSION_COOKIE_SECURE = True", prod: "SESSION_COOKIE_SECURE = not SESSION_COOKIE_SECURE" },
];
const XFRAME: Choice[] = [{}, { prod: 'X_FRAME_OPTIONS = "DENY"' }, { prod: 'X_FRAME_OPTIONS = "SAMEORIGIN"' }, { prod: 'X_FRAME_OPTIONS = "deny"' }];
const NOSNIFF: Choice[] = [{}, { prod: "SECURE_CONTENT_TYPE_NOSNIFF = False" }, { prod: "SECURE_CONTENT_TYPE_NOSNIFF = 1" }];
const REFERRER: Choice[] = [
  {},
  { prod: "SECURE_REFERRER_POLICY = None" },
  { prod: 'SECURE_REFERRER_POLICY = "same-origin"' },
  { prod: 'SECURE_REFERRER_POLICY = "no-referrer, strict-origin"' },
  { prod: 'SECURE_REFERRER_POLICY = "same-orign"' },
  { prod: 'SECURE_REFERRER_POLICY = ["origin", "unsafe-url"]' },
  { prod: 'SECURE_REFERRER_POLICY = ("origin", "bogus")' },
];
const FALLBACKS: Choice[] = [{}, { prod: 'SECRET_KEY_FALLBACKS = ["old"]' }, { prod: `SECRET_KEY_FALLBACKS = ["${STRONG}"]` }];
const FILECACHE = '"django.core.cache.backends.filebased.FileBasedCache"';
const CACHE: Choice[] = [
  {},
  { prod: `STATIC_ROOT = BASE_DIR / "static"\nCACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": BASE_DIR / "static" / "cache"}}` },
  { prod: `STATIC_ROOT = BASE_DIR / "static"\nCACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": BASE_DIR / "cache"}}` },
  { prod: `MEDIA_ROOT = os.path.join(BASE_DIR, "media")\nCACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": os.path.join(BASE_DIR, "media")}}` },
  { prod: `STATIC_ROOT = BASE_DIR / "public" / "static"\nCACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": str(BASE_DIR / "public")}}` },
  { prod: `STATICFILES_DIRS = [BASE_DIR / "assets", ("vendor", BASE_DIR / "vendor")]\nCACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": BASE_DIR / "vendor" / "c"}}` },
  { base: `CACHES = {"default": {"BACKEND": ${FILECACHE}, "LOCATION": BASE_DIR / "static"}}`, prod: 'STATIC_ROOT = BASE_DIR / "static"\nCACHES["default"]["LOCATION"] = BASE_DIR / "cache"' },
  { prod: `STATIC_ROOT = BASE_DIR / "static"\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "files": {"BACKEND": ${FILECACHE}, "LOCATION": BASE_DIR / "static"}}` },
];

const DIMENSIONS = [DEBUG, SECRET, HOSTS, MIDDLEWARE, APPS, HSTS, REDIRECT, COOKIES, XFRAME, NOSNIFF, REFERRER, FALLBACKS, CACHE];

/**
 * Every third variant runs as a deployment: a Dockerfile sets some of the
 * variables the settings read (Django gets the same environment), so the
 * target-environment path is checked against Django too.
 */
const ENVS: Record<string, string>[] = [
  { SS_DEBUG: "0", SS_HOSTS: "shop.example.com", SS_HSTS: "3600" },
  { SS_DEBUG: "1", SS_SECRET: STRONG.replace(/\$/g, "S"), SS_SSL: "0" },
  { SS_HOSTS: "", SS_HSTS: "0", SS_SSL: "1" },
  { SS_SECRET: "tiny", SS_HSTS: "31536000" },
];

function deploymentEnv(i: number): Record<string, string> | null {
  return i % 3 === 0 ? ENVS[(i / 3) % ENVS.length]! : null;
}

function dockerfile(env: Record<string, string>): string {
  const lines = ["FROM python:3.12-slim", "WORKDIR /app", "COPY . .", "ENV DJANGO_SETTINGS_MODULE=proj.settings.production"];
  for (const [k, v] of Object.entries(env)) lines.push(`ENV ${k}=${JSON.stringify(v)}`);
  lines.push('CMD ["gunicorn", "proj.wsgi:application"]');
  return `${lines.join("\n")}\n`;
}

/** Deterministic pseudo-random choices; variant i also walks each dimension in order so every alternative appears. */
function variant(i: number): { base: string; prod: string } {
  let seed = (i + 1) * 2654435761;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const base = ["import os", "from pathlib import Path", "", "BASE_DIR = Path(__file__).resolve().parent.parent.parent"];
  const prod = ["import os", "", "from .base import *", ""];
  DIMENSIONS.forEach((dim, d) => {
    const c = i < 40 ? dim[(i + d) % dim.length]! : dim[next(dim.length)]!;
    if (c.base) base.push(c.base);
    if (c.prod) prod.push(c.prod);
  });
  return { base: `${base.join("\n")}\n`, prod: `${prod.join("\n")}\n` };
}

// ── the test ──────────────────────────────────────────────────────────────

const found = findPython();
const ci = process.env.CI === "true";
const workdir = mkdtempSync(join(tmpdir(), "shipshape-oracle-"));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe("Django check --deploy oracle", () => {
  if (!found) {
    if (ci)
      test("python3 with Django is required under CI=true", () => {
        expect.fail("python3 cannot import django: install python3-django (.ci/run does)");
      });
    else test.skip("python3 with Django is not installed (apt-get install python3-django): the Django oracle did not run", () => {});
    return;
  }

  test(`shipshape agrees with Django ${found.version} on ${MIN_VARIANTS}+ settings variants`, { timeout: 120_000 }, async () => {
    const [major, minor] = found.version.split(".");
    const dirs: string[] = [];
    const sources = new Map<string, { base: string; prod: string; env: Record<string, string> }>();
    for (let i = 0; i < MIN_VARIANTS + 20; i++) {
      const dir = join(workdir, `v${i}`);
      const v = variant(i);
      mkdirSync(join(dir, "proj", "settings"), { recursive: true });
      writeFileSync(join(dir, "proj", "__init__.py"), "");
      writeFileSync(join(dir, "proj", "settings", "__init__.py"), "");
      writeFileSync(join(dir, "proj", "settings", "base.py"), v.base);
      writeFileSync(join(dir, "proj", "settings", "production.py"), v.prod);
      writeFileSync(join(dir, "requirements.txt"), `Django==${major}.${minor}\n`);
      const env = deploymentEnv(i);
      if (env) writeFileSync(join(dir, "Dockerfile"), dockerfile(env));
      dirs.push(dir);
      sources.set(dir, { ...v, env: env ?? {} });
    }
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SS_") && k !== "DJANGO_SETTINGS_MODULE"));
    const run = spawnSync(found.python, [DRIVER], {
      input: JSON.stringify(dirs.map((dir) => ({ dir, module: "proj.settings.production", env: sources.get(dir)!.env }))),
      encoding: "utf8",
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n").slice(1).map((l) => JSON.parse(l) as { dir: string; ids?: string[]; error?: string });
    expect(lines.length).toBe(dirs.length);

    let compared = 0;
    let deployed = 0;
    const disagreements: string[] = [];
    for (const line of lines) {
      if (line.error) {
        disagreements.push(`${line.dir}: Django could not load the variant (${line.error})`);
        continue;
      }
      const result = await audit({ root: line.dir });
      const env = sources.get(line.dir)!.env;
      const a = ours(result.findings, env);
      const b = theirs(line.ids!);
      compared++;
      if (Object.keys(env).length > 0 && result.model.settings.productionSettings.every((v) => v.targets.length === 0)) disagreements.push(`${line.dir}: the Dockerfile target was not used for the settings`);
      else if (Object.keys(env).length > 0) deployed++;
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        const v = sources.get(line.dir)!;
        disagreements.push(`${line.dir}\n  shipshape: ${a.join(" ")}\n  django:    ${b.join(" ")} (${line.ids!.join(" ")})\n--- env ${JSON.stringify(v.env)}\n--- base.py\n${v.base}--- production.py\n${v.prod}`);
      }
    }
    expect(disagreements.slice(0, 5).join("\n\n")).toBe("");
    expect(compared).toBeGreaterThanOrEqual(MIN_VARIANTS);
    expect(deployed).toBeGreaterThanOrEqual(100);
  });
});
