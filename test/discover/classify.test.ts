import { describe, expect, it } from "vitest";
import { classifyByContent, guessByName } from "../../src/discover/classify.js";
import type { FileKind } from "../../src/discover/types.js";

/** The kind discovery gives a file with this path and content, or null when it is not read. */
function kindOf(path: string, text = ""): FileKind | null {
  const guess = guessByName(path);
  return guess ? classifyByContent(guess, path, text) : null;
}

const NGINX = "server {\n    listen 80;\n    location / { proxy_pass http://web:8000; }\n}\n";
const SUPERVISOR = "[program:web]\ncommand=gunicorn config.wsgi\n";

describe("one case per kind", () => {
  const cases: [string, string, FileKind][] = [
    ["config/settings.py", "DEBUG = False\nALLOWED_HOSTS = ['example.com']\n", "settings"],
    ["config/urls.py", "urlpatterns = []\n", "urls"],
    ["config/wsgi.py", "application = get_wsgi_application()\n", "wsgi"],
    ["config/asgi.py", "application = get_asgi_application()\n", "asgi"],
    ["manage.py", "#!/usr/bin/env python\n", "manage"],
    ["shop/views.py", "def index(request): ...\n", "python"],
    ["gunicorn.conf.py", "workers = 4\n", "gunicorn-conf"],
    ["deploy/gunicorn_prod.py", "bind = '0.0.0.0:8000'\n", "gunicorn-conf"],
    ["Dockerfile", "FROM python:3.12\n", "dockerfile"],
    ["docker/Dockerfile.prod", "FROM python:3.12\n", "dockerfile"],
    ["web.dockerfile", "FROM python:3.12\n", "dockerfile"],
    ["Containerfile", "FROM python:3.12\n", "dockerfile"],
    [".dockerignore", ".git\n", "dockerignore"],
    ["Dockerfile.dockerignore", ".git\n", "dockerignore"],
    ["docker-compose.yml", "services: {}\n", "compose"],
    ["docker-compose.prod.yaml", "services: {}\n", "compose"],
    ["compose.yaml", "services: {}\n", "compose"],
    ["compose.override.yml", "services: {}\n", "compose"],
    ["deploy/nginx.conf", NGINX, "nginx"],
    ["nginx/conf.d/gzip.conf", "gzip on;\n", "nginx"],
    ["etc/nginx/sites-available/mysite", NGINX, "nginx"],
    ["sites-enabled/default", "", "nginx"],
    ["deploy/web.service", "[Service]\nExecStart=/bin/true\n", "systemd"],
    ["deploy/web.socket", "[Socket]\nListenStream=/run/web.sock\n", "systemd"],
    ["deploy/web.service.d/override.conf", "[Service]\nEnvironment=DEBUG=0\n", "systemd"],
    ["deploy/supervisord.conf", SUPERVISOR, "supervisor"],
    ["deploy/supervisor.ini", SUPERVISOR, "supervisor"],
    ["Procfile", "web: gunicorn config.wsgi\n", "platform"],
    ["heroku.yml", "build:\n  docker:\n    web: Dockerfile\n", "platform"],
    ["fly.toml", "app = 'x'\n", "platform"],
    ["app.json", '{"name": "x", "scripts": {"postdeploy": "python manage.py migrate"}}', "platform"],
    ["app.json", '{"env": {"SECRET_KEY": {"generator": "secret"}}}', "platform"],
    ["deploy/uwsgi.ini", "[uwsgi]\nmodule = config.wsgi\n", "uwsgi"],
    ["deploy/uwsgi.conf", "[uwsgi]\nmodule = config.wsgi\n", "uwsgi"],
    ["docker/entrypoint.sh", "exec gunicorn config.wsgi\n", "shell"],
    ["docker-entrypoint", "#!/bin/sh\nexec \"$@\"\n", "shell"],
    ["bin/web", "#!/usr/bin/env bash\nexec gunicorn config.wsgi\n", "shell"],
    ["k8s/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n", "k8s"],
    ["k8s/all.yml", "---\napiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n", "k8s"],
    ["requirements.txt", "Django==5.0\n", "requirements"],
    ["requirements/production.txt", "-r base.txt\n", "requirements"],
    ["pyproject.toml", "[project]\nname = 'x'\n", "pyproject"],
    [".env", "DEBUG=1\n", "env-file"],
    [".env.production", "DEBUG=0\n", "env-file"],
    ["deploy/production.env", "DEBUG=0\n", "env-file"],
    [".envs/.production/.django", "DJANGO_DEBUG=False\n", "env-file"],
  ];
  it.each(cases)("%s is %s", (path, text, kind) => {
    expect(kindOf(path, text)).toBe(kind);
  });
});

