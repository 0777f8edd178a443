import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DC103",
  name: "depends-on-without-health",
  area: "compose",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    started:
      "Service {service} depends on {datastore} service {dependency} {how}: compose starts {service} as soon as the {dependency} container exists, before the database accepts connections, so migrations and the first requests fail with connection refused.",
  },
  docs: {
    summary: "A service `depends_on` a Postgres/MySQL/MariaDB service without `condition: service_healthy`, and nothing in its command or entrypoint waits for the database.",
    why:
      "`depends_on` in its short form (or with `condition: service_started`) only orders container creation. Postgres needs seconds to initialise — much longer on the first start, when it creates the cluster — and MySQL even more. An entrypoint that runs `manage.py migrate` then exits with `could not connect to server`, the container restarts (or stays down without a restart policy), and a fresh deployment or a host reboot turns into a crash loop whose outcome depends on timing.",
    fix:
      "Give the database a healthcheck and wait for it:\n\n```yaml\nservices:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U $$POSTGRES_USER\"]\n      interval: 5s\n      retries: 10\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n```\n\nAlternatively wait in the entrypoint (`wait-for-it db:5432 --`, `dockerize -wait tcp://db:5432`, a `pg_isready -h db` loop). Either way, also set a restart policy: the database can go away later too.",
    bad: [
      {
        path: "docker-compose.yml",
        code: "services:\n  db:\n    image: postgres:16\n  web:\n    image: python:3.12-slim\n    command: gunicorn config.wsgi:application --bind 0.0.0.0:8000\n    depends_on:\n      - db\n",
      },
    ],
    good: [
      {
        path: "docker-compose.yml",
        code:
          "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n  web:\n    image: python:3.12-slim\n    command: gunicorn config.wsgi:application --bind 0.0.0.0:8000\n    depends_on:\n      db:\n        condition: service_healthy\n",
      },
    ],
    limits:
      "Only dependencies on Postgres, MySQL and MariaDB services (by image or Dockerfile base) are judged. A wait is recognised in the service's command, its image's entrypoint script or an `sh -c` string: wait-for-it, wait-for, wait4x, dockerize, pg_isready, nc/netcat, mysqladmin or a `*wait*` script naming the database host, and `manage.py wait_for_db`-style commands; a wait whose host comes from an Unknown variable counts as waiting. Waits inside application code (a retry loop in settings or an AppConfig) are not visible.",
    references: [
      { title: "Docker: control startup order in Compose", url: "https://docs.docker.com/compose/how-tos/startup-order/" },
      { title: "Compose file reference: depends_on", url: "https://docs.docker.com/reference/compose-file/services/#depends_on" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    for (const svc of model.compose.services) {
      if (!svc.production) continue;
      for (const dep of svc.dependsOn) {
        if (dep.condition === "service_healthy" || dep.waited) continue;
        const target = model.compose.services.find((s) => s.project === svc.project && s.name === dep.service);
        if (!target || (target.datastore !== "postgres" && target.datastore !== "mysql" && target.datastore !== "mariadb")) continue;
        const how = dep.condition === null ? "without a health condition" : `with condition ${dep.condition}`;
        report({ messageId: "started", data: { service: svc.name, datastore: target.datastore, dependency: dep.service, how }, span: dep.span, related: [{ span: target.span, message: `${target.datastore} service ${target.name}` }] });
      }
    }
  },
});
