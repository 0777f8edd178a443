import { describe, expect, test } from "vitest";
import { interpolate } from "../../src/model/compose.js";
import type { Span } from "../../src/parse/span.js";
import { auditFiles } from "./helpers.js";

const at: Span = { file: "docker-compose.yml", line: 1, column: 1, endLine: 1, endColumn: 1 };

async function services(files: Record<string, string>) {
  const { model } = await auditFiles(files);
  return model.compose;
}

describe("interpolation", () => {
  test("a literal stays a literal; $$ is a dollar", () => {
    expect(interpolate("plain", at)).toMatchObject({ text: "plain", vars: [], whenUnset: "plain" });
    expect(interpolate("a$$b", at)).toMatchObject({ text: "a$b", vars: [] });
  });

  test("${VAR:-default} is from the environment, with its default", () => {
    const v = interpolate("${DEBUG:-0}", at);
    expect(v.text).toBeNull();
    expect(v.vars).toEqual([{ name: "DEBUG", default: "0" }]);
    expect(v.whenUnset).toBe("0");
  });

  test("${VAR}, $VAR and ${VAR:?err} have no default", () => {
    expect(interpolate("${A}", at)).toMatchObject({ text: null, whenUnset: null, vars: [{ name: "A", default: null }] });
    expect(interpolate("x$B", at)).toMatchObject({ text: null, vars: [{ name: "B", default: null }] });
    expect(interpolate("${C:?set C}", at)).toMatchObject({ text: null, whenUnset: null });
  });

  test("several variables and nested defaults", () => {
    const v = interpolate("postgres://${U:-app}:${P}@${H:-${FALLBACK:-db}}/x", at);
    expect(v.vars.map((x) => x.name)).toEqual(["U", "P", "H"]);
    expect(v.whenUnset).toBeNull();
    expect(interpolate("${H:-${FALLBACK:-db}}:5432", at).whenUnset).toBe("db:5432");
  });
});

describe("ports", () => {
  test("short and long forms, host IPs, protocols and spans", async () => {
    const c = await services({
      "docker-compose.yml":
        "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"\n      - 6543:5432/udp\n      - \"5432\"\n      - \"[::1]:15432:5432\"\n      - \"${BIND}:1:2\"\n      - target: 80\n        published: \"8080\"\n        host_ip: 0.0.0.0\n        protocol: tcp\n",
    });
    const ports = c.services[0]!.ports;
    expect(ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.protocol, p.loopback, p.hostIpUnknown])).toEqual([
      ["127.0.0.1", "5432", "5432", "tcp", true, false],
      [null, "6543", "5432", "udp", false, false],
      [null, null, "5432", "tcp", false, false],
      ["::1", "15432", "5432", "tcp", true, false],
      [null, "1", "2", "tcp", false, true],
      ["0.0.0.0", "8080", "80", "tcp", false, false],
    ]);
    expect(ports[0]!.span).toMatchObject({ line: 5, column: 9, endLine: 5, endColumn: 30 });
    expect(ports[5]!.span).toMatchObject({ line: 10, column: 9, endLine: 13 });
    expect(ports[5]!.display).toBe("0.0.0.0:8080:80");
  });
});

