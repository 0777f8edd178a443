import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { audit } from "../../src/index.js";
import { buildModel } from "../../src/model/build.js";
import { discover } from "../../src/discover/walk.js";
import { loadConfig } from "../../src/config/load.js";
import { findServer } from "../../src/model/appserver.js";
import type { Word } from "../../src/model/types.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "shipshape-appserver-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { mode: 0o755 });
  }
  return root;
}

async function servers(files: Record<string, string>) {
  const root = project(files);
  const { files: found, skipped } = discover(root, {});
  const model = await buildModel(root, found, skipped, loadConfig(root, undefined, { resolve: () => undefined, codes: [] }).config);
  return model.appServers.servers;
}

const words = (...t: string[]): Word[] => t.map((text) => ({ text, raw: text, span: { file: "x", line: 1, column: 1, endLine: 1, endColumn: 1 } }));

describe("finding the server behind wrappers", () => {
  test.each([
    [["gunicorn", "app.wsgi"], "gunicorn", 0],
    [["/srv/venv/bin/gunicorn", "app.wsgi"], "gunicorn", 0],
    [["python", "-m", "gunicorn", "app.wsgi"], "gunicorn", 2],
    [["poetry", "run", "uvicorn", "app.asgi:application"], "uvicorn", 2],
    [["pipenv", "run", "daphne", "app.asgi:application"], "daphne", 2],
    [["newrelic-admin", "run-program", "gunicorn", "app.wsgi"], "gunicorn", 2],
    [["ddtrace-run", "gunicorn", "app.wsgi"], "gunicorn", 1],
    [["env", "A=1", "uwsgi", "--ini", "u.ini"], "uwsgi", 2],
    [["gosu", "app", "gunicorn", "app.wsgi"], "gunicorn", 2],
    [["python3", "-u", "manage.py", "runserver", "0.0.0.0:8000"], "runserver", 2],
    [["django-admin", "runserver_plus"], "runserver", 0],
    [["python", "-m", "django", "runserver"], "runserver", 2],
  ])("%j is %s", (argv, kind, start) => {
    expect(findServer(words(...argv))).toMatchObject({ kind, start });
  });

  test.each([[["runserver"]], [["bin/runserver"]], [["python", "manage.py", "migrate"]], [["celery", "-A", "app", "worker"]]])("%j is no app server", (argv) => {
    expect(findServer(words(...argv))).toBeNull();
  });
});

