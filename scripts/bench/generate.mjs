// Deterministic synthetic projects for `npm run bench`: the same files, byte
// for byte, on every run and machine.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

function writer(root) {
  let count = 0;
  const write = (path, content) => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    count++;
  };
  return { write, count: () => count };
}

/** A fixed-seed generator (mulberry32), so "random" sizes are the same everywhere. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ";

/**
 * A large Django monorepo: `apps` Django apps (models, views, urls, admin,
 * apps, tests, migrations), a split settings package, Dockerfiles, compose
 * files, nginx configs and systemd units, among `unrelated` files a deploy
 * audit has no business reading (frontend sources, images, docs) plus a
 * vendored node_modules tree and a build directory that .gitignore excludes.
 */
export function generateMonorepo(root, { apps = 300, unrelated = 5000 } = {}) {
  const { write, count } = writer(root);
  const rnd = random(42);
  const names = Array.from({ length: apps }, (_, i) => `app${String(i).padStart(3, "0")}`);

  write(".gitignore", "node_modules/\nbuild/\n*.pyc\n.env\n");
  write("manage.py", '#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n');
  write("config/__init__.py", "");
  write("config/settings/__init__.py", "");
  write(
    "config/settings/base.py",
    [
      "import os",
      "from pathlib import Path",
      "",
      "BASE_DIR = Path(__file__).resolve().parent.parent.parent",
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
      'DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"',
      'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "example.com").split(",")',
      "INSTALLED_APPS = [",
      '    "django.contrib.admin",',
      '    "django.contrib.auth",',
      '    "django.contrib.contenttypes",',
      '    "django.contrib.sessions",',
      '    "django.contrib.staticfiles",',
      ...names.map((n) => `    "apps.${n}",`),
      "]",
      'ROOT_URLCONF = "config.urls"',
      'WSGI_APPLICATION = "config.wsgi.application"',
      'STATIC_URL = "/static/"',
      'STATIC_ROOT = BASE_DIR / "staticfiles"',
      "",
    ].join("\n"),
  );
  write("config/settings/production.py", 'from .base import *  # noqa: F403\n\nSECURE_SSL_REDIRECT = True\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSECURE_HSTS_SECONDS = 31536000\n');
  write("config/settings/local.py", "from .base import *  # noqa: F403\n\nDEBUG = True\n");
  write("config/urls.py", `from django.urls import include, path\n\nurlpatterns = [\n${names.map((n) => `    path("${n}/", include("apps.${n}.urls")),`).join("\n")}\n]\n`);
  write("config/wsgi.py", 'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\napplication = get_wsgi_application()\n');
  write("requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\npsycopg[binary]==3.2.3\n");

  for (const n of names) {
    const fields = 3 + Math.floor(rnd() * 8);
    const model = n[0].toUpperCase() + n.slice(1);
    write(`apps/${n}/__init__.py`, "");
    write(`apps/${n}/apps.py`, `from django.apps import AppConfig\n\n\nclass ${model}Config(AppConfig):\n    name = "apps.${n}"\n`);
    write(`apps/${n}/models.py`, `from django.db import models\n\n\nclass ${model}(models.Model):\n${Array.from({ length: fields }, (_, f) => `    field_${f} = models.CharField(max_length=${20 + f})`).join("\n")}\n`);
    write(`apps/${n}/views.py`, `from django.http import JsonResponse\n\nfrom .models import ${model}\n\n\ndef index(request):\n    return JsonResponse({"count": ${model}.objects.count()})\n`);
    write(`apps/${n}/urls.py`, `from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("", views.index)]\n`);
    write(`apps/${n}/admin.py`, `from django.contrib import admin\n\nfrom .models import ${model}\n\nadmin.site.register(${model})\n`);
    write(`apps/${n}/tests.py`, `from django.test import TestCase\n\n\nclass ${model}Tests(TestCase):\n    def test_index(self):\n        self.assertEqual(self.client.get("/${n}/").status_code, 200)\n`);
    write(`apps/${n}/migrations/__init__.py`, "");
    write(`apps/${n}/migrations/0001_initial.py`, `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    initial = True\n    dependencies = []\n    operations = [migrations.CreateModel(name="${model}", fields=[("id", models.BigAutoField(primary_key=True))])]\n`);
  }

  for (let i = 0; i < 8; i++) {
    write(`deploy/docker/service${i}/Dockerfile`, `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER app\nCMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:${8000 + i}"]\n`);
    write(`deploy/nginx/site${i}.conf`, `server {\n    listen 80;\n    server_name s${i}.example.com;\n    location /static/ { alias /srv/static/; }\n    location / {\n        proxy_pass http://127.0.0.1:${8000 + i};\n        proxy_set_header Host $host;\n    }\n}\n`);
    write(`deploy/systemd/web${i}.service`, `[Unit]\nDescription=web ${i}\nAfter=network.target\n\n[Service]\nUser=app\nWorkingDirectory=/srv/app\nEnvironment=DJANGO_SETTINGS_MODULE=config.settings.production\nExecStart=/srv/app/venv/bin/gunicorn config.wsgi --bind 127.0.0.1:${8000 + i}\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n`);
  }
  write("Dockerfile", 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]\n');
  write("docker-compose.yml", "services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n    ports:\n      - \"8000:8000\"\n  db:\n    image: postgres:16\n");
  for (let i = 0; i < 4; i++) write(`deploy/compose/docker-compose.stack${i}.yml`, `services:\n  web${i}:\n    image: shop:${i}.0\n    command: gunicorn config.wsgi --bind 0.0.0.0:8000\n`);

  const unrelatedKinds = [
    (i) => [`frontend/src/components/c${i}.js`, `export function C${i}(props) {\n  return props.items.map((x) => x * ${i});\n}\n`],
    (i) => [`frontend/src/styles/s${i}.css`, `.c${i} { margin: ${i % 17}px; color: #${(i * 2654435761 % 0xffffff).toString(16).padStart(6, "0")}; }\n`],
    (i) => [`static/img/i${i}.png`, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(256 + Math.floor(rnd() * 2048), i % 256)])],
    (i) => [`docs/page${i}.md`, `# Page ${i}\n\n${lorem.repeat(1 + (i % 5))}\n`],
    (i) => [`templates/t${i}.html`, `{% extends "base.html" %}\n{% block content %}<p>${i}</p>{% endblock %}\n`],
  ];
  for (let i = 0; i < unrelated; i++) {
    const [path, content] = unrelatedKinds[i % unrelatedKinds.length](i);
    write(path, content);
  }
  for (let i = 0; i < 2000; i++) write(`frontend/node_modules/pkg${i % 200}/lib/f${i}.js`, `module.exports = ${i};\n`);
  for (let i = 0; i < 500; i++) write(`build/assets/a${i}.js`, `var a${i} = ${i};\n`);
  write(".env", "DJANGO_SECRET_KEY=bench-not-a-secret\n");
  return count();
}

