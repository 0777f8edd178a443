import type { FileKind } from "./types.js";

/**
 * Kinds decided by the file name alone. Kinds that need content (`.conf`,
 * `.ini`, `.yaml`, `.py`, `app.json`, scripts without extension) return a
 * "maybe" the content test settles. Null: never read.
 */
export type NameGuess = { kind: FileKind } | { maybe: "conf" | "nginx-dir" | "ini" | "yaml" | "python" | "script" | "app-json" } | null;

/** Directories whose extensionless files are likely entrypoint or start scripts. */
const SCRIPT_DIRS = new Set(["bin", "scripts", "script", "docker", ".docker", "deploy", "compose"]);

/** Extensions of config files that live in nginx directories (`nginx/**`, `sites-*`/**). */
const NGINX_DIR_FILE = /^[^.]+$|\.(conf|template|vhost|nginx|site)$/;

/** Extensionless names that are documentation or build files, wherever they are. */
const NOT_CONFIG = /^(readme|license|licence|copying|changelog|authors|notice|makefile|justfile|vagrantfile|gemfile|rakefile|brewfile|codeowners)$/;

export function guessByName(path: string): NameGuess {
  const parts = path.split("/");
  const base = parts[parts.length - 1]!;
  const lower = base.toLowerCase();
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());

  if (lower === ".dockerignore" || lower.endsWith(".dockerignore")) return { kind: "dockerignore" };
  if (/^(dockerfile|containerfile)([._-].*)?$/.test(lower) || lower.endsWith(".dockerfile")) return { kind: "dockerfile" };
  if (/^(docker-)?compose([._-].*)?\.ya?ml$/.test(lower)) return { kind: "compose" };
  if (lower.endsWith(".service") || lower.endsWith(".socket")) return { kind: "systemd" };
  if (/^procfile(\.[\w-]+)?$/.test(lower) || lower === "heroku.yml" || lower === "fly.toml") return { kind: "platform" };
  if (lower === "app.json") return { maybe: "app-json" };
  if (lower === "pyproject.toml") return { kind: "pyproject" };
  if (/^requirements.*\.(txt|in)$/.test(lower) || (dirs.includes("requirements") && /\.(txt|in)$/.test(lower))) return { kind: "requirements" };
  if (lower === "pipfile" || lower === "poetry.lock" || lower === "uv.lock") return { kind: "requirements" };
  if (lower === ".envrc") return null;
  if (lower === ".env" || lower.startsWith(".env.") || lower.endsWith(".env") || dirs.includes(".envs")) return { kind: "env-file" };
  if (lower === "manage.py") return { kind: "manage" };
  if (lower === "wsgi.py") return { kind: "wsgi" };
  if (lower === "asgi.py") return { kind: "asgi" };
  if (lower === "urls.py") return { kind: "urls" };
  if (/^gunicorn[\w.-]*\.py$/.test(lower)) return { kind: "gunicorn-conf" };
  if (lower.endsWith(".py")) return { maybe: "python" };
  if (lower.endsWith(".sh") || lower.endsWith(".bash")) return { kind: "shell" };
  if (dirs.some((d) => d === "nginx" || d.startsWith("sites-")) && NGINX_DIR_FILE.test(lower) && !NOT_CONFIG.test(lower)) return { maybe: "nginx-dir" };
  if (lower.endsWith(".conf") || lower.endsWith(".conf.template")) return { maybe: "conf" };
  if (lower.endsWith(".ini")) return { maybe: "ini" };
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return { maybe: "yaml" };
  if (!lower.includes(".") && !NOT_CONFIG.test(lower) && (/(entrypoint|start|run|boot|cmd|init|release|wait|deploy|serve)/.test(lower) || dirs.some((d) => SCRIPT_DIRS.has(d)))) return { maybe: "script" };
  return null;
}