describe("gunicorn settings precedence: flags > GUNICORN_CMD_ARGS > config file > WEB_CONCURRENCY", () => {
  test("each later source overrides the earlier one", async () => {
    const [s] = await servers({
      "deploy/app.service":
        "[Service]\nUser=app\nEnvironment=WEB_CONCURRENCY=2\nEnvironment=\"GUNICORN_CMD_ARGS=--timeout 90 --threads 4\"\nExecStart=/srv/venv/bin/gunicorn -c /srv/app/deploy/gunicorn.conf.py app.wsgi --threads 8\nWorkingDirectory=/srv/app\n",
      "deploy/gunicorn.conf.py": "workers = 5\ntimeout = 30\nthreads = 2\nworker_tmp_dir = '/dev/shm'\n",
    });
    expect(s).toMatchObject({ kind: "gunicorn", complete: true, configFiles: ["deploy/gunicorn.conf.py"] });
    expect(s!.workers).toMatchObject({ value: 5, source: "config" });
    expect(s!.timeout).toMatchObject({ value: 90, source: "cmd-args-env" });
    expect(s!.threads).toMatchObject({ value: 8, source: "flag" });
    expect(s!.workerTmpDir).toMatchObject({ value: "/dev/shm", source: "config" });
  });

  test("WEB_CONCURRENCY alone sets workers; a non-literal config value is set but Unknown", async () => {
    const [a] = await servers({ "deploy/app.service": "[Service]\nEnvironment=WEB_CONCURRENCY=3\nExecStart=/srv/venv/bin/gunicorn app.wsgi\n" });
    expect(a!.workers).toMatchObject({ value: 3, source: "web-concurrency" });
    const [b] = await servers({
      "Procfile": "web: gunicorn -c gunicorn.conf.py app.wsgi\n",
      "gunicorn.conf.py": "import multiprocessing\nworkers = multiprocessing.cpu_count() * 2 + 1\nif True:\n    timeout = 10\n",
    });
    expect(b!.workers).toMatchObject({ value: null, source: "config" });
    expect(b!.timeout).toMatchObject({ value: null, source: "config" });
  });

  test("a config file outside the repo, or a default gunicorn.conf.py whose working directory is unknown, makes the server incomplete", async () => {
    const [a] = await servers({ "deploy/app.service": "[Service]\nExecStart=/srv/venv/bin/gunicorn -c /etc/app/gunicorn.conf.py app.wsgi\n" });
    expect(a!.complete).toBe(false);
    const [b] = await servers({ "Dockerfile": "FROM python:3.12\nCOPY . /app\nCMD [\"gunicorn\", \"app.wsgi\"]\n", "gunicorn.conf.py": "workers = 4\n" });
    expect(b!.complete).toBe(false);
    expect(b!.workers).toBeNull();
  });

  test("short, attached and `=` flag forms; sh -c is followed", async () => {
    const [s] = await servers({ "deploy/app.conf": "[program:app]\ncommand=/bin/sh -c \"exec gunicorn app.wsgi -w4 --bind=0.0.0.0:8000 -b unix:/run/app.sock --reload\"\n" });
    expect(s).toMatchObject({ kind: "gunicorn" });
    expect(s!.workers?.value).toBe(4);
    expect(s!.bind.map((b) => b.value)).toEqual(["0.0.0.0:8000", "unix:/run/app.sock"]);
    expect(s!.reload?.value).toBe(true);
  });
});

describe("uWSGI", () => {
  test("ini (with nested ini), UWSGI_ env and flags, later wins; %(...) is Unknown", async () => {
    const [s] = await servers({
      "deploy/app.service": "[Service]\nEnvironment=UWSGI_PROCESSES=2\nExecStart=/srv/venv/bin/uwsgi --ini /srv/app/deploy/uwsgi.ini --harakiri 45\nWorkingDirectory=/srv/app\n",
      "deploy/uwsgi.ini": "[uwsgi]\nini = base.ini\nprocesses = 8\nsocket = %(chdir)/app.sock\nenv = DJANGO_SETTINGS_MODULE=app.settings.prod\n",
      "deploy/base.ini": "[uwsgi]\nharakiri = 30\nmaster = true\n",
    });
    expect(s).toMatchObject({ kind: "uwsgi", complete: true, configFiles: ["deploy/uwsgi.ini", "deploy/base.ini"] });
    expect(s!.workers?.value).toBe(8);
    expect(s!.timeout).toMatchObject({ value: 45, source: "flag" });
    expect(s!.bind).toMatchObject([{ value: null }]);
    expect(s!.target?.settingsModule?.name).toBe("app.settings.prod");
  });
});

describe("documented alternatives", () => {
  test("a commented-out ExecStart running runserver is reported one severity lower", async () => {
    const root = project({
      "deploy/app.service":
        "[Service]\nUser=app\nExecStart=/srv/venv/bin/gunicorn app.wsgi --workers 3\n#ExecStart=/srv/venv/bin/python /srv/app/manage.py runserver 0.0.0.0:8000\nRestart=on-failure\n",
    });
    const { findings } = await audit({ root });
    const as101 = findings.filter((f) => f.code === "AS101");
    expect(as101.map((f) => [f.span.line, f.severity])).toEqual([[4, "warning"]]);
  });
});

