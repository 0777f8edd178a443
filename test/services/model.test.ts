import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildModel } from "../../src/model/build.js";
import { discover } from "../../src/discover/walk.js";
import { loadConfig } from "../../src/config/load.js";
import { envLookup } from "../../src/model/types.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function model(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "shipshape-services-"));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { mode: 0o755 });
  }
  const { files: found, skipped } = discover(root, {});
  return buildModel(root, found, skipped, loadConfig(root, undefined, { resolve: () => undefined, codes: [] }).config);
}

describe("systemd targets", () => {
  test("Environment= then a committed EnvironmentFile= (found under WorkingDirectory=); settings module from the env", async () => {
    const m = await model({
      "deploy/app.service":
        "[Service]\nWorkingDirectory=/srv/app\nEnvironment=DJANGO_SETTINGS_MODULE=app.settings.base WEB_CONCURRENCY=2\nEnvironmentFile=/srv/app/deploy/app.env\nExecStart=/srv/venv/bin/gunicorn app.wsgi\n",
      "deploy/app.env": "DJANGO_SETTINGS_MODULE=app.settings.production\n",
    });
    const t = m.targets.find((x) => x.kind === "systemd")!;
    expect(t).toMatchObject({ container: false, production: true, envComplete: true, platform: null });
    expect(t.env.map((e) => [e.kind, e.committed])).toEqual([
      ["systemd-environment", true],
      ["systemd-environment-file", true],
    ]);
    expect(envLookup(t, "WEB_CONCURRENCY")?.value).toBe("2");
    expect(t.settingsModule?.name).toBe("app.settings.production");
  });

  test("an EnvironmentFile= outside the repo (with or without `-`) leaves the env incomplete", async () => {
    const m = await model({ "deploy/app.service": "[Service]\nEnvironmentFile=-/etc/app/env\nExecStart=/srv/venv/bin/gunicorn app.wsgi\n" });
    expect(m.targets.find((x) => x.kind === "systemd")!.envComplete).toBe(false);
  });

  test("ExecStart running a repo script: the script's server is the main process; oneshot units make no target", async () => {
    const m = await model({
      "deploy/app.service": "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/bin/start.sh\n",
      "deploy/migrate.service": "[Service]\nType=oneshot\nExecStart=/srv/venv/bin/python /srv/app/manage.py migrate\n",
      "bin/start.sh": "#!/bin/sh\nset -e\npython manage.py collectstatic --noinput\nexec gunicorn app.wsgi --workers 3\n",
    });
    const targets = m.targets.filter((x) => x.kind === "systemd");
    expect(targets).toHaveLength(1);
    expect(targets[0]!.main?.argv.map((w) => w.text)).toEqual(["gunicorn", "app.wsgi", "--workers", "3"]);
    expect(targets[0]!.main?.exec).toBe(true);
  });
});

describe("supervisor targets", () => {
  test("programs in an included file inherit [supervisord] user=; %(ENV_X)s is Unknown", async () => {
    const m = await model({
      "deploy/supervisord.conf": "[supervisord]\nuser=app\n\n[include]\nfiles = conf.d/*.conf\n",
      "deploy/conf.d/web.conf": "[program:web]\ncommand=gunicorn app.wsgi --workers %(ENV_WORKERS)s\nenvironment=A=\"1\",B='two words'\n",
    });
    const p = m.services.programs.find((x) => x.name === "web")!;
    expect(p).toMatchObject({ supervisordRoot: false, image: null });
    expect(p.target?.main?.argv.map((w) => w.text)).toEqual(["gunicorn", "app.wsgi", "--workers", null]);
    expect(p.target?.env[0]?.entries.map((e) => [e.name, e.value])).toEqual([
      ["A", "1"],
      ["B", "two words"],
    ]);
  });

  test("a conf copied into an image runs in a container as the image's user", async () => {
    const m = await model({
      "Dockerfile": "FROM python:3.12-slim\nCOPY deploy/ /etc/supervisor/\nCMD [\"supervisord\", \"-n\"]\n",
      "deploy/web.conf": "[program:web]\ncommand=gunicorn app.wsgi\n",
    });
    const p = m.services.programs[0]!;
    expect(p.image?.file).toBe("Dockerfile");
    expect(p.supervisordRoot).toBe(true);
    expect(p.target?.container).toBe(true);
  });
});

describe("platform targets", () => {
  test("Procfile: one target per long-running type, release shipped with each, platform env, app.json env and formation", async () => {
    const m = await model({
      "Procfile": "release: python manage.py migrate\nweb: gunicorn app.wsgi\nworker: celery -A app worker\n",
      "app.json": '{\n  "env": { "DJANGO_SETTINGS_MODULE": "app.settings.heroku" },\n  "formation": { "web": { "quantity": 2 } }\n}\n',
    });
    const targets = m.targets.filter((t) => t.kind === "procfile");
    expect(targets.map((t) => [t.label, t.replicas, t.platform, t.container])).toEqual([
      ["web process in Procfile", 2, "heroku", true],
      ["worker process in Procfile", null, "heroku", true],
    ]);
    const web = targets[0]!;
    expect(web.processes.map((p) => p.argv[0]?.text)).toEqual(["gunicorn", "python"]);
    expect(envLookup(web, "PORT")).toMatchObject({ value: null });
    expect(web.settingsModule?.name).toBe("app.settings.heroku");
    expect(m.services.platforms).toMatchObject([{ file: "Procfile", platform: "heroku" }]);
  });

  test("fly.toml without [processes] runs the Dockerfile's command; force_https and checks are kept", async () => {
    const m = await model({
      "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"app.wsgi\", \"--bind\", \"0.0.0.0:8080\"]\n",
      "fly.toml": 'app = "shop"\n\n[env]\n  DJANGO_SETTINGS_MODULE = "app.settings.fly"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n\n[[http_service.checks]]\n  path = "/healthz"\n',
    });
    const fly = m.targets.find((t) => t.kind === "fly")!;
    expect(fly.main?.argv.map((w) => w.text)).toEqual(["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8080"]);
    expect(fly.settingsModule?.name).toBe("app.settings.fly");
    expect(m.services.platforms.find((p) => p.platform === "fly")).toMatchObject({ forceHttps: { value: true }, checks: [{ line: 10 }] });
  });
});

describe("supervisor confs swept into an image", () => {
  test("an image that copies the repo but runs gunicorn directly does not make the supervisor conf a container", async () => {
    const m = await model({
      "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nUSER app\nCMD [\"gunicorn\", \"app.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n",
      "deploy/supervisor/web.conf": "[program:web]\ncommand=/srv/venv/bin/gunicorn app.wsgi --access-logfile /var/log/web.log\n",
    });
    const p = m.services.programs[0]!;
    expect(p.image).toBeNull();
    expect(p.supervisordRoot).toBe(true);
    expect(p.target?.container).toBe(false);
  });
});