describe("environment", () => {
  test("map and list forms, pass-through, interpolation; spans per entry", async () => {
    const c = await services({
      "docker-compose.yml":
        "services:\n  web:\n    image: app:1\n    environment:\n      DEBUG: \"0\"\n      WORKERS: 4\n      SECRET_KEY: ${SECRET_KEY}\n      PASSTHROUGH:\n  worker:\n    image: app:1\n    environment:\n      - A=1\n      - B=${B:-x}\n      - C\n",
    });
    const [web, worker] = c.services;
    expect(web!.environment.map((e) => [e.name, e.value, e.literal, e.span.line])).toEqual([
      ["DEBUG", "0", true, 5],
      ["WORKERS", "4", true, 6],
      ["SECRET_KEY", null, false, 7],
      ["PASSTHROUGH", null, false, 8],
    ]);
    expect(worker!.environment.map((e) => [e.name, e.value, e.literal])).toEqual([
      ["A", "1", true],
      ["B", null, false],
      ["C", null, false],
    ]);
    expect(worker!.environment[1]!.span).toMatchObject({ line: 13, column: 9, endColumn: 18 });
    expect(worker!.environment[1]!.interpolation).toMatchObject({ vars: [{ name: "B", default: "x" }], whenUnset: "x" });
    expect(web!.environment[2]!.interpolation).toMatchObject({ vars: [{ name: "SECRET_KEY", default: null }], whenUnset: null });
    expect(web!.environment[0]!.interpolation).toBeNull();
  });

  test("env_file: committed files are read, missing ones make the env incomplete; environment wins", async () => {
    const c = await services({
      "deploy/docker-compose.yml":
        "services:\n  web:\n    image: python:3.12\n    command: gunicorn config.wsgi\n    env_file:\n      - ./web.env\n      - path: ./secret.env\n        required: false\n    environment:\n      MODE: compose\n",
      "deploy/web.env": "MODE=file\nDJANGO_SETTINGS_MODULE=config.settings.production\n",
    });
    const web = c.services[0]!;
    expect(web.envFiles.map((f) => [f.repoPath, f.committed, f.required])).toEqual([
      ["deploy/web.env", true, true],
      ["deploy/secret.env", false, false],
    ]);
    expect(web.envFiles[0]!.source.entries.map((e) => [e.name, e.span.file, e.span.line])).toEqual([
      ["MODE", "deploy/web.env", 1],
      ["DJANGO_SETTINGS_MODULE", "deploy/web.env", 2],
    ]);
    const t = web.target!;
    expect(t.envComplete).toBe(false);
    expect(t.settingsModule?.name).toBe("config.settings.production");
    expect(t.env.map((s) => s.kind)).toEqual(["compose-env-file", "compose-env-file", "compose-environment"]);
    const mode = t.env.flatMap((s) => s.entries).filter((e) => e.name === "MODE").pop();
    expect(mode?.value).toBe("compose");
  });
});

describe("anchors, extends and include", () => {
  test("restart and logging inherited through anchors and extends", async () => {
    const c = await services({
      "docker-compose.yml":
        "x-base: &base\n  restart: unless-stopped\n  logging:\n    options:\n      max-size: 10m\nservices:\n  app:\n    <<: *base\n    image: app:1\n  web:\n    extends: app\n    command: gunicorn config.wsgi\n  other:\n    extends:\n      file: compose.common.yml\n      service: base\n",
      "compose.common.yml": "services:\n  base:\n    image: app:1\n    restart: always\n",
    });
    const byName = new Map(c.services.filter((s) => s.file === "docker-compose.yml").map((s) => [s.name, s]));
    expect(byName.get("app")!.restart).toMatchObject({ value: "unless-stopped", span: { line: 2 } });
    expect(byName.get("web")!.restart?.value).toBe("unless-stopped");
    expect(byName.get("web")!.logging?.maxSize).toBe(true);
    expect(byName.get("web")!.image?.text).toBe("app:1");
    expect(byName.get("other")!.restart).toMatchObject({ value: "always", span: { file: "compose.common.yml", line: 4 } });
  });

  test("an extends that cannot be read leaves the service incomplete", async () => {
    const c = await services({ "docker-compose.yml": "services:\n  web:\n    extends:\n      file: not-here.yml\n      service: base\n" });
    expect(c.services[0]!.complete).toBe(false);
  });

  test("included files belong to the includer's project and share its classification", async () => {
    const c = await services({
      "compose.yaml": "include:\n  - db/compose.db.yaml\nservices:\n  web:\n    image: app:1\n    depends_on: [db]\n",
      "db/compose.db.yaml": "services:\n  db:\n    image: postgres:16\n",
      "compose.dev.yaml": "include:\n  - path: [db/compose.dev-db.yaml]\nservices:\n  web:\n    image: app:1\n",
      "db/compose.dev-db.yaml": "services:\n  devdb:\n    image: postgres:16\n",
    });
    const db = c.services.find((s) => s.name === "db")!;
    expect(db.project).toBe("compose.yaml");
    expect(db.production).toBe(true);
    expect(c.files.find((f) => f.path === "db/compose.db.yaml")!.includedBy).toBe("compose.yaml");
    const devdb = c.services.find((s) => s.name === "devdb")!;
    expect(devdb.project).toBe("compose.dev.yaml");
    expect(devdb.production).toBe(false);
  });
});

