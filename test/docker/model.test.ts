import { describe, expect, test } from "vitest";
import { buildDocker, djangoProgram, expandDockerVars } from "../../src/model/docker.js";
import { scriptProcesses } from "../../src/model/scripts.js";
import type { Process, Word } from "../../src/model/types.js";
import { contextOf } from "./helpers.js";

const argv = (p: Process | null | undefined) => p?.argv.map((w) => w.text) ?? null;

async function imageOf(files: Record<string, string>) {
  const ctx = contextOf(files);
  const docker = await buildDocker(ctx);
  const image = docker.imageFor("Dockerfile");
  if (!image) throw new Error("no image");
  return { ctx, docker, image };
}

describe("docker model", () => {
  test("ENTRYPOINT script with exec \"$@\" hands off to CMD; script steps are processes", async () => {
    const { image } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]\n',
      "docker/entrypoint.sh": '#!/bin/sh\nset -e\npython manage.py migrate --noinput\nexec "$@"\n',
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]);
    expect(image.main).toMatchObject({ origin: "dockerfile", exec: true, shellForm: false, conditional: false, production: true });
    expect(image.main!.span.line).toBe(6);
    const migrate = image.processes.find((p) => p.argv[2]?.text === "migrate")!;
    expect(migrate).toMatchObject({ origin: "script", exec: false, container: true });
    expect(migrate.span).toMatchObject({ file: "docker/entrypoint.sh", line: 3 });
    expect(migrate.parent?.argv[0]?.text).toBe("/entrypoint.sh");
    expect(image.appImage).toBe(true);
  });

  test("exec gosu app \"$@\" is a privilege drop; the main argv is the server, not gosu", async () => {
    const { image, docker } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY docker/ /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["gunicorn", "config.wsgi"]\n',
      "docker/docker-entrypoint.sh": '#!/bin/bash\nexec gosu app "$@"\n',
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi"]);
    expect(docker.repoPath(image, "/usr/local/bin/docker-entrypoint.sh")).toBe("docker/docker-entrypoint.sh");
    expect(docker.repoPath(image, "/usr/local/bin/other.sh")).toBeNull();
    expect(image.privilegeDrop).toMatchObject({ file: "docker/docker-entrypoint.sh", line: 2, column: 6 });
    expect(image.user).toBeNull();
  });

  test("a project script named runserver is followed to what it starts", async () => {
    const { image } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY bin/runserver /usr/local/bin/runserver\nCMD ["runserver"]\n',
      "bin/runserver": "#!/bin/sh\nexec gunicorn config.wsgi --workers 3\n",
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi", "--workers", "3"]);
    const cmd = image.processes.find((p) => p.origin === "dockerfile")!;
    expect(cmd.argv.map((w) => w.raw)).toEqual(['"runserver"']);
    expect(djangoProgram(cmd.argv)).toBeNull();
  });

  test("runserver in a development branch is conditional and not production", async () => {
    const { image } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      "start.sh": '#!/bin/sh\nif [ "$DJANGO_ENV" = development ]; then\n  exec python manage.py runserver 0.0.0.0:8000\nfi\nexec gunicorn config.wsgi\n',
    });
    const runserver = image.processes.find((p) => p.argv[2]?.text === "runserver")!;
    expect(runserver).toMatchObject({ conditional: true, production: false, exec: true });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi"]);
  });

  test("the main command of a script is its last unconditional server, not a branch or an echo", async () => {
    const { image } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      "start.sh": '#!/bin/sh\nif [ "$1" = worker ]; then\n  exec celery -A config worker\nfi\npython manage.py migrate\ngunicorn config.wsgi\necho stopped\n',
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi"]);
    expect(image.main).toMatchObject({ exec: false, conditional: false, origin: "script" });
  });

  test("a case on $1 in the entrypoint takes the branch CMD or the compose command names", async () => {
    const { image, docker } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["web"]\n',
      "entrypoint.sh": '#!/bin/sh\nset -e\ncase "$1" in\n  web) python manage.py migrate --noinput; exec gunicorn config.wsgi ;;\n  worker) exec celery -A config worker ;;\n  *) exec "$@" ;;\nesac\n',
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi"]);
    expect(image.main).toMatchObject({ conditional: false, exec: true });
    expect(image.processes.map((p) => p.argv[0]?.text ?? p.argv[0]?.raw)).toEqual(["/entrypoint.sh", "python", "gunicorn"]);
    const span = { file: "docker-compose.yml", line: 9, column: 14, endLine: 9, endColumn: 22 };
    const worker = await docker.runImage(image, { command: [{ text: "worker", raw: "worker", span }], label: "compose service worker", span, production: true, container: true, env: [] });
    expect(argv(worker.main)).toEqual(["celery", "-A", "config", "worker"]);
    const other = await docker.runImage(image, { command: [{ text: "daphne", raw: "daphne", span }, { text: "config.asgi:application", raw: "config.asgi:application", span }], label: "compose service ws", span, production: true, container: true, env: [] });
    expect(argv(other.main)).toEqual(["daphne", "config.asgi:application"]);
  });

  test("shell-form CMD: commands through the shell, ENV values expanded", async () => {
    const { image } = await imageOf({
      Dockerfile: "FROM python:3.12-slim\nENV PORT=8000\nCMD python manage.py migrate && \\\n    gunicorn config.wsgi --bind 0.0.0.0:$PORT\n",
    });
    expect(argv(image.main)).toEqual(["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]);
    expect(image.main).toMatchObject({ shellForm: true, exec: false });
    expect(image.main!.span.line).toBe(4);
    expect(image.processes.map(argv)).toEqual([
      ["python", "manage.py", "migrate"],
      ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"],
    ]);
    expect(image.cmd?.shellForm).toBe(true);
  });

  test("ENTRYPOINT + CMD compose as docker does; tini is an init wrapper", async () => {
    const a = await imageOf({ Dockerfile: 'FROM python:3.12-slim\nENTRYPOINT ["tini", "--", "python", "manage.py"]\nCMD ["runserver", "0.0.0.0:8000"]\n' });
    expect(argv(a.image.main)).toEqual(["python", "manage.py", "runserver", "0.0.0.0:8000"]);
    const b = await imageOf({ Dockerfile: 'FROM python:3.12-slim\nCMD ["celery", "worker"]\nFROM 0\nENTRYPOINT ["gunicorn"]\n' });
    expect(b.image.cmd).toBeNull();
    expect(argv(b.image.main)).toEqual(["gunicorn"]);
  });

  test("runImage applies compose/k8s overrides: command replaces CMD, entrypoint drops CMD", async () => {
    const { docker, image } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "config.wsgi"]\n',
      "entrypoint.sh": '#!/bin/sh\npython manage.py migrate\nexec "$@"\n',
    });
    const span = { file: "docker-compose.yml", line: 5, column: 5, endLine: 5, endColumn: 40 };
    const w = (text: string, column: number): Word => ({ text, raw: text, span: { ...span, column, endColumn: column + text.length } });
    const base = { label: "compose service worker", span, production: true, container: true, env: [] };
    const worker = await docker.runImage(image, { ...base, command: [w("celery", 14), w("-A", 21), w("config", 24), w("worker", 31)] });
    expect(argv(worker.main)).toEqual(["celery", "-A", "config", "worker"]);
    expect(worker.main).toMatchObject({ origin: "compose", label: "compose service worker", exec: true });
    expect(worker.processes.some((p) => p.argv[2]?.text === "migrate")).toBe(true);
    const direct = await docker.runImage(image, { ...base, entrypoint: [w("daphne", 18), w("config.asgi:application", 25)] });
    expect(argv(direct.main)).toEqual(["daphne", "config.asgi:application"]);
    expect(direct.processes).toHaveLength(1);
  });

  test("stages, inherited ENV, ARG defaults and ${VAR:-x}", async () => {
    const { image, docker } = await imageOf({
      Dockerfile:
        "ARG PY=3.12\nFROM python:${PY}-slim AS base\nARG SETTINGS=config.settings.production\nENV DJANGO_SETTINGS_MODULE=${SETTINGS} DEBUG=${DEBUG:-0} PATH=/venv/bin:$PATH\nUSER app\n\nFROM base\nHEALTHCHECK NONE\nCMD [\"gunicorn\", \"config.wsgi\"]\n",
    });
    expect(image.stages.map((s) => [s.baseName, s.baseTag, s.parentStage])).toEqual([
      ["python", "3.12-slim", null],
      [null, null, 0],
    ]);
    expect(image.lineage).toEqual([1, 0]);
    expect(image.env?.entries.map((e) => [e.name, e.value, e.literal])).toEqual([
      ["DJANGO_SETTINGS_MODULE", "config.settings.production", false],
      ["DEBUG", "0", true],
      ["PATH", null, false],
    ]);
    expect(image.user?.name).toBe("app");
    expect(image.healthcheck).toBeNull();
    expect(docker.targets).toHaveLength(1);
    expect(docker.targets[0]).toMatchObject({ kind: "dockerfile", dockerfile: "Dockerfile", production: true, settingsModule: { name: "config.settings.production" } });
  });

  test("su -c drops privileges and runs its command; ./manage.py is Django; a Python script is not parsed as shell", async () => {
    const a = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      "start.sh": '#!/bin/sh\nexec su app -c "gunicorn config.wsgi --workers 2"\n',
    });
    expect(argv(a.image.main)).toEqual(["gunicorn", "config.wsgi", "--workers", "2"]);
    expect(a.image.privilegeDrop).toMatchObject({ file: "start.sh", line: 2, column: 6 });
    const b = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["./manage.py", "qcluster"]\n',
      "manage.py": "#!/usr/bin/env python\nimport os, sys\nif __name__ == '__main__':\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n",
    });
    expect(argv(b.image.main)).toEqual(["./manage.py", "qcluster"]);
    expect(djangoProgram(b.image.main!.argv)).toBe("manage.py");
    expect(b.ctx.errors).toEqual([]);
  });

  test("odd Dockerfiles give a partial model, never an exception", async () => {
    const odd = [
      "",
      "ARG ONLY=1\n",
      "FROM\n",
      "FROM python:3.12\nCMD []\nENTRYPOINT\nCOPY\nUSER\nWORKDIR\nRUN\n",
      "FROM python:3.12 AS a\nFROM a AS b\nFROM b\nCOPY --from=c /x /y\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
      'FROM python:3.12\nCOPY loop.sh /loop.sh\nCMD ["/loop.sh"]\n',
      "FROM python:3.12\nRUN <<EOF\nunterminated\n",
      "FROM python:3.12\nCMD [\"sh\", \"-c\"]\nENTRYPOINT [\"bash\", \"-c\", \"if then\"]\n",
    ];
    for (const text of odd) {
      const ctx = contextOf({ Dockerfile: text, "loop.sh": '#!/bin/sh\nexec /loop.sh "$@"\n' });
      await expect(buildDocker(ctx)).resolves.toBeDefined();
    }
  });

  test("the standalone target's settings module: the main command's own assignment wins over ENV", async () => {
    const { docker } = await imageOf({
      Dockerfile: 'FROM python:3.12-slim\nENV DJANGO_SETTINGS_MODULE=config.settings.base\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      "start.sh": "#!/bin/sh\nDJANGO_SETTINGS_MODULE=config.settings.production exec gunicorn config.wsgi\n",
    });
    expect(docker.targets[0]?.settingsModule).toMatchObject({ name: "config.settings.production", span: { file: "start.sh", line: 2 } });
  });

  test("expandDockerVars follows the builder's rules", () => {
    const vars = new Map<string, string | null>([
      ["A", "1"],
      ["E", ""],
      ["U", null],
    ]);
    expect(expandDockerVars("$A-${A}", vars)).toBe("1-1");
    expect(expandDockerVars("${E:-d} ${E-d} ${X:-d} ${A:+set} ${X:+set}", vars)).toBe("d  d set ");
    expect(expandDockerVars("${U:-d}", vars)).toBeNull();
    expect(expandDockerVars("$X", vars)).toBeNull();
    expect(expandDockerVars("\\$A", vars)).toBe("$A");
  });

  test("a .dockerignore is judged for .env and .git, last match winning", async () => {
    const files = { Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["gunicorn", "x.wsgi"]\n' };
    expect((await imageOf({ ...files, ".dockerignore": ".git\n.env*\n!.env\n" })).image.dockerignore).toEqual({ file: ".dockerignore", excludesEnv: false, excludesGit: true });
    expect((await imageOf({ ...files, ".dockerignore": "*\n!src\n" })).image.dockerignore).toEqual({ file: ".dockerignore", excludesEnv: true, excludesGit: true });
    expect((await imageOf(files)).image.dockerignore).toBeNull();
  });
});

describe("scriptProcesses", () => {
  test("the commands of a repo script, each with its parent, exec flag and branch", async () => {
    const ctx = contextOf({ "bin/start.sh": '#!/bin/sh\npython manage.py collectstatic --noinput\nif [ "$1" = web ]; then\n  exec gunicorn config.wsgi\nfi\n' });
    const parent: Process = {
      origin: "systemd",
      argv: [],
      span: { file: "deploy/app.service", line: 7, column: 1, endLine: 7, endColumn: 40 },
      label: "ExecStart in deploy/app.service",
      container: false,
      production: true,
      conditional: false,
      shellForm: false,
      exec: null,
      env: [],
    };
    const ps = await scriptProcesses(ctx, "bin/start.sh", parent);
    expect(ps.map((p) => [argv(p)?.join(" "), p.exec, p.conditional, p.origin, p.parent === parent])).toEqual([
      ["python manage.py collectstatic --noinput", false, false, "script", true],
      ["gunicorn config.wsgi", true, true, "script", true],
    ]);
    expect(await scriptProcesses(ctx, "bin/missing.sh", parent)).toEqual([]);
  });
});
