import type { FileKind } from "./types.js";

/**
 * Kinds decided by the file name alone. Kinds that need content (`.conf`,
 * `.ini`, `.yaml`, `.py`, scripts without extension) return a "maybe" the
 * content test settles.
 */
export type NameGuess = { kind: FileKind } | { maybe: "conf" | "ini" | "yaml" | "python" | "script" } | null;

export function guessByName(path: string): NameGuess {
  const parts = path.split("/");
  const base = parts[parts.length - 1]!;
  const lower = base.toLowerCase();
  const dirs = parts.slice(0, -1).map((d) => d.toLowerCase());

  if (/^(dockerfile|containerfile)([._-].*)?$/i.test(base) || lower.endsWith(".dockerfile")) return { kind: "dockerfile" };
  if (lower === ".dockerignore" || lower.endsWith(".dockerignore")) return { kind: "dockerignore" };
  if (/^(docker-)?compose([._-].*)?\.ya?ml$/i.test(base)) return { kind: "compose" };
  if (lower.endsWith(".service") || lower.endsWith(".socket")) return { kind: "systemd" };
  if (base === "Procfile" || /^procfile(\.\w+)?$/i.test(base) || lower === "heroku.yml" || lower === "app.json" || lower === "fly.toml")
    return { kind: "platform" };
  if (lower === "pyproject.toml") return { kind: "pyproject" };
  if (/^requirements.*\.(txt|in)$/i.test(base) || (dirs.includes("requirements") && /\.(txt|in)$/.test(lower)) || ["pipfile", "pipfile.lock", "poetry.lock", "uv.lock"].includes(lower))
    return { kind: "requirements" };
  if (lower === ".env" || lower.startsWith(".env.") || lower.endsWith(".env") || (dirs.includes(".envs") && !lower.includes(".")))
    return { kind: "env-file" };
  if (lower === "manage.py") return { kind: "manage" };
  if (lower === "wsgi.py") return { kind: "wsgi" };
  if (lower === "asgi.py") return { kind: "asgi" };
  if (lower === "urls.py") return { kind: "urls" };
  if (/^gunicorn[\w.-]*\.py$/.test(lower)) return { kind: "gunicorn-conf" };
  if (lower.endsWith(".py")) return { maybe: "python" };
  if (lower.endsWith(".sh") || lower.endsWith(".bash")) return { kind: "shell" };
  if (lower.endsWith(".conf") || lower.endsWith(".conf.template") || lower.endsWith(".template") || lower === "nginx.conf") return { maybe: "conf" };
  if (dirs.some((d) => d === "nginx" || d.startsWith("sites-")) && !lower.includes(".")) return { maybe: "conf" };
  if (lower.endsWith(".ini")) return { maybe: "ini" };
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return { maybe: "yaml" };
  if (!lower.includes(".") && /(entrypoint|start|run|boot|docker|cmd|init|release|wait|deploy)/.test(lower)) return { maybe: "script" };
  return null;
}

const SETTINGS_NAMES =
  /^(SECRET_KEY|DEBUG|ALLOWED_HOSTS|INSTALLED_APPS|MIDDLEWARE|DATABASES|ROOT_URLCONF|WSGI_APPLICATION|ASGI_APPLICATION|STATIC_ROOT|STATIC_URL|TEMPLATES|AUTH_PASSWORD_VALIDATORS|SECURE_[A-Z_]+|SESSION_COOKIE_[A-Z_]+|CSRF_[A-Z_]+|CACHES|LOGGING)\s*(=|\+=|:)/m;

/** Settles a name guess from the content. Null: not a kind we read. */
export function classifyByContent(guess: Exclude<NameGuess, null>, path: string, text: string): FileKind | null {
  if ("kind" in guess) return guess.kind;
  const head = text.slice(0, 64 * 1024);
  const lowerPath = path.toLowerCase();
  switch (guess.maybe) {
    case "python":
      if (SETTINGS_NAMES.test(head)) return "settings";
      if (/(^|\/)settings(\/|\.py$)/.test(lowerPath) && /^\s*from\s+\S+\s+import\s+\*/m.test(head)) return "settings";
      if (/(^|\/)settings\//.test(lowerPath) && !lowerPath.endsWith("__init__.py")) return "settings";
      return "python";
    case "conf":
      if (/^\s*\[(program|supervisord|group|include|unix_http_server|supervisorctl|eventlistener|fcgi-program):?[^\]]*\]/m.test(head)) return "supervisor";
      if (/^\s*\[uwsgi\]/m.test(head)) return "uwsgi";
      if (/^\s*(server|http|upstream|location|events|map|stream)\b[^;{]*\{/m.test(head) || /^\s*(proxy_pass|listen|server_name|proxy_set_header|include|add_header|root|alias|return)\s/m.test(head))
        return "nginx";
      return null;
    case "ini":
      if (/^\s*\[uwsgi\]/m.test(head)) return "uwsgi";
      if (/^\s*\[(program|supervisord)/m.test(head)) return "supervisor";
      return null;
    case "yaml":
      if (/^\s*apiVersion\s*:/m.test(head) && /^\s*kind\s*:/m.test(head)) return "k8s";
      if (/^services\s*:/m.test(head) && /(^|\/)(docker-)?compose/i.test(lowerPath)) return "compose";
      return null;
    case "script":
      if (/^#!\s*\S*(\/|env\s+)(ba|da|z|k)?sh\b/.test(head)) return "shell";
      return null;
  }
}