describe("production vs development", () => {
  test("by file name", async () => {
    const files: Record<string, string> = {};
    const names = ["docker-compose.yml", "compose.yaml", "docker-compose.prod.yml", "production.compose.yml", "docker-compose.dev.yml", "compose.override.yaml", "docker-compose.local.yml", "docker-compose.test.yml", "docker-compose.latest.yml"];
    for (const n of names) files[n] = "services:\n  web:\n    image: app:1\n";
    const c = await services(files);
    const prod = Object.fromEntries(c.files.map((f) => [f.path, f.production]));
    expect(prod).toEqual({
      "docker-compose.yml": true,
      "compose.yaml": true,
      "docker-compose.prod.yml": true,
      "production.compose.yml": true,
      "docker-compose.dev.yml": false,
      "compose.override.yaml": false,
      "docker-compose.local.yml": false,
      "docker-compose.test.yml": false,
      "docker-compose.latest.yml": true,
    });
  });

  test("by directory", async () => {
    const c = await services({
      ".devcontainer/docker-compose.yml": "services:\n  web:\n    image: app:1\n",
      "tests/e2e/compose.yaml": "services:\n  web:\n    image: app:1\n",
      "deploy/production/compose.yaml": "services:\n  web:\n    image: app:1\n",
    });
    expect(Object.fromEntries(c.files.map((f) => [f.path, f.devReason]))).toEqual({
      ".devcontainer/docker-compose.yml": 'it lives in a development directory (".devcontainer/")',
      "tests/e2e/compose.yaml": 'it lives in a development directory ("tests/")',
      "deploy/production/compose.yaml": null,
    });
  });

  test("services that only start under development profiles", async () => {
    const c = await services({
      "docker-compose.yml": "services:\n  web:\n    image: app:1\n  mail:\n    image: mailhog/mailhog:v1.0.1\n    profiles: [dev]\n  both:\n    image: app:1\n    profiles: [debug, prod]\n",
    });
    expect(c.services.map((s) => [s.name, s.devProfile, s.production])).toEqual([
      ["web", false, true],
      ["mail", true, false],
      ["both", false, true],
    ]);
  });

  test("by content: dev settings in every app service, or runserver on a source bind mount", async () => {
    const c = await services({
      "manage.py": "import sys\n",
      "docker-compose.yml": "services:\n  web:\n    image: python:3.12\n    command: python manage.py runserver 0.0.0.0:8000\n    volumes:\n      - .:/app\n  db:\n    image: postgres:16\n",
      "ops/docker-compose.yml": "services:\n  web:\n    image: python:3.12\n    command: gunicorn config.wsgi\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.local\n",
      "prod/docker-compose.yml": "services:\n  web:\n    image: python:3.12\n    command: gunicorn config.wsgi\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n  worker:\n    image: python:3.12\n    command: celery -A config worker\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.dev\n",
    });
    const prod = Object.fromEntries(c.files.map((f) => [f.path, f.production]));
    expect(prod).toEqual({ "docker-compose.yml": false, "ops/docker-compose.yml": false, "prod/docker-compose.yml": true });
    expect(c.processes.filter((p) => p.label.includes("(docker-compose.yml)")).every((p) => !p.production)).toBe(true);
  });
});

