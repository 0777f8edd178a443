/**
 * Django's defaults (django/conf/global_settings.py) for the settings the
 * rules read, by version: an unset setting takes them, as Django would.
 */
import type { Span } from "../../parse/span.js";
import { mk, type DictEntry, type PyValue, type Val } from "./values.js";

type Lit = null | boolean | number | string | Lit[] | { [k: string]: Lit };

const DEFAULTS: Record<string, { value: Lit; since?: [number, number]; until?: [number, number] }> = {
  DEBUG: { value: false },
  SECRET_KEY: { value: "" },
  SECRET_KEY_FALLBACKS: { value: [], since: [4, 1] },
  ALLOWED_HOSTS: { value: [] },
  INSTALLED_APPS: { value: [] },
  MIDDLEWARE: { value: [] },
  DATABASES: { value: {} },
  TEMPLATES: { value: [] },
  CACHES: { value: { default: { BACKEND: "django.core.cache.backends.locmem.LocMemCache" } } },
  SESSION_ENGINE: { value: "django.contrib.sessions.backends.db" },
  SECURE_HSTS_SECONDS: { value: 0 },
  SECURE_HSTS_INCLUDE_SUBDOMAINS: { value: false },
  SECURE_HSTS_PRELOAD: { value: false },
  SECURE_SSL_REDIRECT: { value: false },
  SECURE_CONTENT_TYPE_NOSNIFF: { value: true },
  SECURE_REFERRER_POLICY: { value: "same-origin" },
  SECURE_CROSS_ORIGIN_OPENER_POLICY: { value: "same-origin", since: [4, 0] },
  SECURE_PROXY_SSL_HEADER: { value: null },
  SESSION_COOKIE_SECURE: { value: false },
  SESSION_COOKIE_HTTPONLY: { value: true },
  CSRF_COOKIE_SECURE: { value: false },
  CSRF_USE_SESSIONS: { value: false },
  CSRF_TRUSTED_ORIGINS: { value: [] },
  X_FRAME_OPTIONS: { value: "DENY" },
  PASSWORD_HASHERS: {
    value: [
      "django.contrib.auth.hashers.PBKDF2PasswordHasher",
      "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
      "django.contrib.auth.hashers.Argon2PasswordHasher",
      "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    ],
  },
  STATIC_ROOT: { value: null },
  STATIC_URL: { value: null },
  MEDIA_ROOT: { value: "" },
  STATICFILES_DIRS: { value: [] },
  STATICFILES_STORAGE: { value: "django.contrib.staticfiles.storage.StaticFilesStorage", until: [5, 1] },
  STORAGES: {
    value: {
      default: { BACKEND: "django.core.files.storage.FileSystemStorage" },
      staticfiles: { BACKEND: "django.contrib.staticfiles.storage.StaticFilesStorage" },
    },
    since: [4, 2],
  },
  EMAIL_BACKEND: { value: "django.core.mail.backends.smtp.EmailBackend" },
  LOGGING: { value: {} },
  ADMINS: { value: [] },
};

function atLeast(v: [number, number] | null, bound: [number, number]): boolean {
  if (!v) return true;
  return v[0] > bound[0] || (v[0] === bound[0] && v[1] >= bound[1]);
}

/** Django's default for `name` under the version (null = newest), or undefined when unknown or absent in that version. */
export function djangoDefault(name: string, version: [number, number] | null, span: Span): Val | undefined {
  const d = DEFAULTS[name];
  if (!d) return undefined;
  if (d.since && !atLeast(version, d.since)) return undefined;
  if (d.until && version === null) return undefined;
  if (d.until && atLeast(version, d.until)) return undefined;
  return toVal(d.value, span);
}

function toVal(lit: Lit, span: Span): Val {
  let v: PyValue;
  if (lit === null) v = { kind: "none" };
  else if (typeof lit === "boolean") v = { kind: "bool", value: lit };
  else if (typeof lit === "number") v = { kind: "int", value: lit };
  else if (typeof lit === "string") v = { kind: "str", value: lit };
  else if (Array.isArray(lit)) v = { kind: "list", items: lit.map((x) => toVal(x, span)) };
  else {
    const entries: DictEntry[] = Object.entries(lit).map(([k, x]) => ({ key: mk({ kind: "str", value: k }, span), value: toVal(x, span) }));
    v = { kind: "dict", entries, open: false };
  }
  return mk(v, span);
}