/** Settings only Django reads: one assigned at module level makes a Python module a settings module. */
const DJANGO_ONLY =
  /^(INSTALLED_APPS|MIDDLEWARE|MIDDLEWARE_CLASSES|ROOT_URLCONF|WSGI_APPLICATION|ASGI_APPLICATION|DEFAULT_AUTO_FIELD|AUTH_PASSWORD_VALIDATORS|AUTH_USER_MODEL|DATABASES|ALLOWED_HOSTS|STATIC_ROOT|STATICFILES_\w+|SECURE_\w+|CSRF_TRUSTED_ORIGINS|CSRF_COOKIE_\w+|SESSION_COOKIE_\w+|SESSION_ENGINE)\s*(\+?=|:|\[)/m;

/** Settings other frameworks share: enough for a module that is named or imported like a settings module. */
const COMMON_SETTING =
  /^(SECRET_KEY|DEBUG|TEMPLATES|LOGGING|CACHES|STATIC_URL|MEDIA_\w+|EMAIL_\w+|TIME_ZONE|LANGUAGE_CODE|USE_TZ|USE_I18N|X_FRAME_OPTIONS|ADMINS|MANAGERS|SERVER_EMAIL|DEFAULT_FROM_EMAIL)\s*(\+?=|:|\[)/m;

/** `from .base import *`, `from config.settings.base import *`, `from .settings import *`. */
const SETTINGS_STAR_IMPORT = /^\s*from\s+(\.+[\w.]*|[\w.]*settings[\w.]*)\s+import\s+\*/m;

/** A path named like a settings module: `settings.py`, `settings/*.py`, `settings_prod.py`, `prod_settings.py`. */
const SETTINGS_PATH = /(^|\/)(settings(\/|[\w-]*\.py$)|[\w-]*_settings\.py$)/;

/** Top-level nginx blocks, or a directive line ending in `;`. */
const NGINX_CONTENT =
  /^\s*(server|http|upstream|location|events|map|stream|types|geo|limit_except|if)\b[^;{\n]*\{|^\s*(proxy_pass|listen|server_name|proxy_set_header|add_header|root|alias|return|rewrite|try_files|include|ssl_certificate|ssl_protocols|client_max_body_size|gzip|worker_processes|worker_connections|uwsgi_pass|fastcgi_pass|access_log|error_log|expires|limit_req_zone|resolver|set|keepalive_timeout|sendfile|server_tokens)\s[^\n]*;\s*(#[^\n]*)?$/m;

const SUPERVISOR_SECTION = /^\s*\[(program|supervisord|group|include|unix_http_server|inet_http_server|supervisorctl|eventlistener|fcgi-program|rpcinterface)(:[^\]]*)?\]/m;
const UWSGI_SECTION = /^\s*\[uwsgi\]/m;
/** A systemd drop-in (`foo.service.d/override.conf`) uses the unit file syntax. */
const SYSTEMD_SECTION = /^\s*\[(Unit|Service|Socket|Install)\]\s*$/m;

/** Keys Heroku's app.json manifest defines; a frontend tool's app.json has none of them. */
const APP_JSON_KEYS = ["scripts", "formation", "buildpacks", "env", "addons", "stack", "environments"];

/** Settles a name guess from the content. Null: not a kind we read. */
export function classifyByContent(guess: Exclude<NameGuess, null>, path: string, text: string): FileKind | null {
  if ("kind" in guess) return guess.kind;
  const head = text.length > 64 * 1024 ? text.slice(0, 64 * 1024) : text;
  switch (guess.maybe) {
    case "python":
      return isSettings(path, head) ? "settings" : "python";
    case "nginx-dir":
      return confKind(head) ?? "nginx";
    case "conf":
      return confKind(head) ?? (NGINX_CONTENT.test(head) ? "nginx" : null);
    case "ini":
      if (UWSGI_SECTION.test(head)) return "uwsgi";
      if (SUPERVISOR_SECTION.test(head)) return "supervisor";
      return null;
    case "yaml":
      if (/^apiVersion\s*:/m.test(head) && /^kind\s*:/m.test(head)) return "k8s";
      if (/^services[ \t]*:[ \t]*\r?\n(?:[ \t]*(?:#.*)?\r?\n)*[ \t]+[\w.-]+[ \t]*:/m.test(head) && /^\s*(image|build)\s*:/m.test(head)) return "compose";
      return null;
    case "script":
      return /^#!\s*\S*(\/|env\s+(-\S+\s+)*)(ba|da|z|k|a)?sh\b/.test(head) ? "shell" : null;
    case "app-json":
      return isHerokuAppJson(text) ? "platform" : null;
  }
}

function isSettings(path: string, head: string): boolean {
  if (DJANGO_ONLY.test(head)) return true;
  const common = COMMON_SETTING.test(head);
  const starImport = SETTINGS_STAR_IMPORT.test(head);
  if (SETTINGS_PATH.test(path.toLowerCase())) return common || starImport;
  return common && starImport;
}

/** `.conf` content with its own section syntax: supervisor, uWSGI or a systemd drop-in. */
function confKind(head: string): FileKind | null {
  if (SUPERVISOR_SECTION.test(head)) return "supervisor";
  if (UWSGI_SECTION.test(head)) return "uwsgi";
  if (SYSTEMD_SECTION.test(head)) return "systemd";
  return null;
}

/** Heroku's app.json is an object with at least one of its keys; a broken one that mentions them is still read (and reported as unparsable). */
function isHerokuAppJson(text: string): boolean {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === "object" && doc !== null && !Array.isArray(doc) && APP_JSON_KEYS.some((k) => k in doc);
  } catch {
    return APP_JSON_KEYS.some((k) => text.includes(`"${k}"`));
  }
}