describe("the tricky ones", () => {
  it("tells a supervisor .conf from an nginx .conf by content", () => {
    expect(kindOf("deploy/app.conf", SUPERVISOR)).toBe("supervisor");
    expect(kindOf("deploy/app.conf", NGINX)).toBe("nginx");
    expect(kindOf("deploy/app.conf", "[supervisord]\nnodaemon=true\n")).toBe("supervisor");
  });

  it("leaves a .conf that is neither unread", () => {
    expect(kindOf("deploy/logrotate.conf", "/var/log/app/*.log {\n  daily\n  include /etc/logrotate.d\n}\n")).toBeNull();
    expect(kindOf("redis.conf", "maxmemory 2mb\nappendonly yes\n")).toBeNull();
  });

  it("treats a supervisor file inside an nginx directory as supervisor", () => {
    expect(kindOf("nginx/supervisor.conf", SUPERVISOR)).toBe("supervisor");
  });

  it("does not read documentation or certificates in nginx directories", () => {
    expect(guessByName("nginx/README")).toBeNull();
    expect(guessByName("nginx/certs/site.pem")).toBeNull();
  });

  it("leaves a YAML that is neither compose nor Kubernetes unread", () => {
    expect(kindOf(".github/workflows/ci.yml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")).toBeNull();
    expect(kindOf("mkdocs.yml", "site_name: x\nnav:\n  - index.md\n")).toBeNull();
    expect(kindOf("config.yaml", "services:\n  web: {}\n")).toBeNull();
    expect(kindOf("chart/values.yaml", "image:\n  repository: x\n  # kind: Deployment\n  apiVersion: v1\n")).toBeNull();
  });

  it("reads app.json only when it is Heroku's manifest", () => {
    expect(kindOf("app.json", '{"expo": {"name": "mobile", "slug": "mobile"}}')).toBeNull();
    expect(kindOf("frontend/app.json", '{"name": "web", "version": "1.0.0", "main": "index.js"}')).toBeNull();
    expect(kindOf("app.json", "[1, 2, 3]")).toBeNull();
    expect(kindOf("app.json", '{"scripts": {"postdeploy": ')).toBe("platform");
    expect(kindOf("app.json", "{not json")).toBeNull();
  });

  it("does not swallow every .py as settings", () => {
    expect(kindOf("shop/models.py", "from django.db import models\n\nclass Order(models.Model):\n    DEBUG = True\n")).toBe("python");
    expect(kindOf("tools/report.py", "DEBUG = True\nLOGGING = {}\n")).toBe("python");
    expect(kindOf("flaskapp/config.py", "SECRET_KEY = 'x'\nDEBUG = False\n")).toBe("python");
    expect(kindOf("accounts/user_settings.py", "def defaults():\n    return {}\n")).toBe("python");
    expect(kindOf("config/settings/__init__.py", "")).toBe("python");
    expect(kindOf("config/settings/helpers.py", "def env_list(name):\n    return []\n")).toBe("python");
  });

  it("recognises settings modules however they are split", () => {
    expect(kindOf("anywhere/conf.py", "INSTALLED_APPS = ['django.contrib.admin']\n")).toBe("settings");
    expect(kindOf("config/settings/production.py", "from .base import *\n")).toBe("settings");
    expect(kindOf("config/settings/__init__.py", "from .base import *\n")).toBe("settings");
    expect(kindOf("config/prod.py", "from .base import *\nDEBUG = False\n")).toBe("settings");
    expect(kindOf("settings_prod.py", "DEBUG = False\n")).toBe("settings");
    expect(kindOf("config/settings/base.py", "SECRET_KEY: str = 'x'\n")).toBe("settings");
  });

  it("reads extensionless scripts only with a shell shebang", () => {
    expect(kindOf("bin/web", "#!/usr/bin/env python3\nprint(1)\n")).toBeNull();
    expect(kindOf("docker/start", "#!/usr/bin/env -S bash -e\nexec gunicorn\n")).toBe("shell");
    expect(kindOf("docker/start", "echo no shebang\n")).toBeNull();
    expect(guessByName("LICENSE")).toBeNull();
    expect(guessByName("bin/Makefile")).toBeNull();
  });

  it("never reads files of unknown kinds", () => {
    for (const path of ["static/app.js", "logo.png", "docs/index.md", "package.json", ".envrc", "templates/base.html"]) expect(guessByName(path), path).toBeNull();
  });
});