describe("what a service runs", () => {
  test("build: runs the Dockerfile's image with compose overrides; image: of a built name counts too", async () => {
    const { model } = await auditFiles({
      "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"gunicorn\", \"config.wsgi:application\", \"--bind\", \"0.0.0.0:8000\"]\n",
      "docker-compose.yml":
        "services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    image: shop-web\n    user: \"1000:1000\"\n    deploy:\n      replicas: 3\n  worker:\n    image: shop-web\n    command: [\"celery\", \"-A\", \"config\", \"worker\"]\n  db:\n    image: postgres:16\n",
    });
    const c = model.compose;
    const web = c.services.find((s) => s.name === "web")!;
    const worker = c.services.find((s) => s.name === "worker")!;
    expect(web.dockerfile).toBe("Dockerfile");
    expect(web.main?.argv.map((w) => w.text)).toEqual(["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]);
    expect(web.role).toBe("web");
    expect(web.target).toMatchObject({ kind: "compose-service", replicas: 3, container: true, dockerfile: "Dockerfile", runAsUser: { name: "1000" } });
    expect(worker.dockerfile).toBe("Dockerfile");
    expect(worker.role).toBe("worker");
    expect(worker.main).toMatchObject({ origin: "compose", argv: [{ text: "celery" }, { text: "-A" }, { text: "config" }, { text: "worker" }] });
    expect(worker.main!.argv[3]!.span).toMatchObject({ line: 12, column: 41, endColumn: 49 });
    const db = c.services.find((s) => s.name === "db")!;
    expect([db.role, db.datastore, db.target]).toEqual(["datastore", "postgres", null]);
    expect(c.usedDockerfiles).toEqual(["Dockerfile"]);
    expect(model.targets.filter((t) => t.kind === "compose-service").map((t) => t.id).sort()).toEqual(["compose:docker-compose.yml:web", "compose:docker-compose.yml:worker"]);
  });

  test("a command string keeps word spans; sh -c is parsed; compose $$ reaches the shell as $", async () => {
    const c = await services({
      "docker-compose.yml": "services:\n  web:\n    image: python:3.12\n    command: sh -c \"python manage.py migrate && exec gunicorn config.wsgi --bind 0.0.0.0:$$PORT\"\n",
    });
    const web = c.services[0]!;
    expect(web.command!.words.map((w) => w.text)).toEqual(["sh", "-c", "python manage.py migrate && exec gunicorn config.wsgi --bind 0.0.0.0:$PORT"]);
    expect(web.command!.words[0]!.span).toMatchObject({ line: 4, column: 14, endColumn: 16 });
    expect(web.processes.map((p) => p.argv[0]?.text)).toEqual(["sh", "python", "gunicorn"]);
    expect(web.main?.argv[0]?.text).toBe("gunicorn");
    expect(web.main?.exec).toBe(true);
  });

  test("depends_on short and long forms, and visible waits", async () => {
    const c = await services({
      "docker-compose.yml":
        "services:\n  db:\n    image: postgres:16\n  web:\n    image: app:1\n    command: [\"wait-for-it\", \"db:5432\", \"--\", \"gunicorn\", \"config.wsgi\"]\n    depends_on: [db]\n  worker:\n    image: app:1\n    depends_on:\n      db:\n        condition: service_healthy\n",
    });
    const web = c.services.find((s) => s.name === "web")!;
    const worker = c.services.find((s) => s.name === "worker")!;
    expect(web.dependsOn).toMatchObject([{ service: "db", condition: null, waited: true, span: { line: 7 } }]);
    expect(web.main?.argv[0]?.text).toBe("gunicorn");
    expect(worker.dependsOn).toMatchObject([{ service: "db", condition: "service_healthy", waited: false, span: { line: 11 } }]);
  });

  test("volumes: binds, named volumes, source code, docker socket", async () => {
    const c = await services({
      "src/manage.py": "import sys\n",
      "docker-compose.yml":
        "services:\n  web:\n    image: app:1\n    volumes:\n      - ./src:/app\n      - media:/app/media\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./nginx.conf:/etc/nginx/nginx.conf\n      - type: bind\n        source: .\n        target: /code\n      - /tmp\n",
    });
    const v = c.services[0]!.volumes;
    expect(v.map((x) => [x.kind, x.source, x.repoPath, x.sourceCode, x.dockerSocket, x.readOnly])).toEqual([
      ["bind", "./src", "src", true, false, false],
      ["volume", "media", null, false, false, false],
      ["bind", "/var/run/docker.sock", null, false, true, true],
      ["bind", "./nginx.conf", "nginx.conf", false, false, false],
      ["bind", ".", "", true, false, false],
      ["volume", null, null, false, false, false],
    ]);
  });
});

describe("notes", () => {
  test("development compose files are listed as not judged, with the reason", async () => {
    const { model } = await auditFiles({
      "compose.yaml": "include:\n  - compose.db.yaml\nservices:\n  web:\n    image: app:1\n",
      "compose.db.yaml": "services:\n  db:\n    image: postgres:16\n",
      "docker-compose.dev.yml": "services:\n  web:\n    image: app:1\n",
    });
    expect(model.skipped.filter((s) => s.reason.startsWith("development compose file"))).toEqual([
      { path: "docker-compose.dev.yml", reason: 'development compose file: its name marks it as development ("dev"); no production findings' },
    ]);
  });
});

describe("healthchecks", () => {
  test("the URL a healthcheck requests, disabled healthchecks", async () => {
    const c = await services({
      "docker-compose.yml":
        "services:\n  web:\n    image: app:1\n    healthcheck:\n      test: [\"CMD\", \"curl\", \"-fsS\", \"http://localhost:8000/healthz/?full=1\"]\n  api:\n    image: app:1\n    healthcheck:\n      test: wget -qO- http://127.0.0.1:8000 || exit 1\n  worker:\n    image: app:1\n    healthcheck:\n      disable: true\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"NONE\"]\n",
    });
    const hc = Object.fromEntries(c.services.map((s) => [s.name, s.healthcheck && { disabled: s.healthcheck.disabled, url: s.healthcheck.url && { host: s.healthcheck.url.host, path: s.healthcheck.url.path, line: s.healthcheck.url.span.line } }]));
    expect(hc).toEqual({
      web: { disabled: false, url: { host: "localhost:8000", path: "/healthz/?full=1", line: 5 } },
      api: { disabled: false, url: { host: "127.0.0.1:8000", path: "/", line: 9 } },
      worker: { disabled: true, url: null },
      db: { disabled: true, url: null },
    });
  });
});