describe("wrappers and managers", () => {
  test("bash -lc is followed; a uWSGI emperor is not an app server, its vassal files are judged on their own", async () => {
    const [s] = await servers({ "deploy/app.service": "[Service]\nExecStart=/bin/bash -lc 'source /srv/venv/bin/activate && exec gunicorn app.wsgi --workers 2'\n" });
    expect(s).toMatchObject({ kind: "gunicorn", workers: { value: 2 } });
    const root = project({
      "deploy/emperor.service": "[Service]\nExecStart=/usr/bin/uwsgi --emperor /etc/uwsgi/vassals --uid www-data\n",
      "deploy/vassals/app.ini": "[uwsgi]\nmodule = app.wsgi:application\nprocesses = 2\n",
    });
    const { findings } = await audit({ root });
    expect(findings.filter((f) => f.code === "AS103")).toEqual([]);
    expect(findings.filter((f) => f.code === "AS110").map((f) => f.span.file)).toEqual(["deploy/vassals/app.ini"]);
  });
});

describe("paths a process names", () => {
  test("an absolute path is found by its unique tail in the repo", async () => {
    const [s] = await servers({
      "deploy/app.service": "[Service]\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/apps-enabled/app.ini\n",
      "deploy/uwsgi/apps-enabled/app.ini": "[uwsgi]\nmodule = app.wsgi:application\nprocesses = 3\n",
    });
    expect(s).toMatchObject({ complete: true, configFiles: ["deploy/uwsgi/apps-enabled/app.ini"], workers: { value: 3 } });
  });

  test("an ambiguous tail is not guessed", async () => {
    const [s] = await servers({
      "deploy/app.service": "[Service]\nExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n",
      "staging/uwsgi/app.ini": "[uwsgi]\nprocesses = 1\n",
      "production/uwsgi/app.ini": "[uwsgi]\nprocesses = 8\n",
    });
    expect(s).toMatchObject({ complete: false, configFiles: [], workers: null });
  });
});

describe("the model never throws", () => {
  test("odd but plausible deployment files", async () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T,>(xs: T[]): T => xs[rand(xs.length)]!;
    const words = ["gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "python", "-m", "manage.py", "runserver", "sh", "-c", "bash", "-lc", "env", "A=1", "--bind", "-b", "0.0.0.0:8000", "127.0.0.1", ":8000", "unix:/run/x.sock", "--workers", "-w", "4", "--ini", "u.ini", "app.ini", "-c", "gunicorn.conf.py", "python:conf", "--reload", "--timeout", "0", "$PORT", "${X}", "%h", '"a b"', "'c d'", "\\", "--proxy-headers", "--port", "--host", "--uds", "bin/start.sh", "poetry", "run", "exec", "&&", ";", "|"];
    for (let i = 0; i < 40; i++) {
      const cmd = Array.from({ length: 1 + rand(8) }, () => pick(words)).join(" ");
      const root = project({
        "deploy/app.service": `[Service]\nExecStart=${cmd}\nEnvironment=${pick(["GUNICORN_CMD_ARGS=--workers 2", "WEB_CONCURRENCY=x", "UWSGI_PROCESSES=2", "PORT=8000"])}\n`,
        "deploy/app.conf": `[program:a]\ncommand=${cmd}\nenvironment=${pick(['A="1",B=2', "C=%(ENV_X)s", "broken"])}\n`,
        "Procfile": `web: ${cmd}\n`,
        "u.ini": `[uwsgi]\n${pick(["ini = u.ini", "processes = %(x)", "socket = :8000", "stats = 0.0.0.0:1"])}\n`,
        "gunicorn.conf.py": pick(["workers = 2\n", "bind = ['0.0.0.0:1', ':2']\n", "reload = (\n", "import os\nworkers = int(os.environ['W'])\n"]),
        "bin/start.sh": `#!/bin/sh\n${cmd}\n`,
        "fly.toml": `app = "x"\n[processes]\napp = ${JSON.stringify(cmd)}\n`,
      });
      await expect(audit({ root }), cmd).resolves.toBeDefined();
    }
  });
});