/**
 * A settings package of `modules` modules chained by star imports (each
 * module imports the previous one) with `assignments` assignments spread over
 * them: the settings evaluator's worst realistic case.
 */
export function generateSettingsPackage(root, { modules = 30, assignments = 2000 } = {}) {
  const { write, count } = writer(root);
  const per = Math.ceil(assignments / modules);
  write("manage.py", 'import os\nimport sys\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n');
  write("config/__init__.py", "");
  write("config/settings/__init__.py", "");
  for (let m = 0; m < modules; m++) {
    const lines = ["import os", ""];
    if (m > 0) lines.push(`from .part${String(m - 1).padStart(2, "0")} import *  # noqa: F403`, "");
    if (m === 0) lines.push('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', 'DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"', 'ALLOWED_HOSTS = ["example.com"]', "INSTALLED_APPS = []", "MIDDLEWARE = []");
    for (let a = 0; a < per && m * per + a < assignments; a++) {
      const n = m * per + a;
      switch (n % 5) {
        case 0:
          lines.push(`FEATURE_${n} = os.environ.get("FEATURE_${n}", "off") == "on"`);
          break;
        case 1:
          lines.push(`LIMIT_${n} = int(os.environ.get("LIMIT_${n}", "${n}"))`);
          break;
        case 2:
          lines.push(`NAME_${n} = "value-${n}"`);
          break;
        case 3:
          lines.push(`MAP_${n} = {"key": ${n}, "nested": {"on": True, "items": [${n}, ${n + 1}]}}`);
          break;
        default:
          lines.push(`INSTALLED_APPS += ["pkg${n}"]`);
      }
    }
    write(`config/settings/part${String(m).padStart(2, "0")}.py`, lines.join("\n") + "\n");
  }
  write("config/settings/production.py", `from .part${String(modules - 1).padStart(2, "0")} import *  # noqa: F403\n\nSECURE_SSL_REDIRECT = True\n`);
  return count();
}

/** The smallest settings module Django's `check --deploy` accepts. */
export function generateDjangoCheckProject(root) {
  const { write } = writer(root);
  write("minimal_settings.py", 'SECRET_KEY = "bench-not-a-secret-but-long-enough-to-pass-the-length-check-0123456789"\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\n');
}
